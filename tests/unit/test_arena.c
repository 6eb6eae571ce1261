/* test_arena.c -- trees parsed into arenas: the same trees as cmark's own, in bounded memory
 * SPDX-License-Identifier: MIT */
#include <cmark.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "harness.h"

/* Markdown that takes every path of the allocator: many nodes and delimiters (freed while
 * inlines are parsed), references, a code block longer than a chunk's big limit, CRLF line
 * ends and a final lone CR (held back by cmark_parser_feed until the finish). */
static char *sample(size_t copies) {
  sheaf_buf b = {0};
  sheaf_buf_puts(&b, "---\r\n# Title *with* `code`\r\n\r\n[ref]: /url \"t\"\r\n\r\n");
  for (size_t i = 0; i < copies; i++) {
    sheaf_buf_puts(&b, "A *b* **c** _d_ [e][ref] <http://x.y> \"q\" -- ...\n"
                       "- item `x`\n- item ![i](p.png)\n\n> quote *q*\n\n");
  }
  sheaf_buf_puts(&b, "```c\n");
  for (size_t i = 0; i < 3000; i++) {
    sheaf_buf_puts(&b, "int line = 0; /* a long code block */\n");
  }
  sheaf_buf_puts(&b, "```\n\nlast line\r");
  return sheaf_buf_detach(&b, NULL);
}

/* The tree's HTML, in a string of malloc's (what cmark renders comes from the tree's
 * allocator and goes back to it). */
static char *html_of(cmark_node *doc, sheaf_arena *a) {
  cmark_mem *mem = a ? sheaf_arena_mem(a) : cmark_get_default_mem_allocator();
  char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
  char *copy = strdup(html);
  mem->free(html);
  return copy;
}

/* What cmark_parse_document gives, and what the arena gives, rendered. */
static void same_as_cmark(test_ctx *t, sheaf_pool *pool, const char *text, int opts,
                          const char *what) {
  cmark_node *want_doc = cmark_parse_document(text, strlen(text), opts);
  char *want = html_of(want_doc, NULL);
  cmark_node_free(want_doc);
  sheaf_arena *a = sheaf_arena_new(pool);
  cmark_node *doc = sheaf_arena_parse(a, text, strlen(text), opts);
  char *got = html_of(doc, a); /* getters allocate strings now, outside the parse: from malloc */
  OK(t, strcmp(got, want) == 0, "%s: the arena's tree renders differently", what);
  cmark_node_free(doc);
  sheaf_arena_free(a);
  free(got);
  free(want);
}

static void test_same_trees(test_ctx *t) {
  sheaf_pool *pool = sheaf_pool_new();
  char *text = sample(200);
  same_as_cmark(t, pool, text, CMARK_OPT_SOURCEPOS, "sample");
  same_as_cmark(t, pool, text, CMARK_OPT_SOURCEPOS | CMARK_OPT_SMART, "sample, smart");
  same_as_cmark(t, pool, "", 0, "empty");
  same_as_cmark(t, pool, "\r", 0, "a lone CR");
  same_as_cmark(t, pool, "x\r\n\r\n    code\r\n", 0, "CRLF");
  free(text);
  sheaf_pool_free(pool);
}

