/* fuzz_chapter.c -- a Markdown chapter to XHTML: the result must be well-formed XML and keep the
 * content-model rules, whatever the input
 * SPDX-License-Identifier: MIT */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    xmlInitParser();
    ready = 1;
  }
  sheaf_options o;
  const char *lang = fuzz_options(&data, &size, &o);
  sheaf_error err;
  size_t len = 0;
  char *xhtml = sheaf_markdown_to_xhtml((const char *)data, size, "fuzz.md", lang, &o, &len, &err);
  if (xhtml) {
    fuzz_check_xhtml(xhtml, len);
  } else if (err.code != SHEAF_ER_UTF8 && err.code != SHEAF_ER_STRICT) {
    fuzz_fail("unexpected error", err.message);
  }
  sheaf_free(xhtml);
  return 0;
}
