/* fuzz_meta.c -- YAML metadata: parsing and interpreting must fail cleanly or succeed, never
 * crash, leak or hang (aliases included)
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>

#include "meta.h"
#include "source.h"
#include "yamltree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sheaf_buf text = SHEAF_BUF_INIT;
  sheaf_buf_put(&text, data, size);
  sheaf_diags diags;
  sheaf_diags_init(&diags, NULL, NULL, 0);
  sheaf_error err;
  sheaf_error_init(&err);
  if (sheaf_check_text("fuzz.yaml", &text, &diags, &err) == 0) {
    sheaf_ynode *y = sheaf_yaml_parse(text.ptr ? text.ptr : "", text.len, "fuzz.yaml", 1, &err);
    if (y) {
      sheaf_meta m;
      sheaf_meta_init(&m);
      sheaf_meta_load(&m, y, NULL, &diags, &err);
      sheaf_meta_fini(&m);
      sheaf_ynode_free(y);
    }
  }
  sheaf_diags_fini(&diags);
  sheaf_buf_free(&text);
  return 0;
}
