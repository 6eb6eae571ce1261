/* html_values.c -- attribute value checks (see html_values.h)
 * SPDX-License-Identifier: MIT
 *
 * The tables follow the schemas EPUBCheck 4.2.6 bundles (com/adobe/epubcheck/schema/30/mod/
 * html5/ and datatypes.rnc): which values each attribute takes, which roles each
 * element may have, which aria-* states each role takes. Every check builds the value it
 * would accept and compares: equal is OK, different is FIXED, nothing is DROP. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_values.h"
#include "meta.h"

/* ---- the shape of a check ---- */

typedef enum value_kind {
  V_ANY,        /* any string */
  V_INT,        /* integer */
  V_INT_POS,    /* integer >= 1 */
  V_INT_NONNEG, /* integer >= 0 */
  V_FLOAT,      /* floating-point number */
  V_FLOAT_POS,  /* > 0 */
  V_FLOAT_NONNEG,
  V_ENUM,      /* one of data ('|'-separated, "" allowed when listed), ASCII case-insensitive */
  V_ENUM_CASE, /* the same, case-sensitive (<ol type>) */
  V_BOOL,      /* "" or the attribute's name */
  V_LANG,      /* BCP 47 tag or "" */
  V_LANG_REQ,  /* BCP 47 tag */
  V_MIME,
  V_DATETIME, /* <time datetime>: date, time, duration... */
  V_DATE_OR_DT,
  V_IDREF,
  V_IDREFS,
  V_TOKENS, /* at least one token */
  V_URL,
  V_URLS,      /* at least one URL */
  V_NMTOKENS,  /* epub:type */
  V_ROLE,      /* one role the element may have */
  V_TARGET,    /* browsing-context name or keyword */
  V_CONTEXT,   /* browsing-context name */
  V_MAP_NAME,  /* no whitespace */
  V_HASH_NAME, /* "#" and a map name */
  V_COORDS,
  V_SHAPE,
  V_SANDBOX,
  V_RELEVANT,  /* aria-relevant */
  V_TOKEN_SET, /* one or more of data's tokens (aria-dropeffect) */
  V_STEP,
  V_ARIA /* any aria-*: see aria_check */
} value_kind;

typedef struct vctx {
  const char *el;
  const char *attr;
  const char *value;
  const char *data; /* the rule's tokens, or NULL */
  const sheaf_attr_env *env;
  sheaf_buf *fixed;
  const char **why;
} vctx;

typedef sheaf_value_verdict (*value_check)(const vctx *c);

static sheaf_value_verdict check_kind(const vctx *c, value_kind kind);

/* ---- small helpers ---- */

static int is_space(int ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r';
}

/* The value without leading and trailing ASCII whitespace (HTML's "strip"). */
static const char *trimmed(const char *s, size_t *len) {
  while (is_space((unsigned char)*s)) {
    s++;
  }
  size_t n = strlen(s);
  while (n && is_space((unsigned char)s[n - 1])) {
    n--;
  }
  *len = n;
  return s;
}

/* Whether `list` (words separated by `sep`) holds s[0..n); ASCII case-insensitive when
 * `nocase`. Returns the word in the list, or NULL. */
static const char *find_word(const char *list, char sep, const char *s, size_t n, int nocase) {
  const char *p = list;
  for (;;) {
    const char *end = strchr(p, sep);
    size_t l = end ? (size_t)(end - p) : strlen(p);
    if (l == n && (nocase ? strncasecmp(p, s, n) : strncmp(p, s, n)) == 0) {
      return p;
    }
    if (!end) {
      return NULL;
    }
    p = end + 1;
  }
}

static size_t word_len(const char *w, char sep) {
  const char *end = strchr(w, sep);
  return end ? (size_t)(end - w) : strlen(w);
}

static int has_word(const char *list, const char *s, size_t n) {
  return list && find_word(list, ' ', s, n, 0) != NULL;
}

static sheaf_value_verdict drop(const vctx *c, const char *why) {
  *c->why = why;
  return SHEAF_VALUE_DROP;
}

/* OK when s[0..n) is the value as written, else FIXED with s as the new value. */
static sheaf_value_verdict repair(const vctx *c, const char *s, size_t n, const char *why) {
  if (strlen(c->value) == n && memcmp(c->value, s, n) == 0) {
    return SHEAF_VALUE_OK;
  }
  sheaf_buf_put(c->fixed, s, n);
  *c->why = why;
  return SHEAF_VALUE_FIXED;
}

static sheaf_value_verdict repair_buf(const vctx *c, sheaf_buf *b, const char *why) {
  sheaf_value_verdict v = repair(c, b->ptr ? b->ptr : "", b->len, why);
  sheaf_buf_free(b);
  return v;
}

/* The next whitespace-separated token from *p, or NULL at the end. */
static const char *next_token(const char **p, size_t *len) {
  const char *s = *p;
  while (is_space((unsigned char)*s)) {
    s++;
  }
  if (!*s) {
    return NULL;
  }
  size_t n = 0;
  while (s[n] && !is_space((unsigned char)s[n])) {
    n++;
  }
  *p = s + n;
  *len = n;
  return s;
}

static void put_word(sheaf_buf *b, const char *s, size_t n) {
  if (b->len) {
    sheaf_buf_putc(b, ' ');
  }
  sheaf_buf_put(b, s, n);
}

/* ---- numbers ---- */

static size_t count_digits(const char *s) {
  size_t n = 0;
  while (isdigit((unsigned char)s[n])) {
    n++;
  }
  return n;
}

/* HTML's rules for parsing integers: whitespace, a sign, digits; what follows is ignored.
 * Writes the integer in canonical form (no '+', no leading zeros) to out (at least 24
 * bytes); returns its sign (-1, 0 or 1), or -2 when there is no integer (or a huge one). */
static int parse_int(const char *s, char *out) {
  while (is_space((unsigned char)*s)) {
    s++;
  }
  int neg = *s == '-';
  s += *s == '-' || *s == '+';
  size_t n = count_digits(s);
  if (n == 0) {
    return -2;
  }
  while (n > 1 && *s == '0') {
    s++;
    n--;
  }
  if (n > 18) {
    return -2;
  }
  int zero = n == 1 && *s == '0';
  size_t at = 0;
  if (neg && !zero) {
    out[at++] = '-';
  }
  memcpy(out + at, s, n);
  out[at + n] = '\0';
  return zero ? 0 : neg ? -1 : 1;
}

static sheaf_value_verdict check_int(const vctx *c, int min_sign, const char *why) {
  char canon[24];
  int sign = parse_int(c->value, canon);
  if (strchr(c->value, '%')) {
    return drop(c, "a percentage is not allowed here (CSS can say it)");
  }
  if (sign < min_sign) {
    return drop(c, why);
  }
  return repair(c, canon, strlen(canon), "written as a plain integer");
}

static sheaf_value_verdict int_any(const vctx *c) {
  return check_int(c, -1, "not an integer");
}

static sheaf_value_verdict int_pos(const vctx *c) {
  return check_int(c, 1, "not a positive integer");
}

static sheaf_value_verdict int_nonneg(const vctx *c) {
  return check_int(c, 0, "not a non-negative integer");
}

/* HTML's rules for parsing floating-point numbers, writing the number as a valid
 * floating-point number ("-?D+(.D+)?(e[+-]?D+)?") to out. Returns 0 when there is none. */
