/* html_foreign.c -- SVG and MathML inside raw HTML
 * SPDX-License-Identifier: MIT
 *
 * The HTML parser lowers every name and knows nothing of SVG's or MathML's content models.
 * Here the foreign elements get their proper case back, unknown ones are unwrapped,
 * handlers and remote references removed, and HTML met inside them ends them as HTML5's
 * parser would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_int.h"
#include "html_tables.h"
#include "url.h"

static int prop_is(const char *name, const char *want) {
  return strcmp(name, want) == 0;
}

/* SVG and MathML names in their proper case (the HTML parser lowers them). */
static const char *const foreign_names[] = {
    "altGlyph",
    "altGlyphDef",
    "altGlyphItem",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "attributeName",
    "attributeType",
    "baseFrequency",
    "baseProfile",
    "calcMode",
    "clipPath",
    "clipPathUnits",
    "contentScriptType",
    "contentStyleType",
    "definitionURL",
    "diffuseConstant",
    "edgeMode",
    "externalResourcesRequired",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filterRes",
    "filterUnits",
    "foreignObject",
    "glyphRef",
    "gradientTransform",
    "gradientUnits",
    "kernelMatrix",
    "kernelUnitLength",
    "keyPoints",
    "keySplines",
    "keyTimes",
    "lengthAdjust",
    "limitingConeAngle",
    "linearGradient",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "maskContentUnits",
    "maskUnits",
    "numOctaves",
    "pathLength",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "radialGradient",
    "refX",
    "refY",
    "repeatCount",
    "repeatDur",
    "requiredExtensions",
    "requiredFeatures",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "startOffset",
    "stdDeviation",
    "stitchTiles",
    "surfaceScale",
    "systemLanguage",
    "tableValues",
    "targetX",
    "targetY",
    "textLength",
    "textPath",
    "viewBox",
    "viewTarget",
    "xChannelSelector",
    "yChannelSelector",
    "zoomAndPan",
};

const char *html_foreign_case(const char *lower) {
  for (size_t i = 0; i < sizeof foreign_names / sizeof *foreign_names; i++) {
    if (strcasecmp(foreign_names[i], lower) == 0) {
      return foreign_names[i];
    }
  }
  return lower;
}

static int in_words(const char *words, const char *name) {
  size_t n = strlen(name);
  for (const char *p = words; (p = strstr(p, name)) != NULL; p += n) {
    if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) {
      return 1;
    }
  }
  return 0;
}

int html_foreign_known(const char *lower, int foreign) {
  static const char svg[] =
      "a altglyph altglyphdef altglyphitem animate animatecolor animatemotion animatetransform "
      "circle clippath color-profile cursor defs desc ellipse feblend fecolormatrix "
      "fecomponenttransfer fecomposite feconvolvematrix fediffuselighting fedisplacementmap "
      "fedistantlight fedropshadow feflood fefunca fefuncb fefuncg fefuncr fegaussianblur "
      "feimage femerge femergenode femorphology feoffset fepointlight fespecularlighting "
      "fespotlight fetile feturbulence filter font font-face font-face-format font-face-name "
      "font-face-src font-face-uri foreignobject g glyph glyphref hkern image line "
      "lineargradient marker mask metadata missing-glyph mpath path pattern polygon polyline "
      "radialgradient rect script set stop style svg switch symbol text textpath title tref "
      "tspan use view vkern";
  static const char math[] =
      "math maction maligngroup malignmark menclose merror mfenced mfrac mglyph mi mlabeledtr "
      "mlongdiv mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms mscarries "
      "mscarry msgroup msline mspace msqrt msrow mstack mstyle msub msubsup msup mtable mtd "
      "mtext mtr munder munderover none semantics annotation annotation-xml";
  return in_words(foreign == 1 ? svg : math, lower);
}

int html_breaks_out(const char *lower) {
  static const char out[] =
      "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
      "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt "
      "u ul var font";
  return in_words(out, lower);
}

static int remote_ref(const char *v) {
  return sheaf_url_unsafe(v) || sheaf_url_scheme(v) > 0 || (v[0] == '/' && v[1] == '/');
}

