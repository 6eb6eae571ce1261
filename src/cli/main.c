/* main.c -- the sheaf tool: argv into a request, the library does the work, exit codes out
 * SPDX-License-Identifier: MIT
 *
 * The tool sees only include/sheaf.h. It owns the process-wide set-up the library must not
 * do itself: libxml2's initialisation, reading SOURCE_DATE_EPOCH from the environment, and
 * the time zone. */
#include <errno.h>
#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "args.h"
#include "check_cli.h"
#include "sheaf.h"

static void print_diag(void *ud, const sheaf_diag *d) {
  (void)ud;
  const char *sev = d->severity == SHEAF_ERROR ? "error" : "warning";
  if (d->path[0] && d->line && d->col) {
    fprintf(stderr, "%s:%u:%u: %s: %s\n", d->path, d->line, d->col, sev, d->message);
  } else if (d->path[0] && d->line) {
    fprintf(stderr, "%s:%u: %s: %s\n", d->path, d->line, sev, d->message);
  } else if (d->path[0]) {
    fprintf(stderr, "%s: %s: %s\n", d->path, sev, d->message);
  } else {
    fprintf(stderr, "sheaf: %s: %s\n", sev, d->message);
  }
}

static int fail(const sheaf_error *err) {
  char msg[SHEAF_ERROR_PATH_MAX + SHEAF_ERROR_MESSAGE_MAX + 64];
  sheaf_error_format(err, msg, sizeof msg);
  fprintf(stderr, "%s%s\n", err->path[0] ? "" : "sheaf: ", msg);
  return 1;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since the epoch, or unset. */
static int source_date_epoch(long long *out) {
  const char *s = getenv("SOURCE_DATE_EPOCH");
  *out = -1;
  if (!s || !*s) {
    return 0;
  }
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || v < 0 || v > 253402300799LL) {
    fprintf(stderr, "sheaf: SOURCE_DATE_EPOCH must be a number of seconds since 1970, not '%s'\n",
            s);
    return 2;
  }
  *out = v;
  return 0;
}

static int write_stdout(sheaf_book *book) {
  unsigned char *data = NULL;
  size_t size = 0;
  sheaf_error err;
  if (sheaf_book_write_memory(book, &data, &size, &err) != 0) {
    return fail(&err);
  }
  int rc = fwrite(data, 1, size, stdout) == size && fflush(stdout) == 0 ? 0 : 1;
  if (rc) {
    fprintf(stderr, "sheaf: cannot write to standard output: %s\n", strerror(errno));
  }
  sheaf_free(data);
  return rc;
}

static int build(cli_request *req) {
  sheaf_options *o = &req->opts;
  int rc = source_date_epoch(&o->modified);
  if (rc) {
    return rc;
  }
  o->metadata = req->metadata;
  o->n_metadata = req->n_metadata;
  o->diag = print_diag;
  sheaf_error err;
  sheaf_error_init(&err);
  sheaf_book *book = sheaf_book_open(req->inputs, req->n_inputs, o, &err);
  if (!book) {
    return fail(&err);
  }
  if (req->output && strcmp(req->output, "-") == 0) {
    rc = write_stdout(book);
    sheaf_book_free(book);
    return rc;
  }
  char *name = req->output ? NULL : sheaf_book_file_name(book);
  const char *out = req->output ? req->output : name;
  if (sheaf_book_write(book, out, &err) != 0) {
    rc = fail(&err);
  } else if (!req->quiet) {
    struct stat st;
    long kb = stat(out, &st) == 0 ? (long)((st.st_size + 1023) / 1024) : 0;
    printf("sheaf: wrote %s (%ld KiB)\n", out, kb);
  }
  sheaf_free(name);
  sheaf_book_free(book);
  return rc;
}

int main(int argc, char **argv) {
  cli_request req;
  int rc = cli_parse(argc, argv, &req);
  if (rc != 0) {
    cli_request_free(&req);
    return rc;
  }
  /* Debian's libzip (1.7) turns every entry's DOS time stamp into a time_t through the local
   * time zone and back. sheaf stamps the fields of the time in UTC, so in UTC that round trip
   * is exact everywhere; in a zone with summer time a stamp in the skipped hour came out an
   * hour later, and the bytes depended on the builder's zone. UTC also spares glibc a look at
   * /etc/localtime for every entry written or read. Nothing sheaf prints is in local time. */
  setenv("TZ", "UTC0", 1);
  tzset();
  xmlInitParser();
  /* a full disk or a file-size limit is an error to report, not a signal to die of */
  signal(SIGXFSZ, SIG_IGN);
  switch (req.command) {
  case CLI_HELP:
    cli_help(req.help_for);
    break;
  case CLI_VERSION:
    printf("sheaf %s\n", sheaf_version_string());
    break;
  case CLI_BUILD:
    rc = build(&req);
    break;
  case CLI_CHECK:
    rc = cli_check(&req);
    break;
  default:
    rc = 2;
  }
  cli_request_free(&req);
  xmlCleanupParser();
  return rc;
}