static void test_alloc(test_ctx *t) {
  sheaf_pool *pool = sheaf_pool_new();
  sheaf_arena *a = sheaf_arena_new(pool);
  enum { N = 4000 };
  unsigned char *p[N];
  int zero = 1;
  int aligned = 1;
  for (size_t i = 0; i < N; i++) {
    size_t size = (i * 37) % 700 + (i % 500 == 0 ? 200000 : 0); /* a few big ones */
    p[i] = sheaf_arena_alloc(a, size);
    for (size_t k = 0; k < size; k++) {
      zero &= p[i][k] == 0;
    }
    aligned &= ((uintptr_t)p[i] % 16) == 0;
    memset(p[i], (int)(i & 0xff), size);
  }
  OK(t, zero, "arena memory comes zeroed");
  OK(t, aligned, "arena memory is 16-byte aligned");
  int intact = 1;
  for (size_t i = 0; i < N; i++) {
    size_t size = (i * 37) % 700 + (i % 500 == 0 ? 200000 : 0);
    for (size_t k = 0; k < size; k++) {
      intact &= p[i][k] == (i & 0xff);
    }
  }
  OK(t, intact, "no allocation overlaps another");
  OK(t, sheaf_arena_size(a) >= 8 * 200000, "big blocks are counted in the arena's size");
  sheaf_arena_free(a);
  /* the chunks go back to the pool: a second arena reuses them, zeroed again */
  size_t mapped = sheaf_pool_mapped(pool);
  a = sheaf_arena_new(pool);
  zero = 1;
  for (size_t i = 0; i < N; i++) {
    unsigned char *q = sheaf_arena_alloc(a, 100);
    for (size_t k = 0; k < 100; k++) {
      zero &= q[k] == 0;
    }
  }
  OK(t, zero, "reused chunks come zeroed");
  INT_EQ(t, sheaf_pool_mapped(pool), mapped, "a second arena maps nothing new");
  sheaf_arena_free(a);
  sheaf_pool_free(pool);
}

/* cmark frees thousands of nodes and delimiters while it parses: reusing them keeps this
 * dense text's tree to 37 times its size (63 without: 1.8 against 3.1 MiB), and parsing the
 * same text again after freeing the first tree maps nothing more. */
static void test_bounded(test_ctx *t) {
  sheaf_pool *pool = sheaf_pool_new();
  sheaf_buf b = {0};
  while (b.len < 50000) {
    sheaf_buf_puts(&b, "Some *emphasis*, **strong** and `code` in _a_ [link](u) paragraph.\n\n");
  }
  size_t mapped = 0;
  for (int round = 0; round < 3; round++) {
    sheaf_arena *a = sheaf_arena_new(pool);
    cmark_node *doc = sheaf_arena_parse(a, b.ptr, b.len, CMARK_OPT_SOURCEPOS);
    size_t used = sheaf_arena_size(a);
    OK(t, used < 45 * b.len, "a tree takes %zu bytes for %zu of text", used, b.len);
    cmark_node_free(doc);
    sheaf_arena_free(a);
    if (round == 0) {
      mapped = sheaf_pool_mapped(pool);
    }
  }
  INT_EQ(t, sheaf_pool_mapped(pool), mapped, "parsing again reuses the pool");
  sheaf_buf_free(&b);
  sheaf_pool_free(pool);
}

typedef struct job {
  sheaf_pool *pool;
  const char *text;
  const char *want;
  int same;
} job;

static void *parse_many(void *ud) {
  job *j = ud;
  j->same = 1;
  for (int i = 0; i < 20; i++) {
    sheaf_arena *a = sheaf_arena_new(j->pool);
    cmark_node *doc = sheaf_arena_parse(a, j->text, strlen(j->text), CMARK_OPT_SOURCEPOS);
    char *got = html_of(doc, a);
    j->same &= strcmp(got, j->want) == 0;
    free(got);
    cmark_node_free(doc);
    sheaf_arena_free(a);
  }
  return NULL;
}

/* One pool, trees parsed on several threads at once (scripts/ci-tsan.sh runs this too). */
static void test_threads(test_ctx *t) {
  sheaf_pool *pool = sheaf_pool_new();
  char *text = sample(300);
  cmark_node *doc = cmark_parse_document(text, strlen(text), CMARK_OPT_SOURCEPOS);
  char *want = html_of(doc, NULL);
  cmark_node_free(doc);
  enum { THREADS = 3 };
  pthread_t th[THREADS];
  job jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (job){pool, text, want, 0};
    pthread_create(&th[i], NULL, parse_many, &jobs[i]);
  }
  for (int i = 0; i < THREADS; i++) {
    pthread_join(th[i], NULL);
    OK(t, jobs[i].same, "thread %d: the trees render as cmark's", i);
  }
  free(want);
  free(text);
  sheaf_pool_free(pool);
}

int main(void) {
  test_ctx t = {0, 0};
  test_same_trees(&t);
  test_alloc(&t);
  test_bounded(&t);
  test_threads(&t);
  return test_report(&t, "arena");
}
