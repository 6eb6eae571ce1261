/* test_values.c -- attribute value checks against a table of cases
 * SPDX-License-Identifier: MIT
 *
 * Each row is an attribute on an element, the element's other attributes (`ctx`: NULL calls
 * the check without them), the verdict and, for FIXED, the repaired value. Rows marked
 * STRICT are values EPUBCheck 4.2.6 lets through that HTML does not allow (a 30th of
 * February, an ill-formed language tag), which we still drop.
 *
 * `test_values --dump` prints the table as TSV (key, element, attribute, value, ctx,
 * verdict, fixed, strict) for a script that writes every row into an EPUB and checks the
 * verdicts against EPUBCheck itself. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "html_values.h"

typedef struct vrow {
  const char *el;
  const char *attr;
  const char *value;
  const char *ctx; /* other attributes, name="value" ...; NULL: no env */
  sheaf_value_verdict want;
  const char *fixed; /* the repaired value when FIXED */
  int strict;        /* EPUBCheck accepts the value, HTML does not */
} vrow;

#define OK_(el, attr, value)                                                                       \
  { el, attr, value, NULL, SHEAF_VALUE_OK, NULL, 0 }
#define OKC(el, attr, value, ctx)                                                                  \
  { el, attr, value, ctx, SHEAF_VALUE_OK, NULL, 0 }
#define FIX(el, attr, value, fixed)                                                                \
  { el, attr, value, NULL, SHEAF_VALUE_FIXED, fixed, 0 }
#define FIXC(el, attr, value, ctx, fixed)                                                          \
  { el, attr, value, ctx, SHEAF_VALUE_FIXED, fixed, 0 }
#define DROP(el, attr, value)                                                                      \
  { el, attr, value, NULL, SHEAF_VALUE_DROP, NULL, 0 }
#define DROPC(el, attr, value, ctx)                                                                \
  { el, attr, value, ctx, SHEAF_VALUE_DROP, NULL, 0 }
#define STRICT(el, attr, value)                                                                    \
  { el, attr, value, NULL, SHEAF_VALUE_DROP, NULL, 1 }

