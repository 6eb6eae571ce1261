/* svg.h -- SVG images parsed with libxml2 and written back clean
 * SPDX-License-Identifier: MIT
 *
 * Drawing tools export SVGs with a DOCTYPE naming an external DTD (EPUBCheck rejects it), and
 * SVGs can carry scripts, event handlers and references to remote files. The file is parsed
 * without network access or external entities; internal entities are expanded; the DOCTYPE,
 * scripts, handlers and remote references are removed, each with one warning. */
#ifndef SHEAF_SVG_H
#define SHEAF_SVG_H

#include <stddef.h>

#include "error.h"

/* Cleans `len` bytes of SVG; `name` names the file in messages. On success *out (caller frees
 * with free) holds the new bytes. */
int sheaf_svg_clean(const char *data, size_t len, const char *name, sheaf_diags *diags,
                    unsigned char **out, size_t *out_len, sheaf_error *err);

#endif
