/* book.c -- the sheaf_book: opening a book (metadata, then pass 1 over every source)
 * SPDX-License-Identifier: MIT */
#include "book.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "ahead.h"
#include "chapter.h"
#include "input.h"
#include "mem.h"
#include "package.h"
#include "resource.h"
#include "slug.h"
#include "url.h"

/* ---- the book's tables ---- */

const char *sheaf_book_intern(sheaf_book *b, const char *s) {
  b->pool = sheaf_xrealloc(b->pool, (b->n_pool + 1) * sizeof *b->pool);
  b->pool[b->n_pool] = sheaf_xstrdup(s);
  return b->pool[b->n_pool++];
}

void sheaf_book_note_input(sheaf_book *b, const char *path) {
  char *real = realpath(path, NULL);
  if (!real) {
    return;
  }
  b->inputs_real = sheaf_xrealloc(b->inputs_real, (b->n_inputs_real + 1) * sizeof(char *));
  b->inputs_real[b->n_inputs_real++] = real;
}

size_t sheaf_book_add_source(sheaf_book *b, const char *path, const char *title,
                             sheaf_matter matter, int depth) {
  b->sources = sheaf_xgrow(b->sources, &b->cap_sources, b->n_sources + 1, sizeof *b->sources);
  sheaf_source *s = &b->sources[b->n_sources];
  memset(s, 0, sizeof *s);
  s->path = sheaf_xstrdup(path);
  s->dir = sheaf_path_dir(path);
  s->title = title ? sheaf_xstrdup(title) : NULL;
  s->matter = matter;
  s->depth = depth;
  return b->n_sources++;
}

size_t sheaf_book_add_part(sheaf_book *b, size_t src) {
  b->parts = sheaf_xgrow(b->parts, &b->cap_parts, b->n_parts + 1, sizeof *b->parts);
  sheaf_part *p = &b->parts[b->n_parts];
  memset(p, 0, sizeof *p);
  p->src = src;
  return b->n_parts++;
}

void sheaf_book_add_anchor(sheaf_book *b, size_t src, const char *name, size_t part,
                           const char *id) {
  char *key = sheaf_xasprintf("%zu#%s", src, name);
  if (!sheaf_strmap_get(&b->anchor_map, key, NULL)) {
    b->anchors = sheaf_xgrow(b->anchors, &b->cap_anchors, b->n_anchors + 1, sizeof *b->anchors);
    b->anchors[b->n_anchors] = (sheaf_anchor){part, sheaf_xstrdup(id)};
    sheaf_strmap_add(&b->anchor_map, key, b->n_anchors++);
  }
  free(key);
}

const sheaf_anchor *sheaf_book_find_anchor(const sheaf_book *b, size_t src, const char *name) {
  char *key = sheaf_xasprintf("%zu#%s", src, name);
  size_t i;
  int found = sheaf_strmap_get(&b->anchor_map, key, &i);
  free(key);
  return found ? &b->anchors[i] : NULL;
}

size_t sheaf_book_add_resource(sheaf_book *b, const char *dir, const char *stem, const char *ext,
                               const char *type) {
  /* unique with its extension, case-insensitively: photo.png, photo-2.png, ... */
  char *href = NULL;
  for (unsigned n = 1;; n++) {
    href = n == 1 ? sheaf_xasprintf("%s/%s.%s", dir, stem, ext)
                  : sheaf_xasprintf("%s/%s-%u.%s", dir, stem, n, ext);
    char *key = sheaf_xstrdup(href);
    for (char *p = key; *p; p++) {
      *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    }
    int fresh = sheaf_strmap_add(&b->names, key, b->n_res);
    free(key);
    if (fresh) {
      break;
    }
    free(href);
  }
  b->res = sheaf_xgrow(b->res, &b->cap_res, b->n_res + 1, sizeof *b->res);
  sheaf_resource *r = &b->res[b->n_res];
  memset(r, 0, sizeof *r);
  r->href = href;
  r->id = sheaf_xstrdup(href);
  for (char *p = r->id; *p; p++) {
    *p = (*p == '/' || *p == '.') ? '-' : *p;
  }
  r->type = type;
  return b->n_res++;
}

