/* html_foreign.c -- SVG and MathML inside raw HTML
 * SPDX-License-Identifier: MIT
 *
 * The HTML parser lowers every name and knows nothing of SVG's or MathML's content models.
 * Here the foreign elements get their proper case back; unknown ones, text where it may not
 * stand and attribute values not of their type are dealt with as EPUBCheck's schemas require;
 * handlers and remote references are removed; links, images and id references are resolved
 * through the chapter stage as HTML ones are; and HTML met inside them ends them as HTML5's
 * parser would. */
#include <ctype.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "buf.h"
#include "html_int.h"
#include "html_tables.h"
#include "mem.h"
#include "strmap.h"
#include "svg.h"
#include "url.h"
#include "utf8.h"

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

/* True when `name` is one of the space-separated words of `words`. */
static int in_words(const char *words, const char *name) {
  size_t n = strlen(name);
  if (n == 0) {
    return 0;
  }
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

/* ---- attribute values ----
 *
 * EPUBCheck validates inline SVG against SVG 1.1's schema and MathML against MathML 3's: an
 * attribute whose value is not of its type fails the book. The attributes whose type is more
 * than a string are checked here (rules in a table, first match wins) and removed when their
 * value is not valid. */

/* True when v is exactly one word of `words` (a space-separated list). */
static int one_of(const char *words, const char *v) {
  return *v && !strpbrk(v, " \t\r\n") && in_words(words, v);
}

static const char xml_space[] = " \t\r\n";

/* Splits v at white space (and `seps`) and checks each token with ok(words, token): true when
 * all pass and there are between min and max of them. */
static int each_token(const char *words, const char *v, int (*ok)(const char *, const char *),
                      int min, int max) {
  char *copy = sheaf_xstrdup(v);
  char *save = NULL;
  int n = 0;
  int good = 1;
  for (char *t = strtok_r(copy, xml_space, &save); t && good;
       t = strtok_r(NULL, xml_space, &save)) {
    good = ok(words, t) && ++n <= max;
  }
  free(copy);
  return good && n >= min;
}

/* Digits with at most one decimal point and at least one digit, after an optional sign (one of
 * `signs`). Returns how many bytes they take, 0 when there is no number at s. */
static size_t number_at(const char *s, const char *signs) {
  size_t i = *s && strchr(signs, *s) ? 1 : 0;
  int digits = 0;
  int points = 0;
  for (; isdigit((unsigned char)s[i]) || (s[i] == '.' && !points); i++) {
    digits += isdigit((unsigned char)s[i]) != 0;
    points += s[i] == '.';
  }
  return digits ? i : 0;
}

/* MathML's named spaces: (negative)?(very){0,2}thin|thick mathspace, or mediummathspace. */
static int named_space(const char *s) {
  if (strncmp(s, "negative", 8) == 0) {
    s += 8;
  }
  if (strcmp(s, "mediummathspace") == 0) {
    return 1;
  }
  for (int i = 0; i < 2 && strncmp(s, "very", 4) == 0; i++) {
    s += 4;
  }
  return strcmp(s, "thinmathspace") == 0 || strcmp(s, "thickmathspace") == 0;
}

/* A MathML length token: a number with an optional unit, or a named space. */
static int math_length(const char *words, const char *t) {
  size_t n = number_at(t, "-");
  if (!n) {
    return named_space(t) || (words && one_of(words, t));
  }
  return t[n] == '\0' || in_words("em ex in cm mm px pt pc %", t + n);
}

/* The width, height, depth, lspace and voffset of <mpadded>: a signed number, then a unit, a
 * named space, or a percentage or none of a pseudo-unit (height, depth, width). */
static int mpadded_length(const char *words, const char *v) {
  (void)words;
  while (*v && strchr(xml_space, *v)) {
    v++;
  }
  size_t n = number_at(v, "+-");
  if (!n) {
    return 0;
  }
  char *rest = sheaf_xstrdup(v + n);
  char *save = NULL;
  char *a = strtok_r(rest, xml_space, &save);
  char *b = a ? strtok_r(NULL, xml_space, &save) : NULL;
  int ok = !a || (!b && (in_words("em ex in cm mm px pt pc % height depth width", a) ||
                         named_space(a) || (a[0] == '%' && in_words("height depth width", a + 1))));
  ok = ok || (b && !strtok_r(NULL, xml_space, &save) && strcmp(a, "%") == 0 &&
              in_words("height depth width", b));
  free(rest);
  return ok;
}

/* A MathML color: #rgb, #rrggbb or one of HTML 4's sixteen names (any case). */
static int math_color(const char *words, const char *t) {
  static const char names[] = "aqua black blue fuchsia gray green lime maroon navy olive purple "
                              "red silver teal white yellow";
  size_t n = strlen(t);
  if (t[0] == '#') {
    return (n == 4 || n == 7) && strspn(t + 1, "0123456789abcdefABCDEF") == n - 1;
  }
  char lower[16];
  if (n >= sizeof lower) {
    return 0;
  }
  for (size_t i = 0; i <= n; i++) {
    lower[i] = (char)tolower((unsigned char)t[i]);
  }
  return in_words(names, lower) || (words && one_of(words, t));
}

static int one_length(const char *words, const char *v) {
  return each_token(words, v, math_length, 1, 1);
}

static int lengths(const char *words, const char *v) {
  return each_token(words, v, math_length, 1, INT_MAX);
}

static int two_lengths(const char *words, const char *v) {
  return each_token(words, v, math_length, 2, 2);
}

static int one_color(const char *words, const char *v) {
  return each_token(words, v, math_color, 1, 1);
}

static int list_of(const char *words, const char *v) {
  return each_token(words, v, one_of, 1, INT_MAX);
}

static int list0_of(const char *words, const char *v) {
  return each_token(words, v, one_of, 0, INT_MAX);
}

/* XML Schema integers; `words` says which: "signed", "positive" (1 or more) or "unsigned". */
static int integer_token(const char *words, const char *t) {
  int sign = *t == '-' || *t == '+';
  size_t digits = strspn(t + sign, "0123456789");
  if (!digits || t[sign + digits] != '\0') {
    return 0;
  }
  if (strcmp(words, "signed") == 0) {
    return 1;
  }
  int zero = strspn(t + sign, "0") == digits;
  return strcmp(words, "positive") == 0 ? *t != '-' && !zero : *t != '-' || zero;
}

static int integer(const char *words, const char *v) {
  return each_token(words, v, integer_token, 1, 1);
}

static int decimal_token(const char *words, const char *t) {
  (void)words;
  size_t n = number_at(t, "+-");
  return n && t[n] == '\0';
}

static int decimal(const char *words, const char *v) {
  return each_token(words, v, decimal_token, 1, 1);
}

/* One character, white space around it allowed (MathML's decimalpoint). */
static int one_char(const char *words, const char *v) {
  (void)words;
  while (*v && strchr(xml_space, *v)) {
    v++;
  }
  uint32_t cp;
  size_t n = *v ? sheaf_utf8_decode((const unsigned char *)v, strlen(v), &cp) : 0;
  return n && strspn(v + n, xml_space) == strlen(v + n);
}

/* The align of <mtable> and <mstack>: a vertical alignment, then perhaps a row number. */
static int row_align(const char *words, const char *v) {
  char *copy = sheaf_xstrdup(v);
  char *save = NULL;
  char *a = strtok_r(copy, xml_space, &save);
  char *b = a ? strtok_r(NULL, xml_space, &save) : NULL;
  int ok = a && one_of(words, a) && !strtok_r(NULL, xml_space, &save) &&
           (!b || (*b != '+' && integer_token("signed", b)));
  free(copy);
  return ok;
}

/* preserveAspectRatio: [defer] <align> [meet | slice]. */
static int aspect_ratio(const char *words, const char *v) {
  static const char aligns[] = "none xMinYMin xMidYMin xMaxYMin xMinYMid xMidYMid xMaxYMid "
                               "xMinYMax xMidYMax xMaxYMax";
  (void)words;
  char *copy = sheaf_xstrdup(v);
  char *save = NULL;
  char *t = strtok_r(copy, xml_space, &save);
  if (t && strcmp(t, "defer") == 0) {
    t = strtok_r(NULL, xml_space, &save);
  }
  int ok = t && one_of(aligns, t);
  t = ok ? strtok_r(NULL, xml_space, &save) : NULL;
  ok = ok && (!t || one_of("meet slice", t)) && (!t || !strtok_r(NULL, xml_space, &save));
  free(copy);
  return ok;
}

/* viewBox: four numbers (min-x, min-y, width, height), the last two not negative. */
static int view_box(const char *words, const char *v) {
  (void)words;
  char *copy = sheaf_xstrdup(v);
  char *save = NULL;
  int n = 0;
  int ok = 1;
  for (char *t = strtok_r(copy, " \t\r\n,", &save); t && ok;
       t = strtok_r(NULL, " \t\r\n,", &save)) {
    char *end;
    double d = strtod(t, &end);
    ok = ++n <= 4 && strspn(t, "+-.0123456789eE") == strlen(t) && *end == '\0' && !(n > 2 && d < 0);
  }
  free(copy);
  return ok && n == 4;
}

typedef struct value_rule {
  int foreign;          /* 1 SVG, 2 MathML */
  const char *elements; /* the (lowered) elements it is for; NULL: any */
  const char *attrs;    /* the (lowered) attributes it checks */
  int (*ok)(const char *words, const char *v);
  const char *words; /* what ok() is given: the allowed words, or which kind */
} value_rule;

#define SVG_ANIMATIONS "animate animatecolor animatemotion animatetransform set"
#define SVG_AUTO "auto optimizeSpeed optimizeQuality inherit"
#define SVG_UNITS "userSpaceOnUse objectBoundingBox"
#define MATH_BOOLEANS                                                                              \
  "fence separator stretchy symmetric largeop movablelimits accent accentunder bevelled "          \
  "displaystyle equalrows equalcolumns"
#define MATH_LENGTHS                                                                               \
  "lspace rspace minsize scriptminsize lineleading indentshift subscriptshift superscriptshift "   \
  "minlabelspacing leftoverhang rightoverhang fontsize valign altimg-width altimg-height width "   \
  "height depth"
#define MATH_VARIANTS                                                                              \
  "normal bold italic bold-italic double-struck bold-fraktur script bold-script fraktur "          \
  "sans-serif bold-sans-serif sans-serif-italic sans-serif-bold-italic monospace initial tailed "  \
  "looped stretched"
#define MATH_VALIGN "top bottom center baseline axis"

/* From EPUBCheck 4.2.6's schemas (SVG 1.1 modules, MathML 3 presentation). */
static const value_rule value_rules[] = {
    {1, NULL, "preserveaspectratio", aspect_ratio, NULL},
    {1, NULL, "viewbox", view_box, NULL},
    {1, NULL, "overflow", one_of, "visible hidden scroll auto inherit"},
    {1, NULL, "stroke-linecap", one_of, "butt round square inherit"},
    {1, NULL, "stroke-linejoin", one_of, "miter round bevel inherit"},
    {1, NULL, "color-interpolation color-interpolation-filters", one_of,
     "auto sRGB linearRGB inherit"},
    {1, NULL, "color-rendering image-rendering", one_of, SVG_AUTO},
    {1, NULL, "pointer-events", one_of,
     "visiblePainted visibleFill visibleStroke visible painted fill stroke all none inherit"},
    {1, NULL, "shape-rendering", one_of,
     "auto optimizeSpeed crispEdges geometricPrecision inherit"},
    {1, NULL, "text-rendering", one_of,
     "auto optimizeSpeed optimizeLegibility geometricPrecision inherit"},
    {1, NULL, "xlink:type", one_of, "simple"},
    {1, "a", "xlink:show", one_of, "new replace"},
    {1, "image", "xlink:show", one_of, "embed"},
    {1, NULL, "xlink:show", one_of, "other"},
    {1, "a", "xlink:actuate", one_of, "onRequest"},
    {1, NULL, "xlink:actuate", one_of, "onLoad"},
    {1, "style", "xml:space", one_of, "preserve"},
    {1, NULL, "xml:space", one_of, "default preserve"},
    {1, NULL, "writing-mode", one_of, "lr-tb rl-tb tb-rl lr rl tb inherit"},
    {1, NULL, "alignment-baseline", one_of,
     "auto baseline before-edge text-before-edge middle central after-edge text-after-edge "
     "ideographic alphabetic hanging mathematical inherit"},
    {1, NULL, "direction", one_of, "ltr rtl inherit"},
    {1, NULL, "dominant-baseline", one_of,
     "auto use-script no-change reset-size ideographic alphabetic hanging mathematical central "
     "middle text-after-edge text-before-edge inherit"},
    {1, NULL, "text-anchor", one_of, "start middle end inherit"},
    {1, NULL, "unicode-bidi", one_of, "normal embed bidi-override inherit"},
    {1, NULL, "font-stretch", one_of,
     "normal wider narrower ultra-condensed extra-condensed condensed semi-condensed "
     "semi-expanded expanded extra-expanded ultra-expanded inherit"},
    {1, NULL, "font-variant", one_of, "normal small-caps inherit"},
    {1, NULL, "font-style", one_of, "normal italic oblique inherit"},
    {1, NULL, "font-weight", one_of,
     "normal bold bolder lighter 100 200 300 400 500 600 700 800 900 inherit"},
    {1, NULL, "display", one_of,
     "inline block list-item run-in compact marker table inline-table table-row-group "
     "table-header-group table-footer-group table-row table-column-group table-column table-cell "
     "table-caption none inherit"},
    {1, NULL, "visibility", one_of, "visible hidden collapse inherit"},
    {1, NULL, "fill-rule clip-rule", one_of, "nonzero evenodd inherit"},
    {1, NULL, "externalresourcesrequired preservealpha focusable", one_of, "false true"},
    {1, NULL, "lengthadjust", one_of, "spacing spacingAndGlyphs"},
    {1, "textpath", "method", one_of, "align stretch"},
    {1, "textpath", "spacing", one_of, "auto exact"},
    {1, NULL, "markerunits", one_of, "strokeWidth userSpaceOnUse"},
    {1, NULL, "rendering-intent", one_of,
     "auto perceptual relative-colorimetric saturation absolute-colorimetric"},
    {1, NULL,
     "gradientunits patternunits patterncontentunits maskunits maskcontentunits clippathunits "
     "filterunits primitiveunits",
     one_of, SVG_UNITS},
    {1, NULL, "spreadmethod", one_of, "pad reflect repeat"},
    {1, NULL, "edgemode", one_of, "duplicate wrap none"},
    {1, NULL, "xchannelselector ychannelselector", one_of, "R G B A"},
    {1, "femorphology", "operator", one_of, "erode dilate"},
    {1, "fecomposite", "operator", one_of, "over in out atop xor lighter arithmetic"},
    {1, NULL, "stitchtiles", one_of, "stitch noStitch"},
    {1, "feturbulence", "type", one_of, "fractalNoise turbulence"},
    {1, "animatetransform", "type", one_of, "translate scale rotate skewX skewY"},
    {1, "fecolormatrix", "type", one_of, "matrix saturate hueRotate luminanceToAlpha"},
    {1, "fefunca fefuncb fefuncg fefuncr", "type", one_of, "identity table discrete linear gamma"},
    {1, "feblend", "mode", one_of,
     "normal multiply screen overlay darken lighten color-dodge color-burn hard-light soft-light "
     "difference exclusion hue saturation color luminosity"},
    {1, NULL, "zoomandpan", one_of, "disable magnify"},
    {1, "svg", "version", one_of, "1.0 1.1 1.2"},
    {1, SVG_ANIMATIONS, "restart", one_of, "always never whenNotActive"},
    {1, SVG_ANIMATIONS, "fill", one_of, "remove freeze"},
    {1, SVG_ANIMATIONS, "calcmode", one_of, "discrete linear paced spline"},
    {1, SVG_ANIMATIONS, "additive", one_of, "replace sum"},
    {1, SVG_ANIMATIONS, "accumulate", one_of, "none sum"},
    {1, NULL, "vector-effect", one_of, "none non-scaling-stroke"},
    {2, NULL, "mathvariant", one_of, MATH_VARIANTS},
    {2, NULL, "mathsize", one_length, "small normal big"},
    {2, NULL, "dir", one_of, "ltr rtl"},
    {2, NULL, "fontweight", one_of, "normal bold"},
    {2, NULL, "fontstyle", one_of, "normal italic"},
    {2, NULL, "mathcolor color", one_color, ""},
    {2, NULL, "mathbackground background", one_color, "transparent"},
    {2, "math", "display", one_of, "block inline"},
    {2, "math", "overflow", one_of, "linebreak scroll elide truncate scale"},
    {2, "math", "altimg-valign", one_length, "top middle bottom"},
    {2, NULL, "form", one_of, "prefix infix postfix"},
    {2, NULL, MATH_BOOLEANS, one_of, "true false"},
    {2, NULL, "alignmentscope", list_of, "true false"},
    {2, "mspace", "linebreak", one_of, "auto newline nobreak goodbreak badbreak indentingnewline"},
    {2, NULL, "linebreak", one_of, "auto newline nobreak goodbreak badbreak"},
    {2, NULL, "linebreakstyle", one_of, "before after duplicate infixlinebreakstyle"},
    {2, NULL, "infixlinebreakstyle", one_of, "before after duplicate"},
    {2, NULL, "indentalign", one_of, "left center right auto id"},
    {2, NULL, "indentalignfirst indentalignlast", one_of, "left center right auto id indentalign"},
    {2, NULL, "indentshiftfirst indentshiftlast", one_length, "indentshift"},
    {2, "mpadded", "width height depth lspace voffset", mpadded_length, NULL},
    {2, "mtable", "width", one_length, "auto"},
    {2, NULL, MATH_LENGTHS, one_length, ""},
    {2, NULL, "linethickness mslinethickness", one_length, "thin medium thick"},
    {2, NULL, "charspacing", one_length, "loose medium tight"},
    {2, NULL, "maxsize", one_length, "infinity"},
    {2, NULL, "columnwidth", lengths, "auto fit"},
    {2, NULL, "rowspacing columnspacing", lengths, ""},
    {2, NULL, "framespacing", two_lengths, ""},
    {2, NULL, "numalign denomalign charalign", one_of, "left center right"},
    {2, "mtable mstack", "align", row_align, MATH_VALIGN},
    {2, NULL, "align", one_of, "left right center"},
    {2, NULL, "side", one_of, "left right leftoverlap rightoverlap"},
    {2, NULL, "stackalign", one_of, "left center right decimalpoint"},
    {2, NULL, "location", one_of, "w nw n ne e se s sw"},
    {2, NULL, "edge", one_of, "left right"},
    {2, "mtr mtd mlabeledtr", "rowalign", one_of, MATH_VALIGN},
    {2, NULL, "rowalign", list_of, MATH_VALIGN},
    {2, "mtd", "columnalign", one_of, "left center right"},
    {2, NULL, "columnalign", list_of, "left center right"},
    {2, NULL, "rowlines columnlines", list_of, "none solid dashed"},
    {2, NULL, "frame", one_of, "none solid dashed"},
    {2, NULL, "crossout", list0_of,
     "none updiagonalstrike downdiagonalstrike verticalstrike horizontalstrike"},
    {2, NULL, "longdivstyle", one_of,
     "lefttop stackedrightright mediumstackedrightright shortstackedrightright righttop "
     "left/\\right left)(right :right=right stackedleftleft stackedleftlinetop"},
    {2, NULL, "scriptlevel position shift index", integer, "signed"},
    {2, NULL, "selection rowspan columnspan", integer, "positive"},
    {2, NULL, "length", integer, "unsigned"},
    {2, NULL, "scriptsizemultiplier", decimal, NULL},
    {2, NULL, "decimalpoint", one_char, NULL},
};

/* True when attribute `attr` of element `el` may hold v (or its value is not checked). */
static int value_ok(int foreign, const char *el, const char *attr, const char *v) {
  for (size_t i = 0; i < sizeof value_rules / sizeof *value_rules; i++) {
    const value_rule *r = &value_rules[i];
    if (r->foreign == foreign && in_words(r->attrs, attr) &&
        (!r->elements || in_words(r->elements, el))) {
      return r->ok(r->words, v);
    }
  }
  return 1;
}

/* ---- which attributes an element takes ----
 *
 * MathML gives some attributes only to some elements: the token attributes to the token
 * elements (and <mstyle> and <math>, which pass them on), the presentation ones to all but
 * <semantics> and its annotations, the <math> ones to <math> alone. */

#define MATH_TOKEN                                                                                 \
  "mathvariant mathsize dir fontfamily fontweight fontstyle fontsize color background"
#define MATH_BREAKS                                                                                \
  "linebreak indentalign indentshift indenttarget indentalignfirst indentshiftfirst "              \
  "indentalignlast indentshiftlast"
#define MATH_STYLE                                                                                 \
  MATH_TOKEN                                                                                       \
  " " MATH_BREAKS                                                                                  \
  " scriptlevel displaystyle scriptsizemultiplier scriptminsize infixlinebreakstyle "              \
  "decimalpoint accent accentunder align alignmentscope bevelled charalign charspacing "           \
  "close columnalign columnlines columnspacing columnspan columnwidth crossout "                   \
  "denomalign depth edge equalcolumns equalrows fence form frame framespacing "                    \
  "groupalign height largeop leftoverhang length linebreakmultchar linebreakstyle "                \
  "lineleading linethickness location longdivstyle lquote lspace maxsize "                         \
  "minlabelspacing minsize movablelimits mslinethickness notation numalign open "                  \
  "position rightoverhang rowalign rowlines rowspacing rowspan rquote rspace "                     \
  "selection separator separators shift side stackalign stretchy subscriptshift "                  \
  "superscriptshift symmetric valign width veryverythinmathspace verythinmathspace "               \
  "thinmathspace mediummathspace thickmathspace verythickmathspace "                               \
  "veryverythickmathspace"

typedef struct attr_rule {
  const char *elements;
  const char *attrs; /* the (lowered) attributes they take besides the common ones */
} attr_rule;

/* From EPUBCheck 4.2.6's MathML 3 schema: what each element takes besides id, xref, class,
 * style, href, other, data-* and (but for semantics and its annotations) mathcolor and
 * mathbackground. */
static const attr_rule math_attrs[] = {
    {"math",
     "display maxwidth overflow altimg altimg-width altimg-height altimg-valign alttext cdgroup "
     "mode macros role " MATH_STYLE},
    {"mstyle", MATH_STYLE},
    {"mi mn mtext", MATH_TOKEN},
    {"mo", MATH_TOKEN " " MATH_BREAKS
                      " form fence separator lspace rspace stretchy symmetric maxsize minsize "
                      "largeop movablelimits accent lineleading linebreakstyle linebreakmultchar"},
    {"mspace", MATH_TOKEN " " MATH_BREAKS " width height depth"},
    {"ms", MATH_TOKEN " lquote rquote"},
    {"mglyph",
     "src width height valign alt index mathvariant mathsize fontfamily fontweight fontstyle "
     "fontsize color background"},
    {"msline", "position length leftoverhang rightoverhang mslinethickness"},
    {"malignmark", "edge"},
    {"maligngroup", "groupalign"},
    {"mrow", "dir"},
    {"mfrac", "linethickness numalign denomalign bevelled"},
    {"mpadded", "height depth width lspace voffset"},
    {"mfenced", "open close separators"},
    {"menclose", "notation"},
    {"msub", "subscriptshift"},
    {"msup", "superscriptshift"},
    {"msubsup mmultiscripts", "subscriptshift superscriptshift"},
    {"munder", "accentunder align"},
    {"mover", "accent align"},
    {"munderover", "accent accentunder align"},
    {"mtable",
     "align rowalign columnalign groupalign alignmentscope columnwidth width rowspacing "
     "columnspacing rowlines columnlines frame framespacing equalrows equalcolumns displaystyle "
     "side minlabelspacing"},
    {"mtr mlabeledtr", "rowalign columnalign groupalign"},
    {"mtd", "rowspan columnspan rowalign columnalign groupalign"},
    {"mstack", "align stackalign charalign charspacing"},
    {"mlongdiv", "position shift longdivstyle"},
    {"msgroup", "position shift"},
    {"msrow", "position"},
    {"mscarries", "position location crossout scriptsizemultiplier"},
    {"mscarry", "location crossout"},
    {"maction", "actiontype selection"},
    {"semantics", "encoding definitionurl cd name"},
    {"annotation", "encoding definitionurl cd name src"},
    {"annotation-xml", "encoding cd name src"},
};

/* Every attribute name of SVG 1.1 (lowered), from EPUBCheck 4.2.6's SVG modules, with the
 * event handlers left out (they go anyway). An SVG element takes these, aria-* and data-*;
 * which of them it takes is not checked. */
static const char svg_attr_names[] =
    "accent-height accumulate additive alignment-baseline alphabetic amplitude arabic-form "
    "ascent attributename attributetype azimuth basefrequency baseline-shift baseprofile bbox "
    "begin bias by calcmode cap-height class clip clip-path clip-rule clippathunits color "
    "color-interpolation color-interpolation-filters color-profile color-rendering "
    "contentscripttype contentstyletype cursor cx cy d descent diffuseconstant direction "
    "display divisor dominant-baseline dur dx dy edgemode elevation enable-background end "
    "exponent externalresourcesrequired fill fill-opacity fill-rule filter filterres "
    "filterunits flood-color flood-opacity focusable font-family font-size font-size-adjust "
    "font-stretch font-style font-variant font-weight format from fx fy glyph-name "
    "glyph-orientation-horizontal glyph-orientation-vertical glyphref gradienttransform "
    "gradientunits hanging height horiz-adv-x horiz-origin-x horiz-origin-y href id "
    "ideographic image-rendering in intercept k kernelmatrix kernelunitlength kerning "
    "keypoints keysplines keytimes lang lengthadjust letter-spacing lighting-color "
    "limitingconeangle local marker-end marker-mid marker-start markerheight markerunits "
    "markerwidth mask maskcontentunits maskunits mathematical max media method min mode name "
    "numoctaves offset opacity operator order orient orientation origin overflow "
    "overline-position overline-thickness path pathlength patterncontentunits patterntransform "
    "patternunits pointer-events points pointsatx pointsaty pointsatz preservealpha "
    "preserveaspectratio primitiveunits r radius refx refy rendering-intent repeatcount "
    "repeatdur requiredextensions requiredfeatures restart result role rotate rx ry scale seed "
    "shape-rendering slope spacing specularconstant specularexponent spreadmethod startoffset "
    "stddeviation stemh stemv stitchtiles stop-color stop-opacity strikethrough-position "
    "strikethrough-thickness string stroke stroke-dasharray stroke-dashoffset stroke-linecap "
    "stroke-linejoin stroke-miterlimit stroke-opacity stroke-width style surfacescale "
    "systemlanguage tabindex tablevalues target targetx targety text-anchor text-decoration "
    "text-rendering textlength title to transform type underline-position underline-thickness "
    "unicode unicode-bidi unicode-range units-per-em v-alphabetic v-hanging v-ideographic "
    "v-mathematical values vector-effect version vert-adv-y vert-origin-x vert-origin-y "
    "viewbox viewtarget visibility width widths word-spacing writing-mode x x-height "
    "xchannelselector xlink:actuate xlink:arcrole xlink:href xlink:role xlink:show xlink:title "
    "xlink:type xml:base xml:lang xml:space y ychannelselector z zoomandpan";

/* The SVG attributes only some elements take: links and references, the viewport's, and
 * animation timing. */
static const attr_rule svg_attrs[] = {
    {"a use image tref textpath mpath feimage lineargradient radialgradient pattern filter cursor "
     "altglyph glyphref script color-profile font-face-uri definition-src " SVG_ANIMATIONS,
     "href xlink:href xlink:title xlink:show xlink:actuate xlink:type xlink:role xlink:arcrole"},
    {"svg symbol marker pattern view", "viewbox"},
    {"svg symbol image marker pattern view feimage", "preserveaspectratio"},
    {SVG_ANIMATIONS, "attributename attributetype from to by values begin dur end min max "
                     "restart repeatcount repeatdur calcmode keytimes keysplines additive "
                     "accumulate"},
};

/* True when SVG or MathML element `el` takes attribute `attr` (for SVG: when SVG has it). */
static int foreign_attr_allowed(int foreign, const char *el, const char *attr) {
  for (size_t i = 0; foreign == 1 && i < sizeof svg_attrs / sizeof *svg_attrs; i++) {
    if (in_words(svg_attrs[i].attrs, attr)) {
      return in_words(svg_attrs[i].elements, el);
    }
  }
  if (foreign == 1) {
    return in_words(svg_attr_names, attr) || strncmp(attr, "aria-", 5) == 0 ||
           strncmp(attr, "data-", 5) == 0 || strncasecmp(attr, "on", 2) == 0;
  }
  if (in_words("id xref class style href other", attr) || strncmp(attr, "data-", 5) == 0 ||
      (in_words("mathcolor mathbackground", attr) &&
       !in_words("semantics annotation annotation-xml", el))) {
    return 1;
  }
  for (size_t i = 0; i < sizeof math_attrs / sizeof *math_attrs; i++) {
    if (in_words(math_attrs[i].elements, el)) {
      return in_words(math_attrs[i].attrs, attr);
    }
  }
  return 1;
}

/* ---- attributes ---- */

static int remote_ref(const char *v) {
  return sheaf_url_unsafe(v) || sheaf_url_scheme(v) > 0 || (v[0] == '/' && v[1] == '/');
}

static int is_href(const char *name) {
  return prop_is(name, "href") || prop_is(name, "xlink:href");
}

/* Decides one attribute of an SVG or MathML element: 1 removes it. Namespace declarations,
 * malformed names, event handlers, remote or script references (but an SVG link's, which the
 * chapter stage decides), values not of the attribute's type and prefixes we do not declare
 * go; xlink attributes stay and note that the book must declare that prefix. */
static int foreign_attr_removed(cleaner *c, xmlNodePtr n, int foreign, const char *name,
                                const char *v) {
  int url = is_href(name) || prop_is(name, "src");
  const char *el = html_foreign_case(html_name(n));
  if (strncmp(name, "xmlns", 5) == 0 || !html_xml_name_ok(name)) {
    return 1;
  }
  if (strncasecmp(name, "on", 2) == 0 && !c->env->allow_unsafe) {
    html_note(c, n, "handler", "event handler '%s' removed from <%s>", name, el);
    return 1;
  }
  if (url && *v != '#' && remote_ref(v) && !(foreign == 1 && html_is(n, "a"))) {
    html_note(c, n, "foreignref", "remote or script reference removed from <%s>", el);
    return 1;
  }
  if (!foreign_attr_allowed(foreign, html_name(n), name) ||
      (foreign == 2 && (strncmp(name, "xlink:", 6) == 0 || strncmp(name, "xml:", 4) == 0))) {
    html_note(c, n, "attr", "attribute '%s' is not allowed on <%s>; removed", name, el);
    return 1;
  }
  if (!value_ok(foreign, html_name(n), name, v)) {
    html_note(c, n, "foreignvalue",
              "attribute '%s' on <%s> has a value that is not valid (\"%.40s\"); removed",
              html_foreign_case(name), el, v);
    return 1;
  }
  if (prop_is(name, "style")) {
    return html_style_attr(c, n, v);
  }
  if (strncmp(name, "xlink:", 6) == 0) {
    c->xlink = 1; /* the svg element declares the prefix (a math element cannot) */
    return 0;
  }
  /* editor data such as inkscape:label: the prefix is undeclared */
  return strchr(name, ':') && !prop_is(name, "xml:lang") && !prop_is(name, "xml:space");
}

static void clean_foreign_attrs(cleaner *c, xmlNodePtr n, int foreign) {
  xmlAttrPtr a = n->properties;
  while (a) {
    xmlAttrPtr next = a->next;
    xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
    int remove = foreign_attr_removed(c, n, foreign, (const char *)a->name,
                                      value ? (const char *)value : "");
    xmlFree(value);
    if (remove) {
      xmlRemoveProp(a);
    }
    a = next;
  }
}

/* Where an SVG id the chapter stage changed keeps what the author wrote, until the references
 * of its drawing are resolved (svg_fragments). */
#define SVG_ID_WAS "data-sheaf-svg-id"

/* The author's id goes through the chapter stage, which keeps it unique in the book. */
static void foreign_id(cleaner *c, xmlNodePtr n, int foreign) {
  char *id = html_attr(n, "id");
  if (id && c->env->id) {
    unsigned line;
    unsigned col;
    html_position(c, n, &line, &col);
    const char *now = c->env->id(c->env->ud, id, line, col);
    if (strcmp(now, id) != 0) {
      html_note(c, n, "id", "id \"%s\" on <%s> is %s; it became \"%s\"", id,
                html_foreign_case(html_name(n)),
                *id ? "not unique in the book, or not a valid id" : "empty", now);
    }
    if (foreign == 1 && strcmp(now, id) != 0) {
      html_set_attr(n, SVG_ID_WAS, id);
    }
    html_id_renamed(c, id, now);
    html_set_attr(n, "id", now);
    /* the HTML parser put each first id in libxml2's table; a changed one may be missing */
    xmlAttrPtr attr = xmlHasProp(n, (const xmlChar *)"id");
    if (attr && !xmlGetID(n->doc, (const xmlChar *)now)) {
      xmlAddID(NULL, n->doc, (const xmlChar *)now, attr);
    }
  }
  xmlFree(id);
}

/* ---- walking ---- */

static int has_element_child(xmlNodePtr n) {
  for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
    if (ch->type == XML_ELEMENT_NODE) {
      return 1;
    }
  }
  return 0;
}

