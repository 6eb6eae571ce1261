/* summary.c -- mdBook-style books: SUMMARY.md as the chapter tree
 * SPDX-License-Identifier: MIT
 *
 * SUMMARY.md is Markdown, so cmark parses it: links in paragraphs before the first list are
 * prefix chapters (front matter), nested lists are the numbered chapters, headings after the
 * start are part titles (TOC entries without a page, parents of the chapters that follow),
 * a thematic break ends a part, and links in paragraphs after the lists are suffix chapters
 * (back matter). A link with no destination is a draft: skipped with a warning. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "input.h"
#include "mem.h"
#include "source.h"
#include "url.h"
#include "xhtml.h"

typedef struct walker {
  sheaf_book *book;
  const char *path; /* SUMMARY.md, interned */
  char *src_dir;    /* where chapter paths start */
  int seen_list;    /* numbered chapters have begun */
  int in_part;      /* chapters nest under a part title */
  sheaf_error *err;
} walker;

static char *plain(cmark_node *n) {
  sheaf_buf b = SHEAF_BUF_INIT;
  sheaf_xhtml_plain_text(n, NULL, &b);
  return sheaf_buf_detach(&b, NULL);
}

/* Adds the chapter a link names; a draft (empty destination) is skipped with a warning. */
static int add_link(walker *w, cmark_node *link, sheaf_matter matter, int depth) {
  const char *url = cmark_node_get_url(link);
  char *title = plain(link);
  unsigned line = (unsigned)cmark_node_get_start_line(link);
  unsigned col = (unsigned)cmark_node_get_start_column(link);
  int rc = 0;
  if (!url || !*url) {
    sheaf_warn(&w->book->diags, w->path, line, col, "draft chapter '%s' has no file; skipped",
               title);
  } else {
    sheaf_ynode at = {SHEAF_Y_SCALAR, w->path, line, col, NULL, 0, NULL, 0};
    sheaf_url_parts u;
    sheaf_url_split(url, &u);
    rc = sheaf_input_add_chapter(w->book, w->src_dir, u.path, &at, title, NULL, (int)matter, depth,
                                 w->err);
    sheaf_url_parts_free(&u);
  }
  free(title);
  return rc;
}

/* The first link inside a node (a list item's or a paragraph's), or NULL. */
static cmark_node *first_link(cmark_node *n) {
  cmark_iter *it = cmark_iter_new(n);
  cmark_node *found = NULL;
  cmark_event_type ev;
  while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *c = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(c) == CMARK_NODE_LINK) {
      found = c;
    }
  }
  cmark_iter_free(it);
  return found;
}

static int add_list(walker *w, cmark_node *list, int depth) {
  if (depth > 8) {
    return sheaf_fail(w->err, SHEAF_ER_LIMIT, w->path, (unsigned)cmark_node_get_start_line(list), 1,
                      "chapters nest more than 8 levels deep");
  }
  for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
    cmark_node *link = NULL;
    cmark_node *sub = NULL;
    for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
        sub = c;
      } else if (!link) {
        link = first_link(c);
      }
    }
    if (link && add_link(w, link, SHEAF_BODY, depth) != 0) {
      return -1;
    }
    if (sub && add_list(w, sub, depth + 1) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Prefix or suffix chapters: every link of a paragraph. */
static int add_paragraph(walker *w, cmark_node *para) {
  sheaf_matter matter = w->seen_list ? SHEAF_BACK : SHEAF_FRONT;
  for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) == CMARK_NODE_LINK && add_link(w, c, matter, 0) != 0) {
      return -1;
    }
  }
  return 0;
}

static int walk(walker *w, cmark_node *doc) {
  int first = 1;
  for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n), first = 0) {
    int rc = 0;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING:
      if (!first) { /* the first heading is the summary's own title */
        char *title = plain(n);
        size_t s = sheaf_book_add_source(w->book, "", title, SHEAF_BODY, 0);
        w->book->sources[s].draft = 1;
        w->in_part = 1;
        free(title);
      }
      break;
    case CMARK_NODE_LIST:
      w->seen_list = 1;
      rc = add_list(w, n, w->in_part);
      break;
    case CMARK_NODE_PARAGRAPH:
      rc = add_paragraph(w, n);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      w->in_part = 0;
      break;
    default:
      break;
    }
    if (rc != 0) {
      return -1;
    }
  }
  return 0;
}

/* SUMMARY.md in dir or dir/src; returns its path (caller frees) or NULL. */
static char *find_summary(const char *dir) {
  const char *places[] = {"SUMMARY.md", "src/SUMMARY.md"};
  for (size_t i = 0; i < 2; i++) {
    char *p = sheaf_path_join(dir, places[i]);
    if (sheaf_is_file(p)) {
      return p;
    }
    free(p);
  }
  return NULL;
}

int sheaf_summary_load(sheaf_book *b, const char *dir, sheaf_ynode **meta, sheaf_error *err) {
  *meta = NULL;
  char *summary = find_summary(dir);
  if (!summary) {
    return sheaf_fail(err, SHEAF_ER_MISSING, dir, 0, 0,
                      "no book.yaml or SUMMARY.md in this directory (one names the chapters)");
  }
  sheaf_buf text = SHEAF_BUF_INIT;
  int rc = sheaf_read_text(summary, SHEAF_MAX_YAML_BYTES, &b->diags, &text, err);
  if (rc == 0) {
    sheaf_book_note_input(b, summary);
    cmark_node *doc = cmark_parse_document(text.ptr ? text.ptr : "", text.len, CMARK_OPT_SOURCEPOS);
    walker w = {b, sheaf_book_intern(b, summary), sheaf_path_dir(summary), 0, 0, err};
    rc = walk(&w, doc);
    if (rc == 0 && b->n_sources == 0) {
      rc = sheaf_fail(err, SHEAF_ER_META, w.path, 1, 1, "SUMMARY.md links to no chapter file");
    }
    free(w.src_dir);
    cmark_node_free(doc);
  }
  sheaf_buf_free(&text);
  free(summary);
  *meta = sheaf_ynode_new(SHEAF_Y_MAP, NULL, 0, 0);
  return rc;
}
