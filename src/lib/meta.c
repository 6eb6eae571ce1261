/* meta.c -- stage 2: metadata from YAML, checked and normalised
 * SPDX-License-Identifier: MIT */
#include "meta.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void sheaf_meta_init(sheaf_meta *m) {
  memset(m, 0, sizeof *m);
  m->ibooks_specified_fonts = -1;
  m->ibooks_binding = -1;
}

static void strlist_free(sheaf_strlist *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->v[i]);
  }
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static void strlist_add(sheaf_strlist *l, const char *s) {
  l->v = sheaf_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
  l->v[l->n++] = sheaf_xstrdup(s);
}

static void people_free(sheaf_meta_person *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(p[i].name);
    free(p[i].role);
    free(p[i].file_as);
  }
  free(p);
}

void sheaf_meta_fini(sheaf_meta *m) {
  for (size_t i = 0; i < m->n_titles; i++) {
    free(m->titles[i].text);
    free(m->titles[i].type);
    free(m->titles[i].file_as);
  }
  free(m->titles);
  people_free(m->creators, m->n_creators);
  people_free(m->contributors, m->n_contributors);
  for (size_t i = 0; i < m->n_idents; i++) {
    free(m->idents[i].value);
    free(m->idents[i].scheme);
  }
  free(m->idents);
  for (size_t i = 0; i < m->n_subjects; i++) {
    free(m->subjects[i].term);
    free(m->subjects[i].authority);
    free(m->subjects[i].code);
  }
  free(m->subjects);
  char **strs[] = {&m->lang,
                   &m->date,
                   &m->publisher,
                   &m->rights,
                   &m->description,
                   &m->source,
                   &m->collection,
                   &m->group_position,
                   &m->toc_title,
                   &m->ppd,
                   &m->dir,
                   &m->cover_image,
                   &m->ibooks_version,
                   &m->ibooks_ipad_lock,
                   &m->ibooks_iphone_lock,
                   &m->ibooks_scroll_axis,
                   &m->a11y_summary,
                   &m->conforms_to,
                   &m->certified_by,
                   &m->certifier_credential,
                   &m->certifier_report};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
    free(*strs[i]);
  }
  strlist_free(&m->css);
  free(m->css_pos);
  sheaf_strlist *lists[] = {&m->access_modes, &m->access_mode_sufficient, &m->a11y_features,
                            &m->a11y_hazards};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    strlist_free(lists[i]);
  }
  sheaf_meta_init(m);
}

/* ---- shape helpers: each fails with a message naming the key and the accepted shapes ---- */

typedef struct kctx {
  sheaf_meta *m;
  const char *key;
  sheaf_diags *diags;
  sheaf_error *err;
} kctx;

static int bad(kctx *k, const sheaf_ynode *v, const char *expected) {
  return sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col, "'%s' must be %s, not %s",
                    k->key, expected, sheaf_ynode_shape(v));
}

static int invalid(kctx *k, const sheaf_ynode *v, const char *expected) {
  return sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col, "'%s': '%s' is not %s", k->key,
                    v->value, expected);
}

/* Trimmed copy of a scalar, or an error when v is not one. Empty strings are refused. */
static char *scalar(kctx *k, const sheaf_ynode *v) {
  if (v->kind != SHEAF_Y_SCALAR) {
    bad(k, v, "a string");
    return NULL;
  }
  const char *s = v->value;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) {
    n--;
  }
  while (n && isspace((unsigned char)*s)) {
    s++, n--;
  }
  if (n == 0) {
    sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col, "'%s' is empty", k->key);
    return NULL;
  }
  return sheaf_xstrndup(s, n);
}

static int set_string(kctx *k, const sheaf_ynode *v, char **dst) {
  char *s = scalar(k, v);
  if (!s) {
    return -1;
  }
  free(*dst);
  *dst = s;
  return 0;
}

