/* resource.c -- images and stylesheets: found under the book root, typed by their bytes
 * SPDX-License-Identifier: MIT */
#include "resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "css.h"
#include "media.h"
#include "mem.h"
#include "slug.h"
#include "svg.h"
#include "url.h"

static int is_remote(const char *url) {
  return sheaf_url_scheme(url) > 0 || (url[0] == '/' && url[1] == '/');
}

/* A PNG fallback for a WebP image: EPUB 3.2 reading systems (and EPUBCheck 4.2.6) do not know
 * WebP, and EPUB requires a core-media-type fallback for anything else. */
static int add_webp_fallback(sheaf_book *b, size_t webp, const sheaf_buf *data, const char *stem,
                             const char *shown, sheaf_error *err) {
  unsigned char *png;
  size_t len;
  if (sheaf_webp_to_png((const unsigned char *)data->ptr, data->len, &png, &len) != 0) {
    return sheaf_fail(err, SHEAF_ER_MEDIA, NULL, 0, 0,
                      "'%s' is a WebP image that cannot be decoded (damaged, or over 16384 "
                      "pixels a side)",
                      shown);
  }
  size_t idx = sheaf_book_add_resource(b, "images", stem, "png", "image/png");
  b->res[idx].data = png;
  b->res[idx].size = len;
  b->res[webp].has_fallback = 1;
  b->res[webp].fallback = idx;
  return 0;
}

static int add_file(sheaf_book *b, char *real, const char *shown, int want_css, sheaf_diags *diags,
                    size_t *idx, sheaf_error *err);

/* What a stylesheet's url() may name: a font or an image beside it (in its directory or
 * below, or inside the book root), packaged like any other resource. */
typedef struct css_refs {
  sheaf_book *book;
  const char *dir;  /* the stylesheet's directory */
  const char *path; /* the stylesheet as shown in messages */
  sheaf_diags *diags;
} css_refs;

static int inside(const char *real, const char *dir) {
  size_t n = strlen(dir);
  return strncmp(real, dir, n) == 0 && real[n] == '/';
}

/* Packages the font at `real` (once): its resource index, or -1 when it is not a font. */
static int add_font(sheaf_book *b, char *real, size_t *idx) {
  if (sheaf_strmap_get(&b->res_by_real, real, idx)) {
    free(real);
    return 0;
  }
  unsigned char head[4] = {0, 0, 0, 0};
  FILE *f = fopen(real, "rb");
  size_t got = f ? fread(head, 1, sizeof head, f) : 0;
  if (f) {
    fclose(f);
  }
  const sheaf_media *m = sheaf_media_sniff_font(head, got);
  if (!m) {
    free(real);
    return -1;
  }
  char *stem_raw = sheaf_path_stem(real);
  char *stem = sheaf_slug_ascii(stem_raw, 60);
  *idx = sheaf_book_add_resource(b, "fonts", *stem ? stem : "font", m->ext, m->type);
  b->res[*idx].real = real;
  sheaf_strmap_add(&b->res_by_real, real, *idx);
  sheaf_book_note_input(b, real);
  free(stem);
  free(stem_raw);
  return 0;
}

static int css_url(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *out) {
  css_refs *r = ud;
  (void)line;
  (void)col;
  if (is_remote(url) || sheaf_url_unsafe(url) || url[0] == '#') {
    return 0; /* the cleaner says it was removed */
  }
  sheaf_url_parts u;
  sheaf_url_split(url, &u);
  char *joined = *u.path ? sheaf_path_join(r->dir, u.path) : NULL;
  char *real = joined ? realpath(joined, NULL) : NULL;
  char *rel = real ? sheaf_root_relative(&r->book->root, real) : NULL;
  int ok = real && (inside(real, r->dir) || rel != NULL);
  free(rel);
  size_t idx = 0;
  if (ok) {
    char *copy = sheaf_xstrdup(real);
    ok = add_font(r->book, copy, &idx) == 0;
    if (!ok) {
      sheaf_error e;
      sheaf_error_init(&e);
      ok = add_file(r->book, sheaf_xstrdup(real), u.path, 0, r->diags, &idx, &e) == 0;
    }
  }
  if (ok) {
    sheaf_buf_puts(out, "../");
    sheaf_buf_puts(out, r->book->res[idx].href);
  }
  free(real);
  free(joined);
  sheaf_url_parts_free(&u);
  return ok;
}

