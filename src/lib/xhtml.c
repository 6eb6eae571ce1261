/* xhtml.c -- stage 3: our XHTML renderer over cmark's tree
 * SPDX-License-Identifier: MIT */
#include "xhtml.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "lang.h"
#include "utf8.h"

/* A node whose tags were not written (depth cap, an empty heading, a link the hooks dropped)
 * is marked, so that its EXIT event writes nothing either. A mark is the number of the render
 * that made it (the document node counts the renders of its tree), so the same tree can be
 * rendered again (pass 2 renders the trees pass 1 kept) without clearing the last marks. */

typedef struct renderer {
  sheaf_buf *out;
  const sheaf_xhtml_hooks *hooks;
  const sheaf_xhtml_style *style;
  int depth;
  int inline_depth;
  int flattened;
  int pair;  /* spaceless languages: inside a pair of quotes */
  int links; /* links open around the current node (HTML allows no link in a link) */
  sheaf_buf scratch;
  sheaf_buf href;
  void *mark; /* this render's number, as a node's user data */
} renderer;

/* ---- text with quotation marks ---- */

typedef enum put_mode { PUT_TEXT, PUT_ATTR, PUT_RAW, PUT_CODE, PUT_CODE_RAW } put_mode;

/* What the three bytes at u stand for under the style, or NULL when they are plain text.
 * Curly double quotes here were made by smart punctuation (the author's own are hidden as
 * U+FDD0/U+FDD1 by sheaf_xhtml_prepare). Spaceless languages cannot trust cmark's guess of
 * their direction, so `pair` alternates opening and closing marks within a block. */
static const char *quote_for(const unsigned char *u, const sheaf_xhtml_style *st, put_mode mode,
                             int *pair) {
  if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x9D)) {
    if (!st->open_quote || mode == PUT_CODE || mode == PUT_CODE_RAW) {
      return NULL;
    }
    if (st->pair_quotes) {
      *pair = !*pair;
      return *pair ? st->open_quote : st->close_quote;
    }
    return u[2] == 0x9C ? st->open_quote : st->close_quote;
  }
  if (u[0] == 0xEF && u[1] == 0xB7 && (u[2] == 0x90 || u[2] == 0x91) && st->placeholders) {
    return u[2] == 0x90 ? "\u201C" : "\u201D";
  }
  return NULL;
}

static void put_run(sheaf_buf *out, const char *s, size_t len, put_mode mode) {
  if (mode == PUT_ATTR) {
    sheaf_buf_put_attr(out, s, len);
  } else if (mode == PUT_RAW || mode == PUT_CODE_RAW) {
    sheaf_buf_put(out, s, len);
  } else {
    sheaf_buf_put_text(out, s, len);
  }
}

static void put_styled(sheaf_buf *out, const char *s, size_t len, const sheaf_xhtml_style *st,
                       put_mode mode, int *pair) {
  if (!st || (!st->open_quote && !st->placeholders)) {
    put_run(out, s, len, mode);
    return;
  }
  size_t run = 0;
  for (size_t i = 0; i + 2 < len; i++) {
    if ((unsigned char)s[i] < 0xE2) {
      continue;
    }
    const char *repl = quote_for((const unsigned char *)s + i, st, mode, pair);
    if (repl) {
      put_run(out, s + run, i - run, mode);
      put_run(out, repl, strlen(repl), mode);
      i += 2;
      run = i + 1;
    }
  }
  put_run(out, s + run, len - run, mode);
}

void sheaf_xhtml_put_text(sheaf_buf *out, const char *s, size_t len, const sheaf_xhtml_style *st,
                          int attr) {
  int pair = 0;
  put_styled(out, s, len, st, attr ? PUT_ATTR : PUT_TEXT, &pair);
}

void sheaf_xhtml_prepare(char *text, size_t len, const char *lang_tag, int smart,
                         sheaf_xhtml_style *st) {
  const sheaf_lang *lang = sheaf_lang_find(lang_tag);
  memset(st, 0, sizeof *st);
  if (!smart || (strcmp(lang->open_quote, "\u201C") == 0 && !lang->spaceless)) {
    return;
  }
  st->open_quote = lang->open_quote;
  st->close_quote = lang->close_quote;
  st->pair_quotes = lang->spaceless;
  if (memmem(text, len, "\xEF\xB7\x90", 3) || memmem(text, len, "\xEF\xB7\x91", 3)) {
    return; /* the author uses the placeholders themselves: map every curly quote */
  }
  st->placeholders = 1;
  for (size_t i = 0; i + 2 < len; i++) {
    unsigned char *u = (unsigned char *)text + i;
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x9D)) {
      u[0] = 0xEF;
      u[1] = 0xB7;
      u[2] = u[2] == 0x9C ? 0x90 : 0x91;
      i += 2;
    }
  }
}