static int has_text_child(xmlNodePtr n) {
  for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
    if (ch->type == XML_TEXT_NODE && !html_blank(ch)) {
      return 1;
    }
  }
  return 0;
}

/* True when svg or math element n stands in HTML content: no svg or math element holds it,
 * or a foreignObject does first. */
static int foreign_top(xmlNodePtr n) {
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (html_is(p, "foreignobject")) {
      return 1;
    }
    if (html_is(p, "svg") || html_is(p, "math")) {
      return 0;
    }
  }
  return 1;
}

/* ---- links and references ---- */

/* Sets a URL the chapter stage wrote escaped for an attribute (only '&' needs it); the tree
 * holds it plain. */
static void set_url(xmlNodePtr n, const char *name, const sheaf_buf *url) {
  char *plain = sheaf_xstrdup(url->ptr ? url->ptr : "");
  for (char *p = strstr(plain, "&amp;"); p; p = strstr(p + 1, "&amp;")) {
    memmove(p + 1, p + 5, strlen(p + 5) + 1);
  }
  html_set_attr(n, name, plain);
  free(plain);
}

static const char *const href_attrs[] = {"href", "xlink:href"};

/* The hrefs of an SVG <a> go to the chapter stage as an HTML link's do, so a fragment becomes
 * the id it names wherever it is in the book, and a link it refuses goes. Returns how many are
 * left; *first receives the first as the author wrote it (caller frees with free). */
