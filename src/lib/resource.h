/* resource.h -- images and stylesheets: found under the book root, typed by their bytes
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_RESOURCE_H
#define SHEAF_RESOURCE_H

#include "book.h"

/* Packages the image `url` referenced from source `src` (once per file). Returns 1 with its
 * resource index, 0 for a remote image (http:, https:, //...) the caller replaces by alt text,
 * or -1 with err filled (missing, outside the root, unsupported format); err carries no
 * position: the caller knows where the reference is. */
int sheaf_resource_image(sheaf_book *book, size_t src, const char *url, sheaf_diags *diags,
                         size_t *idx, sheaf_error *err);

/* Declares remote audio or video `url` (an http or https URL, already valid) in the manifest,
 * once per URL. Returns 1 with its resource index, or 0 when its file name gives no media type
 * an EPUB can declare (*why then says so). */
int sheaf_resource_remote_media(sheaf_book *book, const char *url, size_t *idx, const char **why);
/* Finds remote media `url` declared by sheaf_resource_remote_media: 1 with its index, or 0. */
int sheaf_resource_remote_find(const sheaf_book *book, const char *url, size_t *idx);

/* Packages a file named in metadata (relative to the book directory, and refused outside the
 * book root) or on the command line (`anywhere`: relative to the working directory, any
 * place). `pos` (may be NULL) locates the name for errors. `want_css` selects a stylesheet
 * (else an image). Returns 0 with the resource index, or -1. */
int sheaf_resource_named(sheaf_book *book, const char *ref, int anywhere, const sheaf_pos *pos,
                         int want_css, sheaf_diags *diags, size_t *idx, sheaf_error *err);

/* Reads the bytes of a resource for writing (generated data, or the file). */
int sheaf_resource_bytes(const sheaf_book *book, size_t idx, sheaf_buf *out, sheaf_error *err);

#endif
