/* sheaf.c -- the small public entry points: version, options, fragments, freeing
 * SPDX-License-Identifier: MIT */
#include "sheaf.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lang.h"
#include "html.h"
#include "mem.h"
#include "slug.h"
#include "source.h"
#include "strmap.h"
#include "url.h"
#include "xhtml.h"

int sheaf_version(void) {
  return (SHEAF_VERSION_MAJOR << 16) | (SHEAF_VERSION_MINOR << 8) | SHEAF_VERSION_PATCH;
}

const char *sheaf_version_string(void) {
  return SHEAF_VERSION_STRING;
}

void sheaf_options_init(sheaf_options *o) {
  memset(o, 0, sizeof *o);
  o->flags = SHEAF_OPT_SMART;
  o->toc_depth = 3;
  o->split_level = 1;
  o->modified = -1;
}

void sheaf_free(void *ptr) {
  free(ptr);
}

/* ---- fragments: the renderer with self-contained hooks ---- */

typedef struct fragment {
  sheaf_strmap ids; /* heading ids (value 0) and the author's (value 1) */
  char *last_id;
  sheaf_diags *diags;
  const char *path;
  int has_html;
} fragment;

static const char *frag_heading(void *ud, cmark_node *n, const char *text) {
  (void)n;
  fragment *f = ud;
  char *slug = sheaf_slug_id(text);
  free(f->last_id);
  f->last_id = sheaf_strmap_unique(&f->ids, slug, 0, 0);
  free(slug);
  return f->last_id;
}

static int frag_link(void *ud, cmark_node *n, const char *url, sheaf_buf *href) {
  fragment *f = ud;
  if (sheaf_url_unsafe(url)) {
    sheaf_warn(f->diags, f->path, (unsigned)cmark_node_get_start_line(n),
               (unsigned)cmark_node_get_start_column(n), "link to '%.60s' removed", url);
    return 0;
  }
  const char *why = "";
  if ((sheaf_url_scheme(url) || (url[0] == '/' && url[1] == '/')) &&
      sheaf_url_external(url, href, &why) != 0) {
    sheaf_warn(f->diags, f->path, (unsigned)cmark_node_get_start_line(n),
               (unsigned)cmark_node_get_start_column(n), "link to '%.80s' kept as text: %s", url,
               why);
    return 0;
  }
  if (!sheaf_url_scheme(url) && !(url[0] == '/' && url[1] == '/')) {
    sheaf_url_put_attr(href, url, strlen(url));
  }
  return 1;
}

static int frag_image(void *ud, cmark_node *n, const char *url, const char *alt, sheaf_buf *src) {
  (void)alt;
  if (sheaf_url_unsafe(url)) {
    return frag_link(ud, n, url, src);
  }
  sheaf_url_put_attr(src, url, strlen(url));
  return 1;
}

static void frag_notice(void *ud, cmark_node *n, sheaf_xhtml_notice what) {
  fragment *f = ud;
  sheaf_warn(f->diags, f->path, (unsigned)cmark_node_get_start_line(n),
             (unsigned)cmark_node_get_start_column(n), "%s", sheaf_xhtml_notice_message(what));
}

static void frag_html(void *ud, cmark_node *n, sheaf_buf *out) {
  fragment *f = ud;
  f->has_html = 1;
  sheaf_html_put_raw(out, cmark_node_get_literal(n), (unsigned)cmark_node_get_start_line(n),
                     (unsigned)cmark_node_get_start_column(n));
}

/* ---- raw HTML in a fragment: links and images pass through, ids are unique within it ---- */

static int env_link(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *href) {
  fragment *f = ud;
  if (sheaf_url_unsafe(url)) {
    sheaf_warn(f->diags, f->path, line, col, "link to '%.60s' removed", url);
    return 0;
  }
  sheaf_url_put_attr(href, url, strlen(url));
  return 1;
}

static int env_image(void *ud, const char *url, const char *alt, unsigned line, unsigned col,
                     sheaf_buf *src) {
  (void)alt;
  return env_link(ud, url, line, col, src);
}