/* A string or a list of strings, appended to `list`. */
static int add_strings(kctx *k, const sheaf_ynode *v, sheaf_strlist *list) {
  if (v->kind == SHEAF_Y_SCALAR) {
    char *s = scalar(k, v);
    if (!s) {
      return -1;
    }
    /* "a, b" is a common way to list vocabulary terms in one string */
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
      while (isspace((unsigned char)*tok)) {
        tok++;
      }
      size_t n = strlen(tok);
      while (n && isspace((unsigned char)tok[n - 1])) {
        tok[--n] = '\0';
      }
      if (n) {
        strlist_add(list, tok);
      }
    }
    free(s);
    return 0;
  }
  if (v->kind != SHEAF_Y_SEQ) {
    return bad(k, v, "a string or a list of strings");
  }
  for (size_t i = 0; i < v->n; i++) {
    char *s = scalar(k, v->items[i]);
    if (!s) {
      return -1;
    }
    strlist_add(list, s);
    free(s);
  }
  return 0;
}

/* Reads the text of an entry that is either a string or a mapping with `text` (or `name`). */
static const sheaf_ynode *entry_text(kctx *k, const sheaf_ynode *v, const char *shapes) {
  if (v->kind == SHEAF_Y_SCALAR) {
    return v;
  }
  if (v->kind != SHEAF_Y_MAP) {
    bad(k, v, shapes);
    return NULL;
  }
  const sheaf_ynode *t = sheaf_ymap_get(v, "text");
  if (!t) {
    t = sheaf_ymap_get(v, "name");
  }
  if (!t) {
    sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col,
               "'%s': an entry given as a mapping needs a 'text' key", k->key);
  }
  return t;
}

/* Optional string field `name` of mapping v into *dst. */
static int opt_field(kctx *k, const sheaf_ynode *v, const char *name, char **dst) {
  const sheaf_ynode *f = v->kind == SHEAF_Y_MAP ? sheaf_ymap_get(v, name) : NULL;
  if (!f) {
    return 0;
  }
  const char *saved = k->key;
  char *key = sheaf_xasprintf("%s.%s", saved, name);
  k->key = key;
  int rc = set_string(k, f, dst);
  k->key = saved;
  free(key);
  return rc;
}

/* Warns about keys of an entry mapping that are not in `known`. */
static void check_fields(kctx *k, const sheaf_ynode *v, const char *const *known) {
  if (v->kind != SHEAF_Y_MAP) {
    return;
  }
  for (size_t i = 0; i + 1 < v->n; i += 2) {
    const sheaf_ynode *key = v->items[i];
    size_t j = 0;
    while (known[j] && strcmp(known[j], key->value) != 0) {
      j++;
    }
    if (!known[j]) {
      sheaf_warn(k->diags, key->path, key->line, key->col, "unknown field '%s' in '%s'; ignored",
                 key->value, k->key);
    }
  }
}

/* A value may be one entry or a list of entries: how many entries it holds, and the i-th. */
static size_t entry_count(const sheaf_ynode *v) {
  return v->kind == SHEAF_Y_SEQ ? v->n : 1;
}

static const sheaf_ynode *entry_at(const sheaf_ynode *v, size_t i) {
  return v->kind == SHEAF_Y_SEQ ? v->items[i] : v;
}

/* ---- key handlers ---- */

static int valid_title_type(const char *t) {
  static const char *const types[] = {"main",    "subtitle", "short", "collection",
                                      "edition", "expanded", NULL};
  for (size_t i = 0; types[i]; i++) {
    if (strcmp(t, types[i]) == 0) {
      return 1;
    }
  }
  return 0;
}

static int add_title(kctx *k, const sheaf_ynode *e) {
  static const char *const fields[] = {"text", "type", "file-as", NULL};
  const sheaf_ynode *t = entry_text(k, e, "a string or a list of titles with 'text' and 'type'");
  char *text = t ? scalar(k, t) : NULL;
  if (!text) {
    return -1;
  }
  sheaf_meta *m = k->m;
  m->titles = sheaf_xrealloc(m->titles, (m->n_titles + 1) * sizeof *m->titles);
  sheaf_meta_title *title = &m->titles[m->n_titles++];
  memset(title, 0, sizeof *title);
  title->text = text;
  check_fields(k, e, fields);
  if (opt_field(k, e, "type", &title->type) || opt_field(k, e, "file-as", &title->file_as)) {
    return -1;
  }
  if (title->type && !valid_title_type(title->type)) {
    const sheaf_ynode *tv = sheaf_ymap_get(e, "type");
    return sheaf_fail(k->err, SHEAF_ER_META, tv->path, tv->line, tv->col,
                      "'title.type': '%s' is not one of main, subtitle, short, collection, "
                      "edition, expanded",
                      title->type);
  }
  return 0;
}

