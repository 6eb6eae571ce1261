/* check.c -- `sheaf check`: the container (OCF) and the helpers every check uses
 * SPDX-License-Identifier: MIT */
#include "check.h"

#include <errno.h>
#include <libdeflate.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ahead.h"
#include "error.h"
#include "mem.h"
#include "source.h"
#include "url.h"

void chk_report(checker *c, sheaf_severity sev, const char *id, const char *path, unsigned line,
                unsigned col, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sheaf_check_msg m = {id, sev, path ? path : "", line, col, msg};
  chk_emit(c, &m);
}

void chk_emit(checker *c, const sheaf_check_msg *m) {
  if (m->severity == SHEAF_ERROR) {
    c->counts.errors++;
  } else {
    c->counts.warnings++;
  }
  if (c->fn) {
    c->fn(c->ud, m);
  }
}

int chk_exists(const checker *c, const char *name) {
  return sheaf_strmap_get(&c->entries, name, NULL);
}

/* ---- reading entries within the caps ---- */

/* Reads a deflated entry whole: its compressed bytes through libzip, inflated and checked by
 * libdeflate. Returns 0, or -1 after reporting why not. */
/* Inflates the raw deflate stream z into out (st->size bytes, CRC-checked). Returns NULL, or
 * what is wrong with the entry. */
static const char *inflate_entry(checker *c, const sheaf_buf *z, const zip_stat_t *st,
                                 sheaf_buf *out) {
  if (!c->inflater) {
    c->inflater = libdeflate_alloc_decompressor();
  }
  if (!c->inflater) {
    return "out of memory";
  }
  size_t got = 0;
  sheaf_buf_reserve(out, (size_t)st->size + 1);
  enum libdeflate_result r = libdeflate_deflate_decompress(
      c->inflater, z->ptr ? z->ptr : "", z->len, out->ptr, (size_t)st->size, &got);
  if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
    return "its data is longer than its declared size";
  }
  if (r != LIBDEFLATE_SUCCESS) {
    return "Compressed data invalid";
  }
  if (got != st->size) {
    return "its data is shorter than its declared size";
  }
  if ((st->valid & ZIP_STAT_CRC) && libdeflate_crc32(0, out->ptr, got) != st->crc) {
    return "CRC error";
  }
  return NULL;
}

/* Reads a deflated entry whole: its compressed bytes through libzip, inflated and checked by
 * libdeflate. Returns 0, or -1 after reporting why not. */
static int read_deflated(checker *c, const char *name, zip_uint64_t idx, const zip_stat_t *st,
                         sheaf_buf *out) {
  zip_file_t *f = zip_fopen_index(c->zip, idx, ZIP_FL_COMPRESSED);
  if (!f) {
    chk_error(c, "PKG-008", name, 0, "Unable to read file: %s", zip_strerror(c->zip));
    return -1;
  }
  sheaf_buf z = SHEAF_BUF_INIT;
  sheaf_buf_reserve(&z, (size_t)st->comp_size);
  zip_int64_t n = st->comp_size ? zip_fread(f, z.ptr, st->comp_size) : 0;
  const char *why = NULL;
  if (n < 0 || (zip_uint64_t)n != st->comp_size) {
    why = zip_file_strerror(f);
  } else {
    z.len = (size_t)n;
    why = inflate_entry(c, &z, st, out);
  }
  if (why) {
    chk_error(c, "PKG-008", name, 0, "Unable to read file: %s", why);
  }
  zip_fclose(f); /* after the message: it may be the file's own error string */
  sheaf_buf_free(&z);
  if (why) {
    return -1;
  }
  out->len = (size_t)st->size;
  out->ptr[out->len] = '\0';
  c->total_read += st->size;
  return 0;
}

void chk_read_done(checker *c) {
  if (c->inflater) {
    libdeflate_free_decompressor(c->inflater);
    c->inflater = NULL;
  }
}

