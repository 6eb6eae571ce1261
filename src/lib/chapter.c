/* chapter.c -- stage 3: one Markdown source through cmark and the renderer, in either pass
 * SPDX-License-Identifier: MIT */
#include "chapter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "html.h"
#include "lang.h"
#include "mem.h"
#include "page.h"
#include "resource.h"
#include "slug.h"
#include "url.h"
#include "xhtml.h"

/* ---- loading: text, front matter, quotation placeholders, cmark tree ---- */

/* The "---" line that opens a front matter block: its length with the line break, or 0. */
static size_t opening_rule(const char *text, size_t len) {
  if (len < 4 || memcmp(text, "---", 3) != 0) {
    return 0;
  }
  size_t i = 3;
  while (i < len && (text[i] == ' ' || text[i] == '\t')) {
    i++;
  }
  if (i < len && text[i] == '\r') {
    i++;
  }
  return i < len && text[i] == '\n' ? i + 1 : 0; /* "---x" is no front matter */
}

/* True when the block's first non-blank line reads "key:": the author meant metadata, so a
 * block that fails to parse is an error rather than Markdown. */
static int looks_like_metadata(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && isspace((unsigned char)s[i])) {
    i++;
  }
  size_t key = i;
  while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-')) {
    i++;
  }
  return i > key && i < len && s[i] == ':';
}

/* Finds the line closing the block that starts at `start`: sets the YAML's length and the
 * offset after the closing line; 0 when no line closes it. */
static int closing_rule(const char *text, size_t len, size_t start, size_t *yaml_len,
                        size_t *end_off) {
  for (size_t line = start; line < len;) {
    const char *nl = memchr(text + line, '\n', len - line);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t l = end - line;
    while (l && (text[line + l - 1] == '\r' || text[line + l - 1] == ' ')) {
      l--;
    }
    if (l == 3 && (memcmp(text + line, "---", 3) == 0 || memcmp(text + line, "...", 3) == 0)) {
      *yaml_len = line - start;
      *end_off = nl ? end + 1 : end;
      return 1;
    }
    line = end + 1;
  }
  return 0;
}

int sheaf_front_matter(const char *path, const char *text, size_t len, size_t *end_off,
                       sheaf_ynode **tree, sheaf_error *err) {
  size_t start = opening_rule(text, len);
  size_t ylen = 0;
  if (start == 0) {
    return 0;
  }
  if (!closing_rule(text, len, start, &ylen, end_off)) {
    if (looks_like_metadata(text + start, len - start)) {
      return sheaf_fail(err, SHEAF_ER_SYNTAX, path, 1, 1,
                        "front matter starts with '---' but no closing '---' or '...' line "
                        "follows");
    }
    return 0; /* a thematic break, then Markdown */
  }
  sheaf_error perr;
  sheaf_error_init(&perr);
  sheaf_ynode *y = sheaf_yaml_parse(text + start, ylen, path, 2, &perr);
  if (!y) {
    /* Not a mapping: CommonMark reads "---" lines as thematic breaks or setext underlines,
     * which is what the author wrote unless the block was meant as metadata. */
    if (!looks_like_metadata(text + start, ylen)) {
      return 0;
    }
    *err = perr;
    return -1;
  }
  if (tree) {
    *tree = y;
  } else {
    sheaf_ynode_free(y);
  }
  return 1;
}

/* Overwrites a front matter block with spaces, keeping its line breaks, so that cmark's
 * positions stay the file's positions. */
static void blank_front_matter(char *text, size_t end) {
  for (size_t i = 0; i < end; i++) {
    if (text[i] != '\n') {
      text[i] = ' ';
    }
  }
}

typedef struct loaded {
  sheaf_buf text;
  sheaf_arena *arena; /* doc's memory */
  cmark_node *doc;
  sheaf_xhtml_style style;
  sheaf_ynode *fm; /* pass 1: a chapter's own front matter */
} loaded;

/* Reads and parses source src. In pass 1 (fm not NULL), a front matter block of a chapter in a
 * book directory is parsed into *fm (the chapter's own keys); pass 2 just blanks it. */