static const vrow rows[] = {
    /* table cells */
    OK_("td", "colspan", "2"),
    OK_("td", "colspan", "1"),
    OK_("td", "colspan", "5000"),
    DROP("td", "colspan", "0"),
    DROP("td", "colspan", "abc"),
    DROP("td", "colspan", "-1"),
    DROP("td", "colspan", ""),
    DROP("td", "colspan", "50%"),
    FIX("td", "colspan", "2.0", "2"),
    FIX("td", "colspan", " 2 ", "2"),
    FIX("td", "colspan", "+3", "3"),
    FIX("td", "colspan", "007", "7"),
    OK_("td", "rowspan", "0"),
    OK_("td", "rowspan", "3"),
    DROP("td", "rowspan", "-1"),
    DROP("td", "rowspan", "x"),
    FIX("td", "rowspan", "1.5", "1"),
    OK_("th", "colspan", "3"),
    OK_("th", "scope", "row"),
    OK_("th", "scope", "col"),
    OK_("th", "scope", "rowgroup"),
    OK_("th", "scope", "colgroup"),
    DROP("th", "scope", "sideways"),
    DROP("th", "scope", ""),
    FIX("th", "scope", "ROW", "row"),
    FIX("th", "scope", " col ", "col"),
    OK_("th", "abbr", "anything at all"),
    OK_("td", "headers", "t1"),
    OK_("td", "headers", "t1 t2"),
    {"td", "headers", "", NULL, SHEAF_VALUE_DROP, NULL, 1},
    {"th", "headers", "   ", NULL, SHEAF_VALUE_DROP, NULL, 1},
    OK_("col", "span", "2"),
    DROP("col", "span", "0"),
    DROP("col", "span", "abc"),
    OK_("colgroup", "span", "3"),
    DROP("colgroup", "span", "-2"),
    /* lists */
    OK_("ol", "start", "3"),
    OK_("ol", "start", "-5"),
    DROP("ol", "start", "abc"),
    FIX("ol", "start", "3rd", "3"),
    OK_("ol", "type", "1"),
    OK_("ol", "type", "a"),
    OK_("ol", "type", "A"),
    OK_("ol", "type", "i"),
    OK_("ol", "type", "I"),
    DROP("ol", "type", "x"),
    FIX("ol", "type", " a ", "a"),
    OK_("ol", "reversed", ""),
    OK_("ol", "reversed", "reversed"),
    FIX("ol", "reversed", "false", "reversed"),
    FIX("ol", "reversed", "REVERSED", "reversed"),
    OK_("li", "value", "4"),
    OK_("li", "value", "-2"),
    DROP("li", "value", "x"),
    FIX("li", "value", "2.5", "2"),
    /* languages */
    OK_("p", "lang", "en"),
    OK_("p", "lang", "en-US"),
    OK_("p", "lang", "zh-Hant-TW"),
    OK_("p", "lang", "x-klingon"),
    OK_("p", "lang", "i-klingon"),
    OK_("p", "lang", "sl-rozaj-biske"),
    OK_("p", "lang", "de-CH-1996"),
    OK_("p", "lang", "en-a-bbb-x-a-ccc"),
    DROP("p", "lang", "not a tag!"),
    DROP("p", "lang", "en-"),
    DROP("p", "lang", "toolongtag"),
    DROP("p", "lang", "en--US"),
    DROP("p", "lang", "1en"),
    STRICT("p", "lang", "en-US-US"),
    STRICT("p", "lang", "en-x"),
    FIX("p", "lang", "en_US", "en-US"),
    FIX("p", "lang", " fr ", "fr"),
    OK_("p", "xml:lang", ""),
    OK_("p", "xml:lang", "de-DE"),
    DROP("p", "xml:lang", "abcdefghi"),
    DROP("p", "xml:lang", "de DE"),
    OK_("a", "hreflang", "fr"),
    DROP("a", "hreflang", "bad lang"),
    STRICT("a", "hreflang", ""),
    FIX("a", "hreflang", "pt_BR", "pt-BR"),
    /* ARIA states and properties */
    OK_("p", "aria-hidden", "true"),
    OK_("p", "aria-hidden", "false"),
    DROP("p", "aria-hidden", "maybe"),
    DROP("p", "aria-hidden", "undefined"),
    FIX("p", "aria-hidden", "TRUE", "true"),
    FIX("p", "aria-hidden", " true", "true"),
    DROP("p", "aria-fake", "1"),
    DROP("p", "aria-description", "words"),
    OK_("p", "aria-live", "polite"),
    OK_("p", "aria-live", "assertive"),
    OK_("p", "aria-live", "off"),
    FIX("p", "aria-live", "Polite", "polite"),
    DROP("p", "aria-live", "loud"),
    OK_("p", "aria-relevant", "additions text"),
    OK_("p", "aria-relevant", "removals additions"),
    OK_("p", "aria-relevant", "all"),
    FIX("p", "aria-relevant", "all additions", "all"),
    FIX("p", "aria-relevant", "text text", "text"),
    FIX("p", "aria-relevant", "additions removals text", "all"),
    DROP("p", "aria-relevant", "foo"),
    OK_("p", "aria-atomic", "true"),
    OK_("p", "aria-busy", "false"),
    OK_("p", "aria-disabled", "true"),
    DROP("p", "aria-busy", "yes"),
    OK_("p", "aria-current", "page"),
    OK_("p", "aria-current", "true"),
    OK_("p", "aria-current", "location"),
    FIX("p", "aria-current", "PAGE", "page"),
    DROP("p", "aria-current", "yes"),
    OK_("p", "aria-haspopup", "menu"),
    OK_("p", "aria-haspopup", "dialog"),
    OK_("p", "aria-haspopup", "listbox"),
    DROP("p", "aria-haspopup", "popup"),
    OK_("p", "aria-invalid", "grammar"),
    OK_("p", "aria-invalid", "spelling"),
    DROP("p", "aria-invalid", "maybe"),
    OK_("p", "aria-dropeffect", "copy move"),
    FIX("p", "aria-dropeffect", "copy bogus", "copy"),
    DROP("p", "aria-dropeffect", "bogus"),
    OK_("p", "aria-grabbed", "undefined"),
    OK_("p", "aria-label", "Chapter one"),
    OK_("p", "aria-label", ""),
    OK_("p", "aria-roledescription", "slide"),
    OK_("p", "aria-keyshortcuts", "Alt+Shift+P"),
    OK_("p", "aria-describedby", "t1"),
    OK_("p", "aria-describedby", "t1 t2"),
    STRICT("p", "aria-describedby", ""),
    OK_("p", "aria-labelledby", "t1"),
    OK_("p", "aria-controls", "t2"),
    OK_("p", "aria-owns", "t1"),
    OK_("p", "aria-flowto", "t2"),
    OK_("p", "aria-details", "t1"),
    DROP("p", "aria-details", "t1 t2"),
    FIX("p", "aria-details", " t1 ", "t1"),
    OK_("p", "aria-errormessage", "t2"),
    DROP("p", "aria-errormessage", ""),
    OKC("h2", "aria-level", "2", ""),
    DROPC("h2", "aria-level", "0", ""),
    DROPC("h2", "aria-level", "x", ""),
    FIXC("h2", "aria-level", "2.0", "", "2"),
    DROPC("p", "aria-level", "2", ""),
    OKC("div", "aria-level", "3", "role=\"heading\""),
    OKC("li", "aria-level", "1", ""),
    OKC("li", "aria-posinset", "1", ""),
    OKC("li", "aria-setsize", "0", ""),
    DROPC("li", "aria-setsize", "-1", ""),
    OKC("table", "aria-colcount", "3", ""),
    DROPC("table", "aria-colcount", "0", ""),
    OKC("table", "aria-rowcount", "10", ""),
    OKC("td", "aria-rowindex", "2", ""),
    OKC("td", "aria-colspan", "2", ""),
    DROPC("td", "aria-rowspan", "0", ""),
    DROPC("tr", "aria-colindex", "2", ""),
    OKC("tr", "aria-colindex", "2", "role=\"row\""),
    OKC("th", "aria-sort", "ascending", ""),
    FIXC("th", "aria-sort", "Descending", "", "descending"),
    DROPC("th", "aria-sort", "up", ""),
    OKC("details", "aria-expanded", "true", ""),
    OKC("details", "aria-expanded", "undefined", ""),
    DROPC("details", "aria-expanded", "open", ""),
    DROPC("p", "aria-expanded", "true", ""),
    OK_("details", "aria-expanded", "false"),
    OKC("summary", "aria-pressed", "mixed", ""),
    OKC("progress", "aria-valuenow", "5", ""),
    OKC("progress", "aria-valuenow", "1e3", ""),
    DROPC("progress", "aria-valuenow", "abc", ""),
    FIXC("progress", "aria-valuenow", "+5", "", "5"),
    FIXC("progress", "aria-valuemin", ".5", "", "0.5"),
    OKC("progress", "aria-valuemax", "-2.25", ""),
    OKC("progress", "aria-valuetext", "half way", ""),
    OKC("div", "aria-checked", "mixed", "role=\"checkbox\""),
    DROPC("div", "aria-checked", "maybe", "role=\"checkbox\""),
    DROPC("div", "aria-checked", "true", ""),
    OKC("hr", "aria-orientation", "vertical", ""),
    DROPC("hr", "aria-orientation", "diagonal", ""),
    OKC("div", "aria-autocomplete", "list", "role=\"textbox\""),
    DROPC("div", "aria-autocomplete", "some", "role=\"textbox\""),
    OKC("div", "aria-multiline", "false", "role=\"textbox\""),
    OKC("div", "aria-placeholder", "Type here", "role=\"textbox\""),
    OKC("div", "aria-readonly", "true", "role=\"textbox\""),
    OKC("div", "aria-required", "true", "role=\"textbox\""),
    OKC("div", "aria-modal", "true", "role=\"dialog\""),
    OKC("div", "aria-multiselectable", "true", "role=\"listbox\""),
    OKC("div", "aria-selected", "undefined", "role=\"option\""),
    DROPC("div", "aria-modal", "true", "role=\"doc-chapter\""),
    /* roles */
    OK_("aside", "role", "doc-footnote"),
    OK_("aside", "role", "note"),
    OK_("aside", "role", "doc-pullquote"),
    DROP("aside", "role", "doc-endnote"),
    FIX("aside", "role", "doc-footnote note", "doc-footnote"),
    FIX("aside", "role", "doc-endnote doc-footnote", "doc-footnote"),
    OK_("li", "role", "doc-endnote"),
    OK_("li", "role", "doc-biblioentry"),
    OK_("li", "role", "listitem"),
    OK_("li", "role", "presentation"),
    OK_("li", "role", "none"),
    DROP("li", "role", "doc-footnote"),
    OK_("section", "role", "doc-chapter"),
    OK_("section", "role", "doc-endnotes"),
    OK_("section", "role", "doc-toc"),
    OK_("section", "role", "region"),
    DROP("section", "role", "doc-endnote"),
    DROP("section", "role", "doc-footnote"),
    OK_("div", "role", "doc-endnote"),
    OK_("div", "role", "note"),
    OK_("div", "role", "graphics-document"),
    DROP("div", "role", "not-a-role"),
    DROP("div", "role", ""),
    FIX("div", "role", "NOTE", "note"),
    FIX("div", "role", "note doc-tip", "note"),
    FIX("div", "role", "foo note", "note"),
    FIX("div", "role", "  note ", "note"),
    DROP("div", "role", "checkbox"),
    OKC("div", "role", "checkbox", "aria-checked=\"false\""),
    DROPC("div", "role", "checkbox", "aria-checked=\"maybe\""),
    OKC("div", "role", "slider", "aria-valuemin=\"0\" aria-valuemax=\"9\" aria-valuenow=\"3\""),
    DROPC("div", "role", "slider", "aria-valuemin=\"0\""),
    OK_("nav", "role", "doc-toc"),
    OK_("nav", "role", "doc-index"),
    OK_("nav", "role", "navigation"),
    DROP("nav", "role", "doc-chapter"),
    OK_("header", "role", "doc-footnote"),
    OK_("header", "role", "banner"),
    DROP("header", "role", "region"),
    OK_("footer", "role", "contentinfo"),
    OK_("main", "role", "main"),
    DROP("main", "role", "region"),
    OK_("hr", "role", "doc-pagebreak"),
    OK_("hr", "role", "separator"),
    OK_("hr", "role", "presentation"),
    DROP("hr", "role", "img"),
    OK_("img", "role", "doc-cover"),
    OK_("img", "role", "presentation"),
    OK_("img", "role", "none"),
    DROP("img", "role", "heading"),
    OK_("a", "role", "doc-noteref"),
    OK_("a", "role", "doc-backlink"),
    OK_("a", "role", "doc-biblioref"),
    OK_("a", "role", "link"),
    DROP("a", "role", "doc-endnote"),
    OKC("a", "role", "doc-endnote", ""),
    OK_("h2", "role", "doc-subtitle"),
    OK_("h2", "role", "heading"),
    DROP("h2", "role", "doc-chapter"),
    OK_("p", "role", "doc-pagebreak"),
    OK_("span", "role", "doc-pagebreak"),
    OK_("figure", "role", "figure"),
    DROP("figure", "role", "doc-example"),
    OK_("ul", "role", "list"),
    DROP("ul", "role", "doc-bibliography"),
    OK_("ol", "role", "tree"),
    OK_("dl", "role", "list"),
    OK_("dt", "role", "term"),
    DROP("dt", "role", "presentation"),
    OK_("dd", "role", "definition"),
    DROP("dd", "role", "note"),
    OK_("table", "role", "presentation"),
    OK_("td", "role", "gridcell"),
    OK_("article", "role", "region"),
    DROP("article", "role", "doc-chapter"),
    OK_("details", "role", "group"),
    DROP("details", "role", "note"),
    OK_("summary", "role", "button"),
    OK_("dialog", "role", "alertdialog"),
    DROP("dialog", "role", "dialog"),
    DROP("caption", "role", "note"),
    DROP("meter", "role", "meter"),
    DROP("input", "role", "switch"),
    OKC("input", "role", "switch", "type=\"checkbox\" aria-checked=\"true\""),
    DROPC("input", "role", "textbox", "type=\"password\""),
    OKC("button", "role", "tab", ""),
    OK_("iframe", "role", "presentation"),
    DROP("object", "role", "presentation"),
    OK_("video", "role", "application"),
    DROP("video", "role", "img"),
    OK_("svg", "role", "whatever"),
    /* epub:type */
    OK_("p", "epub:type", "chapter"),
    OK_("p", "epub:type", "footnote noteref"),
    OK_("p", "epub:type", "z3998:fiction"),
    DROP("p", "epub:type", ""),
    DROP("p", "epub:type", "#"),
    FIX("p", "epub:type", "a#b chapter", "chapter"),
    FIX("p", "epub:type", "  chapter  ", "chapter"),
    /* global attributes */
    OK_("p", "dir", "ltr"),
    OK_("p", "dir", "rtl"),
    OK_("p", "dir", "auto"),
    FIX("p", "dir", "LTR", "ltr"),
    DROP("p", "dir", "up"),
    DROP("p", "dir", ""),
    OK_("bdo", "dir", "rtl"),
    OK_("bdo", "dir", "auto"),
    OK_("p", "tabindex", "-1"),
    OK_("p", "tabindex", "0"),
    DROP("p", "tabindex", "abc"),
    FIX("p", "tabindex", "1.5", "1"),
    FIX("p", "tabindex", " 2", "2"),
    OK_("p", "contenteditable", ""),
    OK_("p", "contenteditable", "true"),
    OK_("p", "contenteditable", "false"),
    FIX("p", "contenteditable", "TRUE", "true"),
    DROP("p", "contenteditable", "plaintext-only"),
    OK_("p", "draggable", "true"),
    DROP("p", "draggable", ""),
    DROP("p", "draggable", "auto"),
    OK_("p", "spellcheck", ""),
    OK_("p", "spellcheck", "false"),
    DROP("p", "spellcheck", "no"),
    OK_("p", "translate", ""),
    OK_("p", "translate", "yes"),
    OK_("p", "translate", "no"),
    FIX("p", "translate", "YES", "yes"),
    DROP("p", "translate", "true"),
    OK_("p", "hidden", ""),
    OK_("p", "hidden", "hidden"),
    FIX("p", "hidden", "HIDDEN", "hidden"),
    FIX("p", "hidden", "until-found", "hidden"),
    FIX("p", "hidden", "false", "hidden"),
    OK_("p", "autocapitalize", "words"),
    FIX("p", "autocapitalize", "Words", "words"),
    DROP("p", "autocapitalize", "all"),
    OK_("p", "xml:space", "preserve"),
    FIX("p", "xml:space", "PRESERVE", "preserve"),
    DROP("p", "xml:space", "keep"),
    /* boolean attributes */
    OK_("details", "open", ""),
    OK_("details", "open", "open"),
    FIX("details", "open", "false", "open"),
    FIX("details", "open", "OPEN", "open"),
    OK_("dialog", "open", ""),
    OK_("video", "controls", ""),
    FIX("video", "controls", "true", "controls"),
    OK_("video", "autoplay", "autoplay"),
    FIX("video", "loop", "1", "loop"),
    OK_("video", "muted", ""),
    OK_("video", "playsinline", ""),
    OK_("img", "ismap", ""),
    FIX("img", "ismap", "true", "ismap"),
    OKC("input", "checked", "", "type=\"checkbox\""),
    FIXC("input", "checked", "yes", "type=\"checkbox\"", "checked"),
    OK_("input", "disabled", ""),
    OK_("input", "required", "required"),
    FIX("input", "readonly", "READONLY", "readonly"),
    OK_("select", "multiple", ""),
    OK_("option", "selected", "selected"),
    OK_("form", "novalidate", ""),
    OK_("button", "formnovalidate", ""),
    FIX("iframe", "allowfullscreen", "true", "allowfullscreen"),
    OK_("div", "itemscope", ""),
    FIX("div", "itemscope", "yes", "itemscope"),
    OK_("input", "autofocus", "autofocus"),
    /* image maps */
    OKC("area", "shape", "circle", "coords=\"1,2,3\""),
    OKC("area", "shape", "rect", "coords=\"1,2,3,4\""),
    OKC("area", "shape", "default", ""),
    FIXC("area", "shape", "circ", "coords=\"1,2,3\"", "circle"),
    FIXC("area", "shape", "CIRCLE", "coords=\"1,2,3\"", "circle"),
    FIXC("area", "shape", "polygon", "coords=\"0,0,9,0,9,9\"", "poly"),
    DROPC("area", "shape", "weird", "coords=\"1,2,3,4\""),
    DROPC("area", "shape", "circle", ""),
    DROP("area", "coords", "1,1"),
    OK_("area", "coords", "1,2,3,4"),
    OKC("area", "coords", "10,10,5", "shape=\"circle\""),
    OKC("area", "coords", "0,0,10,0,10,10", "shape=\"poly\""),
    OKC("area", "coords", "-1,0,5,5", ""),
    FIXC("area", "coords", "1, 2, 3", "shape=\"circle\"", "1,2,3"),
    DROPC("area", "coords", "1,2,3,4", "shape=\"circle\""),
    DROPC("area", "coords", "1,2,-3", "shape=\"circle\""),
    DROPC("area", "coords", "0,0,9,0,9", "shape=\"poly\""),
    DROPC("area", "coords", "1,2,3,4", "shape=\"default\""),
    DROPC("area", "coords", "1,2,3", ""),
    DROPC("area", "coords", "a,b,c,d", ""),
    OK_("map", "name", "m1"),
    FIX("map", "name", "has space", "has-space"),
    DROP("map", "name", ""),
    OK_("img", "usemap", "#m1"),
    FIX("img", "usemap", "m1", "#m1"),
    FIX("img", "usemap", "#has space", "#has-space"),
    DROP("img", "usemap", "#"),
    /* dates and times */
    OK_("time", "datetime", "2020-01-15"),
    OK_("time", "datetime", "2020-01"),
    OK_("time", "datetime", "2020"),
    OK_("time", "datetime", "--12-25"),
    OK_("time", "datetime", "12-25"),
    OK_("time", "datetime", "2020-W05"),
    OK_("time", "datetime", "10:30"),
    OK_("time", "datetime", "10:30:15.250"),
    OK_("time", "datetime", "2020-01-15T10:30"),
    OK_("time", "datetime", "2020-01-15 10:30:00Z"),
    OK_("time", "datetime", "2020-01-15T10:30+05:30"),
    OK_("time", "datetime", "2020-01-15T10:30-0800"),
    OK_("time", "datetime", "2024-02-29"),
    OK_("time", "datetime", "PT1H30M"),
    OK_("time", "datetime", "P2D"),
    OK_("time", "datetime", "P1DT12H"),
    OK_("time", "datetime", "PT2.5S"),
    OK_("time", "datetime", "1H 30M"),
    OK_("time", "datetime", "3.5S"),
    FIX("time", "datetime", "1h 30m", "1H 30M"),
    FIX("time", "datetime", " 2020-01-15 ", "2020-01-15"),
    FIX("time", "datetime", "2020-01-15t10:30z", "2020-01-15T10:30Z"),
    DROP("time", "datetime", "not a date"),
    DROP("time", "datetime", "+05:00"),
    DROP("time", "datetime", "P1Y"),
    DROP("time", "datetime", "PT"),
    DROP("time", "datetime", "10:30:15.2504"),
    DROP("time", "datetime", "2020/01/15"),
    STRICT("time", "datetime", "1H 2H"),
    STRICT("time", "datetime", "2020-13-01"),
    STRICT("time", "datetime", "2020-02-30"),
    STRICT("time", "datetime", "2023-02-29"),
    STRICT("time", "datetime", "24:00"),
    STRICT("time", "datetime", "0000"),
    OK_("ins", "datetime", "2020-01-15"),
    OK_("ins", "datetime", "2020-01-15T10:00Z"),
    OK_("del", "datetime", "2020-01-15T10:00"),
    DROP("ins", "datetime", "2020"),
    DROP("del", "datetime", "yesterday"),
    /* URLs */
    OK_("blockquote", "cite", "http://example.com/a"),
    OK_("blockquote", "cite", "http://[::1]/x"),
    OK_("ins", "cite", "caf\xc3\xa9.html"),
    FIX("blockquote", "cite", "a b", "a%20b"),
    FIX("blockquote", "cite", "%zz", "%25zz"),
    FIX("blockquote", "cite", "a#b#c", "a#b%23c"),
    FIX("q", "cite", "http://x.org/[1]", "http://x.org/%5B1%5D"),
    FIX("q", "cite", " http://x.org/ ", "http://x.org/"),
    STRICT("blockquote", "cite", ""),
    OK_("div", "itemid", "urn:isbn:0451450523"),
    OK_("div", "itemtype", "http://schema.org/Book"),
    OK_("div", "itemtype", "http://schema.org/Book http://schema.org/Thing"),
    DROP("div", "itemtype", ""),
    OK_("div", "itemprop", "name"),
    OK_("div", "itemprop", "name author"),
    DROP("div", "itemprop", ""),
    OK_("div", "itemref", "t1"),
    /* MIME types */
    OK_("a", "type", "text/html"),
    OK_("a", "type", "text/html; charset=utf-8"),
    OK_("a", "type", "application/vnd.ms-excel"),
    DROP("a", "type", "not a mime type"),
    DROP("a", "type", "text"),
    DROP("a", "type", "text/"),
    FIX("a", "type", " text/html", "text/html"),
    OK_("object", "type", "image/png"),
    OK_("embed", "type", "image/svg+xml"),
    /* numbers */
    OKC("meter", "value", "0.5", ""),
    OKC("meter", "value", "5", ""),
    OKC("meter", "value", "-1", ""),
    OKC("meter", "value", "1e3", ""),
    DROPC("meter", "value", "abc", ""),
    FIXC("meter", "value", ".5", "", "0.5"),
    FIXC("meter", "value", "5.", "", "5"),
    FIXC("meter", "value", "+5", "", "5"),
    FIXC("meter", "value", "1,5", "", "1"),
    DROPC("meter", "value", "INF", ""),
    DROPC("meter", "value", "NaN", ""),
    OKC("meter", "min", "0", "value=\"1\""),
    OKC("meter", "max", "10", "value=\"1\""),
    OKC("meter", "low", "2.5", "value=\"1\""),
    OKC("meter", "high", "8", "value=\"1\""),
    OKC("meter", "optimum", "5", "value=\"1\""),
    DROPC("meter", "max", "ten", "value=\"1\""),
    OK_("progress", "max", "100"),
    OK_("progress", "max", "0.5"),
    DROP("progress", "max", "-1"),
    DROP("progress", "max", "0"),
    OK_("progress", "value", "0"),
    OK_("progress", "value", "50"),
    DROP("progress", "value", "-1"),
    DROP("progress", "value", "abc"),
    OK_("img", "width", "100"),
    OK_("img", "height", "0"),
    DROP("img", "width", "50%"),
    DROP("img", "width", "-5"),
    FIX("img", "width", "1.5", "1"),
    OK_("video", "height", "240"),
    DROP("canvas", "width", "abc"),
    OK_("canvas", "width", "300"),
    OK_("iframe", "width", "300"),
    OK_("embed", "height", "50"),
    OKC("object", "width", "10", "type=\"image/png\""),
    /* forms */
    OK_("textarea", "rows", "5"),
    DROP("textarea", "rows", "0"),
    OK_("textarea", "cols", "40"),
    DROP("textarea", "cols", "x"),
    OKC("textarea", "wrap", "hard", "cols=\"20\""),
    DROPC("textarea", "wrap", "none", "cols=\"20\""),
    OK_("textarea", "maxlength", "10"),
    DROP("textarea", "maxlength", "-1"),
    OK_("textarea", "minlength", "0"),
    OK_("input", "maxlength", "8"),
    DROP("input", "size", "0"),
    OK_("input", "size", "20"),
    OK_("input", "type", "text"),
    OK_("input", "type", "checkbox"),
    FIX("input", "type", "TEXT", "text"),
    FIX("input", "type", " email ", "email"),
    DROP("input", "type", "datetime"),
    DROP("input", "type", "fancy"),
    OK_("button", "type", "submit"),
    OK_("button", "type", "reset"),
    OK_("button", "type", "button"),
    FIX("button", "type", "Submit", "submit"),
    DROP("button", "type", "menu"),
    OKC("input", "step", "any", "type=\"number\""),
    FIXC("input", "step", "ANY", "type=\"number\"", "any"),
    OKC("input", "step", "0.5", "type=\"number\""),
    DROPC("input", "step", "0", "type=\"number\""),
    OKC("input", "capture", "user", "type=\"file\""),
    DROPC("input", "capture", "front", "type=\"file\""),
    OK_("form", "method", "get"),
    OK_("form", "method", "post"),
    FIX("form", "method", "GET", "get"),
    DROP("form", "method", "put"),
    OK_("form", "enctype", "text/plain"),
    DROP("form", "enctype", "text/html"),
    OK_("form", "autocomplete", "off"),
    DROP("form", "autocomplete", "maybe"),
    OK_("label", "for", "inp"),
    DROP("label", "for", "a b"),
    DROP("label", "for", ""),
    OK_("output", "for", "inp t1"),
    OK_("input", "list", "dl1"),
    OK_("input", "form", "f1"),
    DROP("input", "form", "f1 f2"),
    OK_("button", "form", "f1"),
    /* media and embedding */
    OK_("video", "preload", "auto"),
    OK_("video", "preload", ""),
    OK_("video", "preload", "none"),
    FIX("video", "preload", "AUTO", "auto"),
    DROP("video", "preload", "eager"),
    OK_("video", "crossorigin", "anonymous"),
    OK_("video", "crossorigin", ""),
    DROP("video", "crossorigin", "yes"),
    OK_("img", "decoding", "async"),
    FIX("img", "decoding", "ASYNC", "async"),
    DROP("img", "decoding", "fast"),
    OK_("img", "loading", "lazy"),
    DROP("img", "loading", "soon"),
    OK_("iframe", "loading", "eager"),
    OK_("a", "referrerpolicy", "no-referrer"),
    OK_("a", "referrerpolicy", ""),
    DROP("a", "referrerpolicy", "none"),
    OK_("a", "target", "_blank"),
    OK_("a", "target", "frame1"),
    OK_("a", "target", ""),
    FIX("a", "target", "_new", "_blank"),
    FIX("a", "target", "_BLANK", "_blank"),
    DROP("a", "target", "_foo"),
    OK_("iframe", "name", "f1"),
    DROP("iframe", "name", "_x"),
    OK_("iframe", "sandbox", ""),
    OK_("iframe", "sandbox", "allow-scripts"),
    OK_("iframe", "sandbox", "allow-forms allow-scripts"),
    FIX("iframe", "sandbox", "allow-popups", ""),
    FIX("iframe", "sandbox", "allow-scripts allow-forms", "allow-forms allow-scripts"),
    FIX("iframe", "sandbox", "ALLOW-FORMS", "allow-forms"),
    FIX("iframe", "sandbox", "allow-same-origin allow-popups", "allow-same-origin"),
    /* attributes left to others, and unknown ones */
    OK_("a", "href", "not checked here"),
    OK_("img", "src", ""),
    OK_("p", "id", "1 2"),
    OK_("p", "class", ""),
    OK_("p", "style", "color: red"),
    OK_("p", "title", ""),
    OK_("p", "data-x", "anything"),
};

