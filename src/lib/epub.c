/* epub.c -- stage 5: writing the book (pass 2) into the container, atomically
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "book.h"
#include "chapter.h"
#include "lang.h"
#include "mem.h"
#include "ocf.h"
#include "package.h"
#include "render.h"
#include "resource.h"
#include "source.h"

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

/* ---- the package: TOC, landmarks and cover decisions ---- */

static void landmark(sheaf_package *pkg, const char *type, char *href, const char *label) {
  if (pkg->n_landmarks < sizeof pkg->landmarks / sizeof *pkg->landmarks) {
    pkg->landmarks[pkg->n_landmarks++] = (sheaf_landmark){type, href, label};
  } else {
    free(href);
  }
}

/* The epub:type a back-matter landmark takes: the part's own when it names a section kind. */
static const char *back_type(const char *t) {
  static const char *const ok[] = {"appendix", "afterword", "bibliography", "colophon",
                                   "glossary", "index",     "endnotes",     NULL};
  for (size_t i = 0; t && ok[i]; i++) {
    if (strcmp(t, ok[i]) == 0) {
      return ok[i];
    }
  }
  return "backmatter";
}

void sheaf_package_init(sheaf_package *pkg, const sheaf_book *b) {
  memset(pkg, 0, sizeof *pkg);
  pkg->book = b;
  sheaf_toc_build(b, &pkg->toc);
  const sheaf_lang *lang = sheaf_lang_find(b->meta.lang);
  for (size_t i = 0; i < b->n_res; i++) {
    if (b->res[i].cover) {
      pkg->has_cover_image = 1;
      pkg->has_cover_page = 1;
      pkg->cover_res = i;
    }
  }
  if (pkg->has_cover_page) {
    landmark(pkg, "cover", sheaf_xstrdup("text/cover.xhtml"), lang->cover);
  }
  landmark(pkg, "titlepage", sheaf_xstrdup("text/title-page.xhtml"), lang->title_page);
  landmark(pkg, "toc", sheaf_xstrdup("nav.xhtml#toc"), lang->contents);
  size_t body = 0;
  while (body < b->n_parts && b->sources[b->parts[body].src].matter != SHEAF_BODY) {
    body++;
  }
  landmark(pkg, "bodymatter", sheaf_part_href(b, body < b->n_parts ? body : 0), lang->start);
  for (size_t i = 0; i < b->n_parts; i++) {
    const sheaf_source *s = &b->sources[b->parts[i].src];
    if (s->matter == SHEAF_BACK) {
      landmark(pkg, back_type(s->epub_type), sheaf_part_href(b, i), b->parts[i].label);
      break;
    }
  }
}

void sheaf_package_fini(sheaf_package *pkg) {
  sheaf_toc_free(&pkg->toc);
  for (size_t i = 0; i < pkg->n_landmarks; i++) {
    free(pkg->landmarks[i].href);
  }
}
/* ---- lazy entries: chapters, documents and images are made as libzip writes them ---- */

typedef struct writer {
  const sheaf_book *book;
  const sheaf_package *pkg;
  sheaf_renderer *render;
} writer;

static int produce_part(void *ud, size_t part, sheaf_entry_data *out, sheaf_error *err) {
  writer *w = ud;
  return sheaf_renderer_take(w->render, part, out, err);
}

static int produce_resource(void *ud, size_t idx, sheaf_entry_data *out, sheaf_error *err) {
  writer *w = ud;
  return sheaf_resource_bytes(w->book, idx, &out->bytes, err);
}

/* Compressing JPEG, PNG, GIF or WebP again gains nothing: store them. */
static int worth_deflating(const char *type) {
  return strcmp(type, "image/svg+xml") == 0 || strncmp(type, "image/", 6) != 0;
}

typedef int (*page_fn)(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err);

static int nav_doc(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err) {
  (void)err;
  sheaf_nav_write(pkg, out);
  return 0;
}

static int title_doc(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err) {
  (void)err;
  sheaf_titlepage_write(pkg, out);
  return 0;
}

static int cover_doc(const sheaf_package *pkg, sheaf_buf *out, sheaf_error *err) {
  (void)err;
  sheaf_coverpage_write(pkg, out);
  return 0;
}

