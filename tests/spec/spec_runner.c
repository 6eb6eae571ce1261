/* spec_runner.c -- runs spec-style examples (Markdown in, XHTML out) against the library
 * SPDX-License-Identifier: MIT
 *
 * Files use cmark's test/spec.txt format: a fence of 32 backticks followed by "example",
 * the Markdown, a line holding ".", the expected XHTML, and a closing fence. Words after
 * "example" set options: lang=TAG, no-smart, strict, warn=N (the number of warnings expected).
 * Every output must also be well-formed XML (checked with libxml2). Arrows (→) stand for tabs,
 * as in the CommonMark specification. */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheaf.h"

#define FENCE "````````````````````````````````"

typedef struct example {
  const char *file;
  int line;
  char *options;
  char *markdown;
  char *expected;
} example;

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  *len = fread(s, 1, (size_t)n, f);
  s[*len] = '\0';
  fclose(f);
  return s;
}

/* Replaces each → (U+2192) with a tab, in place. */
static void arrows_to_tabs(char *s) {
  char *w = s;
  for (char *r = s; *r;) {
    if (strncmp(r, "\xE2\x86\x92", 3) == 0) {
      *w++ = '\t';
      r += 3;
    } else {
      *w++ = *r++;
    }
  }
  *w = '\0';
}

static int count_warnings;

static void on_diag(void *ud, const sheaf_diag *d) {
  (void)ud;
  (void)d;
  count_warnings++;
}

static int well_formed(const char *xhtml) {
  size_t n = strlen(xhtml);
  char *doc = malloc(n + 64);
  snprintf(doc, n + 64, "<div xmlns=\"http://www.w3.org/1999/xhtml\">%s</div>", xhtml);
  xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), NULL, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  free(doc);
  int ok = d != NULL;
  xmlFreeDoc(d);
  return ok;
}

static const char *opt_value(const char *options, const char *key) {
  const char *p = options ? strstr(options, key) : NULL;
  return p ? p + strlen(key) : NULL;
}

static int run(const example *ex) {
  sheaf_options o;
  sheaf_options_init(&o);
  if (strstr(ex->options, "no-smart")) {
    o.flags &= ~SHEAF_OPT_SMART;
  }
  if (strstr(ex->options, "strict")) {
    o.flags |= SHEAF_OPT_STRICT;
  }
  o.diag = on_diag;
  char lang[32] = "en";
  const char *l = opt_value(ex->options, "lang=");
  if (l) {
    sscanf(l, "%31s", lang);
  }
  count_warnings = 0;
  sheaf_error err;
  size_t n = 0;
  char *out =
      sheaf_markdown_to_xhtml(ex->markdown, strlen(ex->markdown), "example.md", lang, &o, &n, &err);
  int ok = 1;
  if (!out) {
    char msg[2048];
    sheaf_error_format(&err, msg, sizeof msg);
    ok = strcmp(ex->expected, msg) == 0 ||
         (strncmp(ex->expected, "error:", 6) == 0 && strstr(msg, ex->expected + 7));
    if (!ok) {
      fprintf(stderr, "%s:%d: failed to render: %s\n", ex->file, ex->line, msg);
    }
    return ok;
  }
  if (strcmp(out, ex->expected) != 0) {
    fprintf(stderr, "%s:%d: output differs\n--- markdown\n%s--- expected\n%s--- got\n%s\n",
            ex->file, ex->line, ex->markdown, ex->expected, out);
    ok = 0;
  } else if (!well_formed(out)) {
    fprintf(stderr, "%s:%d: output is not well-formed XML\n%s\n", ex->file, ex->line, out);
    ok = 0;
  }
  const char *w = opt_value(ex->options, "warn=");
  int want = w ? atoi(w) : 0;
  if (ok && count_warnings != want) {
    fprintf(stderr, "%s:%d: %d warnings, expected %d\n", ex->file, ex->line, count_warnings, want);
    ok = 0;
  }
  sheaf_free(out);
  return ok;
}

/* Returns the next line of *p (NUL-terminated in place, without its newline), or NULL. */
static char *next_line(char **p, int *line) {
  if (!**p) {
    return NULL;
  }
  char *s = *p;
  char *nl = strchr(s, '\n');
  if (nl) {
    *nl = '\0';
    *p = nl + 1;
  } else {
    *p = s + strlen(s);
  }
  (*line)++;
  return s;
}

/* Appends line and a newline to the buffer at *dst (whose room was sized by the caller). */
static void put_line(char **dst, const char *line) {
  size_t n = strlen(line);
  memmove(*dst, line, n);
  (*dst)[n] = '\n';
  *dst += n + 1;
}

/* Cuts the next example out of *p (rewriting the file text in place); 0 at the end. */
static int next_example(char **p, int *line, example *ex) {
  char *l;
  while ((l = next_line(p, line)) && strncmp(l, FENCE " example", strlen(FENCE) + 8) != 0) {
  }
  if (!l) {
    return 0;
  }
  ex->options = l + strlen(FENCE) + 8;
  ex->line = *line;
  char *w = *p; /* lines are moved down over their own newlines: always room */
  ex->markdown = w;
  while ((l = next_line(p, line)) && strcmp(l, ".") != 0) {
    put_line(&w, l);
  }
  *w++ = '\0';
  ex->expected = w;
  while ((l = next_line(p, line)) && strcmp(l, FENCE) != 0) {
    put_line(&w, l);
  }
  *w = '\0';
  if (!l) {
    return 0;
  }
  arrows_to_tabs(ex->markdown);
  arrows_to_tabs(ex->expected);
  return 1;
}

int main(int argc, char **argv) {
  int passed = 0;
  int failed = 0;
  xmlInitParser();
  for (int i = 1; i < argc; i++) {
    size_t len;
    char *text = slurp(argv[i], &len);
    if (!text) {
      return 2;
    }
    char *p = text;
    int line = 0;
    example ex = {argv[i], 0, NULL, NULL, NULL};
    while (next_example(&p, &line, &ex)) {
      if (run(&ex)) {
        passed++;
      } else {
        failed++;
      }
    }
    free(text);
  }
  xmlCleanupParser();
  printf("spec: %d passed, %d failed\n", passed, failed);
  return failed || passed == 0 ? 1 : 0;
}
