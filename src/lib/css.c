/* css.c -- CSS cleaning (see css.h): our own CSS Syntax Level 3 tokenizer and rule parser
 * SPDX-License-Identifier: MIT
 *
 * Debian 12 packages no CSS parser for C (libcroco is gone), so the tokenizer is ours,
 * written from CSS Syntax Module Level 3, section 4. It works on bytes: every byte from 0x80
 * up is an identifier code point, which is what the code points of valid UTF-8 are.
 * Comments and sheaf's own position markers ("<!--sheaf-pos L C-->", left in a <style> by
 * html.c) are skipped by the tokenizer; a marker moves the author's position.
 *
 * The parser follows the same section 5 (rules, at-rules, declarations, blocks) on a lexer
 * it can copy: to know whether a block is closed, it scans ahead to the matching '}' and
 * then parses the block again through a copy that ends there. Each nesting level scans its
 * own block once, so the work is at most MAX_DEPTH passes over the text, and recursion is
 * bounded by the same depth.
 *
 * What is kept must also get through EPUBCheck's own CSS parser, which is stricter than
 * CSS in two places: selectors must follow Selectors Level 3 (checked below), and a value
 * may not hold a { } block, an at-keyword, <!-- or -->, or a ';' inside brackets.
 *
 * Output is written from the author's tokens, byte for byte, with whitespace collapsed,
 * comments dropped (a comment that separated two tokens becomes an empty comment) and
 * url() rewritten by the caller's callback; cleaning the output again changes nothing. */
#include "css.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "url.h"

#define MAX_DEPTH 32 /* nested blocks, and nested brackets in a value */
#define STACK 256    /* brackets tracked exactly while scanning */
#define MAX_INDENT 8 /* indentation stops growing here */
#define SNIPPET 60   /* bytes of the author's CSS quoted in a message */
#define REASON 256

/* ---- tokens ---- */

enum tok {
  T_EOF,
  T_WS,
  T_IDENT,
  T_FUNCTION,
  T_AT,
  T_HASH,
  T_STRING,
  T_BAD_STRING,
  T_URL,
  T_BAD_URL,
  T_DELIM,
  T_NUMBER,
  T_PERCENT,
  T_DIMENSION,
  T_CDO,
  T_CDC,
  T_COLON,
  T_SEMI,
  T_COMMA,
  T_LBRACKET,
  T_RBRACKET,
  T_LPAREN,
  T_RPAREN,
  T_LBRACE,
  T_RBRACE
};

#define BIT(t) (1u << (t))

typedef struct token {
  enum tok type;
  size_t start; /* the token's bytes are s[start, end) */
  size_t end;
  unsigned line; /* the author's position of s[start] */
  unsigned col;
  int bad;           /* ends at the end of input inside a string, url or escape */
  int after_comment; /* a comment (or marker) came right before it */
} token;

/* The tokenizer's state. Copying it saves a position; `len` may be cut short to make a
 * lexer for one block. Columns count bytes, as cmark's source positions do. */
typedef struct lexer {
  const char *s;
  size_t len;
  size_t pos;    /* next byte to read */
  size_t at;     /* line and col are those of s[at] */
  unsigned line; /* the author's position of s[at] */
  unsigned col;
} lexer;

static int ch(const lexer *lx, size_t k) {
  return lx->pos + k < lx->len ? (unsigned char)lx->s[lx->pos + k] : -1;
}

static int is_nl(int c) {
  return c == '\n' || c == '\r' || c == '\f';
}

static int is_ws(int c) {
  return c == ' ' || c == '\t' || is_nl(c);
}

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

static int is_hex(int c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_name_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80 || c == 0;
}

static int is_name(int c) {
  return is_name_start(c) || is_digit(c) || c == '-';
}

/* Length of the newline at s[i] (CR LF counts as one), or 0. */
static size_t nl_len(const char *s, size_t len, size_t i) {
  if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
    return 2;
  }
  return is_nl((unsigned char)s[i]) ? 1 : 0;
}

static int valid_escape(const lexer *lx, size_t k) {
  return ch(lx, k) == '\\' && !is_nl(ch(lx, k + 1));
}

static int starts_ident(const lexer *lx, size_t k) {
  int c = ch(lx, k);
  if (c == '-') {
    return is_name_start(ch(lx, k + 1)) || ch(lx, k + 1) == '-' || valid_escape(lx, k + 1);
  }
  return (c >= 0 && is_name_start(c)) || valid_escape(lx, k);
}

static int starts_number(const lexer *lx, size_t k) {
  int c = ch(lx, k);
  if (c == '+' || c == '-') {
    k++;
    c = ch(lx, k);
  }
  return is_digit(c) || (c == '.' && is_digit(ch(lx, k + 1)));
}

/* Moves line and col on to s[to]. */
static void lx_count(lexer *lx, size_t to) {
  for (; lx->at < to; lx->at++) {
    char c = lx->s[lx->at];
    if (c == '\r' && lx->at + 1 < lx->len && lx->s[lx->at + 1] == '\n') {
      continue;
    }
    if (is_nl((unsigned char)c)) {
      lx->line++;
      lx->col = 1;
    } else {
      lx->col++;
    }
  }
}

static void skip_ws(lexer *lx) {
  while (lx->pos < lx->len && is_ws((unsigned char)lx->s[lx->pos])) {
    size_t n = nl_len(lx->s, lx->len, lx->pos);
    lx->pos += n ? n : 1;
  }
}

/* Consumes an escape whose backslash is at pos; sets *bad when the input ends there. */
static void eat_escape(lexer *lx, int *bad) {
  lx->pos++;
  if (lx->pos >= lx->len) {
    *bad = 1;
    return;
  }
  if (!is_hex(ch(lx, 0))) {
    lx->pos++;
    return;
  }
  for (int n = 0; n < 6 && is_hex(ch(lx, 0)); n++) {
    lx->pos++;
  }
  if (is_ws(ch(lx, 0))) {
    size_t n = nl_len(lx->s, lx->len, lx->pos);
    lx->pos += n ? n : 1;
  }
}

static void eat_name(lexer *lx, int *bad) {
  for (;;) {
    if (valid_escape(lx, 0)) {
      eat_escape(lx, bad);
    } else if (lx->pos < lx->len && is_name(ch(lx, 0))) {
      lx->pos++;
    } else {
      return;
    }
  }
}

static int is_marker_digits(const char *s, size_t len, size_t *i, unsigned *v) {
  size_t start = *i;
  unsigned long n = 0;
  while (*i < len && is_digit((unsigned char)s[*i]) && *i - start < 9) {
    n = n * 10 + (unsigned long)(s[*i] - '0');
    (*i)++;
  }
  *v = (unsigned)n;
  return *i > start && n > 0;
}

/* Skips a "<!--sheaf-pos L C-->" marker at pos and moves the position to L:C. */
static int eat_marker(lexer *lx) {
  static const char mark[] = "<!--sheaf-pos ";
  size_t n = sizeof mark - 1;
  if (lx->len - lx->pos < n || memcmp(lx->s + lx->pos, mark, n) != 0) {
    return 0;
  }
  size_t i = lx->pos + n;
  unsigned line;
  unsigned col;
  if (!is_marker_digits(lx->s, lx->len, &i, &line) || i >= lx->len || lx->s[i++] != ' ' ||
      !is_marker_digits(lx->s, lx->len, &i, &col) || lx->len - i < 3 ||
      memcmp(lx->s + i, "-->", 3) != 0) {
    return 0;
  }
  lx->pos = lx->at = i + 3;
  lx->line = line;
  lx->col = col;
  return 1;
}