static int svg_links(cleaner *c, xmlNodePtr n, char **first) {
  int kept = 0;
  for (size_t i = 0; i < 2; i++) {
    char *v = html_attr(n, href_attrs[i]);
    if (!v) {
      continue;
    }
    unsigned line;
    unsigned col;
    html_position(c, n, &line, &col);
    sheaf_buf out = SHEAF_BUF_INIT;
    int keep = c->env->link ? c->env->link(c->env->ud, v, line, col, &out) : 1;
    if (keep && c->env->link) {
      set_url(n, href_attrs[i], &out);
    } else if (!keep) {
      xmlUnsetProp(n, (const xmlChar *)href_attrs[i]);
    }
    if (keep && !*first) {
      *first = sheaf_xstrdup(v);
    }
    kept += keep;
    sheaf_buf_free(&out);
    xmlFree(v);
  }
  return kept;
}

/* The picture of an SVG <image>: a file of the book, packaged by the chapter stage as an
 * <img>'s is. Returns 0 when the element is to go. */
static int svg_image(cleaner *c, xmlNodePtr n) {
  int keep = 1;
  for (size_t i = 0; i < 2 && keep; i++) {
    char *v = html_attr(n, href_attrs[i]);
    if (v && *v == '#') {
      html_note(c, n, "svgimage", "<image> can show only an image file; '%.40s' removed", v);
      xmlUnsetProp(n, (const xmlChar *)href_attrs[i]);
    } else if (v && c->env->image) {
      unsigned line;
      unsigned col;
      html_position(c, n, &line, &col);
      sheaf_buf out = SHEAF_BUF_INIT;
      keep = c->env->image(c->env->ud, v, "", line, col, &out);
      if (keep) {
        set_url(n, href_attrs[i], &out);
      }
      sheaf_buf_free(&out);
    }
    xmlFree(v);
  }
  return keep;
}

