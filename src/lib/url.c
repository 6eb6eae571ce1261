/* url.c -- link destinations: classifying, splitting, decoding and writing valid URLs
 * SPDX-License-Identifier: MIT */
#include "url.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uidna.h>

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

/* ---- external URLs ----
 * EPUBCheck 4.2 reads an href with java.net.URI (RFC 2396 with RFC 2732 hosts). A parse
 * failure is RSC-020 (and RSC-005, as the schema's xsd:anyURI uses the same parser); an
 * http(s) URL whose host java.net.URI cannot take as a server name is RSC-023 (EPUBCheck
 * retries with '_' read as a letter); a scheme outside its registered list is HTM-025. The
 * writer below repairs what the WHATWG URL parser (the browsers') would repair, encodes
 * what java.net.URI refuses, and refuses what neither reading makes valid. */

static const char *const registered_schemes[] = {
#include "url_schemes.inc"
};

/* Characters java.net.URI keeps in each part besides unreserved ones and "%XX". */
#define KEEP_PATH ";/:@&=+$,"
#define KEEP_URIC ";/?:@&=+$,[]" /* query, fragment and opaque part */
#define KEEP_USERINFO ";:&=+$,"
#define KEEP_REG_NAME "$,;&=+" /* the host of a non-special scheme */

static int ascii_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_digit(int c) {
  return c >= '0' && c <= '9';
}

static int ascii_alnum(int c) {
  return ascii_alpha(c) || ascii_digit(c);
}

/* RFC 2396 "unreserved": letters, digits and marks. */
static int unreserved(int c) {
  return ascii_alnum(c) || (c && strchr("-_.!~*'()", c));
}

/* True when s[i] starts a "%XX" escape inside the first n bytes. */
static int valid_escape(const char *s, size_t i, size_t n) {
  return s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
         hexval((unsigned char)s[i + 2]) >= 0;
}

/* Appends n bytes of s, keeping unreserved characters, those in keep and valid escapes,
 * and percent-encoding every other byte (so UTF-8 is encoded byte by byte). */
static void put_encoded(sheaf_buf *u, const char *s, size_t n, const char *keep) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (valid_escape(s, i, n)) {
      sheaf_buf_put(u, s + i, 3);
      i += 2;
    } else if (unreserved(c) || (c && strchr(keep, c))) {
      sheaf_buf_putc(u, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      sheaf_buf_put(u, e, 3);
    }
  }
}

static int scheme_registered(const char *s, size_t n) {
  char key[32];
  if (n == 0 || n >= sizeof key) {
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    key[i] = (char)tolower((unsigned char)s[i]);
  }
  key[n] = '\0';
  size_t lo = 0;
  size_t hi = sizeof registered_schemes / sizeof *registered_schemes;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(key, registered_schemes[mid]);
    if (c == 0) {
      return 1;
    }
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return 0;
}

int sheaf_url_scheme_known(const char *url) {
  return scheme_registered(url, sheaf_url_scheme(url));
}

/* The WHATWG "special" schemes EPUBCheck registers (ws and wss it does not; file is unsafe). */
static int special_scheme(const char *s, size_t n) {
  return (n == 4 && strncasecmp(s, "http", 4) == 0) ||
         (n == 5 && strncasecmp(s, "https", 5) == 0) || (n == 3 && strncasecmp(s, "ftp", 3) == 0);
}

/* A copy of url without leading and trailing C0 controls and spaces, and without tabs and
 * line breaks (as the WHATWG parser reads it). */
static char *clean_copy(const char *url) {
  size_t n = strlen(url);
  while (n && (unsigned char)url[n - 1] <= ' ') {
    n--;
  }
  while (n && (unsigned char)*url <= ' ') {
    url++;
    n--;
  }
  char *s = sheaf_xmalloc(n + 1);
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r') {
      s[w++] = url[i];
    }
  }
  s[w] = '\0';
  return s;
}