void sheaf_xhtml_plain_text(cmark_node *node, const sheaf_xhtml_style *style, sheaf_buf *out) {
  int pair = 0;
  cmark_iter *it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) {
      continue;
    }
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: {
      const char *lit = cmark_node_get_literal(n);
      put_styled(out, lit, strlen(lit), style,
                 cmark_node_get_type(n) == CMARK_NODE_CODE ? PUT_CODE_RAW : PUT_RAW, &pair);
      break;
    }
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      sheaf_buf_putc(out, ' ');
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* ---- helpers for the switch ---- */

static void cr(renderer *r) {
  if (r->out->len && r->out->ptr[r->out->len - 1] != '\n') {
    sheaf_buf_putc(r->out, '\n');
  }
}

static void literal(renderer *r, cmark_node *n) {
  const char *lit = cmark_node_get_literal(n);
  cmark_node_type t = cmark_node_get_type(n);
  int code = t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK;
  put_styled(r->out, lit, strlen(lit), r->style, code ? PUT_CODE : PUT_TEXT, &r->pair);
}

static void note_flattened(renderer *r, cmark_node *n) {
  if (!r->flattened && r->hooks && r->hooks->notice) {
    r->hooks->notice(r->hooks->ud, n, SHEAF_NOTICE_FLATTENED);
  }
  r->flattened = 1;
}

/* Opens a container block or inline span unless the depth cap is reached. Returns 1 when the
 * tag should be written. `level` is the depth counter to use. */
static int enter_capped(renderer *r, cmark_node *n, int *level) {
  (*level)++;
  if (*level > SHEAF_XHTML_MAX_DEPTH) {
    cmark_node_set_user_data(n, r->mark);
    note_flattened(r, n);
    return 0;
  }
  return 1;
}

static void own(renderer *r) {
  if (r->hooks && r->hooks->mark_own) {
    sheaf_buf_puts(r->out, " " SHEAF_HTML_OWN "=\"\"");
  }
}

static int exit_capped(const renderer *r, cmark_node *n, int *level) {
  (*level)--;
  return cmark_node_get_user_data(n) != r->mark;
}

static int in_tight_list(const renderer *r, cmark_node *para) {
  cmark_node *item = cmark_node_parent(para);
  cmark_node *list = item ? cmark_node_parent(item) : NULL;
  return list && cmark_node_get_type(list) == CMARK_NODE_LIST && cmark_node_get_list_tight(list) &&
         cmark_node_get_user_data(list) != r->mark;
}

static void heading_open(renderer *r, cmark_node *n) {
  int level = cmark_node_get_heading_level(n);
  r->pair = 0;
  sheaf_buf_clear(&r->scratch);
  sheaf_xhtml_plain_text(n, r->style, &r->scratch);
  const char *text = r->scratch.ptr ? r->scratch.ptr : "";
  if (text[strspn(text, " \t")] == '\0') {
    /* an empty heading helps nobody and trips accessibility checkers */
    cmark_node_set_user_data(n, r->mark);
    if (r->hooks && r->hooks->notice) {
      r->hooks->notice(r->hooks->ud, n, SHEAF_NOTICE_EMPTY_HEADING);
    }
    return;
  }
  cr(r);
  sheaf_buf_printf(r->out, "<h%d", level);
  own(r);
  if (r->hooks && r->hooks->heading_id) {
    const char *id = r->hooks->heading_id(r->hooks->ud, n, text);
    if (id && *id) {
      sheaf_buf_puts(r->out, " id=\"");
      sheaf_buf_put_attr(r->out, id, strlen(id));
      sheaf_buf_putc(r->out, '"');
    }
  }
  sheaf_buf_putc(r->out, '>');
}

static void list_open(renderer *r, cmark_node *n) {
  cr(r);
  /* items sit one level deeper: a list is written only when its items will be */
  if (r->depth + 1 > SHEAF_XHTML_MAX_DEPTH) {
    cmark_node_set_user_data(n, r->mark);
    note_flattened(r, n);
    return;
  }
  if (cmark_node_get_list_type(n) == CMARK_BULLET_LIST) {
    sheaf_buf_puts(r->out, "<ul>\n");
    return;
  }
  int start = cmark_node_get_list_start(n);
  if (start == 1) {
    sheaf_buf_puts(r->out, "<ol>\n");
  } else {
    sheaf_buf_printf(r->out, "<ol start=\"%d\">\n", start);
  }
}

