/* sheaf.h -- the public interface of libsheaf: Markdown books into EPUB 3
 * SPDX-License-Identifier: MIT
 *
 * libsheaf turns CommonMark Markdown with YAML metadata into EPUB 3 publications.
 * Everything the library exports starts with `sheaf_` or `SHEAF_` and is declared here.
 *
 * Conventions used by every declaration below:
 * - Fallible calls return 0 (or a non-NULL pointer) on success and -1 (or NULL) on failure,
 *   filling the caller-owned `sheaf_error`, which always names what failed and, when the
 *   fault lies in the author's input, the file, line and column.
 * - Pointers are borrowed for the duration of the call unless the comment says otherwise.
 *   "Caller frees" names the function to use. Every `_free` accepts NULL.
 * - The library keeps no global state. libxml2 must be initialised once by the program
 *   (`xmlInitParser`) before threads are started; the `sheaf` tool does this in main().
 */
#ifndef SHEAF_H
#define SHEAF_H

#include <stddef.h>

#include "sheaf_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SHEAF_VERSION_MAJOR 0
#define SHEAF_VERSION_MINOR 7
#define SHEAF_VERSION_PATCH 0
#define SHEAF_VERSION_STRING "0.7.0"

/** The library's version as (major << 16) | (minor << 8) | patch. */
SHEAF_EXPORT int sheaf_version(void);
/** The library's version as a string, e.g. "0.7.0". Static storage. */
SHEAF_EXPORT const char *sheaf_version_string(void);

/* ---------------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------------ */

/** Every error code with its message, defined once (the enum and sheaf_error_string are
 *  generated from this list). */
#define SHEAF_ERRORS(X)                                                                            \
  X(OK, "no error")                                                                                \
  X(IO, "input/output error")                                                                      \
  X(USAGE, "invalid use")                                                                          \
  X(LIMIT, "input exceeds a limit")                                                                \
  X(UTF8, "invalid UTF-8")                                                                         \
  X(SYNTAX, "syntax error")                                                                        \
  X(META, "invalid metadata")                                                                      \
  X(MISSING, "file not found")                                                                     \
  X(PATH, "path not allowed")                                                                      \
  X(MEDIA, "unsupported media")                                                                    \
  X(STRICT, "warning treated as error")                                                            \
  X(ZIP, "cannot write the container")                                                             \
  X(EPUB, "invalid EPUB")                                                                          \
  X(INTERNAL, "internal error")

#define SHEAF_ERROR_ENUM_(name, text) SHEAF_ER_##name,
/** Error codes; SHEAF_ER_OK is 0. */
typedef enum sheaf_code { SHEAF_ERRORS(SHEAF_ERROR_ENUM_) SHEAF_ER_COUNT_ } sheaf_code;
#undef SHEAF_ERROR_ENUM_

/** Size of the fixed buffers inside sheaf_error and sheaf_diag. */
#define SHEAF_ERROR_PATH_MAX 1024
#define SHEAF_ERROR_MESSAGE_MAX 1024

/** A caller-allocated error. Initialise with sheaf_error_init; release with sheaf_error_fini.
 *  `path`, `line` and `col` locate the fault in the author's input when there is one
 *  (line and col are 1-based; 0 means unknown). `sys_errno` is set only for SHEAF_ER_IO. */
typedef struct sheaf_error {
  sheaf_code code;
  int sys_errno;
  unsigned line;
  unsigned col;
  char path[SHEAF_ERROR_PATH_MAX];
  char message[SHEAF_ERROR_MESSAGE_MAX];
} sheaf_error;

/** Resets `err` (not NULL) to SHEAF_ER_OK with no location. */
SHEAF_EXPORT void sheaf_error_init(sheaf_error *err);
/** Releases what `err` holds (today nothing; call it anyway). Accepts NULL. */
SHEAF_EXPORT void sheaf_error_fini(sheaf_error *err);
/** The fixed text of an error code. Static storage; never NULL. */
SHEAF_EXPORT const char *sheaf_error_string(int code);
/** The code's name, e.g. "SHEAF_ER_IO". Static storage; never NULL. */
SHEAF_EXPORT const char *sheaf_error_name(int code);
/** Formats `err` as "path:line:col: error: message" (the parts that are known) into `buf`
 *  of `size` bytes, always NUL-terminated when size > 0. Returns the length it wanted. */
