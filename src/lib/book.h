/* book.h -- the sheaf_book: what every stage reads and fills
 * SPDX-License-Identifier: MIT
 *
 * A book is opened in two steps (sheaf_book_open): metadata, then pass 1 over every source,
 * which parses and renders each chapter once to learn its parts, headings, ids, links and
 * images. Writing (sheaf_book_write) is pass 2: each chapter is rendered again, now with every
 * cross-link resolvable, straight into the container, one at a time. Pass 1 keeps the parsed
 * sources (text and tree) for pass 2 up to SHEAF_KEEP_BYTES of Markdown, and forgets the rest,
 * which pass 2 reads and parses again: a short book is parsed once, and memory does not grow
 * with a long one. */
#ifndef SHEAF_BOOK_H
#define SHEAF_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "meta.h"
#include "sheaf.h"
#include "source.h"
#include "strmap.h"
#include "template.h"

typedef enum sheaf_matter { SHEAF_FRONT = 0, SHEAF_BODY = 1, SHEAF_BACK = 2 } sheaf_matter;

/* Manifest properties of a content document. */
#define SHEAF_PROP_SVG (1u << 0)
#define SHEAF_PROP_MATHML (1u << 1)
#define SHEAF_PROP_REMOTE (1u << 2)

/* One Markdown source file. */
typedef struct sheaf_source {
  char *path;      /* as given, relative to the working directory: for reading and messages */
  char *dir;       /* directory of path: relative references start here */
  char *rel;       /* path relative to the book root, normalised: links name sources by it */
  char *title;     /* title given by book.yaml or SUMMARY.md, or NULL */
  char *epub_type; /* structural semantics from book.yaml (e.g. "preface"), or NULL */
  sheaf_matter matter;
  int depth;         /* nesting in the chapter tree, 0 at the top */
  int draft;         /* a TOC entry without a file (mdBook part title / draft) */
  int meta_front;    /* its front matter is book metadata (file inputs), not chapter data */
  size_t first_part; /* its parts are parts[first_part .. first_part + n_parts) */
  size_t n_parts;
  uint32_t crc; /* of the bytes read in pass 1: pass 2 refuses a changed file */
  size_t size;
} sheaf_source;

/* A heading that goes into the table of contents. */
typedef struct sheaf_heading {
  int level;    /* 1..6 */
  char *label;  /* plain text */
  char *id;     /* final id in the part */
  int is_first; /* the part's first block: link to the file itself */
} sheaf_heading;

/* One XHTML content document made from (part of) a source. */
typedef struct sheaf_part {
  size_t src;
  size_t first_block; /* top-level blocks [first_block, first_block + n_blocks) of the source */
  size_t n_blocks;
  char *name;           /* file stem, unique: "article" -> text/article.xhtml */
  char *label;          /* TOC label and <title> */
  sheaf_heading *heads; /* top-level headings, for the TOC */
  size_t n_heads;
  char **ids; /* ids of every heading in document order, replayed in pass 2 */
  size_t n_ids;
  char **html_ids; /* final ids of the author's raw HTML, in document order, replayed too */
  size_t n_html_ids;
  unsigned props;
  int has_html;     /* holds raw HTML: pass 2 cleans it too */
  int html_as_text; /* ... raw HTML beyond repair: written as text in both passes */
  sheaf_buf css;    /* rules of <style> elements in its raw HTML (pass 1) */
  int has_css;      /* ... packaged as res[css_res], linked from this part only */
  size_t css_res;
} sheaf_part;

/* A packaged file that is not a content document: image, stylesheet. */
typedef struct sheaf_resource {
  char *real;          /* absolute path on disk, or NULL for generated content */
  char *href;          /* inside the publication directory, e.g. "images/photo.png" */
  char *id;            /* manifest id */
  const char *type;    /* media type */
  int cover;           /* the cover image */
  unsigned char *data; /* generated or cleaned content (owned), else read at write time */
  size_t size;
  int part_only;    /* a stylesheet linked from one part only (its raw <style> rules) */
  int remote;       /* remote audio or video: href is its URL, and nothing is packaged */
  int has_fallback; /* a WebP's PNG copy: res[fallback] */
  size_t fallback;
} sheaf_resource;