static int parse_float(const char *s, sheaf_buf *out) {
  while (is_space((unsigned char)*s)) {
    s++;
  }
  if (*s == '-') {
    sheaf_buf_putc(out, '-');
  }
  s += *s == '-' || *s == '+';
  size_t whole = count_digits(s);
  size_t frac = s[whole] == '.' ? count_digits(s + whole + 1) : 0;
  if (whole + frac == 0 || whole + frac > 40) {
    return 0;
  }
  sheaf_buf_put(out, whole ? s : "0", whole ? whole : 1);
  s += whole;
  if (frac) {
    sheaf_buf_put(out, s, frac + 1);
    s += frac + 1;
  } else if (*s == '.') {
    s++;
  }
  if (*s == 'e' || *s == 'E') {
    size_t sign = s[1] == '-' || s[1] == '+';
    size_t exp = count_digits(s + 1 + sign);
    if (exp && exp < 5) {
      sheaf_buf_put(out, s, 1 + sign + exp);
    }
  }
  return 1;
}

/* min_sign: -1 any, 0 non-negative, 1 positive. */
static sheaf_value_verdict check_float(const vctx *c, int min_sign, const char *why) {
  sheaf_buf canon = SHEAF_BUF_INIT;
  if (!parse_float(c->value, &canon)) {
    sheaf_buf_free(&canon);
    return drop(c, why);
  }
  double d = strtod(canon.ptr, NULL);
  if ((min_sign == 0 && d < 0) || (min_sign == 1 && !(d > 0))) {
    sheaf_buf_free(&canon);
    return drop(c, why);
  }
  return repair_buf(c, &canon, "written as a plain number");
}

static sheaf_value_verdict float_any(const vctx *c) {
  return check_float(c, -1, "not a number");
}

static sheaf_value_verdict float_pos(const vctx *c) {
  return check_float(c, 1, "not a number greater than zero");
}

static sheaf_value_verdict float_nonneg(const vctx *c) {
  return check_float(c, 0, "not a number of zero or more");
}

/* step on <input>: "any" or a number greater than zero. */
static sheaf_value_verdict step_value(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n == 3 && strncasecmp(s, "any", 3) == 0) {
    return repair(c, "any", 3, "keywords are lower case");
  }
  return float_pos(c);
}

/* ---- keywords ---- */

static sheaf_value_verdict check_enum(const vctx *c, int nocase) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  const char *w = find_word(c->data, '|', s, n, nocase);
  if (!w) {
    return drop(c, "not one of the values HTML allows here");
  }
  return repair(c, w, word_len(w, '|'), "keywords are lower case, without spaces");
}

static sheaf_value_verdict enum_nocase(const vctx *c) {
  return check_enum(c, 1);
}

static sheaf_value_verdict enum_case(const vctx *c) {
  return check_enum(c, 0);
}

/* A boolean attribute is on whatever its value: a stray value becomes the attribute's name,
 * which keeps what browsers do (open="false" still opens a <details>). */
static sheaf_value_verdict boolean(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n == 0) {
    return repair(c, "", 0, "a boolean attribute's value is empty or its name");
  }
  if (n != strlen(c->attr) || strncasecmp(s, c->attr, n) != 0) {
    sheaf_buf_puts(c->fixed, c->attr);
    *c->why = "a boolean attribute is on whatever its value; its value became its name";
    return SHEAF_VALUE_FIXED;
  }
  return repair(c, c->attr, n, "a boolean attribute's value is empty or its name");
}

/* A set of keywords from data (space-separated), each once, in the order written. Returns
 * the number kept. */
static size_t keep_keywords(const char *value, const char *allowed, sheaf_buf *out) {
  size_t kept = 0;
  size_t n;
  for (const char *s, *p = value; (s = next_token(&p, &n)) != NULL;) {
    const char *w = find_word(allowed, ' ', s, n, 1);
    if (w && !(out->ptr && find_word(out->ptr, ' ', w, n, 0))) {
      put_word(out, w, n);
      kept++;
    }
  }
  return kept;
}

static sheaf_value_verdict token_set(const vctx *c) {
  sheaf_buf out = SHEAF_BUF_INIT;
  if (!keep_keywords(c->value, c->data, &out)) {
    sheaf_buf_free(&out);
    return drop(c, "none of the values HTML allows here");
  }
  return repair_buf(c, &out, "values ARIA does not define were removed");
}

/* aria-relevant: "all", or additions, removals and text, each at most once. */
static sheaf_value_verdict relevant(const vctx *c) {
  sheaf_buf out = SHEAF_BUF_INIT;
  keep_keywords(c->value, "additions removals text all", &out);
  if (!out.len) {
    sheaf_buf_free(&out);
    return drop(c, "none of additions, removals, text or all");
  }
  if (find_word(out.ptr, ' ', "all", 3, 0) || out.len == strlen("additions removals text")) {
    sheaf_buf_clear(&out);
    sheaf_buf_puts(&out, "all");
  }
  return repair_buf(c, &out, "values ARIA does not define were removed");
}

/* The sandbox keywords the 2019 schema knows, in one of the orders it accepts. Unknown ones
 * are removed: the frame stays sandboxed, only more strictly. */
static sheaf_value_verdict sandbox(const vctx *c) {
  static const char *const order[] = {"allow-top-navigation", "allow-same-origin", "allow-forms",
                                      "allow-scripts"};
  sheaf_buf out = SHEAF_BUF_INIT;
  sheaf_buf_puts(&out, "");
  for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
    size_t n;
    for (const char *s, *p = c->value; (s = next_token(&p, &n)) != NULL;) {
      if (n == strlen(order[i]) && strncasecmp(s, order[i], n) == 0) {
        put_word(&out, order[i], n);
        break;
      }
    }
  }
  return repair_buf(c, &out, "sandbox keywords EPUBCheck does not know were removed");
}

/* ---- languages, types, names ---- */

static sheaf_value_verdict language(const vctx *c, int empty_ok) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  char tag[96];
  if (n == 0) {
    return empty_ok ? repair(c, "", 0, "whitespace removed") : drop(c, "empty language tag");
  }
  if (n >= sizeof tag) {
    return drop(c, "not a BCP 47 language tag");
  }
  for (size_t i = 0; i < n; i++) {
    tag[i] = s[i] == '_' ? '-' : s[i];
  }
  tag[n] = '\0';
  if (!sheaf_valid_lang(tag)) {
    return drop(c, "not a BCP 47 language tag");
  }
  return repair(c, tag, n, "written as a BCP 47 language tag");
}

static sheaf_value_verdict lang_opt(const vctx *c) {
  return language(c, 1);
}

static sheaf_value_verdict lang_req(const vctx *c) {
  return language(c, 0);
}

static int mime_char(int ch) {
  return isalnum(ch) || (ch && strchr("!#$&+-^_", ch));
}

/* type/subtype, then anything (parameters), as EPUBCheck's pattern has it. */
static sheaf_value_verdict mime(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  size_t i = 0;
  while (i < n && mime_char((unsigned char)s[i])) {
    i++;
  }
  if (i == 0 || i == n || s[i] != '/' || i + 1 == n || !mime_char((unsigned char)s[i + 1])) {
    return drop(c, "not a MIME type");
  }
  return repair(c, s, n, "whitespace removed");
}

/* A name with no whitespace (<map name>, and after its "#" a usemap): whitespace runs
 * become '-', the same in both, so the two still match. */
static void put_name(sheaf_buf *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!is_space((unsigned char)s[i])) {
      sheaf_buf_putc(out, s[i]);
    } else if (!is_space((unsigned char)s[i + 1])) {
      sheaf_buf_putc(out, '-');
    }
  }
}

static sheaf_value_verdict map_name(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n == 0) {
    return drop(c, "empty name");
  }
  sheaf_buf out = SHEAF_BUF_INIT;
  put_name(&out, s, n);
  return repair_buf(c, &out, "a map name has no spaces; they became '-'");
}

