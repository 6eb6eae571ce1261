/* input.h -- stages 1 and 2: what the inputs name (sources, metadata) and in which order
 * SPDX-License-Identifier: MIT
 *
 * Three shapes of input: Markdown files (chapters in order, front matter as metadata), a
 * directory with book.yaml (metadata and a `chapters:` tree), and an mdBook directory
 * (SUMMARY.md). Metadata from the book, then --metadata-file, then -M is merged key by key
 * and interpreted once. */
#ifndef SHEAF_INPUT_H
#define SHEAF_INPUT_H

#include "book.h"
#include "yamltree.h"

/* Adds the source a chapter file names (relative to the directory `base`), checking it is a
 * file under the book root; `at` (may be NULL) locates the name for errors. */
int sheaf_input_add_chapter(sheaf_book *book, const char *base, const char *file,
                            const sheaf_ynode *at, const char *title, const char *type, int matter,
                            int depth, sheaf_error *err);

int sheaf_input_load(sheaf_book *book, const char *const *inputs, size_t n_inputs,
                     const sheaf_options *opts, sheaf_error *err);

#endif