static int load(const sheaf_book *book, size_t src, sheaf_diags *diags, loaded *out,
                sheaf_ynode **fm_out, sheaf_error *err) {
  const sheaf_source *s = &book->sources[src];
  memset(out, 0, sizeof *out);
  if (sheaf_read_text(s->path, SHEAF_MAX_MARKDOWN_BYTES, diags, &out->text, err) != 0) {
    return -1;
  }
  size_t end = 0;
  int fm = sheaf_front_matter(s->path, out->text.ptr ? out->text.ptr : "", out->text.len, &end,
                              fm_out && !s->meta_front ? fm_out : NULL, err);
  if (fm < 0) {
    return -1;
  }
  if (fm) {
    blank_front_matter(out->text.ptr, end);
  }
  int smart = (book->flags & SHEAF_OPT_SMART) != 0;
  sheaf_xhtml_prepare(out->text.ptr, out->text.len, book->meta.lang, smart, &out->style);
  int opts = CMARK_OPT_SOURCEPOS | (smart ? CMARK_OPT_SMART : 0);
  out->arena = sheaf_arena_new(book->trees);
  out->doc = sheaf_arena_parse(out->arena, out->text.ptr ? out->text.ptr : "", out->text.len, opts);
  return 0;
}

static void unload(loaded *l) {
  if (l->doc) {
    cmark_node_free(l->doc);
  }
  sheaf_arena_free(l->arena);
  sheaf_buf_free(&l->text);
  memset(l, 0, sizeof *l);
}

/* ---- splitting into parts ---- */

static int splits_at(const sheaf_book *book, cmark_node *n) {
  return book->split_level > 0 && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
         cmark_node_get_heading_level(n) <= book->split_level;
}

/* Calls fn(ud, first, count) for each part of the document: a new part starts at every
 * splitting heading, except that the blocks before the first one only form a part when there
 * are any. An empty document is one empty part. */
static void for_each_split(const sheaf_book *book, cmark_node *doc,
                           void (*fn)(void *ud, size_t first, size_t n), void *ud) {
  size_t i = 0;
  size_t start = 0;
  for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n), i++) {
    if (splits_at(book, n) && i > start) {
      fn(ud, start, i - start);
      start = i;
    }
  }
  if (i > start || i == 0) {
    fn(ud, start, i - start);
  }
}

static cmark_node *nth_child(cmark_node *doc, size_t i) {
  cmark_node *n = cmark_node_first_child(doc);
  while (n && i--) {
    n = cmark_node_next(n);
  }
  return n;
}

/* ---- the render context shared by both passes ---- */

typedef struct ctx {
  sheaf_book *book;        /* pass 1 only (pass 2 must not write to the book) */
  const sheaf_book *cbook; /* both passes */
  size_t src;
  size_t part;
  int pass;
  sheaf_diags *diags;
  sheaf_error *err;
  int failed;
  sheaf_strmap gh_counts; /* pass 1: GitHub anchors seen in this source */
  size_t id_cursor;       /* pass 2: next heading id of the part */
  cmark_node *first_block;
  int has_html;        /* raw HTML met in this render */
  size_t html_cursor;  /* pass 2: next author id of the part */
  const char *details; /* label for a <summary> sheaf adds */
  int escape_html;     /* the part's raw HTML is beyond repair: written as text */
  int dry;             /* a trial clean: the HTML cleaner's callbacks change nothing */
  unsigned first_html_line;
  unsigned first_html_col;
  const sheaf_buf *text; /* the source as cmark read it, for positions cmark gets wrong */
} ctx;

static const char *details_label(const sheaf_book *b);

static void ctx_init(ctx *c, sheaf_book *book, const sheaf_book *cbook, size_t src, int pass,
                     sheaf_diags *diags, sheaf_error *err) {
  memset(c, 0, sizeof *c);
  c->book = book;
  c->cbook = cbook;
  c->src = src;
  c->pass = pass;
  c->diags = diags;
  c->err = err;
  c->details = details_label(cbook);
}

static const char *src_path(const ctx *c) {
  return c->cbook->sources[c->src].path;
}

static unsigned node_line(cmark_node *n) {
  while (n && cmark_node_get_start_line(n) == 0) {
    n = cmark_node_parent(n);
  }
  return n ? (unsigned)cmark_node_get_start_line(n) : 0;
}

static unsigned node_col(cmark_node *n) {
  while (n && cmark_node_get_start_line(n) == 0) {
    n = cmark_node_parent(n);
  }
  return n ? (unsigned)cmark_node_get_start_column(n) : 0;
}

/* Fails the render (pass 1) with err at line/col; only the first failure is kept. */
static void fail_pos(ctx *c, unsigned line, unsigned col, const sheaf_error *e) {
  if (c->failed) {
    return;
  }
  c->failed = 1;
  *c->err = *e;
  snprintf(c->err->path, sizeof c->err->path, "%s", src_path(c));
  c->err->line = line;
  c->err->col = col;
}

/* ---- headings ---- */