static void css_warn(void *ud, unsigned line, unsigned col, const char *message) {
  css_refs *r = ud;
  sheaf_warn(r->diags, r->path, line, col, "%s", message);
}

/* An author's stylesheet, cleaned (see css.h) so that EPUBCheck finds nothing in it, with the
 * fonts and images it names packaged. */
static int clean_stylesheet(sheaf_book *b, size_t idx, const char *real, const char *shown,
                            sheaf_buf *data, sheaf_diags *diags) {
  char *dir = sheaf_path_dir(real);
  css_refs refs = {b, dir, sheaf_book_intern(b, shown), diags};
  sheaf_css_env env = {&refs, css_url, css_warn};
  sheaf_buf out = SHEAF_BUF_INIT;
  sheaf_css_clean_sheet(&env, data->ptr ? data->ptr : "", data->len, 1, 1, &out);
  sheaf_resource *r = &b->res[idx]; /* css_url may have grown the array */
  r->data = (unsigned char *)sheaf_buf_detach(&out, &r->size);
  free(dir);
  return 0;
}

/* Registers the file at `real` as a resource of the given kind (after typing its bytes), or
 * finds it if already packaged. `shown` names the reference in messages. */
static int add_file(sheaf_book *b, char *real, const char *shown, int want_css, sheaf_diags *diags,
                    size_t *idx, sheaf_error *err) {
  if (sheaf_strmap_get(&b->res_by_real, real, idx)) {
    free(real);
    return 0;
  }
  sheaf_buf data = SHEAF_BUF_INIT;
  size_t max = want_css ? SHEAF_MAX_CSS_BYTES : SHEAF_MAX_IMAGE_BYTES;
  int rc = want_css ? sheaf_read_text(real, max, diags, &data, err)
                    : sheaf_read_file(real, max, &data, err);
  if (rc != 0) {
    snprintf(err->message, sizeof err->message, "cannot read '%s'", shown);
    err->path[0] = '\0';
    free(real);
    sheaf_buf_free(&data);
    return -1;
  }
  const sheaf_media *m = NULL;
  if (!want_css) {
    m = sheaf_media_sniff_image((const unsigned char *)data.ptr, data.len);
    if (!m) {
      sheaf_buf_free(&data);
      free(real);
      return sheaf_fail(err, SHEAF_ER_MEDIA, NULL, 0, 0,
                        "'%s' is not a PNG, JPEG, GIF, WebP or SVG image", shown);
    }
  }
  char *stem_raw = sheaf_path_stem(real);
  char *stem = sheaf_slug_ascii(stem_raw, 60);
  *idx = sheaf_book_add_resource(b, want_css ? "styles" : "images", *stem ? stem : "file",
                                 want_css ? "css" : m->ext, want_css ? "text/css" : m->type);
  free(stem);
  sheaf_resource *r = &b->res[*idx];
  r->real = real;
  sheaf_strmap_add(&b->res_by_real, real, *idx);
  sheaf_book_note_input(b, real);
  if (m && strcmp(m->ext, "svg") == 0) {
    rc = sheaf_svg_clean(data.ptr, data.len, shown, diags, &r->data, &r->size, err);
  } else if (m && strcmp(m->ext, "webp") == 0) {
    char *fstem = sheaf_slug_ascii(stem_raw, 60);
    rc = add_webp_fallback(b, *idx, &data, *fstem ? fstem : "file", shown, err);
    free(fstem);
  } else if (want_css) {
    rc = clean_stylesheet(b, *idx, real, shown, &data, diags);
  }
  free(stem_raw);
  sheaf_buf_free(&data);
  return rc;
}

int sheaf_resource_image(sheaf_book *b, size_t src, const char *url, sheaf_diags *diags,
                         size_t *idx, sheaf_error *err) {
  if (is_remote(url)) {
    return 0;
  }
  sheaf_url_parts u;
  sheaf_url_split(url, &u);
  char *rel = NULL;
  char *real = NULL;
  if (!*u.path) {
    sheaf_fail(err, SHEAF_ER_MISSING, NULL, 0, 0,
               "image with an empty source: give the path of an image file");
  } else {
    real = sheaf_root_resolve(&b->root, b->sources[src].dir, u.path, &rel, err);
  }
  int rc = -1;
  if (real) {
    rc = add_file(b, real, u.path, 0, diags, idx, err) == 0 ? 1 : -1;
  } else if (err->code == SHEAF_ER_MISSING && *u.path) {
    snprintf(err->message, sizeof err->message, "image '%s' not found", u.path);
  }
  free(rel);
  sheaf_url_parts_free(&u);
  return rc;
}