int chk_read(checker *c, const char *name, zip_uint64_t max, sheaf_buf *out) {
  size_t idx;
  sheaf_buf_clear(out);
  if (!sheaf_strmap_get(&c->entries, name, &idx)) {
    return -1;
  }
  zip_stat_t st;
  if (zip_stat_index(c->zip, idx, 0, &st) != 0) {
    chk_error(c, "PKG-008", name, 0, "Unable to read file: %s", zip_strerror(c->zip));
    return -1;
  }
  zip_uint64_t cap = max ? max : CHECK_MAX_XML_BYTES;
  zip_uint64_t want = st.size;
  if (!max && st.size > cap) {
    chk_error(c, "SHF-002", name, 0,
              "entry declares %llu bytes, over the check's cap of %llu MiB; not read",
              (unsigned long long)st.size, (unsigned long long)(cap >> 20));
    return -1;
  }
  if (st.size > ((zip_uint64_t)1 << 20) && st.comp_size &&
      st.size / st.comp_size > CHECK_MAX_RATIO) {
    chk_error(c, "SHF-003", name, 0, "entry expands %llu times (a zip bomb?); not read",
              (unsigned long long)(st.size / st.comp_size));
    return -1;
  }
  want = want < cap ? want : cap;
  if (c->total_read + want > CHECK_MAX_TOTAL_BYTES) {
    if (!c->over_total) {
      chk_error(c, "SHF-004", name, 0, "the archive expands to over %llu MiB; the rest is not read",
                (unsigned long long)(CHECK_MAX_TOTAL_BYTES >> 20));
    }
    c->over_total = 1;
    return -1;
  }
  /* whole, deflated, not encrypted, and no bigger compressed than deflate ever makes it */
  if (want == st.size && st.comp_method == ZIP_CM_DEFLATE &&
      (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC)) ==
          (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC) &&
      st.encryption_method == ZIP_EM_NONE && st.comp_size <= st.size + st.size / 8 + 1024) {
    return read_deflated(c, name, idx, &st, out);
  }
  zip_file_t *f = zip_fopen_index(c->zip, idx, 0);
  if (!f) {
    chk_error(c, "PKG-008", name, 0, "Unable to read file: %s", zip_strerror(c->zip));
    return -1;
  }
  sheaf_buf_reserve(out, (size_t)want + 1);
  zip_int64_t n = want ? zip_fread(f, out->ptr, want) : 0;
  int rc = 0;
  if (n < 0 || (want == st.size && (zip_uint64_t)n != want)) {
    chk_error(c, "PKG-008", name, 0, "Unable to read file: %s", zip_file_strerror(f));
    rc = -1;
  } else {
    out->len = (size_t)n;
    out->ptr[out->len] = '\0';
    c->total_read += (zip_uint64_t)n;
  }
  zip_fclose(f);
  return rc;
}

/* ---- XML ---- */

static void parse_error(checker *c, const char *path, xmlParserCtxtPtr ctxt) {
  const xmlError *e = &ctxt->lastError;
  char msg[512];
  snprintf(msg, sizeof msg, "%s", e->message ? e->message : "not well-formed");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) {
    msg[--n] = '\0';
  }
  chk_report(c, SHEAF_ERROR, "RSC-016", path, e->line > 0 ? (unsigned)e->line : 0,
             e->int2 > 0 ? (unsigned)e->int2 : 0, "Fatal Error while parsing file: %s", msg);
}

xmlDocPtr chk_parse_xml(checker *c, const char *path, const sheaf_buf *data, int xhtml,
                        int *risky) {
  *risky = 0;
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    chk_error(c, "SHF-001", path, 0, "cannot start the XML parser");
    return NULL;
  }
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data->ptr ? data->ptr : "", (int)data->len, path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc || !ctxt->wellFormed) {
    parse_error(c, path, ctxt);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return NULL;
  }
  xmlFreeParserCtxt(ctxt);
  xmlDtdPtr dtd = xmlGetIntSubset(doc);
  if (dtd && xhtml && (dtd->ExternalID || dtd->SystemID)) {
    chk_error(c, "OPF-073", path, (unsigned)xmlGetLineNo((xmlNodePtr)dtd),
              "External identifiers must not appear in the document type declaration.");
  }
  for (xmlNodePtr n = dtd ? dtd->children : NULL; n; n = n->next) {
    if (n->type != XML_ENTITY_DECL) {
      continue;
    }
    xmlEntityPtr e = (xmlEntityPtr)n;
    *risky = 1;
    if (e->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
        e->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
        e->etype == XML_EXTERNAL_PARAMETER_ENTITY) {
      chk_error(c, "HTM-003", path, 0,
                "External entities are not allowed in EPUB v3 documents. External entity "
                "declaration found: %s.",
                (const char *)e->name);
    }
  }
  if (*risky) {
    chk_warning(c, "SHF-005", path, 0,
                "the document declares entities; its content is not inspected further");
  }
  return doc;
}