static void add_toc_heading(ctx *c, cmark_node *n, const char *text, const char *id) {
  sheaf_part *p = &c->book->parts[c->part];
  if (cmark_node_parent(n) != cmark_node_parent(c->first_block)) {
    return; /* headings inside quotes or lists are not chapter structure */
  }
  p->heads = sheaf_xrealloc(p->heads, (p->n_heads + 1) * sizeof *p->heads);
  sheaf_heading *h = &p->heads[p->n_heads++];
  h->level = cmark_node_get_heading_level(n);
  h->label = sheaf_xstrdup(*text ? text : id);
  h->id = sheaf_xstrdup(id);
  h->is_first = n == c->first_block;
}

static const char *heading_id_pass1(ctx *c, cmark_node *n, const char *text) {
  sheaf_book *b = c->book;
  sheaf_part *p = &b->parts[c->part];
  /* GitHub numbers repeated anchors in a file: intro, intro-1, intro-2 */
  char *gh = sheaf_slug_github(text);
  size_t *seen = sheaf_strmap_ref(&c->gh_counts, gh);
  char *alias = *seen ? sheaf_xasprintf("%s-%zu", gh, *seen) : sheaf_xstrdup(gh);
  (*seen)++;
  char *base = sheaf_slug_id(text);
  char *id = sheaf_strmap_unique(&b->ids, base, 0, c->part);
  p->ids = sheaf_xrealloc(p->ids, (p->n_ids + 1) * sizeof *p->ids);
  p->ids[p->n_ids++] = id;
  sheaf_book_add_anchor(b, c->src, alias, c->part, id);
  sheaf_book_add_anchor(b, c->src, id, c->part, id);
  add_toc_heading(c, n, text, id);
  b->n_headings++;
  free(base);
  free(alias);
  free(gh);
  return id;
}

static const char *hook_heading(void *ud, cmark_node *n, const char *text) {
  ctx *c = ud;
  if (c->pass == 1) {
    return heading_id_pass1(c, n, text);
  }
  const sheaf_part *p = &c->cbook->parts[c->part];
  return c->id_cursor < p->n_ids ? p->ids[c->id_cursor++] : NULL;
}

/* ---- links ---- */

typedef enum link_kind {
  LINK_OK,
  LINK_UNSAFE,    /* javascript:, file:, data: ... : dropped */
  LINK_NO_FILE,   /* a relative path that is no source of the book: kept as text */
  LINK_NO_ANCHOR, /* the file is there, the fragment is not: points at the file */
  LINK_BAD_URL,   /* an absolute URL that cannot be made valid: kept as text */
  LINK_LOCAL      /* link_file only: into a source of the book, its anchor still to find */
} link_kind;

/* Finds the source a relative path (from source `from`) names, trying mdBook's ".html"
 * spelling of ".md" links too. Returns 1 and the index, or 0. */
static int find_source(const sheaf_book *b, size_t from, const char *path, size_t *src) {
  char *dir = sheaf_path_dir(b->sources[from].rel);
  char *joined = strcmp(dir, ".") == 0 ? sheaf_xstrdup(path) : sheaf_path_join(dir, path);
  char *norm = sheaf_path_normalize(joined);
  int found = norm && sheaf_strmap_get(&b->src_by_rel, norm, src);
  if (!found && norm) {
    size_t n = strlen(norm);
    if (n > 5 && strcmp(norm + n - 5, ".html") == 0) {
      char *md = sheaf_xasprintf("%.*s.md", (int)(n - 5), norm);
      found = sheaf_strmap_get(&b->src_by_rel, md, src);
      free(md);
    }
  }
  free(norm);
  free(joined);
  free(dir);
  return found;
}

/* What a link's URL and the book's sources decide, before anchors are known: unsafe,
 * external (its href written), bad, to no source, or (LINK_LOCAL) to source *target, split
 * into *u (the caller frees it). */
static link_kind link_file(const sheaf_book *b, size_t from, const char *url, sheaf_buf *href,
                           const char **why, sheaf_url_parts *u, size_t *target) {
  if (sheaf_url_unsafe(url)) {
    return LINK_UNSAFE;
  }
  if (sheaf_url_scheme(url) || (url[0] == '/' && url[1] == '/')) {
    return sheaf_url_external(url, href, why) == 0 ? LINK_OK : LINK_BAD_URL;
  }
  if (url[0] == '\0') {
    return LINK_OK; /* an empty destination: the link points at its own document */
  }
  sheaf_url_split(url, u);
  *target = from;
  if (*u->path && !find_source(b, from, u->path, target)) {
    sheaf_url_parts_free(u);
    return LINK_NO_FILE;
  }
  return LINK_LOCAL;
}

/* Resolves a link written in source `from` while rendering part `cur`: writes the href (or
 * nothing) and classifies it. */
