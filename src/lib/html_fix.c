/* html_fix.c -- the rules that make raw HTML valid XHTML for EPUB
 * SPDX-License-Identifier: MIT
 *
 * One walk, top-down, in document order. Each element is checked against html_tables.c:
 * unknown elements are unwrapped, unsafe and head-only ones removed, obsolete ones replaced,
 * blocks where only phrasing content may stand turned into spans; then its attributes are
 * checked (presentational ones become CSS; links, images and ids go to the chapter stage);
 * then its children; then the content model of what it holds (lists, tables, details). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "css.h"
#include "buf.h"
#include "html_int.h"
#include "html_tables.h"
#include "html_values.h"
#include "mem.h"
#include "url.h"

#define MARK "sheaf-pos "

static int prop_is(const char *name, const char *want) {
  return strcmp(name, want) == 0;
}

static int all_digits(const char *s) {
  if (!*s) {
    return 0;
  }
  for (; *s; s++) {
    if (!isdigit((unsigned char)*s)) {
      return 0;
    }
  }
  return 1;
}

/* A length attribute as CSS: "120" -> "120px", "50%" stays. NULL when it is not a length. */
static char *css_length(const char *v) {
  char *end;
  double d = strtod(v, &end);
  if (end == v || d < 0) {
    return NULL;
  }
  if (*end == '\0') {
    return sheaf_xasprintf("%spx", v);
  }
  if (strcmp(end, "%") == 0 || strcmp(end, "px") == 0 || strcmp(end, "em") == 0) {
    return sheaf_xstrdup(v);
  }
  return NULL;
}

/* A colour as CSS: names and #rgb are passed on when they look like one. */
static int css_color_ok(const char *v) {
  for (const char *p = v; *p; p++) {
    if (!isalnum((unsigned char)*p) && *p != '#') {
      return 0;
    }
  }
  return *v != '\0';
}

/* ---- presentational attributes into CSS ---- */

static void css_decl(sheaf_buf *css, const char *prop, const char *value) {
  sheaf_buf_printf(css, "%s%s: %s", css->len ? "; " : "", prop, value);
}

static void css_align(sheaf_buf *css, const char *el, const char *v) {
  if (strcmp(el, "img") == 0 || strcmp(el, "table") == 0) {
    if (strcasecmp(v, "left") == 0 || strcasecmp(v, "right") == 0) {
      char lower[8];
      snprintf(lower, sizeof lower, "%s", strcasecmp(v, "left") == 0 ? "left" : "right");
      css_decl(css, "float", lower);
    } else if (strcasecmp(v, "center") == 0) {
      css_decl(css, "margin-left", "auto");
      css_decl(css, "margin-right", "auto");
      if (strcmp(el, "img") == 0) {
        css_decl(css, "display", "block");
      }
    } else if (strcasecmp(v, "middle") == 0 || strcasecmp(v, "top") == 0 ||
               strcasecmp(v, "bottom") == 0) {
      css_decl(css, "vertical-align",
               strcasecmp(v, "middle") == 0 ? "middle"
               : strcasecmp(v, "top") == 0  ? "top"
                                            : "bottom");
    }
    return;
  }
  static const char *const ok[] = {"left", "right", "center", "justify", NULL};
  for (size_t i = 0; ok[i]; i++) {
    if (strcasecmp(v, ok[i]) == 0) {
      css_decl(css, "text-align", ok[i]);
    }
  }
}

static const char *font_size(const char *v) {
  static const char *const sizes[] = {"x-small", "small",    "medium",  "large",
                                      "x-large", "xx-large", "xx-large"};
  int n = atoi(v + (*v == '+' || *v == '-'));
  if (*v == '+') {
    return n > 0 ? "larger" : NULL;
  }
  if (*v == '-') {
    return n > 0 ? "smaller" : NULL;
  }
  return n >= 1 && n <= 7 ? sizes[n - 1] : NULL;
}

/* color, face and size on <font> as CSS (a value that is not safe is dropped). Returns 0 for
 * any other attribute. */
static int font_attr(const char *name, const char *v, sheaf_buf *css) {
  if (prop_is(name, "color")) {
    if (css_color_ok(v)) {
      css_decl(css, "color", v);
    }
    return 1;
  }
  if (prop_is(name, "face")) {
    if (!strpbrk(v, ";{}\"<>")) {
      css_decl(css, "font-family", v);
    }
    return 1;
  }
  if (prop_is(name, "size")) {
    const char *size = font_size(v);
    if (size) {
      css_decl(css, "font-size", size);
    }
    return 1;
  }
  return 0;
}

