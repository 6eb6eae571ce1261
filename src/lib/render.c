/* render.c -- pass 2: the parts rendered in order, ahead of the container writer
 * SPDX-License-Identifier: MIT */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "ahead.h"
#include "chapter.h"
#include "mem.h"

/* Parts rendered ahead of the writer: enough to keep both cores busy, few enough that memory
 * stays a handful of chapters. */
#define AHEAD 4

struct sheaf_renderer {
  const sheaf_book *book;
  sheaf_chapter *loaded; /* the source whose parts are being rendered (one thread at a time) */
  size_t loaded_src;
  sheaf_ahead *ahead;
};

static void drop_buf(void *p) {
  sheaf_buf_free(p);
  free(p);
}

/* Renders part i, loading its source when it is not the one loaded. */
static int render_part(void *ud, size_t part, void **result, sheaf_diags *diags, sheaf_error *err) {
  sheaf_renderer *r = ud;
  const sheaf_book *b = r->book;
  size_t src = b->parts[part].src;
  if (!r->loaded || r->loaded_src != src) {
    sheaf_chapter_free(r->loaded);
    r->loaded = sheaf_chapter_load(b, src, err);
    r->loaded_src = src;
    if (!r->loaded) {
      return -1;
    }
  }
  sheaf_buf *out = sheaf_xcalloc(1, sizeof *out);
  int rc = sheaf_chapter_render(r->loaded, part, diags, out, err);
  const sheaf_source *s = &b->sources[src];
  if (part + 1 == s->first_part + s->n_parts) {
    sheaf_chapter_free(r->loaded); /* its last part: the text and tree go now */
    r->loaded = NULL;
  }
  if (rc != 0) {
    drop_buf(out);
    return -1;
  }
  *result = out;
  return 0;
}

sheaf_renderer *sheaf_renderer_new(const sheaf_book *book, sheaf_diags *diags, unsigned threads) {
  sheaf_renderer *r = sheaf_xcalloc(1, sizeof *r);
  r->book = book;
  r->ahead = sheaf_ahead_new(book->n_parts, render_part, drop_buf, r, diags, AHEAD, threads > 1);
  return r;
}

int sheaf_renderer_take(sheaf_renderer *r, size_t part, sheaf_buf *out, sheaf_error *err) {
  void *result = NULL;
  if (sheaf_ahead_take(r->ahead, part, &result, err) != 0) {
    return -1;
  }
  sheaf_buf_free(out);
  *out = *(sheaf_buf *)result; /* moved, not copied */
  free(result);
  return 0;
}

void sheaf_renderer_free(sheaf_renderer *r) {
  if (!r) {
    return;
  }
  sheaf_ahead_free(r->ahead); /* joins the worker before its state goes */
  sheaf_chapter_free(r->loaded);
  free(r);
}