static void code_block(renderer *r, cmark_node *n) {
  const char *info = cmark_node_get_fence_info(n);
  cr(r);
  sheaf_buf_puts(r->out, "<pre><code");
  size_t word = info ? strcspn(info, " \t\r\n") : 0;
  if (word) {
    sheaf_buf_puts(r->out, " class=\"language-");
    sheaf_buf_put_attr(r->out, info, word);
    sheaf_buf_putc(r->out, '"');
  }
  sheaf_buf_putc(r->out, '>');
  literal(r, n);
  sheaf_buf_puts(r->out, "</code></pre>\n");
}

static void link_open(renderer *r, cmark_node *n) {
  sheaf_buf_clear(&r->href);
  int keep = enter_capped(r, n, &r->inline_depth);
  if (keep && r->links > 0) {
    keep = 0; /* "[<http://a>](http://b)": the inner link's text stays, inside the outer link */
    if (r->hooks && r->hooks->notice) {
      r->hooks->notice(r->hooks->ud, n, SHEAF_NOTICE_NESTED_LINK);
    }
  } else if (keep && r->hooks && r->hooks->link) {
    keep = r->hooks->link(r->hooks->ud, n, cmark_node_get_url(n), &r->href);
  } else if (keep) {
    const char *url = cmark_node_get_url(n);
    sheaf_buf_put_attr(&r->href, url, strlen(url));
  }
  if (!keep) {
    cmark_node_set_user_data(n, r->mark);
    return;
  }
  r->links++;
  sheaf_buf_puts(r->out, "<a");
  own(r);
  sheaf_buf_puts(r->out, " href=\"");
  sheaf_buf_put(r->out, r->href.ptr ? r->href.ptr : "", r->href.len);
  sheaf_buf_putc(r->out, '"');
  const char *title = cmark_node_get_title(n);
  if (title && *title) {
    sheaf_buf_puts(r->out, " title=\"");
    sheaf_xhtml_put_text(r->out, title, strlen(title), r->style, 1);
    sheaf_buf_putc(r->out, '"');
  }
  sheaf_buf_putc(r->out, '>');
}

static void image(renderer *r, cmark_node *n, cmark_iter *it) {
  sheaf_buf_clear(&r->scratch);
  sheaf_xhtml_plain_text(n, r->style, &r->scratch);
  const char *alt = r->scratch.ptr ? r->scratch.ptr : "";
  sheaf_buf_clear(&r->href);
  int keep = 1;
  if (r->hooks && r->hooks->image) {
    keep = r->hooks->image(r->hooks->ud, n, cmark_node_get_url(n), alt, &r->href);
  } else {
    const char *url = cmark_node_get_url(n);
    sheaf_buf_put_attr(&r->href, url, strlen(url));
  }
  cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
  if (!keep) {
    sheaf_buf_put_text(r->out, alt, strlen(alt));
    return;
  }
  sheaf_buf_puts(r->out, "<img");
  own(r);
  sheaf_buf_puts(r->out, " src=\"");
  sheaf_buf_put(r->out, r->href.ptr ? r->href.ptr : "", r->href.len);
  sheaf_buf_puts(r->out, "\" alt=\"");
  sheaf_buf_put_attr(r->out, alt, strlen(alt));
  sheaf_buf_putc(r->out, '"');
  const char *title = cmark_node_get_title(n);
  if (title && *title) {
    sheaf_buf_puts(r->out, " title=\"");
    sheaf_xhtml_put_text(r->out, title, strlen(title), r->style, 1);
    sheaf_buf_putc(r->out, '"');
  }
  sheaf_buf_puts(r->out, " />");
}

static void raw_html(renderer *r, cmark_node *n) {
  if (r->hooks && r->hooks->html) {
    r->hooks->html(r->hooks->ud, n, r->out);
  }
}

static void inline_tag(renderer *r, cmark_node *n, int entering, const char *tag) {
  if (entering) {
    if (enter_capped(r, n, &r->inline_depth)) {
      sheaf_buf_printf(r->out, "<%s>", tag);
    }
  } else if (exit_capped(r, n, &r->inline_depth)) {
    sheaf_buf_printf(r->out, "</%s>", tag);
  }
}

static void block_tag(renderer *r, cmark_node *n, int entering, const char *tag) {
  if (entering) {
    cr(r);
    if (enter_capped(r, n, &r->depth)) {
      sheaf_buf_printf(r->out, "<%s>\n", tag);
    }
  } else {
    if (exit_capped(r, n, &r->depth)) {
      cr(r);
      sheaf_buf_printf(r->out, "</%s>\n", tag);
    }
  }
}