/* width and height as CSS. On img, canvas and video only whole pixels are valid HTML: those
 * stay (0 is returned), and anything else such as "50%" becomes CSS. A value that is not a
 * length is dropped. */
static int size_attr(const char *el, const char *name, const char *v, sheaf_buf *css) {
  int sized = prop_is(el, "img") || prop_is(el, "canvas") || prop_is(el, "video");
  if (sized && all_digits(v)) {
    return 0;
  }
  char *len = css_length(v);
  if (len) {
    css_decl(css, name, len);
  }
  free(len);
  return 1;
}

/* border (on tables and images), cellspacing, hspace and vspace as CSS; a value that is not
 * a length is dropped. Returns 0 for any other attribute. */
static int spacing_attr(const char *el, const char *name, const char *v, sheaf_buf *css) {
  static const struct {
    const char *attr, *prop, *before, *after;
  } rules[] = {{"border", "border", "", " solid"},
               {"cellspacing", "border-spacing", "", ""},
               {"hspace", "margin", "0 ", ""},
               {"vspace", "margin", "", " 0"}};
  if (prop_is(name, "border") && !prop_is(el, "table") && !prop_is(el, "img")) {
    return 0;
  }
  for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
    if (!prop_is(name, rules[i].attr)) {
      continue;
    }
    char *len = css_length(v);
    if (len) {
      char *value = sheaf_xasprintf("%s%s%s", rules[i].before, len, rules[i].after);
      css_decl(css, rules[i].prop, value);
      free(value);
    }
    free(len);
    return 1;
  }
  return 0;
}

/* Presentational attributes with no CSS equivalent worth keeping: they are just removed. */
static int dropped_attr(const char *name) {
  static const char *const dropped[] = {"cellpadding", "clear",       "noshade",      "frame",
                                        "rules",       "compact",     "background",   "charset",
                                        "border",      "size",        "color",        "face",
                                        "language",    "marginwidth", "marginheight", NULL};
  for (size_t i = 0; dropped[i]; i++) {
    if (prop_is(name, dropped[i])) {
      return 1;
    }
  }
  return 0;
}

/* Turns one presentational attribute into CSS. Returns 1 when the attribute was one (it is
 * then removed), 0 when it is not presentational. */
static int presentational(const char *el, const char *name, const char *v, sheaf_buf *css) {
  if (prop_is(name, "align")) {
    css_align(css, el, v);
  } else if (prop_is(name, "valign")) {
    css_decl(css, "vertical-align",
             strcasecmp(v, "middle") == 0   ? "middle"
             : strcasecmp(v, "bottom") == 0 ? "bottom"
                                            : "top");
  } else if (prop_is(name, "bgcolor")) {
    if (css_color_ok(v)) {
      css_decl(css, "background-color", v);
    }
  } else if (prop_is(name, "nowrap")) {
    css_decl(css, "white-space", "nowrap");
  } else if (prop_is(name, "type") && (prop_is(el, "ul") || prop_is(el, "li"))) {
    if (strcasecmp(v, "disc") == 0 || strcasecmp(v, "circle") == 0 ||
        strcasecmp(v, "square") == 0) {
      css_decl(css, "list-style-type", v);
    }
  } else if (prop_is(name, "width") || prop_is(name, "height")) {
    return size_attr(el, name, v, css);
  } else {
    return (prop_is(el, "font") && font_attr(name, v, css)) || spacing_attr(el, name, v, css) ||
           dropped_attr(name);
  }
  return 1;
}

/* ---- attributes ---- */

int html_xml_name_ok(const char *s) {
  if (!isalpha((unsigned char)*s) && *s != '_') {
    return 0;
  }
  for (; *s; s++) {
    if (!isalnum((unsigned char)*s) && !strchr("_-.:", *s)) {
      return 0;
    }
  }
  return 1;
}

typedef struct attr_result {
  int drop_link;  /* an <a> whose href was refused: unwrap it */
  char *alt_text; /* an <img> that cannot be packaged: replace it by this text */
} attr_result;

