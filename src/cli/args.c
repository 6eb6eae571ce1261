/* args.c -- the command line: options into a request, and the help texts
 * SPDX-License-Identifier: MIT */
#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char main_help[] =
    "usage: sheaf COMMAND [OPTIONS] ...\n"
    "\n"
    "Turns Markdown articles and books into EPUB 3 ebooks.\n"
    "\n"
    "commands:\n"
    "  build INPUT...   build an EPUB from Markdown files or a book directory\n"
    "  check FILE...    check EPUB files for structural problems (fast; not EPUBCheck)\n"
    "\n"
    "options:\n"
    "  -h, --help       show this help (or `sheaf COMMAND --help`)\n"
    "  -V, --version    show the version\n"
    "\n"
    "exit status: 0 success, 1 the input cannot be built (or a check found errors),\n"
    "2 a usage error.\n";

static const char build_help[] =
    "usage: sheaf build INPUT... [-o OUT.epub] [-M KEY=VALUE]... [OPTIONS]\n"
    "\n"
    "INPUT is a book directory (holding book.yaml, or an mdBook SUMMARY.md) or one or more\n"
    "Markdown files (any extension), used as chapters in order; a file may start with a YAML\n"
    "front-matter block of metadata.\n"
    "\n"
    "  -o, --output FILE        where to write the EPUB (`-` for standard output); default: a\n"
    "                           name made from the title, in the current directory\n"
    "  -M, --metadata KEY=VALUE set or override a metadata key (repeatable)\n"
    "      --metadata-file FILE read metadata from a YAML file (before -M)\n"
    "      --css FILE           use this stylesheet instead of the default one\n"
    "      --cover FILE         use this image as the cover\n"
    "      --no-cover           do not generate a cover when none is given\n"
    "      --toc-depth N        heading levels in the table of contents, 1-6 (default 3)\n"
    "      --split-level N      start a new chapter file at headings of level N or above,\n"
    "                           0-6, 0 never (default 1)\n"
    "      --toc-page           add a visible table of contents page after the title page\n"
    "      --no-smart           keep quotes, dashes and ellipses as typed\n"
    "      --strict             treat every warning as an error\n"
    "      --templates DIR      read templates (page.xhtml, style.css, cover.svg) from DIR\n"
    "      --threads N          worker threads (default: one per core, none for a small book)\n"
    "  -q, --quiet              do not print where the book was written\n"
    "  -h, --help               show this help\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, fixes the modification date so that builds are\n"
    "byte-for-byte reproducible. Messages go to standard error as path:line:col: ...\n";

static const char check_help[] =
    "usage: sheaf check [--json] [--epubcheck] [--threads N] FILE.epub...\n"
    "\n"
    "A fast structural check of any EPUB: the container, the package document, the\n"
    "navigation and the content documents, reported with EPUBCheck's message ids. It is\n"
    "not a replacement for EPUBCheck, which validates against the full schemas.\n"
    "\n"
    "      --json        write a machine-readable report to standard output\n"
    "      --epubcheck   also run EPUBCheck (when installed) and merge its report\n"
    "      --threads N   threads reading the documents (default: one per core, none\n"
    "                    for a small EPUB); the report is the same whatever N\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 when no error was found, 1 when any was, 2 on a usage error.\n";

void cli_help(cli_command which) {
  fputs(which == CLI_BUILD ? build_help : which == CLI_CHECK ? check_help : main_help, stdout);
}

static int usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "sheaf: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nTry 'sheaf %s--help'.\n", cmd);
  va_end(ap);
  return 2;
}

static int parse_int(const char *cmd, const char *opt, const char *s, int lo, int hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || end == s || v < lo || v > hi) {
    return usage(cmd, "%s needs a number from %d to %d, not '%s'", opt, lo, hi, s);
  }
  *out = (int)v;
  return 0;
}

enum {
  OPT_METADATA_FILE = 256,
  OPT_CSS,
  OPT_COVER,
  OPT_NO_COVER,
  OPT_TOC_DEPTH,
  OPT_SPLIT_LEVEL,
  OPT_TOC_PAGE,
  OPT_NO_SMART,
  OPT_STRICT,
  OPT_TEMPLATES,
  OPT_THREADS,
  OPT_JSON,
  OPT_EPUBCHECK
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"metadata", required_argument, NULL, 'M'},
    {"metadata-file", required_argument, NULL, OPT_METADATA_FILE},
    {"css", required_argument, NULL, OPT_CSS},
    {"cover", required_argument, NULL, OPT_COVER},
    {"no-cover", no_argument, NULL, OPT_NO_COVER},
    {"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
    {"split-level", required_argument, NULL, OPT_SPLIT_LEVEL},
    {"toc-page", no_argument, NULL, OPT_TOC_PAGE},
    {"no-smart", no_argument, NULL, OPT_NO_SMART},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"templates", required_argument, NULL, OPT_TEMPLATES},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"quiet", no_argument, NULL, 'q'},
    {"json", no_argument, NULL, OPT_JSON},
    {"epubcheck", no_argument, NULL, OPT_EPUBCHECK},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Options that only one command takes. */
