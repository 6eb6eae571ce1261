/* pages.c -- stage 4: the pages sheaf makes itself: title page, cover page, cover image
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "mem.h"
#include "package.h"
#include "page.h"
#include "utf8.h"

static const char *subtitle_of(const sheaf_meta *m) {
  for (size_t i = 1; i < m->n_titles; i++) {
    if (m->titles[i].type && strcmp(m->titles[i].type, "subtitle") == 0) {
      return m->titles[i].text;
    }
  }
  return NULL;
}

static void put_para(sheaf_buf *out, const char *cls, const char *text) {
  if (!text) {
    return;
  }
  sheaf_buf_printf(out, "<p class=\"%s\">", cls);
  sheaf_buf_put_text(out, text, strlen(text));
  sheaf_buf_puts(out, "</p>\n");
}

/* "A, B and C" is language-specific; a comma list with no conjunction reads fine in all. */
static char *creators_line(const sheaf_meta *m) {
  if (m->n_creators == 0) {
    return NULL;
  }
  sheaf_buf b = SHEAF_BUF_INIT;
  for (size_t i = 0; i < m->n_creators; i++) {
    if (i) {
      sheaf_buf_puts(&b, ", ");
    }
    sheaf_buf_puts(&b, m->creators[i].name);
  }
  return sheaf_buf_detach(&b, NULL);
}

void sheaf_titlepage_write(const sheaf_package *pkg, sheaf_buf *out) {
  const sheaf_book *b = pkg->book;
  const sheaf_meta *m = &b->meta;
  sheaf_buf body = SHEAF_BUF_INIT;
  sheaf_buf_puts(&body,
                 "<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1 class=\"title\">");
  sheaf_buf_put_text(&body, m->titles[0].text, strlen(m->titles[0].text));
  sheaf_buf_puts(&body, "</h1>\n");
  put_para(&body, "subtitle", subtitle_of(m));
  char *creators = creators_line(m);
  put_para(&body, "creators", creators);
  free(creators);
  put_para(&body, "description", m->description);
  put_para(&body, "publisher", m->publisher);
  put_para(&body, "date", m->date);
  put_para(&body, "rights", m->rights);
  sheaf_buf_puts(&body, "</section>\n");
  sheaf_page page = {m->titles[0].text, "../", "frontmatter", body.ptr, body.len, NULL};
  sheaf_page_write(b, &page, out);
  sheaf_buf_free(&body);
}

void sheaf_coverpage_write(const sheaf_package *pkg, sheaf_buf *out) {
  const sheaf_book *b = pkg->book;
  const sheaf_lang *lang = sheaf_lang_find(b->meta.lang);
  const sheaf_resource *r = &b->res[pkg->cover_res];
  sheaf_buf body = SHEAF_BUF_INIT;
  sheaf_buf_puts(
      &body, "<section epub:type=\"cover\" class=\"cover\">\n<img role=\"doc-cover\" src=\"../");
  sheaf_buf_puts(&body, r->href);
  sheaf_buf_puts(&body, "\" alt=\"");
  sheaf_buf_put_attr(&body, b->meta.titles[0].text, strlen(b->meta.titles[0].text));
  sheaf_buf_puts(&body, "\" />\n</section>\n");
  sheaf_page page = {lang->cover, "../", "frontmatter", body.ptr, body.len, NULL};
  sheaf_page_write(b, &page, out);
  sheaf_buf_free(&body);
}

/* ---- the generated cover ---- */

/* Calm background/foreground pairs; the title picks one, so a book keeps its colours. */
static const char *const palette[][3] = {
    {"#1f3a4d", "#f4efe6", "#d9a441"}, {"#5a1f2b", "#f6efe7", "#e0b36a"},
    {"#233d2b", "#f2efe4", "#c9b458"}, {"#2d2a4a", "#f3eff8", "#c7a6e0"},
    {"#3b3b3b", "#f5f2ea", "#e07a5f"}, {"#0f4c5c", "#f6f1e9", "#e9c46a"},
};