/* An id, or the name of an <a>, which becomes its id. Our own ids (on elements the renderer
 * marked) stay; the author's go through the chapter stage, which keeps them unique and valid,
 * even when one repeats a heading's id. Returns 1 when the attribute is removed (a name, whose
 * value moved to the id). */
static int id_attr(cleaner *c, xmlNodePtr n, const char *name, const char *v, int own) {
  int is_id = prop_is(name, "id");
  if (!is_id && xmlHasProp(n, (const xmlChar *)"id")) {
    return 1; /* the id wins; the old name goes */
  }
  if (own) {
    c->own_ids += is_id;
    html_set_attr(n, "id", v);
    return !is_id;
  }
  unsigned line;
  unsigned col;
  html_position(c, n, &line, &col);
  const char *id = c->env->id ? c->env->id(c->env->ud, v, line, col) : v;
  if (!is_id && strcmp(id, v) != 0) {
    html_note(c, n, "name", "<a name=\"%s\"> became an id, \"%s\": the name is taken or not valid",
              v, id);
  } else if (!is_id) {
    html_note(c, n, "name", "<a name=\"%s\"> became an id", v);
  } else if (strcmp(id, v) != 0) {
    html_note(c, n, "id", "id \"%s\" on <%s> is %s; it became \"%s\"", v, html_name(n),
              *v ? "not unique in the book, or not a valid id" : "empty", id);
  }
  html_id_renamed(c, v, id);
  html_set_attr(n, "id", id);
  return !is_id;
}

/* Sets a URL the chapter stage wrote. It escaped it for an attribute (only '&' needs it, the
 * rest is percent-encoded); the tree holds it unescaped, and our serializer escapes it
 * again. */
static void set_url_attr(xmlNodePtr n, const char *name, const sheaf_buf *url) {
  char *plain = sheaf_xstrdup(url->ptr ? url->ptr : "");
  for (char *p = strstr(plain, "&amp;"); p; p = strstr(p + 1, "&amp;")) {
    memmove(p + 1, p + 5, strlen(p + 5) + 1);
  }
  html_set_attr(n, name, plain);
  free(plain);
}

/* The src of an <img>, which the chapter stage packages into `out`. Returns 0 when it cannot,
 * and then res->alt_text holds what replaces the image. */
static int keep_image(cleaner *c, xmlNodePtr n, const char *v, sheaf_buf *out, attr_result *res) {
  unsigned line;
  unsigned col;
  html_position(c, n, &line, &col);
  char *alt = html_attr(n, "alt");
  int keep = c->env->image ? c->env->image(c->env->ud, v, alt ? alt : "", line, col, out) : 1;
  if (!keep) {
    res->alt_text = sheaf_xstrdup(alt ? alt : "");
  }
  xmlFree(alt);
  return keep;
}

/* The href of an <a> or <area>, which the chapter stage resolves into `out`. Returns 0 when
 * it refuses the link; an <a> is then unwrapped (res->drop_link). */
static int keep_link(cleaner *c, xmlNodePtr n, const char *v, sheaf_buf *out, attr_result *res) {
  unsigned line;
  unsigned col;
  html_position(c, n, &line, &col);
  int keep = c->env->link ? c->env->link(c->env->ud, v, line, col, out) : 1;
  res->drop_link = !keep && prop_is(html_name(n), "a");
  return keep;
}

/* The link, image and id attributes, which the chapter stage decides. Returns 1 when the
 * attribute is removed. */
static int linked_attr(cleaner *c, xmlNodePtr n, const char *name, const char *v, int own,
                       attr_result *res) {
  const char *el = html_name(n);
  if (prop_is(name, "id") || (prop_is(name, "name") && prop_is(el, "a"))) {
    return id_attr(c, n, name, v, own);
  }
  int link = prop_is(name, "href") && (prop_is(el, "a") || prop_is(el, "area"));
  int image = prop_is(name, "src") && prop_is(el, "img");
  if (own || (!link && !image)) {
    return 0;
  }
  sheaf_buf out = SHEAF_BUF_INIT;
  int keep = link ? keep_link(c, n, v, &out, res) : keep_image(c, n, v, &out, res);
  if (keep) {
    set_url_attr(n, name, &out);
  }
  sheaf_buf_free(&out);
  return !keep;
}

/* ---- CSS in style attributes and <style> elements ---- */

