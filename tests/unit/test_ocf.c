/* test_ocf.c -- the container: entry time stamps in any time zone, and the file writer
 * SPDX-License-Identifier: MIT
 *
 * The file sheaf_book_write makes goes through ocf.c's buffered libzip sink (writes gathered,
 * seeks answered from its own count); sheaf_book_write_memory goes through libzip's own memory
 * source. The two must hold the same bytes, for a small book and for one whose chapter is
 * larger than the sink's buffer. */
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "ocf.h"
#include "sheaf.h"

typedef struct stamp_row {
  const char *tz; /* POSIX rules, so that no zone files are needed */
  long long epoch;
  int exact;
} stamp_row;

/* 1710037800 is 2024-03-10T02:30:00Z: US Eastern skips 02:00-03:00 that night, Europe does not
 * (its change is on 2024-03-31 at 02:00, 1711852200 is 02:30 then) */
static const stamp_row stamps[] = {
    {"UTC0", 1710037800, 1},
    {"EST5EDT,M3.2.0,M11.1.0", 1710037800, 0},
    {"EST5EDT,M3.2.0,M11.1.0", 1700000000, 1},
    {"EST5EDT,M3.2.0,M11.1.0", 1710041400, 1}, /* 03:30, after the gap */
    {"CET-1CEST,M3.5.0,M10.5.0/3", 1710037800, 1},
    {"CET-1CEST,M3.5.0,M10.5.0/3", 1711852200, 0},
    {"CET-1CEST,M3.5.0,M10.5.0/3", 1729996200, 1}, /* 2024-10-27 02:30: an hour that repeats */
    {"UTC0", 0, 1},                                /* before 1980: the earliest DOS stamp */
    {NULL, 0, 0},
};

static void use_tz(const char *tz) {
  setenv("TZ", tz, 1);
  tzset();
}

static void test_stamps(test_ctx *t) {
  for (const stamp_row *r = stamps; r->tz; r++) {
    use_tz(r->tz);
    OK(t, sheaf_ocf_stamp_exact(r->epoch) == r->exact, "TZ=%s, %lld: exact should be %d", r->tz,
       r->epoch, r->exact);
  }
}

typedef struct seen {
  int zone_warnings;
  int others;
} seen;

static void on_diag(void *ud, const sheaf_diag *d) {
  seen *s = ud;
  if (strstr(d->message, "an hour the local time zone skips")) {
    s->zone_warnings++;
  } else {
    s->others++;
  }
}

static char *write_source(const char *dir, const char *name, size_t words) {
  size_t len = strlen(dir) + strlen(name) + 2;
  char *path = malloc(len);
  snprintf(path, len, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  fputs("---\ntitle: Stamps\nlang: en\n---\n\n# Stamps\n\n", f);
  uint32_t x = 12345; /* words that deflate poorly, so the chapter's stream is large */
  for (size_t i = 0; i < words; i++) {
    x = x * 1103515245u + 12345u;
    fprintf(f, "w%08x%s", (unsigned)x, i % 12 == 11 ? "\n\n" : " ");
  }
  fputs("\n", f);
  fclose(f);
  return path;
}

static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc(n > 0 ? (size_t)n : 1);
  *size = fread(data, 1, (size_t)n, f);
  fclose(f);
  return data;
}

/* Builds src with the given stamp, into a file and into memory; checks both hold the same
 * bytes and returns what the diagnostics said. */
static seen build_both(test_ctx *t, const char *dir, const char *src, long long epoch) {
  seen s = {0, 0};
  sheaf_options o;
  sheaf_options_init(&o);
  o.modified = epoch;
  o.diag = on_diag;
  o.diag_data = &s;
  sheaf_error err;
  sheaf_book *b = sheaf_book_open(&src, 1, &o, &err);
  OK(t, b != NULL, "open %s: %s", src, err.message);
  if (!b) {
    return s;
  }
  char out[4096];
  snprintf(out, sizeof out, "%s/out.epub", dir);
  OK(t, sheaf_book_write(b, out, &err) == 0, "write %s: %s", out, err.message);
  unsigned char *mem = NULL;
  size_t mem_size = 0;
  OK(t, sheaf_book_write_memory(b, &mem, &mem_size, &err) == 0, "write to memory: %s", err.message);
  size_t file_size = 0;
  unsigned char *file = read_file(out, &file_size);
  OK(t, file && mem && file_size == mem_size && memcmp(file, mem, mem_size) == 0,
     "%s: the file (%zu bytes) and the memory copy (%zu bytes) differ", src, file_size, mem_size);
  free(file);
  sheaf_free(mem);
  sheaf_book_free(b);
  remove(out);
  return s;
}

static void test_writer(test_ctx *t, const char *dir) {
  char *small = write_source(dir, "small.md", 200);
  char *large = write_source(dir, "large.md", 120000); /* about 1.3 MB; > 512 KiB deflated */

  use_tz("EST5EDT,M3.2.0,M11.1.0");
  seen s = build_both(t, dir, small, 1710037800);
  INT_EQ(t, s.zone_warnings, 2, "a stamp in the skipped hour: one warning a write");
  s = build_both(t, dir, small, 1700000000);
  INT_EQ(t, s.zone_warnings, 0, "an ordinary stamp: no warning");
  INT_EQ(t, s.others, 0, "no other diagnostics");
  use_tz("UTC0");
  s = build_both(t, dir, small, 1710037800);
  INT_EQ(t, s.zone_warnings, 0, "in UTC every stamp is exact");
  s = build_both(t, dir, large, 1700000000);
  INT_EQ(t, s.others, 0, "large book: no diagnostics");

  remove(small);
  remove(large);
  free(small);
  free(large);
}

int main(void) {
  test_ctx t = {0, 0};
  xmlInitParser();
  char dir[] = "/tmp/sheaf-test-ocf-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  test_stamps(&t);
  test_writer(&t, dir);
  rmdir(dir);
  xmlCleanupParser();
  return test_report(&t, "test_ocf");
}