/* ---- the env a row's ctx describes ---- */

typedef struct ctx_attrs {
  char names[8][32];
  char values[8][96];
  size_t n;
} ctx_attrs;

/* Parses name="value" pairs. */
static void parse_ctx(const char *s, ctx_attrs *out) {
  out->n = 0;
  while (s && *s && out->n < 8) {
    while (*s == ' ') {
      s++;
    }
    const char *eq = strchr(s, '=');
    if (!eq || eq[1] != '"') {
      break;
    }
    const char *end = strchr(eq + 2, '"');
    snprintf(out->names[out->n], sizeof out->names[0], "%.*s", (int)(eq - s), s);
    snprintf(out->values[out->n], sizeof out->values[0], "%.*s", (int)(end - eq - 2), eq + 2);
    out->n++;
    s = end + 1;
  }
}

static const char *ctx_get(void *ud, const char *name) {
  const ctx_attrs *a = ud;
  for (size_t i = 0; i < a->n; i++) {
    if (strcmp(a->names[i], name) == 0) {
      return a->values[i];
    }
  }
  return NULL;
}

static sheaf_value_verdict run_row(const vrow *r, sheaf_buf *fixed, const char **why) {
  if (!r->ctx) {
    return sheaf_html_value_check(r->el, r->attr, r->value, fixed, why);
  }
  ctx_attrs attrs;
  parse_ctx(r->ctx, &attrs);
  sheaf_attr_env env = {ctx_get, &attrs};
  return sheaf_html_value_check_env(r->el, r->attr, r->value, &env, fixed, why);
}