static void css_warn(void *ud, unsigned line, unsigned col, const char *message) {
  const cleaner *c = ud;
  if (c->env->warn) {
    c->env->warn(c->env->ud, line, col, message);
  }
}

void html_clean_css(cleaner *c, const char *css, int decls, unsigned line, unsigned col,
                    sheaf_buf *out) {
  sheaf_css_env env = {c, sheaf_css_keep_fragments, css_warn};
  if (decls) {
    sheaf_css_clean_decls(&env, css, strlen(css), line, col, out);
  } else {
    sheaf_css_clean_sheet(&env, css, strlen(css), line, col, out);
  }
}

void html_style_element(cleaner *c, xmlNodePtr n, sheaf_buf *out, unsigned *line, unsigned *col) {
  html_position(c, n, line, col);
  xmlChar *css = xmlNodeGetContent(n);
  html_clean_css(c, css ? (const char *)css : "", 0, *line, *col, out);
  xmlFree(css);
}

int html_style_attr(cleaner *c, xmlNodePtr n, const char *v) {
  unsigned line;
  unsigned col;
  html_position(c, n, &line, &col);
  sheaf_buf out = SHEAF_BUF_INIT;
  html_clean_css(c, v, 1, line, col, &out);
  int empty = out.len == 0;
  if (!empty && strcmp(out.ptr, v) != 0) {
    html_set_attr(n, "style", out.ptr);
  }
  sheaf_buf_free(&out);
  return empty;
}

/* Another attribute of the element, for value checks that depend on it (borrowed). */
static const char *other_attr(void *ud, const char *name) {
  xmlAttrPtr a = xmlHasProp((xmlNodePtr)ud, (const xmlChar *)name);
  if (!a) {
    return NULL;
  }
  return a->children && a->children->content ? (const char *)a->children->content : "";
}

/* The value of attribute `name` held to the type HTML gives it: kept, repaired in place, or
 * (return 1) to be removed. */
static int bad_value(cleaner *c, xmlNodePtr n, const char *name, const char *v) {
  sheaf_attr_env env = {other_attr, n};
  sheaf_buf fixed = SHEAF_BUF_INIT;
  const char *why = "";
  sheaf_value_verdict verdict =
      sheaf_html_value_check_env(html_name(n), name, v, &env, &fixed, &why);
  if (verdict == SHEAF_VALUE_FIXED) {
    html_note(c, n, "fixvalue", "%s=\"%.40s\" on <%s> written as \"%.40s\" (%s)", name, v,
              html_name(n), fixed.ptr ? fixed.ptr : "", why);
    html_set_attr(n, name, fixed.ptr ? fixed.ptr : "");
  } else if (verdict == SHEAF_VALUE_DROP) {
    html_note(c, n, "badvalue", "%s=\"%.40s\" on <%s> removed: %s", name, v, html_name(n), why);
  }
  sheaf_buf_free(&fixed);
  return verdict == SHEAF_VALUE_DROP;
}

/* Decides one attribute: 1 removes it. */
static int check_attr(cleaner *c, xmlNodePtr n, const html_element *el, xmlAttrPtr a, int own,
                      sheaf_buf *css, attr_result *res) {
  const char *name = (const char *)a->name;
  const char *eln = html_name(n);
  xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
  const char *v = value ? (const char *)value : "";
  int remove = 0;
  if (strncmp(name, "xmlns", 5) == 0 || (prop_is(name, "lang") && !*v)) {
    remove = 1; /* the serializer declares namespaces; an empty lang says nothing */
  } else if (strncasecmp(name, "on", 2) == 0 && !c->env->allow_unsafe) {
    html_note(c, n, "handler", "event handler '%s' removed from <%s> (scripts are not allowed)",
              name, eln);
    remove = 1;
  } else if (!html_xml_name_ok(name) ||
             (strchr(name, ':') && !prop_is(name, "xml:lang") && !prop_is(name, "xml:space") &&
              !prop_is(name, "epub:type"))) {
    html_note(c, n, "badattr", "attribute '%s' on <%s> is not valid in XHTML; removed", name, eln);
    remove = 1;
  } else if (presentational(eln, name, v, css)) {
    html_note(c, n, "presentational",
              "presentational attribute '%s' on <%s> is obsolete; turned into CSS", name, eln);
    remove = 1;
  } else if (prop_is(name, "style") && !own) {
    remove = html_style_attr(c, n, v);
  } else if (prop_is(name, "srcset")) {
    html_note(c, n, "srcset", "srcset on <%s> removed (only src is packaged)", eln);
    remove = 1;
  } else if (prop_is(name, "id") || prop_is(name, "name") || prop_is(name, "href") ||
             prop_is(name, "src")) {
    remove = linked_attr(c, n, name, v, own, res);
    if (!remove && !prop_is(name, "id") && !html_attr_allowed(el, name)) {
      remove = 1;
    }
  } else if (!html_attr_allowed(el, name)) {
    html_note(c, n, "attr", "attribute '%s' is not allowed on <%s>; removed", name, eln);
    remove = 1;
  }
  if (!remove && !own && !prop_is(name, "role")) { /* the role went first (clean_attrs) */
    remove = bad_value(c, n, name, v);
  }
  xmlFree(value);
  return remove;
}

