/* test_css.c -- the CSS cleaner against a table of cases
 * SPDX-License-Identifier: MIT
 *
 * Each row is CSS in (a style sheet, or a style attribute's declarations), the CSS out, the
 * number of changes reported and, when there are any, a piece of the first message with
 * the author's line and column it names. Every output is cleaned again and must come back
 * the same with nothing reported.
 *
 * The url callback keeps "fonts/", "images/" and "styles/" references, writing them as
 * "../fonts/..." (as a sheet one folder down would), keeps those it wrote, and refuses
 * everything else.
 *
 * `test_css --dump DIR` writes every output to DIR (sheet-NNN.css, decls-NNN.txt) for a
 * script that puts them into an EPUB and runs EPUBCheck over them. */
#include <stdlib.h>
#include <string.h>

#include "css.h"
#include "harness.h"

enum mode { SHEET, DECLS };

typedef struct row {
  enum mode mode;
  const char *in;
  const char *out;
  size_t changes;
  const char *warning; /* a piece of the first message; NULL when changes is 0 */
  unsigned line;       /* where the first message points */
  unsigned col;
} row;

#define KEEP(mode, in, out)                                                                        \
  { mode, in, out, 0, NULL, 0, 0 }
#define FIX(mode, in, out, changes, warning, line, col)                                            \
  { mode, in, out, changes, warning, line, col }

#define P_RED "p {\n  color: red;\n}\n"

