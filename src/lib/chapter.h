/* chapter.h -- stage 3: one Markdown source through cmark and the renderer, in either pass
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_CHAPTER_H
#define SHEAF_CHAPTER_H

#include "book.h"
#include "buf.h"

/* Pass 1, first half: source `src` read, checked and parsed. It only reads the book (paths,
 * language, options), so it can run on another thread while earlier sources are scanned. */
sheaf_loaded *sheaf_chapter_read(const sheaf_book *book, size_t src, sheaf_diags *diags,
                                 sheaf_error *err);
void sheaf_loaded_free(sheaf_loaded *loaded);

/* Pass 1, second half: splits the read source into parts, assigns heading ids, records anchors
 * and packages images (each once). Borrows `loaded`: the caller frees it (with
 * sheaf_loaded_free, on any thread). Warnings go to `diags`. */
int sheaf_chapter_scan(sheaf_book *book, size_t src, sheaf_loaded *loaded, sheaf_diags *diags,
                       sheaf_error *err);

/* Pass 2: a source loaded again (text and tree), ready to render its parts. */
typedef struct sheaf_chapter sheaf_chapter;

/* Reads and parses source `src` again; fails if it changed since pass 1. */
sheaf_chapter *sheaf_chapter_load(const sheaf_book *book, size_t src, sheaf_error *err);
/* Source `src` as pass 1 parsed it (`kept`, taken): no reading, no parsing. */
sheaf_chapter *sheaf_chapter_adopt(const sheaf_book *book, size_t src, sheaf_loaded *kept);
/* Renders part `part` (of this chapter's source) as a complete XHTML document into out. Links
 * that lead nowhere are reported to `diags` (pass 1 reported everything else). */
int sheaf_chapter_render(sheaf_chapter *ch, size_t part, sheaf_diags *diags, sheaf_buf *out,
                         sheaf_error *err);
void sheaf_chapter_free(sheaf_chapter *ch);

/* Splits "---\n...\n---" front matter off the start of text. Returns 1 when the block is a
 * YAML mapping: *end_off is the offset after its closing line and, when tree is not NULL,
 * *tree the parsed mapping (owned by the caller). Returns 0 when there is no front matter,
 * including a "---" block that is not a mapping (CommonMark then reads thematic breaks or a
 * setext heading). Returns -1 with err when a block meant as metadata ("key:" first) is not
 * closed or does not parse. */
int sheaf_front_matter(const char *path, const char *text, size_t len, size_t *end_off,
                       sheaf_ynode **tree, sheaf_error *err);

#endif