/* True for a bracketed IPv6 address ("[::1]"). */
static int ipv6_ok(const char *h, size_t n) {
  char tmp[64];
  struct in6_addr addr;
  if (n < 3 || h[0] != '[' || h[n - 1] != ']' || n - 2 >= sizeof tmp) {
    return 0;
  }
  memcpy(tmp, h + 1, n - 2);
  tmp[n - 2] = '\0';
  return inet_pton(AF_INET6, tmp, &addr) == 1;
}

/* True for four decimal parts of 0..255 without leading zeros (which the WHATWG parser
 * would read as octal). */
static int ipv4_ok(const char *h, size_t n) {
  int parts = 0;
  size_t i = 0;
  while (i < n && parts < 4) {
    size_t start = i;
    unsigned v = 0;
    while (i < n && ascii_digit(h[i]) && i - start < 3) {
      v = v * 10 + (unsigned)(h[i++] - '0');
    }
    if (i == start || v > 255 || (h[start] == '0' && i - start > 1)) {
      return 0;
    }
    parts++;
    if (i < n && h[i] == '.' && parts < 4) {
      i++;
    } else {
      break;
    }
  }
  return parts == 4 && i == n;
}

/* True when the label h[0..n) has letters, digits, '-' and '_' only, and no '-' at either
 * end. */
static int label_ok(const char *h, size_t n) {
  if (n == 0 || h[0] == '-' || h[n - 1] == '-') {
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (!ascii_alnum(h[i]) && h[i] != '-' && h[i] != '_') {
      return 0;
    }
  }
  return 1;
}

/* True for a label the WHATWG parser would take as a number (an IPv4 part). */
static int numeric_label(const char *h, size_t n) {
  int hex = n >= 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X');
  for (size_t i = hex ? 2 : 0; i < n; i++) {
    if (hex ? hexval((unsigned char)h[i]) < 0 : !ascii_digit(h[i])) {
      return 0;
    }
  }
  return 1;
}

/* True when the ASCII host h[0..n) is one both parsers agree on: an IPv4 address, or a
 * domain name that java.net.URI takes as a server name (the last label starts with a letter
 * when there are several) and the WHATWG parser does not read as an IPv4 address. */
static int host_name_ok(const char *h, size_t n) {
  if (ipv4_ok(h, n)) {
    return 1;
  }
  if (n > 1 && h[n - 1] == '.') {
    n--; /* a fully qualified name */
  }
  size_t start = 0;
  size_t last = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || h[i] == '.') {
      if (!label_ok(h + start, i - start)) {
        return 0;
      }
      last = start;
      start = i + 1;
    }
  }
  if (numeric_label(h + last, n - last)) {
    return 0;
  }
  return last == 0 || ascii_alpha(h[last]) || h[last] == '_';
}

/* The host h[0..n) percent-decoded into a new string, or NULL when it holds a malformed
 * escape or "%00". */
static char *host_decode(const char *h, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (h[i] == '%' && (!valid_escape(h, i, n) || strncmp(h + i, "%00", 3) == 0)) {
      return NULL;
    }
  }
  return decode(h, n);
}

static int all_ascii(const char *s) {
  for (; *s; s++) {
    if ((unsigned char)*s >= 0x80) {
      return 0;
    }
  }
  return 1;
}

/* The longest host name DNS allows (RFC 1035: 253 characters, 255 with a final dot). */
#define URL_MAX_HOST 255

/* Writes the international domain d (UTF-8) into ascii[0..size) as punycode, by ICU's UTS #46:
 * non-transitional, bidi and joiner rules checked, no STD3 rules, as the WHATWG URL parser
 * does; unlike it, hyphens and lengths are checked too (as DNS and IDNA 2008 do). Returns 0,
 * or -1 when d is not a valid international domain name. */
static int domain_to_ascii(const char *d, char *ascii, int32_t size) {
  UErrorCode ec = U_ZERO_ERROR;
  UIDNA *idna = uidna_openUTS46(
      UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ, &ec);
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  int32_t n = U_SUCCESS(ec) ? uidna_nameToASCII_UTF8(idna, d, -1, ascii, size, &info, &ec) : 0;
  uidna_close(idna);
  return U_SUCCESS(ec) && n < size && info.errors == 0 ? 0 : -1;
}