size_t sheaf_book_styles(const sheaf_book *b, size_t *idx, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < b->n_res && n < max; i++) {
    if (strcmp(b->res[i].type, "text/css") == 0 && !b->res[i].part_only) {
      idx[n++] = i;
    }
  }
  return n;
}

unsigned sheaf_book_threads(const sheaf_book *b) {
  return b->threads ? b->threads : sheaf_ahead_cores();
}

char *sheaf_part_href(const sheaf_book *b, size_t part) {
  return sheaf_xasprintf("text/%s.xhtml", b->parts[part].name);
}

/* ---- after pass 1: names, labels, identity ---- */

/* Readable stable file names: the source's stem for a single part, else each part's heading;
 * case-insensitively unique; never a name sheaf uses itself. */
static void name_parts(sheaf_book *b, size_t src) {
  sheaf_source *s = &b->sources[src];
  char *stem_raw = sheaf_path_stem(s->path);
  for (size_t i = 0; i < s->n_parts; i++) {
    sheaf_part *p = &b->parts[s->first_part + i];
    const char *from = stem_raw;
    if (s->n_parts > 1 && p->n_heads && p->heads[0].is_first) {
      from = p->heads[0].label;
    }
    char *slug = sheaf_slug_ascii(from, 48);
    char *base = *slug ? sheaf_xasprintf("text/%s", slug) : sheaf_xstrdup("text/chapter");
    char *unique = sheaf_strmap_unique(&b->names, base, 1, s->first_part + i);
    p->name = sheaf_xstrdup(unique + 5);
    free(unique);
    free(base);
    free(slug);
  }
  free(stem_raw);
}

/* "chapter-one" -> "Chapter one": a label for a chapter that has no heading or title. */
static char *pretty_stem(const char *path) {
  char *s = sheaf_path_stem(path);
  for (char *p = s; *p; p++) {
    if (*p == '-' || *p == '_') {
      *p = ' ';
    }
  }
  if (s[0] >= 'a' && s[0] <= 'z') {
    s[0] = (char)(s[0] - 32);
  }
  return s;
}

/* The rules of <style> elements met in a part's raw HTML become that part's own stylesheet. */
static void part_styles(sheaf_book *b) {
  for (size_t i = 0; i < b->n_parts; i++) {
    sheaf_part *p = &b->parts[i];
    if (p->css.len == 0) {
      continue;
    }
    p->css_res = sheaf_book_add_resource(b, "styles", p->name, "css", "text/css");
    p->has_css = 1;
    sheaf_resource *r = &b->res[p->css_res];
    r->data = (unsigned char *)sheaf_buf_detach(&p->css, &r->size);
    r->part_only = 1;
  }
}

static void label_parts(sheaf_book *b) {
  for (size_t i = 0; i < b->n_parts; i++) {
    sheaf_part *p = &b->parts[i];
    const sheaf_source *s = &b->sources[p->src];
    int first = i == s->first_part;
    if (first && s->title) {
      p->label = sheaf_xstrdup(s->title);
    } else if (p->n_heads && p->heads[0].is_first) {
      p->label = sheaf_xstrdup(p->heads[0].label);
    } else if (first && b->n_sources == 1) {
      p->label = sheaf_xstrdup(b->meta.titles[0].text);
    } else {
      p->label = pretty_stem(s->path);
    }
  }
}