/* A fragment target: which part holds it, under which id. */
typedef struct sheaf_anchor {
  size_t part;
  char *id;
} sheaf_anchor;

/* Markdown whose parsed trees pass 1 keeps for pass 2: a tree in its arena takes about
 * twenty times its text (measured in bench/RESULTS.md), so this holds what pass 1 keeps to
 * about 10 MiB, whatever the book. Keeping more is a few per cent faster on a 1 MB book, and
 * pushes a 50 MB book's peak over 64 MB. */
#define SHEAF_KEEP_BYTES ((size_t)1 << 19)

typedef struct sheaf_loaded sheaf_loaded;

struct sheaf_book {
  unsigned flags;
  int toc_depth;
  int split_level;
  long long modified_epoch;
  unsigned threads;
  sheaf_templates tpl;
  sheaf_diags diags;
  sheaf_meta meta;
  char *base_dir; /* the book directory, or the directory of the first input */
  sheaf_root root;
  char *identifier; /* dc:identifier of the package's unique-identifier */
  char *modified;   /* dcterms:modified, YYYY-MM-DDThh:mm:ssZ */
  char **pool;      /* strings that positions borrow (file names) */
  size_t n_pool;
  char **inputs_real; /* real paths of every file read: the output may not be one of them */
  size_t n_inputs_real;

  size_t n_images;        /* image references in the text */
  size_t n_images_no_alt; /* ... of which without alt text */
  size_t n_headings;
  int has_mathml;
  int has_cover; /* the author gave a cover image: res[cover_res] */
  size_t cover_res;

  sheaf_source *sources;
  size_t n_sources;
  sheaf_part *parts;
  size_t n_parts;
  sheaf_resource *res;
  size_t n_res;
  sheaf_anchor *anchors;
  size_t n_anchors;
  sheaf_loaded **kept; /* per source: pass 1's parse, kept for pass 2 (owned), or NULL */
  size_t kept_bytes;
  sheaf_pool *trees; /* the memory parsed trees live in (shared by the threads) */

  sheaf_strmap src_by_rel;  /* normalised root-relative path -> source */
  sheaf_strmap res_by_real; /* real path -> resource */
  sheaf_strmap anchor_map;  /* "<src>#<name>" -> anchor */
  sheaf_strmap ids;         /* every id in the book */
  sheaf_strmap names;       /* every file name in the publication, case-folded */
  sheaf_strmap img_refs;    /* "<src>\t<url>" -> resource, for pass 2 */
  size_t cap_sources, cap_parts, cap_res, cap_anchors;
};

/* Keeps a copy of s for the book's lifetime (positions borrow these). */
const char *sheaf_book_intern(sheaf_book *book, const char *s);
/* Records a real path the book reads (to refuse writing over it). */
void sheaf_book_note_input(sheaf_book *book, const char *path);

/* Adds a source (copies path strings). Returns its index. */
size_t sheaf_book_add_source(sheaf_book *book, const char *path, const char *title,
                             sheaf_matter matter, int depth);
/* Adds a part for source `src`; returns its index. */
size_t sheaf_book_add_part(sheaf_book *book, size_t src);
/* Adds an anchor for (src, name) if not known yet. */
void sheaf_book_add_anchor(sheaf_book *book, size_t src, const char *name, size_t part,
                           const char *id);
const sheaf_anchor *sheaf_book_find_anchor(const sheaf_book *book, size_t src, const char *name);
/* A new resource with a unique href "<dir>/<stem>.<ext>"; returns its index. */
size_t sheaf_book_add_resource(sheaf_book *book, const char *dir, const char *stem, const char *ext,
                               const char *type);

/* Stylesheet resources, in order: indexes into res. */
size_t sheaf_book_styles(const sheaf_book *book, size_t *idx, size_t max);

/* Threads to use: the option, else one per core (at most 8). */
unsigned sheaf_book_threads(const sheaf_book *book);

/* Where each source part lives: "text/<name>.xhtml". Caller frees. */
char *sheaf_part_href(const sheaf_book *book, size_t part);

#endif