static const row rows[] = {
    /* valid CSS is kept, re-serialised */
    KEEP(SHEET, "", ""),
    KEEP(SHEET, " \n\t ", ""),
    KEEP(SHEET, "p { color: red }", P_RED),
    KEEP(SHEET, "p{color:red;margin:0}", "p {\n  color: red;\n  margin: 0;\n}\n"),
    KEEP(SHEET, "p{}", "p {\n}\n"),
    KEEP(SHEET, "h1,h2 , h3>em{color:red}", "h1,h2 , h3>em {\n  color: red;\n}\n"),
    KEEP(
        SHEET, "a[href^=\"http\"]:not(.x) > b ~ c + d::after { content: \" (\" attr(href) \")\" }",
        "a[href^=\"http\"]:not(.x) > b ~ c + d::after {\n  content: \" (\" attr(href) \")\";\n}\n"),
    KEEP(SHEET, "li:nth-child( 2n + 1 ):lang(en) { color: red }",
         "li:nth-child( 2n + 1 ):lang(en) {\n  color: red;\n}\n"),
    KEEP(SHEET, "svg|a, *|b, [xml|lang|=en], #\\31 23 { color: red }",
         "svg|a, *|b, [xml|lang|=en], #\\31 23 {\n  color: red;\n}\n"),
    KEEP(SHEET, "p::before { content: 'it\\'s \"q\"' }",
         "p::before {\n  content: 'it\\'s \"q\"';\n}\n"),
    KEEP(SHEET, "p { color: red !important; margin: .5em 1e3px -1E-2em +.5% }",
         "p {\n  color: red !important;\n  margin: .5em 1e3px -1E-2em +.5%;\n}\n"),
    KEEP(SHEET, "p { color: red!important; font: 12px/1.5 \"a b\", serif }",
         "p {\n  color: red!important;\n  font: 12px/1.5 \"a b\", serif;\n}\n"),
    KEEP(SHEET, "p /* c */ { /* c */ color: /* c */ red /* c */ ; border: 1px/**/solid }",
         "p {\n  color: red;\n  border: 1px/**/solid;\n}\n"),
    KEEP(SHEET, "p { color: red } /* never closed", P_RED),
    KEEP(SHEET, "p { --x: 1px; width: calc(var(--x) * 2) }",
         "p {\n  --x: 1px;\n  width: calc(var(--x) * 2);\n}\n"),
    KEEP(SHEET, "p { _height: 1px; color: red\\9 }",
         "p {\n  _height: 1px;\n  color: red\\9 ;\n}\n"),
    KEEP(SHEET, "@media print { p { color: red } }",
         "@media print {\n  p {\n    color: red;\n  }\n}\n"),
    KEEP(SHEET, "@media screen and (min-width: 30em) { @media print { .a:hover { x: y } } }",
         "@media screen and (min-width: 30em) {\n  @media print {\n    .a:hover {\n      x: y;\n"
         "    }\n  }\n}\n"),
    KEEP(SHEET, "@supports (display: grid) { p { display: grid } }",
         "@supports (display: grid) {\n  p {\n    display: grid;\n  }\n}\n"),
    KEEP(SHEET,
         "@font-face { font-family: \"X\"; src: url(fonts/x.woff) format(\"woff\"), "
         "url('fonts/x.ttf'); unicode-range: U+0000-00FF, U+0131; }",
         "@font-face {\n  font-family: \"X\";\n  src: url(\"../fonts/x.woff\") format(\"woff\"), "
         "url(\"../fonts/x.ttf\");\n  unicode-range: U+0000-00FF, U+0131;\n}\n"),
    KEEP(SHEET, "p { background: URL( images/a\\41 b.png ) no-repeat }",
         "p {\n  background: url(\"../images/aAb.png\") no-repeat;\n}\n"),
    KEEP(SHEET, "p { background: url(\"images/a\\\"b\\\\c.png\") }",
         "p {\n  background: url(\"../images/a%22b%5Cc.png\");\n}\n"),
    KEEP(SHEET, "@page :first { margin: 1in }", "@page :first {\n  margin: 1in;\n}\n"),
    KEEP(SHEET, "@namespace svg url(http://www.w3.org/2000/svg);\nsvg|a { color: red }",
         "@namespace svg url(http://www.w3.org/2000/svg);\nsvg|a {\n  color: red;\n}\n"),
    KEEP(SHEET, "@import \"styles/a.css\" screen;\n@import url(styles/b.css);\np { color: red }",
         "@import url(\"../styles/a.css\") screen;\n@import url(\"../styles/b.css\");\n" P_RED),
    KEEP(SHEET, "@keyframes spin { from { opacity: 0 } 50% { opacity: .5 } to { opacity: 1 } }",
         "@keyframes spin {\n  from {\n    opacity: 0;\n  }\n  50% {\n    opacity: .5;\n  }\n"
         "  to {\n    opacity: 1;\n  }\n}\n"),
    KEEP(SHEET, "<!-- p { color: red } -->", P_RED),
    KEEP(SHEET, "@media print { <!-- p { color: red } --> }",
         "@media print {\n  p {\n    color: red;\n  }\n}\n"),
    KEEP(SHEET, "<!--sheaf-pos 5 27-->p { color: red }<!--sheaf-pos 9 1-->", P_RED),

    /* declarations that do not parse or carry scripts */
    FIX(SHEET, "p { color: }", "p {\n}\n", 1, "CSS declaration 'color:' removed: it has no value",
        1, 5),
    FIX(SHEET, "p { color: !important; margin: 0 }", "p {\n  margin: 0;\n}\n", 1,
        "'color: !important' removed: it has no value", 1, 5),
    FIX(SHEET, "p { color: red; expression(alert(1)) }", P_RED, 1,
        "CSS declaration 'expression(alert(1))' removed: it does not parse", 1, 17),
    FIX(SHEET, "p { width: EXPRESSION(alert(1)); color: red }", P_RED, 1,
        "'width: EXPRESSION(alert(1))' removed: it can run scripts", 1, 5),
    FIX(SHEET, "p { behavior: url(x.htc); color: red }", P_RED, 1,
        "'behavior: url(x.htc)' removed: it can run scripts", 1, 5),
    FIX(SHEET, "p { -MOZ-binding: url(x.xml#b); \\62 ehavior: url(y); color: red }", P_RED, 2,
        "it can run scripts", 1, 5),
    FIX(SHEET, "p { color red; margin: 0 }", "p {\n  margin: 0;\n}\n", 1,
        "CSS declaration 'color red' removed: it does not parse", 1, 5),
    FIX(SHEET, "p { *zoom: 1; color: red }", P_RED, 1, "'*zoom: 1' removed: it does not parse", 1,
        5),
    FIX(SHEET, "p { content: \"abc\n; color: red }", P_RED, 1,
        "removed: it holds an unclosed string", 1, 5),
    FIX(SHEET, "p { background: url(a b) ; color: red }", P_RED, 1,
        "'background: url(a b)' removed: its url() does not parse", 1, 5),
    FIX(SHEET, "p { x: a(;) ; color: red }", P_RED, 1, "'x: a(;)' removed: it does not parse", 1,
        5),
    FIX(SHEET, "p { x: a] ; color: red }", P_RED, 1, "'x: a]' removed: its brackets do not balance",
        1, 5),
    FIX(SHEET,
        "p { color: red<!-- ; x: a@b; y: (((((((((((((((((((((((((((((((((a))))))))))))))"
        "))))))))))))))))))) }",
        "p {\n}\n", 3, "'color: red<!--' removed: it does not parse", 1, 5),
    FIX(SHEET, "p { --x: { a }; --y: 1 }", "p {\n  --y: 1;\n}\n", 1,
        "'--x: { a }' removed: a { } block is not a value", 1, 5),
    FIX(SHEET, "p { direction: rtl; unicode-bidi: embed; color: red }", P_RED, 2,
        "'direction: rtl' removed: EPUB style sheets may not set it", 1, 5),
    FIX(SHEET, "p { color: red; a { color: blue } b:hover { c: d } }", P_RED, 2,
        "CSS rule 'a' removed: nested rules are not allowed", 1, 17),
    FIX(SHEET, "p { @media print { color: blue } color: red }", P_RED, 1,
        "CSS rule '@media print' removed: it is not allowed inside a rule", 1, 5),

    /* url() references */
    FIX(SHEET, "p { background: url(x.htc) }", "p {\n}\n", 1,
        "'background: url(x.htc)' removed: 'x.htc' is not in the book", 1, 5),
    FIX(SHEET, "p { background: url('javascript:alert(1)') }", "p {\n}\n", 1,
        "removed: javascript: URLs are not allowed", 1, 5),
    FIX(SHEET, "p { background: url(javascript:alert(1)) }", "p {\n}\n", 1,
        "'background: url(javascript:alert(1))' removed: its url() does not parse", 1, 5),
    FIX(SHEET, "p { background: url(//example.com/a.png) }", "p {\n}\n", 1,
        "removed: remote resources are not allowed", 1, 5),
    FIX(SHEET, "p { x: url(); y: url(\"\"); z: url(images/a.png) }",
        "p {\n  z: url(\"../images/a.png\");\n}\n", 2, "'x: url()' removed: its url() is empty", 1,
        5),
    FIX(SHEET, "p { src: url(images/a.png), url(b.png) }", "p {\n}\n", 1,
        "'b.png' is not in the book", 1, 5),
    FIX(SHEET, "@font-face { font-family: x; src: url(http://x/y.woff) }",
        "@font-face {\n  font-family: x;\n}\n", 1, "removed: remote resources are not allowed", 1,
        30),
    FIX(SHEET, "@font-face { }", "", 1,
        "CSS rule '@font-face' removed: it has no declarations left", 1, 1),

    /* at-rules */
    FIX(SHEET, "@import url(\"http://example.com/r.css\");\np { color: red }", P_RED, 1,
        "CSS rule '@import url(\"http://example.com/r.css\")' removed: remote style sheets are "
        "not allowed",
        1, 1),
    FIX(SHEET, "@import 'x.css';", "", 1, "CSS rule '@import 'x.css'' removed: 'x.css' is not in",
        1, 1),
    FIX(SHEET, "p { color: red }\n@import \"styles/a.css\";", P_RED, 1,
        "'@import \"styles/a.css\"' removed: @import must come before all other rules", 2, 1),
    FIX(SHEET, "@media print { @import \"styles/a.css\"; }", "@media print {\n}\n", 1,
        "@import must come before all other rules", 1, 16),
    FIX(SHEET, "@import 12px;", "", 1, "'@import 12px' removed: it does not parse", 1, 1),
    FIX(SHEET, "@charset \"utf-8\";\np { color: red }", P_RED, 1,
        "CSS rule '@charset \"utf-8\"' removed: style sheets in the book are UTF-8 without it", 1,
        1),
    FIX(SHEET, "p { color: red }\n@namespace x \"y\";", P_RED, 1,
        "@namespace must come before all rules but @import", 2, 1),
    FIX(SHEET, "@foo bar { p { color: red } }\n@-ms-viewport { width: device-width }", "", 2,
        "CSS rule '@foo bar' removed: it is not an at-rule sheaf knows", 1, 1),
    FIX(SHEET, "@page { margin: 1in; @top-center { content: \"x\" } }",
        "@page {\n  margin: 1in;\n}\n", 1,
        "'@top-center' removed: EPUB readers do not support page-margin boxes", 1, 22),
    FIX(SHEET, "@media print { p { color: red }", "", 1,
        "CSS rule '@media print' removed: it is not closed", 1, 1),
    FIX(SHEET, "@media print;", "", 1, "'@media print' removed: it has no { } block", 1, 1),
    FIX(SHEET, "@supports { p { color: red } }", "", 1, "'@supports' removed: it does not parse", 1,
        1),
    FIX(SHEET, "@font-face x { font-family: x }", "", 1,
        "'@font-face x' removed: it does not parse", 1, 1),
    FIX(SHEET, "@keyframes k { 1px { opacity: 0 } }", "@keyframes k {\n}\n", 1,
        "'1px' removed: its keyframe selector is not valid", 1, 16),

    /* rules */
    FIX(SHEET, "p { color: red", "", 1, "CSS rule 'p' removed: it is not closed", 1, 1),
    FIX(SHEET, "p { color: red }\n</div>", P_RED, 1,
        "CSS rule '</div>' removed: it has no { } block", 2, 1),
    FIX(SHEET, "p { color: red } }", P_RED, 1, "CSS rule '}' removed: it has no { } block", 1, 18),
    FIX(SHEET, "{ color: red }", "", 1, "removed: it has no selector", 1, 1),
    FIX(SHEET, "p) { color: red }", "", 1, "CSS rule 'p)' removed: its brackets do not balance", 1,
        1),
    FIX(SHEET, "p:is(a, b) { color: red } q { color: red }", "q {\n  color: red;\n}\n", 1,
        "CSS rule 'p:is(a, b)' removed: its selector is not a CSS 3 selector", 1, 1),
    FIX(SHEET, "p:has(> a), & a, a >> b, a || b, a, , p:not(a b), p:not(.x.y) { x: y }", "", 1,
        "its selector is not a CSS 3 selector", 1, 1),
    FIX(SHEET, "a[href$=\".pdf\" i] { x: y } p! { x: y } 1px { x: y } p;q { x: y }", "", 4,
        "its selector is not a CSS 3 selector", 1, 1),
    FIX(SHEET, "p { color: red } q\\", P_RED, 1, "CSS rule 'q\\' removed: it has no { } block", 1,
        18),

    /* positions: lines, CR LF, markers */
    FIX(SHEET, "p {\n  color: red;\n  margin: ;\n}\nq { x: url(x.png) }",
        "p {\n  color: red;\n}\nq {\n}\n", 2, "'margin:' removed: it has no value", 3, 3),
    FIX(SHEET, "p {\r\n  color: ;\r\n}", "p {\n}\n", 1, "'color:' removed", 2, 3),
    FIX(SHEET, "p {\r  color: ;\f}", "p {\n}\n", 1, "'color:' removed", 2, 3),
    FIX(SHEET, "<!--sheaf-pos 5 27-->p { color: }", "p {\n}\n", 1, "'color:' removed", 5, 31),
    FIX(SHEET, "p { color: red }\n<!--sheaf-pos 12 3-->\n\nq { x: }", P_RED "q {\n}\n", 1,
        "'x:' removed", 14, 5),
    FIX(SHEET, "p { x: \"a\\\nb\"; y: }", "p {\n  x: \"a\\\nb\";\n}\n", 1, "'y:' removed", 2, 5),

    /* a style attribute's declarations */
    KEEP(DECLS, "color: red", "color: red"),
    KEEP(DECLS, "  ", ""),
    KEEP(DECLS, "color: red; margin: 0;", "color: red; margin: 0"),
    KEEP(DECLS, "color:red;;margin:0", "color: red; margin: 0"),
    KEEP(DECLS, "color: red !important; width: 1px /* c */", "color: red !important; width: 1px"),
    KEEP(DECLS, "font-family: \"a\\\"b\", serif", "font-family: \"a\\\"b\", serif"),
    KEEP(DECLS, "background: url(images/a.png) no-repeat",
         "background: url(\"../images/a.png\") no-repeat"),
    FIX(DECLS, "color:", "", 1, "CSS declaration 'color:' removed: it has no value", 1, 1),
    FIX(DECLS, "color: red; expression(alert(1))", "color: red", 1,
        "CSS declaration 'expression(alert(1))' removed: it does not parse", 1, 13),
    FIX(DECLS, "{color: red}", "", 1, "'{color: red}' removed: a style attribute cannot hold { }",
        1, 1),
    FIX(DECLS, "p { color: red }; margin: 0", "margin: 0", 1,
        "'p { color: red }' removed: a style attribute cannot hold { } blocks", 1, 1),
    FIX(DECLS, "color: red }", "", 1, "'color: red }' removed: its brackets do not balance", 1, 1),
    FIX(DECLS, "color: rgb(1, 2", "", 1, "its brackets do not balance", 1, 1),
    FIX(DECLS, "content: \"abc", "", 1, "it holds an unclosed string", 1, 1),
    FIX(DECLS, "background: url('javascript:alert(1)'); color: red", "color: red", 1,
        "javascript: URLs are not allowed", 1, 1),
    FIX(DECLS, "@import 'x.css'; color: red", "color: red", 1,
        "CSS rule '@import 'x.css'' removed: a style attribute holds declarations only", 1, 1),
    FIX(DECLS, "direction: rtl; color: red", "color: red", 1, "EPUB style sheets may not set it", 1,
        1),
    FIX(DECLS, "color: red;\n  margin:", "color: red", 1, "'margin:' removed", 2, 3),
    /* font sizes as EPUBCheck reads them (CSS-020) */
    KEEP(DECLS, "font-size: 1.2em; font-size: -1REM; font-size: 120%; font-size: 0",
         "font-size: 1.2em; font-size: -1REM; font-size: 120%; font-size: 0"),
    KEEP(DECLS, "font-size: x-Large !important; font-size: calc(1em + 2px)",
         "font-size: x-Large !important; font-size: calc(1em + 2px)"),
    KEEP(DECLS, "font: italic small-caps bold 1em/1.2 a, serif; font: normal normal 400 12pt a",
         "font: italic small-caps bold 1em/1.2 a, serif; font: normal normal 400 12pt a"),
    KEEP(DECLS, "font: caption; font: Georgia; font: inherit 12px a",
         "font: caption; font: Georgia; font: inherit 12px a"),
    FIX(DECLS, "color: red; font-size: initial", "color: red", 1,
        "CSS declaration 'font-size: initial' removed: EPUBCheck accepts only a length", 1, 13),
    FIX(DECLS, "font-size: 1.5; font-size: 1vmax; font-size: 1e2px; font-size: 00", "", 4,
        "'font-size: 1.5' removed", 1, 1),
    FIX(DECLS, "font-size: 12px/2", "", 1, "'font-size: 12px/2' removed", 1, 1),
    FIX(DECLS, "font: bold 400 12px a; font: 12px serif", "font: 12px serif", 1,
        "'font: bold 400 12px a' removed", 1, 1),
    FIX(DECLS, "font: bold clamp(1em, 2vw, 3em) serif", "", 1, "as a font size", 1, 1),
    FIX(SHEET, "p { font: a b }", "p {\n}\n", 1, "'font: a b' removed", 1, 5),
    FIX(DECLS, "color: red; background: url(images/a.png) url(x.png); margin: 0",
        "color: red; margin: 0", 1, "'x.png' is not in the book", 1, 13),
};

