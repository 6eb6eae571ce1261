/* fuzz_check.c -- `sheaf check` on arbitrary bytes: bounded, never a crash
 * SPDX-License-Identifier: MIT */
#include <libxml/parser.h>
#include <stdint.h>

#include "sheaf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    xmlInitParser();
    ready = 1;
  }
  sheaf_error err;
  sheaf_check_counts counts;
  sheaf_check_memory(data, size, NULL, NULL, &counts, &err);
  return 0;
}
