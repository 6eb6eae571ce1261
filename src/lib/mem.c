/* mem.c -- the single allocation wrapper
 * SPDX-License-Identifier: MIT */
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sheaf_oom(size_t size) {
  fprintf(stderr, "sheaf: out of memory (allocating %zu bytes)\n", size);
  abort();
}

static void *oom(size_t size) {
  sheaf_oom(size);
}

void *sheaf_xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  return p ? p : oom(size);
}

void *sheaf_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  return p ? p : oom(count * size);
}

void *sheaf_xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  return p ? p : oom(size);
}

void *sheaf_xgrow(void *ptr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) {
    return ptr;
  }
  size_t n = *cap ? *cap : 8;
  while (n < need) {
    n = n / 2 * 3 + 8;
  }
  if (n > ((size_t)-1) / elem) {
    return oom((size_t)-1);
  }
  *cap = n;
  return sheaf_xrealloc(ptr, n * elem);
}

char *sheaf_xstrndup(const char *s, size_t n) {
  char *p = sheaf_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *sheaf_xstrdup(const char *s) {
  return sheaf_xstrndup(s, strlen(s));
}

char *sheaf_xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    return sheaf_xstrdup("");
  }
  char *p = sheaf_xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