/* ---- callbacks ---- */

typedef struct seen {
  size_t warnings;
  char first[512];
  unsigned line;
  unsigned col;
  char url[256]; /* the last URL the callback was given */
  unsigned url_line;
  unsigned url_col;
} seen;

static int starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int test_url(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *out) {
  seen *s = ud;
  snprintf(s->url, sizeof s->url, "%s", url);
  s->url_line = line;
  s->url_col = col;
  if (starts(url, "fonts/") || starts(url, "images/") || starts(url, "styles/")) {
    sheaf_buf_puts(out, "../");
    sheaf_buf_puts(out, url);
    return 1;
  }
  if (starts(url, "../fonts/") || starts(url, "../images/") || starts(url, "../styles/")) {
    sheaf_buf_puts(out, url);
    return 1;
  }
  return 0;
}

static void test_warn(void *ud, unsigned line, unsigned col, const char *message) {
  seen *s = ud;
  if (s->warnings++ == 0) {
    snprintf(s->first, sizeof s->first, "%s", message);
    s->line = line;
    s->col = col;
  }
}

static size_t clean(enum mode mode, const sheaf_css_env *env, const char *css, size_t len,
                    unsigned line, unsigned col, sheaf_buf *out) {
  return mode == SHEET ? sheaf_css_clean_sheet(env, css, len, line, col, out)
                       : sheaf_css_clean_decls(env, css, len, line, col, out);
}