/* Decides one attribute of an SVG or MathML element: 1 removes it. Namespace declarations,
 * malformed names, event handlers, remote or script references and prefixes we do not
 * declare go; xlink attributes stay and note that the book must declare that prefix. */
static int foreign_attr_removed(cleaner *c, xmlNodePtr n, const char *name, const char *v) {
  int url = prop_is(name, "href") || prop_is(name, "xlink:href") || prop_is(name, "src");
  if (strncmp(name, "xmlns", 5) == 0 || !html_xml_name_ok(name)) {
    return 1;
  }
  if (strncasecmp(name, "on", 2) == 0 && !c->env->allow_unsafe) {
    html_note(c, n, "handler", "event handler '%s' removed from <%s>", name, html_name(n));
    return 1;
  }
  if (url && *v != '#' && remote_ref(v)) {
    html_note(c, n, "foreignref", "remote or script reference removed from <%s>", html_name(n));
    return 1;
  }
  if (strncmp(name, "xlink:", 6) == 0) {
    c->xlink = 1;
    return 0;
  }
  /* editor data such as inkscape:label: the prefix is undeclared */
  return strchr(name, ':') && !prop_is(name, "xml:lang") && !prop_is(name, "xml:space");
}

static void clean_foreign_attrs(cleaner *c, xmlNodePtr n) {
  xmlAttrPtr a = n->properties;
  while (a) {
    xmlAttrPtr next = a->next;
    xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
    int remove =
        foreign_attr_removed(c, n, (const char *)a->name, value ? (const char *)value : "");
    xmlFree(value);
    if (remove) {
      xmlRemoveProp(a);
    }
    a = next;
  }
}

/* The svg or math element whose foreign content n is in. */
static xmlNodePtr foreign_root(xmlNodePtr n) {
  while (n->parent && n->parent->type == XML_ELEMENT_NODE && !html_is(n, "svg") &&
         !html_is(n, "math")) {
    n = n->parent;
  }
  return n;
}

/* An HTML element inside SVG or MathML ends it, as in HTML5 parsing: n and everything after
 * it move out, after the svg or math element. Returns NULL: nothing is left to walk here. */
static xmlNodePtr break_out(cleaner *c, xmlNodePtr n) {
  xmlNodePtr root = foreign_root(n->parent);
  html_note(c, n, "breakout",
            "<%s> cannot stand inside <%s>; it and what follows were moved after "
            "it",
            html_name(n), html_name(root));
  xmlNodePtr at = root;
  while (n) {
    xmlNodePtr next = n->next;
    xmlUnlinkNode(n);
    xmlAddNextSibling(at, n);
    at = n;
    n = next;
  }
  return NULL;
}

xmlNodePtr html_clean_foreign(cleaner *c, xmlNodePtr n, int foreign, int in_link) {
  const char *name = html_name(n);
  if (!strcmp(name, "script") && !c->env->allow_unsafe) {
    html_note(c, n, "script", "<script> removed (scripts are not allowed)");
    return html_drop(n);
  }
  int ours = xmlHasProp(n, (const xmlChar *)SHEAF_HTML_OWN) != NULL; /* HTML the renderer made */
  if (!html_is(n, "svg") && !html_is(n, "math") && (ours || html_breaks_out(name)) && n->parent &&
      n->parent->type == XML_ELEMENT_NODE) {
    return break_out(c, n);
  }
  if (!html_foreign_known(name, foreign) || (in_link && !strcmp(name, "a"))) {
    html_note(c, n, "foreign", "<%s> is not an element of %s; its content is kept", name,
              foreign == 1 ? "SVG" : "MathML");
    return html_unwrap(n);
  }
  clean_foreign_attrs(c, n);
  char *id = html_attr(n, "id");
  if (id && c->env->id) {
    unsigned line;
    unsigned col;
    html_position(c, n, &line, &col);
    html_set_attr(n, "id", c->env->id(c->env->ud, id, line, col));
  }
  xmlFree(id);
  int link = in_link || !strcmp(name, "a");
  if (foreign == 1 && !strcasecmp(name, "foreignObject")) {
    html_clean_children(c, n, 0, link, 0);
  } else {
    html_clean_children(c, n, 0, link, foreign);
  }
  return n->next;
}