static link_kind resolve_link(const sheaf_book *b, size_t from, size_t cur, const char *url,
                              sheaf_buf *href, const char **why) {
  sheaf_url_parts u;
  size_t target;
  link_kind kind = link_file(b, from, url, href, why, &u, &target);
  if (kind != LINK_LOCAL) {
    return kind;
  }
  kind = LINK_OK;
  const sheaf_anchor *a =
      u.fragment && *u.fragment ? sheaf_book_find_anchor(b, target, u.fragment) : NULL;
  size_t part = b->sources[target].first_part;
  if (u.fragment && *u.fragment && !a) {
    kind = LINK_NO_ANCHOR;
  } else if (a) {
    part = a->part;
  }
  if (part != cur) {
    sheaf_url_put_component(href, b->parts[part].name);
    sheaf_buf_puts(href, ".xhtml");
  }
  if (a) {
    sheaf_buf_putc(href, '#');
    sheaf_url_put_component(href, a->id);
  } else if (part == cur) {
    sheaf_url_put_component(href, b->parts[part].name);
    sheaf_buf_puts(href, ".xhtml");
  }
  sheaf_url_parts_free(&u);
  return kind;
}

/* Whether pass 2 keeps a link as a link, decided from the URL and the book's sources alone
 * (anchors are not known yet, and a missing one keeps the link): pass 1 must render the same
 * HTML around it, since what it finds there (an svg emptied or not...) goes into the
 * package document before pass 2 runs. */
static int link_kept(const ctx *c, const char *url) {
  sheaf_buf scratch = SHEAF_BUF_INIT;
  sheaf_url_parts u;
  size_t target;
  const char *why = "";
  link_kind kind = link_file(c->cbook, c->src, url, &scratch, &why, &u, &target);
  if (kind == LINK_LOCAL) {
    sheaf_url_parts_free(&u);
  }
  sheaf_buf_free(&scratch);
  return kind == LINK_OK || kind == LINK_LOCAL;
}

/* A link written at line/col. Pass 1 warns about unsafe schemes and keeps what pass 2 will
 * keep; pass 2, when every source's parts and anchors are known, resolves it and warns about
 * a link that leads nowhere (in reading order, so nothing about links has to be kept between
 * the passes). Returns 1 to keep the link, 0 to keep only its content. */
static int link_at(ctx *c, const char *url, unsigned line, unsigned col, sheaf_buf *href) {
  if (c->pass == 1) {
    if (sheaf_url_unsafe(url)) {
      sheaf_warn(c->diags, src_path(c), line, col,
                 "link to '%.60s' removed (unsafe or not allowed in an EPUB); its text is kept",
                 url);
      return 0;
    }
    return link_kept(c, url);
  }
  const char *why = "";
  link_kind k = resolve_link(c->cbook, c->src, c->part, url, href, &why);
  if (k == LINK_BAD_URL) {
    sheaf_warn(c->diags, src_path(c), line, col, "link to '%.80s' kept as text: %s", url, why);
  } else if (k == LINK_NO_FILE) {
    sheaf_warn(c->diags, src_path(c), line, col,
               "link to '%s', which is not a chapter of the book; kept as text", url);
  } else if (k == LINK_NO_ANCHOR) {
    sheaf_warn(c->diags, src_path(c), line, col,
               "link to '%s': no heading or id has that fragment; linking to the file", url);
  }
  return k == LINK_OK || k == LINK_NO_ANCHOR;
}

/* cmark 0.30 counts an autolink's column from its paragraph's first line, so "<a>" on a later
 * line gets a column past the end of its own: the "<text>" is looked for on the line instead. */
static unsigned autolink_col(const ctx *c, cmark_node *n, const char *url, unsigned line,
                             unsigned col) {
  cmark_node *t = cmark_node_first_child(n);
  const char *lit = t ? cmark_node_get_literal(t) : NULL;
  size_t ul = strlen(url);
  size_t ll = lit ? strlen(lit) : 0;
  if (!lit || ll > ul || strcmp(url + ul - ll, lit) != 0) {
    return col; /* not an autolink (whose text is its URL, "mailto:" aside): cmark is right */
  }
  const char *p = c->text && c->text->ptr ? c->text->ptr : NULL;
  const char *end = p ? p + c->text->len : NULL;
  for (unsigned l = 1; p && l < line; l++) {
    p = memchr(p, '\n', (size_t)(end - p));
    p = p ? p + 1 : NULL;
  }
  const char *eol = p ? memchr(p, '\n', (size_t)(end - p)) : NULL;
  eol = eol ? eol : end;
  if (!p || !lit || col <= (unsigned)(eol - p) + 1) {
    return col; /* within its line: cmark's column stands */
  }
  size_t len = strlen(lit);
  for (const char *q = p; q + len + 2 <= eol; q++) {
    if (q[0] == '<' && memcmp(q + 1, lit, len) == 0 && q[len + 1] == '>') {
      return (unsigned)(q - p) + 1;
    }
  }
  return col;
}