/* The documents made from the whole book, in the order they are written. */
static const struct {
  const char *name;
  page_fn fn;
} docs[] = {{"EPUB/package.opf", sheaf_opf_write},
            {"EPUB/nav.xhtml", nav_doc},
            {"EPUB/toc.ncx", sheaf_ncx_write},
            {"EPUB/text/cover.xhtml", cover_doc},
            {"EPUB/text/title-page.xhtml", title_doc}};

/* The package documents are made when libzip writes them, like chapters, so the large ones of
 * a long book (nav and NCX) are never in memory together. */
static int produce_doc(void *ud, size_t i, sheaf_entry_data *out, sheaf_error *err) {
  writer *w = ud;
  return docs[i].fn(w->pkg, &out->bytes, err);
}

static int add_entries(const sheaf_package *pkg, writer *w, sheaf_ocf *o, sheaf_error *err) {
  const sheaf_book *b = pkg->book;
  if (sheaf_ocf_add(o, "mimetype", "application/epub+zip", 20, 0, err) ||
      sheaf_ocf_add(o, "META-INF/container.xml", container_xml, sizeof container_xml - 1, 1, err)) {
    return -1;
  }
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
    if (docs[i].fn == cover_doc && !pkg->has_cover_page) {
      continue;
    }
    if (sheaf_ocf_add_lazy(o, docs[i].name, produce_doc, w, i, 1, err) != 0) {
      return -1;
    }
  }
  for (size_t i = 0; i < b->n_parts; i++) {
    char *name = sheaf_xasprintf("EPUB/text/%s.xhtml", b->parts[i].name);
    int rc = sheaf_ocf_add_lazy(o, name, produce_part, w, i, 1, err);
    free(name);
    if (rc != 0) {
      return -1;
    }
  }
  for (size_t i = 0; i < b->n_res; i++) {
    if (b->res[i].remote) {
      continue; /* declared in the manifest, fetched by the reading system */
    }
    char *name = sheaf_xasprintf("EPUB/%s", b->res[i].href);
    int rc =
        sheaf_ocf_add_lazy(o, name, produce_resource, w, i, worth_deflating(b->res[i].type), err);
    free(name);
    if (rc != 0) {
      return -1;
    }
  }
  return 0;
}

/* Fills and closes a container (into the file fd, or memory when fd is -1). Pass 2's findings
 * go to the book's diagnostics; under --strict one of them fails the build. */
static int write_container(sheaf_book *b, int fd, unsigned char **data, size_t *size,
                           sheaf_error *err) {
  if (!sheaf_ocf_stamp_exact(b->modified_epoch)) {
    sheaf_warn(&b->diags, NULL, 0, 0,
               "the time stamped on every entry (%s) is an hour the local time zone skips, "
               "which libzip moves an hour on: run with TZ=UTC for bytes that do not depend on "
               "the time zone",
               b->modified);
  }
  sheaf_ocf *o = sheaf_ocf_new(fd, b->modified_epoch, err);
  if (!o) {
    return -1;
  }
  sheaf_package pkg;
  sheaf_package_init(&pkg, b);
  writer w = {b, &pkg, sheaf_renderer_new(b, b->kept, &b->diags)};
  b->kept = NULL; /* the renderer's now: a second write reads and parses every source again */
  b->kept_bytes = 0;
  int rc = add_entries(&pkg, &w, o, err);
  if (rc == 0) {
    rc = sheaf_ocf_close(o, data, size, err);
    if (rc == 0 && sheaf_diags_check(&b->diags, err) != 0) {
      rc = -1;
      if (data) {
        free(*data);
        *data = NULL;
      }
    }
  } else {
    sheaf_ocf_discard(o);
  }
  sheaf_renderer_free(w.render);
  sheaf_package_fini(&pkg);
  return rc;
}

/* ---- the self-check: what sheaf wrote must pass its own check ---- */

typedef struct self_check {
  size_t n;
  char first[SHEAF_ERROR_MESSAGE_MAX];
} self_check;