/* Appends the decoded domain d of an http, https or ftp URL: as written when ASCII, else as
 * punycode (UTS #46 non-transitional processing, as the WHATWG parser does). */
static int put_domain(sheaf_buf *u, const char *d, const char **why) {
  if (all_ascii(d)) {
    if (!host_name_ok(d, strlen(d))) {
      *why = "its host is not valid";
      return -1;
    }
    sheaf_buf_puts(u, d);
    return 0;
  }
  char ascii[URL_MAX_HOST + 1];
  if (domain_to_ascii(d, ascii, (int32_t)sizeof ascii) != 0) {
    *why = "its host is not a valid international domain name";
    return -1;
  }
  if (!host_name_ok(ascii, strlen(ascii))) {
    *why = "its host is not valid";
    return -1;
  }
  sheaf_buf_puts(u, ascii);
  return 0;
}

/* Appends the host h[0..n) of an http, https or ftp URL: a bracketed IPv6 address as
 * written, a domain once percent-decoded. */
static int put_special_host(sheaf_buf *u, const char *h, size_t n, const char **why) {
  if (n == 0) {
    *why = "it has no host";
    return -1;
  }
  if (h[0] == '[') {
    if (!ipv6_ok(h, n)) {
      *why = "its IPv6 address is not valid";
      return -1;
    }
    sheaf_buf_put(u, h, n);
    return 0;
  }
  char *d = host_decode(h, n);
  if (!d) {
    *why = "its host is not valid";
    return -1;
  }
  int rc = put_domain(u, d, why);
  free(d);
  return rc;
}

/* Appends the host h[0..n) of another scheme: an IPv6 address as written, else percent-
 * encoded where java.net.URI needs it. Characters the WHATWG parser forbids are refused. */
static int put_opaque_host(sheaf_buf *u, const char *h, size_t n, const char **why) {
  if (n && h[0] == '[') {
    if (!ipv6_ok(h, n)) {
      *why = "its IPv6 address is not valid";
      return -1;
    }
    sheaf_buf_put(u, h, n);
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (h[i] == '\0' || strchr(" #/:<>?@[\\]^|", h[i])) {
      *why = "its host is not valid";
      return -1;
    }
  }
  if (n == 0) {
    *why = "it has no host";
    return -1;
  }
  put_encoded(u, h, n, KEEP_REG_NAME);
  return 0;
}

/* True for an empty port or a decimal number up to 65535. */
static int port_ok(const char *p, size_t n) {
  unsigned long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (!ascii_digit(p[i])) {
      return 0;
    }
    v = v * 10 + (unsigned long)(p[i] - '0');
    if (v > 65535) {
      return 0;
    }
  }
  return 1;
}

/* Appends "host[:port]" from p[0..n). */
static int put_host_port(sheaf_buf *u, const char *p, size_t n, int special, const char **why) {
  size_t hl = 0;
  if (n && p[0] == '[') {
    const char *close = memchr(p, ']', n);
    hl = close ? (size_t)(close - p) + 1 : n;
  } else {
    const char *colon = memchr(p, ':', n);
    hl = colon ? (size_t)(colon - p) : n;
  }
  int rc = special ? put_special_host(u, p, hl, why) : put_opaque_host(u, p, hl, why);
  if (rc < 0 || hl == n) {
    return rc;
  }
  if (p[hl] != ':') {
    *why = "its host is not valid";
    return -1;
  }
  if (!port_ok(p + hl + 1, n - hl - 1)) {
    *why = "its port is not a number up to 65535";
    return -1;
  }
  sheaf_buf_put(u, p + hl, n - hl);
  return 0;
}