static int hook_link(void *ud, cmark_node *n, const char *url, sheaf_buf *href) {
  unsigned line = node_line(n);
  return link_at(ud, url, line, autolink_col(ud, n, url, line, node_col(n)), href);
}

/* ---- images ---- */

typedef enum alt_kind {
  ALT_TEXT,      /* a text alternative */
  ALT_EMPTY,     /* Markdown with empty brackets: warned about here */
  ALT_MISSING,   /* raw HTML without alt: the HTML cleaner warns */
  ALT_DECORATIVE /* raw HTML with alt="": the author says it is decoration */
} alt_kind;

/* An image written at line/col: packaged in pass 1 (once per file), looked up in pass 2.
 * Returns 1 with its src, or 0 to put its alt text in its place. */
static int image_at(ctx *c, const char *url, alt_kind alt, unsigned line, unsigned col,
                    sheaf_buf *src) {
  const sheaf_book *b = c->cbook;
  char *key = sheaf_xasprintf("%zu\t%s", c->src, url);
  size_t idx;
  int known = sheaf_strmap_get(&b->img_refs, key, &idx);
  if (c->pass == 1 && !known) {
    sheaf_error e;
    sheaf_error_init(&e);
    int rc = sheaf_resource_image(c->book, c->src, url, c->diags, &idx, &e);
    if (rc < 0) {
      fail_pos(c, line, col, &e);
    } else if (rc == 0) {
      sheaf_warn(c->diags, src_path(c), line, col,
                 "remote image '%.80s' cannot be packaged in an EPUB; replaced by its alt text",
                 url);
    } else {
      sheaf_strmap_add(&c->book->img_refs, key, idx);
      known = 1;
    }
  }
  if (c->pass == 1) {
    c->book->n_images++;
    c->book->n_images_no_alt += alt == ALT_EMPTY || alt == ALT_MISSING;
    if (alt == ALT_EMPTY) {
      sheaf_warn(c->diags, src_path(c), line, col,
                 "image '%.80s' has no alt text; readers who cannot see it get nothing", url);
    }
  }
  free(key);
  if (!known) {
    return 0;
  }
  sheaf_buf_puts(src, "../");
  sheaf_url_put_attr(src, b->res[idx].href, strlen(b->res[idx].href));
  return 1;
}

static int hook_image(void *ud, cmark_node *n, const char *url, const char *alt, sheaf_buf *src) {
  return image_at(ud, url, *alt ? ALT_TEXT : ALT_EMPTY, node_line(n), node_col(n), src);
}

/* ---- raw HTML and depth ---- */

static void hook_html(void *ud, cmark_node *n, sheaf_buf *out) {
  ctx *c = ud;
  const char *html = cmark_node_get_literal(n);
  if (c->escape_html) {
    sheaf_buf_put_text(out, html, strlen(html));
    return;
  }
  if (!c->has_html) {
    c->first_html_line = node_line(n);
    c->first_html_col = node_col(n);
  }
  c->has_html = 1;
  sheaf_html_put_raw(out, html, node_line(n), node_col(n));
}

/* ---- what the HTML cleaner asks of the chapter ---- */

static int env_link(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *href) {
  ctx *c = ud;
  return c->dry ? 1 : link_at(ud, url, line, col, href);
}

static int env_image(void *ud, const char *url, const char *alt, unsigned line, unsigned col,
                     sheaf_buf *src) {
  if (((ctx *)ud)->dry) {
    return 1;
  }
  alt_kind kind = !alt ? ALT_MISSING : *alt ? ALT_TEXT : ALT_DECORATIVE;
  return image_at(ud, url, kind, line, col, src);
}

/* Remote audio or video: a valid URL, declared in the manifest in pass 1. */
static int env_media(void *ud, const char *url, unsigned line, unsigned col, sheaf_buf *src) {
  ctx *c = ud;
  if (c->dry) {
    return 1;
  }
  const char *why = "";
  size_t idx = 0;
  int keep = sheaf_url_external(url, src, &why) == 0;
  char *plain = sheaf_xstrdup(src->ptr ? src->ptr : ""); /* the manifest escapes it itself */
  for (char *p = strstr(plain, "&amp;"); p; p = strstr(p + 1, "&amp;")) {
    memmove(p + 1, p + 5, strlen(p + 5) + 1);
  }
  if (keep) {
    keep = c->pass == 1 ? sheaf_resource_remote_media(c->book, plain, &idx, &why)
                        : sheaf_resource_remote_find(c->cbook, plain, &idx);
  }
  if (!keep && c->pass == 1) {
    sheaf_warn(c->diags, src_path(c), line, col, "remote audio or video '%.80s' removed: %s", url,
               why);
  }
  free(plain);
  return keep;
}