static void on_problem(void *ud, const sheaf_check_msg *m) {
  self_check *s = ud;
  if (s->n++ == 0) {
    snprintf(s->first, sizeof s->first, "%s %s(%u): %s", m->id, m->path, m->line, m->message);
  }
}

static int self_checked(const sheaf_book *b, const char *path, const unsigned char *data,
                        size_t size, sheaf_error *err) {
  if (b->flags & SHEAF_OPT_NO_SELF_CHECK) {
    return 0;
  }
  self_check s = {0, ""};
  unsigned threads = b->threads; /* 0: the check's own default */
  int rc = path ? sheaf_check_file(path, on_problem, &s, NULL, threads, err)
                : sheaf_check_memory(data, size, on_problem, &s, NULL, threads, err);
  if (rc != 0) {
    return -1;
  }
  if (s.n) {
    return sheaf_fail(err, SHEAF_ER_INTERNAL, NULL, 0, 0,
                      "the EPUB sheaf wrote fails its own check (%zu problem%s; first: %s). This "
                      "is a bug in sheaf: please report it with the input. Nothing was written",
                      s.n, s.n == 1 ? "" : "s", s.first);
  }
  return 0;
}

/* ---- atomic output ---- */

/* Refuses an output path that is one of the book's inputs (same file, whatever its name). */
static int check_not_input(const sheaf_book *b, const char *path, sheaf_error *err) {
  struct stat out;
  if (stat(path, &out) != 0) {
    return 0;
  }
  for (size_t i = 0; i < b->n_inputs_real; i++) {
    struct stat in;
    if (stat(b->inputs_real[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      return sheaf_fail(err, SHEAF_ER_USAGE, path, 0, 0,
                        "the output would overwrite an input of the book; choose another name");
    }
  }
  if (S_ISDIR(out.st_mode)) {
    return sheaf_fail(err, SHEAF_ER_USAGE, path, 0, 0, "is a directory; give an .epub file name");
  }
  return 0;
}

/* Creates a fresh temporary file beside path (honouring the umask), returns its name and its
 * open descriptor in *fd. */
static char *create_temp(const char *path, int *fd, sheaf_error *err) {
  char *dir = sheaf_path_dir(path);
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  for (unsigned i = 0; i < 100; i++) {
    char *tmp = sheaf_xasprintf("%s/.%s.%ld-%u.tmp", dir, base, (long)getpid(), i);
    *fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (*fd >= 0) {
      free(dir);
      return tmp;
    }
    int e = errno;
    free(tmp);
    if (e != EEXIST) {
      errno = e;
      sheaf_fail_sys(err, path, "cannot create the output file");
      free(dir);
      return NULL;
    }
  }
  free(dir);
  sheaf_fail(err, SHEAF_ER_IO, path, 0, 0, "cannot create a temporary file beside the output");
  return NULL;
}

int sheaf_book_write(sheaf_book *b, const char *path, sheaf_error *err) {
  sheaf_error_init(err);
  if (check_not_input(b, path, err) != 0) {
    return -1;
  }
  int fd = -1;
  char *tmp = create_temp(path, &fd, err);
  if (!tmp) {
    return -1;
  }
  int rc = write_container(b, fd, NULL, NULL, err);
  if (close(fd) != 0 && rc == 0) {
    rc = sheaf_fail_sys(err, path, "cannot write the book");
  }
  if (rc == 0) {
    rc = self_checked(b, tmp, NULL, 0, err);
  }
  if (rc == 0 && rename(tmp, path) != 0) {
    rc = sheaf_fail_sys(err, path, "cannot move the finished book into place");
  }
  if (rc != 0) {
    unlink(tmp);
  }
  free(tmp);
  return rc;
}

int sheaf_book_write_memory(sheaf_book *b, unsigned char **data, size_t *size, sheaf_error *err) {
  sheaf_error_init(err);
  *data = NULL;
  *size = 0;
  if (write_container(b, -1, data, size, err) != 0) {
    return -1;
  }
  if (self_checked(b, NULL, *data, *size, err) != 0) {
    free(*data);
    *data = NULL;
    *size = 0;
    return -1;
  }
  return 0;
}
