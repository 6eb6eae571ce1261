/* url.h -- link destinations: classifying, splitting, decoding and writing valid URLs
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_URL_H
#define SHEAF_URL_H

#include <stddef.h>

#include "buf.h"

/* Length of the URL's scheme (without ':'), or 0 when it has none (a relative reference). */
size_t sheaf_url_scheme(const char *url);
/* True for schemes never written into a book: javascript:, vbscript:, file:, data:. */
int sheaf_url_unsafe(const char *url);

/* A relative reference split into its parts, each percent-decoded into a new string. */
typedef struct sheaf_url_parts {
  char *path;     /* "" when the reference is only a fragment */
  char *query;    /* NULL when none */
  char *fragment; /* NULL when none */
} sheaf_url_parts;

void sheaf_url_split(const char *url, sheaf_url_parts *parts);
void sheaf_url_parts_free(sheaf_url_parts *parts);

/* Appends url as a valid URL for an XHTML attribute: characters URLs may not hold are
 * percent-encoded as UTF-8, a '%' not followed by two hex digits becomes "%25", and the
 * result is escaped for a double-quoted attribute. */
void sheaf_url_put_attr(sheaf_buf *out, const char *url, size_t len);
/* Appends s percent-encoded for use as one path segment or fragment (only unreserved and
 * sub-delimiters kept), escaped for an attribute. */
void sheaf_url_put_component(sheaf_buf *out, const char *s);
/* Normalises a relative path: removes "." segments and folds "dir/.." pairs. Returns a new
 * string, or NULL when ".." would climb above the start. */
char *sheaf_path_normalize(const char *path);

#endif