/* What a reference that leads nowhere costs its element: the attribute, the whole element (it
 * shows nothing else), or its tag (its text stays). */
typedef enum ref_loss { LOSE_ATTR, LOSE_ELEMENT, LOSE_TAG, LOSE_NOTHING } ref_loss;

static ref_loss loss_of(xmlNodePtr n) {
  return in_words("use tref mpath", html_name(n)) ? LOSE_ELEMENT
         : html_is(n, "textpath")                 ? LOSE_TAG
                                                  : LOSE_ATTR;
}

/* Reports that reference v of n leads nowhere, removes the attribute when that is all it
 * costs, and returns the cost. */
static ref_loss lost_ref(cleaner *c, xmlNodePtr n, const char *attr, const char *v) {
  static const char *const what[] = {"removed", "the element was removed", "its text was kept"};
  ref_loss loss = loss_of(n);
  html_note(c, n, "svgref", "reference '%.40s' on <%s> names no id of this chapter; %s", v,
            html_foreign_case(html_name(n)), what[loss]);
  if (loss == LOSE_ATTR) {
    xmlUnsetProp(n, (const xmlChar *)attr);
  }
  return loss;
}

/* A reference of an SVG element other than a link or an image may only name an id of the
 * chapter: one to another file goes now; a fragment is resolved with its drawing
 * (svg_fragments). Returns what n loses beyond the attribute. */