static int allowed(cli_command cmd, int opt) {
  if (opt == OPT_JSON || opt == OPT_EPUBCHECK) {
    return cmd == CLI_CHECK;
  }
  if (opt == 'h' || opt == 'V' || opt == 'q' || opt == OPT_THREADS) {
    return 1;
  }
  return cmd == CLI_BUILD;
}

static int apply_option(cli_request *r, int c, const char *cmd) {
  sheaf_options *o = &r->opts;
  int n = 0;
  switch (c) {
  case 'o':
    r->output = optarg;
    return 0;
  case 'M':
    r->metadata[r->n_metadata++] = optarg;
    return 0;
  case OPT_METADATA_FILE:
    o->metadata_file = optarg;
    return 0;
  case OPT_CSS:
    o->css_path = optarg;
    return 0;
  case OPT_COVER:
    o->cover_path = optarg;
    return 0;
  case OPT_NO_COVER:
    o->flags |= SHEAF_OPT_NO_COVER;
    return 0;
  case OPT_TOC_DEPTH:
    return parse_int(cmd, "--toc-depth", optarg, 1, 6, &o->toc_depth);
  case OPT_SPLIT_LEVEL:
    return parse_int(cmd, "--split-level", optarg, 0, 6, &o->split_level);
  case OPT_TOC_PAGE:
    o->flags |= SHEAF_OPT_TOC_PAGE;
    return 0;
  case OPT_NO_SMART:
    o->flags &= ~SHEAF_OPT_SMART;
    return 0;
  case OPT_STRICT:
    o->flags |= SHEAF_OPT_STRICT;
    return 0;
  case OPT_TEMPLATES:
    o->templates_dir = optarg;
    return 0;
  case OPT_THREADS:
    if (parse_int(cmd, "--threads", optarg, 1, 64, &n) != 0) {
      return 2;
    }
    o->threads = (unsigned)n;
    return 0;
  case 'q':
    r->quiet = 1;
    return 0;
  case OPT_JSON:
    r->json = 1;
    return 0;
  case OPT_EPUBCHECK:
    r->epubcheck = 1;
    return 0;
  default:
    return 2;
  }
}

static cli_command command_named(const char *s) {
  if (strcmp(s, "build") == 0) {
    return CLI_BUILD;
  }
  if (strcmp(s, "check") == 0) {
    return CLI_CHECK;
  }
  return CLI_NONE;
}

static int parse_command(int argc, char **argv, cli_request *r, const char *cmd) {
  r->metadata = calloc((size_t)argc, sizeof *r->metadata);
  r->inputs = calloc((size_t)argc, sizeof *r->inputs);
  if (!r->metadata || !r->inputs) {
    fprintf(stderr, "sheaf: out of memory\n");
    return 2;
  }
  opterr = 0;
  optind = 2;
  int c;
  while ((c = getopt_long(argc, argv, ":o:M:qhV", long_opts, NULL)) != -1) {
    const char *bad = argv[optind - 1];
    if (c == '?') {
      return usage(cmd, "unknown option '%s'", bad);
    }
    if (c == ':') {
      return usage(cmd, "option '%s' needs a value", bad);
    }
    if (c == 'h' || c == 'V') {
      r->help_for = r->command;
      r->command = c == 'h' ? CLI_HELP : CLI_VERSION;
      return 0;
    }
    if (!allowed(r->command, c)) {
      return usage(cmd, "option '%s' does not apply to this command", bad);
    }
    if (apply_option(r, c, cmd) != 0) {
      return 2;
    }
  }
  for (int i = optind; i < argc; i++) {
    r->inputs[r->n_inputs++] = argv[i];
  }
  if (r->n_inputs == 0) {
    return usage(cmd, "%s",
                 r->command == CLI_BUILD ? "no input: give a book directory or Markdown files"
                                         : "no EPUB file to check");
  }
  return 0;
}

int cli_parse(int argc, char **argv, cli_request *r) {
  memset(r, 0, sizeof *r);
  sheaf_options_init(&r->opts);
  if (argc < 2) {
    cli_help(CLI_NONE);
    return 2;
  }
  const char *a = argv[1];
  if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0) {
    r->command = CLI_HELP;
    r->help_for = argc > 2 ? command_named(argv[2]) : CLI_NONE;
    return 0;
  }
  if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
    r->command = CLI_VERSION;
    return 0;
  }
  r->command = command_named(a);
  if (r->command == CLI_NONE) {
    return usage("", "unknown %s '%s'", a[0] == '-' ? "option" : "command", a);
  }
  return parse_command(argc, argv, r, r->command == CLI_BUILD ? "build " : "check ");
}

void cli_request_free(cli_request *r) {
  free(r->metadata);
  free(r->inputs);
}
