/* fuzz_common.h -- what the fuzz targets share: options from the leading byte, and the XHTML
 * content-model rules every rendered chapter must obey
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_FUZZ_COMMON_H
#define SHEAF_FUZZ_COMMON_H

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheaf.h"

/* The leading byte picks the options (as cmark's fuzzer does): smart punctuation, strict, and
 * one of a few languages. */
static inline const char *fuzz_options(const uint8_t **data, size_t *size, sheaf_options *o) {
  static const char *const langs[] = {"en", "it", "fr", "de", "ja", "ar", "zh-Hant", "ru"};
  sheaf_options_init(o);
  if (*size == 0) {
    return "en";
  }
  uint8_t b = **data;
  (*data)++;
  (*size)--;
  if (b & 1) {
    o->flags &= ~SHEAF_OPT_SMART;
  }
  o->split_level = (b >> 1) & 3;
  return langs[(b >> 4) & 7];
}

static inline void fuzz_fail(const char *what, const char *detail) {
  fprintf(stderr, "fuzz: %s\n%s\n", what, detail ? detail : "");
  abort();
}

static int fuzz_is(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int fuzz_block(xmlNodePtr n) {
  static const char *const blocks[] = {
      "div", "p",  "ul", "ol", "dl",      "table", "blockquote", "pre",     "h1", "h2",
      "h3",  "h4", "h5", "h6", "section", "aside", "figure",     "details", "hr", NULL};
  for (size_t i = 0; blocks[i]; i++) {
    if (fuzz_is(n, blocks[i])) {
      return 1;
    }
  }
  return 0;
}

/* The content-model rules EPUBCheck enforces that sheaf promises to keep; aborts on a break. */
static void fuzz_rules(xmlNodePtr n, int in_p, int in_a, const char *xhtml) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (in_p && fuzz_block(n)) {
      fuzz_fail("block element inside a paragraph", xhtml);
    }
    if (in_a && fuzz_is(n, "a")) {
      fuzz_fail("a inside a", xhtml);
    }
    if (fuzz_is(n, "details")) {
      xmlNodePtr first = n->children;
      while (first && first->type != XML_ELEMENT_NODE) {
        first = first->next;
      }
      if (!fuzz_is(first, "summary")) {
        fuzz_fail("details without summary first", xhtml);
      }
    }
    if (fuzz_is(n, "ul") || fuzz_is(n, "ol")) {
      for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !fuzz_is(c, "li")) {
          fuzz_fail("list holding something other than li", xhtml);
        }
      }
    }
    /* an SVG drawing may keep its own <style> (SVG's schema allows it); HTML's may not */
    int html = n->ns && strcmp((const char *)n->ns->href, "http://www.w3.org/1999/xhtml") == 0;
    if ((html && fuzz_is(n, "style")) || fuzz_is(n, "script")) {
      fuzz_fail("style or script in the body", xhtml);
    }
    int p = fuzz_is(n, "p") || fuzz_is(n, "span") || fuzz_is(n, "em") || fuzz_is(n, "strong") ||
            (n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2]);
    fuzz_rules(n->children, in_p || p, in_a || fuzz_is(n, "a"), xhtml);
  }
}

/* Parses the XHTML body strictly (wrapped in a div with the XHTML namespace) and checks it. */
static inline void fuzz_check_xhtml(const char *xhtml, size_t len) {
  size_t n = len + 128;
  char *doc = malloc(n);
  snprintf(doc, n,
           "<div xmlns=\"http://www.w3.org/1999/xhtml\" "
           "xmlns:epub=\"http://www.idpf.org/2007/ops\">%s</div>",
           xhtml);
  xmlDocPtr d =
      xmlReadMemory(doc, (int)strlen(doc), NULL, NULL,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
  if (!d) {
    fuzz_fail("rendered XHTML is not well-formed", doc);
  }
  fuzz_rules(xmlDocGetRootElement(d)->children, 0, 0, doc);
  xmlFreeDoc(d);
  free(doc);
}

#endif