static ref_loss svg_ref_files(cleaner *c, xmlNodePtr n) {
  ref_loss loss = LOSE_NOTHING;
  for (size_t i = 0; i < 2 && loss == LOSE_NOTHING; i++) {
    char *v = html_attr(n, href_attrs[i]);
    if (v && *v != '#' && lost_ref(c, n, href_attrs[i], v) != LOSE_ATTR) {
      loss = loss_of(n);
    }
    xmlFree(v);
  }
  return loss;
}

/* What the id references of one drawing are resolved against. */
typedef struct svg_refs {
  cleaner *c;
  xmlNodePtr root;  /* the drawing */
  xmlDocPtr doc;    /* the part: its ids are in libxml2's table (see foreign_id) */
  sheaf_strmap was; /* the drawing's ids the chapter stage changed, as the author wrote them */
  char **now;       /* ... and what they became (by the index `was` holds) */
  size_t n_now;
  int built;
} svg_refs;

static void gather_changed_ids(svg_refs *r) {
  for (xmlNodePtr n = r->root; n; n = html_walk_next(n, r->root, 1)) {
    char *was = n->type == XML_ELEMENT_NODE ? html_attr(n, SVG_ID_WAS) : NULL;
    if (was && sheaf_strmap_add(&r->was, was, r->n_now)) {
      r->now = sheaf_xrealloc(r->now, (r->n_now + 1) * sizeof *r->now);
      r->now[r->n_now++] = html_attr(n, "id");
    }
    xmlFree(was);
  }
  r->built = 1;
}

/* The id reference "#frag" of drawing r->root names now (caller frees with xmlFree): the id of
 * the drawing the author wrote as frag, which the chapter stage may have changed, else an id
 * of the part. NULL when there is none. */
static char *svg_target(svg_refs *r, const char *frag) {
  if (!r->built) {
    gather_changed_ids(r);
  }
  size_t i;
  if (sheaf_strmap_get(&r->was, frag, &i)) {
    return (char *)xmlStrdup((const xmlChar *)r->now[i]);
  }
  return *frag && xmlGetID(r->doc, (const xmlChar *)frag) ? (char *)xmlStrdup((const xmlChar *)frag)
                                                          : NULL;
}

/* Removes n (or its tag, keeping its content) as loss_of says; returns the node a walk under
 * top goes on from. */
static xmlNodePtr lose_element(xmlNodePtr n, xmlNodePtr top) {
  int tag = loss_of(n) == LOSE_TAG;
  xmlNodePtr next = tag && n->children ? n->children : html_walk_next(n, top, 0);
  if (tag) {
    html_unwrap(n);
  } else {
    html_drop(n);
  }
  return next;
}

/* Resolves the "#id" references of n (not a link: the chapter stage did those); returns the
 * node the walk goes on from. */
static xmlNodePtr svg_fragment(svg_refs *r, xmlNodePtr n) {
  for (size_t i = 0; i < 2 && !html_is(n, "a"); i++) {
    char *v = html_attr(n, href_attrs[i]);
    char *target = v && *v == '#' ? svg_target(r, v + 1) : NULL;
    if (target) {
      char *ref = sheaf_xasprintf("#%s", target);
      html_set_attr(n, href_attrs[i], ref);
      free(ref);
    } else if (v && *v == '#' && lost_ref(r->c, n, href_attrs[i], v) != LOSE_ATTR) {
      xmlFree(v);
      return lose_element(n, r->root);
    }
    xmlFree(target);
    xmlFree(v);
  }
  return html_walk_next(n, r->root, !html_is(n, "foreignobject"));
}

/* Once a drawing is clean, its id references are resolved against the ids as they now are,
 * and the authors' ids kept for that are dropped. */
static void svg_fragments(cleaner *c, xmlNodePtr root) {
  svg_refs r = {c, root, root->doc, {0}, NULL, 0, 0};
  sheaf_strmap_init(&r.was);
  for (xmlNodePtr n = root->children; n;) {
    n = n->type == XML_ELEMENT_NODE ? svg_fragment(&r, n) : html_walk_next(n, root, 0);
  }
  sheaf_strmap_fini(&r.was);
  for (size_t i = 0; i < r.n_now; i++) {
    xmlFree(r.now[i]);
  }
  free(r.now);
  for (xmlNodePtr n = root; n; n = html_walk_next(n, root, 1)) {
    if (n->type == XML_ELEMENT_NODE) {
      xmlUnsetProp(n, (const xmlChar *)SVG_ID_WAS);
    }
  }
}

/* ---- content ---- */

/* The SVG elements that may hold text (foreignObject holds HTML), and MathML's. */
static const char svg_text[] = "a altglyph desc foreignobject metadata script style text "
                               "textpath title tspan";
static const char math_text[] = "mi mn mo ms mtext annotation annotation-xml";
static const char math_empty[] = "mglyph mspace none mprescripts malignmark maligngroup msline";

/* An element SVG does not know: its tag goes where text may stand or when it holds elements,
 * else it goes with its text (that text would stand where SVG forbids it). */
static xmlNodePtr svg_unknown(cleaner *c, xmlNodePtr n, int nested_link) {
  const char *name = html_name(n);
  if (nested_link) {
    html_note(c, n, "nested", "a link inside a link was unwrapped");
    return html_unwrap(n);
  }
  if ((n->parent && in_words(svg_text, html_name(n->parent))) || has_element_child(n)) {
    html_note(c, n, "foreign", "<%s> is not an element of SVG; its content is kept", name);
    return html_unwrap(n);
  }
  html_note(c, n, "foreign", "<%s> is not an element of SVG; removed with its text", name);
  return html_drop(n);
}

/* Removes the attributes MathML's <mrow> and <mtext> do not share with any element. */
static void keep_common_attrs(xmlNodePtr n) {
  xmlAttrPtr a = n->properties;
  while (a) {
    xmlAttrPtr next = a->next;
    if (!in_words("id class style", (const char *)a->name)) {
      xmlRemoveProp(a);
    }
    a = next;
  }
}

/* An element MathML does not know: inside a token element its tag goes; elsewhere it becomes
 * <mrow> when it holds elements, <mtext> when it holds text (so a fraction keeps its two
 * parts), and goes when empty. Returns n (renamed) to clean on, or the node to go on from. */