/* lang wants a matching xml:lang in XHTML; epub:type wants its DPUB-ARIA role. */
static void pair_attrs(xmlNodePtr n) {
  char *lang = html_attr(n, "lang");
  if (lang) {
    html_set_attr(n, "xml:lang", lang);
  }
  xmlFree(lang);
  char *type = html_attr(n, "epub:type");
  if (type && !xmlHasProp(n, (const xmlChar *)"role")) {
    char first[64];
    snprintf(first, sizeof first, "%s", type);
    first[strcspn(first, " ")] = '\0';
    const char *role = html_role_for_type(first);
    const char *el = html_name(n);
    int on_link = !strcmp(el, "a");
    int link_role = role && (strstr(role, "ref") || strstr(role, "backlink"));
    int section_like = !strcmp(el, "section") || !strcmp(el, "aside") || !strcmp(el, "div") ||
                       !strcmp(el, "nav") || !strcmp(el, "article");
    int item_role = role && (!strcmp(role, "doc-endnote") || !strcmp(role, "doc-biblioentry"));
    int fits = on_link ? link_role : !strcmp(el, "li") ? item_role : section_like && !link_role;
    sheaf_buf fixed = SHEAF_BUF_INIT;
    const char *why;
    if (role && fits && sheaf_html_value_check(el, "role", role, &fixed, &why) == SHEAF_VALUE_OK) {
      html_set_attr(n, "role", role);
    }
    sheaf_buf_free(&fixed);
  }
  xmlFree(type);
}

static void clean_attrs(cleaner *c, xmlNodePtr n, const html_element *el, attr_result *res) {
  int own = xmlHasProp(n, (const xmlChar *)SHEAF_HTML_OWN) != NULL;
  sheaf_buf css = SHEAF_BUF_INIT;
  char *role = own ? NULL : html_attr(n, "role");
  if (role && bad_value(c, n, "role", role)) {
    xmlUnsetProp(n, (const xmlChar *)"role"); /* the states it allows depend on it */
  }
  xmlFree(role);
  /* only the author's attributes: one that checking adds (the id an <a name> becomes) is
   * decided already, and meeting it again would register the id twice */
  xmlAttrPtr last = n->properties;
  while (last && last->next) {
    last = last->next;
  }
  xmlAttrPtr a = n->properties;
  while (a) {
    xmlAttrPtr next = a == last ? NULL : a->next;
    if (prop_is((const char *)a->name, SHEAF_HTML_OWN) || check_attr(c, n, el, a, own, &css, res)) {
      xmlRemoveProp(a);
    }
    a = next;
  }
  if (css.len) {
    html_add_css(n, css.ptr);
  }
  sheaf_buf_free(&css);
  if (!strcmp(html_name(n), "img") && !xmlHasProp(n, (const xmlChar *)"alt") && !res->alt_text) {
    html_note(c, n, "alt", "image has no alt text; readers who cannot see it get nothing");
    html_set_attr(n, "alt", "");
  }
  pair_attrs(n);
}

/* ---- elements ---- */

