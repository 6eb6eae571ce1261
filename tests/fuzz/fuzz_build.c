/* fuzz_build.c -- a whole build into memory, then `sheaf check` on it, which must find nothing:
 * the Markdown (with front matter) is written to a scratch file and built as a book
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_problem(void *ud, const sheaf_check_msg *m) {
  (void)ud;
  fprintf(stderr, "%s %s(%u): %s\n", m->id, m->path, m->line, m->message);
}

static const char *scratch(void) {
  static char path[64];
  if (!path[0]) {
    char dir[] = "/tmp/sheaf-fuzz-XXXXXX";
    if (!mkdtemp(dir)) {
      abort();
    }
    snprintf(path, sizeof path, "%s/chapter.md", dir);
  }
  return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    xmlInitParser();
    ready = 1;
  }
  sheaf_options o;
  fuzz_options(&data, &size, &o);
  o.modified = 1700000000;
  const char *path = scratch();
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
    abort();
  }
  sheaf_error err;
  const char *inputs[] = {path};
  sheaf_book *book = sheaf_book_open(inputs, 1, &o, &err);
  if (book) {
    unsigned char *epub = NULL;
    size_t len = 0;
    if (sheaf_book_write_memory(book, &epub, &len, &err) != 0) {
      fuzz_fail("the build failed after the book opened", err.message);
    }
    sheaf_check_counts counts;
    sheaf_check_memory(epub, len, on_problem, NULL, &counts, 1, &err);
    if (counts.errors || counts.warnings) {
      fuzz_fail("sheaf check found problems in what sheaf wrote", NULL);
    }
    sheaf_free(epub);
    sheaf_book_free(book);
  }
  return 0;
}