/* Appends the authority p[0..n): user information (up to the last '@'), host and port. */
static int put_authority(sheaf_buf *u, const char *p, size_t n, int special, const char **why) {
  size_t at = n;
  while (at > 0 && p[at - 1] != '@') {
    at--;
  }
  if (at > 0) {
    put_encoded(u, p, at - 1, KEEP_USERINFO);
    sheaf_buf_putc(u, '@');
  }
  return put_host_port(u, p + at, n - at, special, why);
}

/* Appends the path, query and fragment from p; in special URLs '\\' is a path separator. */
static void put_tail(sheaf_buf *u, const char *p, int special) {
  size_t n = strcspn(p, "?#");
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || (special && p[i] == '\\')) {
      put_encoded(u, p + start, i - start, KEEP_PATH);
      if (i < n) {
        sheaf_buf_putc(u, '/');
      }
      start = i + 1;
    }
  }
  p += n;
  if (*p == '?') {
    size_t q = strcspn(p + 1, "#");
    sheaf_buf_putc(u, '?');
    put_encoded(u, p + 1, q, KEEP_URIC);
    p += q + 1;
  }
  if (*p == '#') {
    sheaf_buf_putc(u, '#');
    put_encoded(u, p + 1, strlen(p + 1), KEEP_URIC); /* a second '#' is encoded */
  }
}

/* After "http:", "https:" or "ftp:": any run of slashes and backslashes stands for "//". */
static int put_special_rest(sheaf_buf *u, const char *p, const char **why) {
  p += strspn(p, "/\\");
  size_t n = strcspn(p, "/\\?#");
  sheaf_buf_puts(u, "//");
  if (put_authority(u, p, n, 1, why) < 0) {
    return -1;
  }
  put_tail(u, p + n, 1);
  return 0;
}

/* After the scheme of another URL: "//authority" and a path, an absolute path, or an opaque
 * part ("mailto:a@b.example"), each with an optional fragment. */
static int put_other_rest(sheaf_buf *u, const char *p, const char **why) {
  if (*p == '\0' || *p == '#' || strcmp(p, "//") == 0) {
    *why = "there is nothing after the scheme";
    return -1;
  }
  if (p[0] == '/' && p[1] == '/') {
    size_t n = strcspn(p + 2, "/?#");
    sheaf_buf_puts(u, "//");
    if (n && put_authority(u, p + 2, n, 0, why) < 0) {
      return -1;
    }
    put_tail(u, p + 2 + n, 0);
    return 0;
  }
  if (*p == '/') {
    put_tail(u, p, 0);
    return 0;
  }
  size_t n = strcspn(p, "#");
  put_encoded(u, p, n, KEEP_URIC);
  if (p[n] == '#') {
    sheaf_buf_putc(u, '#');
    put_encoded(u, p + n + 1, strlen(p + n + 1), KEEP_URIC);
  }
  return 0;
}

/* Writes the cleaned URL s into u. */
static int put_external(sheaf_buf *u, const char *s, const char **why) {
  if (s[0] == '/' && s[1] == '/') {
    sheaf_buf_puts(u, "https:");
    return put_special_rest(u, s, why);
  }
  size_t n = sheaf_url_scheme(s);
  if (n == 0) {
    *why = "it is not an absolute URL";
    return -1;
  }
  if (sheaf_url_unsafe(s)) {
    *why = "scripts, local files and data: URLs cannot be linked from a book";
    return -1;
  }
  if (!scheme_registered(s, n)) {
    *why = "its scheme is not one EPUBCheck knows";
    return -1;
  }
  sheaf_buf_put(u, s, n + 1);
  return special_scheme(s, n) ? put_special_rest(u, s + n + 1, why)
                              : put_other_rest(u, s + n + 1, why);
}

int sheaf_url_external(const char *url, sheaf_buf *out, const char **why) {
  char *s = clean_copy(url);
  sheaf_buf u = SHEAF_BUF_INIT;
  const char *reason = NULL;
  int rc = put_external(&u, s, &reason);
  if (rc == 0) {
    sheaf_buf_put_attr(out, u.ptr, u.len);
  } else if (why) {
    *why = reason;
  }
  sheaf_buf_free(&u);
  free(s);
  return rc;
}