static sheaf_value_verdict hash_name(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n && *s == '#') {
    s++;
    n--;
  }
  if (n == 0) {
    return drop(c, "not \"#\" and a map name");
  }
  sheaf_buf out = SHEAF_BUF_INIT;
  sheaf_buf_putc(&out, '#');
  put_name(&out, s, n);
  return repair_buf(c, &out, "written as \"#\" and a map name");
}

/* target: a name that does not start with '_', or one of the keywords. */
static sheaf_value_verdict target(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n == 0 || *s != '_') {
    return n ? repair(c, s, n, "whitespace removed") : SHEAF_VALUE_OK;
  }
  if (n == 4 && strncasecmp(s, "_new", 4) == 0) {
    sheaf_buf_puts(c->fixed, "_blank");
    *c->why = "\"_new\" is not a keyword; \"_blank\" opens a new window";
    return SHEAF_VALUE_FIXED;
  }
  const char *w = find_word("_blank _self _parent _top", ' ', s, n, 1);
  if (!w) {
    return drop(c, "names starting with '_' are reserved for _blank, _self, _parent, _top");
  }
  return repair(c, w, n, "keywords are lower case");
}

static sheaf_value_verdict context_name(const vctx *c) {
  return c->value[0] == '_' ? drop(c, "names starting with '_' are reserved") : SHEAF_VALUE_OK;
}

/* ---- ids, tokens and URLs ---- */

static sheaf_value_verdict idref(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n == 0) {
    return drop(c, "empty id reference");
  }
  for (size_t i = 0; i < n; i++) {
    if (is_space((unsigned char)s[i])) {
      return drop(c, "must name one id");
    }
  }
  return repair(c, s, n, "whitespace removed");
}

static sheaf_value_verdict tokens(const vctx *c) {
  size_t n;
  const char *p = c->value;
  return next_token(&p, &n) ? SHEAF_VALUE_OK : drop(c, "empty");
}

static int hex(int ch) {
  return isxdigit(ch) != 0;
}

/* Whether s[i] needs percent-encoding in a URL that has already seen `hashes` '#'. Square
 * brackets are kept inside the authority (an IPv6 host). */
static int url_escape(const char *s, size_t i, int hashes, int in_authority) {
  unsigned char ch = (unsigned char)s[i];
  if (ch <= 0x20 || ch == 0x7f || strchr("\"<>\\^`{|}", ch)) {
    return 1;
  }
  if (ch == '%') {
    return !(hex((unsigned char)s[i + 1]) && hex((unsigned char)s[i + 2]));
  }
  if (ch == '#') {
    return hashes > 0;
  }
  return (ch == '[' || ch == ']') && !in_authority;
}

/* Appends s[0..n) as a valid URL: what URLs may not hold is percent-encoded. */
static void put_url(sheaf_buf *out, const char *s, size_t n) {
  const char *auth = strstr(s, "://");
  size_t auth_start = auth && (size_t)(auth - s) < n ? (size_t)(auth - s) + 3 : n;
  size_t auth_end = auth_start + strcspn(s + auth_start, "/?#");
  int hashes = 0;
  for (size_t i = 0; i < n; i++) {
    if (url_escape(s, i, hashes, i >= auth_start && i < auth_end)) {
      sheaf_buf_printf(out, "%%%02X", (unsigned char)s[i]);
    } else {
      sheaf_buf_putc(out, s[i]);
    }
    hashes += s[i] == '#';
  }
}

static sheaf_value_verdict url(const vctx *c) {
  size_t n;
  const char *s = trimmed(c->value, &n);
  if (n == 0) {
    return drop(c, "empty URL");
  }
  sheaf_buf out = SHEAF_BUF_INIT;
  put_url(&out, s, n);
  return repair_buf(c, &out, "characters URLs may not hold were percent-encoded");
}

/* itemtype: one or more URLs. */
static sheaf_value_verdict urls(const vctx *c) {
  sheaf_buf out = SHEAF_BUF_INIT;
  size_t n;
  for (const char *s, *p = c->value; (s = next_token(&p, &n)) != NULL;) {
    if (out.len) {
      sheaf_buf_putc(&out, ' ');
    }
    put_url(&out, s, n);
  }
  if (!out.len) {
    sheaf_buf_free(&out);
    return drop(c, "empty");
  }
  return repair_buf(c, &out, "characters URLs may not hold were percent-encoded");
}

static int nmtoken(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (!isalnum(ch) && ch < 0x80 && !strchr(".-_:", ch)) {
      return 0;
    }
  }
  return 1;
}

/* epub:type: a list of XML name tokens; the others are removed. */
static sheaf_value_verdict nmtokens(const vctx *c) {
  sheaf_buf out = SHEAF_BUF_INIT;
  size_t n;
  for (const char *s, *p = c->value; (s = next_token(&p, &n)) != NULL;) {
    if (nmtoken(s, n)) {
      put_word(&out, s, n);
    }
  }
  if (!out.len) {
    sheaf_buf_free(&out);
    return drop(c, "no valid epub:type value");
  }
  return repair_buf(c, &out, "values that are not XML name tokens were removed");
}

/* ---- dates and times (HTML's microsyntaxes, as EPUBCheck's patterns restrict them) ---- */

typedef struct cursor {
  const char *p;
} cursor;

/* Reads `min` to `max` digits as a number; -1 when there are fewer. */
static long digits(cursor *k, size_t min, size_t max) {
  size_t n = count_digits(k->p);
  n = n > max ? max : n;
  if (n < min) {
    return -1;
  }
  long v = 0;
  for (size_t i = 0; i < n; i++) {
    v = v * 10 + (k->p[i] - '0');
  }
  k->p += n;
  return v;
}

static int eat(cursor *k, char ch) {
  if (*k->p != ch) {
    return 0;
  }
  k->p++;
  return 1;
}

static int days_in(long year, long month) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && !leap ? 28 : days[month - 1];
}

/* YYYY-MM (year of four or more digits, at least 1). Stores the year and month. */
static int month_part(cursor *k, long *year, long *month) {
  *year = digits(k, 4, 9);
  if (*year < 1 || !eat(k, '-')) {
    return 0;
  }
  *month = digits(k, 2, 2);
  return *month >= 1 && *month <= 12;
}

static int date_part(cursor *k) {
  long year;
  long month;
  if (!month_part(k, &year, &month) || !eat(k, '-')) {
    return 0;
  }
  long day = digits(k, 2, 2);
  return day >= 1 && day <= days_in(year, month);
}

/* HH:MM, then optionally :SS and one to three digits of fraction. */
static int time_part(cursor *k) {
  long h = digits(k, 2, 2);
  if (h < 0 || h > 23 || !eat(k, ':')) {
    return 0;
  }
  long m = digits(k, 2, 2);
  if (m < 0 || m > 59) {
    return 0;
  }
  if (eat(k, ':')) {
    long sec = digits(k, 2, 2);
    if (sec < 0 || sec > 59) {
      return 0;
    }
    if (eat(k, '.') && digits(k, 1, 3) < 0) {
      return 0;
    }
  }
  return 1;
}