/* Text content, skipping entity references (expanding them is how entity bombs work). */
static void collect_text(xmlNodePtr n, sheaf_buf *b, int depth) {
  for (; n && depth < 300; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      sheaf_buf_puts(b, n->content ? (const char *)n->content : "");
    } else if (n->type == XML_ELEMENT_NODE) {
      collect_text(n->children, b, depth + 1);
    }
  }
}

char *chk_text(xmlNodePtr n) {
  sheaf_buf b = SHEAF_BUF_INIT;
  collect_text(n->children, &b, 0);
  return sheaf_buf_detach(&b, NULL);
}

static char *attr_value(xmlAttrPtr a) {
  if (!a) {
    return NULL;
  }
  sheaf_buf b = SHEAF_BUF_INIT;
  for (xmlNodePtr t = a->children; t; t = t->next) {
    if (t->type == XML_TEXT_NODE && t->content) {
      sheaf_buf_puts(&b, (const char *)t->content);
    }
  }
  return sheaf_buf_detach(&b, NULL);
}

char *chk_attr(xmlNodePtr n, const char *name) {
  return attr_value(xmlHasNsProp(n, (const xmlChar *)name, NULL));
}

char *chk_attr_ns(xmlNodePtr n, const char *name, const char *ns) {
  return attr_value(xmlHasNsProp(n, (const xmlChar *)name, (const xmlChar *)ns));
}

char *chk_resolve(const char *base, const char *url, char **fragment) {
  sheaf_url_parts u;
  sheaf_url_split(url, &u);
  *fragment = u.fragment ? sheaf_xstrdup(u.fragment) : NULL;
  if (!*u.path) {
    sheaf_url_parts_free(&u);
    return sheaf_xstrdup(""); /* the same document */
  }
  char *joined = *base ? sheaf_xasprintf("%s/%s", base, u.path) : sheaf_xstrdup(u.path);
  char *norm = u.path[0] == '/' ? NULL : sheaf_path_normalize(joined);
  free(joined);
  sheaf_url_parts_free(&u);
  return norm;
}

/* ---- the container ---- */

/* OCF file-name rules (PKG-009 and friends) for one entry name. */
static void check_name(checker *c, const char *name) {
  size_t len = strlen(name);
  if (len > 255) {
    chk_error(c, "PKG-009", name, 0, "File name is longer than 255 bytes.");
  }
  int bad = strstr(name, "../") != NULL || strcmp(name, "..") == 0 || name[0] == '/' ||
            (len >= 3 && strcmp(name + len - 3, "/..") == 0);
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x20 || *p == 0x7F || strchr("\"*:<>?\\|", *p)) {
      bad = 1;
    }
  }
  if (bad || (len && name[len - 1] == '.')) {
    chk_error(c, "PKG-009", name, 0,
              "File name contains characters or segments that are not allowed in OCF file names "
              "(absolute path, \"..\", control or reserved characters, or a trailing \".\"); "
              "it is never written anywhere.");
  } else if (strchr(name, ' ')) {
    chk_warning(c, "PKG-010", name, 0,
                "Filename contains spaces, therefore URI escaping is necessary.");
  }
}