static const char *verdict_name(sheaf_value_verdict v) {
  return v == SHEAF_VALUE_OK ? "OK" : v == SHEAF_VALUE_FIXED ? "FIXED" : "DROP";
}

static void test_row(test_ctx *t, size_t i) {
  const vrow *r = &rows[i];
  sheaf_buf fixed = SHEAF_BUF_INIT;
  const char *why = NULL;
  sheaf_value_verdict got = run_row(r, &fixed, &why);
  OK(t, got == r->want, "row %zu <%s %s=\"%s\"> %s: got %s, want %s", i, r->el, r->attr, r->value,
     r->ctx ? r->ctx : "", verdict_name(got), verdict_name(r->want));
  OK(t, why != NULL && (got == SHEAF_VALUE_OK || *why), "row %zu: a reason with %s", i,
     verdict_name(got));
  if (got == SHEAF_VALUE_FIXED && r->want == SHEAF_VALUE_FIXED) {
    STR_EQ(t, fixed.ptr, r->fixed, r->value);
    /* a repaired value is accepted as it is */
    sheaf_buf again = SHEAF_BUF_INIT;
    vrow fixed_row = *r;
    fixed_row.value = fixed.ptr;
    INT_EQ(t, run_row(&fixed_row, &again, &why), SHEAF_VALUE_OK, fixed.ptr);
    sheaf_buf_free(&again);
  }
  if (got != SHEAF_VALUE_FIXED) {
    OK(t, fixed.len == 0, "row %zu: nothing written unless FIXED", i);
  }
  sheaf_buf_free(&fixed);
}

