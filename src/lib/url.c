/* url.c -- link destinations: classifying, splitting, decoding and writing valid URLs
 * SPDX-License-Identifier: MIT */
#include "url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

size_t sheaf_url_scheme(const char *url) {
  if (!isalpha((unsigned char)url[0])) {
    return 0;
  }
  size_t i = 1;
  while (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.') {
    i++;
  }
  return url[i] == ':' ? i : 0;
}

int sheaf_url_unsafe(const char *url) {
  static const char *const bad[] = {"javascript", "vbscript", "file", "data", NULL};
  while (*url && isspace((unsigned char)*url)) {
    url++;
  }
  size_t n = sheaf_url_scheme(url);
  for (size_t i = 0; n && bad[i]; i++) {
    if (strlen(bad[i]) == n && strncasecmp(url, bad[i], n) == 0) {
      return 1;
    }
  }
  return 0;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static char *decode(const char *s, size_t n) {
  char *out = sheaf_xmalloc(n + 1);
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
        hexval((unsigned char)s[i + 2]) >= 0) {
      out[w++] = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
      i += 2;
    } else {
      out[w++] = s[i];
    }
  }
  out[w] = '\0';
  return out;
}

void sheaf_url_split(const char *url, sheaf_url_parts *p) {
  size_t len = strlen(url);
  const char *hash = memchr(url, '#', len);
  size_t before_hash = hash ? (size_t)(hash - url) : len;
  const char *q = memchr(url, '?', before_hash);
  size_t path_len = q ? (size_t)(q - url) : before_hash;
  p->path = decode(url, path_len);
  p->query = q ? decode(q + 1, before_hash - path_len - 1) : NULL;
  p->fragment = hash ? decode(hash + 1, len - before_hash - 1) : NULL;
}

void sheaf_url_parts_free(sheaf_url_parts *p) {
  free(p->path);
  free(p->query);
  free(p->fragment);
  memset(p, 0, sizeof *p);
}

/* Characters a URL may hold as they are (RFC 3986 unreserved, reserved and '%'). */
static int url_char(unsigned char c) {
  return isalnum(c) || (c && strchr("-._~:/?#[]@!$&'()*+,;=%", c));
}

void sheaf_url_put_attr(sheaf_buf *out, const char *url, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)url[i];
    if (c == '%' && (i + 2 >= len || hexval(url[i + 1]) < 0 || hexval(url[i + 2]) < 0)) {
      sheaf_buf_puts(out, "%25");
    } else if (c == '&') {
      sheaf_buf_puts(out, "&amp;");
    } else if (c == '#' && memchr(url, '#', i)) {
      sheaf_buf_puts(out, "%23"); /* only one fragment delimiter */
    } else if (url_char(c)) {
      sheaf_buf_putc(out, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      sheaf_buf_put(out, e, 3);
    }
  }
}

void sheaf_url_put_component(sheaf_buf *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c) || strchr("-._~!$'()*+,;=:@", c)) {
      sheaf_buf_putc(out, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      sheaf_buf_put(out, e, 3);
    }
  }
}

char *sheaf_path_normalize(const char *path) {
  char *copy = sheaf_xstrdup(path);
  char **segs = sheaf_xmalloc((strlen(path) / 2 + 2) * sizeof *segs);
  size_t n = 0;
  int ok = 1;
  for (char *save = NULL, *s = strtok_r(copy, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
    if (strcmp(s, ".") == 0) {
      continue;
    }
    if (strcmp(s, "..") == 0) {
      if (n == 0) {
        ok = 0;
        break;
      }
      n--;
      continue;
    }
    segs[n++] = s;
  }
  char *out = NULL;
  if (ok) {
    sheaf_buf b = SHEAF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
      if (i) {
        sheaf_buf_putc(&b, '/');
      }
      sheaf_buf_puts(&b, segs[i]);
    }
    out = sheaf_buf_detach(&b, NULL);
  }
  free(segs);
  free(copy);
  return out;
}