/* Skips comments and markers; returns whether there were any. */
static int skip_comments(lexer *lx) {
  int any = 0;
  for (;;) {
    if (ch(lx, 0) == '/' && ch(lx, 1) == '*') {
      lx->pos += 2;
      while (lx->pos < lx->len && !(ch(lx, 0) == '*' && ch(lx, 1) == '/')) {
        lx->pos++;
      }
      lx->pos = lx->pos < lx->len ? lx->pos + 2 : lx->len;
    } else if (!(ch(lx, 0) == '<' && eat_marker(lx))) {
      return any;
    }
    any = 1;
  }
}

static enum tok eat_string(lexer *lx, token *t) {
  int quote = ch(lx, 0);
  lx->pos++;
  for (;;) {
    int c = ch(lx, 0);
    if (c < 0) {
      t->bad = 1;
      return T_STRING;
    }
    if (c == quote) {
      lx->pos++;
      return T_STRING;
    }
    if (is_nl(c)) {
      return T_BAD_STRING;
    }
    if (c == '\\' && is_nl(ch(lx, 1))) {
      lx->pos += 1 + nl_len(lx->s, lx->len, lx->pos + 1);
    } else if (c == '\\') {
      eat_escape(lx, &t->bad);
    } else {
      lx->pos++;
    }
  }
}

static enum tok eat_bad_url(lexer *lx, token *t) {
  for (;;) {
    int c = ch(lx, 0);
    if (c < 0) {
      return T_BAD_URL;
    }
    if (c == ')') {
      lx->pos++;
      return T_BAD_URL;
    }
    if (valid_escape(lx, 0)) {
      eat_escape(lx, &t->bad);
    } else {
      lx->pos++;
    }
  }
}

static int non_printable(int c) {
  return (c >= 0 && c <= 8) || c == 0x0b || (c >= 0x0e && c <= 0x1f) || c == 0x7f;
}

/* After "url(" and its whitespace. */
static enum tok eat_url(lexer *lx, token *t) {
  for (;;) {
    int c = ch(lx, 0);
    if (c < 0) {
      t->bad = 1;
      return T_URL;
    }
    if (c == ')') {
      lx->pos++;
      return T_URL;
    }
    if (is_ws(c)) {
      skip_ws(lx);
      if (ch(lx, 0) == ')' || ch(lx, 0) < 0) {
        t->bad = ch(lx, 0) < 0;
        lx->pos += ch(lx, 0) == ')';
        return T_URL;
      }
      return eat_bad_url(lx, t);
    }
    if (c == '"' || c == '\'' || c == '(' || non_printable(c) ||
        (c == '\\' && !valid_escape(lx, 0))) {
      return eat_bad_url(lx, t);
    }
    if (c == '\\') {
      eat_escape(lx, &t->bad);
    } else {
      lx->pos++;
    }
  }
}

/* ---- names: escapes decoded ---- */

/* Reads one unit of a name, string or url at s[*i] (*i < end): the code point of an escape
 * (*esc = 1), or one raw byte (*esc = 0). */