/* An obsolete element becomes its HTML5 replacement (font's attributes become CSS). */
/* <font color size face> says in attributes what CSS says now. */
static void font_to_css(xmlNodePtr n) {
  sheaf_buf css = SHEAF_BUF_INIT;
  static const char *const attrs[] = {"color", "size", "face"};
  for (size_t i = 0; i < 3; i++) {
    char *v = html_attr(n, attrs[i]);
    if (v) {
      presentational("font", attrs[i], v, &css);
      xmlUnsetProp(n, (const xmlChar *)attrs[i]);
    }
    xmlFree(v);
  }
  html_add_css(n, css.ptr);
  sheaf_buf_free(&css);
}

static const html_element *replace_obsolete(cleaner *c, xmlNodePtr n) {
  const char *css;
  const char *old = html_name(n);
  if (!strcmp(old, "font")) {
    font_to_css(n);
  }
  const char *now = html_replacement(old, &css);
  html_note(c, n, "obsolete", "obsolete <%s> replaced by <%s>%s", old, now,
            *css || !strcmp(old, "font") ? " with CSS" : "");
  html_add_css(n, css);
  html_rename(n, now);
  return html_element_find(now);
}

static int is_marker(xmlNodePtr n, unsigned *line, unsigned *col) {
  const char *s = n->content ? (const char *)n->content : "";
  return strncmp(s, MARK, strlen(MARK)) == 0 && sscanf(s + strlen(MARK), "%u %u", line, col) == 2;
}

static int is_http(const char *url) {
  return strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
         (url[0] == '/' && url[1] == '/');
}

/* A video's poster is an image: packaged when local, removed when remote. */
static void poster(cleaner *c, xmlNodePtr n) {
  char *v = html_attr(n, "poster");
  if (!v) {
    return;
  }
  sheaf_buf out = SHEAF_BUF_INIT;
  unsigned line;
  unsigned col;
  html_position(c, n, &line, &col);
  if (is_http(v) || sheaf_url_unsafe(v)) {
    html_note(c, n, "poster", "remote poster image of <%s> removed (it cannot be packaged)",
              html_name(n));
    xmlUnsetProp(n, (const xmlChar *)"poster");
  } else if (c->env->image && !c->env->image(c->env->ud, v, "", line, col, &out)) {
    xmlUnsetProp(n, (const xmlChar *)"poster");
  } else if (c->env->image) {
    set_url_attr(n, "poster", &out);
  }
  sheaf_buf_free(&out);
  xmlFree(v);
}

/* Audio and video are kept only for remote files, which the chapter stage declares in the
 * manifest. Returns 1 (with *next) when n was removed. */
static int media(cleaner *c, xmlNodePtr n, xmlNodePtr *next) {
  const char *name = html_name(n);
  int container = !strcmp(name, "audio") || !strcmp(name, "video");
  char *src = html_attr(n, "src");
  int keep = container && !src; /* its <source> children decide */
  if (src && is_http(src) && strcmp(name, "track") != 0) {
    sheaf_buf out = SHEAF_BUF_INIT;
    unsigned line;
    unsigned col;
    html_position(c, n, &line, &col);
    keep = !c->env->media || c->env->media(c->env->ud, src, line, col, &out);
    if (keep && c->env->media) {
      set_url_attr(n, "src", &out);
    }
    c->props |= keep ? SHEAF_PROP_REMOTE : 0;
    sheaf_buf_free(&out); /* when refused, the chapter stage said why */
  } else if (src) {
    html_note(c, n, "media", "<%s> with a local file removed (%s)", name,
              strcmp(name, "track") ? "only remote audio and video are supported"
                                    : "text tracks are not packaged");
  }
  if (!keep && container) {
    /* a refused src goes, local or remote; the fallback content stays (html_model.c), and with
     * it whatever Markdown an unclosed <video> swallowed: the dry run of pass 1 keeps every
     * source, so dropping the content would change the part between the passes */
    xmlUnsetProp(n, (const xmlChar *)"src");
    keep = 1;
  }
  xmlFree(src);
  if (!keep) {
    *next = html_drop(n);
    return 1;
  }
  poster(c, n);
  return 0;
}

