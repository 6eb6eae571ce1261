/* html_tables.c -- what HTML5 (as EPUB's XHTML content documents use it) allows
 * SPDX-License-Identifier: MIT */
#include "html_tables.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define F EL_FLOW
#define P EL_PHRASING

/* Sorted by name for bsearch. Attributes are each element's own; global ones are below. */
static const html_element elements[] = {
    {"a", EL_TRANSPARENT, "href hreflang rel target type download "},
    {"abbr", P, ""},
    {"acronym", EL_OBSOLETE, ""},
    {"address", F, ""},
    {"applet", EL_EMBED, ""},
    {"area", EL_VOID, "alt coords shape href hreflang rel target type download "},
    {"article", F, ""},
    {"aside", F, ""},
    {"audio", EL_MEDIA | EL_TRANSPARENT, "src controls autoplay loop muted preload crossorigin "},
    {"b", P, ""},
    {"base", EL_DROP | EL_VOID, ""},
    {"basefont", EL_DROP | EL_VOID, ""},
    {"bdi", P, ""},
    {"bdo", P, ""},
    {"big", EL_OBSOLETE, ""},
    {"blink", EL_OBSOLETE, ""},
    {"blockquote", F, "cite "},
    {"body", EL_UNWRAP, ""},
    {"br", EL_VOID, ""},
    {"button", EL_UNSAFE, ""},
    {"canvas", EL_TRANSPARENT, "width height "},
    {"caption", F, ""},
    {"center", EL_OBSOLETE, ""},
    {"cite", P, ""},
    {"code", P, ""},
    {"col", EL_VOID, "span "},
    {"colgroup", F, "span "},
    {"data", P, "value "},
    {"datalist", EL_UNSAFE, ""},
    {"dd", F, ""},
    {"del", EL_TRANSPARENT, "cite datetime "},
    {"details", F, "open "},
    {"dfn", P, ""},
    {"dialog", F, "open "},
    {"dir", EL_OBSOLETE, ""},
    {"div", F, ""},
    {"dl", F, ""},
    {"dt", F, ""},
    {"em", P, ""},
    {"embed", EL_EMBED | EL_VOID, ""},
    {"fieldset", F, "name disabled "},
    {"figcaption", F, ""},
    {"figure", F, ""},
    {"font", EL_OBSOLETE, ""},
    {"footer", F, ""},
    {"form", EL_UNSAFE | EL_UNWRAP | F, ""},
    {"frame", EL_EMBED, ""},
    {"frameset", EL_EMBED, ""},
    {"h1", F | P, ""},
    {"h2", F | P, ""},
    {"h3", F | P, ""},
    {"h4", F | P, ""},
    {"h5", F | P, ""},
    {"h6", F | P, ""},
    {"head", EL_DROP, ""},
    {"header", F, ""},
    {"hgroup", F, ""},
    {"hr", F | EL_VOID, ""},
    {"html", EL_UNWRAP, ""},
    {"i", P, ""},
    {"iframe", EL_EMBED, ""},
    {"img", EL_VOID, "src alt width height usemap ismap crossorigin "},
    {"input", EL_UNSAFE | EL_VOID, ""},
    {"ins", EL_TRANSPARENT, "cite datetime "},
    {"kbd", P, ""},
    {"keygen", EL_UNSAFE | EL_VOID, ""},
    {"label", P, ""},
    {"legend", F | P, ""},
    {"li", F, "value "},
    {"link", EL_DROP | EL_VOID, ""},
    {"listing", EL_OBSOLETE, ""},
    {"main", F, ""},
    {"map", EL_TRANSPARENT, "name "},
    {"mark", P, ""},
    {"marquee", EL_OBSOLETE, ""},
    {"menu", F, ""},
    {"meta", EL_DROP | EL_VOID, ""},
    {"meter", P, "value min max low high optimum "},
    {"nav", F, ""},
    {"nobr", EL_OBSOLETE, ""},
    {"noframes", EL_DROP, ""},
    {"noscript", EL_UNWRAP, ""},
    {"object", EL_EMBED, ""},
    {"ol", F, "start reversed type "},
    {"optgroup", EL_UNSAFE, ""},
    {"option", EL_UNSAFE, ""},
    {"output", EL_UNSAFE, ""},
    {"p", F | P, ""},
    {"param", EL_DROP | EL_VOID, ""},
    {"picture", 0, ""},
    {"plaintext", EL_OBSOLETE, ""},
    {"pre", F | P, ""},
    {"progress", P, "value max "},
    {"q", P, "cite "},
    {"rb", P, ""},
    {"rp", P, ""},
    {"rt", P, ""},
    {"rtc", P, ""},
    {"ruby", P, ""},
    {"s", P, ""},
    {"samp", P, ""},
    {"script", EL_UNSAFE, ""},
    {"section", F, ""},
    {"select", EL_UNSAFE, ""},
    {"small", P, ""},
    {"source", EL_MEDIA | EL_VOID, "src type media "},
    {"span", P, ""},
    {"strike", EL_OBSOLETE, ""},
    {"strong", P, ""},
    {"style", EL_DROP, ""},
    {"sub", P, ""},
    {"summary", P, ""},
    {"sup", P, ""},
    {"table", F, ""},
    {"tbody", F, ""},
    {"td", F, "colspan rowspan headers "},
    {"template", EL_DROP, ""},
    {"textarea", EL_UNSAFE, ""},
    {"tfoot", F, ""},
    {"th", F, "colspan rowspan headers scope "}, /* abbr: not in EPUBCheck 4.2.6 */
    {"thead", F, ""},
    {"time", P, "datetime "},
    {"title", EL_DROP, ""},
    {"tr", F, ""},
    {"track", EL_MEDIA | EL_VOID, "kind src srclang label default "},
    {"tt", EL_OBSOLETE, ""},
    {"u", P, ""},
    {"ul", F, ""},
    {"var", P, ""},
    {"video", EL_MEDIA | EL_TRANSPARENT,
     "src poster width height controls autoplay loop muted preload playsinline crossorigin "},
    {"wbr", EL_VOID, ""},
    {"xmp", EL_OBSOLETE, ""},
};