static uint32_t unit_next(const char *s, size_t end, size_t *i, int *esc) {
  unsigned char c = (unsigned char)s[*i];
  *esc = 0;
  if (c != '\\' || *i + 1 >= end) {
    (*i)++;
    return c;
  }
  if ((unsigned char)s[*i + 1] >= 0x80) { /* an escaped non-ASCII character is itself */
    *i += 2;
    return (unsigned char)s[*i - 1];
  }
  *esc = 1;
  size_t k = *i + 1;
  if (!is_hex((unsigned char)s[k])) {
    *i = k + 1;
    return (unsigned char)s[k];
  }
  uint32_t cp = 0;
  for (int n = 0; n < 6 && k < end && is_hex((unsigned char)s[k]); n++, k++) {
    int h = (unsigned char)s[k];
    cp = cp * 16 + (uint32_t)(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
  }
  if (k < end && is_ws((unsigned char)s[k])) {
    size_t n = nl_len(s, end, k);
    k += n ? n : 1;
  }
  *i = k;
  return cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp;
}

/* Whether s[start, end), escapes decoded, is `word` (lower case ASCII) in any case. */
static int name_is(const char *s, size_t start, size_t end, const char *word) {
  size_t i = start;
  for (; *word; word++) {
    if (i >= end) {
      return 0;
    }
    int esc;
    uint32_t c = unit_next(s, end, &i, &esc);
    if (c >= 'A' && c <= 'Z') {
      c += 'a' - 'A';
    }
    if (c != (unsigned char)*word) {
      return 0;
    }
  }
  return i == end;
}

/* Appends the unit at s[*i] decoded, NUL as U+FFFD. */
static void decode_unit(sheaf_buf *b, const char *s, size_t end, size_t *i) {
  int esc;
  uint32_t c = unit_next(s, end, i, &esc);
  if (esc || c == 0) {
    sheaf_buf_put_utf8(b, c ? c : 0xFFFD);
  } else {
    sheaf_buf_putc(b, (char)c);
  }
}

/* Appends a string's contents s[i, end) decoded (escapes and line continuations). */
static void decode(sheaf_buf *b, const char *s, size_t i, size_t end) {
  while (i < end) {
    if (s[i] == '\\' && i + 1 < end && is_nl((unsigned char)s[i + 1])) {
      i += 1 + nl_len(s, end, i + 1);
    } else {
      decode_unit(b, s, end, &i);
    }
  }
}

static enum tok eat_ident_like(lexer *lx, token *t) {
  size_t start = lx->pos;
  eat_name(lx, &t->bad);
  if (ch(lx, 0) != '(') {
    return T_IDENT;
  }
  int url = name_is(lx->s, start, lx->pos, "url");
  lx->pos++;
  if (!url) {
    return T_FUNCTION;
  }
  size_t fn = lx->pos;
  skip_ws(lx);
  if (ch(lx, 0) == '"' || ch(lx, 0) == '\'') {
    lx->pos = fn; /* url("...") is a function with a string */
    return T_FUNCTION;
  }
  return eat_url(lx, t);
}

static enum tok eat_numeric(lexer *lx, token *t) {
  if (ch(lx, 0) == '+' || ch(lx, 0) == '-') {
    lx->pos++;
  }
  while (is_digit(ch(lx, 0))) {
    lx->pos++;
  }
  if (ch(lx, 0) == '.' && is_digit(ch(lx, 1))) {
    lx->pos++;
    while (is_digit(ch(lx, 0))) {
      lx->pos++;
    }
  }
  int e = ch(lx, 0) == 'e' || ch(lx, 0) == 'E';
  int sign = ch(lx, 1) == '+' || ch(lx, 1) == '-';
  if (e && (is_digit(ch(lx, 1)) || (sign && is_digit(ch(lx, 2))))) {
    lx->pos += sign ? 2 : 1;
    while (is_digit(ch(lx, 0))) {
      lx->pos++;
    }
  }
  if (starts_ident(lx, 0)) {
    eat_name(lx, &t->bad);
    return T_DIMENSION;
  }
  if (ch(lx, 0) == '%') {
    lx->pos++;
    return T_PERCENT;
  }
  return T_NUMBER;
}

static enum tok single(lexer *lx, enum tok type) {
  lx->pos++;
  return type;
}

static enum tok eat_delim_like(lexer *lx, token *t, int c) {
  switch (c) {
  case '#':
    if (is_name(ch(lx, 1)) || valid_escape(lx, 1)) {
      lx->pos++;
      eat_name(lx, &t->bad);
      return T_HASH;
    }
    break;
  case '+':
  case '.':
    return starts_number(lx, 0) ? eat_numeric(lx, t) : single(lx, T_DELIM);
  case '-':
    if (starts_number(lx, 0)) {
      return eat_numeric(lx, t);
    }
    if (ch(lx, 1) == '-' && ch(lx, 2) == '>') {
      lx->pos += 3;
      return T_CDC;
    }
    return starts_ident(lx, 0) ? eat_ident_like(lx, t) : single(lx, T_DELIM);
  case '<':
    if (ch(lx, 1) == '!' && ch(lx, 2) == '-' && ch(lx, 3) == '-') {
      lx->pos += 4;
      return T_CDO;
    }
    break;
  case '@':
    if (starts_ident(lx, 1)) {
      lx->pos++;
      eat_name(lx, &t->bad);
      return T_AT;
    }
    break;
  case '\\':
    if (valid_escape(lx, 0)) {
      return eat_ident_like(lx, t);
    }
    t->bad = 1; /* a lone backslash would escape whatever is written after it */
    break;
  default:
    break;
  }
  return single(lx, T_DELIM);
}

static enum tok eat_token(lexer *lx, token *t) {
  int c = ch(lx, 0);
  switch (c) {
  case '"':
  case '\'':
    return eat_string(lx, t);
  case '(':
    return single(lx, T_LPAREN);
  case ')':
    return single(lx, T_RPAREN);
  case '[':
    return single(lx, T_LBRACKET);
  case ']':
    return single(lx, T_RBRACKET);
  case '{':
    return single(lx, T_LBRACE);
  case '}':
    return single(lx, T_RBRACE);
  case ',':
    return single(lx, T_COMMA);
  case ':':
    return single(lx, T_COLON);
  case ';':
    return single(lx, T_SEMI);
  default:
    break;
  }
  if (is_ws(c)) {
    skip_ws(lx);
    return T_WS;
  }
  if (is_digit(c)) {
    return eat_numeric(lx, t);
  }
  if (is_name_start(c)) {
    return eat_ident_like(lx, t);
  }
  return eat_delim_like(lx, t, c);
}

static void lx_next(lexer *lx, token *t) {
  t->after_comment = skip_comments(lx);
  t->bad = 0;
  t->start = lx->pos;
  lx_count(lx, lx->pos);
  t->line = lx->line;
  t->col = lx->col;
  t->type = lx->pos < lx->len ? eat_token(lx, t) : T_EOF;
  t->end = lx->pos;
}

static int is_delim(const lexer *lx, const token *t, char c) {
  return t->type == T_DELIM && lx->s[t->start] == c;
}

/* ---- scanning component values ---- */

enum {
  F_BAD = 1 << 0,        /* broken escape or lone backslash */
  F_BADSTR = 1 << 1,     /* bad string or a string cut by the end */
  F_BADURL = 1 << 2,     /* bad url or a url cut by the end */
  F_UNBALANCED = 1 << 3, /* a closing bracket without its opening one, or unclosed */
  F_DEEP = 1 << 4,       /* brackets nested deeper than MAX_DEPTH */
  F_BRACE = 1 << 5,      /* a { } block */
  F_EXPR = 1 << 6,       /* expression( */
  F_URL = 1 << 7,        /* url() to pass through the callback */
  F_CDX = 1 << 8,        /* <!-- or --> */
  F_AT = 1 << 9,         /* an at-keyword */
  F_SEMI = 1 << 10,      /* ';' inside brackets */
};

/* What a run of component values holds, up to the token that stopped it. */
typedef struct scan {
  unsigned flags;
  size_t count; /* tokens outside brackets, whitespace not counted */
  size_t end;   /* end of the last token that is not whitespace */
  int important;
  int last_bang;
  token stop;
} scan;

static unsigned function_flags(const lexer *lx, const token *t) {
  if (name_is(lx->s, t->start, t->end - 1, "url")) {
    return F_URL;
  }
  return name_is(lx->s, t->start, t->end - 1, "expression") ? F_EXPR : 0;
}

static unsigned token_flags(const lexer *lx, const token *t) {
  unsigned bad = t->bad ? F_BAD : 0;
  switch (t->type) {
  case T_STRING:
  case T_BAD_STRING:
    return t->bad || t->type == T_BAD_STRING ? F_BADSTR : 0;
  case T_URL:
  case T_BAD_URL:
    return t->bad || t->type == T_BAD_URL ? F_BADURL : F_URL;
  case T_FUNCTION:
    return function_flags(lx, t) | bad;
  case T_CDO:
  case T_CDC:
    return F_CDX;
  case T_AT:
    return F_AT | bad;
  case T_SEMI:
    return F_SEMI;
  case T_LBRACE:
    return F_BRACE;
  default:
    return bad;
  }
}

/* A token outside brackets: counts it and follows a trailing "! important". */
static void top_token(const lexer *lx, scan *sc, const token *t) {
  sc->count++;
  if (is_delim(lx, t, '!')) {
    sc->last_bang = 1;
    sc->important = 0;
    return;
  }
  sc->important =
      sc->last_bang && t->type == T_IDENT && name_is(lx->s, t->start, t->end, "important");
  sc->last_bang = 0;
}

typedef struct nesting {
  char closer[STACK];
  size_t depth; /* brackets on the stack */
  size_t lost;  /* brackets deeper than the stack, matched by any closer */
} nesting;

static enum tok closer_of(enum tok type) {
  switch (type) {
  case T_FUNCTION:
  case T_LPAREN:
    return T_RPAREN;
  case T_LBRACKET:
    return T_RBRACKET;
  case T_LBRACE:
    return T_RBRACE;
  default:
    return T_EOF;
  }
}

static void nest(nesting *n, scan *sc, enum tok type) {
  enum tok closer = closer_of(type);
  if (closer != T_EOF) {
    if (n->depth < STACK) {
      n->closer[n->depth++] = (char)closer;
    } else {
      n->lost++;
    }
    if (n->depth + n->lost > MAX_DEPTH) {
      sc->flags |= F_DEEP;
    }
  } else if (type == T_RPAREN || type == T_RBRACKET || type == T_RBRACE) {
    if (n->lost) {
      n->lost--;
    } else if (n->depth && n->closer[n->depth - 1] == (char)type) {
      n->depth--;
    } else {
      sc->flags |= F_UNBALANCED; /* kept inside the block, as the syntax says */
    }
  }
}

/* Consumes component values until a token in `stop` outside brackets (consumed) or the end
 * of input. */
static void scan_values(lexer *lx, unsigned stop, scan *sc) {
  nesting n;
  n.depth = n.lost = 0;
  memset(sc, 0, sizeof *sc);
  sc->end = lx->pos;
  for (;;) {
    token t;
    lx_next(lx, &t);
    int outside = n.depth + n.lost == 0;
    if (t.type == T_EOF || (outside && (stop & BIT(t.type)))) {
      sc->flags |= outside ? 0 : F_UNBALANCED;
      sc->stop = t;
      return;
    }
    if (t.type == T_WS) {
      continue;
    }
    sc->end = t.end;
    sc->flags |= token_flags(lx, &t);
    if (outside) {
      top_token(lx, sc, &t);
    }
    nest(&n, sc, t.type);
  }
}

/* Scans a { } block whose '{' was just read. On success, body is a lexer for the block's
 * contents and lx is past its '}'. */
static int block(lexer *lx, lexer *body) {
  *body = *lx;
  scan sc;
  scan_values(lx, BIT(T_RBRACE), &sc);
  body->len = sc.stop.start;
  return sc.stop.type == T_RBRACE;
}

/* ---- the cleaner ---- */

typedef enum list_mode { L_STYLE, L_FONT, L_PAGE, L_INLINE } list_mode;

typedef struct cleaner {
  void *ud;
  int (*url)(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *out);
  void (*warn)(void *ud, unsigned line, unsigned col, const char *message);
  sheaf_buf *out;
  size_t base; /* out->len when cleaning started */
  size_t changes;
  int seen_rule;  /* a rule other than @import was kept: no @import after it */
  int seen_style; /* a rule other than @import and @namespace: no @namespace after it */
} cleaner;

/* Quotes s[0, n) with whitespace collapsed, cut at SNIPPET bytes on a character boundary. */
static void snippet(char *dst, size_t cap, const char *s, size_t n) {
  size_t w = 0;
  int space = 0;
  for (size_t i = 0; i < n && w + 5 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_ws(c) || c < 0x20 || c == 0x7f) {
      space = w > 0;
      continue;
    }
    if (w + space >= SNIPPET && (c & 0xC0) != 0x80) {
      memcpy(dst + w, "\xE2\x80\xA6", 3); /* … */
      w += 3;
      break;
    }
    if (space) {
      dst[w++] = ' ';
      space = 0;
    }
    dst[w++] = (char)c;
  }
  dst[w] = '\0';
}