static xmlNodePtr math_unknown(cleaner *c, xmlNodePtr n) {
  const char *name = html_name(n);
  if (n->parent && in_words(math_text, html_name(n->parent))) {
    html_note(c, n, "foreign", "<%s> is not an element of MathML; its content is kept", name);
    return html_unwrap(n);
  }
  int elements = has_element_child(n);
  if (!elements && !has_text_child(n)) {
    html_note(c, n, "foreign", "<%s> is not an element of MathML; removed", name);
    return html_drop(n);
  }
  const char *now = elements ? "mrow" : "mtext";
  html_note(c, n, "foreign", "<%s> is not an element of MathML; it became <%s>", name, now);
  keep_common_attrs(n);
  html_rename(n, now);
  return n;
}

/* Text standing directly in an SVG or MathML element that may not hold it: SVG drops it,
 * MathML puts it in <mtext> (an empty element drops it too). */
static void foreign_text(cleaner *c, xmlNodePtr n, int foreign) {
  const char *name = html_name(n);
  if (in_words(foreign == 1 ? svg_text : math_text, name)) {
    return;
  }
  int wrap = foreign == 2 && !in_words(math_empty, name);
  xmlNodePtr ch = n->children;
  while (ch) {
    xmlNodePtr next = ch->next;
    if (ch->type == XML_TEXT_NODE && !html_blank(ch) && wrap) {
      html_note(c, n, "foreigntext", "text directly inside <%s> was put into <mtext>", name);
      html_wrap(ch, "mtext");
    } else if (ch->type == XML_TEXT_NODE && !html_blank(ch)) {
      html_note(c, n, "foreigntext", "text directly inside <%s> is not allowed in %s; removed",
                html_foreign_case(name), foreign == 1 ? "SVG" : "MathML");
      html_drop(ch);
    }
    ch = next;
  }
}

static int is_annotation(xmlNodePtr n) {
  return html_is(n, "annotation") || html_is(n, "annotation-xml");
}

/* EPUB allows an annotation-xml of presentation MathML (with such an encoding), of XHTML
 * (text here: HTML ends MathML), or empty with a content MathML encoding and the name
 * "contentequiv"; an annotation holds only text. */
static int annotation_fits(xmlNodePtr n) {
  if (html_is(n, "annotation")) {
    return !has_element_child(n);
  }
  char *enc = html_attr(n, "encoding");
  char *name = html_attr(n, "name");
  const char *e = enc ? enc : "";
  int pres = one_of("MathML MathML-Presentation application/mathml-presentation+xml", e);
  int html = !enc || one_of("application/xhtml+xml text/html", e);
  int content = one_of("MathML-Content application/mathml-content+xml", e) && name &&
                strcmp(name, "contentequiv") == 0;
  int elements = has_element_child(n);
  int text = has_text_child(n);
  xmlFree(enc);
  xmlFree(name);
  return elements ? pres && !text : text ? html : pres || html || content;
}

/* An svg or math element that holds text and no element is no drawing nor formula: libxml2's
 * HTML parser reads <svg:svg> and <math:math> as svg and math, for one. Its tag goes (the
 * manifest properties come from what is left, in sheaf_html_clean). */
static xmlNodePtr unwrap_text_root(cleaner *c, xmlNodePtr n) {
  html_note(c, n, "foreignroot", "<%s> holds only text, no %s; its text was kept", html_name(n),
            html_is(n, "svg") ? "drawing" : "formula");
  return html_unwrap(n);
}

/* The renderer's position markers (html.c) inside an SVG <style> or <script>: the HTML parser
 * reads their content as raw text, so a marker there is text, and goes. */
static void strip_markers(xmlNodePtr n) {
  static const char mark[] = "<!--sheaf-pos ";
  for (xmlNodePtr t = n->children; t; t = t->next) {
    int text_node = t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE;
    char *s = text_node && t->content ? strstr((char *)t->content, mark) : NULL;
    if (!s) {
      continue;
    }
    char *text = sheaf_xstrdup((const char *)t->content);
    for (char *m = strstr(text, mark); m; m = strstr(m, mark)) {
      char *end = strstr(m, "-->");
      memmove(m, end ? end + 3 : m + strlen(m), strlen(end ? end + 3 : m + strlen(m)) + 1);
    }
    xmlNodeSetContent(t, NULL);
    xmlNodeAddContent(t, (const xmlChar *)text);
    free(text);
  }
}

/* True for an SVG animation that sets a link's target to a remote or script reference
 * (<set attributeName="href" to="javascript:...">). */
static int animates_unsafe_link(xmlNodePtr n) {
  static const char *const values[] = {"to", "from", "by", "values"};
  char *target = html_attr(n, "attributename");
  int link = target && is_href(target);
  xmlFree(target);
  int unsafe = 0;
  for (size_t i = 0; i < 4 && link && !unsafe; i++) {
    char *v = html_attr(n, values[i]);
    char *save = NULL;
    for (char *t = v ? strtok_r(v, ";", &save) : NULL; t && !unsafe;
         t = strtok_r(NULL, ";", &save)) {
      t += strspn(t, xml_space);
      unsafe = *t != '#' && remote_ref(t);
    }
    xmlFree(v);
  }
  return unsafe;
}

/* EPUBCheck 4.2.6 refuses aria-label on <math>; what it says is kept as alttext. */
static void label_to_alttext(xmlNodePtr n) {
  char *label = html_attr(n, "aria-label");
  if (label && *label && !xmlHasProp(n, (const xmlChar *)"alttext")) {
    html_set_attr(n, "alttext", label);
  }
  xmlFree(label);
}

/* ---- one element ---- */

/* An HTML element inside SVG or MathML ends it, as in HTML5 parsing: n and everything after
 * it move out, after the svg or math element. Returns NULL: nothing is left to walk here. */
static xmlNodePtr break_out(cleaner *c, xmlNodePtr n) {
  xmlNodePtr root = n->parent;
  while (root->parent && root->parent->type == XML_ELEMENT_NODE && !html_is(root, "svg") &&
         !html_is(root, "math")) {
    root = root->parent;
  }
  html_note(c, n, "breakout",
            "<%s> cannot stand inside <%s>; it and what follows were moved after "
            "it",
            html_name(n), html_name(root));
  xmlNodePtr at = root;
  while (n) {
    xmlNodePtr next = n->next;
    xmlUnlinkNode(n);
    at = xmlAddNextSibling(at, n); /* text after text is merged into it, and n freed */
    n = next;
  }
  return NULL;
}

/* What stands before a MathML element's attributes: an element inside a token element (its
 * text stays), an unknown element, an annotation outside <semantics>, a table part outside its
 * table (it becomes <mrow>). Returns n to go on cleaning it, or the node the walk goes on from
 * (*done set). */
static xmlNodePtr math_gate(cleaner *c, xmlNodePtr n, int *done) {
  static const char tokens[] = "mi mn mo ms mtext annotation";
  const char *name = html_name(n);
  const char *parent = n->parent ? html_name(n->parent) : "";
  int row = html_is(n, "mtr") || html_is(n, "mlabeledtr");
  *done = 1;
  if (in_words(tokens, parent) && !in_words("mglyph malignmark", name)) {
    html_note(c, n, "token", "<%s> cannot stand inside <%s>; its text was kept", name, parent);
    return html_unwrap(n);
  }
  if (html_is(n, "math") && !foreign_top(n)) {
    html_note(c, n, "nestedmath", "<math> inside <math> became <mrow>");
    keep_common_attrs(n);
    html_rename(n, "mrow");
    name = html_name(n);
  }
  if (!html_foreign_known(name, 2)) {
    xmlNodePtr now = math_unknown(c, n);
    *done = now != n;
    return now;
  }
  if (is_annotation(n) && strcmp(parent, "semantics") != 0) {
    html_note(c, n, "annotation", "<%s> outside <semantics> removed", name);
    return html_drop(n);
  }
  if ((html_is(n, "mtd") && !in_words("mtr mlabeledtr", parent)) ||
      (row && strcmp(parent, "mtable") != 0)) {
    html_note(c, n, "placement", "<%s> outside its table became <mrow>", name);
    keep_common_attrs(n);
    html_rename(n, "mrow");
  }
  *done = 0;
  return n;
}

/* How many expressions a MathML element holds: exactly `min` when `max` is 0. */
typedef struct math_arity {
  const char *elements;
  int min, max;
} math_arity;

static const math_arity math_arities[] = {
    {"mfrac mroot msub msup munder mover", 2, 2},
    {"msubsup munderover", 3, 3},
    {"maction", 1, INT_MAX},
};

/* Gives an element of fixed arity its expressions: empty <mrow>s where some are missing, and
 * the ones past the last put together in an <mrow>. */