/* The media type of remote audio or video, from its file name's extension. */
static const char *remote_media_type(const char *url) {
  static const char *const types[][2] = {
      {"mp3", "audio/mpeg"},  {"m4a", "audio/mp4"},  {"aac", "audio/mp4"}, {"oga", "audio/ogg"},
      {"ogg", "audio/ogg"},   {"opus", "audio/ogg"}, {"mp4", "video/mp4"}, {"m4v", "video/mp4"},
      {"webm", "video/webm"}, {"ogv", "video/ogg"},
  };
  size_t end = strcspn(url, "?#");
  size_t dot = end;
  while (dot > 0 && url[dot - 1] != '.' && url[dot - 1] != '/') {
    dot--;
  }
  if (dot == 0 || url[dot - 1] != '.') {
    return NULL;
  }
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    if (end - dot == strlen(types[i][0]) && strncasecmp(url + dot, types[i][0], end - dot) == 0) {
      return types[i][1];
    }
  }
  return NULL;
}

int sheaf_resource_remote_find(const sheaf_book *b, const char *url, size_t *idx) {
  char *key = sheaf_xasprintf("remote\t%s", url);
  int known = sheaf_strmap_get(&b->res_by_real, key, idx);
  free(key);
  return known;
}

int sheaf_resource_remote_media(sheaf_book *b, const char *url, size_t *idx, const char **why) {
  char *key = sheaf_xasprintf("remote\t%s", url);
  int known = sheaf_strmap_get(&b->res_by_real, key, idx);
  const char *type = known ? NULL : remote_media_type(url);
  if (!known && type) {
    *idx = sheaf_book_add_resource(b, "media", "remote", "url", type);
    sheaf_resource *r = &b->res[*idx];
    free(r->href);
    r->href = sheaf_xstrdup(url);
    r->remote = 1;
    sheaf_strmap_add(&b->res_by_real, key, *idx);
    known = 1;
  }
  free(key);
  *why = known ? "" : "its file name does not say which audio or video format it is";
  return known;
}

int sheaf_resource_named(sheaf_book *b, const char *ref, int anywhere, const sheaf_pos *pos,
                         int want_css, sheaf_diags *diags, size_t *idx, sheaf_error *err) {
  char *rel = NULL;
  char *real = NULL;
  int rc = -1;
  if (is_remote(ref)) {
    sheaf_fail(err, SHEAF_ER_PATH, NULL, 0, 0, "'%s' is remote; an EPUB must contain its files",
               ref);
  } else if (anywhere) {
    real = realpath(ref, NULL);
    if (!real) {
      sheaf_fail_sys(err, NULL, "cannot open '%s'", ref);
    }
  } else {
    real = sheaf_root_resolve(&b->root, b->base_dir, ref, &rel, err);
  }
  if (real) {
    rc = add_file(b, real, ref, want_css, diags, idx, err);
  }
  free(rel);
  if (rc != 0 && pos && pos->path) {
    snprintf(err->path, sizeof err->path, "%s", pos->path);
    err->line = pos->line;
    err->col = pos->col;
  }
  return rc;
}

int sheaf_resource_bytes(const sheaf_book *b, size_t idx, sheaf_buf *out, sheaf_error *err) {
  const sheaf_resource *r = &b->res[idx];
  sheaf_buf_clear(out);
  if (r->data || !r->real) {
    sheaf_buf_put(out, r->data ? r->data : (const unsigned char *)"", r->size);
    return 0;
  }
  if (sheaf_read_file(r->real, SHEAF_MAX_IMAGE_BYTES, out, err) != 0) {
    return -1;
  }
  const sheaf_media *m = sheaf_media_sniff_image((const unsigned char *)out->ptr, out->len);
  if (!m) {
    m = sheaf_media_sniff_font((const unsigned char *)out->ptr, out->len);
  }
  if (!m || strcmp(m->type, r->type) != 0) {
    return sheaf_fail(err, SHEAF_ER_IO, r->real, 0, 0,
                      "file changed while the book was being built");
  }
  return 0;
}
