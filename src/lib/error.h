/* error.h -- filling sheaf_error values and routing diagnostics
 * SPDX-License-Identifier: MIT
 *
 * Error codes and their texts are defined once, by SHEAF_ERRORS in sheaf.h. Errors are
 * values: a stage fills the caller's sheaf_error and returns -1. Warnings go through a
 * sheaf_diags sink, which forwards them to the user's callback in a deterministic order
 * and, under --strict, counts them as errors. */
#ifndef SHEAF_ERROR_H
#define SHEAF_ERROR_H

#include "sheaf.h"

/* Fills err (may be NULL) with code, location (path may be NULL; line/col 0 = unknown) and a
 * printf-style message. Returns -1 so that callers can `return sheaf_fail(...)`. */
int sheaf_fail(sheaf_error *err, sheaf_code code, const char *path, unsigned line, unsigned col,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same for a failed system call: records errno and appends strerror. */
int sheaf_fail_sys(sheaf_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

typedef struct sheaf_diag_item {
  sheaf_severity severity;
  char *path;
  unsigned line;
  unsigned col;
  char *message;
} sheaf_diag_item;

/* A diagnostics sink. A buffered sink (used by worker threads and by passes whose
 * diagnostics must come out in source order) keeps items until sheaf_diags_flush. */
typedef struct sheaf_diags {
  sheaf_diag_fn fn;
  void *data;
  int strict;
  int buffered;
  int quiet; /* drop everything (a second pass repeating the first's findings) */
  size_t warnings;
  size_t errors;
  sheaf_diag_item *items;
  size_t n_items;
  size_t cap_items;
} sheaf_diags;

void sheaf_diags_init(sheaf_diags *d, sheaf_diag_fn fn, void *data, int strict);
/* A buffered child sink sharing the parent's settings. */
void sheaf_diags_child(sheaf_diags *child, const sheaf_diags *parent);
/* Moves a buffered sink's items into `to` (delivering them if `to` is not buffered). */
void sheaf_diags_flush(sheaf_diags *from, sheaf_diags *to);
void sheaf_diags_fini(sheaf_diags *d);

/* Reports a warning (an error under --strict). path may be NULL. */
void sheaf_warn(sheaf_diags *d, const char *path, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Under --strict, fails with SHEAF_ER_STRICT when any warning was reported. */
int sheaf_diags_check(const sheaf_diags *d, sheaf_error *err);

#endif