/* mimetype: first, stored, exact, without extra field. */
static void check_mimetype(checker *c) {
  const char *first = zip_get_name(c->zip, 0, 0);
  if (!first || strcmp(first, "mimetype") != 0) {
    chk_error(c, "PKG-006", "", 0,
              "Mimetype file entry is missing or is not the first file in the archive.");
    if (!chk_exists(c, "mimetype")) {
      return;
    }
  }
  size_t idx = 0;
  sheaf_strmap_get(&c->entries, "mimetype", &idx);
  zip_stat_t st;
  if (zip_stat_index(c->zip, idx, 0, &st) == 0 && st.comp_method != ZIP_CM_STORE) {
    chk_error(c, "PKG-007", "mimetype", 0,
              "Mimetype file should only contain the string \"application/epub+zip\" and should "
              "not be compressed.");
  }
  zip_int16_t extra = zip_file_extra_fields_count(c->zip, idx, ZIP_FL_LOCAL);
  if (extra > 0) {
    chk_error(c, "PKG-005", "mimetype", 0,
              "The mimetype file has an extra field. The use of the extra field feature of the "
              "ZIP format is not permitted for the mimetype file.");
  }
  sheaf_buf b = SHEAF_BUF_INIT;
  if (chk_read(c, "mimetype", 64, &b) == 0 &&
      (b.len != 20 || memcmp(b.ptr, "application/epub+zip", 20) != 0)) {
    chk_error(c, "PKG-007", "mimetype", 0,
              "Mimetype file should only contain the string \"application/epub+zip\".");
  }
  sheaf_buf_free(&b);
}

/* Lists the entries: names, duplicates (also after case folding), directories. */
static void list_entries(checker *c) {
  zip_int64_t n = zip_get_num_entries(c->zip, 0);
  sheaf_strmap folded;
  sheaf_strmap_init(&folded);
  if (n > CHECK_MAX_ENTRIES) {
    chk_error(c, "SHF-006", "", 0, "the archive has %lld entries; only the first %d are checked",
              (long long)n, CHECK_MAX_ENTRIES);
    n = CHECK_MAX_ENTRIES;
  }
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(c->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
    if (!name) {
      continue;
    }
    check_name(c, name);
    char *low = sheaf_xstrdup(name);
    for (char *p = low; *p; p++) {
      *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    }
    if (!sheaf_strmap_add(&c->entries, name, (size_t)i)) {
      chk_error(c, "OPF-060", name, 0, "Duplicate entry in the ZIP file: %s", name);
    } else if (!sheaf_strmap_add(&folded, low, (size_t)i)) {
      chk_error(c, "OPF-060", name, 0, "Duplicate entry in the ZIP file (after case folding): %s",
                name);
    }
    free(low);
  }
  sheaf_strmap_fini(&folded);
}

/* The full-path of the first rootfile in `rootfiles` that names a package document, or NULL;
 * the caller frees it. */
static char *package_rootfile(xmlNodePtr rootfiles) {
  for (xmlNodePtr rf = rootfiles->children; rf; rf = rf->next) {
    char *type = rf->type == XML_ELEMENT_NODE ? chk_attr(rf, "media-type") : NULL;
    int package = type && strcmp(type, "application/oebps-package+xml") == 0;
    free(type);
    char *full = package ? chk_attr(rf, "full-path") : NULL;
    if (full) {
      return full;
    }
  }
  return NULL;
}

/* META-INF/container.xml names the package document. */
static void read_container(checker *c) {
  sheaf_buf b = SHEAF_BUF_INIT;
  const char *path = "META-INF/container.xml";
  if (!chk_exists(c, path)) {
    chk_error(c, "RSC-002", "", 0, "Required META-INF/container.xml resource could not be found.");
    return;
  }
  int risky;
  xmlDocPtr doc = chk_read(c, path, 0, &b) == 0 ? chk_parse_xml(c, path, &b, 0, &risky) : NULL;
  sheaf_buf_free(&b);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  for (xmlNodePtr rfs = root ? root->children : NULL; rfs && !c->opf_path; rfs = rfs->next) {
    if (rfs->type == XML_ELEMENT_NODE) {
      c->opf_path = package_rootfile(rfs);
    }
  }
  if (doc && !c->opf_path) {
    chk_error(c, "RSC-003", path, 0,
              "No rootfile with media type 'application/oebps-package+xml' was found in the "
              "container.");
  }
  xmlFreeDoc(doc);
}