/* Reports the removal of the `kind` ("declaration" or "rule") from first to s[end]. */
static void note(cleaner *cl, const char *s, const token *first, size_t end, const char *kind,
                 const char *reason) {
  cl->changes++;
  if (!cl->warn) {
    return;
  }
  char quoted[SNIPPET + 16];
  snippet(quoted, sizeof quoted, s + first->start, end > first->start ? end - first->start : 0);
  char msg[SNIPPET + REASON + 64];
  snprintf(msg, sizeof msg, "CSS %s '%s' removed: %s", kind, quoted, reason);
  cl->warn(cl->ud, first->line, first->col, msg);
}

static void indent(cleaner *cl, unsigned depth) {
  for (unsigned i = 0; i < depth && i < MAX_INDENT; i++) {
    sheaf_buf_puts(cl->out, "  ");
  }
}

/* Appends a token's bytes, NUL as U+FFFD. */
static void put_raw(sheaf_buf *out, const char *s, size_t start, size_t end) {
  size_t run = start;
  for (size_t i = start; i < end; i++) {
    if (s[i] == '\0') {
      sheaf_buf_put(out, s + run, i - run);
      sheaf_buf_puts(out, "\xEF\xBF\xBD");
      run = i + 1;
    }
  }
  sheaf_buf_put(out, s + run, end - run);
}

/* Whether s[start, end) ends in a hex escape that no whitespace closes ("\31" rather than
 * "\31 "): a space written after it would become part of the escape. */
static int open_escape(const char *s, size_t start, size_t end) {
  int open = 0;
  size_t i = start;
  while (i < end) {
    if (s[i] != '\\' || i + 1 >= end) {
      i++;
      open = 0;
      continue;
    }
    size_t k = i + 1;
    while (k < end && k - i <= 6 && is_hex((unsigned char)s[k])) {
      k++;
    }
    open = k > i + 1 && k == end;
    i = k > i + 1 ? k : i + 2;
  }
  return open;
}

/* Appends a token's bytes; an identifier-like token ending in an open escape gets the space
 * that closes it, so that what is written after it cannot change it. */
static void put_text(sheaf_buf *out, const char *s, const token *t) {
  put_raw(out, s, t->start, t->end);
  int named = t->type == T_IDENT || t->type == T_AT || t->type == T_HASH || t->type == T_DIMENSION;
  if (named && open_escape(s, t->start, t->end)) {
    sheaf_buf_putc(out, ' ');
  }
}

/* Appends url in double quotes. EPUBCheck looks resources up by the raw text of the string,
 * without undoing CSS escapes, so what a string cannot hold is percent-encoded instead. */
static void put_url_string(sheaf_buf *out, const char *url, size_t len) {
  sheaf_buf_puts(out, "url(\"");
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)url[i];
    if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
      sheaf_buf_printf(out, "%%%02X", c);
    } else {
      sheaf_buf_putc(out, (char)c);
    }
  }
  sheaf_buf_puts(out, "\")");
}

static void url_reason(char *why, const char *url, int import) {
  const char *p = url;
  while (is_ws((unsigned char)*p)) {
    p++;
  }
  size_t scheme = sheaf_url_scheme(p);
  if (sheaf_url_unsafe(p)) {
    snprintf(why, REASON, "%.*s: URLs are not allowed", (int)(scheme < 20 ? scheme : 20), p);
  } else if (scheme || (p[0] == '/' && p[1] == '/')) {
    snprintf(why, REASON, "remote %s not allowed", import ? "style sheets are" : "resources are");
  } else if (!*p) {
    snprintf(why, REASON, "its url() is empty");
  } else {
    char quoted[SNIPPET + 16];
    snippet(quoted, sizeof quoted, p, strlen(p));
    snprintf(why, REASON, "'%s' is not in the book", quoted);
  }
}

/* Passes a decoded URL through the callback; on 1 appends it as url("..."). */
static int put_url(cleaner *cl, const char *url, const token *at, int import, char *why) {
  sheaf_buf dst = SHEAF_BUF_INIT;
  int keep = *url && cl->url && cl->url(cl->ud, url, at->line, at->col, &dst) == 1;
  if (keep) {
    put_url_string(cl->out, dst.ptr ? dst.ptr : "", dst.len);
  } else {
    url_reason(why, url, import);
  }
  sheaf_buf_free(&dst);
  return keep;
}

/* The value of a url token: after "url(" and whitespace, up to whitespace or ')'. */
static void url_token_value(sheaf_buf *b, const lexer *lx, const token *t) {
  const char *s = lx->s;
  size_t i = t->start;
  while (s[i] != '(') {
    i++;
  }
  i++;
  while (i < t->end && is_ws((unsigned char)s[i])) {
    i++;
  }
  while (i < t->end && s[i] != ')' && !is_ws((unsigned char)s[i])) {
    decode_unit(b, s, t->end, &i);
  }
}

static int next_solid(lexer *lx, token *t) {
  do {
    lx_next(lx, t);
  } while (t->type == T_WS);
  return t->type != T_EOF;
}

/* Reads a URL given as a url token, a url("...") function or a string (strings only when
 * `strings`), decoding it into b. Returns 0 when the token is none of these. */
static int read_url(lexer *lx, const token *t, int strings, sheaf_buf *b) {
  if (t->type == T_URL) {
    url_token_value(b, lx, t);
    return 1;
  }
  if (t->type == T_STRING && strings) {
    decode(b, lx->s, t->start + 1, t->end - 1);
    return 1;
  }
  token arg;
  token close;
  if (t->type != T_FUNCTION || !name_is(lx->s, t->start, t->end - 1, "url") ||
      !next_solid(lx, &arg) || arg.type != T_STRING || !next_solid(lx, &close) ||
      close.type != T_RPAREN) {
    return 0;
  }
  decode(b, lx->s, arg.start + 1, arg.end - 1);
  return 1;
}

/* Writes one token of a value or prelude; url() goes through the callback. */
static int put_token(cleaner *cl, lexer *lx, const token *t, int urls, char *why) {
  if (!urls || (t->type != T_URL && t->type != T_FUNCTION) || !(token_flags(lx, t) & F_URL)) {
    put_text(cl->out, lx->s, t);
    return 1;
  }
  sheaf_buf url = SHEAF_BUF_INIT;
  int ok = read_url(lx, t, 0, &url);
  if (!ok) {
    snprintf(why, REASON, "its url() does not parse");
  } else {
    ok = put_url(cl, url.ptr ? url.ptr : "", t, 0, why);
  }
  sheaf_buf_free(&url);
  return ok;
}

/* Writes the tokens from lx up to s[end] with whitespace collapsed and comments dropped.
 * Returns 0 (with the reason in why) when the callback refused a url(). */
static int put_tokens(cleaner *cl, lexer lx, size_t end, int urls, char *why) {
  int any = 0;
  int space = 0;
  for (;;) {
    token t;
    lx_next(&lx, &t);
    if (t.type == T_EOF || t.start >= end) {
      return 1;
    }
    if (t.type == T_WS) {
      space = any;
      continue;
    }
    if (space) {
      sheaf_buf_putc(cl->out, ' ');
    } else if (t.after_comment && any) {
      sheaf_buf_puts(cl->out, "/**/"); /* the comment kept two tokens apart */
    }
    space = 0;
    any = 1;
    if (!put_token(cl, &lx, &t, urls, why)) {
      return 0;
    }
  }
}

/* ---- declarations ---- */

