/* html_tables.h -- what HTML5 (as EPUB's XHTML content documents use it) allows
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_HTML_TABLES_H
#define SHEAF_HTML_TABLES_H

/* Element kinds. */
#define EL_VOID (1u << 0)        /* no content, written <x /> */
#define EL_FLOW (1u << 1)        /* flow content only: not allowed where phrasing is expected */
#define EL_PHRASING (1u << 2)    /* its own content must be phrasing content */
#define EL_TRANSPARENT (1u << 3) /* content model of its parent (a, ins, del...) */
#define EL_UNSAFE (1u << 4)      /* removed with its content unless unsafe HTML is allowed */
#define EL_DROP (1u << 5)        /* removed with its content (head-only, templates) */
#define EL_UNWRAP (1u << 6)      /* the tag is removed, its content kept */
#define EL_OBSOLETE (1u << 7)    /* replaced by a current element (see html_replacement) */
#define EL_EMBED (1u << 8)       /* embeds outside content: iframe, object, embed */
#define EL_MEDIA (1u << 9)       /* audio, video, source, track: kept only for remote files */

typedef struct html_element {
  const char *name;
  unsigned flags;
  const char *attrs; /* its own attributes, space-separated and space-terminated */
} html_element;

/* The element named `name` (lower case), or NULL when HTML has no such element. */
const html_element *html_element_find(const char *name);
/* True when `attr` (lower case) is a global attribute or one of el's own. */
int html_attr_allowed(const html_element *el, const char *attr);
/* What an obsolete element becomes: the new name, and CSS to add (may be ""). */
const char *html_replacement(const char *name, const char **css);
/* The DPUB-ARIA role for an epub:type value, or NULL. */
const char *html_role_for_type(const char *type);

#endif