/* What a removed element's kind says, before removing it; returns the node to go on from. */
static xmlNodePtr remove_element(cleaner *c, xmlNodePtr n, const html_element *el) {
  const char *name = html_name(n);
  if (el->flags & EL_EMBED) {
    html_note(c, n, "embed", "<%s> removed: an EPUB cannot embed outside content", name);
    return html_drop(n);
  }
  if (!strcmp(name, "style")) {
    unsigned line;
    unsigned col;
    sheaf_buf clean = SHEAF_BUF_INIT;
    html_style_element(c, n, &clean, &line, &col);
    if (c->env->style && clean.len) {
      c->env->style(c->env->ud, clean.ptr, line, col);
    }
    sheaf_buf_free(&clean);
    html_note(c, n, "style", "<style> moved from the body to the chapter's stylesheet");
    return html_drop(n);
  }
  if (el->flags & EL_UNSAFE) {
    if (el->flags & EL_UNWRAP) {
      html_note(c, n, "unsafe", "<%s> removed (forms are not allowed); its content is kept", name);
      return html_unwrap(n);
    }
    html_note(c, n, "unsafe", "<%s> removed (%s are not allowed)", name,
              !strcmp(name, "script") ? "scripts" : "form controls");
    return html_drop(n);
  }
  if (el->flags & EL_UNWRAP) {
    return html_unwrap(n); /* html, body, noscript: structure only */
  }
  static const char *const head[] = {"base", "link", "meta", "title", "head"};
  int in_head = 0;
  for (size_t i = 0; i < sizeof head / sizeof *head; i++) {
    in_head |= !strcmp(name, head[i]);
  }
  html_note(c, n, "head", "<%s> removed (%s)", name,
            in_head ? "it belongs in a document head" : "it shows nothing in a book");
  return html_drop(n);
}

/* Elements HTML requires an attribute of: without it, the tag goes (<img> leaves its alt
 * text); an image map area with a link gets the alt it needs. Returns 1 when n went. */
static int lacks_required(cleaner *c, xmlNodePtr n, xmlNodePtr *next) {
  static const char *const needs[][2] = {{"img", "src"},     {"area", "href"}, {"data", "value"},
                                         {"meter", "value"}, {"bdo", "dir"},   {"map", "name"}};
  const char *name = html_name(n);
  for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
    if (strcmp(name, needs[i][0]) != 0 || xmlHasProp(n, (const xmlChar *)needs[i][1])) {
      continue;
    }
    html_note(c, n, "required", "<%s> without %s removed%s", name, needs[i][1],
              n->children || !strcmp(name, "img") ? "; its text is kept" : "");
    if (!strcmp(name, "img")) {
      char *alt = html_attr(n, "alt");
      xmlNodePtr t = xmlNewDocText(n->doc, (const xmlChar *)(alt ? alt : ""));
      xmlFree(alt);
      html_insert_before(n, t);
      html_drop(n);
      *next = t->next;
    } else {
      *next = html_unwrap(n);
    }
    return 1;
  }
  char *shape = !strcmp(name, "area") ? html_attr(n, "shape") : NULL;
  int needs_coords = shape ? strcasecmp(shape, "default") != 0 : !strcmp(name, "area");
  xmlFree(shape);
  if (needs_coords && !xmlHasProp(n, (const xmlChar *)"coords")) {
    html_note(c, n, "coords", "<area> without coords removed (only shape=\"default\" needs none)");
    *next = html_drop(n);
    return 1;
  }
  if (!strcmp(name, "area") && !xmlHasProp(n, (const xmlChar *)"alt")) {
    html_note(c, n, "alt", "image map area has no alt text; readers who cannot see it get nothing");
    html_set_attr(n, "alt", "");
  }
  return 0;
}

/* CommonMark makes a paragraph of a line that opens with a tag it does not know as a block
 * (<hgroup>, <video>...): a paragraph holding nothing but one block element is dropped, so
 * the element keeps its meaning instead of becoming a <span>. */
static int lone_block(xmlNodePtr p) {
  xmlNodePtr only = NULL;
  for (xmlNodePtr ch = p->children; ch; ch = ch->next) {
    if (ch->type == XML_ELEMENT_NODE) {
      if (only) {
        return 0;
      }
      only = ch;
    } else if (ch->type != XML_COMMENT_NODE && !html_blank(ch)) {
      return 0;
    }
  }
  const html_element *el = only ? html_element_find(html_name(only)) : NULL;
  return el && (el->flags & EL_FLOW) && !p->properties;
}

/* What an element is, decided before its attributes: unknown, obsolete, removed, misplaced or
 * a block where only phrasing fits. Returns its description, or NULL when n went (*next). */
