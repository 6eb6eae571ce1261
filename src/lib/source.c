/* source.c -- stage 1: reading sources under size caps and path rules
 * SPDX-License-Identifier: MIT */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "url.h"
#include "utf8.h"

static int read_all(int fd, const char *path, size_t max, sheaf_buf *out, sheaf_error *err) {
  for (;;) {
    sheaf_buf_reserve(out, 65536);
    size_t room = out->cap - out->len - 1;
    ssize_t n = read(fd, out->ptr + out->len, room);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return sheaf_fail_sys(err, path, "cannot read file");
    }
    if (n == 0) {
      out->ptr[out->len] = '\0';
      return 0;
    }
    out->len += (size_t)n;
    if (out->len > max) {
      return sheaf_fail(err, SHEAF_ER_LIMIT, path, 0, 0, "file is larger than the limit of %zu MiB",
                        max >> 20);
    }
  }
}

int sheaf_read_file(const char *path, size_t max, sheaf_buf *out, sheaf_error *err) {
  sheaf_buf_clear(out);
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return sheaf_fail(err, SHEAF_ER_MISSING, path, 0, 0, "no such file");
    }
    return sheaf_fail_sys(err, path, "cannot open file");
  }
  struct stat st;
  int rc = -1;
  if (fstat(fd, &st) != 0) {
    sheaf_fail_sys(err, path, "cannot stat file");
  } else if (S_ISDIR(st.st_mode)) {
    sheaf_fail(err, SHEAF_ER_IO, path, 0, 0, "is a directory, not a file");
  } else if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
    sheaf_fail(err, SHEAF_ER_LIMIT, path, 0, 0,
               "file is %llu MiB, larger than the limit of %zu MiB",
               (unsigned long long)st.st_size >> 20, max >> 20);
  } else {
    if (S_ISREG(st.st_mode)) {
      sheaf_buf_reserve(out, (size_t)st.st_size + 1);
    }
    rc = read_all(fd, path, max, out, err);
  }
  close(fd);
  return rc;
}

int sheaf_check_text(const char *path, sheaf_buf *text, sheaf_diags *diags, sheaf_error *err) {
  if (!text->ptr) {
    return 0; /* never written to: empty, so clean */
  }
  if (text->len >= 3 && memcmp(text->ptr, "\xEF\xBB\xBF", 3) == 0) {
    memmove(text->ptr, text->ptr + 3, text->len - 3 + 1);
    text->len -= 3;
  }
  size_t at = 0;
  unsigned line;
  unsigned col;
  sheaf_text_issue issue = sheaf_text_scan(text->ptr, text->len, &at);
  if (issue == SHEAF_TEXT_OK) {
    return 0;
  }
  sheaf_text_position(text->ptr, at, &line, &col);
  if (issue == SHEAF_TEXT_BAD_UTF8) {
    return sheaf_fail(err, SHEAF_ER_UTF8, path, line, col,
                      "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                      (unsigned char)text->ptr[at]);
  }
  if (issue == SHEAF_TEXT_NUL) {
    return sheaf_fail(err, SHEAF_ER_UTF8, path, line, col,
                      "NUL byte in a text file (is it binary, or UTF-16?)");
  }
  sheaf_warn(diags, path, line, col,
             "control character U+%04X is not allowed in XML; removed (with any others)",
             (unsigned)(unsigned char)text->ptr[at]);
  text->len = sheaf_text_strip_controls(text->ptr, text->len);
  text->ptr[text->len] = '\0';
  return 0;
}

int sheaf_read_text(const char *path, size_t max, sheaf_diags *diags, sheaf_buf *out,
                    sheaf_error *err) {
  if (sheaf_read_file(path, max, out, err) != 0) {
    return -1;
  }
  return sheaf_check_text(path, out, diags, err);
}

char *sheaf_path_dir(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) {
    return sheaf_xstrdup(".");
  }
  if (slash == path) {
    return sheaf_xstrdup("/");
  }
  return sheaf_xstrndup(path, (size_t)(slash - path));
}

char *sheaf_path_join(const char *dir, const char *rel) {
  if (rel[0] == '/' || strcmp(dir, ".") == 0 || dir[0] == '\0') {
    return sheaf_xstrdup(rel);
  }
  size_t n = strlen(dir);
  return sheaf_xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", rel);
}

char *sheaf_path_stem(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base) {
    return sheaf_xstrdup(base);
  }
  return sheaf_xstrndup(base, (size_t)(dot - base));
}

int sheaf_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int sheaf_is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int sheaf_root_init(sheaf_root *root, const char *dir, sheaf_error *err) {
  root->real = realpath(dir, NULL);
  if (!root->real) {
    return sheaf_fail_sys(err, dir, "cannot resolve the book directory");
  }
  size_t n = strlen(root->real);
  if (n > 1 && root->real[n - 1] == '/') {
    root->real[n - 1] = '\0';
  }
  return 0;
}

void sheaf_root_fini(sheaf_root *root) {
  free(root->real);
  root->real = NULL;
}

/* True when real (an absolute, resolved path) lies inside root (or is root itself). */
static int inside(const sheaf_root *root, const char *real) {
  size_t n = strlen(root->real);
  if (strcmp(root->real, "/") == 0) {
    return 1;
  }
  return strncmp(real, root->real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

char *sheaf_root_resolve(const sheaf_root *root, const char *from_dir, const char *ref, char **rel,
                         sheaf_error *err) {
  *rel = NULL;
  if (ref[0] == '/') {
    sheaf_fail(err, SHEAF_ER_PATH, NULL, 0, 0,
               "'%s' is an absolute path; use a path relative to the book", ref);
    return NULL;
  }
  /* first by the letters of the path, so that "../../x" is refused whether or not it exists */
  char *dir = realpath(from_dir, NULL);
  char *lexical = dir ? sheaf_xasprintf("%s/%s", dir, ref) : NULL;
  char *norm = lexical ? sheaf_path_normalize(lexical + 1) : NULL;
  char *abs = norm ? sheaf_xasprintf("/%s", norm) : NULL;
  int outside = dir && (!abs || !inside(root, abs));
  free(abs);
  free(norm);
  free(lexical);
  free(dir);
  if (outside) {
    sheaf_fail(err, SHEAF_ER_PATH, NULL, 0, 0,
               "'%s' resolves outside the book directory; sheaf only packages files under it", ref);
    return NULL;
  }
  /* then on disk, where symlinks may point elsewhere */
  char *joined = sheaf_path_join(from_dir, ref);
  char *real = realpath(joined, NULL);
  if (!real) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) {
      sheaf_fail(err, SHEAF_ER_MISSING, NULL, 0, 0, "'%s' not found", ref);
    } else {
      errno = e;
      sheaf_fail_sys(err, NULL, "cannot resolve '%s'", ref);
    }
    free(joined);
    return NULL;
  }
  free(joined);
  if (!inside(root, real)) {
    sheaf_fail(err, SHEAF_ER_PATH, NULL, 0, 0,
               "'%s' resolves outside the book directory; sheaf only packages files under it", ref);
    free(real);
    return NULL;
  }
  *rel = sheaf_root_relative(root, real);
  return real;
}

char *sheaf_root_relative(const sheaf_root *root, const char *real) {
  if (!inside(root, real)) {
    return NULL;
  }
  size_t n = strcmp(root->real, "/") == 0 ? 0 : strlen(root->real);
  return sheaf_xstrdup(real[n] == '/' ? real + n + 1 : real + n);
}
