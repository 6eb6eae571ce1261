/* strmap.h -- a string-keyed hash map (open addressing), used for ids, names and anchors
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_STRMAP_H
#define SHEAF_STRMAP_H

#include <stddef.h>

typedef struct sheaf_strmap_slot {
  char *key; /* owned copy, NULL when empty */
  size_t value;
} sheaf_strmap_slot;

typedef struct sheaf_strmap {
  sheaf_strmap_slot *slots;
  size_t cap; /* power of two, or 0 */
  size_t len;
} sheaf_strmap;

void sheaf_strmap_init(sheaf_strmap *m);
void sheaf_strmap_fini(sheaf_strmap *m);
/* Stores key -> value (copying key). Returns 1 if added, 0 if key was there (value kept). */
int sheaf_strmap_add(sheaf_strmap *m, const char *key, size_t value);
/* The value slot for key, added with value 0 when absent. Valid until the next change. */
size_t *sheaf_strmap_ref(sheaf_strmap *m, const char *key);
/* Looks key up: returns 1 and stores the value, or 0. value may be NULL. */
int sheaf_strmap_get(const sheaf_strmap *m, const char *key, size_t *value);

/* Makes `base` unique in `m` (case-insensitively when `fold`): returns base itself or base-2,
 * base-3... as a new string (caller frees), already added to m with `value`. */
char *sheaf_strmap_unique(sheaf_strmap *m, const char *base, int fold, size_t value);

#endif
