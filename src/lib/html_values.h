/* html_values.h -- the attribute values HTML5 accepts, as EPUBCheck checks them
 * SPDX-License-Identifier: MIT
 *
 * EPUBCheck validates XHTML against the validator.nu HTML5 schemas: a colspan of "0", a
 * role the element may not have or a lang that is not a language tag is an RSC-005 error.
 * Cleaning asks here about each attribute the author wrote and drops or repairs what would
 * fail. */
#ifndef SHEAF_HTML_VALUES_H
#define SHEAF_HTML_VALUES_H

#include "buf.h"

typedef enum sheaf_value_verdict {
  SHEAF_VALUE_OK,    /* valid as written */
  SHEAF_VALUE_FIXED, /* a valid value was appended to *fixed (e.g. role tokens filtered) */
  SHEAF_VALUE_DROP   /* no valid value: remove the attribute */
} sheaf_value_verdict;

/* Checks `value` of attribute `attr` on element `el` (lower-case HTML names; `attr` may be
 * "epub:type" or "xml:lang"). On anything but SHEAF_VALUE_OK, *why is a short reason for the
 * author ("not a positive integer"). Attributes it does not know are OK. */
sheaf_value_verdict sheaf_html_value_check(const char *el, const char *attr, const char *value,
                                           sheaf_buf *fixed, const char **why);

#endif