/* Cleans s (from 1:1) into a new string; *changes and *seen_out say what was reported. */
static char *run(enum mode mode, const char *css, size_t len, size_t *changes, seen *s) {
  memset(s, 0, sizeof *s);
  sheaf_css_env env = {s, test_url, test_warn};
  sheaf_buf out = SHEAF_BUF_INIT;
  *changes = clean(mode, &env, css, len, 1, 1, &out);
  return sheaf_buf_detach(&out, NULL);
}

static void check_row(test_ctx *t, size_t i, const row *r) {
  char what[64];
  snprintf(what, sizeof what, "row %zu", i);
  seen s;
  size_t changes;
  char *got = run(r->mode, r->in, strlen(r->in), &changes, &s);
  STR_EQ(t, got, r->out, what);
  INT_EQ(t, changes, r->changes, what);
  INT_EQ(t, s.warnings, r->changes, what);
  if (r->warning) {
    OK(t, strstr(s.first, r->warning) != NULL, "%s: first warning [%s] lacks [%s]", what, s.first,
       r->warning);
    OK(t, s.line == r->line && s.col == r->col, "%s: warning at %u:%u, want %u:%u", what, s.line,
       s.col, r->line, r->col);
  }
  char *again = run(r->mode, got, strlen(got), &changes, &s);
  snprintf(what, sizeof what, "row %zu cleaned twice", i);
  STR_EQ(t, again, got, what);
  INT_EQ(t, changes, 0, what);
  free(again);
  free(got);
}