/* Properties never kept, with the reason. */
static const char *property_problem(const lexer *lx, const token *name) {
  static const struct {
    const char *name;
    const char *why;
  } props[] = {{"behavior", "it can run scripts"},
               {"-moz-binding", "it can run scripts"},
               {"-ms-behavior", "it can run scripts"},
               {"direction", "EPUB style sheets may not set it"},
               {"unicode-bidi", "EPUB style sheets may not set it"}};
  for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
    if (name_is(lx->s, name->start, name->end, props[i].name)) {
      return props[i].why;
    }
  }
  return NULL;
}

static const char *value_problem(const lexer *lx, const token *name, const scan *sc) {
  const char *why = property_problem(lx, name);
  if (why) {
    return why;
  }
  if (sc->flags & F_EXPR) {
    return "it can run scripts";
  }
  if (sc->flags & F_BADSTR) {
    return "it holds an unclosed string";
  }
  if (sc->flags & F_BADURL) {
    return "its url() does not parse";
  }
  if (sc->flags & F_DEEP) {
    return "it is nested too deeply";
  }
  if (sc->flags & F_UNBALANCED) {
    return "its brackets do not balance";
  }
  if (sc->flags & F_BRACE) {
    return "a { } block is not a value";
  }
  if (sc->flags & (F_BAD | F_CDX | F_AT | F_SEMI)) {
    return "it does not parse";
  }
  if (sc->count == (sc->important ? 2u : 0u)) {
    return "it has no value";
  }
  return NULL;
}

/* ---- font sizes: EPUBCheck's CSS-020 ----
 * EPUBCheck reports an error for a font size that is not a length in one of the units it
 * knows, a percentage, 0 or a size keyword: `font-size: initial`, `1vmax`, `1.5`. Its rules,
 * measured against EPUBCheck 4.2.6: every value of font-size is checked, functions (calc())
 * excepted; in the font shorthand, the first value after the style, variant and weight
 * keywords is the size, and there a function is refused too. */

/* Whether s[start, end) is one of the space-separated lower-case `words`, in any case. */
static int one_of_words(const char *s, size_t start, size_t end, const char *words) {
  char word[16];
  for (const char *w = words; *w;) {
    size_t n = strcspn(w, " ");
    if (n < sizeof word) {
      memcpy(word, w, n);
      word[n] = '\0';
      if (name_is(s, start, end, word)) {
        return 1;
      }
    }
    w += n + (w[n] == ' ');
  }
  return 0;
}

static int word_of(const lexer *lx, const token *t, const char *words) {
  return t->type == T_IDENT && one_of_words(lx->s, t->start, t->end, words);
}

/* Whether the number at the start of t has the plain form EPUBCheck reads ([+-]digits[.digits],
 * no exponent); *unit is where what follows it starts. */
static int plain_number(const lexer *lx, const token *t, size_t *unit) {
  const char *s = lx->s;
  size_t i = t->start;
  i += s[i] == '+' || s[i] == '-';
  while (i < t->end && is_digit((unsigned char)s[i])) {
    i++;
  }
  if (i < t->end && s[i] == '.') {
    i++;
    while (i < t->end && is_digit((unsigned char)s[i])) {
      i++;
    }
  }
  *unit = i;
  if (i + 1 >= t->end || (s[i] != 'e' && s[i] != 'E')) {
    return 1;
  }
  int sign = s[i + 1] == '+' || s[i + 1] == '-';
  return !(is_digit((unsigned char)s[i + 1]) ||
           (sign && i + 2 < t->end && is_digit((unsigned char)s[i + 2])));
}

static int size_ok(const lexer *lx, const token *t, int functions) {
  static const char lengths[] = "px em ex ch rem in cm mm pt pc vw vh vmin";
  size_t unit = 0;
  switch (t->type) {
  case T_FUNCTION:
    return functions;
  case T_IDENT:
    return word_of(lx, t,
                   "xx-small x-small small medium large x-large xx-large smaller larger "
                   "inherit");
  case T_NUMBER:
    return t->end - t->start == 1 && lx->s[t->start] == '0';
  case T_PERCENT:
    return plain_number(lx, t, &unit);
  case T_DIMENSION:
    return plain_number(lx, t, &unit) && one_of_words(lx->s, unit, t->end, lengths);
  default:
    return 1;
  }
}

static int opens(const token *t) {
  return t->type == T_FUNCTION || t->type == T_LPAREN || t->type == T_LBRACKET;
}

/* The next value of a declaration, "!important" skipped; a function or bracket comes as its
 * first token, its contents read past. Returns 0 at the declaration's end. */
static int next_value(lexer *lx, size_t end, token *t) {
  while (next_solid(lx, t) && t->start < end) {
    if (is_delim(lx, t, '!') || word_of(lx, t, "important")) {
      continue;
    }
    token u;
    for (unsigned depth = opens(t); depth && next_solid(lx, &u) && u.start < end;) {
      depth = opens(&u) ? depth + 1 : depth - (u.type == T_RPAREN || u.type == T_RBRACKET);
    }
    return 1;
  }
  return 0;
}

static int weight_word(const lexer *lx, const token *t) {
  if (t->type == T_NUMBER && t->end - t->start == 3 && lx->s[t->start] >= '1' &&
      lx->s[t->start] <= '9' && lx->s[t->start + 1] == '0' && lx->s[t->start + 2] == '0') {
    return 1;
  }
  return word_of(lx, t, "bold bolder lighter");
}

/* Whether the font shorthand's value, from lx to end, has a size EPUBCheck accepts. */
static int font_shorthand_ok(lexer lx, size_t end) {
  lexer count = lx;
  token t;
  if (!next_value(&count, end, &t) || !next_value(&count, end, &t)) {
    return 1; /* one value: a system font, which EPUBCheck does not check here */
  }
  int style = 0;
  int variant = 0;
  int weight = 0;
  while (next_value(&lx, end, &t)) {
    if (word_of(&lx, &t, "normal inherit")) {
      continue;
    }
    if (!style && word_of(&lx, &t, "italic oblique")) {
      style = 1;
    } else if (!variant && word_of(&lx, &t, "small-caps")) {
      variant = 1;
    } else if (!weight && weight_word(&lx, &t)) {
      weight = 1;
    } else {
      return size_ok(&lx, &t, 0);
    }
  }
  return 1;
}

static const char *font_problem(const lexer *lx, const token *name, lexer value, size_t end) {
  static const char why[] = "EPUBCheck accepts only a length (px, em, rem, pt...), a percentage "
                            "or a size keyword (small, large, smaller...) as a font size";
  if (name_is(lx->s, name->start, name->end, "font")) {
    return font_shorthand_ok(value, end) ? NULL : why;
  }
  if (!name_is(lx->s, name->start, name->end, "font-size")) {
    return NULL;
  }
  token t;
  while (next_value(&value, end, &t)) {
    if (!size_ok(&value, &t, 1)) {
      return why;
    }
  }
  return NULL;
}

/* Where a declaration that starts with `first` ends. In a rule's block, one that reaches a
 * '{' first is a nested rule (CSS Nesting); custom properties aside. */
static unsigned declaration_stop(const lexer *lx, const token *first, list_mode mode) {
  int custom = first->type == T_IDENT && first->end - first->start > 2 &&
               lx->s[first->start] == '-' && lx->s[first->start + 1] == '-';
  return mode == L_INLINE || custom ? BIT(T_SEMI) : BIT(T_SEMI) | BIT(T_LBRACE);
}

/* Drops a nested rule, block and all, when the scan stopped at its '{'. */
static int nested_rule(cleaner *cl, lexer *lx, const token *first, const scan *sc) {
  if (sc->stop.type != T_LBRACE) {
    return 0;
  }
  lexer body;
  const char *why = block(lx, &body) ? "nested rules are not allowed" : "it is not closed";
  note(cl, lx->s, first, sc->end, "rule", why);
  return 1;
}