/* The first heading of the book, else the first source's name: a title when none is given. */
static void default_title(sheaf_book *b) {
  if (b->meta.n_titles) {
    return;
  }
  const char *t = NULL;
  for (size_t i = 0; i < b->n_parts && !t; i++) {
    if (b->parts[i].n_heads) {
      t = b->parts[i].heads[0].label;
    }
  }
  char *fallback = b->n_sources ? pretty_stem(b->sources[0].path) : sheaf_xstrdup("Untitled");
  if (!t) {
    t = fallback;
  }
  sheaf_warn(&b->diags, b->n_sources ? b->sources[0].path : NULL, 0, 0,
             "no 'title' in the metadata; using \"%s\"", t);
  b->meta.titles = sheaf_xcalloc(1, sizeof *b->meta.titles);
  b->meta.titles[0].text = sheaf_xstrdup(t);
  b->meta.n_titles = 1;
  free(fallback);
}

/* A name-based (SHA-1, version 5) UUID from the title, creators and language: rebuilding the
 * same book keeps its identity. */
static void derive_identifier(sheaf_book *b) {
  if (b->meta.n_idents) {
    b->identifier = sheaf_xstrdup(b->meta.idents[0].value);
    return;
  }
  static const uuid_t ns = {0x6f, 0x2b, 0x1c, 0x8e, 0x4d, 0x3a, 0x5b, 0x7e,
                            0x9a, 0x10, 0x5e, 0xaf, 0x01, 0xb4, 0xe5, 0x9c};
  sheaf_buf name = SHEAF_BUF_INIT;
  sheaf_buf_puts(&name, b->meta.titles[0].text);
  for (size_t i = 0; i < b->meta.n_creators; i++) {
    sheaf_buf_putc(&name, '\n');
    sheaf_buf_puts(&name, b->meta.creators[i].name);
  }
  sheaf_buf_putc(&name, '\n');
  sheaf_buf_puts(&name, b->meta.lang);
  uuid_t u;
  uuid_generate_sha1(u, ns, name.ptr, name.len);
  char text[37];
  uuid_unparse_lower(u, text);
  b->identifier = sheaf_xasprintf("urn:uuid:%s", text);
  sheaf_buf_free(&name);
}

/* With no cover given, a typographic one from the title, subtitle and creators, so a library
 * shelf never shows a blank book. */
static void generate_cover(sheaf_book *b) {
  if (b->has_cover || (b->flags & SHEAF_OPT_NO_COVER)) {
    return;
  }
  size_t idx = sheaf_book_add_resource(b, "images", "cover", "svg", "image/svg+xml");
  sheaf_resource *r = &b->res[idx];
  r->cover = 1;
  sheaf_buf svg = SHEAF_BUF_INIT;
  sheaf_cover_svg(b, &svg);
  r->data = (unsigned char *)sheaf_buf_detach(&svg, &r->size);
  b->cover_res = idx;
  b->has_cover = 1;
}

static void stamp_modified(sheaf_book *b) {
  time_t t = b->modified_epoch >= 0 ? (time_t)b->modified_epoch : time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  char s[32];
  strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
  b->modified = sheaf_xstrdup(s);
  if (b->modified_epoch < 0) {
    b->modified_epoch = (long long)t;
  }
}

/* Stylesheets: --css, else the metadata's css list, else the default one. */
static int load_styles(sheaf_book *b, const sheaf_options *o, sheaf_error *err) {
  size_t idx;
  if (o->css_path) {
    sheaf_pos pos = {sheaf_book_intern(b, o->css_path), 0, 0};
    return sheaf_resource_named(b, o->css_path, 1, &pos, 1, &b->diags, &idx, err);
  }
  for (size_t i = 0; i < b->meta.css.n; i++) {
    if (sheaf_resource_named(b, b->meta.css.v[i], 0, &b->meta.css_pos[i], 1, &b->diags, &idx,
                             err) != 0) {
      return -1;
    }
  }
  if (b->meta.css.n == 0) {
    idx = sheaf_book_add_resource(b, "styles", "style", "css", "text/css");
    b->res[idx].data = (unsigned char *)sheaf_xstrndup(b->tpl.css, b->tpl.css_len);
    b->res[idx].size = b->tpl.css_len;
  }
  return 0;
}

