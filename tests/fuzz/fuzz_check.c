/* fuzz_check.c -- `sheaf check` on arbitrary bytes: bounded, never a crash, and the same report
 * whether the documents are checked on one thread or on several
 * SPDX-License-Identifier: MIT */
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheaf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every message, in order, as one string. */
typedef struct transcript {
  char *text;
  size_t len;
} transcript;

static void record(void *ud, const sheaf_check_msg *m) {
  transcript *t = ud;
  char line[2048];
  int n = snprintf(line, sizeof line, "%s %d %s %u %u %s\n", m->id, (int)m->severity, m->path,
                   m->line, m->col, m->message);
  size_t add = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
  char *grown = realloc(t->text, t->len + add + 1);
  if (!grown) {
    abort();
  }
  t->text = grown;
  memcpy(t->text + t->len, line, add);
  t->len += add;
  t->text[t->len] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    xmlInitParser();
    ready = 1;
  }
  transcript one = {NULL, 0};
  transcript three = {NULL, 0};
  sheaf_error err;
  sheaf_check_counts c1;
  sheaf_check_counts c3;
  int rc1 = sheaf_check_memory(data, size, record, &one, &c1, 1, &err);
  int rc3 = sheaf_check_memory(data, size, record, &three, &c3, 3, &err);
  if (rc1 != rc3 || c1.errors != c3.errors || c1.warnings != c3.warnings || one.len != three.len ||
      (one.len && memcmp(one.text, three.text, one.len) != 0)) {
    fprintf(stderr, "one thread:\n%s\nthree threads:\n%s\n", one.text ? one.text : "",
            three.text ? three.text : "");
    abort(); /* the report must not depend on the threads */
  }
  free(one.text);
  free(three.text);
  return 0;
}