static void fix_arity(cleaner *c, xmlNodePtr n) {
  const math_arity *a = NULL;
  for (size_t i = 0; i < sizeof math_arities / sizeof *math_arities && !a; i++) {
    a = in_words(math_arities[i].elements, html_name(n)) ? &math_arities[i] : NULL;
  }
  int count = 0;
  xmlNodePtr last = NULL;
  for (xmlNodePtr ch = n->children; a && ch; ch = ch->next) {
    if (ch->type == XML_ELEMENT_NODE && ++count == a->max) {
      last = ch;
    }
  }
  if (!a || (count >= a->min && count <= a->max)) {
    return;
  }
  html_note(c, n, "arity", "<%s> holds %d expression(s), not %d; %s", html_name(n), count, a->min,
            count < a->min ? "empty ones were added" : "the last ones were put in an <mrow>");
  if (count > a->max) {
    xmlNodePtr row = html_wrap(last, "mrow");
    while (row->next) {
      xmlNodePtr ch = row->next;
      xmlUnlinkNode(ch);
      xmlAddChild(row, ch);
    }
    return;
  }
  for (; count < a->min; count++) {
    xmlAddChild(n, xmlNewDocNode(n->doc, NULL, (const xmlChar *)"mrow", NULL));
  }
}

/* Puts what stands in an <mtable> outside rows into <mtr><mtd>, and what stands in a row
 * outside cells into <mtd>. */
static void fix_table_parts(cleaner *c, xmlNodePtr n) {
  int table = html_is(n, "mtable");
  if (!table && !html_is(n, "mtr") && !html_is(n, "mlabeledtr")) {
    return;
  }
  for (xmlNodePtr ch = n->children, next; ch; ch = next) {
    next = ch->next;
    int fits = table ? html_is(ch, "mtr") || html_is(ch, "mlabeledtr") : html_is(ch, "mtd");
    if (ch->type == XML_ELEMENT_NODE && !fits) {
      html_note(c, n, "table", "content of <%s> outside %s was wrapped", html_name(n),
                table ? "rows" : "cells");
      xmlNodePtr cell = html_wrap(ch, "mtd");
      if (table) {
        html_wrap(cell, "mtr");
      }
    }
  }
}

/* ---- where SVG elements may stand ----
 * SVG 1.1's content models as EPUBCheck's schema holds them: text content (tspan, textPath...)
 * only inside text, gradient stops only in gradients, filter primitives only in filters, and
 * the parents that hold nothing but their own children. */

#define SVG_DESCRIPTIVE "desc metadata title "
#define SVG_FILTER_PRIMITIVES                                                                      \
  "feblend fecolormatrix fecomponenttransfer fecomposite feconvolvematrix fediffuselighting "      \
  "fedisplacementmap feflood fegaussianblur feimage femerge femorphology feoffset "                \
  "fespecularlighting fetile feturbulence"

static const struct {
  const char *parents;
  const char *children; /* the elements it may hold */
} svg_holds[] = {
    {"text", SVG_DESCRIPTIVE "animate animatecolor animatemotion animatetransform set altglyph "
                             "textpath tref tspan a"},
    {"tspan textpath", SVG_DESCRIPTIVE "animate animatecolor set altglyph tref tspan a"},
    {"tref", SVG_DESCRIPTIVE "animate animatecolor set"},
    {"altglyph", ""},
    {"lineargradient radialgradient", SVG_DESCRIPTIVE "animate animatetransform set stop"},
    {"stop", "animate animatecolor set"},
    {"filter", SVG_DESCRIPTIVE "animate set " SVG_FILTER_PRIMITIVES},
    {"fecomponenttransfer", "fefunca fefuncb fefuncg fefuncr"},
    {"femerge", "femergenode"},
    {"fediffuselighting fespecularlighting",
     SVG_DESCRIPTIVE "fedistantlight fepointlight fespotlight"},
    {"fefunca fefuncb fefuncg fefuncr femergenode fedistantlight fepointlight fespotlight feblend "
     "fecolormatrix fecomposite feconvolvematrix fedisplacementmap feflood fegaussianblur feimage "
     "femorphology feoffset fetile feturbulence",
     "animate animatecolor animatetransform set"},
    {"animatemotion", SVG_DESCRIPTIVE "mpath"},
    {"font", SVG_DESCRIPTIVE "font-face glyph hkern missing-glyph vkern"},
    {"font-face", SVG_DESCRIPTIVE "font-face-src definition-src"},
    {"font-face-src", "font-face-uri font-face-name"},
    {"font-face-uri", "font-face-format"},
    {"altglyphdef", "glyphref altglyphitem"},
    {"altglyphitem", "glyphref"},
    {"circle ellipse line path polygon polyline rect image use",
     SVG_DESCRIPTIVE "animate animatecolor animatemotion animatetransform set"},
};

/* The parents a <text> may stand in. */
static const char svg_containers[] = "svg g defs symbol a switch marker mask pattern";

/* Elements that stand only where a parent above lists them. */
static const char svg_placed[] =
    "tspan tref textpath altglyph stop mpath glyph missing-glyph hkern vkern font-face-src "
    "font-face-uri font-face-format font-face-name definition-src glyphref altglyphitem fefunca "
    "fefuncb fefuncg fefuncr femergenode fedistantlight fepointlight "
    "fespotlight " SVG_FILTER_PRIMITIVES;

/* Whether an SVG <a> stands inside text (EPUBCheck's schema gives every <a> the content of a
 * container: inside text, its text content elements lose their tags, keeping their words). */
static int svg_link_in_text(xmlNodePtr a) {
  for (xmlNodePtr p = a->parent; p && p->type == XML_ELEMENT_NODE && !html_is(p, "svg");
       p = p->parent) {
    if (in_words("text tspan textpath", html_name(p))) {
      return 1;
    }
  }
  return 0;
}

/* 1 when n may stand in its parent (an SVG element). */
static int svg_placed_ok(xmlNodePtr n) {
  const char *kind = html_name(n->parent);
  const char *name = html_name(n);
  for (size_t i = 0; i < sizeof svg_holds / sizeof *svg_holds; i++) {
    if (in_words(svg_holds[i].parents, kind)) {
      return in_words(svg_holds[i].children, name);
    }
  }
  return !in_words(svg_placed, name); /* a container: anything but the placed elements */
}

/* An SVG element where SVG does not allow it: text content outside text gets a <text> around
 * it (so its words still show); anything else goes. Returns the node to go on from, or n when
 * it stands where it may. */
static xmlNodePtr svg_place(cleaner *c, xmlNodePtr n) {
  if (!n->parent || n->parent->type != XML_ELEMENT_NODE ||
      in_words("title desc metadata", html_name(n->parent)) || svg_placed_ok(n)) {
    return n; /* what stands in a title keeps only its text (foreign_gate) */
  }
  const char *name = html_foreign_case(html_name(n));
  const char *parent = html_foreign_case(html_name(n->parent));
  int text_content = in_words("tspan tref textpath altglyph", html_name(n));
  if (text_content && html_is(n->parent, "a") && svg_link_in_text(n->parent)) {
    html_note(c, n, "svgplace", "<%s> cannot stand in <a>; its text was kept", name);
    return html_unwrap(n);
  }
  if (text_content && in_words(svg_containers, html_name(n->parent))) {
    xmlNodePtr text = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"text", NULL);
    html_insert_before(n, text);
    xmlUnlinkNode(n);
    xmlAddChild(text, n);
    if (svg_placed_ok(text) && svg_placed_ok(n)) {
      html_note(c, text, "svgplace", "<%s> cannot stand in <%s>; it was put into a <text>", name,
                parent);
      return text;
    }
    xmlUnlinkNode(n);
    html_insert_before(text, n);
    html_drop(text);
  }
  html_note(c, n, "svgplace", "<%s> cannot stand in <%s>; removed", name, parent);
  return html_drop(n);
}

/* What stands before n's attributes: scripts, HTML, unknown elements, a root holding only
 * text and misplaced annotations. Returns n to go on cleaning it, or the node the walk goes on
 * from (*done set). */
static xmlNodePtr foreign_gate(cleaner *c, xmlNodePtr n, int foreign, int in_link, int *done) {
  const char *name = html_name(n);
  *done = 1;
  if (!strcmp(name, "script") && !c->env->allow_unsafe) {
    html_note(c, n, "script", "<script> removed (scripts are not allowed)");
    return html_drop(n);
  }
  int root = (!strcmp(name, "svg") || !strcmp(name, "math")) && foreign_top(n);
  int ours = xmlHasProp(n, (const xmlChar *)SHEAF_HTML_OWN) != NULL; /* HTML the renderer made */
  if (!root && (ours || html_breaks_out(name)) && n->parent &&
      n->parent->type == XML_ELEMENT_NODE) {
    return break_out(c, n);
  }
  if (root && !has_element_child(n) && has_text_child(n)) {
    return unwrap_text_root(c, n);
  }
  if (foreign == 1 && (!html_foreign_known(name, 1) || (in_link && !strcmp(name, "a")))) {
    return svg_unknown(c, n, in_link && !strcmp(name, "a"));
  }
  if (foreign == 1 && !root) {
    xmlNodePtr placed = svg_place(c, n);
    if (placed != n) {
      return placed;
    }
  }
  if (foreign == 1 && html_is(n->parent, "title")) {
    html_note(c, n, "svgtitletext", "<%s> cannot stand inside <title>; its text was kept",
              html_foreign_case(name));
    return html_unwrap(n);
  }
  if (foreign == 1 && animates_unsafe_link(n)) {
    html_note(c, n, "foreignref", "remote or script reference removed from <%s>",
              html_foreign_case(name));
    return html_drop(n);
  }
  if (foreign == 2) {
    return math_gate(c, n, done);
  }
  *done = 0;
  return n;
}