static size_t text_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++) {
    n += ((unsigned char)*s & 0xC0u) != 0x80u;
  }
  return n;
}

/* Breaks text into lines of about `width` characters at spaces, as <tspan>s starting at y. */
static int wrap(sheaf_buf *out, const char *text, size_t width, int y, int step, int max_lines) {
  char *copy = sheaf_xstrdup(text);
  sheaf_buf line = SHEAF_BUF_INIT;
  int lines = 0;
  char *save = NULL;
  for (char *w = strtok_r(copy, " \t\n", &save); w || line.len;
       w = strtok_r(NULL, " \t\n", &save)) {
    if (w && (line.len == 0 || text_chars(line.ptr) + 1 + text_chars(w) <= width)) {
      if (line.len) {
        sheaf_buf_putc(&line, ' ');
      }
      sheaf_buf_puts(&line, w);
      continue;
    }
    int last = lines + 1 == max_lines;
    sheaf_buf_printf(out, "<tspan x=\"300\" y=\"%d\">", y + lines * step);
    sheaf_buf_put_text(out, line.ptr, line.len);
    if (last && w) {
      sheaf_buf_puts(out, "\u2026");
    }
    sheaf_buf_puts(out, "</tspan>");
    lines++;
    sheaf_buf_clear(&line);
    if (last || !w) {
      break;
    }
    sheaf_buf_puts(&line, w);
  }
  sheaf_buf_free(&line);
  free(copy);
  return lines;
}

void sheaf_cover_svg(const sheaf_book *b, sheaf_buf *out) {
  const sheaf_meta *m = &b->meta;
  const char *title = m->titles[0].text;
  uint32_t h = 2166136261u;
  for (const char *p = title; *p; p++) {
    h = (h ^ (unsigned char)*p) * 16777619u;
  }
  const char *const *colors = palette[h % (sizeof palette / sizeof *palette)];
  size_t n = text_chars(title);
  int size = n <= 24 ? 64 : n <= 60 ? 52 : n <= 110 ? 42 : 34;
  size_t width = (size_t)(480 / (size * 0.55));
  sheaf_buf t = SHEAF_BUF_INIT;
  int lines = wrap(&t, title, width, 0, size * 6 / 5, 8);
  int top = 380 - lines * size * 6 / 10;
  sheaf_buf_clear(&t);
  wrap(&t, title, width, top, size * 6 / 5, 8);
  sheaf_buf sub = SHEAF_BUF_INIT;
  const char *subtitle = subtitle_of(m);
  if (subtitle) {
    wrap(&sub, subtitle, 30, top + lines * size * 6 / 5 + 30, 38, 3);
  }
  sheaf_buf by = SHEAF_BUF_INIT;
  char *creators = creators_line(m);
  if (creators) {
    wrap(&by, creators, 32, 790, 36, 2);
  }
  char fsize[16];
  snprintf(fsize, sizeof fsize, "%d", size);
  sheaf_buf lang = SHEAF_BUF_INIT;
  sheaf_buf_put_attr(&lang, m->lang, strlen(m->lang));
  sheaf_tpl_var vars[] = {
      {"bg", colors[0], (size_t)-1},
      {"fg", colors[1], (size_t)-1},
      {"accent", colors[2], (size_t)-1},
      {"lang", lang.ptr, lang.len},
      {"title_size", fsize, (size_t)-1},
      {"title", t.ptr ? t.ptr : "", t.len},
      {"subtitle", sub.ptr ? sub.ptr : "", sub.len},
      {"creators", by.ptr ? by.ptr : "", by.len},
  };
  sheaf_template_expand(b->tpl.cover, b->tpl.cover_len, vars, sizeof vars / sizeof *vars, out);
  free(creators);
  sheaf_buf_free(&t);
  sheaf_buf_free(&sub);
  sheaf_buf_free(&by);
  sheaf_buf_free(&lang);
}