#undef F
#undef P

static int by_name(const void *key, const void *el) {
  return strcmp((const char *)key, ((const html_element *)el)->name);
}

const html_element *html_element_find(const char *name) {
  return bsearch(name, elements, sizeof elements / sizeof *elements, sizeof *elements, by_name);
}

static int in_list(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n) {
    if ((p == list || p[-1] == ' ') && p[n] == ' ') {
      return 1;
    }
  }
  return 0;
}

int html_attr_allowed(const html_element *el, const char *attr) {
  static const char global[] = "accesskey class contenteditable dir draggable hidden id lang "
                               "spellcheck style tabindex title translate role xml:lang "
                               "xml:space epub:type ";
  if (strncmp(attr, "data-", 5) == 0 || strncmp(attr, "aria-", 5) == 0) {
    return attr[5] != '\0';
  }
  return in_list(global, attr) || (el && in_list(el->attrs, attr));
}

const char *html_replacement(const char *name, const char **css) {
  static const char *const table[][3] = {
      {"acronym", "abbr", ""},
      {"big", "span", "font-size: larger"},
      {"blink", "span", ""},
      {"center", "div", "text-align: center"},
      {"dir", "ul", ""},
      {"font", "span", ""},
      {"listing", "pre", ""},
      {"marquee", "span", ""},
      {"nobr", "span", "white-space: nowrap"},
      {"plaintext", "pre", ""},
      {"strike", "s", ""},
      {"tt", "code", ""},
      {"xmp", "pre", ""},
  };
  for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
    if (strcmp(name, table[i][0]) == 0) {
      *css = table[i][2];
      return table[i][1];
    }
  }
  *css = "";
  return "span";
}

const char *html_role_for_type(const char *type) {
  static const char *const roles[][2] = {
      {"abstract", "doc-abstract"},
      {"acknowledgments", "doc-acknowledgments"},
      {"afterword", "doc-afterword"},
      {"appendix", "doc-appendix"},
      {"backlink", "doc-backlink"},
      {"biblioentry", "doc-biblioentry"},
      {"bibliography", "doc-bibliography"},
      {"biblioref", "doc-biblioref"},
      {"chapter", "doc-chapter"},
      {"colophon", "doc-colophon"},
      {"conclusion", "doc-conclusion"},
      {"credit", "doc-credit"},
      {"credits", "doc-credits"},
      {"dedication", "doc-dedication"},
      {"endnote", "doc-endnote"},
      {"endnotes", "doc-endnotes"},
      {"epigraph", "doc-epigraph"},
      {"epilogue", "doc-epilogue"},
      {"errata", "doc-errata"},
      {"example", "doc-example"},
      {"footnote", "doc-footnote"},
      {"foreword", "doc-foreword"},
      {"glossary", "doc-glossary"},
      {"glossref", "doc-glossref"},
      {"index", "doc-index"},
      {"introduction", "doc-introduction"},
      {"noteref", "doc-noteref"},
      {"notice", "doc-notice"},
      {"pagebreak", "doc-pagebreak"},
      {"page-list", "doc-pagelist"},
      {"part", "doc-part"},
      {"preface", "doc-preface"},
      {"prologue", "doc-prologue"},
      {"pullquote", "doc-pullquote"},
      {"qna", "doc-qna"},
      {"subtitle", "doc-subtitle"},
      {"tip", "doc-tip"},
      {"toc", "doc-toc"},
  };
  for (size_t i = 0; type && i < sizeof roles / sizeof *roles; i++) {
    if (strcmp(type, roles[i][0]) == 0) {
      return roles[i][1];
    }
  }
  return NULL;
}
