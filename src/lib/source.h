/* source.h -- stage 1: reading sources under size caps and path rules
 * SPDX-License-Identifier: MIT
 *
 * Every byte sheaf reads from the author's tree comes through here: files are read whole,
 * up to a cap per kind, and every path a source names is resolved against the book root and
 * refused when it escapes it (`..`, absolute paths, symlinks pointing out). */
#ifndef SHEAF_SOURCE_H
#define SHEAF_SOURCE_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/* Documented caps (README "Limits"). */
#define SHEAF_MAX_MARKDOWN_BYTES ((size_t)64 << 20)
#define SHEAF_MAX_YAML_BYTES ((size_t)1 << 20)
#define SHEAF_MAX_IMAGE_BYTES ((size_t)64 << 20)
#define SHEAF_MAX_CSS_BYTES ((size_t)4 << 20)
#define SHEAF_MAX_TEMPLATE_BYTES ((size_t)1 << 20)
#define SHEAF_MAX_CHAPTERS 10000
#define SHEAF_MAX_RESOURCES 10000

/* Reads the whole file at path into out (replacing its content). Fails with SHEAF_ER_MISSING
 * when it does not exist, SHEAF_ER_LIMIT when larger than max, SHEAF_ER_IO otherwise. */
int sheaf_read_file(const char *path, size_t max, sheaf_buf *out, sheaf_error *err);

/* Reads a text source: as sheaf_read_file, then drops a UTF-8 byte order mark, fails with
 * SHEAF_ER_UTF8 at the line and column of malformed UTF-8 or a NUL byte, and removes other
 * characters that XML forbids with one warning. */
int sheaf_read_text(const char *path, size_t max, sheaf_diags *diags, sheaf_buf *out,
                    sheaf_error *err);

/* Validates text already in memory the same way (used for -M values and templates). */
int sheaf_check_text(const char *path, sheaf_buf *text, sheaf_diags *diags, sheaf_error *err);

/* The directory part of path ("." when it has none). Caller frees. */
char *sheaf_path_dir(const char *path);
/* dir joined with rel (rel returned as a copy when dir is "." or rel is absolute). */
char *sheaf_path_join(const char *dir, const char *rel);
/* The last component of path without its extension. Caller frees. */
char *sheaf_path_stem(const char *path);
/* True when path names an existing directory / regular file. */
int sheaf_is_dir(const char *path);
int sheaf_is_file(const char *path);

/* The book root: a real (symlink-free, absolute) directory that packaged files must be in. */
typedef struct sheaf_root {
  char *real; /* absolute, no trailing slash */
} sheaf_root;

int sheaf_root_init(sheaf_root *root, const char *dir, sheaf_error *err);
void sheaf_root_fini(sheaf_root *root);

/* Resolves `ref`, a relative path written in `from_dir`, to a file inside the root.
 * On success returns the real path (caller frees) and stores the path relative to the root
 * in *rel (caller frees). On failure returns NULL with err filled (SHEAF_ER_PATH for an
 * absolute path or one that escapes the root, SHEAF_ER_MISSING when nothing is there);
 * the caller adds the author's position. */
/* The path of `real` (absolute and resolved) relative to the root, or NULL when outside. */
char *sheaf_root_relative(const sheaf_root *root, const char *real);

char *sheaf_root_resolve(const sheaf_root *root, const char *from_dir, const char *ref, char **rel,
                         sheaf_error *err);

#endif
