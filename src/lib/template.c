/* template.c -- XHTML skeletons and the default stylesheet, embedded at build time
 * SPDX-License-Identifier: MIT */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "source.h"

static const sheaf_embedded *embedded(const char *name) {
  for (const sheaf_embedded *e = sheaf_embedded_templates; e->name; e++) {
    if (strcmp(e->name, name) == 0) {
      return e;
    }
  }
  return NULL;
}

/* One template: the file in dir when there is one, else the embedded copy. */
static int load_one(const char *dir, const char *name, char **data, size_t *len, sheaf_diags *diags,
                    sheaf_error *err) {
  if (dir) {
    char *path = sheaf_path_join(dir, name);
    if (sheaf_is_file(path)) {
      sheaf_buf b = SHEAF_BUF_INIT;
      int rc = sheaf_read_text(path, SHEAF_MAX_TEMPLATE_BYTES, diags, &b, err);
      free(path);
      if (rc != 0) {
        sheaf_buf_free(&b);
        return -1;
      }
      *data = sheaf_buf_detach(&b, len);
      return 0;
    }
    free(path);
  }
  const sheaf_embedded *e = embedded(name);
  if (!e) {
    return sheaf_fail(err, SHEAF_ER_INTERNAL, NULL, 0, 0, "template '%s' is not embedded", name);
  }
  *data = sheaf_xstrndup((const char *)e->data, e->size);
  *len = e->size;
  return 0;
}

int sheaf_templates_load(sheaf_templates *t, const char *dir, sheaf_diags *diags,
                         sheaf_error *err) {
  memset(t, 0, sizeof *t);
  if (dir && !sheaf_is_dir(dir)) {
    return sheaf_fail(err, SHEAF_ER_MISSING, dir, 0, 0, "templates directory not found");
  }
  if (load_one(dir, "page.xhtml", &t->page, &t->page_len, diags, err) != 0 ||
      load_one(dir, "style.css", &t->css, &t->css_len, diags, err) != 0 ||
      load_one(dir, "cover.svg", &t->cover, &t->cover_len, diags, err) != 0) {
    sheaf_templates_free(t);
    return -1;
  }
  return 0;
}

void sheaf_templates_free(sheaf_templates *t) {
  free(t->page);
  free(t->css);
  free(t->cover);
  memset(t, 0, sizeof *t);
}

void sheaf_template_expand(const char *tpl, size_t len, const sheaf_tpl_var *vars, size_t n,
                           sheaf_buf *out) {
  size_t i = 0;
  while (i < len) {
    const char *open = memmem(tpl + i, len - i, "{{", 2);
    if (!open) {
      break;
    }
    const char *close = memmem(open + 2, len - (size_t)(open + 2 - tpl), "}}", 2);
    if (!close) {
      break;
    }
    sheaf_buf_put(out, tpl + i, (size_t)(open - tpl) - i);
    size_t nlen = (size_t)(close - open - 2);
    for (size_t k = 0; k < n; k++) {
      if (strlen(vars[k].name) == nlen && memcmp(vars[k].name, open + 2, nlen) == 0) {
        size_t vlen = vars[k].len == (size_t)-1 ? strlen(vars[k].value) : vars[k].len;
        sheaf_buf_put(out, vars[k].value, vlen);
        break;
      }
    }
    i = (size_t)(close + 2 - tpl);
  }
  sheaf_buf_put(out, tpl + i, len - i);
}
