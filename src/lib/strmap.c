/* strmap.c -- a string-keyed hash map (open addressing)
 * SPDX-License-Identifier: MIT */
#include "strmap.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void sheaf_strmap_init(sheaf_strmap *m) {
  memset(m, 0, sizeof *m);
}

void sheaf_strmap_fini(sheaf_strmap *m) {
  for (size_t i = 0; i < m->cap; i++) {
    free(m->slots[i].key);
  }
  free(m->slots);
  sheaf_strmap_init(m);
}

static uint64_t hash(const char *s) {
  uint64_t h = 14695981039346656037ull;
  for (; *s; s++) {
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  }
  return h;
}

static sheaf_strmap_slot *find(const sheaf_strmap *m, const char *key) {
  size_t mask = m->cap - 1;
  size_t i = (size_t)hash(key) & mask;
  while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0) {
    i = (i + 1) & mask;
  }
  return &m->slots[i];
}

static void grow(sheaf_strmap *m) {
  sheaf_strmap old = *m;
  m->cap = old.cap ? old.cap * 2 : 16;
  m->slots = sheaf_xcalloc(m->cap, sizeof *m->slots);
  for (size_t i = 0; i < old.cap; i++) {
    if (old.slots[i].key) {
      *find(m, old.slots[i].key) = old.slots[i];
    }
  }
  free(old.slots);
}

int sheaf_strmap_add(sheaf_strmap *m, const char *key, size_t value) {
  if ((m->len + 1) * 4 > m->cap * 3) {
    grow(m);
  }
  sheaf_strmap_slot *s = find(m, key);
  if (s->key) {
    return 0;
  }
  s->key = sheaf_xstrdup(key);
  s->value = value;
  m->len++;
  return 1;
}

size_t *sheaf_strmap_ref(sheaf_strmap *m, const char *key) {
  sheaf_strmap_add(m, key, 0);
  return &find(m, key)->value;
}

int sheaf_strmap_get(const sheaf_strmap *m, const char *key, size_t *value) {
  if (m->cap == 0) {
    return 0;
  }
  const sheaf_strmap_slot *s = find(m, key);
  if (!s->key) {
    return 0;
  }
  if (value) {
    *value = s->value;
  }
  return 1;
}

static char *folded(const char *s) {
  char *f = sheaf_xstrdup(s);
  for (char *p = f; *p; p++) {
    *p = (char)tolower((unsigned char)*p);
  }
  return f;
}

char *sheaf_strmap_unique(sheaf_strmap *m, const char *base, int fold, size_t value) {
  char *cand = sheaf_xstrdup(base);
  for (unsigned n = 2;; n++) {
    char *key = fold ? folded(cand) : sheaf_xstrdup(cand);
    int fresh = !sheaf_strmap_get(m, key, NULL);
    if (fresh) {
      sheaf_strmap_add(m, key, value);
      free(key);
      return cand;
    }
    free(key);
    free(cand);
    cand = sheaf_xasprintf("%s-%u", base, n);
  }
}