/* An author's id: made valid (no white space, not empty) and unique in the book in pass 1,
 * with an anchor from what the author wrote; replayed in pass 2. */
static const char *env_id(void *ud, const char *id, unsigned line, unsigned col) {
  ctx *c = ud;
  (void)line;
  (void)col;
  if (c->dry) {
    return id;
  }
  if (c->pass == 2) {
    const sheaf_part *p = &c->cbook->parts[c->part];
    return c->html_cursor < p->n_html_ids ? p->html_ids[c->html_cursor++] : id;
  }
  sheaf_book *b = c->book;
  sheaf_part *p = &b->parts[c->part];
  char *base = *id ? sheaf_xstrdup(id) : sheaf_xstrdup("id");
  for (char *q = base; *q; q++) {
    if (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f') {
      *q = '-';
    }
  }
  char *final = sheaf_strmap_unique(&b->ids, base, 0, c->part);
  sheaf_book_add_anchor(b, c->src, id, c->part, final);
  sheaf_book_add_anchor(b, c->src, final, c->part, final);
  p->html_ids = sheaf_xrealloc(p->html_ids, (p->n_html_ids + 1) * sizeof *p->html_ids);
  p->html_ids[p->n_html_ids++] = final;
  free(base);
  return final;
}

static void env_style(void *ud, const char *css, unsigned line, unsigned col) {
  ctx *c = ud;
  (void)line;
  (void)col;
  if (c->pass == 1 && !c->dry) {
    sheaf_part *p = &c->book->parts[c->part];
    sheaf_buf_printf(&p->css, "/* from %s */\n%s\n", src_path(c), css);
  }
}

static void env_warn(void *ud, unsigned line, unsigned col, const char *message) {
  ctx *c = ud;
  if (c->pass == 1 && !c->dry) {
    sheaf_warn(c->diags, src_path(c), line, col, "%s", message);
  }
}

/* Cleans the raw HTML the render met (body from start on). Sets *swallowed when the author's
 * HTML swallowed some of the Markdown around it (a heading id went missing). */
static int clean_html(ctx *c, sheaf_buf *body, size_t start, unsigned *props, int *swallowed) {
  sheaf_html_env env = {.ud = c,
                        .link = env_link,
                        .image = env_image,
                        .media = env_media,
                        .id = env_id,
                        .style = env_style,
                        .warn = env_warn,
                        .details_label = c->details,
                        .allow_unsafe = (c->cbook->flags & SHEAF_OPT_UNSAFE_HTML) != 0};
  c->html_cursor = 0;
  size_t own = 0;
  int rc = sheaf_html_clean(&env, body, start, props, &own, c->err);
  *swallowed = rc == 0 && own != c->cbook->parts[c->part].n_ids;
  return rc;
}

static void hook_notice(void *ud, cmark_node *n, sheaf_xhtml_notice what) {
  ctx *c = ud;
  if (c->pass == 2) {
    return; /* pass 1 said it */
  }
  sheaf_warn(c->diags, src_path(c), node_line(n), node_col(n), "%s",
             sheaf_xhtml_notice_message(what));
}

static const char *details_label(const sheaf_book *b) {
  return sheaf_lang_find(b->meta.lang)->details;
}

/* ---- one part ---- */

static void render_body(ctx *c, cmark_node *doc, const sheaf_part *p, const sheaf_xhtml_style *st,
                        sheaf_buf *body) {
  /* pass 1 always marks what it made: it learns only while rendering whether there is HTML */
  c->escape_html = p->html_as_text;
  int mark_own = !p->html_as_text && (c->pass == 1 || p->has_html);
  sheaf_xhtml_hooks hooks = {c,         hook_heading, hook_link, hook_image,
                             hook_html, hook_notice,  mark_own};
  cmark_node *first = nth_child(doc, p->first_block);
  cmark_node *stop = nth_child(doc, p->first_block + p->n_blocks);
  c->first_block = first;
  c->id_cursor = 0;
  c->has_html = 0;
  sheaf_xhtml_render(first, stop, &hooks, st, body);
}

/* ---- pass 1 ---- */

/* Whether the part's blocks hold raw HTML (a block, or inline in a paragraph or heading). */
static int holds_html(cmark_node *doc, const sheaf_part *p) {
  cmark_node *n = nth_child(doc, p->first_block);
  for (size_t k = 0; n && k < p->n_blocks; k++, n = cmark_node_next(n)) {
    cmark_iter *it = cmark_iter_new(n);
    int found = 0;
    cmark_event_type ev;
    while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));
      found =
          ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE);
    }
    cmark_iter_free(it);
    if (found) {
      return 1;
    }
  }
  return 0;
}