/* ---- cases beyond the table ---- */

static void check_start_position(test_ctx *t) {
  seen s;
  memset(&s, 0, sizeof s);
  sheaf_css_env env = {&s, test_url, test_warn};
  sheaf_buf out = SHEAF_BUF_INIT;
  const char *css = "p { color: }";
  INT_EQ(t, sheaf_css_clean_sheet(&env, css, strlen(css), 10, 8, &out), 1, "start position");
  OK(t, s.line == 10 && s.col == 12, "starts at 10:8: warning at %u:%u", s.line, s.col);
  sheaf_buf_free(&out);

  memset(&s, 0, sizeof s);
  css = "color: red;\n background: url(images/\\61 .png)";
  sheaf_css_clean_decls(&env, css, strlen(css), 3, 20, &out);
  STR_EQ(t, s.url, "images/a.png", "the callback gets the URL decoded");
  OK(t, s.url_line == 4 && s.url_col == 14, "url at %u:%u, want 4:14", s.url_line, s.url_col);
  sheaf_buf_free(&out);
}

static void check_append(test_ctx *t) {
  sheaf_buf out = SHEAF_BUF_INIT;
  sheaf_buf_puts(&out, "x");
  const char *css = "color: red; margin: 0";
  sheaf_css_clean_decls(NULL, css, strlen(css), 1, 1, &out);
  STR_EQ(t, out.ptr, "xcolor: red; margin: 0", "output is appended");
  sheaf_buf_free(&out);
}