/* The references of an SVG element: what n loses for those that lead nowhere (an <a> left
 * without a link loses its tag). *link receives an <a>'s first link (caller frees). */
static ref_loss svg_refs_of(cleaner *c, xmlNodePtr n, char **link) {
  if (html_is(n, "a")) {
    int had =
        xmlHasProp(n, (const xmlChar *)"href") || xmlHasProp(n, (const xmlChar *)"xlink:href");
    if (svg_links(c, n, link)) {
      return LOSE_NOTHING;
    }
    if (!had) {
      html_note(c, n, "svglink", "SVG <a> without a link unwrapped");
    }
    return LOSE_TAG;
  }
  if (html_is(n, "image")) {
    return svg_image(c, n) ? LOSE_NOTHING : LOSE_ELEMENT;
  }
  return svg_ref_files(c, n);
}

/* <semantics> holds one expression, then annotations: several expressions, or one after an
 * annotation, are put together in an <mrow> first; with none it goes. Returns 0 when n went. */
static int fix_semantics(cleaner *c, xmlNodePtr n) {
  xmlNodePtr first = NULL;
  int exprs = 0;
  for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
    first = first || ch->type != XML_ELEMENT_NODE ? first : ch;
    exprs += ch->type == XML_ELEMENT_NODE && !is_annotation(ch);
  }
  if (!exprs) {
    html_note(c, n, "semantics", "<semantics> without an expression removed");
    html_drop(n);
    return 0;
  }
  if (exprs == 1 && !is_annotation(first)) {
    return 1;
  }
  html_note(c, n, "semantics",
            "<semantics> must hold one expression first; its expressions were "
            "put in an <mrow>");
  xmlNodePtr row = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"mrow", NULL);
  for (xmlNodePtr ch = n->children, next; ch; ch = next) {
    next = ch->next;
    if (ch->type == XML_ELEMENT_NODE && !is_annotation(ch)) {
      xmlUnlinkNode(ch);
      xmlAddChild(row, ch);
    }
  }
  if (n->children) {
    xmlAddPrevSibling(n->children, row);
  } else {
    xmlAddChild(n, row);
  }
  return 1;
}

/* True when n stands in the HTML of a foreignObject (not in an svg inside that HTML). */
static int in_foreign_object(xmlNodePtr n) {
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (html_is(p, "foreignobject") || html_is(p, "svg")) {
      return html_is(p, "foreignobject");
    }
  }
  return 0;
}

/* EPUBCheck 4.2.6 asks every link inside an svg for an SVG title, HTML links in a
 * foreignObject too, and an HTML link can carry neither a <title> nor an xlink:title: those
 * lose their tag (their text stays). */
static void unwrap_html_links(cleaner *c, xmlNodePtr root) {
  for (xmlNodePtr n = root; n;) {
    if (!html_is(n, "a") || !in_foreign_object(n)) {
      n = html_walk_next(n, root, 1);
      continue;
    }
    html_note(c, n, "folink",
              "a link inside an SVG foreignObject was unwrapped: EPUBCheck asks "
              "links in SVG for an SVG title, which an HTML link cannot hold");
    xmlNodePtr next = n->children ? n->children : html_walk_next(n, root, 0);
    html_unwrap(n);
    n = next;
  }
}

/* An SVG <style>: its style sheet cleaned as the book's are (EPUBCheck parses it, and a url()
 * in it would reach outside the book). Returns 0 when nothing was left and it went. */
static int svg_style(cleaner *c, xmlNodePtr n) {
  unsigned line;
  unsigned col;
  sheaf_buf clean = SHEAF_BUF_INIT;
  html_style_element(c, n, &clean, &line, &col);
  int kept = clean.len > 0;
  if (kept) {
    xmlNodeSetContent(n, NULL);
    xmlNodeAddContent(n, (const xmlChar *)clean.ptr);
  } else {
    html_drop(n);
  }
  sheaf_buf_free(&clean);
  return kept;
}

/* After an SVG element's children: the text they left, a link's title (an empty link goes),
 * markers in a style sheet, a drawing's id references. Returns 0 when n went. */
static int svg_after(cleaner *c, xmlNodePtr n, const char *link) {
  foreign_text(c, n, 1);
  if (html_is(n, "script")) {
    strip_markers(n);
  }
  if (html_is(n, "style") && !svg_style(c, n)) {
    return 0;
  }
  if (html_is(n, "a") && !has_element_child(n) && !has_text_child(n)) {
    html_note(c, n, "svgempty", "SVG <a> with nothing in it removed");
    html_drop(n);
    return 0;
  }
  if (html_is(n, "a") && sheaf_svg_title_link(n, link)) {
    html_note(c, n, "svgtitle", "SVG link given a <title> (readers announce it)");
  }
  if (html_is(n, "svg") && foreign_top(n)) {
    svg_fragments(c, n);
    unwrap_html_links(c, n);
  }
  return 1;
}

/* After a MathML element's children: the text they left, annotations that fit no kind, the
 * order in <semantics>, the actiontype <maction> needs. Returns 0 when n went. */
/* An element MathML keeps empty (<mspace/>, <none/>...) holding elements: they move after it. */
static void empty_out(cleaner *c, xmlNodePtr n) {
  if (!in_words(math_empty, html_name(n)) || !has_element_child(n)) {
    return;
  }
  html_note(c, n, "mathempty", "<%s> must be empty; what it held was moved after it", html_name(n));
  while (n->last) {
    xmlNodePtr ch = n->last;
    xmlUnlinkNode(ch);
    xmlAddNextSibling(n, ch);
  }
}

static int math_after(cleaner *c, xmlNodePtr n) {
  foreign_text(c, n, 2);
  empty_out(c, n);
  fix_table_parts(c, n);
  fix_arity(c, n);
  if (is_annotation(n) && !annotation_fits(n)) {
    html_note(c, n, "annotation", "<%s> cannot hold this content with its encoding; removed",
              html_name(n));
    html_drop(n);
    return 0;
  }
  if (html_is(n, "maction") && !xmlHasProp(n, (const xmlChar *)"actiontype")) {
    html_note(c, n, "maction",
              "<maction> needs an actiontype; it became \"toggle\" (its first "
              "expression shows)");
    html_set_attr(n, "actiontype", "toggle");
  }
  return !html_is(n, "semantics") || fix_semantics(c, n);
}

/* SVG 1.1 elements that draw or do nothing without these attributes (their lengths default to
 * zero), and which EPUBCheck rejects without them: the element goes, with what it held. */
static int svg_lacks_required(cleaner *c, xmlNodePtr n) {
  static const char *const needs[][2] = {
      {"rect", "width height"},
      {"circle", "r"},
      {"ellipse", "rx ry"},
      {"image", "width height"},
      {"path", "d"},
      {"polygon", "points"},
      {"polyline", "points"},
      {"animate", "attributename"},
      {"set", "attributename"},
      {"animatecolor", "attributename"},
      {"animatetransform", "attributename"},
  };
  const char *name = html_name(n);
  for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
    if (strcasecmp(name, needs[i][0]) != 0) {
      continue;
    }
    char attrs[64];
    snprintf(attrs, sizeof attrs, "%s", needs[i][1]);
    for (char *save = NULL, *a = strtok_r(attrs, " ", &save); a; a = strtok_r(NULL, " ", &save)) {
      if (!xmlHasProp(n, (const xmlChar *)a)) {
        html_note(c, n, "svgrequired", "SVG <%s> without %s draws nothing; removed",
                  html_foreign_case(name), html_foreign_case(a));
        return 1;
      }
    }
  }
  return 0;
}

xmlNodePtr html_clean_foreign(cleaner *c, xmlNodePtr n, int foreign, int in_link) {
  int done;
  xmlNodePtr next = foreign_gate(c, n, foreign, in_link, &done);
  if (done) {
    return next;
  }
  if (foreign == 2 && html_is(n, "math")) {
    label_to_alttext(n);
  }
  clean_foreign_attrs(c, n, foreign);
  if (foreign == 1 && svg_lacks_required(c, n)) {
    return html_drop(n);
  }
  foreign_id(c, n, foreign);
  char *link = NULL;
  ref_loss loss = foreign == 1 ? svg_refs_of(c, n, &link) : LOSE_NOTHING;
  if (loss != LOSE_NOTHING) {
    free(link);
    return loss == LOSE_TAG ? html_unwrap(n) : html_drop(n);
  }
  int in_a = in_link || (foreign == 1 && html_is(n, "a"));
  if (foreign == 1 && html_is(n, "foreignobject")) {
    html_clean_children(c, n, 0, in_a, 0);
  } else {
    html_clean_children(c, n, 0, in_a, foreign);
  }
  next = n->next;
  if (foreign == 1) {
    svg_after(c, n, link);
  } else {
    math_after(c, n);
  }
  free(link);
  return next;
}