/* Z, or +HH:MM / +HHMM. */
static int zone_part(cursor *k) {
  if (eat(k, 'Z')) {
    return 1;
  }
  if (!eat(k, '+') && !eat(k, '-')) {
    return 0;
  }
  long h = digits(k, 2, 2);
  eat(k, ':');
  long m = digits(k, 2, 2);
  return h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

/* A date, then "T" or " " and a time, then optionally a zone. */
static int datetime_part(cursor *k) {
  if (!date_part(k) || (!eat(k, 'T') && !eat(k, ' ')) || !time_part(k)) {
    return 0;
  }
  if (*k->p) {
    return zone_part(k);
  }
  return 1;
}

typedef int (*date_form)(cursor *k);

static int form_date(cursor *k) {
  return date_part(k);
}

static int form_month(cursor *k) {
  long year;
  long month;
  return month_part(k, &year, &month);
}

static int form_year(cursor *k) {
  return digits(k, 4, 4) > 0;
}

static int form_week(cursor *k) {
  if (digits(k, 4, 9) < 1 || !eat(k, '-') || !eat(k, 'W')) {
    return 0;
  }
  long w = digits(k, 2, 2);
  return w >= 1 && w <= 53;
}

static int form_yearless(cursor *k) {
  if (eat(k, '-') && !eat(k, '-')) {
    return 0;
  }
  long month = digits(k, 2, 2);
  if (month < 1 || month > 12 || !eat(k, '-')) {
    return 0;
  }
  long day = digits(k, 2, 2);
  return day >= 1 && day <= days_in(2000, month);
}

/* P, days, then T and hours, minutes, seconds: at least one, and at least one after T. */
static int form_iso_duration(cursor *k) {
  if (!eat(k, 'P')) {
    return 0;
  }
  int any = digits(k, 1, 18) >= 0 && eat(k, 'D');
  if (!eat(k, 'T')) {
    return any;
  }
  int after = 0;
  for (const char *units = "HMS"; *units; units++) {
    const char *start = k->p;
    long v = digits(k, 1, 18);
    if (v >= 0 && *units == 'S' && eat(k, '.') && digits(k, 1, 3) < 0) {
      return 0;
    }
    if (v >= 0 && eat(k, *units)) {
      after = 1;
    } else {
      k->p = start;
    }
  }
  return after;
}

/* "1h 30m": numbers with units W, D, H, M, S (each once), spaces between. */
static int form_components(cursor *k) {
  char used[6] = "";
  size_t nused = 0;
  while (*k->p) {
    eat(k, ' ');
    long v = digits(k, 1, 18);
    if (v < 0 || nused == 5) {
      return 0;
    }
    int frac = eat(k, '.') ? digits(k, 1, 3) >= 0 : -1;
    eat(k, ' ');
    char unit = *k->p;
    if (!unit || !strchr("WDHMS", unit) || strchr(used, unit) || (frac >= 0 && unit != 'S') ||
        frac == 0) {
      return 0;
    }
    used[nused++] = unit;
    k->p++;
    eat(k, ' ');
  }
  return nused > 0;
}

static int matches(const char *s, date_form form) {
  cursor k = {s};
  return form(&k) && *k.p == '\0';
}

/* The value with surrounding whitespace removed, inner runs of spaces made one, and the
 * units of a duration written in capitals (EPUBCheck accepts only those). */
static void normalize_date(const char *v, sheaf_buf *out) {
  size_t n;
  const char *s = trimmed(v, &n);
  int upper = n && (s[n - 1] == 's' || s[n - 1] == 'S' || strchr("wdhm", s[n - 1]));
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (is_space((unsigned char)ch)) {
      if (!is_space((unsigned char)s[i + 1])) {
        sheaf_buf_putc(out, ' ');
      }
      continue;
    }
    sheaf_buf_putc(out, upper || ch == 't' || ch == 'z' ? (char)toupper((unsigned char)ch) : ch);
  }
}

static sheaf_value_verdict check_date(const vctx *c, const date_form *forms, size_t nforms,
                                      const char *why) {
  sheaf_buf out = SHEAF_BUF_INIT;
  normalize_date(c->value, &out);
  for (size_t i = 0; i < nforms && out.ptr; i++) {
    if (matches(out.ptr, forms[i])) {
      return repair_buf(c, &out, "written as HTML writes dates and times");
    }
  }
  sheaf_buf_free(&out);
  return drop(c, why);
}

static int form_time(cursor *k) {
  return time_part(k);
}

static sheaf_value_verdict datetime(const vctx *c) {
  static const date_form forms[] = {form_year,     form_yearless,     form_week,
                                    form_date,     form_month,        form_time,
                                    datetime_part, form_iso_duration, form_components};
  return check_date(c, forms, sizeof forms / sizeof *forms,
                    "not a date, time or duration HTML (and EPUBCheck) accepts");
}

static sheaf_value_verdict date_or_datetime(const vctx *c) {
  static const date_form forms[] = {form_date, datetime_part};
  return check_date(c, forms, sizeof forms / sizeof *forms, "not a date or a date and time");
}

/* ---- image maps ---- */

/* The shape as the schema writes it: rect, circle, poly or default (HTML's obsolete circ,
 * polygon and rectangle mean the same). NULL when it is none of them. */
static const char *shape_name(const char *v) {
  static const char *const names[][2] = {
      {"rect", "rect"},   {"circle", "circle"}, {"poly", "poly"},     {"default", "default"},
      {"circ", "circle"}, {"polygon", "poly"},  {"rectangle", "rect"}};
  size_t n;
  const char *s = trimmed(v, &n);
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    if (n == strlen(names[i][0]) && strncasecmp(s, names[i][0], n) == 0) {
      return names[i][1];
    }
  }
  return NULL;
}

static const char *env_get(const vctx *c, const char *name) {
  return c->env && c->env->get ? c->env->get(c->env->ud, name) : NULL;
}

static sheaf_value_verdict shape(const vctx *c) {
  const char *name = shape_name(c->value);
  if (!name) {
    return drop(c, "not rect, circle, poly or default");
  }
  if (c->env && strcmp(name, "default") != 0 && !env_get(c, "coords")) {
    return drop(c, "a rect, circle or poly area needs coords");
  }
  return repair(c, name, strlen(name), "written as the shape's name");
}

/* Reads coords as integers separated by commas (and spaces): their count, the third one,
 * and the list rewritten "a,b,c" in out. Returns 0 when one is not an integer. */
static int read_coords(const char *v, size_t *count, long *third, sheaf_buf *out) {
  *count = 0;
  *third = 0;
  cursor k = {v};
  for (;;) {
    while (is_space((unsigned char)*k.p) || *k.p == ',') {
      k.p++;
    }
    if (!*k.p) {
      return *count > 0;
    }
    int neg = eat(&k, '-');
    const char *start = k.p;
    long n = digits(&k, 1, 9);
    if (n < 0 || (*k.p && !is_space((unsigned char)*k.p) && *k.p != ',')) {
      return 0;
    }
    sheaf_buf_printf(out, "%s%s%.*s", *count ? "," : "", neg ? "-" : "", (int)(k.p - start), start);
    *third = ++*count == 3 ? (neg ? -n : n) : *third;
  }
}

/* Whether `count` coords fit the shape (NULL: any shape). */
static int coords_fit(const char *shape_v, size_t count, long third) {
  int circle = count == 3 && third >= 0;
  int rect = count == 4;
  int poly = count >= 6 && count % 2 == 0;
  if (!shape_v) {
    return circle || rect || poly;
  }
  return strcmp(shape_v, "circle") == 0 ? circle : strcmp(shape_v, "poly") == 0 ? poly : rect;
}

static sheaf_value_verdict coords(const vctx *c) {
  sheaf_buf out = SHEAF_BUF_INIT;
  size_t count;
  long third;
  const char *shape_v = NULL;
  if (c->env) {
    const char *raw = env_get(c, "shape");
    shape_v = raw && shape_name(raw) ? shape_name(raw) : "rect";
  }
  if (shape_v && strcmp(shape_v, "default") == 0) {
    return drop(c, "a default area takes no coords");
  }
  if (!read_coords(c->value, &count, &third, &out) || !coords_fit(shape_v, count, third)) {
    sheaf_buf_free(&out);
    return drop(c, "coords do not fit the area's shape (circle 3, rect 4, poly 6 or more)");
  }
  return repair_buf(c, &out, "written as integers separated by commas");
}

