/* input.c -- stages 1 and 2: what the inputs name (sources, metadata) and in which order
 * SPDX-License-Identifier: MIT */
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chapter.h"
#include "mem.h"
#include "resource.h"
#include "summary.h"
#include "url.h"
#include "yamltree.h"

/* Keys of book.yaml that describe the book's structure rather than its metadata. */
static const char *const structure_keys[] = {"chapters", NULL};

/* Reads a YAML file whole (capped) into a tree. */
static sheaf_ynode *read_yaml(sheaf_book *b, const char *path, sheaf_error *err) {
  sheaf_buf text = SHEAF_BUF_INIT;
  sheaf_ynode *y = NULL;
  if (sheaf_read_text(path, SHEAF_MAX_YAML_BYTES, &b->diags, &text, err) == 0) {
    y = sheaf_yaml_parse(text.ptr ? text.ptr : "", text.len, sheaf_book_intern(b, path), 1, err);
    sheaf_book_note_input(b, path);
  }
  sheaf_buf_free(&text);
  return y;
}

/* The front matter of a Markdown file as a tree, or an empty map when it has none. */
static sheaf_ynode *front_matter_of(sheaf_book *b, const char *path, sheaf_error *err) {
  sheaf_buf text = SHEAF_BUF_INIT;
  sheaf_ynode *y = NULL;
  size_t end;
  sheaf_diags quiet; /* the chapter stage reads the file again and reports what is in it */
  sheaf_diags_init(&quiet, NULL, NULL, 0);
  quiet.quiet = 1;
  if (sheaf_read_text(path, SHEAF_MAX_MARKDOWN_BYTES, &quiet, &text, err) == 0) {
    const char *p = sheaf_book_intern(b, path);
    int fm = sheaf_front_matter(p, text.ptr ? text.ptr : "", text.len, &end, &y, err);
    if (fm == 0) {
      y = sheaf_ynode_new(SHEAF_Y_MAP, p, 1, 1);
    }
  }
  sheaf_buf_free(&text);
  sheaf_diags_fini(&quiet);
  return y;
}

/* ---- book.yaml chapters ---- */

static int matter_of_type(const char *type) {
  static const char *const front[] = {
      "preface",       "foreword",       "dedication",   "epigraph", "acknowledgments", "abstract",
      "halftitlepage", "copyright-page", "frontispiece", "imprint",  "prologue",        NULL};
  static const char *const back[] = {"appendix", "afterword",    "colophon", "bibliography",
                                     "glossary", "index",        "endnotes", "epilogue",
                                     "credits",  "contributors", NULL};
  for (size_t i = 0; type && front[i]; i++) {
    if (strcmp(type, front[i]) == 0) {
      return SHEAF_FRONT;
    }
  }
  for (size_t i = 0; type && back[i]; i++) {
    if (strcmp(type, back[i]) == 0) {
      return SHEAF_BACK;
    }
  }
  return SHEAF_BODY;
}

static int entry_error(sheaf_error *err, const sheaf_ynode *n, const char *msg) {
  return sheaf_fail(err, SHEAF_ER_META, n->path, n->line, n->col, "'chapters': %s", msg);
}

static const char *opt_scalar(const sheaf_ynode *e, const char *key, sheaf_error *err, int *bad) {
  const sheaf_ynode *v = sheaf_ymap_get(e, key);
  if (!v) {
    return NULL;
  }
  if (v->kind != SHEAF_Y_SCALAR) {
    *bad = 1;
    sheaf_fail(err, SHEAF_ER_META, v->path, v->line, v->col, "'chapters.%s' must be a string", key);
    return NULL;
  }
  return v->value;
}

static int add_entries(sheaf_book *b, const sheaf_ynode *list, int depth, int inherited,
                       sheaf_error *err);

/* Warns about each key of a chapter entry that is not one of its fields. */
static void warn_unknown_fields(sheaf_book *b, const sheaf_ynode *e) {
  static const char *const fields[] = {"file", "title", "type", "matter", "children", NULL};
  for (size_t i = 0; i + 1 < e->n; i += 2) {
    size_t k = 0;
    while (fields[k] && strcmp(fields[k], e->items[i]->value) != 0) {
      k++;
    }
    if (!fields[k]) {
      sheaf_warn(&b->diags, e->items[i]->path, e->items[i]->line, e->items[i]->col,
                 "unknown field '%s' in a chapter entry; ignored", e->items[i]->value);
    }
  }
}

