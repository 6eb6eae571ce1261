/* yamltree.c -- YAML documents (parsed by libyaml) as small trees that remember positions
 * SPDX-License-Identifier: MIT */
#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "mem.h"

/* Nodes visited while copying a document, aliases included: far above any real metadata,
 * far below what an alias bomb would need. */
#define YAML_NODE_BUDGET 100000
#define YAML_MAX_DEPTH 64

sheaf_ynode *sheaf_ynode_new(sheaf_ykind kind, const char *path, unsigned line, unsigned col) {
  sheaf_ynode *n = sheaf_xcalloc(1, sizeof *n);
  n->kind = kind;
  n->path = path;
  n->line = line;
  n->col = col;
  return n;
}

sheaf_ynode *sheaf_ynode_scalar(const char *value, const char *path, unsigned line, unsigned col) {
  sheaf_ynode *n = sheaf_ynode_new(SHEAF_Y_SCALAR, path, line, col);
  n->value = sheaf_xstrdup(value);
  n->plain = 1;
  return n;
}

void sheaf_ynode_append(sheaf_ynode *parent, sheaf_ynode *child) {
  parent->items = sheaf_xrealloc(parent->items, (parent->n + 1) * sizeof *parent->items);
  parent->items[parent->n++] = child;
}

void sheaf_ynode_free(sheaf_ynode *node) {
  if (!node) {
    return;
  }
  for (size_t i = 0; i < node->n; i++) {
    sheaf_ynode_free(node->items[i]);
  }
  free(node->items);
  free(node->value);
  free(node);
}

typedef struct copier {
  yaml_document_t *doc;
  const char *path;
  unsigned first_line;
  size_t budget;
} copier;

/* Copies document node `index` (and, recursively, its children) into a new tree node.
 * Recursion is bounded by YAML_MAX_DEPTH and the total by the node budget. */
static sheaf_ynode *copy_node(copier *c, int index, int depth, sheaf_error *err) {
  yaml_node_t *yn = yaml_document_get_node(c->doc, index);
  if (!yn) {
    sheaf_fail(err, SHEAF_ER_SYNTAX, c->path, c->first_line, 1, "malformed YAML document");
    return NULL;
  }
  unsigned line = (unsigned)yn->start_mark.line + c->first_line;
  unsigned col = (unsigned)yn->start_mark.column + 1;
  if (c->budget-- == 0 || depth > YAML_MAX_DEPTH) {
    sheaf_fail(err, SHEAF_ER_LIMIT, c->path, line, col,
               "YAML is nested too deeply or expands to too many nodes (aliases?)");
    return NULL;
  }
  if (yn->type == YAML_SCALAR_NODE) {
    sheaf_ynode *n = sheaf_ynode_new(SHEAF_Y_SCALAR, c->path, line, col);
    n->value = sheaf_xstrndup((const char *)yn->data.scalar.value, yn->data.scalar.length);
    n->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    return n;
  }
  sheaf_ynode *n = sheaf_ynode_new(yn->type == YAML_SEQUENCE_NODE ? SHEAF_Y_SEQ : SHEAF_Y_MAP,
                                   c->path, line, col);
  if (yn->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *it = yn->data.sequence.items.start; it < yn->data.sequence.items.top;
         it++) {
      sheaf_ynode *child = copy_node(c, *it, depth + 1, err);
      if (!child) {
        sheaf_ynode_free(n);
        return NULL;
      }
      sheaf_ynode_append(n, child);
    }
    return n;
  }
  for (yaml_node_pair_t *p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top; p++) {
    sheaf_ynode *k = copy_node(c, p->key, depth + 1, err);
    if (k && k->kind != SHEAF_Y_SCALAR) {
      sheaf_fail(err, SHEAF_ER_META, c->path, k->line, k->col,
                 "mapping keys must be plain strings, not %s", sheaf_ynode_shape(k));
      sheaf_ynode_free(k);
      k = NULL;
    }
    sheaf_ynode *v = k ? copy_node(c, p->value, depth + 1, err) : NULL;
    if (!v) {
      sheaf_ynode_free(k);
      sheaf_ynode_free(n);
      return NULL;
    }
    sheaf_ynode_append(n, k);
    sheaf_ynode_append(n, v);
  }
  return n;
}