static const char *env_id(void *ud, const char *id, unsigned line, unsigned col) {
  fragment *f = ud;
  (void)line;
  (void)col;
  char *base = sheaf_xstrdup(*id ? id : "id");
  for (char *q = base; *q; q++) {
    *q = (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f') ? '-' : *q;
  }
  free(f->last_id);
  f->last_id = sheaf_strmap_unique(&f->ids, base, 0, 1);
  free(base);
  return f->last_id;
}

static void env_style(void *ud, const char *css, unsigned line, unsigned col) {
  (void)ud;
  (void)css;
  (void)line;
  (void)col; /* a fragment has no stylesheet of its own: the rules are dropped */
}

static void env_warn(void *ud, unsigned line, unsigned col, const char *message) {
  fragment *f = ud;
  sheaf_warn(f->diags, f->path, line, col, "%s", message);
}

char *sheaf_markdown_to_xhtml(const char *text, size_t size, const char *path, const char *lang,
                              const sheaf_options *opts, size_t *out_size, sheaf_error *err) {
  sheaf_options defaults;
  if (!opts) {
    sheaf_options_init(&defaults);
    opts = &defaults;
  }
  sheaf_error_init(err);
  sheaf_diags diags;
  sheaf_diags_init(&diags, opts->diag, opts->diag_data, (opts->flags & SHEAF_OPT_STRICT) != 0);
  sheaf_buf src = SHEAF_BUF_INIT;
  sheaf_buf_put(&src, text, size);
  if (sheaf_check_text(path, &src, &diags, err) != 0) {
    sheaf_buf_free(&src);
    return NULL;
  }
  int smart = (opts->flags & SHEAF_OPT_SMART) != 0;
  sheaf_xhtml_style style;
  sheaf_xhtml_prepare(src.ptr, src.len, lang, smart, &style);
  cmark_node *doc = cmark_parse_document(src.ptr ? src.ptr : "", src.len,
                                         CMARK_OPT_SOURCEPOS | (smart ? CMARK_OPT_SMART : 0));
  sheaf_diags first; /* the first render's findings: repeated by the second one, if any */
  sheaf_diags_child(&first, &diags);
  fragment f = {{0}, NULL, &first, path, 0};
  sheaf_strmap_init(&f.ids);
  sheaf_xhtml_hooks hooks = {&f, frag_heading, frag_link, frag_image, frag_html, frag_notice, 0};
  sheaf_buf out = SHEAF_BUF_INIT;
  sheaf_xhtml_render(cmark_node_first_child(doc), NULL, &hooks, &style, &out);
  int rc = 0;
  if (f.has_html) {
    /* again, marking what the renderer made, then through the raw-HTML cleaner */
    sheaf_strmap_fini(&f.ids);
    sheaf_strmap_init(&f.ids);
    sheaf_diags_fini(&first);
    f.diags = &diags;
    hooks.mark_own = 1;
    sheaf_buf_clear(&out);
    sheaf_xhtml_render(cmark_node_first_child(doc), NULL, &hooks, &style, &out);
    unsigned props = 0;
    sheaf_html_env env = {.ud = &f,
                          .link = env_link,
                          .image = env_image,
                          .id = env_id,
                          .style = env_style,
                          .warn = env_warn,
                          .details_label = sheaf_lang_find(lang)->details,
                          .allow_unsafe = (opts->flags & SHEAF_OPT_UNSAFE_HTML) != 0};
    size_t own = 0;
    rc = sheaf_html_clean(&env, &out, 0, &props, &own, err);
  } else {
    sheaf_diags_flush(&first, &diags);
  }
  cmark_node_free(doc);
  sheaf_strmap_fini(&f.ids);
  free(f.last_id);
  sheaf_buf_free(&src);
  if (rc == 0) {
    rc = sheaf_diags_check(&diags, err);
  }
  sheaf_diags_fini(&diags);
  if (rc != 0) {
    sheaf_buf_free(&out);
    return NULL;
  }
  return sheaf_buf_detach(&out, out_size);
}