/* Drops what runs from `first` to the next ';' where a declaration cannot start. */
static void junk_declaration(cleaner *cl, lexer *lx, const token *first, list_mode mode) {
  scan sc;
  scan_values(lx, declaration_stop(lx, first, mode), &sc);
  if (nested_rule(cl, lx, first, &sc)) {
    return;
  }
  const char *why = "it does not parse";
  if (mode == L_INLINE && (first->type == T_LBRACE || (sc.flags & F_BRACE))) {
    why = "a style attribute cannot hold { } blocks";
  }
  note(cl, lx->s, first, sc.end, "declaration", why);
}

/* Writes a kept declaration; a url() the callback refuses takes it back out. */
static void put_declaration(cleaner *cl, const lexer *lx, const token *name, const lexer *value,
                            const scan *sc, list_mode mode, unsigned depth) {
  size_t mark = cl->out->len;
  if (mode == L_INLINE && mark > cl->base) {
    sheaf_buf_puts(cl->out, "; ");
  } else {
    indent(cl, depth);
  }
  put_text(cl->out, lx->s, name);
  sheaf_buf_puts(cl->out, ": ");
  char why[REASON];
  if (!put_tokens(cl, *value, sc->end, 1, why)) {
    sheaf_buf_truncate(cl->out, mark);
    note(cl, lx->s, name, sc->end, "declaration", why);
    return;
  }
  sheaf_buf_puts(cl->out, mode == L_INLINE ? "" : ";\n");
}

/* A declaration whose name was just read. */
static void declaration(cleaner *cl, lexer *lx, const token *name, list_mode mode, unsigned depth) {
  lexer before = *lx;
  token t;
  next_solid(lx, &t);
  if (t.type != T_COLON) {
    *lx = before;
    junk_declaration(cl, lx, name, mode);
    return;
  }
  lexer value = *lx;
  scan sc;
  scan_values(lx, declaration_stop(lx, name, mode), &sc);
  if (nested_rule(cl, lx, name, &sc)) {
    return;
  }
  const char *why = value_problem(lx, name, &sc);
  why = why ? why : font_problem(lx, name, value, sc.end);
  if (why) {
    note(cl, lx->s, name, sc.end, "declaration", why);
    return;
  }
  put_declaration(cl, lx, name, &value, &sc, mode, depth);
}

static void at_in_declarations(cleaner *cl, lexer *lx, const token *at, list_mode mode);

/* Declarations up to the end of lx (a block's lexer, or a style attribute). Returns the
 * number kept. */
static size_t declarations(cleaner *cl, lexer *lx, list_mode mode, unsigned depth) {
  size_t kept = 0;
  for (;;) {
    lexer before = *lx;
    token t;
    lx_next(lx, &t);
    if (t.type == T_EOF) {
      return kept;
    }
    size_t len = cl->out->len;
    if (t.type == T_AT) {
      at_in_declarations(cl, lx, &t, mode);
    } else if (t.type == T_IDENT) {
      declaration(cl, lx, &t, mode, depth);
    } else if (t.type != T_WS && t.type != T_SEMI) {
      *lx = before;
      junk_declaration(cl, lx, &t, mode);
    }
    kept += cl->out->len > len;
  }
}

/* ---- rules ---- */

enum at_kind {
  A_UNKNOWN,
  A_CHARSET,
  A_IMPORT,
  A_NAMESPACE,
  A_MEDIA,
  A_SUPPORTS,
  A_FONT,
  A_PAGE,
  A_KEYFRAMES
};

static enum at_kind at_kind(const lexer *lx, const token *at) {
  static const struct {
    const char *name;
    enum at_kind kind;
  } known[] = {
      {"charset", A_CHARSET}, {"import", A_IMPORT},       {"namespace", A_NAMESPACE},
      {"media", A_MEDIA},     {"supports", A_SUPPORTS},   {"font-face", A_FONT},
      {"page", A_PAGE},       {"keyframes", A_KEYFRAMES}, {"-webkit-keyframes", A_KEYFRAMES}};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
    if (name_is(lx->s, at->start + 1, at->end, known[i].name)) {
      return known[i].kind;
    }
  }
  return A_UNKNOWN;
}

/* A page-margin box inside @page, e.g. @top-center. */
static int margin_box(const lexer *lx, const token *at) {
  static const char *const boxes[] = {
      "top-left-corner",    "top-left",    "top-center",    "top-right",    "top-right-corner",
      "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
      "left-top",           "left-middle", "left-bottom",   "right-top",    "right-middle",
      "right-bottom"};
  for (size_t i = 0; i < sizeof boxes / sizeof *boxes; i++) {
    if (name_is(lx->s, at->start + 1, at->end, boxes[i])) {
      return 1;
    }
  }
  return 0;
}

/* The parts of an at-rule after its at-keyword. */
typedef struct at_rule {
  token at;
  lexer prelude; /* from just after the at-keyword */
  scan sc;       /* the prelude; sc.stop is ';', '{' or the end */
  lexer body;    /* the block's contents when sc.stop is '{' */
} at_rule;

/* Reads an at-rule's prelude and block; 0 (reported) when its block is not closed. */
static int read_at_rule(cleaner *cl, lexer *lx, const token *at, at_rule *r) {
  r->at = *at;
  r->prelude = *lx;
  scan_values(lx, BIT(T_SEMI) | BIT(T_LBRACE), &r->sc);
  if (r->sc.stop.type == T_LBRACE && !block(lx, &r->body)) {
    note(cl, lx->s, at, r->sc.end, "rule", "it is not closed");
    return 0;
  }
  return 1;
}

static int has_block(const at_rule *r) {
  return r->sc.stop.type == T_LBRACE;
}

static void drop_rule(cleaner *cl, const at_rule *r, const char *why) {
  note(cl, r->prelude.s, &r->at, r->sc.end, "rule", why);
}

static const char *prelude_problem(const scan *sc) {
  if (sc->flags & F_DEEP) {
    return "it is nested too deeply";
  }
  if (sc->flags & F_UNBALANCED) {
    return "its brackets do not balance";
  }
  if (sc->flags & (F_BAD | F_BADSTR | F_BADURL | F_CDX | F_AT | F_SEMI | F_BRACE | F_EXPR)) {
    return "it does not parse";
  }
  return NULL;
}

/* Writes "@name prelude" (the prelude only when it has tokens); 0 when a url() in it was
 * refused (reported). */
static int put_at_head(cleaner *cl, const at_rule *r, unsigned depth, int urls) {
  size_t mark = cl->out->len;
  indent(cl, depth);
  put_text(cl->out, r->prelude.s, &r->at);
  if (r->sc.count) {
    sheaf_buf_putc(cl->out, ' ');
    char why[REASON];
    if (!put_tokens(cl, r->prelude, r->sc.end, urls, why)) {
      sheaf_buf_truncate(cl->out, mark);
      drop_rule(cl, r, why);
      return 0;
    }
  }
  return 1;
}

static void rules(cleaner *cl, lexer *lx, unsigned depth, int keyframes);

/* @media, @supports and @keyframes: a prelude and a block of rules. */
static void grouping_rule(cleaner *cl, at_rule *r, unsigned depth, enum at_kind kind) {
  const char *why = prelude_problem(&r->sc);
  if (!why && r->sc.count == 0 && kind != A_MEDIA) {
    why = "it does not parse";
  } else if (!why && depth + 2 >= MAX_DEPTH) {
    why = "it is nested too deeply"; /* its rules' declarations would be deeper still */
  }
  if (why || !has_block(r)) {
    drop_rule(cl, r, why ? why : "it has no { } block");
    return;
  }
  if (!put_at_head(cl, r, depth, kind == A_SUPPORTS)) {
    return;
  }
  sheaf_buf_puts(cl->out, " {\n");
  rules(cl, &r->body, depth + 1, kind == A_KEYFRAMES);
  indent(cl, depth);
  sheaf_buf_puts(cl->out, "}\n");
  cl->seen_rule = cl->seen_style = 1;
}