/* An entry's matter into *matter: its 'matter' field when given, else what its type implies,
 * else what it inherits from its parent. Fails on a 'matter' that is not front, body or back. */
static int entry_matter(const sheaf_ynode *e, const char *type, const char *matter_s, int inherited,
                        int *matter, sheaf_error *err) {
  *matter = type ? matter_of_type(type) : inherited;
  if (!matter_s) {
    return 0;
  }
  *matter = strcmp(matter_s, "front") == 0  ? SHEAF_FRONT
            : strcmp(matter_s, "back") == 0 ? SHEAF_BACK
            : strcmp(matter_s, "body") == 0 ? SHEAF_BODY
                                            : -1;
  if (*matter < 0) {
    const sheaf_ynode *v = sheaf_ymap_get(e, "matter");
    return sheaf_fail(err, SHEAF_ER_META, v->path, v->line, v->col,
                      "'chapters.matter' must be front, body or back, not '%s'", matter_s);
  }
  return 0;
}

/* One entry of a chapters list: a file name, or a mapping with a file and/or a title (a part
 * heading with no file of its own), and maybe children. */
static int add_entry(sheaf_book *b, const sheaf_ynode *e, int depth, int inherited,
                     sheaf_error *err) {
  if (e->kind == SHEAF_Y_SCALAR) {
    return sheaf_input_add_chapter(b, b->base_dir, e->value, e, NULL, NULL, inherited, depth, err);
  }
  if (e->kind != SHEAF_Y_MAP) {
    return entry_error(err, e, "each entry must be a file name or a mapping with 'file'");
  }
  warn_unknown_fields(b, e);
  int bad = 0;
  const char *file = opt_scalar(e, "file", err, &bad);
  const char *title = opt_scalar(e, "title", err, &bad);
  const char *type = opt_scalar(e, "type", err, &bad);
  const char *matter_s = opt_scalar(e, "matter", err, &bad);
  int matter;
  if (bad || entry_matter(e, type, matter_s, inherited, &matter, err) != 0) {
    return -1;
  }
  if (!file && !title) {
    return entry_error(err, e, "an entry needs a 'file' (or a 'title' for a part heading)");
  }
  if (file) {
    if (sheaf_input_add_chapter(b, b->base_dir, file, sheaf_ymap_get(e, "file"), title, type,
                                matter, depth, err) != 0) {
      return -1;
    }
  } else {
    size_t s = sheaf_book_add_source(b, "", title, (sheaf_matter)matter, depth);
    b->sources[s].draft = 1;
  }
  const sheaf_ynode *children = sheaf_ymap_get(e, "children");
  return children ? add_entries(b, children, depth + 1, matter, err) : 0;
}

