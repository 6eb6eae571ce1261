/* meta.h -- stage 2: metadata from YAML, checked and normalised
 * SPDX-License-Identifier: MIT
 *
 * Metadata arrives as YAML maps from several sources (front matter, book.yaml,
 * --metadata-file, -M), merged key by key with later sources winning. sheaf_meta_load
 * interprets the merged map: each key follows pandoc's EPUB metadata names, each value is
 * checked (language tags, dates, ISBNs, UUIDs, relator codes), and every error points at the
 * YAML that caused it. */
#ifndef SHEAF_META_H
#define SHEAF_META_H

#include <stddef.h>

#include "error.h"
#include "yamltree.h"

typedef struct sheaf_pos {
  const char *path; /* borrowed from the book's string pool */
  unsigned line;
  unsigned col;
} sheaf_pos;

typedef struct sheaf_meta_title {
  char *text;
  char *type; /* main, subtitle, short, collection, edition, expanded */
  char *file_as;
} sheaf_meta_title;

typedef struct sheaf_meta_person {
  char *name;
  char *role; /* MARC relator code or NULL */
  char *file_as;
} sheaf_meta_person;

typedef struct sheaf_meta_ident {
  char *value;  /* as written in dc:identifier, e.g. "urn:isbn:9780306406157" */
  char *scheme; /* ISBN-10, ISBN-13, DOI, UUID, URN... or NULL */
} sheaf_meta_ident;

typedef struct sheaf_meta_subject {
  char *term;
  char *authority;
  char *code;
} sheaf_meta_subject;

typedef struct sheaf_strlist {
  char **v;
  size_t n;
} sheaf_strlist;

typedef struct sheaf_meta {
  sheaf_meta_title *titles; /* titles[0] is the main title */
  size_t n_titles;
  sheaf_meta_person *creators;
  size_t n_creators;
  sheaf_meta_person *contributors;
  size_t n_contributors;
  sheaf_meta_ident *idents;
  size_t n_idents;
  sheaf_meta_subject *subjects;
  size_t n_subjects;
  char *lang; /* BCP 47; "en" when none given */
  int lang_given;
  char *date;
  char *publisher;
  char *rights;
  char *description;
  char *source;
  char *collection;
  char *group_position;
  char *toc_title;
  char *ppd; /* page-progression-direction: NULL, "ltr" or "rtl" */
  char *dir; /* text direction: NULL (from language), "ltr" or "rtl" */
  char *cover_image;
  sheaf_pos cover_pos;
  sheaf_strlist css;
  sheaf_pos *css_pos;
  /* ibooks display options */
  char *ibooks_version;
  int ibooks_specified_fonts; /* -1 unset, 0/1 */
  int ibooks_binding;
  char *ibooks_ipad_lock;
  char *ibooks_iphone_lock;
  char *ibooks_scroll_axis;
  /* accessibility overrides (empty lists mean "derive from the book") */
  sheaf_strlist access_modes;
  sheaf_strlist access_mode_sufficient;
  sheaf_strlist a11y_features;
  sheaf_strlist a11y_hazards;
  char *a11y_summary;
  char *conforms_to;
  sheaf_pos conforms_pos;
  char *certified_by;
  char *certifier_credential;
  char *certifier_report;
} sheaf_meta;

void sheaf_meta_init(sheaf_meta *m);
void sheaf_meta_fini(sheaf_meta *m);

/* Interprets `map` (a merged metadata mapping). Keys it does not know are warned about.
 * Keys in `skip` (NULL-terminated, may be NULL) belong to the caller and are ignored.
 * Returns 0 or -1 with err at the offending YAML node. */
int sheaf_meta_load(sheaf_meta *m, const sheaf_ynode *map, const char *const *skip,
                    sheaf_diags *diags, sheaf_error *err);

/* Merges `src` into `dst` (both maps): each key of src replaces dst's. Takes src. */
void sheaf_meta_merge(sheaf_ynode *dst, sheaf_ynode *src);

/* Adds "KEY=VALUE" (pandoc's -M) to map; a bare KEY means true. path names the source. */
int sheaf_meta_set_kv(sheaf_ynode *map, const char *kv, const char *path, sheaf_error *err);

/* Validators, exposed for tests. Each returns 1 when valid. */
int sheaf_valid_lang(const char *tag);
int sheaf_valid_date(const char *date);
int sheaf_valid_isbn(const char *isbn); /* ISBN-10 or -13, hyphens and spaces allowed */
int sheaf_valid_uuid(const char *uuid);
int sheaf_valid_relator(const char *code);
/* True when the language tag is written right to left (ar, he, fa, ur... or an RTL script). */
int sheaf_lang_is_rtl(const char *tag);

#endif