/* The one switch: what each node writes on entering and on leaving. Like cmark's
 * S_render_node, it is the one function allowed to be long (STYLE.md). */
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
static void render_node(renderer *r, cmark_node *n, cmark_event_type ev, cmark_iter *it) {
  int entering = ev == CMARK_EVENT_ENTER;
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_BLOCK_QUOTE:
    block_tag(r, n, entering, "blockquote");
    break;
  case CMARK_NODE_LIST:
    if (entering) {
      list_open(r, n);
    } else if (cmark_node_get_user_data(n) != r->mark) {
      cr(r);
      sheaf_buf_puts(r->out,
                     cmark_node_get_list_type(n) == CMARK_BULLET_LIST ? "</ul>\n" : "</ol>\n");
    }
    break;
  case CMARK_NODE_ITEM:
    if (entering) {
      cr(r);
      if (enter_capped(r, n, &r->depth)) {
        sheaf_buf_puts(r->out, "<li>");
      }
    } else if (exit_capped(r, n, &r->depth)) {
      sheaf_buf_puts(r->out, "</li>\n");
    }
    break;
  case CMARK_NODE_HEADING:
    if (entering) {
      heading_open(r, n);
    } else if (cmark_node_get_user_data(n) != r->mark) {
      sheaf_buf_printf(r->out, "</h%d>\n", cmark_node_get_heading_level(n));
    }
    break;
  case CMARK_NODE_CODE_BLOCK:
    code_block(r, n);
    break;
  case CMARK_NODE_HTML_BLOCK:
    cr(r);
    raw_html(r, n);
    cr(r);
    break;
  case CMARK_NODE_THEMATIC_BREAK:
    cr(r);
    sheaf_buf_puts(r->out, "<hr />\n");
    break;
  case CMARK_NODE_PARAGRAPH:
    r->pair = 0;
    if (in_tight_list(r, n)) {
      break;
    }
    if (entering) {
      cr(r);
      sheaf_buf_puts(r->out, "<p>");
    } else {
      sheaf_buf_puts(r->out, "</p>\n");
    }
    break;
  case CMARK_NODE_TEXT:
    literal(r, n);
    break;
  case CMARK_NODE_SOFTBREAK:
    sheaf_buf_putc(r->out, '\n');
    break;
  case CMARK_NODE_LINEBREAK:
    sheaf_buf_puts(r->out, "<br />\n");
    break;
  case CMARK_NODE_CODE:
    sheaf_buf_puts(r->out, "<code>");
    literal(r, n);
    sheaf_buf_puts(r->out, "</code>");
    break;
  case CMARK_NODE_HTML_INLINE:
    raw_html(r, n);
    break;
  case CMARK_NODE_EMPH:
    inline_tag(r, n, entering, "em");
    break;
  case CMARK_NODE_STRONG:
    inline_tag(r, n, entering, "strong");
    break;
  case CMARK_NODE_LINK:
    if (entering) {
      link_open(r, n);
    } else if (exit_capped(r, n, &r->inline_depth)) {
      r->links--;
      sheaf_buf_puts(r->out, "</a>");
    }
    break;
  case CMARK_NODE_IMAGE:
    if (entering) {
      image(r, n, it);
    }
    break;
  default: /* document, custom nodes: nothing of their own */
    break;
  }
}

#define SHEAF_STR_(x) #x
#define SHEAF_STR(x) SHEAF_STR_(x)

const char *sheaf_xhtml_notice_message(sheaf_xhtml_notice what) {
  switch (what) {
  case SHEAF_NOTICE_FLATTENED:
    return "nesting deeper than " SHEAF_STR(SHEAF_XHTML_MAX_DEPTH) " levels is flattened";
  case SHEAF_NOTICE_EMPTY_HEADING:
    return "empty heading left out";
  case SHEAF_NOTICE_NESTED_LINK:
    return "a link inside a link is kept as text (HTML allows no link in a link)";
  }
  return "";
}

/* This render's number: one more than the last render of the tree `first` belongs to. */
static void *next_mark(cmark_node *first) {
  cmark_node *root = first;
  while (cmark_node_parent(root)) {
    root = cmark_node_parent(root);
  }
  uintptr_t n = (uintptr_t)cmark_node_get_user_data(root) + 1;
  void *mark = (void *)n;
  cmark_node_set_user_data(root, mark);
  return mark;
}

void sheaf_xhtml_render(cmark_node *first, cmark_node *stop, const sheaf_xhtml_hooks *hooks,
                        const sheaf_xhtml_style *style, sheaf_buf *out) {
  renderer r = {out, hooks, style, 0, 0, 0, 0, 0, SHEAF_BUF_INIT, SHEAF_BUF_INIT, NULL};
  if (!first) {
    return;
  }
  r.mark = next_mark(first);
  for (cmark_node *top = first; top && top != stop; top = cmark_node_next(top)) {
    cmark_iter *it = cmark_iter_new(top);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      render_node(&r, cmark_iter_get_node(it), ev, it);
    }
    cmark_iter_free(it);
  }
  sheaf_buf_free(&r.scratch);
  sheaf_buf_free(&r.href);
}