static void copy_options(sheaf_book *b, const sheaf_options *o) {
  b->flags = o->flags;
  b->toc_depth = o->toc_depth < 1 ? 1 : (o->toc_depth > 6 ? 6 : o->toc_depth);
  b->split_level = o->split_level < 0 ? 0 : (o->split_level > 6 ? 6 : o->split_level);
  b->modified_epoch = o->modified;
  b->threads = o->threads;
  sheaf_diags_init(&b->diags, o->diag, o->diag_data, (o->flags & SHEAF_OPT_STRICT) != 0);
  sheaf_meta_init(&b->meta);
  sheaf_strmap_init(&b->src_by_rel);
  sheaf_strmap_init(&b->res_by_real);
  sheaf_strmap_init(&b->anchor_map);
  sheaf_strmap_init(&b->ids);
  sheaf_strmap_init(&b->names);
  sheaf_strmap_init(&b->img_refs);
  /* names sheaf gives its own documents */
  sheaf_strmap_add(&b->names, "text/title-page", 0);
  sheaf_strmap_add(&b->names, "text/cover", 0);
}

/* Reads and parses source i for pass 1 (on the worker thread when there is one). */
static int read_source(void *ud, unsigned worker, size_t i, void **result, sheaf_diags *diags,
                       sheaf_error *err) {
  (void)worker;
  const sheaf_book *b = ud;
  if (b->sources[i].draft) {
    *result = NULL;
    return 0;
  }
  *result = sheaf_chapter_read(b, i, diags, err);
  return *result ? 0 : -1;
}

static void drop_source(void *p) {
  sheaf_loaded_free(p);
}

/* A scanned source is kept for pass 2 while the budget allows (pass 2 then neither reads nor
 * parses it again); otherwise its tree and text are freed, on a worker. */
static void keep_or_recycle(sheaf_book *b, sheaf_ahead *ahead, size_t src, sheaf_loaded *l) {
  size_t size = b->sources[src].size;
  if (b->kept_bytes + size <= SHEAF_KEEP_BYTES) {
    if (!b->kept) {
      b->kept = sheaf_xcalloc(b->n_sources, sizeof *b->kept);
    }
    b->kept[src] = l;
    b->kept_bytes += size;
    return;
  }
  sheaf_ahead_recycle(ahead, l);
}

/* Pass 1 over every source (the next ones read and parsed on the other cores meanwhile), then
 * what needs all of them. */
static int scan_sources(sheaf_book *b, sheaf_error *err) {
  /* parsing is most of pass 1: one worker per core reads and parses, while pass 1's own work
   * (ids, links, in order) goes on here; a single source is read here (and the cores are not
   * counted: that reads /sys, a cost an article notices) */
  unsigned threads = b->n_sources > 1 ? sheaf_book_threads(b) : 1;
  sheaf_ahead_spec spec = {
      b->n_sources, read_source, drop_source, NULL, b, &b->diags, 4, threads > 1 ? threads : 0};
  sheaf_ahead *ahead = sheaf_ahead_new(&spec);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < b->n_sources; i++) {
    void *loaded = NULL;
    rc = sheaf_ahead_take(ahead, i, &loaded, err);
    if (rc == 0 && loaded) {
      rc = sheaf_chapter_scan(b, i, loaded, &b->diags, err);
      keep_or_recycle(b, ahead, i, loaded);
      if (rc == 0) {
        name_parts(b, i);
      }
    }
  }
  sheaf_ahead_free(ahead);
  if (rc != 0) {
    return -1;
  }
  default_title(b);
  label_parts(b);
  part_styles(b);
  return 0;
}

