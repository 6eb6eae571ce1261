/* html_values.h -- the attribute values HTML5 accepts, as EPUBCheck checks them
 * SPDX-License-Identifier: MIT
 *
 * EPUBCheck 4.2.6 validates XHTML against its copy of the validator.nu HTML5 schemas (with
 * XML Schema datatypes in place of validator.nu's Java ones): a colspan of "0", a role the
 * element may not have or a lang that is not a language tag is an RSC-005 error. Cleaning
 * asks here about each attribute the author wrote and drops or repairs what would fail.
 *
 * Values are held to HTML's own rules where those are stricter than EPUBCheck's (a date
 * must exist, a language tag must be well-formed BCP 47), so what passes here is valid
 * HTML too. Repairs keep what a browser would have made of the value: " 2 " and "2.0"
 * become "2", "ROW" becomes "row", a boolean attribute's stray value becomes its name. */
#ifndef SHEAF_HTML_VALUES_H
#define SHEAF_HTML_VALUES_H

#include "buf.h"

typedef enum sheaf_value_verdict {
  SHEAF_VALUE_OK,    /* valid as written */
  SHEAF_VALUE_FIXED, /* a valid value was appended to *fixed (e.g. role tokens filtered) */
  SHEAF_VALUE_DROP   /* no valid value: remove the attribute */
} sheaf_value_verdict;

/* The element's other attributes, for the checks that depend on them: which roles an <a>,
 * <input> or <button> may take (href, type), whether a role's required states are there
 * (role="checkbox" needs aria-checked), which aria-* states a role allows, and which coords
 * fit an <area>'s shape. `get` returns the attribute's value as the author wrote it, or
 * NULL when the element has none; the strings are borrowed for the call. */
typedef struct sheaf_attr_env {
  const char *(*get)(void *ud, const char *name);
  void *ud;
} sheaf_attr_env;

/* Checks `value` of attribute `attr` on element `el` (lower-case HTML names; `attr` may be
 * "epub:type" or "xml:lang"). On anything but SHEAF_VALUE_OK, *why is a short reason for the
 * author ("not a positive integer"; static storage). Attributes it does not know are OK;
 * id, href, src, name (but on <map>, <iframe>, <object>), style, class, srcset and on* are
 * left to the caller.
 *
 * `env` may be NULL; the checks that need the other attributes are then conservative:
 * roles an <input> takes, and roles that require states (checkbox, slider...), are dropped,
 * an <a> is taken to have an href, coords need only fit some shape, and aria-* states are
 * not checked against the element's role. With `env`, an aria-* attribute the element's
 * role (or, without one, its implicit role) does not take is dropped: call this for the
 * role first, and have `get("role")` return the repaired role from then on. */
sheaf_value_verdict sheaf_html_value_check_env(const char *el, const char *attr, const char *value,
                                               const sheaf_attr_env *env, sheaf_buf *fixed,
                                               const char **why);

/* The same with no other attributes known (env NULL). */
sheaf_value_verdict sheaf_html_value_check(const char *el, const char *attr, const char *value,
                                           sheaf_buf *fixed, const char **why);

/* Whether attribute `attr` of element `el` refers to ids: 1 for a space-separated list of
 * ids (aria-labelledby, aria-describedby, aria-controls, aria-owns, aria-flowto, headers on
 * td/th, for on output, itemref), 2 when it must hold exactly one id (aria-activedescendant,
 * aria-details, aria-errormessage, for on label, list on input, form on form controls),
 * 0 otherwise. EPUBCheck requires the targets of aria-describedby, aria-labelledby,
 * aria-controls, aria-owns, aria-flowto, output for, label for (a labelable element), input
 * list (a datalist), form (a form), headers (a th of the same table) and
 * aria-activedescendant (a descendant) to exist in the same document. */
int sheaf_html_idref_attr(const char *el, const char *attr);

#endif
