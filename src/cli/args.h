/* args.h -- the command line: options into a request, and the help texts
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_CLI_ARGS_H
#define SHEAF_CLI_ARGS_H

#include <stddef.h>

#include "sheaf.h"

typedef enum cli_command { CLI_NONE, CLI_BUILD, CLI_CHECK, CLI_HELP, CLI_VERSION } cli_command;

typedef struct cli_request {
  cli_command command;
  cli_command help_for; /* with CLI_HELP: which command's help */
  sheaf_options opts;
  const char **inputs; /* borrowed from argv */
  size_t n_inputs;
  const char **metadata; /* -M values, borrowed from argv */
  size_t n_metadata;
  const char *output; /* -o, or NULL */
  int quiet;
  int json;      /* check --json */
  int epubcheck; /* check --epubcheck */
} cli_request;

/* Parses argv into req (its arrays are allocated; free with cli_request_free). Returns 0, or
 * 2 after printing a usage error. */
int cli_parse(int argc, char **argv, cli_request *req);
void cli_request_free(cli_request *req);
void cli_help(cli_command which);

#endif