/* @font-face and @page: a block of declarations. An empty @font-face is dropped too
 * (EPUBCheck warns about it). */
static void declaration_rule(cleaner *cl, at_rule *r, unsigned depth, enum at_kind kind) {
  const char *why = prelude_problem(&r->sc);
  if (!why && kind == A_FONT && r->sc.count) {
    why = "it does not parse";
  } else if (!why && depth + 1 >= MAX_DEPTH) {
    why = "it is nested too deeply";
  }
  if (why || !has_block(r)) {
    drop_rule(cl, r, why ? why : "it has no { } block");
    return;
  }
  size_t mark = cl->out->len;
  if (!put_at_head(cl, r, depth, 0)) {
    return;
  }
  sheaf_buf_puts(cl->out, " {\n");
  size_t kept = declarations(cl, &r->body, kind == A_FONT ? L_FONT : L_PAGE, depth + 1);
  if (kind == A_FONT && kept == 0) {
    sheaf_buf_truncate(cl->out, mark);
    drop_rule(cl, r, "it has no declarations left");
    return;
  }
  indent(cl, depth);
  sheaf_buf_puts(cl->out, "}\n");
  cl->seen_rule = cl->seen_style = 1;
}

static void import_rule(cleaner *cl, at_rule *r, unsigned depth) {
  if (depth > 0 || cl->seen_rule) {
    drop_rule(cl, r, "@import must come before all other rules");
    return;
  }
  lexer lx = r->prelude;
  token t;
  sheaf_buf url = SHEAF_BUF_INIT;
  const char *why = has_block(r) ? "it does not parse" : prelude_problem(&r->sc);
  if (!why && (!next_solid(&lx, &t) || !read_url(&lx, &t, 1, &url))) {
    why = "it does not parse";
  }
  if (why) {
    drop_rule(cl, r, why);
    sheaf_buf_free(&url);
    return;
  }
  size_t mark = cl->out->len;
  char reason[REASON];
  sheaf_buf_puts(cl->out, "@import ");
  if (!put_url(cl, url.ptr ? url.ptr : "", &t, 1, reason)) {
    sheaf_buf_truncate(cl->out, mark);
    drop_rule(cl, r, reason);
  } else {
    lexer media = lx; /* what follows the URL: media queries */
    token m;
    if (next_solid(&media, &m) && m.start < r->sc.end) {
      sheaf_buf_putc(cl->out, ' ');
      put_tokens(cl, lx, r->sc.end, 0, reason);
    }
    sheaf_buf_puts(cl->out, ";\n");
  }
  sheaf_buf_free(&url);
}

static void namespace_rule(cleaner *cl, at_rule *r, unsigned depth) {
  const char *why = prelude_problem(&r->sc);
  if (depth > 0 || cl->seen_style) {
    why = "@namespace must come before all rules but @import";
  } else if (!why && (has_block(r) || r->sc.count == 0 || r->sc.count > 2)) {
    why = "it does not parse";
  }
  if (why) {
    drop_rule(cl, r, why);
    return;
  }
  put_at_head(cl, r, depth, 0); /* the namespace's URL is a name, not a resource */
  sheaf_buf_puts(cl->out, ";\n");
  cl->seen_rule = 1;
}

static void at_rule_in_rules(cleaner *cl, lexer *lx, const token *at, unsigned depth) {
  at_rule r;
  if (!read_at_rule(cl, lx, at, &r)) {
    return;
  }
  enum at_kind kind = at_kind(lx, at);
  switch (kind) {
  case A_CHARSET:
    drop_rule(cl, &r, "style sheets in the book are UTF-8 without it");
    break;
  case A_IMPORT:
    import_rule(cl, &r, depth);
    break;
  case A_NAMESPACE:
    namespace_rule(cl, &r, depth);
    break;
  case A_MEDIA:
  case A_SUPPORTS:
  case A_KEYFRAMES:
    grouping_rule(cl, &r, depth, kind);
    break;
  case A_FONT:
  case A_PAGE:
    declaration_rule(cl, &r, depth, kind);
    break;
  default:
    drop_rule(cl, &r, "it is not an at-rule sheaf knows");
    break;
  }
}

static void at_in_declarations(cleaner *cl, lexer *lx, const token *at, list_mode mode) {
  at_rule r;
  if (!read_at_rule(cl, lx, at, &r)) {
    return;
  }
  const char *why = mode == L_INLINE ? "a style attribute holds declarations only"
                                     : "it is not allowed inside a rule";
  if (mode == L_PAGE) {
    /* EPUBCheck's CSS parser rejects page-margin boxes such as @top-center */
    why = margin_box(lx, at) ? "EPUB readers do not support page-margin boxes" : why;
  }
  drop_rule(cl, &r, why);
}

/* ---- selectors ----
 * EPUBCheck parses selectors with the grammar of Selectors Level 3 and reports CSS-008 for
 * anything else (:is(a, b), :has(> a), nesting's &), so that grammar is checked here:
 *   list     = complex [ ',' complex ]*
 *   complex  = compound [ combinator compound ]*      combinator: whitespace, > + ~
 *   compound = [ type ] [ #id | .class | [attr] | :pseudo | ::pseudo ]*   (not empty)
 *   :not( one simple selector ), other functions: idents, numbers, strings, + and - */

typedef struct cursor {
  lexer lx;
  size_t end; /* tokens from here on read as the end */
  token t;    /* the current token */
} cursor;

static void cur_next(cursor *c) {
  lx_next(&c->lx, &c->t);
  if (c->t.start >= c->end) {
    c->t.type = T_EOF;
  }
}

static int cur_blank(cursor *c) {
  int any = 0;
  while (c->t.type == T_WS) {
    cur_next(c);
    any = 1;
  }
  return any;
}

static int cur_delim(const cursor *c, char d) {
  return is_delim(&c->lx, &c->t, d);
}

/* Takes the current token when it is an identifier (or '*' when `star`). */
static int cur_name(cursor *c, int star) {
  if (c->t.type == T_IDENT || (star && cur_delim(c, '*'))) {
    cur_next(c);
    return 1;
  }
  return 0;
}

/* A type or universal selector with its namespace prefix: 1 read, 0 none, -1 broken. */
static int sel_type(cursor *c) {
  int name = cur_name(c, 1);
  if (!cur_delim(c, '|')) {
    return name;
  }
  cur_next(c);
  return cur_name(c, 1) ? 1 : -1;
}

static int sel_attrib(cursor *c) {
  cur_next(c);
  cur_blank(c);
  int star = cur_delim(c, '*');
  int name = cur_name(c, 1);
  cursor after = *c;
  cur_next(&after);
  if (cur_delim(c, '|') && !cur_delim(&after, '=')) {
    *c = after; /* a namespace prefix */
    name = cur_name(c, 0);
    star = 0;
  }
  if (!name || star) {
    return 0;
  }
  cur_blank(c);
  if (c->t.type != T_RBRACKET) {
    int op = cur_delim(c, '~') || cur_delim(c, '|') || cur_delim(c, '^') || cur_delim(c, '$') ||
             cur_delim(c, '*');
    if (op) {
      cur_next(c);
    }
    if (!cur_delim(c, '=')) {
      return 0;
    }
    cur_next(c);
    cur_blank(c);
    if (c->t.type == T_STRING) {
      cur_next(c);
    } else if (!cur_name(c, 0)) {
      return 0;
    }
    cur_blank(c);
  }
  if (c->t.type != T_RBRACKET) {
    return 0;
  }
  cur_next(c);
  return 1;
}

/* The arguments of a functional pseudo-class other than :not(), such as 2n+1 or "en". */
static int sel_args(cursor *c) {
  size_t n = 0;
  for (;; cur_next(c)) {
    enum tok t = c->t.type;
    if (t == T_IDENT || t == T_NUMBER || t == T_DIMENSION || t == T_PERCENT || t == T_STRING ||
        cur_delim(c, '+') || cur_delim(c, '-')) {
      n++;
    } else if (t != T_WS) {
      return n > 0;
    }
  }
}