static int key_title(kctx *k, const sheaf_ynode *v) {
  for (size_t i = 0; i < entry_count(v); i++) {
    const sheaf_ynode *e = entry_at(v, i);
    if (add_title(k, e) != 0) {
      return -1;
    }
  }
  /* the main title goes first: the first one typed main, else the first untyped one */
  sheaf_meta *m = k->m;
  for (size_t i = 0; i < m->n_titles; i++) {
    if (!m->titles[i].type || strcmp(m->titles[i].type, "main") == 0) {
      sheaf_meta_title t = m->titles[i];
      memmove(m->titles + 1, m->titles, i * sizeof *m->titles);
      m->titles[0] = t;
      break;
    }
  }
  return 0;
}

static int key_subtitle(kctx *k, const sheaf_ynode *v) {
  char *text = scalar(k, v);
  if (!text) {
    return -1;
  }
  sheaf_meta *m = k->m;
  m->titles = sheaf_xrealloc(m->titles, (m->n_titles + 1) * sizeof *m->titles);
  sheaf_meta_title *t = &m->titles[m->n_titles++];
  memset(t, 0, sizeof *t);
  t->text = text;
  t->type = sheaf_xstrdup("subtitle");
  return 0;
}

static int add_person(kctx *k, const sheaf_ynode *e, sheaf_meta_person **list, size_t *n) {
  static const char *const fields[] = {"text", "name", "role", "file-as", NULL};
  const sheaf_ynode *t =
      entry_text(k, e, "a string, a list of strings, or entries with 'text', 'role', 'file-as'");
  char *name = t ? scalar(k, t) : NULL;
  if (!name) {
    return -1;
  }
  *list = sheaf_xrealloc(*list, (*n + 1) * sizeof **list);
  sheaf_meta_person *p = &(*list)[(*n)++];
  memset(p, 0, sizeof *p);
  p->name = name;
  check_fields(k, e, fields);
  if (opt_field(k, e, "role", &p->role) || opt_field(k, e, "file-as", &p->file_as)) {
    return -1;
  }
  if (p->role && !sheaf_valid_relator(p->role)) {
    const sheaf_ynode *rv = sheaf_ymap_get(e, "role");
    return sheaf_fail(k->err, SHEAF_ER_META, rv->path, rv->line, rv->col,
                      "'%s.role': '%s' is not a MARC relator code (e.g. aut, edt, trl, ill)",
                      k->key, p->role);
  }
  return 0;
}

static int key_creator(kctx *k, const sheaf_ynode *v) {
  for (size_t i = 0; i < entry_count(v); i++) {
    const sheaf_ynode *e = entry_at(v, i);
    if (add_person(k, e, &k->m->creators, &k->m->n_creators) != 0) {
      return -1;
    }
  }
  return 0;
}