typedef struct split_ud {
  sheaf_book *book;
  size_t src;
} split_ud;

static void add_split(void *ud, size_t first, size_t n) {
  split_ud *s = ud;
  size_t p = sheaf_book_add_part(s->book, s->src);
  s->book->parts[p].first_block = first;
  s->book->parts[p].n_blocks = n;
}

/* A chapter's own front matter (in a book directory) may give its title and type. */
static int chapter_front_matter(sheaf_book *book, size_t src, sheaf_ynode *fm, sheaf_diags *diags,
                                sheaf_error *err) {
  sheaf_source *s = &book->sources[src];
  for (size_t i = 0; fm && i + 1 < fm->n; i += 2) {
    const sheaf_ynode *k = fm->items[i];
    const sheaf_ynode *v = fm->items[i + 1];
    char **dst = strcmp(k->value, "title") == 0  ? &s->title
                 : strcmp(k->value, "type") == 0 ? &s->epub_type
                                                 : NULL;
    if (!dst) {
      sheaf_warn(diags, k->path, k->line, k->col,
                 "'%s' in a chapter's front matter is ignored (book metadata goes in book.yaml)",
                 k->value);
      continue;
    }
    if (v->kind != SHEAF_Y_SCALAR) {
      return sheaf_fail(err, SHEAF_ER_META, v->path, v->line, v->col, "'%s' must be a string",
                        k->value);
    }
    if (!*dst) {
      *dst = sheaf_xstrdup(v->value);
    }
  }
  return 0;
}

/* Pass 1 of a part that holds raw HTML: clean it; when the author's HTML swallowed some of the
 * Markdown around it, the part's raw HTML is written as text instead (its headings, ids and
 * links stay as the TOC knows them), with one warning. */
static void scan_html(ctx *c, sheaf_buf *body) {
  sheaf_part *p = &c->book->parts[c->part];
  /* a trial on a copy first, so that what the cleaner records is recorded only when it holds */
  sheaf_buf trial = SHEAF_BUF_INIT;
  sheaf_buf_put(&trial, body->ptr, body->len);
  unsigned props = 0;
  int swallowed = 0;
  c->dry = 1;
  int rc = clean_html(c, &trial, 0, &props, &swallowed);
  c->dry = 0;
  sheaf_buf_free(&trial);
  if (rc == 0 && swallowed) {
    p->html_as_text = 1;
    sheaf_warn(c->diags, src_path(c), c->first_html_line, c->first_html_col,
               "raw HTML here is broken beyond repair (it swallows the Markdown after it); this "
               "chapter's raw HTML is shown as text");
    return;
  }
  p->has_html = 1;
  if (rc != 0 || clean_html(c, body, 0, &p->props, &swallowed) != 0) {
    c->failed = 1;
  }
}

struct sheaf_loaded {
  loaded l;
};

sheaf_loaded *sheaf_chapter_read(const sheaf_book *book, size_t src, sheaf_diags *diags,
                                 sheaf_error *err) {
  sheaf_loaded *r = sheaf_xcalloc(1, sizeof *r);
  if (load(book, src, diags, &r->l, &r->l.fm, err) != 0) {
    sheaf_loaded_free(r);
    return NULL;
  }
  return r;
}

void sheaf_loaded_free(sheaf_loaded *r) {
  if (!r) {
    return;
  }
  sheaf_ynode_free(r->l.fm);
  unload(&r->l);
  free(r);
}

int sheaf_chapter_scan(sheaf_book *book, size_t src, sheaf_loaded *read, sheaf_diags *diags,
                       sheaf_error *err) {
  loaded *l = &read->l;
  if (chapter_front_matter(book, src, l->fm, diags, err) != 0) {
    return -1;
  }
  sheaf_source *s = &book->sources[src];
  s->crc = (uint32_t)crc32(0, (const unsigned char *)l->text.ptr, (uInt)l->text.len);
  s->size = l->text.len;
  s->first_part = book->n_parts;
  split_ud su = {book, src};
  for_each_split(book, l->doc, add_split, &su);
  s->n_parts = book->n_parts - s->first_part;
  if (book->n_parts > SHEAF_MAX_CHAPTERS) {
    return sheaf_fail(err, SHEAF_ER_LIMIT, s->path, 0, 0, "the book has more than %d chapters",
                      SHEAF_MAX_CHAPTERS);
  }
  ctx c;
  ctx_init(&c, book, book, src, 1, diags, err);
  c.text = &l->text;
  sheaf_strmap_init(&c.gh_counts);
  sheaf_buf body = SHEAF_BUF_INIT;
  for (size_t i = 0; i < s->n_parts && !c.failed; i++) {
    c.part = s->first_part + i;
    sheaf_buf_clear(&body);
    /* pass 1 renders to learn ids, links and images; it needs the XHTML itself only to clean
     * the part's raw HTML */
    body.discard = !holds_html(l->doc, &book->parts[c.part]);
    render_body(&c, l->doc, &book->parts[c.part], &l->style, &body);
    if (c.has_html && !c.failed) {
      scan_html(&c, &body);
    }
  }
  sheaf_buf_free(&body);
  sheaf_strmap_fini(&c.gh_counts);
  return c.failed ? -1 : 0;
}