static int sel_simple(cursor *c, unsigned depth);

static int sel_pseudo(cursor *c, unsigned depth) {
  cur_next(c);
  if (c->t.type == T_COLON) {
    cur_next(c);
  }
  if (cur_name(c, 0)) {
    return 1;
  }
  if (c->t.type != T_FUNCTION) {
    return 0;
  }
  int negation = name_is(c->lx.s, c->t.start, c->t.end - 1, "not");
  cur_next(c);
  cur_blank(c);
  if (negation ? depth >= MAX_DEPTH || sel_simple(c, depth + 1) != 1 : !sel_args(c)) {
    return 0;
  }
  cur_blank(c);
  if (c->t.type != T_RPAREN) {
    return 0;
  }
  cur_next(c);
  return 1;
}

/* An id, class, attribute or pseudo selector: 1 read, 0 none, -1 broken. */
static int sel_subclass(cursor *c, unsigned depth) {
  switch (c->t.type) {
  case T_HASH:
    cur_next(c);
    return 1;
  case T_LBRACKET:
    return sel_attrib(c) ? 1 : -1;
  case T_COLON:
    return sel_pseudo(c, depth) ? 1 : -1;
  default:
    break;
  }
  if (!cur_delim(c, '.')) {
    return 0;
  }
  cur_next(c);
  return !c->t.after_comment && cur_name(c, 0) ? 1 : -1;
}

/* One simple selector (the argument of :not()): 1 read, 0 none, -1 broken. */
static int sel_simple(cursor *c, unsigned depth) {
  int r = sel_subclass(c, depth);
  return r ? r : sel_type(c);
}

static int sel_compound(cursor *c) {
  int r = sel_type(c);
  int n = r;
  while (r >= 0) {
    r = sel_subclass(c, 0);
    if (r == 0) {
      return n > 0;
    }
    n++;
  }
  return 0;
}

static int sel_complex(cursor *c) {
  for (;;) {
    if (!sel_compound(c)) {
      return 0;
    }
    int blank = cur_blank(c);
    if (c->t.type == T_EOF || c->t.type == T_COMMA) {
      return 1;
    }
    if (cur_delim(c, '>') || cur_delim(c, '+') || cur_delim(c, '~')) {
      cur_next(c);
      cur_blank(c);
    } else if (!blank) {
      return 0;
    }
  }
}

/* A keyframe selector: from, to or a percentage. */
static int sel_keyframe(cursor *c) {
  int ok = c->t.type == T_PERCENT ||
           (c->t.type == T_IDENT && (name_is(c->lx.s, c->t.start, c->t.end, "from") ||
                                     name_is(c->lx.s, c->t.start, c->t.end, "to")));
  if (ok) {
    cur_next(c);
    cur_blank(c);
  }
  return ok;
}

/* Whether the prelude from lx up to s[end] is a selector list EPUBCheck accepts. */
static int selector_ok(const lexer *lx, size_t end, int keyframes) {
  cursor c;
  c.lx = *lx;
  c.end = end;
  cur_next(&c);
  cur_blank(&c);
  for (;;) {
    if (!(keyframes ? sel_keyframe(&c) : sel_complex(&c))) {
      return 0;
    }
    if (c.t.type == T_EOF) {
      return 1;
    }
    if (c.t.type != T_COMMA) {
      return 0;
    }
    cur_next(&c);
    cur_blank(&c);
  }
}

static const char *selector_problem(const lexer *prelude, const scan *sc, int keyframes) {
  if (sc->flags & F_DEEP) {
    return "it is nested too deeply";
  }
  if (sc->flags & F_UNBALANCED) {
    return "its brackets do not balance";
  }
  if (sc->count == 0) {
    return "it has no selector";
  }
  if (!selector_ok(prelude, sc->end, keyframes)) {
    return keyframes ? "its keyframe selector is not valid"
                     : "its selector is not a CSS 3 selector";
  }
  return NULL;
}

/* A style rule (or a keyframe rule inside @keyframes) starting at lx. */
static void qualified_rule(cleaner *cl, lexer *lx, const token *first, unsigned depth,
                           int keyframes) {
  lexer prelude = *lx;
  scan sc;
  scan_values(lx, BIT(T_LBRACE), &sc);
  lexer body;
  const char *why = NULL;
  if (sc.stop.type != T_LBRACE) {
    why = "it has no { } block";
  } else if (!block(lx, &body)) {
    why = "it is not closed";
  } else if (depth + 1 >= MAX_DEPTH) {
    why = "it is nested too deeply";
  } else {
    why = selector_problem(&prelude, &sc, keyframes);
  }
  if (why) {
    note(cl, lx->s, first, sc.end, "rule", why);
    return;
  }
  char unused[REASON];
  indent(cl, depth);
  put_tokens(cl, prelude, sc.end, 0, unused);
  sheaf_buf_puts(cl->out, " {\n");
  declarations(cl, &body, L_STYLE, depth + 1);
  indent(cl, depth);
  sheaf_buf_puts(cl->out, "}\n");
  cl->seen_rule = cl->seen_style = 1;
}

/* Rules up to the end of lx (a style sheet, or the block of @media and the like). <!-- and
 * --> between rules are skipped, as CSS says. */
static void rules(cleaner *cl, lexer *lx, unsigned depth, int keyframes) {
  for (;;) {
    lexer before = *lx;
    token t;
    lx_next(lx, &t);
    switch (t.type) {
    case T_EOF:
      return;
    case T_WS:
    case T_CDO:
    case T_CDC:
      break;
    case T_AT:
      if (keyframes) {
        at_in_declarations(cl, lx, &t, L_STYLE);
      } else {
        at_rule_in_rules(cl, lx, &t, depth);
      }
      break;
    default:
      *lx = before;
      qualified_rule(cl, lx, &t, depth, keyframes);
      break;
    }
  }
}

/* ---- entry points ---- */

static int start(cleaner *cl, lexer *lx, const sheaf_css_env *env, const char *css, size_t len,
                 unsigned line, unsigned col, sheaf_buf *out) {
  memset(cl, 0, sizeof *cl);
  if (env) {
    cl->ud = env->ud;
    cl->url = env->url;
    cl->warn = env->warn;
  }
  cl->out = out;
  cl->base = out->len;
  lx->s = css;
  lx->len = len;
  lx->pos = lx->at = 0;
  lx->line = line;
  lx->col = col;
  if (len <= SHEAF_CSS_MAX_BYTES) {
    return 1;
  }
  cl->changes++;
  if (cl->warn) {
    char msg[128];
    snprintf(msg, sizeof msg, "CSS of %zu bytes removed: more than %zu MiB", len,
             SHEAF_CSS_MAX_BYTES >> 20);
    cl->warn(cl->ud, line, col, msg);
  }
  return 0;
}

int sheaf_css_keep_fragments(void *ud, const char *url, unsigned line, unsigned col,
                             sheaf_buf *out) {
  (void)ud;
  (void)line;
  (void)col;
  if (url[0] != '#' || !url[1]) {
    return 0;
  }
  sheaf_buf_puts(out, url);
  return 1;
}

size_t sheaf_css_clean_sheet(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out) {
  cleaner cl;
  lexer lx;
  if (start(&cl, &lx, env, css, len, line, col, out)) {
    rules(&cl, &lx, 0, 0);
  }
  return cl.changes;
}

size_t sheaf_css_clean_decls(const sheaf_css_env *env, const char *css, size_t len, unsigned line,
                             unsigned col, sheaf_buf *out) {
  cleaner cl;
  lexer lx;
  if (start(&cl, &lx, env, css, len, line, col, out)) {
    declarations(&cl, &lx, L_INLINE, 0);
  }
  return cl.changes;
}
