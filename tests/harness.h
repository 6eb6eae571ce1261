/* harness.h -- a tiny test reporter for the C tests (as cmark's api_test/harness.h)
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_TEST_HARNESS_H
#define SHEAF_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

typedef struct test_ctx {
  int passed;
  int failed;
} test_ctx;

#define OK(t, cond, ...)                                                                           \
  do {                                                                                             \
    if (cond) {                                                                                    \
      (t)->passed++;                                                                               \
    } else {                                                                                       \
      (t)->failed++;                                                                               \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                         \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
    }                                                                                              \
  } while (0)

#define INT_EQ(t, got, want, what)                                                                 \
  OK(t, (got) == (want), "%s: got %lld, want %lld", what, (long long)(got), (long long)(want))

static inline int str_eq_(const char *got, const char *want) {
  return got && strcmp(got, want) == 0;
}

static inline const char *str_shown_(const char *s) {
  return s ? s : "(null)";
}

#define STR_EQ(t, got, want, what)                                                                 \
  OK(t, str_eq_((got), (want)), "%s:\n  got  [%s]\n  want [%s]", what, str_shown_(got), want)

static inline int test_report(const test_ctx *t, const char *name) {
  printf("%s: %d passed, %d failed\n", name, t->passed, t->failed);
  return t->failed ? 1 : 0;
}

#endif