static void test_idrefs(test_ctx *t) {
  static const struct {
    const char *el;
    const char *attr;
    int want;
  } cases[] = {
      {"div", "aria-labelledby", 1},
      {"p", "aria-describedby", 1},
      {"div", "aria-controls", 1},
      {"div", "aria-owns", 1},
      {"div", "aria-flowto", 1},
      {"div", "itemref", 1},
      {"td", "headers", 1},
      {"th", "headers", 1},
      {"output", "for", 1},
      {"div", "aria-activedescendant", 2},
      {"div", "aria-details", 2},
      {"div", "aria-errormessage", 2},
      {"label", "for", 2},
      {"input", "list", 2},
      {"input", "form", 2},
      {"select", "form", 2},
      {"button", "form", 2},
      {"p", "headers", 0},
      {"p", "for", 0},
      {"div", "list", 0},
      {"a", "href", 0},
      {"div", "aria-label", 0},
      {"p", "id", 0},
      {"img", "usemap", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char what[64];
    snprintf(what, sizeof what, "<%s %s>", cases[i].el, cases[i].attr);
    INT_EQ(t, sheaf_html_idref_attr(cases[i].el, cases[i].attr), cases[i].want, what);
  }
}

/* Prints the table for the EPUBCheck script: tabs and newlines never occur in values. */
static void dump(void) {
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    const vrow *r = &rows[i];
    sheaf_buf fixed = SHEAF_BUF_INIT;
    const char *why;
    sheaf_value_verdict got = run_row(r, &fixed, &why);
    printf("r%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", i, r->el, r->attr, r->value, r->ctx ? r->ctx : "-",
           verdict_name(got), fixed.ptr ? fixed.ptr : "", r->strict);
    sheaf_buf_free(&fixed);
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
    dump();
    return 0;
  }
  test_ctx t = {0, 0};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    test_row(&t, i);
  }
  test_idrefs(&t);
  OK(&t, sizeof rows / sizeof *rows >= 150, "the table has %zu rows", sizeof rows / sizeof *rows);
  return test_report(&t, "unit_values");
}
