/* render.h -- pass 2: the parts rendered in order, ahead of the container writer
 * SPDX-License-Identifier: MIT
 *
 * libzip asks for each chapter's bytes in order while it writes the container. With threads,
 * a worker parses and renders the parts ahead of it, a few at most, so rendering and
 * compressing run on both cores; the bytes, and the order of diagnostics, are the same as
 * without threads. */
#ifndef SHEAF_RENDER_H
#define SHEAF_RENDER_H

#include "book.h"
#include "compress.h"

typedef struct sheaf_renderer sheaf_renderer;

/* A renderer for book's parts; findings go to diags in reading order. It renders on the book's
 * threads (one per core by default, none for a small book unless threads were asked for), or
 * on the caller's thread with one. `kept` (taken; may be NULL) holds, per source, pass 1's
 * parse when it was kept: those sources are not read and parsed again. */
sheaf_renderer *sheaf_renderer_new(const sheaf_book *book, sheaf_loaded **kept, sheaf_diags *diags);
/* The XHTML of part `part` (deflated when it was made on a worker), moved into out (empty on
 * entry). Parts must be taken in increasing order. */
int sheaf_renderer_take(sheaf_renderer *r, size_t part, sheaf_entry_data *out, sheaf_error *err);
/* Stops the worker, if any, and frees r. Accepts NULL. */
void sheaf_renderer_free(sheaf_renderer *r);

#endif
