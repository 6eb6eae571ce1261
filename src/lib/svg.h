/* svg.h -- SVG images parsed with libxml2 and written back clean
 * SPDX-License-Identifier: MIT
 *
 * Drawing tools export SVGs with a DOCTYPE naming an external DTD (EPUBCheck rejects it), and
 * SVGs can carry scripts, event handlers and references to remote files. The file is parsed
 * without network access or external entities; internal entities are expanded; the DOCTYPE,
 * scripts, handlers and remote references are removed, each with one warning. Links left
 * without a target lose their tag, references to ids the file lacks go, and every link gets
 * the title EPUBCheck asks of it (ACC-011). */
#ifndef SHEAF_SVG_H
#define SHEAF_SVG_H

#include <libxml/tree.h>
#include <stddef.h>

#include "error.h"

/* Cleans `len` bytes of SVG; `name` names the file in messages. On success *out (caller frees
 * with free) holds the new bytes. */
int sheaf_svg_clean(const char *data, size_t len, const char *name, sheaf_diags *diags,
                    unsigned char **out, size_t *out_len, sheaf_error *err);

/* Gives SVG link `a` a <title> as its first child, holding the link's text (or `fallback`, may
 * be NULL, when it has none), unless it has a title already: a title element inside it or a
 * non-empty xlink:title. Works on trees from the XML parser (namespaced names) and from the
 * HTML parser (plain names). Returns 1 when it added one. */
int sheaf_svg_title_link(xmlNodePtr a, const char *fallback);

#endif
