/* render.c -- pass 2: the parts rendered in order, ahead of the container writer
 * SPDX-License-Identifier: MIT */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "ahead.h"
#include "chapter.h"
#include "compress.h"
#include "mem.h"

/* Parts rendered ahead of the writer: enough to keep every core busy, few enough that memory
 * stays a handful of chapters. */
#define AHEAD 6

/* Markdown smaller than this in all is rendered on the caller's thread. */
#define RENDER_THREADS_MIN_BYTES ((size_t)32 << 10)

/* What one worker holds: the source whose parts it is rendering, and its compressor. */
typedef struct render_state {
  sheaf_chapter *loaded;
  size_t loaded_src;
  sheaf_compressor *z; /* deflates each part where it was rendered */
} render_state;

struct sheaf_renderer {
  const sheaf_book *book;
  sheaf_loaded **kept; /* pass 1's parses (owned); each taken by the one worker of its source */
  render_state states[SHEAF_AHEAD_MAX_WORKERS];
  int deflate; /* on the workers; without workers the container deflates with its compressor */
  sheaf_ahead *ahead;
};

static void drop_entry(void *p) {
  sheaf_entry_data_free(p);
  free(p);
}

/* The parts of one source are rendered by one worker, from one parse. */
static size_t source_parts_end(void *ud, size_t part) {
  const sheaf_book *b = ((sheaf_renderer *)ud)->book;
  const sheaf_source *s = &b->sources[b->parts[part].src];
  return s->first_part + s->n_parts;
}

/* Renders (and, on a worker, deflates) part i on worker w, loading its source when it is not the
 * one loaded. */
static int render_part(void *ud, unsigned w, size_t part, void **result, sheaf_diags *diags,
                       sheaf_error *err) {
  sheaf_renderer *r = ud;
  render_state *st = &r->states[w];
  const sheaf_book *b = r->book;
  size_t src = b->parts[part].src;
  if (!st->loaded || st->loaded_src != src) {
    sheaf_chapter_free(st->loaded);
    sheaf_loaded *kept = r->kept ? r->kept[src] : NULL;
    if (kept) {
      r->kept[src] = NULL;
    }
    st->loaded = kept ? sheaf_chapter_adopt(b, src, kept) : sheaf_chapter_load(b, src, err);
    st->loaded_src = src;
    if (!st->loaded) {
      return -1;
    }
  }
  sheaf_entry_data *out = sheaf_xcalloc(1, sizeof *out);
  int rc = sheaf_chapter_render(st->loaded, part, diags, &out->bytes, err);
  if (part + 1 == source_parts_end(r, part)) {
    sheaf_chapter_free(st->loaded); /* its last part: the text and tree go now */
    st->loaded = NULL;
  }
  if (rc != 0) {
    drop_entry(out);
    return -1;
  }
  if (r->deflate) {
    if (!st->z) {
      st->z = sheaf_compressor_new();
    }
    sheaf_compress(st->z, out);
  }
  *result = out;
  return 0;
}

/* Workers for a book: as many as asked (--threads), else one per core, except for a small
 * book, which renders sooner than threads start. */
static unsigned workers_for(const sheaf_book *book) {
  size_t bytes = 0;
  for (size_t i = 0; i < book->n_sources; i++) {
    bytes += book->sources[i].size;
  }
  if (!book->threads && bytes < RENDER_THREADS_MIN_BYTES) {
    return 0; /* decided before counting the cores, which reads /sys */
  }
  unsigned threads = sheaf_book_threads(book);
  if (threads <= 1) {
    return 0;
  }
  return threads < SHEAF_AHEAD_MAX_WORKERS ? threads : SHEAF_AHEAD_MAX_WORKERS;
}

sheaf_renderer *sheaf_renderer_new(const sheaf_book *book, sheaf_loaded **kept,
                                   sheaf_diags *diags) {
  sheaf_renderer *r = sheaf_xcalloc(1, sizeof *r);
  r->book = book;
  r->kept = kept;
  sheaf_ahead_spec spec = {book->n_parts, render_part, drop_entry,       source_parts_end, r,
                           diags,         AHEAD,       workers_for(book)};
  r->deflate = spec.workers > 0;
  r->ahead = sheaf_ahead_new(&spec);
  return r;
}

int sheaf_renderer_take(sheaf_renderer *r, size_t part, sheaf_entry_data *out, sheaf_error *err) {
  void *result = NULL;
  if (sheaf_ahead_take(r->ahead, part, &result, err) != 0) {
    return -1;
  }
  sheaf_entry_data_free(out);
  *out = *(sheaf_entry_data *)result; /* moved, not copied */
  free(result);
  return 0;
}

void sheaf_renderer_free(sheaf_renderer *r) {
  if (!r) {
    return;
  }
  sheaf_ahead_free(r->ahead); /* joins the workers before their state goes */
  for (size_t k = 0; k < SHEAF_AHEAD_MAX_WORKERS; k++) {
    sheaf_chapter_free(r->states[k].loaded);
    sheaf_compressor_free(r->states[k].z);
  }
  for (size_t i = 0; r->kept && i < r->book->n_sources; i++) {
    sheaf_loaded_free(r->kept[i]); /* the sources of parts never written */
  }
  free(r->kept);
  free(r);
}