static void check_no_callbacks(test_ctx *t) {
  sheaf_buf out = SHEAF_BUF_INIT;
  const char *css = "@import 'a.css'; p { color: red; background: url(images/a.png) }";
  INT_EQ(t, sheaf_css_clean_sheet(NULL, css, strlen(css), 1, 1, &out), 2, "NULL env");
  STR_EQ(t, out.ptr, P_RED, "no url callback drops every url()");
  sheaf_buf_free(&out);
}

static void check_nul(test_ctx *t) {
  static const char css[] = "p { x: a\0b }";
  seen s;
  size_t changes;
  char *got = run(SHEET, css, sizeof css - 1, &changes, &s);
  STR_EQ(t, got,
         "p {\n  x: a\xEF\xBF\xBD"
         "b;\n}\n",
         "NUL becomes U+FFFD");
  free(got);
}

static void check_depth(test_ctx *t) {
  sheaf_buf css = SHEAF_BUF_INIT;
  for (int i = 0; i < 40; i++) {
    sheaf_buf_puts(&css, "@media print { ");
  }
  sheaf_buf_puts(&css, "p { color: red }");
  for (int i = 0; i < 40; i++) {
    sheaf_buf_puts(&css, " }");
  }
  seen s;
  size_t changes;
  char *got = run(SHEET, css.ptr, css.len, &changes, &s);
  INT_EQ(t, changes, 1, "deep blocks: one removal");
  OK(t, strstr(s.first, "it is nested too deeply") != NULL, "deep blocks: [%s]", s.first);
  OK(t, strncmp(got, "@media print {\n  @media print {\n", 32) == 0, "outer blocks kept");
  char *again = run(SHEET, got, strlen(got), &changes, &s);
  STR_EQ(t, again, got, "deep blocks cleaned twice");
  free(again);
  free(got);
  sheaf_buf_free(&css);
}