static void checker_free(checker *c) {
  chk_read_done(c);
  for (size_t i = 0; i < c->n_items; i++) {
    chk_item *it = &c->items[i];
    free(it->id);
    free(it->href);
    free(it->path);
    free(it->type);
    free(it->fallback);
  }
  free(c->items);
  free(c->refs);
  sheaf_buf_free(&c->fragments);
  free(c->spine);
  free(c->opf_path);
  free(c->opf_dir);
  free(c->uid);
  sheaf_strmap_fini(&c->entries);
  sheaf_strmap_fini(&c->item_by_id);
  sheaf_strmap_fini(&c->item_by_path);
  sheaf_strmap_fini(&c->ids);
}

static void run(checker *c) {
  list_entries(c);
  check_mimetype(c);
  read_container(c);
  if (c->opf_path) {
    c->opf_dir = sheaf_path_dir(c->opf_path);
    if (strcmp(c->opf_dir, ".") == 0) {
      c->opf_dir[0] = '\0';
    }
    if (!chk_exists(c, c->opf_path)) {
      chk_error(c, "OPF-002", "", 0, "The OPF file \"%s\" was not found in the EPUB.", c->opf_path);
      return;
    }
    chk_package(c);
    chk_documents(c);
  }
}

static int check_source(checker *c, zip_source_t *src, sheaf_check_counts *counts) {
  sheaf_strmap_init(&c->entries);
  sheaf_strmap_init(&c->item_by_id);
  sheaf_strmap_init(&c->item_by_path);
  sheaf_strmap_init(&c->ids);
  zip_error_t ze;
  zip_error_init(&ze);
  c->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!c->zip) {
    zip_source_free(src);
    chk_error(c, "PKG-004", "", 0, "Corrupted EPUB ZIP header: %s", zip_error_strerror(&ze));
  } else {
    run(c);
    zip_discard(c->zip);
  }
  zip_error_fini(&ze);
  if (counts) {
    *counts = c->counts;
  }
  checker_free(c);
  return 0;
}

static zip_source_t *memory_source(const unsigned char *data, size_t size) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
  zip_error_fini(&ze);
  return src;
}

static zip_source_t *file_source(const char *path, FILE **f) {
  *f = fopen(path, "rb");
  if (!*f) {
    return NULL;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_filep_create(*f, 0, -1, &ze); /* owns f from here */
  zip_error_fini(&ze);
  if (!src) {
    fclose(*f);
  }
  return src;
}

zip_t *chk_reopen(const checker *c) {
  FILE *f = NULL;
  zip_source_t *src = c->file ? file_source(c->file, &f) : memory_source(c->mem, c->mem_size);
  if (!src) {
    return NULL;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  zip_error_fini(&ze);
  if (!z) {
    zip_source_free(src);
  }
  return z;
}

static void checker_init(checker *c, sheaf_check_fn fn, void *ud, unsigned threads) {
  memset(c, 0, sizeof *c);
  c->fn = fn;
  c->ud = ud;
  c->threads = threads;
}

int sheaf_check_memory(const unsigned char *data, size_t size, sheaf_check_fn fn, void *ud,
                       sheaf_check_counts *counts, unsigned threads, sheaf_error *err) {
  zip_source_t *src = memory_source(data, size);
  if (!src) {
    return sheaf_fail(err, SHEAF_ER_ZIP, NULL, 0, 0, "cannot read the EPUB from memory");
  }
  checker c;
  checker_init(&c, fn, ud, threads);
  c.mem = data;
  c.mem_size = size;
  return check_source(&c, src, counts);
}

int sheaf_check_file(const char *path, sheaf_check_fn fn, void *ud, sheaf_check_counts *counts,
                     unsigned threads, sheaf_error *err) {
  FILE *f = NULL;
  zip_source_t *src = file_source(path, &f);
  if (!src) {
    if (!f) {
      return errno == ENOENT ? sheaf_fail(err, SHEAF_ER_MISSING, path, 0, 0, "no such file")
                             : sheaf_fail_sys(err, path, "cannot open the EPUB");
    }
    return sheaf_fail(err, SHEAF_ER_IO, path, 0, 0, "cannot read the EPUB");
  }
  checker c;
  checker_init(&c, fn, ud, threads);
  c.file = path;
  return check_source(&c, src, counts);
}