SHEAF_EXPORT size_t sheaf_error_format(const sheaf_error *err, char *buf, size_t size);

/* ---------------------------------------------------------------------------------------------
 * Diagnostics: warnings (and errors) reported while a book is read and written
 * ------------------------------------------------------------------------------------------ */

typedef enum sheaf_severity { SHEAF_WARNING = 1, SHEAF_ERROR = 2 } sheaf_severity;

/** One diagnostic. Every pointer is borrowed for the duration of the callback only.
 *  `path` may be "" when no file is at fault; line/col are 0 when unknown. */
typedef struct sheaf_diag {
  sheaf_severity severity;
  const char *path;
  unsigned line;
  unsigned col;
  const char *message;
} sheaf_diag;

/** Receives diagnostics in a deterministic order (source order, chapter by chapter). */
typedef void (*sheaf_diag_fn)(void *user_data, const sheaf_diag *diag);

/* ---------------------------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------------------------ */

/** Smart punctuation: quotes, dashes and ellipses, following the book's language. */
#define SHEAF_OPT_SMART (1u << 0)
/** Every warning becomes an error: the build fails and writes nothing. */
#define SHEAF_OPT_STRICT (1u << 1)
/** Do not generate a cover when the metadata names none. */
#define SHEAF_OPT_NO_COVER (1u << 2)
/** Put a visible table-of-contents page in the reading order. */
#define SHEAF_OPT_TOC_PAGE (1u << 3)
/** Skip the structural self-check that sheaf_book_write runs on what it wrote. */
#define SHEAF_OPT_NO_SELF_CHECK (1u << 4)
/** Keep raw HTML that is unsafe (scripts, event handlers, forms); it is removed by default. */
#define SHEAF_OPT_UNSAFE_HTML (1u << 5)

/** Options for opening and writing a book. Initialise with sheaf_options_init, then set
 *  fields. Every pointer is borrowed: sheaf_book_open copies what it keeps. */
typedef struct sheaf_options {
  unsigned flags;              /**< SHEAF_OPT_* bits; default SHEAF_OPT_SMART */
  int toc_depth;               /**< heading levels in the table of contents, 1..6; default 3 */
  int split_level;             /**< split chapters at headings of this level or above, 0 (off)..6;
                                    default 1 */
  long long modified;          /**< dcterms:modified and zip times, seconds since the epoch (UTC);
                                    -1 (default) means the time of the build. libzip 1.7 passes
                                    zip times through the local time zone: run under TZ=UTC (the
                                    tool does) for bytes that do not depend on it */
  const char *css_path;        /**< stylesheet replacing the default one; may be NULL */
  const char *cover_path;      /**< cover image, overriding `cover-image`; may be NULL */
  const char *metadata_file;   /**< YAML file read after the book's own metadata; may be NULL */
  const char *templates_dir;   /**< directory whose files override the embedded templates;
                                    may be NULL */
  const char *const *metadata; /**< "KEY=VALUE" strings applied last, as pandoc's -M; may be
                                    NULL when n_metadata is 0 */
  size_t n_metadata;
  sheaf_diag_fn diag; /**< receives warnings; may be NULL (they are then dropped) */
  void *diag_data;    /**< passed to `diag` */
  unsigned threads;   /**< worker threads; 0 = one per core (max 8), none for a small book */
} sheaf_options;

/** Fills `opts` (not NULL) with the defaults documented above. */
SHEAF_EXPORT void sheaf_options_init(sheaf_options *opts);

/* ---------------------------------------------------------------------------------------------
 * Books
 * ------------------------------------------------------------------------------------------ */

/** An opened book: its metadata, its chapters and the resources they use. Opaque. */
typedef struct sheaf_book sheaf_book;

/** Opens a book from `n_inputs` paths (`inputs` is not NULL when n_inputs > 0):
 *  - one directory holding `book.yaml` (metadata and a `chapters:` list) or `SUMMARY.md`
 *    (an mdBook-style book, also looked for in `src/`);
 *  - or one or more Markdown files, used as chapters in that order (the first one may start
 *    with a YAML front-matter block).
 *  Reads every source, resolves metadata and links, and reports warnings through opts->diag.
 *  Returns a new book (caller frees with sheaf_book_free) or NULL with `err` filled.
 *  `opts` may be NULL for the defaults. */
SHEAF_EXPORT sheaf_book *sheaf_book_open(const char *const *inputs, size_t n_inputs,
                                         const sheaf_options *opts, sheaf_error *err);

