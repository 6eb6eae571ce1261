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

/* True when url has a scheme EPUBCheck 4.2 registers (its HTM-025 list, compared without
 * regard to case); false for unknown schemes and for relative references. */
int sheaf_url_scheme_known(const char *url);

/* Appends the absolute URL url, or a protocol-relative "//host/path" (written as https:),
 * to out as a URL EPUBCheck 4.2.6 accepts without a message, escaped for a double-quoted
 * XHTML attribute. Returns 0 on success; -1 when the URL cannot be made valid, with nothing
 * appended and *why (when why is not NULL) set to a short static reason for the author
 * ("its host is not valid"), to be shown after the URL.
 *
 * What a browser's (WHATWG) parser would repair is repaired: surrounding spaces and inner
 * tabs and line breaks are dropped; in http, https and ftp URLs backslashes are slashes and
 * any number of slashes after the scheme stands for two ("http:/x" is "http://x"); a host
 * is percent-decoded and an international one written as punycode by ICU (UTS #46,
 * non-transitional); characters java.net.URI refuses in the user, path, query and fragment
 * are percent-encoded as UTF-8 ("[" and "]" in the path too, a second "#", a "%" not
 * followed by two hex digits). Everything else is kept as the author wrote it, case
 * included. Refused: unsafe schemes (see sheaf_url_unsafe), schemes EPUBCheck does not
 * register, nothing after the scheme, a missing or invalid host (including a last label
 * that starts with a digit, other than a dotted-decimal IPv4 address), an invalid
 * bracketed IPv6 address, and a port that is not a number up to 65535. */
int sheaf_url_external(const char *url, sheaf_buf *out, const char **why);

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