static void parser_error(yaml_parser_t *p, const char *path, unsigned first_line,
                         sheaf_error *err) {
  yaml_mark_t m = p->problem ? p->problem_mark : p->context_mark;
  const char *problem = p->problem ? p->problem : "cannot parse";
  if (p->context) {
    sheaf_fail(err, SHEAF_ER_SYNTAX, path, (unsigned)m.line + first_line, (unsigned)m.column + 1,
               "malformed YAML: %s %s", problem, p->context);
  } else {
    sheaf_fail(err, SHEAF_ER_SYNTAX, path, (unsigned)m.line + first_line, (unsigned)m.column + 1,
               "malformed YAML: %s", problem);
  }
}

sheaf_ynode *sheaf_yaml_parse(const char *text, size_t len, const char *path, unsigned first_line,
                              sheaf_error *err) {
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    sheaf_fail(err, SHEAF_ER_INTERNAL, path, 0, 0, "cannot initialise the YAML parser");
    return NULL;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  if (!yaml_parser_load(&parser, &doc)) {
    parser_error(&parser, path, first_line, err);
    yaml_parser_delete(&parser);
    return NULL;
  }
  sheaf_ynode *root = NULL;
  yaml_node_t *top = yaml_document_get_root_node(&doc);
  if (!top) {
    root = sheaf_ynode_new(SHEAF_Y_MAP, path, first_line, 1);
  } else {
    copier c = {&doc, path, first_line, YAML_NODE_BUDGET};
    root = copy_node(&c, 1, 0, err);
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  if (root && root->kind != SHEAF_Y_MAP) {
    sheaf_fail(err, SHEAF_ER_META, path, root->line, root->col,
               "metadata must be a mapping of keys to values, not %s", sheaf_ynode_shape(root));
    sheaf_ynode_free(root);
    return NULL;
  }
  return root;
}

sheaf_ynode *sheaf_ymap_get(const sheaf_ynode *map, const char *key) {
  if (!map || map->kind != SHEAF_Y_MAP) {
    return NULL;
  }
  for (size_t i = 0; i + 1 < map->n; i += 2) {
    const sheaf_ynode *k = map->items[i];
    if (k->kind == SHEAF_Y_SCALAR && strcmp(k->value, key) == 0) {
      return map->items[i + 1];
    }
  }
  return NULL;
}

void sheaf_ymap_set(sheaf_ynode *map, const char *key, sheaf_ynode *value, const char *path,
                    unsigned line, unsigned col) {
  for (size_t i = 0; i + 1 < map->n; i += 2) {
    sheaf_ynode *k = map->items[i];
    if (k->kind == SHEAF_Y_SCALAR && strcmp(k->value, key) == 0) {
      sheaf_ynode_free(map->items[i + 1]);
      map->items[i + 1] = value;
      return;
    }
  }
  sheaf_ynode_append(map, sheaf_ynode_scalar(key, path, line, col));
  sheaf_ynode_append(map, value);
}

sheaf_ynode *sheaf_ymap_take(sheaf_ynode *map, const char *key) {
  for (size_t i = 0; i + 1 < map->n; i += 2) {
    sheaf_ynode *k = map->items[i];
    if (k->kind == SHEAF_Y_SCALAR && strcmp(k->value, key) == 0) {
      sheaf_ynode *v = map->items[i + 1];
      sheaf_ynode_free(k);
      memmove(map->items + i, map->items + i + 2, (map->n - i - 2) * sizeof *map->items);
      map->n -= 2;
      return v;
    }
  }
  return NULL;
}

const char *sheaf_ynode_shape(const sheaf_ynode *node) {
  switch (node->kind) {
  case SHEAF_Y_SCALAR:
    return "a string";
  case SHEAF_Y_SEQ:
    return "a list";
  default:
    return "a mapping";
  }
}