/* ---- roles ---- */

/* WAI-ARIA 1.1, Graphics-ARIA and DPUB-ARIA 1.0 roles, as EPUBCheck knows them. */
static const char all_roles[] =
    "alert alertdialog application article banner button cell checkbox columnheader combobox "
    "complementary contentinfo definition dialog directory document feed figure form grid "
    "gridcell group graphics-document graphics-object graphics-symbol heading img link list "
    "listbox listitem log main marquee math menu menubar menuitem menuitemcheckbox "
    "menuitemradio navigation none note option presentation progressbar radio radiogroup region "
    "row rowgroup rowheader searchbox scrollbar search separator slider spinbutton status switch "
    "tab table tablist tabpanel term textbox timer toolbar tooltip tree treegrid treeitem "
    "doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry "
    "doc-bibliography doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit "
    "doc-credits doc-dedication doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata "
    "doc-example doc-footnote doc-foreword doc-glossary doc-glossref doc-index doc-introduction "
    "doc-noteref doc-notice doc-pagebreak doc-pagelist doc-part doc-preface doc-prologue "
    "doc-pullquote doc-qna doc-subtitle doc-tip doc-toc";

#define ANY_ROLE "*"
#define LIST_ROLES                                                                                 \
  "directory group list listbox menu menubar radiogroup tablist toolbar tree presentation none"
#define HEADING_ROLES "heading tab presentation none doc-subtitle"

/* The roles each element may have (ANY_ROLE: every role; an element absent here: none). The
 * <a> row is for links (an <a> without href takes any role); <li> is that of <ul> and <ol>
 * (in <menu>, separator, radio and the doc- roles are not allowed). */
static const struct {
  const char *els;
  const char *roles;
} element_roles[] = {
    {"abbr address b bdi bdo blockquote br canvas cite code data del dfn div em hgroup i ins kbd "
     "mark output p pre q rb rp rt rtc ruby s samp small span strong sub sup table tbody td tfoot "
     "th thead time tr u var wbr",
     ANY_ROLE},
    {"a", "button checkbox link menuitem menuitemcheckbox menuitemradio option radio switch tab "
          "treeitem doc-backlink doc-biblioref doc-glossref doc-noteref"},
    {"hr", "separator presentation none doc-pagebreak"},
    {"ul ol menu", LIST_ROLES},
    {"li", "listitem menuitem menuitemcheckbox menuitemradio option radio tab treeitem separator "
           "presentation none doc-biblioentry doc-endnote"},
    {"dl", "list group presentation none"},
    {"dt", "term listitem"},
    {"dd", "definition"},
    {"h1 h2 h3 h4 h5 h6", HEADING_ROLES},
    {"section",
     "alert alertdialog application dialog feed log marquee presentation none region status "
     "tabpanel banner complementary contentinfo document main navigation note search "
     "doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-bibliography doc-chapter "
     "doc-colophon doc-conclusion doc-credit doc-credits doc-dedication doc-endnotes "
     "doc-epigraph doc-epilogue doc-errata doc-example doc-foreword doc-glossary doc-index "
     "doc-introduction doc-notice doc-pagelist doc-part doc-preface doc-prologue "
     "doc-pullquote doc-qna doc-toc"},
    {"nav", "navigation doc-index doc-pagelist doc-toc"},
    {"article", "article document application main feed region presentation none"},
    {"aside", "note complementary search feed region presentation none doc-dedication "
              "doc-example doc-footnote doc-pullquote doc-tip"},
    {"header", "banner group presentation none doc-footnote"},
    {"footer", "contentinfo group presentation none doc-footnote"},
    {"main", "main"},
    {"img", "button checkbox img link menuitem menuitemcheckbox menuitemradio none option "
            "presentation progressbar scrollbar separator slider switch tab treeitem doc-cover"},
    {"iframe embed", "application document img presentation none"},
    {"object", "application document img"},
    {"audio video", "application"},
    {"area", "link"},
    {"figure", "figure group presentation none"},
    {"figcaption", "group presentation none"},
    {"progress", "progressbar"},
    {"dialog", "alertdialog"},
    {"details", "group"},
    {"summary", "button"},
    {"body", "application document presentation none"},
    {"textarea", "textbox"},
    {"select", "listbox combobox menu"},
    {"datalist", "listbox"},
    {"option", "option"},
    {"optgroup", "group"},
    {"fieldset", "group radiogroup presentation none"},
    {"form", "form search presentation none"},
    {"button", "button checkbox link menuitem menuitemcheckbox menuitemradio option radio"},
    {"input", ""},
};

/* Roles an <input> or <button> may have by type (checked with env only). */
static const struct {
  const char *el;
  const char *types;
  const char *roles;
} typed_roles[] = {
    {"input", "text", "textbox combobox searchbox spinbutton"},
    {"input", "email tel url", "textbox"},
    {"input", "search", "searchbox"},
    {"input", "number", "spinbutton"},
    {"input", "range", "slider"},
    {"input", "checkbox", "checkbox button menuitemcheckbox option switch"},
    {"input", "radio", "radio menuitemradio"},
    {"input", "button",
     "button link menuitem menuitemcheckbox menuitemradio option radio switch "
     "tab"},
    {"input", "image", "button link menuitem menuitemcheckbox menuitemradio radio switch"},
    {"input", "submit reset", "button"},
    {"button", "submit",
     "button checkbox link menuitem menuitemcheckbox menuitemradio option "
     "radio tab"},
    {"button", "reset",
     "button checkbox link menuitem menuitemcheckbox menuitemradio option "
     "radio switch"},
    {"button", "button",
     "button checkbox link menuitem menuitemcheckbox menuitemradio option "
     "radio switch tab"},
};