sheaf_book *sheaf_book_open(const char *const *inputs, size_t n_inputs, const sheaf_options *opts,
                            sheaf_error *err) {
  sheaf_options defaults;
  if (!opts) {
    sheaf_options_init(&defaults);
    opts = &defaults;
  }
  sheaf_error_init(err);
  sheaf_book *b = sheaf_xcalloc(1, sizeof *b);
  b->trees = sheaf_pool_new();
  copy_options(b, opts);
  int rc = sheaf_input_load(b, inputs, n_inputs, opts, err);
  if (rc == 0) {
    rc = sheaf_templates_load(&b->tpl, opts->templates_dir, &b->diags, err);
  }
  if (rc == 0) {
    rc = load_styles(b, opts, err);
  }
  if (rc == 0) {
    rc = scan_sources(b, err);
  }
  if (rc == 0) {
    generate_cover(b);
    derive_identifier(b);
    stamp_modified(b);
    rc = sheaf_diags_check(&b->diags, err);
  }
  if (rc != 0) {
    sheaf_book_free(b);
    return NULL;
  }
  return b;
}

const char *sheaf_book_title(const sheaf_book *b) {
  return b->meta.titles[0].text;
}

char *sheaf_book_file_name(const sheaf_book *b) {
  char *slug = sheaf_slug_ascii(b->meta.titles[0].text, 60);
  char *name = sheaf_xasprintf("%s.epub", *slug ? slug : "book");
  free(slug);
  return name;
}

static void free_parts(sheaf_book *b) {
  for (size_t i = 0; i < b->n_parts; i++) {
    sheaf_part *p = &b->parts[i];
    for (size_t h = 0; h < p->n_heads; h++) {
      free(p->heads[h].label);
      free(p->heads[h].id);
    }
    free(p->heads);
    for (size_t k = 0; k < p->n_ids; k++) {
      free(p->ids[k]);
    }
    free(p->ids);
    for (size_t k = 0; k < p->n_html_ids; k++) {
      free(p->html_ids[k]);
    }
    free(p->html_ids);
    sheaf_buf_free(&p->css);
    free(p->name);
    free(p->label);
  }
  free(b->parts);
}

static void free_tables(sheaf_book *b) {
  for (size_t i = 0; i < b->n_sources; i++) {
    sheaf_source *s = &b->sources[i];
    free(s->path);
    free(s->dir);
    free(s->rel);
    free(s->title);
    free(s->epub_type);
  }
  free(b->sources);
  free_parts(b);
  for (size_t i = 0; i < b->n_res; i++) {
    free(b->res[i].real);
    free(b->res[i].href);
    free(b->res[i].id);
    free(b->res[i].data);
  }
  free(b->res);
  for (size_t i = 0; i < b->n_anchors; i++) {
    free(b->anchors[i].id);
  }
  free(b->anchors);
  for (size_t i = 0; i < b->n_pool; i++) {
    free(b->pool[i]);
  }
  free(b->pool);
  for (size_t i = 0; i < b->n_inputs_real; i++) {
    free(b->inputs_real[i]);
  }
  free(b->inputs_real);
}

void sheaf_book_free(sheaf_book *b) {
  if (!b) {
    return;
  }
  for (size_t i = 0; b->kept && i < b->n_sources; i++) {
    sheaf_loaded_free(b->kept[i]);
  }
  free(b->kept);
  free_tables(b);
  sheaf_strmap_fini(&b->src_by_rel);
  sheaf_strmap_fini(&b->res_by_real);
  sheaf_strmap_fini(&b->anchor_map);
  sheaf_strmap_fini(&b->ids);
  sheaf_strmap_fini(&b->names);
  sheaf_strmap_fini(&b->img_refs);
  sheaf_templates_free(&b->tpl);
  sheaf_meta_fini(&b->meta);
  sheaf_root_fini(&b->root);
  sheaf_diags_fini(&b->diags);
  free(b->base_dir);
  free(b->identifier);
  free(b->modified);
  sheaf_pool_free(b->trees); /* last: the kept trees above lived in it */
  free(b);
}