static int key_contributor(kctx *k, const sheaf_ynode *v) {
  for (size_t i = 0; i < entry_count(v); i++) {
    const sheaf_ynode *e = entry_at(v, i);
    if (add_person(k, e, &k->m->contributors, &k->m->n_contributors) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Normalises an identifier to the form dc:identifier should hold, checking its scheme. */
static char *ident_value(kctx *k, const sheaf_ynode *t, const char *text, const char *scheme) {
  const char *body = text;
  if (scheme && (strcasecmp(scheme, "ISBN-10") == 0 || strcasecmp(scheme, "ISBN-13") == 0 ||
                 strcasecmp(scheme, "ISBN") == 0)) {
    body = strncasecmp(text, "urn:isbn:", 9) == 0 ? text + 9 : text;
    if (!sheaf_valid_isbn(body)) {
      invalid(k, t, "a valid ISBN (check digit or length wrong)");
      return NULL;
    }
    return sheaf_xasprintf("urn:isbn:%s", body);
  }
  if (strncasecmp(text, "urn:isbn:", 9) == 0 && !sheaf_valid_isbn(text + 9)) {
    invalid(k, t, "a valid ISBN (check digit or length wrong)");
    return NULL;
  }
  if ((scheme && strcasecmp(scheme, "UUID") == 0) || strncasecmp(text, "urn:uuid:", 9) == 0) {
    body = strncasecmp(text, "urn:uuid:", 9) == 0 ? text + 9 : text;
    if (!sheaf_valid_uuid(body)) {
      invalid(k, t, "a UUID (8-4-4-4-12 hexadecimal digits)");
      return NULL;
    }
    return sheaf_xasprintf("urn:uuid:%s", body);
  }
  if (scheme && strcasecmp(scheme, "DOI") == 0 && strncasecmp(text, "doi:", 4) != 0 &&
      strncmp(text, "10.", 3) == 0) {
    return sheaf_xasprintf("doi:%s", text);
  }
  return sheaf_xstrdup(text);
}

static int key_identifier(kctx *k, const sheaf_ynode *v) {
  static const char *const fields[] = {"text", "scheme", NULL};
  for (size_t i = 0; i < entry_count(v); i++) {
    const sheaf_ynode *e = entry_at(v, i);
    const sheaf_ynode *t = entry_text(k, e, "a string or entries with 'text' and 'scheme'");
    char *text = t ? scalar(k, t) : NULL;
    char *scheme = NULL;
    if (!text || opt_field(k, e, "scheme", &scheme) != 0) {
      free(text);
      return -1;
    }
    check_fields(k, e, fields);
    char *value = ident_value(k, t, text, scheme);
    free(text);
    if (!value) {
      free(scheme);
      return -1;
    }
    sheaf_meta *m = k->m;
    m->idents = sheaf_xrealloc(m->idents, (m->n_idents + 1) * sizeof *m->idents);
    m->idents[m->n_idents].value = value;
    m->idents[m->n_idents++].scheme = scheme;
  }
  return 0;
}

static int key_lang(kctx *k, const sheaf_ynode *v) {
  if (set_string(k, v, &k->m->lang) != 0) {
    return -1;
  }
  if (!sheaf_valid_lang(k->m->lang)) {
    return invalid(k, v, "a BCP 47 language tag (e.g. it, en-GB, zh-Hant, sr-Latn)");
  }
  k->m->lang_given = 1;
  return 0;
}

static int key_date(kctx *k, const sheaf_ynode *v) {
  if (set_string(k, v, &k->m->date) != 0) {
    return -1;
  }
  if (!sheaf_valid_date(k->m->date)) {
    return invalid(k, v, "a W3CDTF date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)");
  }
  return 0;
}

static int key_subject(kctx *k, const sheaf_ynode *v) {
  static const char *const fields[] = {"text", "authority", "term", NULL};
  for (size_t i = 0; i < entry_count(v); i++) {
    const sheaf_ynode *e = entry_at(v, i);
    const sheaf_ynode *t =
        entry_text(k, e, "a string, a list, or entries with 'text', 'authority', 'term'");
    char *text = t ? scalar(k, t) : NULL;
    if (!text) {
      return -1;
    }
    sheaf_meta *m = k->m;
    m->subjects = sheaf_xrealloc(m->subjects, (m->n_subjects + 1) * sizeof *m->subjects);
    sheaf_meta_subject *s = &m->subjects[m->n_subjects++];
    memset(s, 0, sizeof *s);
    s->term = text;
    check_fields(k, e, fields);
    if (opt_field(k, e, "authority", &s->authority) || opt_field(k, e, "term", &s->code)) {
      return -1;
    }
    if (!s->authority != !s->code) {
      return sheaf_fail(k->err, SHEAF_ER_META, e->path, e->line, e->col,
                        "'subject': 'authority' and 'term' go together (a code in a scheme)");
    }
  }
  return 0;
}

static int key_group_position(kctx *k, const sheaf_ynode *v) {
  if (set_string(k, v, &k->m->group_position) != 0) {
    return -1;
  }
  char *end;
  double d = strtod(k->m->group_position, &end);
  if (*end || d < 0) {
    return invalid(k, v, "a number (e.g. 2 or 2.5)");
  }
  return 0;
}

static int key_cover(kctx *k, const sheaf_ynode *v) {
  k->m->cover_pos = (sheaf_pos){v->path, v->line, v->col};
  return set_string(k, v, &k->m->cover_image);
}

static int key_css(kctx *k, const sheaf_ynode *v) {
  size_t before = k->m->css.n;
  if (add_strings(k, v, &k->m->css) != 0) {
    return -1;
  }
  k->m->css_pos = sheaf_xrealloc(k->m->css_pos, k->m->css.n * sizeof *k->m->css_pos);
  for (size_t i = before; i < k->m->css.n; i++) {
    const sheaf_ynode *at = v->kind == SHEAF_Y_SEQ ? v->items[i - before] : v;
    k->m->css_pos[i] = (sheaf_pos){at->path, at->line, at->col};
  }
  return 0;
}

static int one_of(kctx *k, const sheaf_ynode *v, char **dst, const char *const *allowed,
                  const char *expected) {
  if (set_string(k, v, dst) != 0) {
    return -1;
  }
  for (size_t i = 0; allowed[i]; i++) {
    if (strcmp(*dst, allowed[i]) == 0) {
      return 0;
    }
  }
  return invalid(k, v, expected);
}

static int key_ppd(kctx *k, const sheaf_ynode *v) {
  static const char *const ok[] = {"ltr", "rtl", "default", NULL};
  return one_of(k, v, &k->m->ppd, ok, "ltr, rtl or default");
}

static int key_dir(kctx *k, const sheaf_ynode *v) {
  static const char *const ok[] = {"ltr", "rtl", "auto", NULL};
  return one_of(k, v, &k->m->dir, ok, "ltr, rtl or auto");
}

#define STRING_KEY(fn, field)                                                                      \
  static int fn(kctx *k, const sheaf_ynode *v) {                                                   \
    return set_string(k, v, &k->m->field);                                                         \
  }
STRING_KEY(key_publisher, publisher)
STRING_KEY(key_rights, rights)
STRING_KEY(key_description, description)
STRING_KEY(key_source, source)
STRING_KEY(key_collection, collection)
STRING_KEY(key_toc_title, toc_title)
STRING_KEY(key_a11y_summary, a11y_summary)
static int key_conforms_to(kctx *k, const sheaf_ynode *v) {
  k->m->conforms_pos = (sheaf_pos){v->path, v->line, v->col};
  if (set_string(k, v, &k->m->conforms_to) != 0) {
    return -1;
  }
  static const char a11y_11[] = "EPUB Accessibility 1.1 - WCAG 2.";
  static const char a11y_10[] = "http://www.idpf.org/epub/a11y/accessibility-20170105.html";
  if (strncmp(k->m->conforms_to, a11y_11, sizeof a11y_11 - 1) == 0 ||
      strncmp(k->m->conforms_to, a11y_10, sizeof a11y_10 - 1) == 0) {
    return 0;
  }
  return invalid(k, v,
                 "a conformance claim such as \"EPUB Accessibility 1.1 - WCAG 2.1 Level AA\"");
}
STRING_KEY(key_certified_by, certified_by)
STRING_KEY(key_certifier_credential, certifier_credential)
STRING_KEY(key_certifier_report, certifier_report)

#define LIST_KEY(fn, field)                                                                        \
  static int fn(kctx *k, const sheaf_ynode *v) {                                                   \
    strlist_free(&k->m->field);                                                                    \
    return add_strings(k, v, &k->m->field);                                                        \
  }
/* ---- accessibility: values from the schema.org / EPUB Accessibility vocabularies ---- */

static const char access_modes[] = " auditory chartOnVisual chemOnVisual colorDependent "
                                   "diagramOnTactile diagramOnVisual mathOnVisual musicOnVisual "
                                   "tactile textOnVisual textual visual ";
static const char a11y_features[] =
    " alternativeText annotations ARIA audioDescription bookmarks braille captions ChemML "
    "describedMath displayTransformability fullRubyAnnotations highContrastAudio "
    "highContrastDisplay horizontalWriting index largePrint latex longDescription MathML none "
    "openCaptions pageBreakMarkers pageNavigation printPageNumbers readingOrder "
    "rubyAnnotations signLanguage structuralNavigation synchronizedAudioText tableOfContents "
    "taggedPDF tactileGraphic tactileObject timingControl transcript ttsMarkup unknown "
    "unlocked verticalWriting withAdditionalWordSegmentation withoutAdditionalWordSegmentation ";
static const char a11y_hazards[] = " flashing noFlashingHazard motionSimulation "
                                   "noMotionSimulationHazard sound noSoundHazard unknown none ";

static int in_vocab(const char *vocab, const char *word) {
  char key[80];
  snprintf(key, sizeof key, " %s ", word);
  return strlen(word) < sizeof key - 2 && strstr(vocab, key) != NULL;
}

/* Adds one string value to list; fails when it is not a non-empty string. */
static int add_scalar(kctx *k, const sheaf_ynode *v, sheaf_strlist *list) {
  char *one = scalar(k, v);
  if (!one) {
    return -1;
  }
  strlist_add(list, one);
  free(one);
  return 0;
}

/* The values of a list key into raw. With `sets`, each item of a list, or the single string,
 * is one value: a comma-joined set of words. */
static int raw_values(kctx *k, const sheaf_ynode *v, int sets, sheaf_strlist *raw) {
  if (sets && v->kind == SHEAF_Y_SEQ) {
    for (size_t i = 0; i < v->n; i++) {
      if (add_scalar(k, v->items[i], raw) != 0) {
        return -1;
      }
    }
    return 0;
  }
  if (add_strings(k, v, raw) != 0) {
    return -1;
  }
  if (sets) { /* a single string is one set */
    strlist_free(raw);
    return add_scalar(k, v, raw);
  }
  return 0;
}

/* Checks each word of one value against a vocabulary. "none" and "unknown" may not stand
 * beside other values (`several` says there are others). */
static int check_words(kctx *k, const sheaf_ynode *v, const char *vocab, const char *value,
                       int several) {
  char *copy = sheaf_xstrdup(value);
  int rc = 0;
  for (char *save = NULL, *w = strtok_r(copy, ", ", &save); w && rc == 0;
       w = strtok_r(NULL, ", ", &save)) {
    if (!in_vocab(vocab, w)) {
      rc = sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col,
                      "'%s': '%s' is not a value of its vocabulary (e.g.%.60s...)", k->key, w,
                      vocab);
    } else if ((strcmp(w, "none") == 0 || strcmp(w, "unknown") == 0) && several) {
      rc = sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col,
                      "'%s': '%s' cannot stand beside other values", k->key, w);
    }
  }
  free(copy);
  return rc;
}

/* Checks every value of a list key against a vocabulary; `sets` allows comma-joined sets of
 * values (accessModeSufficient). "none" and "unknown" may not stand beside other values. */
static int vocab_list(kctx *k, const sheaf_ynode *v, sheaf_strlist *list, const char *vocab,
                      int sets) {
  strlist_free(list);
  sheaf_strlist raw = {NULL, 0};
  int rc = raw_values(k, v, sets, &raw);
  for (size_t i = 0; rc == 0 && i < raw.n; i++) {
    rc = check_words(k, v, vocab, raw.v[i], raw.n > 1);
    strlist_add(list, raw.v[i]);
  }
  strlist_free(&raw);
  return rc;
}

static int key_access_mode(kctx *k, const sheaf_ynode *v) {
  return vocab_list(k, v, &k->m->access_modes, access_modes, 0);
}

static int key_access_sufficient(kctx *k, const sheaf_ynode *v) {
  return vocab_list(k, v, &k->m->access_mode_sufficient, access_modes, 1);
}

static int key_a11y_feature(kctx *k, const sheaf_ynode *v) {
  return vocab_list(k, v, &k->m->a11y_features, a11y_features, 0);
}

/* Hazards: from the vocabulary, and never a hazard beside its own negation. */
static int key_a11y_hazard(kctx *k, const sheaf_ynode *v) {
  static const char *const pairs[][2] = {{"flashing", "noFlashingHazard"},
                                         {"motionSimulation", "noMotionSimulationHazard"},
                                         {"sound", "noSoundHazard"}};
  if (vocab_list(k, v, &k->m->a11y_hazards, a11y_hazards, 0) != 0) {
    return -1;
  }
  const sheaf_strlist *l = &k->m->a11y_hazards;
  for (size_t p = 0; p < 3; p++) {
    int yes = 0;
    int no = 0;
    for (size_t i = 0; i < l->n; i++) {
      yes |= !strcmp(l->v[i], pairs[p][0]);
      no |= !strcmp(l->v[i], pairs[p][1]);
    }
    if (yes && no) {
      return sheaf_fail(k->err, SHEAF_ER_META, v->path, v->line, v->col,
                        "'%s': '%s' and '%s' contradict each other", k->key, pairs[p][0],
                        pairs[p][1]);
    }
  }
  return 0;
}

static int meta_ibooks(kctx *k, const sheaf_ynode *v);

typedef struct meta_key {
  const char *name;
  int (*fn)(kctx *k, const sheaf_ynode *v);
} meta_key;

/* Every key sheaf reads, with pandoc's names first and accepted aliases after. */
static const meta_key meta_keys[] = {
    {"title", key_title},
    {"subtitle", key_subtitle},
    {"creator", key_creator},
    {"author", key_creator},
    {"contributor", key_contributor},
    {"identifier", key_identifier},
    {"lang", key_lang},
    {"language", key_lang},
    {"date", key_date},
    {"publisher", key_publisher},
    {"rights", key_rights},
    {"description", key_description},
    {"abstract", key_description},
    {"subject", key_subject},
    {"source", key_source},
    {"belongs-to-collection", key_collection},
    {"group-position", key_group_position},
    {"cover-image", key_cover},
    {"css", key_css},
    {"stylesheet", key_css},
    {"page-progression-direction", key_ppd},
    {"dir", key_dir},
    {"toc-title", key_toc_title},
    {"ibooks", meta_ibooks},
    {"accessModes", key_access_mode},
    {"access-mode", key_access_mode},
    {"accessModeSufficient", key_access_sufficient},
    {"access-mode-sufficient", key_access_sufficient},
    {"accessibilityFeatures", key_a11y_feature},
    {"accessibility-feature", key_a11y_feature},
    {"accessibilityHazards", key_a11y_hazard},
    {"accessibility-hazard", key_a11y_hazard},
    {"accessibilitySummary", key_a11y_summary},
    {"accessibility-summary", key_a11y_summary},
    {"conformsTo", key_conforms_to},
    {"conforms-to", key_conforms_to},
    {"certifiedBy", key_certified_by},
    {"certified-by", key_certified_by},
    {"certifierCredential", key_certifier_credential},
    {"certifier-credential", key_certifier_credential},
    {"certifierReport", key_certifier_report},
    {"certifier-report", key_certifier_report},
};

static int ibooks_bool(kctx *k, const sheaf_ynode *v, int *dst) {
  if (v->kind != SHEAF_Y_SCALAR) {
    return bad(k, v, "true or false");
  }
  if (strcmp(v->value, "true") == 0) {
    *dst = 1;
  } else if (strcmp(v->value, "false") == 0) {
    *dst = 0;
  } else {
    return invalid(k, v, "true or false");
  }
  return 0;
}

static int meta_ibooks(kctx *k, const sheaf_ynode *v) {
  static const char *const locks[] = {"portrait-only", "landscape-only", "none", NULL};
  static const char *const axes[] = {"vertical", "horizontal", "default", NULL};
  if (v->kind != SHEAF_Y_MAP) {
    return bad(k, v, "a mapping (version, specified-fonts, ipad-orientation-lock, ...)");
  }
  const char *saved = k->key;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i + 1 < v->n; i += 2) {
    const sheaf_ynode *key = v->items[i];
    const sheaf_ynode *val = v->items[i + 1];
    k->key = key->value;
    if (strcmp(key->value, "version") == 0) {
      rc = set_string(k, val, &k->m->ibooks_version);
    } else if (strcmp(key->value, "specified-fonts") == 0) {
      rc = ibooks_bool(k, val, &k->m->ibooks_specified_fonts);
    } else if (strcmp(key->value, "binding") == 0) {
      rc = ibooks_bool(k, val, &k->m->ibooks_binding);
    } else if (strcmp(key->value, "ipad-orientation-lock") == 0) {
      rc = one_of(k, val, &k->m->ibooks_ipad_lock, locks, "portrait-only, landscape-only or none");
    } else if (strcmp(key->value, "iphone-orientation-lock") == 0) {
      rc =
          one_of(k, val, &k->m->ibooks_iphone_lock, locks, "portrait-only, landscape-only or none");
    } else if (strcmp(key->value, "scroll-axis") == 0) {
      rc = one_of(k, val, &k->m->ibooks_scroll_axis, axes, "vertical, horizontal or default");
    } else {
      sheaf_warn(k->diags, key->path, key->line, key->col, "unknown ibooks option '%s'; ignored",
                 key->value);
    }
  }
  k->key = saved;
  return rc;
}

