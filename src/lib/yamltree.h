/* yamltree.h -- YAML documents (parsed by libyaml) as small trees that remember positions
 * SPDX-License-Identifier: MIT
 *
 * libyaml parses; this module copies its document into a tree whose every node knows the
 * file, line and column it came from, so metadata errors can point at the author's input.
 * Aliases are followed with a budget, so an alias bomb ends in a SHEAF_ER_LIMIT error. */
#ifndef SHEAF_YAMLTREE_H
#define SHEAF_YAMLTREE_H

#include <stddef.h>

#include "error.h"

typedef enum sheaf_ykind { SHEAF_Y_SCALAR, SHEAF_Y_SEQ, SHEAF_Y_MAP } sheaf_ykind;

typedef struct sheaf_ynode sheaf_ynode;
struct sheaf_ynode {
  sheaf_ykind kind;
  const char *path; /* borrowed: the file it came from (owned by whoever parsed it) */
  unsigned line;
  unsigned col;
  char *value;         /* scalars: the text (NUL-terminated) */
  int plain;           /* scalars: written without quotes (so `true`, `12` may be typed) */
  sheaf_ynode **items; /* seq: n items; map: n/2 pairs, key at 2i, value at 2i+1 */
  size_t n;
};

/* Parses `len` bytes of YAML named `path` (borrowed for the tree's lifetime), whose first line
 * is line `first_line` of that file. An empty document gives an empty map. Returns the root
 * (caller frees with sheaf_ynode_free) or NULL with err filled at the problem's position. */
sheaf_ynode *sheaf_yaml_parse(const char *text, size_t len, const char *path, unsigned first_line,
                              sheaf_error *err);

sheaf_ynode *sheaf_ynode_new(sheaf_ykind kind, const char *path, unsigned line, unsigned col);
/* A new plain scalar holding a copy of value. */
sheaf_ynode *sheaf_ynode_scalar(const char *value, const char *path, unsigned line, unsigned col);
void sheaf_ynode_append(sheaf_ynode *parent, sheaf_ynode *child);
void sheaf_ynode_free(sheaf_ynode *node);

/* Map lookup: the value for key, or NULL. */
sheaf_ynode *sheaf_ymap_get(const sheaf_ynode *map, const char *key);
/* Sets key in map to value (taking ownership of value and freeing any old one). */
void sheaf_ymap_set(sheaf_ynode *map, const char *key, sheaf_ynode *value, const char *path,
                    unsigned line, unsigned col);
/* Removes key from map and returns its value (caller frees), or NULL. */
sheaf_ynode *sheaf_ymap_take(sheaf_ynode *map, const char *key);

/* A human name for a node's shape: "a string", "a list", "a mapping". */
const char *sheaf_ynode_shape(const sheaf_ynode *node);

#endif
