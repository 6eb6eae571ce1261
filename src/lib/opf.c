/* opf.c -- stage 4: the package document, EPUB/package.opf
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "package.h"
#include "xmlw.h"

#define IBOOKS_PREFIX                                                                              \
  "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"

static void refine(sheaf_xw *x, const char *id, const char *property, const char *value,
                   const char *scheme) {
  char ref[80];
  snprintf(ref, sizeof ref, "#%s", id);
  sheaf_xw_start(x, "meta");
  sheaf_xw_attr(x, "refines", ref);
  sheaf_xw_attr(x, "property", property);
  if (scheme) {
    sheaf_xw_attr(x, "scheme", scheme);
  }
  sheaf_xw_text(x, value);
  sheaf_xw_end(x);
}

static void meta_prop(sheaf_xw *x, const char *property, const char *value) {
  sheaf_xw_leaf(x, "meta", value, "property", property, NULL, NULL);
}

static void identifiers(sheaf_xw *x, const sheaf_book *b) {
  sheaf_xw_leaf(x, "dc:identifier", b->identifier, "id", "uid", NULL, NULL);
  for (size_t i = 1; i < b->meta.n_idents; i++) {
    char id[32];
    snprintf(id, sizeof id, "id-%zu", i + 1);
    sheaf_xw_leaf(x, "dc:identifier", b->meta.idents[i].value, "id", id, NULL, NULL);
  }
  for (size_t i = 0; i < b->meta.n_idents; i++) {
    const char *scheme = b->meta.idents[i].scheme;
    char id[32];
    snprintf(id, sizeof id, i == 0 ? "uid" : "id-%zu", i + 1);
    if (scheme && strncasecmp(scheme, "ISBN", 4) == 0) {
      refine(x, id, "identifier-type", strlen(b->meta.idents[i].value) > 19 ? "15" : "02",
             "onix:codelist5");
    } else if (scheme && strcasecmp(scheme, "DOI") == 0) {
      refine(x, id, "identifier-type", "06", "onix:codelist5");
    }
  }
}

static void titles(sheaf_xw *x, const sheaf_meta *m) {
  for (size_t i = 0; i < m->n_titles; i++) {
    char id[32];
    snprintf(id, sizeof id, "title-%zu", i + 1);
    sheaf_xw_leaf(x, "dc:title", m->titles[i].text, "id", id, NULL, NULL);
    if (m->n_titles > 1) {
      refine(x, id, "title-type", m->titles[i].type ? m->titles[i].type : "main", NULL);
    }
    if (m->titles[i].file_as) {
      refine(x, id, "file-as", m->titles[i].file_as, NULL);
    }
  }
}

static void people(sheaf_xw *x, const char *el, const char *prefix, const sheaf_meta_person *p,
                   size_t n, const char *default_role) {
  for (size_t i = 0; i < n; i++) {
    char id[32];
    snprintf(id, sizeof id, "%s-%zu", prefix, i + 1);
    sheaf_xw_leaf(x, el, p[i].name, "id", id, NULL, NULL);
    const char *role = p[i].role ? p[i].role : default_role;
    if (role) {
      refine(x, id, "role", role, "marc:relators");
    }
    if (p[i].file_as) {
      refine(x, id, "file-as", p[i].file_as, NULL);
    }
  }
}

static void subjects(sheaf_xw *x, const sheaf_meta *m) {
  for (size_t i = 0; i < m->n_subjects; i++) {
    char id[32];
    snprintf(id, sizeof id, "subject-%zu", i + 1);
    sheaf_xw_leaf(x, "dc:subject", m->subjects[i].term, "id", id, NULL, NULL);
    if (m->subjects[i].authority) {
      refine(x, id, "authority", m->subjects[i].authority, NULL);
      refine(x, id, "term", m->subjects[i].code, NULL);
    }
  }
}

static void dublin_core(sheaf_xw *x, const sheaf_book *b) {
  const sheaf_meta *m = &b->meta;
  identifiers(x, b);
  titles(x, m);
  people(x, "dc:creator", "creator", m->creators, m->n_creators, "aut");
  people(x, "dc:contributor", "contributor", m->contributors, m->n_contributors, NULL);
  sheaf_xw_leaf(x, "dc:language", m->lang, NULL, NULL, NULL, NULL);
  const char *optional[][2] = {{"dc:date", m->date},
                               {"dc:publisher", m->publisher},
                               {"dc:rights", m->rights},
                               {"dc:description", m->description},
                               {"dc:source", m->source}};
  for (size_t i = 0; i < sizeof optional / sizeof *optional; i++) {
    if (optional[i][1]) {
      sheaf_xw_leaf(x, optional[i][0], optional[i][1], NULL, NULL, NULL, NULL);
    }
  }
  subjects(x, m);
  if (m->collection) {
    sheaf_xw_leaf(x, "meta", m->collection, "property", "belongs-to-collection", "id",
                  "collection");
    refine(x, "collection", "collection-type", "series", NULL);
    if (m->group_position) {
      refine(x, "collection", "group-position", m->group_position, NULL);
    }
  }
}

/* Each value as its own meta element. */
static void meta_list(sheaf_xw *x, const char *property, const sheaf_strlist *given,
                      const char *const *derived) {
  if (given->n) {
    for (size_t i = 0; i < given->n; i++) {
      meta_prop(x, property, given->v[i]);
    }
    return;
  }
  for (size_t i = 0; derived[i]; i++) {
    meta_prop(x, property, derived[i]);
  }
}

