/* toc.c -- stage 4: the table of contents, shared by nav.xhtml and toc.ncx
 * SPDX-License-Identifier: MIT
 *
 * Each source contributes one entry for itself (its first heading when the source starts
 * with one, else its title) and its headings below it; sources nested in book.yaml nest
 * their entries under their parent's. Raw depths are then made proper (no level skipped)
 * with a stack, and cut at --toc-depth. */
#include "toc.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "url.h"

typedef struct raw_entry {
  char *label;
  char *href;
  int depth;
} raw_entry;

typedef struct builder {
  raw_entry *v;
  size_t n, cap;
} builder;

static void push(builder *b, const char *label, char *href, int depth) {
  b->v = sheaf_xgrow(b->v, &b->cap, b->n + 1, sizeof *b->v);
  b->v[b->n++] = (raw_entry){sheaf_xstrdup(label), href, depth};
}

static char *href_of(const sheaf_book *book, size_t part, const char *id) {
  sheaf_buf b = SHEAF_BUF_INIT;
  sheaf_buf_puts(&b, "text/");
  sheaf_url_put_component(&b, book->parts[part].name);
  sheaf_buf_puts(&b, ".xhtml");
  if (id) {
    sheaf_buf_putc(&b, '#');
    sheaf_url_put_component(&b, id);
  }
  return sheaf_buf_detach(&b, NULL);
}

static int min_level(const sheaf_book *book, const sheaf_source *s) {
  int min = 7;
  for (size_t p = s->first_part; p < s->first_part + s->n_parts; p++) {
    for (size_t h = 0; h < book->parts[p].n_heads; h++) {
      if (book->parts[p].heads[h].level < min) {
        min = book->parts[p].heads[h].level;
      }
    }
  }
  return min;
}

static void add_source(const sheaf_book *book, const sheaf_source *s, builder *b) {
  if (s->n_parts == 0) {
    if (s->title) {
      push(b, s->title, NULL, s->depth); /* a part title without a page of its own */
    }
    return;
  }
  const sheaf_part *first = &book->parts[s->first_part];
  int starts_with_heading = first->n_heads && first->heads[0].is_first;
  int base = min_level(book, s);
  /* a split source's parts are siblings; a single part's headings nest under its entry */
  int shift = s->depth + (starts_with_heading || s->n_parts > 1 ? 0 : 1);
  if (!starts_with_heading) {
    push(b, first->label, href_of(book, s->first_part, NULL), s->depth);
  }
  for (size_t p = s->first_part; p < s->first_part + s->n_parts; p++) {
    const sheaf_part *part = &book->parts[p];
    for (size_t h = 0; h < part->n_heads; h++) {
      const sheaf_heading *hd = &part->heads[h];
      int top = p == s->first_part && h == 0 && starts_with_heading;
      const char *label = top && s->title ? s->title : hd->label;
      push(b, label, href_of(book, p, hd->is_first ? NULL : hd->id), shift + hd->level - base);
    }
  }
}

void sheaf_toc_build(const sheaf_book *book, sheaf_toc *toc) {
  builder b = {NULL, 0, 0};
  for (size_t i = 0; i < book->n_sources; i++) {
    add_source(book, &book->sources[i], &b);
  }
  memset(toc, 0, sizeof *toc);
  toc->v = sheaf_xcalloc(b.n ? b.n : 1, sizeof *toc->v);
  int stack[64];
  int top = 0;
  for (size_t i = 0; i < b.n; i++) {
    while (top > 0 && stack[top - 1] >= b.v[i].depth) {
      top--;
    }
    int depth = top;
    if (top < 64) {
      stack[top++] = b.v[i].depth;
    }
    if (depth >= book->toc_depth || (!b.v[i].href && depth + 1 >= book->toc_depth)) {
      free(b.v[i].label);
      free(b.v[i].href);
      continue;
    }
    toc->v[toc->n++] = (sheaf_toc_entry){b.v[i].label, b.v[i].href, depth};
    if (depth + 1 > toc->max_depth) {
      toc->max_depth = depth + 1;
    }
  }
  free(b.v);
}

void sheaf_toc_free(sheaf_toc *toc) {
  for (size_t i = 0; i < toc->n; i++) {
    free(toc->v[i].label);
    free(toc->v[i].href);
  }
  free(toc->v);
  memset(toc, 0, sizeof *toc);
}