/* The aria-* states and properties (without "aria-") each role takes, and those it requires. */
static const struct {
  const char *role;
  const char *props;
  const char *required;
} role_props[] = {
    {"alert", "expanded", ""},
    {"alertdialog", "expanded modal", ""},
    {"application", "expanded", ""},
    {"article", "expanded", ""},
    {"banner", "expanded", ""},
    {"button", "expanded pressed", ""},
    {"cell", "colspan rowspan rowindex", ""},
    {"checkbox", "checked", "checked"},
    {"columnheader", "sort readonly selected expanded required colspan rowspan rowindex", ""},
    {"combobox", "activedescendant expanded autocomplete required readonly orientation",
     "expanded"},
    {"complementary", "expanded", ""},
    {"contentinfo", "expanded", ""},
    {"definition", "expanded", ""},
    {"dialog", "expanded modal", ""},
    {"directory", "expanded", ""},
    {"document", "expanded", ""},
    {"feed", "expanded", ""},
    {"figure", "expanded", ""},
    {"form", "expanded", ""},
    {"grid", "level multiselectable readonly activedescendant expanded colcount rowcount", ""},
    {"gridcell", "level readonly selected expanded required colspan rowspan rowindex", ""},
    {"group", "activedescendant expanded", ""},
    {"heading", "level expanded", ""},
    {"img", "expanded", ""},
    {"link", "expanded", ""},
    {"list", "expanded", ""},
    {"listbox", "multiselectable required activedescendant expanded orientation", ""},
    {"listitem", "posinset setsize level expanded", ""},
    {"log", "expanded", ""},
    {"main", "expanded", ""},
    {"marquee", "expanded", ""},
    {"math", "expanded", ""},
    {"menu", "activedescendant expanded orientation", ""},
    {"menubar", "activedescendant expanded orientation", ""},
    {"menuitem", "expanded posinset setsize", ""},
    {"menuitemcheckbox", "checked", "checked"},
    {"menuitemradio", "checked selected posinset setsize", "checked"},
    {"navigation", "expanded", ""},
    {"note", "expanded", ""},
    {"option", "checked selected posinset setsize", ""},
    {"progressbar", "valuemax valuemin valuenow valuetext", ""},
    {"radio", "checked selected posinset setsize", "checked"},
    {"radiogroup", "activedescendant expanded required orientation", ""},
    {"region", "expanded", ""},
    {"row", "level selected activedescendant expanded colindex rowindex", ""},
    {"rowgroup", "activedescendant expanded", ""},
    {"rowheader", "sort readonly selected expanded required colspan rowspan rowindex", ""},
    {"searchbox", "activedescendant autocomplete multiline placeholder readonly required", ""},
    {"scrollbar", "orientation valuemax valuemin valuenow valuetext",
     "orientation valuemax valuemin valuenow"},
    {"search", "expanded orientation", ""},
    {"separator", "expanded orientation", ""},
    {"slider", "valuemax valuemin valuenow valuetext orientation", "valuemax valuemin valuenow"},
    {"spinbutton", "valuemax valuemin valuenow valuetext required", "valuemax valuemin valuenow"},
    {"status", "expanded", ""},
    {"switch", "checked", "checked"},
    {"tab", "selected expanded", ""},
    {"table", "colcount rowcount", ""},
    {"tablist", "activedescendant expanded level multiselectable orientation", ""},
    {"tabpanel", "expanded", ""},
    {"term", "expanded", ""},
    {"textbox", "activedescendant autocomplete multiline placeholder readonly required", ""},
    {"timer", "expanded", ""},
    {"toolbar", "activedescendant expanded orientation", ""},
    {"tooltip", "expanded", ""},
    {"tree", "multiselectable activedescendant expanded required orientation", ""},
    {"treegrid",
     "activedescendant expanded level multiselectable readonly required orientation colcount "
     "rowcount",
     ""},
    {"treeitem", "checked expanded level posinset selected setsize", ""},
};

static size_t role_props_index(const char *role, size_t n) {
  for (size_t i = 0; i < sizeof role_props / sizeof *role_props; i++) {
    if (strlen(role_props[i].role) == n && strncmp(role_props[i].role, role, n) == 0) {
      return i;
    }
  }
  return (size_t)-1;
}

/* The roles an <input> or <button> may have given its type attribute. */
static const char *typed_roles_for(const char *el, const char *type) {
  size_t n = 0;
  const char *t = type ? trimmed(type, &n) : "";
  if (n == 0) {
    t = strcmp(el, "input") == 0 ? "text" : "submit";
    n = strlen(t);
  }
  for (size_t i = 0; i < sizeof typed_roles / sizeof *typed_roles; i++) {
    if (strcmp(typed_roles[i].el, el) == 0 && find_word(typed_roles[i].types, ' ', t, n, 1)) {
      return typed_roles[i].roles;
    }
  }
  return "";
}

/* The roles `el` may have given its type (input, button) or href (a); NULL for any role. */
static const char *roles_for(const char *el, const sheaf_attr_env *env) {
  const vctx c = {.env = env};
  if (env && strcmp(el, "a") == 0 && !env_get(&c, "href")) {
    return NULL;
  }
  if (env && (strcmp(el, "input") == 0 || strcmp(el, "button") == 0)) {
    return typed_roles_for(el, env_get(&c, "type"));
  }
  for (size_t i = 0; i < sizeof element_roles / sizeof *element_roles; i++) {
    if (has_word(element_roles[i].els, el, strlen(el))) {
      return strcmp(element_roles[i].roles, ANY_ROLE) == 0 ? NULL : element_roles[i].roles;
    }
  }
  return "";
}

static int known_element(const char *el) {
  for (size_t i = 0; i < sizeof element_roles / sizeof *element_roles; i++) {
    if (has_word(element_roles[i].els, el, strlen(el))) {
      return 1;
    }
  }
  return has_word("caption col colgroup legend meter picture source track map label html head "
                  "template script noscript style param",
                  el, strlen(el));
}

static sheaf_value_verdict aria_value(const char *el, const char *attr, const char *value,
                                      sheaf_buf *fixed, const char **why);

/* The value of the element's attribute `name`: `self`'s own value when it is the one being
 * checked, else what env says. */
static const char *attr_value(const vctx *self, const char *name) {
  return strcmp(self->attr, name) == 0 ? self->value : env_get(self, name);
}

/* Whether the element has the states `role` requires (role="checkbox" needs aria-checked):
 * never without env, since a role missing them is an error. */
static int has_required(const char *role, size_t n, const vctx *self) {
  size_t i = role_props_index(role, n);
  if (i == (size_t)-1 || !*role_props[i].required) {
    return 1;
  }
  if (!self->env) {
    return 0;
  }
  const char *p = role_props[i].required;
  size_t len;
  for (const char *s; (s = next_token(&p, &len)) != NULL;) {
    char name[40];
    snprintf(name, sizeof name, "aria-%.*s", (int)len, s);
    const char *v = attr_value(self, name);
    sheaf_buf scratch = SHEAF_BUF_INIT;
    const char *why;
    int ok = v && aria_value("", name, v, &scratch, &why) != SHEAF_VALUE_DROP;
    sheaf_buf_free(&scratch);
    if (!ok) {
      return 0;
    }
  }
  return 1;
}

/* The first of the role's tokens that `el` may have (ARIA's fallback roles: user agents
 * take the first one they know). EPUBCheck accepts a single role. */
static const char *first_role(const vctx *self, const char *value, size_t *len) {
  const char *allowed = roles_for(self->el, self->env);
  size_t n;
  for (const char *s, *p = value; (s = next_token(&p, &n)) != NULL;) {
    const char *role = find_word(all_roles, ' ', s, n, 1);
    if (role && (!allowed || has_word(allowed, role, n)) && has_required(role, n, self)) {
      *len = n;
      return role;
    }
  }
  return NULL;
}

static sheaf_value_verdict role(const vctx *c) {
  if (!known_element(c->el)) {
    return SHEAF_VALUE_OK; /* SVG, MathML: not ours to say */
  }
  size_t n;
  const char *r = first_role(c, c->value, &n);
  if (!r) {
    return drop(c, "no role this element may have (WAI-ARIA 1.1, DPUB-ARIA 1.0)");
  }
  return repair(c, r, n, "kept the first role this element may have");
}

/* ---- aria-* ---- */