/* ---- pass 2 ---- */

struct sheaf_chapter {
  const sheaf_book *book;
  size_t src;
  loaded l;
};

sheaf_chapter *sheaf_chapter_load(const sheaf_book *book, size_t src, sheaf_error *err) {
  sheaf_chapter *ch = sheaf_xcalloc(1, sizeof *ch);
  ch->book = book;
  ch->src = src;
  sheaf_diags quiet;
  sheaf_diags_init(&quiet, NULL, NULL, 0);
  quiet.quiet = 1;
  const sheaf_source *s = &book->sources[src];
  if (load(book, src, &quiet, &ch->l, NULL, err) != 0) {
    sheaf_chapter_free(ch);
    return NULL;
  }
  uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)ch->l.text.ptr, (uInt)ch->l.text.len);
  if (crc != s->crc || ch->l.text.len != s->size) {
    sheaf_fail(err, SHEAF_ER_IO, s->path, 0, 0, "file changed while the book was being built");
    sheaf_chapter_free(ch);
    return NULL;
  }
  return ch;
}

sheaf_chapter *sheaf_chapter_adopt(const sheaf_book *book, size_t src, sheaf_loaded *kept) {
  sheaf_chapter *ch = sheaf_xcalloc(1, sizeof *ch);
  ch->book = book;
  ch->src = src;
  ch->l = kept->l;
  memset(&kept->l, 0, sizeof kept->l);
  sheaf_ynode_free(ch->l.fm); /* pass 1 took what it needed from the chapter's front matter */
  ch->l.fm = NULL;
  sheaf_loaded_free(kept); /* (the renderer can render a tree again: see xhtml.c) */
  return ch;
}

static const char *body_type(const sheaf_source *s) {
  return s->matter == SHEAF_FRONT ? "frontmatter"
                                  : (s->matter == SHEAF_BACK ? "backmatter" : "bodymatter");
}

int sheaf_chapter_render(sheaf_chapter *ch, size_t part, sheaf_diags *diags, sheaf_buf *out,
                         sheaf_error *err) {
  const sheaf_book *b = ch->book;
  const sheaf_source *s = &b->sources[ch->src];
  const sheaf_part *p = &b->parts[part];
  sheaf_diags quiet;
  sheaf_diags_init(&quiet, NULL, NULL, 0);
  quiet.quiet = 1;
  ctx c;
  ctx_init(&c, NULL, b, ch->src, 2, diags, err);
  c.text = &ch->l.text;
  c.part = part;
  sheaf_buf body = SHEAF_BUF_INIT;
  const char *type = s->epub_type ? s->epub_type : (s->matter == SHEAF_BODY ? "chapter" : NULL);
  const char *role = sheaf_role_for_type(type);
  sheaf_buf_puts(&body, "<section");
  if (type) {
    sheaf_buf_printf(&body, " epub:type=\"%s\"", type);
  }
  if (role) {
    sheaf_buf_printf(&body, " role=\"%s\"", role);
  }
  sheaf_buf_puts(&body, ">\n");
  size_t start = body.len;
  render_body(&c, ch->l.doc, p, &ch->l.style, &body);
  unsigned props = 0;
  int swallowed = 0;
  int rc = p->has_html ? clean_html(&c, &body, start, &props, &swallowed) : 0;
  if (rc == 0 && swallowed) {
    rc = sheaf_fail(err, SHEAF_ER_INTERNAL, s->path, 0, 0,
                    "raw HTML came out differently in the second pass (a bug in sheaf)");
  }
  if (rc == 0) {
    sheaf_buf_puts(&body, "</section>\n");
    sheaf_page page = {p->label, "../",    body_type(s),
                       body.ptr, body.len, p->has_css ? b->res[p->css_res].href : NULL};
    sheaf_page_write(b, &page, out);
  }
  sheaf_buf_free(&body);
  return rc;
}

void sheaf_chapter_free(sheaf_chapter *ch) {
  if (!ch) {
    return;
  }
  unload(&ch->l);
  free(ch);
}
