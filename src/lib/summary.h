/* summary.h -- mdBook-style books: SUMMARY.md as the chapter tree
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_SUMMARY_H
#define SHEAF_SUMMARY_H

#include "book.h"
#include "yamltree.h"

/* Loads the chapter tree of the book directory `dir` from SUMMARY.md (or src/SUMMARY.md), and
 * its metadata from a book.yaml beside it when there is one (*meta: a map, caller frees). */
int sheaf_summary_load(sheaf_book *book, const char *dir, sheaf_ynode **meta, sheaf_error *err);

#endif