/* Each aria-* attribute EPUBCheck knows, its value, and whether every element takes it. */
static const struct {
  const char *name;
  const char *data;
  value_kind kind;
  int global;
} aria_attrs[] = {
    {"aria-activedescendant", NULL, V_IDREF, 0},
    {"aria-atomic", "true|false", V_ENUM, 1},
    {"aria-autocomplete", "inline|list|both|none", V_ENUM, 0},
    {"aria-busy", "true|false", V_ENUM, 1},
    {"aria-checked", "true|false|mixed|undefined", V_ENUM, 0},
    {"aria-colcount", NULL, V_INT_POS, 0},
    {"aria-colindex", NULL, V_INT_POS, 0},
    {"aria-colspan", NULL, V_INT_POS, 0},
    {"aria-controls", NULL, V_IDREFS, 1},
    {"aria-current", "page|step|location|date|time|true|false", V_ENUM, 1},
    {"aria-describedby", NULL, V_IDREFS, 1},
    {"aria-details", NULL, V_IDREF, 1},
    {"aria-disabled", "true|false", V_ENUM, 1},
    {"aria-dropeffect", "copy execute link move none popup", V_TOKEN_SET, 1},
    {"aria-errormessage", NULL, V_IDREF, 1},
    {"aria-expanded", "true|false|undefined", V_ENUM, 0},
    {"aria-flowto", NULL, V_IDREFS, 1},
    {"aria-grabbed", "true|false|undefined", V_ENUM, 1},
    {"aria-haspopup", "true|false|menu|listbox|tree|grid|dialog", V_ENUM, 1},
    {"aria-hidden", "true|false", V_ENUM, 1},
    {"aria-invalid", "true|false|grammar|spelling", V_ENUM, 1},
    {"aria-keyshortcuts", NULL, V_ANY, 1},
    {"aria-label", NULL, V_ANY, 1},
    {"aria-labelledby", NULL, V_IDREFS, 1},
    {"aria-level", NULL, V_INT_POS, 0},
    {"aria-live", "off|polite|assertive", V_ENUM, 1},
    {"aria-modal", "true|false", V_ENUM, 0},
    {"aria-multiline", "true|false", V_ENUM, 0},
    {"aria-multiselectable", "true|false", V_ENUM, 0},
    {"aria-orientation", "vertical|horizontal|undefined", V_ENUM, 0},
    {"aria-owns", NULL, V_IDREFS, 1},
    {"aria-placeholder", NULL, V_ANY, 0},
    {"aria-posinset", NULL, V_INT_POS, 0},
    {"aria-pressed", "true|false|mixed|undefined", V_ENUM, 0},
    {"aria-readonly", "true|false", V_ENUM, 0},
    {"aria-relevant", NULL, V_RELEVANT, 1},
    {"aria-required", "true|false", V_ENUM, 0},
    {"aria-roledescription", NULL, V_ANY, 1},
    {"aria-rowcount", NULL, V_INT_POS, 0},
    {"aria-rowindex", NULL, V_INT_POS, 0},
    {"aria-rowspan", NULL, V_INT_POS, 0},
    {"aria-selected", "true|false|undefined", V_ENUM, 0},
    {"aria-setsize", NULL, V_INT_NONNEG, 0},
    {"aria-sort", "ascending|descending|none|other", V_ENUM, 0},
    {"aria-valuemax", NULL, V_FLOAT, 0},
    {"aria-valuemin", NULL, V_FLOAT, 0},
    {"aria-valuenow", NULL, V_FLOAT, 0},
    {"aria-valuetext", NULL, V_ANY, 0},
};

/* The aria-* states an element takes without a role, by its implicit role. Form controls
 * whose states depend on their type (input) are not listed: those are not checked. */
static const struct {
  const char *els;
  const char *props;
} implicit_props[] = {
    {"h1 h2 h3 h4 h5 h6", "level expanded"},
    {"li", "level posinset setsize expanded"},
    {"td", "colspan rowspan rowindex"},
    {"th", "sort readonly required selected expanded"},
    {"table", "colcount rowcount"},
    {"tr", "level selected activedescendant expanded"},
    {"thead tbody tfoot", "activedescendant expanded"},
    {"progress", "valuemax valuemin valuenow valuetext"},
    {"hr", "valuemax valuemin valuenow valuetext orientation"},
    {"section nav article aside header footer main ul ol menu img a area dt dd figure dialog "
     "body output form",
     "expanded"},
    {"details fieldset optgroup", "activedescendant expanded"},
    {"summary button", "expanded pressed"},
    {"select", "expanded autocomplete required activedescendant readonly multiselectable"},
    {"datalist", "multiselectable required activedescendant expanded"},
    {"option", "posinset setsize checked selected"},
    {"textarea", "activedescendant autocomplete multiline readonly required"},
};

static size_t aria_index(const char *attr) {
  for (size_t i = 0; i < sizeof aria_attrs / sizeof *aria_attrs; i++) {
    if (strcmp(aria_attrs[i].name, attr) == 0) {
      return i;
    }
  }
  return (size_t)-1;
}

static sheaf_value_verdict aria_value(const char *el, const char *attr, const char *value,
                                      sheaf_buf *fixed, const char **why) {
  size_t i = aria_index(attr);
  if (i == (size_t)-1) {
    *why = "not a WAI-ARIA 1.1 state or property";
    return SHEAF_VALUE_DROP;
  }
  vctx c = {el, attr, value, aria_attrs[i].data, NULL, fixed, why};
  return check_kind(&c, aria_attrs[i].kind);
}

/* The states the element takes: its role's, or without a role its implicit role's. NULL
 * when that cannot be told (an <input>, an element this table does not know). */
static const char *element_props(const vctx *c) {
  const char *raw = env_get(c, "role");
  size_t n = 0;
  const char *r = raw ? first_role(c, raw, &n) : NULL;
  if (r) {
    size_t i = role_props_index(r, n);
    return i == (size_t)-1 ? "" : role_props[i].props;
  }
  for (size_t i = 0; i < sizeof implicit_props / sizeof *implicit_props; i++) {
    if (has_word(implicit_props[i].els, c->el, strlen(c->el))) {
      return implicit_props[i].props;
    }
  }
  return known_element(c->el) && strcmp(c->el, "input") != 0 ? "" : NULL;
}

static sheaf_value_verdict aria(const vctx *c) {
  sheaf_value_verdict v = aria_value(c->el, c->attr, c->value, c->fixed, c->why);
  size_t i = aria_index(c->attr);
  if (v == SHEAF_VALUE_DROP || !c->env || aria_attrs[i].global) {
    return v;
  }
  const char *props = element_props(c);
  if (props && !has_word(props, c->attr + 5, strlen(c->attr + 5))) {
    sheaf_buf_clear(c->fixed);
    return drop(c, "not a state this element's role takes");
  }
  return v;
}

/* ---- the attribute table ---- */

static const char bool_attrs[] =
    "allowfullscreen async autofocus autoplay checked controls default defer disabled "
    "formnovalidate hidden ismap itemscope loop multiple muted nomodule novalidate open "
    "playsinline readonly required reversed selected";