static int add_entries(sheaf_book *b, const sheaf_ynode *list, int depth, int inherited,
                       sheaf_error *err) {
  if (list->kind != SHEAF_Y_SEQ) {
    return entry_error(err, list, "must be a list of chapter files");
  }
  if (depth > 8) {
    return entry_error(err, list, "chapters nest more than 8 levels deep");
  }
  for (size_t i = 0; i < list->n; i++) {
    if (add_entry(b, list->items[i], depth, inherited, err) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Fills err for a chapter file that cannot be used (real is NULL when it does not resolve,
 * else it is not a regular file), pointing at `at` when there is one. Frees real and rel;
 * returns -1. */
static int chapter_not_file(sheaf_error *err, char *real, char *rel, const char *file,
                            const sheaf_ynode *at) {
  if (real) {
    sheaf_fail(err, SHEAF_ER_MISSING, NULL, 0, 0, "chapter '%s' is not a file", file);
  } else if (err->code == SHEAF_ER_MISSING) {
    snprintf(err->message, sizeof err->message, "chapter file '%s' not found", file);
  }
  snprintf(err->path, sizeof err->path, "%s", at ? at->path : "");
  err->line = at ? at->line : 0;
  err->col = at ? at->col : 0;
  free(real);
  free(rel);
  return -1;
}

int sheaf_input_add_chapter(sheaf_book *b, const char *base, const char *file,
                            const sheaf_ynode *at, const char *title, const char *type, int matter,
                            int depth, sheaf_error *err) {
  char *rel = NULL;
  char *real = sheaf_root_resolve(&b->root, base, file, &rel, err);
  if (!real || !sheaf_is_file(real)) {
    return chapter_not_file(err, real, rel, file, at);
  }
  const char *at_path = at ? at->path : NULL;
  unsigned at_line = at ? at->line : 0;
  unsigned at_col = at ? at->col : 0;
  if (b->n_sources >= SHEAF_MAX_CHAPTERS) {
    free(real);
    free(rel);
    return sheaf_fail(err, SHEAF_ER_LIMIT, at_path, at_line, at_col, "more than %d chapter files",
                      SHEAF_MAX_CHAPTERS);
  }
  char *path = sheaf_path_join(base, file);
  size_t s = sheaf_book_add_source(b, path, title, (sheaf_matter)matter, depth);
  b->sources[s].rel = rel;
  b->sources[s].epub_type = type ? sheaf_xstrdup(type) : NULL;
  if (!sheaf_strmap_add(&b->src_by_rel, rel, s)) {
    sheaf_warn(&b->diags, at_path, at_line, at_col,
               "'%s' is listed twice; links to it lead to its first place", file);
  }
  sheaf_book_note_input(b, real);
  free(path);
  free(real);
  return 0;
}

/* ---- the three shapes ---- */

/* A book directory: book.yaml with a `chapters:` list, or SUMMARY.md (with book.yaml, when
 * there is one, for the metadata). */
static int load_book_dir(sheaf_book *b, const char *dir, sheaf_ynode **meta, sheaf_error *err) {
  b->base_dir = sheaf_xstrdup(dir);
  if (sheaf_root_init(&b->root, dir, err) != 0) {
    return -1;
  }
  char *yaml = sheaf_path_join(dir, "book.yaml");
  if (!sheaf_is_file(yaml)) {
    free(yaml);
    return sheaf_summary_load(b, dir, meta, err);
  }
  *meta = read_yaml(b, yaml, err);
  if (!*meta) {
    free(yaml);
    return -1;
  }
  sheaf_ynode *chapters = sheaf_ymap_take(*meta, "chapters");
  int rc;
  if (!chapters) {
    sheaf_ynode *ignored = NULL;
    rc = sheaf_summary_load(b, dir, &ignored, err);
    sheaf_ynode_free(ignored);
    if (rc != 0 && err->code == SHEAF_ER_MISSING) {
      rc = sheaf_fail(err, SHEAF_ER_META, sheaf_book_intern(b, yaml), 1, 1,
                      "book.yaml has no 'chapters' list naming the Markdown files in order (and "
                      "there is no SUMMARY.md)");
    }
  } else {
    rc = add_entries(b, chapters, 0, SHEAF_BODY, err);
    if (rc == 0 && b->n_sources == 0) {
      rc = entry_error(err, chapters, "the list is empty");
    }
  }
  sheaf_ynode_free(chapters);
  free(yaml);
  return rc;
}

/* The deepest directory holding every input file: the book root for file inputs. */
static char *common_dir(const char *const *inputs, size_t n) {
  char *common = NULL;
  for (size_t i = 0; i < n; i++) {
    char *real = realpath(inputs[i], NULL);
    char *dir = real ? sheaf_path_dir(real) : sheaf_xstrdup(".");
    free(real);
    if (!common) {
      common = dir;
      continue;
    }
    size_t k = 0;
    while (common[k] && common[k] == dir[k]) {
      k++;
    }
    if (!(common[k] == '\0' && (dir[k] == '/' || dir[k] == '\0'))) {
      while (k > 0 && common[k] != '/') {
        k--;
      }
      common[k ? k : 1] = '\0';
    }
    free(dir);
  }
  return common ? common : sheaf_xstrdup(".");
}

static int load_files(sheaf_book *b, const char *const *inputs, size_t n, sheaf_ynode **meta,
                      sheaf_error *err) {
  char *root = common_dir(inputs, n);
  int rc = sheaf_root_init(&b->root, root, err);
  free(root);
  b->base_dir = sheaf_path_dir(inputs[0]);
  *meta = sheaf_ynode_new(SHEAF_Y_MAP, NULL, 0, 0);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (sheaf_is_dir(inputs[i])) {
      return sheaf_fail(err, SHEAF_ER_USAGE, inputs[i], 0, 0,
                        "is a directory; give one book directory, or Markdown files");
    }
    sheaf_ynode *fm = front_matter_of(b, inputs[i], err);
    if (!fm) {
      return -1;
    }
    sheaf_meta_merge(*meta, fm);
    char *real = realpath(inputs[i], NULL);
    if (!real) {
      return sheaf_fail_sys(err, inputs[i], "cannot open the file");
    }
    char *rel = sheaf_root_relative(&b->root, real);
    size_t s = sheaf_book_add_source(b, inputs[i], NULL, SHEAF_BODY, 0);
    b->sources[s].rel = rel;
    b->sources[s].meta_front = 1;
    sheaf_strmap_add(&b->src_by_rel, rel, s);
    sheaf_book_note_input(b, real);
    free(real);
  }
  return rc;
}

/* --metadata-file and -M, in that order, over the book's own metadata. */
static int apply_overrides(sheaf_book *b, sheaf_ynode *meta, const sheaf_options *o,
                           sheaf_error *err) {
  if (o->metadata_file) {
    sheaf_ynode *y = read_yaml(b, o->metadata_file, err);
    if (!y) {
      return -1;
    }
    sheaf_meta_merge(meta, y);
  }
  const char *where = sheaf_book_intern(b, "-M");
  for (size_t i = 0; i < o->n_metadata; i++) {
    sheaf_buf v = SHEAF_BUF_INIT;
    sheaf_buf_puts(&v, o->metadata[i]);
    int rc = sheaf_check_text(where, &v, &b->diags, err);
    if (rc == 0) {
      rc = sheaf_meta_set_kv(meta, v.ptr, where, err);
    }
    sheaf_buf_free(&v);
    if (rc != 0) {
      return -1;
    }
  }
  return 0;
}

static int load_cover(sheaf_book *b, const sheaf_options *o, sheaf_error *err) {
  size_t idx;
  if (o->cover_path) {
    sheaf_pos pos = {sheaf_book_intern(b, o->cover_path), 0, 0};
    if (sheaf_resource_named(b, o->cover_path, 1, &pos, 0, &b->diags, &idx, err) != 0) {
      return -1;
    }
  } else if (b->meta.cover_image) {
    if (sheaf_resource_named(b, b->meta.cover_image, 0, &b->meta.cover_pos, 0, &b->diags, &idx,
                             err) != 0) {
      return -1;
    }
  } else {
    return 0;
  }
  b->res[idx].cover = 1;
  b->cover_res = idx;
  b->has_cover = 1;
  return 0;
}

int sheaf_input_load(sheaf_book *b, const char *const *inputs, size_t n, const sheaf_options *o,
                     sheaf_error *err) {
  if (n == 0) {
    return sheaf_fail(err, SHEAF_ER_USAGE, NULL, 0, 0,
                      "no input: give a book directory or Markdown files");
  }
  sheaf_ynode *meta = NULL;
  int rc;
  if (n == 1 && sheaf_is_dir(inputs[0])) {
    rc = load_book_dir(b, inputs[0], &meta, err);
  } else {
    rc = load_files(b, inputs, n, &meta, err);
  }
  if (rc == 0) {
    rc = apply_overrides(b, meta, o, err);
  }
  if (rc == 0) {
    rc = sheaf_meta_load(&b->meta, meta, structure_keys, &b->diags, err);
  }
  if (rc == 0) {
    rc = load_cover(b, o, err);
  }
  sheaf_ynode_free(meta);
  return rc;
}