static const html_element *classify(cleaner *c, xmlNodePtr n, int phrasing, xmlNodePtr *next) {
  const char *name = html_name(n);
  const html_element *el = html_element_find(name);
  if (!el || !strcmp(name, "data-sheaf-root")) {
    html_note(c, n, "unknown", "<%s> is not an HTML element; its content is kept", name);
    *next = html_unwrap(n);
    return NULL;
  }
  if (el->flags & EL_OBSOLETE) {
    el = replace_obsolete(c, n);
  }
  unsigned gone = EL_EMBED | EL_DROP | EL_UNWRAP | (c->env->allow_unsafe ? 0 : EL_UNSAFE);
  if (el->flags & gone) {
    *next = remove_element(c, n, el);
    return NULL;
  }
  el = html_place(c, n, el, phrasing, next);
  if (!el || ((el->flags & EL_MEDIA) && media(c, n, next))) {
    return NULL;
  }
  if ((el->flags & EL_FLOW) && phrasing) {
    html_note(c, n, "block",
              "<%s> cannot stand inside a paragraph or inline element; it became <span>",
              html_name(n));
    html_rename(n, "span");
    el = html_element_find("span");
  }
  return el;
}

/* The attributes of n; returns 0 when n stays, else 1 with *next (n was replaced by its alt
 * text, unwrapped because its link was refused, or lacked what it requires). */
static int attrs_removed(cleaner *c, xmlNodePtr n, const html_element *el, xmlNodePtr *next) {
  attr_result res = {0, NULL};
  clean_attrs(c, n, el, &res);
  if (res.alt_text) {
    xmlNodePtr t = xmlNewDocText(n->doc, (const xmlChar *)res.alt_text);
    html_insert_before(n, t);
    free(res.alt_text);
    html_drop(n);
    *next = t->next;
    return 1;
  }
  if (res.drop_link) {
    *next = html_unwrap(n);
    return 1;
  }
  return lacks_required(c, n, next);
}

static xmlNodePtr clean_element(cleaner *c, xmlNodePtr n, int phrasing, int in_link) {
  const char *name = html_name(n);
  if (!strcmp(name, "p") && !phrasing && lone_block(n)) {
    return html_unwrap(n);
  }
  if (!strcmp(name, "svg") || !strcmp(name, "math")) {
    return html_clean_foreign(c, n, !strcmp(name, "svg") ? 1 : 2, in_link);
  }
  xmlNodePtr next = NULL;
  const html_element *el = classify(c, n, phrasing, &next);
  if (!el) {
    return next;
  }
  if (!strcmp(html_name(n), "a") && in_link) {
    html_note(c, n, "nested", "a link inside a link was unwrapped");
    return html_unwrap(n);
  }
  if (attrs_removed(c, n, el, &next)) {
    return next;
  }
  int child_phrasing = (el->flags & EL_PHRASING) ? 1 : (el->flags & EL_TRANSPARENT) ? phrasing : 0;
  int had_children = n->children != NULL;
  html_clean_children(c, n, child_phrasing, in_link || !strcmp(html_name(n), "a"), 0);
  if (had_children && !n->children && !n->properties && !strcmp(html_name(n), "p")) {
    return html_drop(n); /* it held only what was removed */
  }
  return html_fix_content(c, n);
}

static xmlNodePtr clean_node(cleaner *c, xmlNodePtr n, int phrasing, int in_link, int foreign) {
  unsigned line;
  unsigned col;
  switch (n->type) {
  case XML_ELEMENT_NODE:
    return foreign ? html_clean_foreign(c, n, foreign, in_link)
                   : clean_element(c, n, phrasing, in_link);
  case XML_TEXT_NODE:
  case XML_CDATA_SECTION_NODE:
    return n->next;
  case XML_COMMENT_NODE:
    if (is_marker(n, &line, &col)) {
      c->mark_line = line;
      c->mark_col = col;
      c->mark_at = xmlGetLineNo(n);
      return html_drop(n);
    }
    return n->next;
  case XML_PI_NODE:
    html_note(c, n->parent, "pi", "processing instruction removed");
    return html_drop(n);
  default:
    return html_drop(n);
  }
}

void html_clean_children(cleaner *c, xmlNodePtr parent, int phrasing, int in_link, int foreign) {
  xmlNodePtr n = parent->children;
  while (n) {
    n = clean_node(c, n, phrasing, in_link, foreign);
  }
}
