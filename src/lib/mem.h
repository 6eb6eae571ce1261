/* mem.h -- the single allocation wrapper: out of memory aborts with a message
 * SPDX-License-Identifier: MIT
 *
 * As in cmark, running out of memory is not an error we return: the wrappers print a
 * message and abort, so callers never check their results. */
#ifndef SHEAF_MEM_H
#define SHEAF_MEM_H

#include <stddef.h>

/* Prints that size bytes could not be had, and aborts. */
__attribute__((noreturn)) void sheaf_oom(size_t size);
void *sheaf_xmalloc(size_t size);
void *sheaf_xcalloc(size_t count, size_t size);
void *sheaf_xrealloc(void *ptr, size_t size);
/* Grows an array of `*cap` elements of `elem` bytes so it can hold `need`; returns it. */
void *sheaf_xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
char *sheaf_xstrdup(const char *s);
char *sheaf_xstrndup(const char *s, size_t n);
/* printf into a new string (caller frees with free). */
char *sheaf_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