/** Writes `book` as an EPUB to `path`. The file is written beside `path` under a temporary
 *  name, checked, and renamed into place only when complete: on failure no file is left and
 *  an existing file at `path` is untouched. Refuses to overwrite one of the book's inputs.
 *  Returns 0, or -1 with `err` filled. */
SHEAF_EXPORT int sheaf_book_write(sheaf_book *book, const char *path, sheaf_error *err);

/** Writes `book` as an EPUB into memory. On success `*data` (caller frees with sheaf_free)
 *  holds `*size` bytes and 0 is returned; on failure -1, `err` filled, `*data` NULL. */
SHEAF_EXPORT int sheaf_book_write_memory(sheaf_book *book, unsigned char **data, size_t *size,
                                         sheaf_error *err);

/** The book's main title. Borrowed; valid until sheaf_book_free. Never NULL. */
SHEAF_EXPORT const char *sheaf_book_title(const sheaf_book *book);

/** A safe, lower-case file name for the book, made from its title, ending in ".epub".
 *  Caller frees with sheaf_free. */
SHEAF_EXPORT char *sheaf_book_file_name(const sheaf_book *book);

/** Frees `book` and everything it owns. Accepts NULL. */
SHEAF_EXPORT void sheaf_book_free(sheaf_book *book);

/* ---------------------------------------------------------------------------------------------
 * Fragments
 * ------------------------------------------------------------------------------------------ */

/** Renders one Markdown text of `size` bytes as the XHTML that sheaf puts in a chapter's body
 *  (no document skeleton), with `lang` (may be NULL for "en") choosing smart punctuation.
 *  `path` (may be NULL) names the text in diagnostics. Returns a NUL-terminated string
 *  (caller frees with sheaf_free) and its length in `*out_size` (may be NULL), or NULL with
 *  `err` filled. */
SHEAF_EXPORT char *sheaf_markdown_to_xhtml(const char *text, size_t size, const char *path,
                                           const char *lang, const sheaf_options *opts,
                                           size_t *out_size, sheaf_error *err);

/* ---------------------------------------------------------------------------------------------
 * Checking EPUBs
 * ------------------------------------------------------------------------------------------ */

/** One problem found in an EPUB, named by EPUBCheck's message id where EPUBCheck has one
 *  (e.g. "RSC-012"), else by sheaf's own ("SHF-…"). Every pointer is borrowed for the
 *  duration of the callback. `path` is the entry inside the container ("" for the container
 *  itself); line/col are 1-based, 0 when unknown. */
typedef struct sheaf_check_msg {
  const char *id;
  sheaf_severity severity;
  const char *path;
  unsigned line;
  unsigned col;
  const char *message;
} sheaf_check_msg;

typedef void (*sheaf_check_fn)(void *user_data, const sheaf_check_msg *msg);

/** Counts of what a check found. */
typedef struct sheaf_check_counts {
  size_t errors;
  size_t warnings;
} sheaf_check_counts;

/** A fast structural check of any EPUB (not a replacement for EPUBCheck): the OCF container,
 *  the package document, the navigation documents and every content document. Each problem
 *  goes to `fn` (may be NULL) in a fixed order; `counts` (may be NULL) receives the totals.
 *  Hostile files are read within fixed caps on entry sizes, compression ratios, XML size and
 *  depth; nothing is written anywhere and the network is never used. Content documents are
 *  checked on `threads` threads (0: one per core, at most 8, but only the caller's for a few
 *  small documents; 1: only the caller's); `fn` is
 *  always called on the caller's thread, and what it receives does not depend on `threads`.
 *  Returns 0 when the check ran (whatever it found), or -1 with `err` filled when `path` cannot
 *  be read at all. */
SHEAF_EXPORT int sheaf_check_file(const char *path, sheaf_check_fn fn, void *user_data,
                                  sheaf_check_counts *counts, unsigned threads, sheaf_error *err);

/** The same for an EPUB of `size` bytes in memory (borrowed for the call). */
SHEAF_EXPORT int sheaf_check_memory(const unsigned char *data, size_t size, sheaf_check_fn fn,
                                    void *user_data, sheaf_check_counts *counts, unsigned threads,
                                    sheaf_error *err);

/** Frees memory returned by libsheaf. Accepts NULL. */
SHEAF_EXPORT void sheaf_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* SHEAF_H */