/* Accessibility metadata derived from the book unless the author gave it (EPUB A11y 1.1). */
static void accessibility(sheaf_xw *x, const sheaf_package *pkg) {
  const sheaf_book *b = pkg->book;
  const sheaf_meta *m = &b->meta;
  int images = b->n_images > 0 || pkg->has_cover_image;
  int all_alt = b->n_images_no_alt == 0;
  const char *modes[] = {"textual", images ? "visual" : NULL, NULL};
  meta_list(x, "schema:accessMode", &m->access_modes, modes);
  const char *sufficient[] = {all_alt ? "textual" : "textual,visual", NULL};
  meta_list(x, "schema:accessModeSufficient", &m->access_mode_sufficient, sufficient);
  const char *features[8];
  size_t n = 0;
  if (b->n_headings) {
    features[n++] = "structuralNavigation";
  }
  features[n++] = "tableOfContents";
  features[n++] = "readingOrder";
  features[n++] = "displayTransformability";
  if (images && all_alt) {
    features[n++] = "alternativeText";
  }
  if (b->has_mathml) {
    features[n++] = "MathML";
  }
  features[n] = NULL;
  meta_list(x, "schema:accessibilityFeature", &m->a11y_features, features);
  const char *hazards[] = {"none", NULL};
  meta_list(x, "schema:accessibilityHazard", &m->a11y_hazards, hazards);
  sheaf_xw_start(x, "meta");
  sheaf_xw_attr(x, "property", "schema:accessibilitySummary");
  if (!m->a11y_summary) {
    sheaf_xw_attr(x, "xml:lang", "en");
  }
  sheaf_xw_text(x, m->a11y_summary
                       ? m->a11y_summary
                       : (images && !all_alt ? "Reflowable text with a table of contents and "
                                               "structured headings. Some images lack a text "
                                               "alternative."
                                             : "Reflowable text with a table of contents and "
                                               "structured headings; every image has a text "
                                               "alternative. No known hazards."));
  sheaf_xw_end(x);
  if (m->conforms_to) {
    sheaf_xw_leaf(x, "meta", m->conforms_to, "property", "dcterms:conformsTo", NULL, NULL);
    sheaf_xw_leaf(x, "meta", m->certified_by, "property", "a11y:certifiedBy", "id", "certifier");
    if (m->certifier_credential) {
      refine(x, "certifier", "a11y:certifierCredential", m->certifier_credential, NULL);
    }
    if (m->certifier_report) {
      sheaf_xw_start(x, "link");
      sheaf_xw_attr(x, "rel", "a11y:certifierReport");
      sheaf_xw_attr(x, "refines", "#certifier");
      sheaf_xw_attr(x, "href", m->certifier_report);
      sheaf_xw_end(x);
    }
  }
}

static void ibooks(sheaf_xw *x, const sheaf_meta *m) {
  if (m->ibooks_version) {
    meta_prop(x, "ibooks:version", m->ibooks_version);
  }
  if (m->ibooks_specified_fonts >= 0) {
    meta_prop(x, "ibooks:specified-fonts", m->ibooks_specified_fonts ? "true" : "false");
  }
  if (m->ibooks_binding >= 0) {
    meta_prop(x, "ibooks:binding", m->ibooks_binding ? "true" : "false");
  }
  if (m->ibooks_ipad_lock) {
    meta_prop(x, "ibooks:ipad-orientation-lock", m->ibooks_ipad_lock);
  }
  if (m->ibooks_iphone_lock) {
    meta_prop(x, "ibooks:iphone-orientation-lock", m->ibooks_iphone_lock);
  }
  if (m->ibooks_scroll_axis) {
    meta_prop(x, "ibooks:scroll-axis", m->ibooks_scroll_axis);
  }
}

static int uses_ibooks(const sheaf_meta *m) {
  return m->ibooks_version || m->ibooks_specified_fonts >= 0 || m->ibooks_binding >= 0 ||
         m->ibooks_ipad_lock || m->ibooks_iphone_lock || m->ibooks_scroll_axis;
}

static void metadata(sheaf_xw *x, const sheaf_package *pkg) {
  const sheaf_book *b = pkg->book;
  sheaf_xw_start(x, "metadata");
  sheaf_xw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  dublin_core(x, b);
  meta_prop(x, "dcterms:modified", b->modified);
  if (pkg->has_cover_image) {
    sheaf_xw_start(x, "meta");
    sheaf_xw_attr(x, "name", "cover");
    sheaf_xw_attr(x, "content", b->res[pkg->cover_res].id);
    sheaf_xw_end(x);
  }
  accessibility(x, pkg);
  ibooks(x, &b->meta);
  sheaf_xw_end(x);
}