static void check_size_cap(test_ctx *t) {
  size_t len = ((size_t)4 << 20) + 1;
  char *css = malloc(len);
  memset(css, ' ', len);
  seen s;
  size_t changes;
  char *got = run(SHEET, css, len, &changes, &s);
  INT_EQ(t, changes, 1, "over 4 MiB: refused");
  STR_EQ(t, got, "", "over 4 MiB: nothing kept");
  OK(t, strstr(s.first, "more than 4 MiB") != NULL, "over 4 MiB: [%s]", s.first);
  free(got);
  free(css);
}

/* Garbage of every kind must come out clean and stay that way. */
static void check_garbage(test_ctx *t) {
  static const char alphabet[] = "{}()[];:,@#.!<>-+*/\\\"' \nauXrl0159%";
  unsigned state = 12345;
  char css[96];
  int stable = 1;
  for (int n = 0; n < 20000 && stable; n++) {
    for (size_t i = 0; i < sizeof css; i++) {
      state = state * 1103515245u + 12345u;
      css[i] = alphabet[(state >> 16) % (sizeof alphabet - 1)];
    }
    for (int mode = SHEET; mode <= DECLS && stable; mode++) {
      seen s;
      size_t changes;
      char *got = run((enum mode)mode, css, sizeof css, &changes, &s);
      char *again = run((enum mode)mode, got, strlen(got), &changes, &s);
      stable = strcmp(got, again) == 0 && changes == 0;
      OK(t, stable, "garbage %d (%s) not stable:\n%.*s\n->\n%s\n->\n%s", n,
         mode == SHEET ? "sheet" : "decls", (int)sizeof css, css, got, again);
      free(again);
      free(got);
    }
  }
}

static int dump(const char *dir) {
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s-%03zu.%s", dir, rows[i].mode == SHEET ? "sheet" : "decls", i,
             rows[i].mode == SHEET ? "css" : "txt");
    FILE *f = fopen(path, "w");
    if (!f) {
      perror(path);
      return 1;
    }
    fputs(rows[i].out, f);
    fclose(f);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
    return dump(argv[2]);
  }
  test_ctx t = {0, 0};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    check_row(&t, i, &rows[i]);
  }
  check_start_position(&t);
  check_append(&t);
  check_no_callbacks(&t);
  check_nul(&t);
  check_depth(&t);
  check_size_cap(&t);
  check_garbage(&t);
  return test_report(&t, "unit_css");
}
