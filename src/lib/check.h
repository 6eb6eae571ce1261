/* check.h -- `sheaf check`: what the container, package and document checks share
 * SPDX-License-Identifier: MIT
 *
 * The check reads any EPUB with libzip and libxml2. Entries are read within caps (size,
 * compression ratio, total), XML never loads a DTD, never expands an external entity, never
 * touches the network. Problems are reported with EPUBCheck's message ids and positions. */
#ifndef SHEAF_CHECK_H
#define SHEAF_CHECK_H

#include <libxml/tree.h>
#include <stdint.h>
#include <zip.h>

#include "buf.h"
#include "sheaf.h"
#include "strmap.h"

/* Caps on what the check reads from one archive. */
#define CHECK_MAX_ENTRIES 20000
#define CHECK_MAX_XML_BYTES ((zip_uint64_t)64 << 20)
#define CHECK_MAX_TOTAL_BYTES ((zip_uint64_t)512 << 20)
#define CHECK_MAX_RATIO 1000 /* uncompressed / compressed, for entries over 1 MiB */
#define CHECK_SNIFF_BYTES 65536

/* Manifest properties the check compares (what an item declares, what its content needs). */
#define CHK_SVG (1u << 0)
#define CHK_MATHML (1u << 1)
#define CHK_SCRIPTED (1u << 2)
#define CHK_REMOTE (1u << 3)
#define CHK_NAV (1u << 4)
#define CHK_COVER (1u << 5)

typedef struct chk_item {
  char *id;
  char *href;
  char *path; /* the zip entry it names, resolved and normalised; NULL when it leaves the root */
  char *type;
  char *fallback;
  unsigned declared; /* CHK_* from its properties attribute */
  unsigned needed;   /* CHK_* its content needs */
  unsigned line;
  int in_spine;
  int exists;
} chk_item;

/* A fragment a document points at in another (or the same) document: checked once every
 * document's ids are known. Kept small: a long book has hundreds of thousands. */
typedef struct chk_ref {
  uint32_t from; /* item holding the reference */
  uint32_t line;
  uint32_t target;   /* item referred to */
  uint32_t fragment; /* offset of the fragment in checker.fragments */
} chk_ref;

struct libdeflate_decompressor;

typedef struct checker {
  zip_t *zip;
  struct libdeflate_decompressor *inflater; /* made on first use; one per thread */
  /* where the archive came from, so that each worker can open its own handle on it */
  const char *file;
  const unsigned char *mem;
  size_t mem_size;
  unsigned threads; /* documents are checked on this many threads (1: on the caller's; 0: one
                     * per core, none for a few small documents) */
  sheaf_check_fn fn;
  void *ud;
  sheaf_check_counts counts;
  zip_uint64_t total_read;
  int over_total;
  sheaf_strmap entries; /* name -> index */
  char *opf_path;
  char *opf_dir;
  char *uid; /* the package's unique identifier value */
  chk_item *items;
  size_t n_items;
  sheaf_strmap item_by_id;
  sheaf_strmap item_by_path;
  size_t *spine; /* item indexes in reading order */
  size_t n_spine;
  sheaf_strmap ids;    /* "<item>#<id>" of every document checked */
  sheaf_buf fragments; /* NUL-separated fragments that refs point into */
  chk_ref *refs;
  size_t n_refs;
  size_t cap_refs;
  size_t cap_items;
} checker;

/* Counts a problem and hands it to the caller's callback. */
void chk_emit(checker *c, const sheaf_check_msg *m);
/* Reports a problem. path is the entry ("" for the container). */
void chk_report(checker *c, sheaf_severity sev, const char *id, const char *path, unsigned line,
                unsigned col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
#define chk_error(c, id, path, line, ...) chk_report(c, SHEAF_ERROR, id, path, line, 0, __VA_ARGS__)
#define chk_warning(c, id, path, line, ...)                                                        \
  chk_report(c, SHEAF_WARNING, id, path, line, 0, __VA_ARGS__)

/* Reads entry `name` within the caps (at most `max` bytes when max > 0; 0 means the XML cap).
 * Returns 0, or -1 after reporting why it could not. A deflated entry read whole is inflated
 * with libdeflate (twice as fast as zlib through libzip) and its CRC checked here. */
int chk_read(checker *c, const char *name, zip_uint64_t max, sheaf_buf *out);
/* True when the archive holds `name`. */
int chk_exists(const checker *c, const char *name);

/* Parses XML (never loading DTDs or external entities). Reports RSC-016 on failure, HTM-003
 * for external entities, OPF-073 for external DTD identifiers (when `xhtml`). Returns the
 * document or NULL. *risky is set when the document declares entities (its content is not
 * inspected further: expanding them is how entity bombs work). */
xmlDocPtr chk_parse_xml(checker *c, const char *path, const sheaf_buf *data, int xhtml, int *risky);

/* The text of an element (entity references are not expanded). Caller frees. */
char *chk_text(xmlNodePtr n);
/* An attribute's value without expanding entities (caller frees), or NULL. */
char *chk_attr(xmlNodePtr n, const char *name);
/* An attribute in a namespace (caller frees), or NULL. */
char *chk_attr_ns(xmlNodePtr n, const char *name, const char *ns);

/* Resolves a relative URL against the directory `base` of the container: returns the zip entry
 * name (caller frees; "" for a reference to the same document) and the fragment in *fragment
 * (caller frees; NULL when none), or NULL when it leaves the container. */
char *chk_resolve(const char *base, const char *url, char **fragment);

/* The package document (check_opf.c): metadata, manifest, spine. */
void chk_package(checker *c);
/* Every manifest item's content (check_docs.c), then cross-document references. */
void chk_documents(checker *c);

/* Frees what chk_read made for c's thread. */
void chk_read_done(checker *c);
/* A handle of its own on the archive c reads (for a worker), or NULL. */
zip_t *chk_reopen(const checker *c);

#endif