static void item_with(sheaf_xw *x, const char *id, const char *href, const char *type,
                      const char *props, const char *fallback) {
  sheaf_xw_start(x, "item");
  sheaf_xw_attr(x, "id", id);
  sheaf_xw_attr(x, "href", href);
  sheaf_xw_attr(x, "media-type", type);
  if (fallback) {
    sheaf_xw_attr(x, "fallback", fallback);
  }
  if (props && *props) {
    sheaf_xw_attr(x, "properties", props);
  }
  sheaf_xw_end(x);
}

static void item(sheaf_xw *x, const char *id, const char *href, const char *type,
                 const char *props) {
  item_with(x, id, href, type, props, NULL);
}

static void part_props(unsigned props, char *out, size_t n) {
  snprintf(out, n, "%s%s%s", props & SHEAF_PROP_SVG ? "svg " : "",
           props & SHEAF_PROP_MATHML ? "mathml " : "",
           props & SHEAF_PROP_REMOTE ? "remote-resources " : "");
  size_t len = strlen(out);
  if (len) {
    out[len - 1] = '\0';
  }
}

static void manifest(sheaf_xw *x, const sheaf_package *pkg) {
  const sheaf_book *b = pkg->book;
  sheaf_xw_start(x, "manifest");
  item(x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
  item(x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
  if (pkg->has_cover_page) {
    item(x, "text-cover", "text/cover.xhtml", "application/xhtml+xml", NULL);
  }
  item(x, "text-title-page", "text/title-page.xhtml", "application/xhtml+xml", NULL);
  for (size_t i = 0; i < b->n_parts; i++) {
    char *id = sheaf_xasprintf("text-%s", b->parts[i].name);
    char *href = sheaf_part_href(b, i);
    char props[64];
    part_props(b->parts[i].props, props, sizeof props);
    item(x, id, href, "application/xhtml+xml", props);
    free(href);
    free(id);
  }
  for (size_t i = 0; i < b->n_res; i++) {
    const sheaf_resource *r = &b->res[i];
    int cover = pkg->has_cover_image && pkg->cover_res == i;
    item_with(x, r->id, r->href, r->type, cover ? "cover-image" : NULL,
              r->has_fallback ? b->res[r->fallback].id : NULL);
  }
  sheaf_xw_end(x);
}

static void itemref(sheaf_xw *x, const char *idref, int linear) {
  sheaf_xw_start(x, "itemref");
  sheaf_xw_attr(x, "idref", idref);
  if (!linear) {
    sheaf_xw_attr(x, "linear", "no");
  }
  sheaf_xw_end(x);
}

static void spine(sheaf_xw *x, const sheaf_package *pkg) {
  const sheaf_book *b = pkg->book;
  sheaf_xw_start(x, "spine");
  sheaf_xw_attr(x, "toc", "ncx");
  const char *ppd = b->meta.ppd;
  if (!ppd && sheaf_lang_is_rtl(b->meta.lang) && !b->meta.dir) {
    ppd = "rtl";
  }
  if (ppd && strcmp(ppd, "default") != 0) {
    sheaf_xw_attr(x, "page-progression-direction", ppd);
  }
  if (pkg->has_cover_page) {
    itemref(x, "text-cover", 1);
  }
  itemref(x, "text-title-page", 1);
  itemref(x, "nav", (b->flags & SHEAF_OPT_TOC_PAGE) != 0);
  for (size_t i = 0; i < b->n_parts; i++) {
    char *id = sheaf_xasprintf("text-%s", b->parts[i].name);
    itemref(x, id, 1);
    free(id);
  }
  sheaf_xw_end(x);
}

int sheaf_opf_write(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err) {
  const sheaf_book *b = pkg->book;
  sheaf_xw x;
  sheaf_xw_begin(&x);
  sheaf_xw_start(&x, "package");
  sheaf_xw_attr(&x, "xmlns", "http://www.idpf.org/2007/opf");
  sheaf_xw_attr(&x, "version", "3.0");
  sheaf_xw_attr(&x, "unique-identifier", "uid");
  sheaf_xw_attr(&x, "xml:lang", b->meta.lang);
  const char *dir = b->meta.dir ? b->meta.dir : (sheaf_lang_is_rtl(b->meta.lang) ? "rtl" : NULL);
  if (dir && strcmp(dir, "auto") != 0) {
    sheaf_xw_attr(&x, "dir", dir);
  }
  if (uses_ibooks(&b->meta)) {
    sheaf_xw_attr(&x, "prefix", IBOOKS_PREFIX);
  }
  metadata(&x, pkg);
  manifest(&x, pkg);
  spine(&x, pkg);
  sheaf_xw_end(&x);
  return sheaf_xw_finish(&x, "package.opf", out, err);
}