static int skipped(const char *key, const char *const *skip) {
  for (size_t i = 0; skip && skip[i]; i++) {
    if (strcmp(key, skip[i]) == 0) {
      return 1;
    }
  }
  return 0;
}

int sheaf_meta_load(sheaf_meta *m, const sheaf_ynode *map, const char *const *skip,
                    sheaf_diags *diags, sheaf_error *err) {
  kctx k = {m, NULL, diags, err};
  for (size_t i = 0; map && i + 1 < map->n; i += 2) {
    const sheaf_ynode *key = map->items[i];
    const sheaf_ynode *val = map->items[i + 1];
    if (key->kind != SHEAF_Y_SCALAR) {
      return sheaf_fail(err, SHEAF_ER_META, key->path, key->line, key->col,
                        "metadata keys must be strings");
    }
    if (skipped(key->value, skip)) {
      continue;
    }
    size_t j = 0;
    while (j < sizeof meta_keys / sizeof *meta_keys && strcmp(meta_keys[j].name, key->value) != 0) {
      j++;
    }
    if (j == sizeof meta_keys / sizeof *meta_keys) {
      sheaf_warn(diags, key->path, key->line, key->col, "unknown metadata key '%s'; ignored",
                 key->value);
      continue;
    }
    k.key = key->value;
    if (meta_keys[j].fn(&k, val) != 0) {
      return -1;
    }
  }
  if (!m->lang) {
    m->lang = sheaf_xstrdup("en");
  }
  if (m->conforms_to && !m->certified_by) {
    const sheaf_pos *p = &m->conforms_pos;
    return sheaf_fail(err, SHEAF_ER_META, p->path, p->line, p->col,
                      "'conforms-to' needs 'certified-by' (who evaluated the book)");
  }
  return 0;
}

void sheaf_meta_merge(sheaf_ynode *dst, sheaf_ynode *src) {
  for (size_t i = 0; i + 1 < src->n; i += 2) {
    sheaf_ynode *key = src->items[i];
    sheaf_ymap_set(dst, key->value, src->items[i + 1], key->path, key->line, key->col);
    src->items[i + 1] = NULL;
  }
  sheaf_ynode_free(src);
}

int sheaf_meta_set_kv(sheaf_ynode *map, const char *kv, const char *path, sheaf_error *err) {
  const char *eq = strchr(kv, '=');
  size_t klen = eq ? (size_t)(eq - kv) : strlen(kv);
  if (klen == 0) {
    return sheaf_fail(err, SHEAF_ER_USAGE, path, 0, 0, "-M '%s': expected KEY=VALUE", kv);
  }
  char *key = sheaf_xstrndup(kv, klen);
  sheaf_ynode *val = sheaf_ynode_scalar(eq ? eq + 1 : "true", path, 0, 0);
  sheaf_ymap_set(map, key, val, path, 0, 0);
  free(key);
  return 0;
}
