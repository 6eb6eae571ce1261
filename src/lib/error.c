/* error.c -- filling sheaf_error values and routing diagnostics
 * SPDX-License-Identifier: MIT */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define SHEAF_ERROR_TEXT_(name, text) text,
#define SHEAF_ERROR_NAME_(name, text) "SHEAF_ER_" #name,
static const char *const error_texts[] = {SHEAF_ERRORS(SHEAF_ERROR_TEXT_)};
static const char *const error_names[] = {SHEAF_ERRORS(SHEAF_ERROR_NAME_)};

const char *sheaf_error_string(int code) {
  if (code < 0 || code >= SHEAF_ER_COUNT_) {
    return "unknown error";
  }
  return error_texts[code];
}

const char *sheaf_error_name(int code) {
  if (code < 0 || code >= SHEAF_ER_COUNT_) {
    return "SHEAF_ER_UNKNOWN";
  }
  return error_names[code];
}

void sheaf_error_init(sheaf_error *err) {
  memset(err, 0, sizeof *err);
}

void sheaf_error_fini(sheaf_error *err) {
  (void)err;
}

/* Writes "path:line:col: " (the known parts) into buf; returns the length wanted. */
static size_t format_location(const char *path, unsigned line, unsigned col, char *buf,
                              size_t size) {
  int n = 0;
  if (path && *path) {
    if (line && col) {
      n = snprintf(buf, size, "%s:%u:%u: ", path, line, col);
    } else if (line) {
      n = snprintf(buf, size, "%s:%u: ", path, line);
    } else {
      n = snprintf(buf, size, "%s: ", path);
    }
  } else if (size) {
    buf[0] = '\0';
  }
  return n < 0 ? 0 : (size_t)n;
}

size_t sheaf_error_format(const sheaf_error *err, char *buf, size_t size) {
  size_t n = format_location(err->path, err->line, err->col, buf, size);
  const char *msg = err->message[0] ? err->message : sheaf_error_string(err->code);
  int m = snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, "error: %s", msg);
  return n + (m < 0 ? 0 : (size_t)m);
}

static void set_location(sheaf_error *err, sheaf_code code, const char *path, unsigned line,
                         unsigned col) {
  err->code = code;
  err->sys_errno = 0;
  err->line = line;
  err->col = col;
  snprintf(err->path, sizeof err->path, "%s", path ? path : "");
}

int sheaf_fail(sheaf_error *err, sheaf_code code, const char *path, unsigned line, unsigned col,
               const char *fmt, ...) {
  if (!err) {
    return -1;
  }
  set_location(err, code, path, line, col);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return -1;
}

int sheaf_fail_sys(sheaf_error *err, const char *path, const char *fmt, ...) {
  int e = errno;
  if (!err) {
    return -1;
  }
  set_location(err, SHEAF_ER_IO, path, 0, 0);
  err->sys_errno = e;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  if (n >= 0 && (size_t)n < sizeof err->message) {
    snprintf(err->message + n, sizeof err->message - (size_t)n, ": %s", strerror(e));
  }
  return -1;
}

void sheaf_diags_init(sheaf_diags *d, sheaf_diag_fn fn, void *data, int strict) {
  memset(d, 0, sizeof *d);
  d->fn = fn;
  d->data = data;
  d->strict = strict;
}

void sheaf_diags_child(sheaf_diags *child, const sheaf_diags *parent) {
  sheaf_diags_init(child, parent->fn, parent->data, parent->strict);
  child->buffered = 1;
  child->quiet = parent->quiet;
}

static void deliver(sheaf_diags *d, sheaf_severity sev, const char *path, unsigned line,
                    unsigned col, const char *msg) {
  if (sev == SHEAF_ERROR) {
    d->errors++;
  } else {
    d->warnings++;
  }
  if (d->buffered) {
    d->items = sheaf_xgrow(d->items, &d->cap_items, d->n_items + 1, sizeof *d->items);
    sheaf_diag_item *it = &d->items[d->n_items++];
    it->severity = sev;
    it->path = sheaf_xstrdup(path ? path : "");
    it->line = line;
    it->col = col;
    it->message = sheaf_xstrdup(msg);
    return;
  }
  if (d->fn) {
    sheaf_diag diag = {sev, path ? path : "", line, col, msg};
    d->fn(d->data, &diag);
  }
}

void sheaf_warn(sheaf_diags *d, const char *path, unsigned line, unsigned col, const char *fmt,
                ...) {
  if (d->quiet) {
    return;
  }
  char msg[SHEAF_ERROR_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  deliver(d, d->strict ? SHEAF_ERROR : SHEAF_WARNING, path, line, col, msg);
}

void sheaf_diags_flush(sheaf_diags *from, sheaf_diags *to) {
  for (size_t i = 0; i < from->n_items; i++) {
    sheaf_diag_item *it = &from->items[i];
    deliver(to, it->severity, it->path, it->line, it->col, it->message);
  }
  sheaf_diags_fini(from);
  from->warnings = from->errors = 0;
}

void sheaf_diags_fini(sheaf_diags *d) {
  for (size_t i = 0; i < d->n_items; i++) {
    free(d->items[i].path);
    free(d->items[i].message);
  }
  free(d->items);
  d->items = NULL;
  d->n_items = d->cap_items = 0;
}

int sheaf_diags_check(const sheaf_diags *d, sheaf_error *err) {
  if (d->errors == 0) {
    return 0;
  }
  return sheaf_fail(err, SHEAF_ER_STRICT, NULL, 0, 0,
                    "%zu warning%s treated as error%s (--strict); nothing written", d->errors,
                    d->errors == 1 ? "" : "s", d->errors == 1 ? "" : "s");
}