/* Element-specific rules come first; "*" is every element. */
static const struct {
  const char *els;
  const char *attr;
  const char *data;
  value_kind kind;
} rules[] = {
    {"td th", "colspan", NULL, V_INT_POS},
    {"td th", "rowspan", NULL, V_INT_NONNEG},
    {"td th", "headers", NULL, V_IDREFS},
    {"th", "scope", "row|col|rowgroup|colgroup", V_ENUM},
    {"col colgroup", "span", NULL, V_INT_POS},
    {"ol", "start", NULL, V_INT},
    {"ol", "type", "1|a|A|i|I", V_ENUM_CASE},
    {"li", "value", NULL, V_INT},
    {"img video canvas iframe embed object input", "width", NULL, V_INT_NONNEG},
    {"img video canvas iframe embed object input", "height", NULL, V_INT_NONNEG},
    {"textarea", "rows", NULL, V_INT_POS},
    {"textarea", "cols", NULL, V_INT_POS},
    {"textarea", "wrap", "hard|soft", V_ENUM},
    {"input select", "size", NULL, V_INT_POS},
    {"input textarea", "maxlength", NULL, V_INT_NONNEG},
    {"input textarea", "minlength", NULL, V_INT_NONNEG},
    {"input", "type",
     "text|password|checkbox|radio|button|submit|reset|file|hidden|image|datetime-local|date|"
     "month|time|week|number|range|email|url|search|tel|color",
     V_ENUM},
    {"input", "step", NULL, V_STEP},
    {"input", "list", NULL, V_IDREF},
    {"input", "capture", "user|environment", V_ENUM},
    {"button", "type", "submit|reset|button", V_ENUM},
    {"button input object output select textarea fieldset", "form", NULL, V_IDREF},
    {"form", "method", "get|post", V_ENUM},
    {"form", "enctype", "application/x-www-form-urlencoded|multipart/form-data|text/plain", V_ENUM},
    {"form", "autocomplete", "on|off", V_ENUM},
    {"form area a", "target", NULL, V_TARGET},
    {"button input", "formmethod", "get|post", V_ENUM},
    {"button input", "formenctype",
     "application/x-www-form-urlencoded|multipart/form-data|text/plain", V_ENUM},
    {"button input", "formtarget", NULL, V_TARGET},
    {"label", "for", NULL, V_IDREF},
    {"output", "for", NULL, V_IDREFS},
    {"meter", "value", NULL, V_FLOAT},
    {"meter", "min", NULL, V_FLOAT},
    {"meter", "max", NULL, V_FLOAT},
    {"meter", "low", NULL, V_FLOAT},
    {"meter", "high", NULL, V_FLOAT},
    {"meter", "optimum", NULL, V_FLOAT},
    {"progress", "value", NULL, V_FLOAT_NONNEG},
    {"progress", "max", NULL, V_FLOAT_POS},
    {"time", "datetime", NULL, V_DATETIME},
    {"ins del", "datetime", NULL, V_DATE_OR_DT},
    {"blockquote q ins del", "cite", NULL, V_URL},
    {"a area", "hreflang", NULL, V_LANG_REQ},
    {"a area embed object source", "type", NULL, V_MIME},
    {"area", "shape", NULL, V_SHAPE},
    {"area", "coords", NULL, V_COORDS},
    {"map", "name", NULL, V_MAP_NAME},
    {"img object", "usemap", NULL, V_HASH_NAME},
    {"iframe object", "name", NULL, V_CONTEXT},
    {"iframe", "sandbox", NULL, V_SANDBOX},
    {"iframe", "loading", "lazy|eager", V_ENUM},
    {"img", "loading", "lazy|eager", V_ENUM},
    {"img", "decoding", "sync|async|auto", V_ENUM},
    {"img video audio script link", "crossorigin", "|anonymous|use-credentials", V_ENUM},
    {"video audio", "preload", "|none|metadata|auto", V_ENUM},
    {"track", "kind", "subtitles|captions|descriptions|chapters|metadata", V_ENUM},
    {"track", "srclang", NULL, V_LANG},
    {"a area iframe img script", "referrerpolicy",
     "|no-referrer|no-referrer-when-downgrade|same-origin|origin|strict-origin|"
     "origin-when-cross-origin|strict-origin-when-cross-origin|unsafe-url",
     V_ENUM},
    {"*", "lang", NULL, V_LANG},
    {"*", "xml:lang", NULL, V_LANG},
    {"*", "dir", "ltr|rtl|auto", V_ENUM},
    {"*", "translate", "|yes|no", V_ENUM},
    {"*", "contenteditable", "|true|false", V_ENUM},
    {"*", "draggable", "true|false", V_ENUM},
    {"*", "spellcheck", "|true|false", V_ENUM},
    {"*", "autocapitalize", "off|none|on|sentences|words|characters", V_ENUM},
    {"*", "tabindex", NULL, V_INT},
    {"*", "xml:space", "preserve|default", V_ENUM},
    {"*", "role", NULL, V_ROLE},
    {"*", "epub:type", NULL, V_NMTOKENS},
    {"*", "itemprop", NULL, V_TOKENS},
    {"*", "itemref", NULL, V_IDREFS},
    {"*", "itemtype", NULL, V_URLS},
    {"*", "itemid", NULL, V_URL},
};

/* Indexed by value_kind. */
static const value_check checks[] = {
    [V_INT] = int_any,
    [V_INT_POS] = int_pos,
    [V_INT_NONNEG] = int_nonneg,
    [V_FLOAT] = float_any,
    [V_FLOAT_POS] = float_pos,
    [V_FLOAT_NONNEG] = float_nonneg,
    [V_ENUM] = enum_nocase,
    [V_ENUM_CASE] = enum_case,
    [V_BOOL] = boolean,
    [V_LANG] = lang_opt,
    [V_LANG_REQ] = lang_req,
    [V_MIME] = mime,
    [V_DATETIME] = datetime,
    [V_DATE_OR_DT] = date_or_datetime,
    [V_IDREF] = idref,
    [V_IDREFS] = tokens,
    [V_TOKENS] = tokens,
    [V_URL] = url,
    [V_URLS] = urls,
    [V_NMTOKENS] = nmtokens,
    [V_ROLE] = role,
    [V_TARGET] = target,
    [V_CONTEXT] = context_name,
    [V_MAP_NAME] = map_name,
    [V_HASH_NAME] = hash_name,
    [V_COORDS] = coords,
    [V_SHAPE] = shape,
    [V_SANDBOX] = sandbox,
    [V_RELEVANT] = relevant,
    [V_TOKEN_SET] = token_set,
    [V_STEP] = step_value,
    [V_ARIA] = aria,
};

static sheaf_value_verdict check_kind(const vctx *c, value_kind kind) {
  value_check fn = (size_t)kind < sizeof checks / sizeof *checks ? checks[kind] : NULL;
  return fn ? fn(c) : SHEAF_VALUE_OK;
}

static int rule_for(const char *el, const char *attr, value_kind *kind, const char **data) {
  for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
    int el_ok = strcmp(rules[i].els, "*") == 0 || has_word(rules[i].els, el, strlen(el));
    if (el_ok && strcmp(rules[i].attr, attr) == 0) {
      *kind = rules[i].kind;
      *data = rules[i].data;
      return 1;
    }
  }
  if (strncmp(attr, "aria-", 5) == 0) {
    *kind = V_ARIA;
    return 1;
  }
  if (has_word(bool_attrs, attr, strlen(attr))) {
    *kind = V_BOOL;
    return 1;
  }
  return 0;
}

sheaf_value_verdict sheaf_html_value_check_env(const char *el, const char *attr, const char *value,
                                               const sheaf_attr_env *env, sheaf_buf *fixed,
                                               const char **why) {
  value_kind kind = V_ANY;
  const char *data = NULL;
  *why = "";
  if (!rule_for(el, attr, &kind, &data)) {
    return SHEAF_VALUE_OK;
  }
  vctx c = {el, attr, value ? value : "", data, env, fixed, why};
  return check_kind(&c, kind);
}

sheaf_value_verdict sheaf_html_value_check(const char *el, const char *attr, const char *value,
                                           sheaf_buf *fixed, const char **why) {
  return sheaf_html_value_check_env(el, attr, value, NULL, fixed, why);
}

/* ---- id references ---- */

int sheaf_html_idref_attr(const char *el, const char *attr) {
  static const struct {
    const char *els;
    const char *attr;
    int kind;
  } refs[] = {
      {"*", "aria-activedescendant", 2},
      {"*", "aria-details", 2},
      {"*", "aria-errormessage", 2},
      {"*", "aria-controls", 1},
      {"*", "aria-describedby", 1},
      {"*", "aria-flowto", 1},
      {"*", "aria-labelledby", 1},
      {"*", "aria-owns", 1},
      {"*", "itemref", 1},
      {"td th", "headers", 1},
      {"label", "for", 2},
      {"output", "for", 1},
      {"input", "list", 2},
      {"button fieldset input object output select textarea", "form", 2},
  };
  for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
    int el_ok = strcmp(refs[i].els, "*") == 0 || has_word(refs[i].els, el, strlen(el));
    if (el_ok && strcmp(refs[i].attr, attr) == 0) {
      return refs[i].kind;
    }
  }
  return 0;
}
