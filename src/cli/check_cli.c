/* check_cli.c -- `sheaf check`: reports in text or JSON
 * SPDX-License-Identifier: MIT */
#include "check_cli.h"

#include <stdio.h>

int cli_check(cli_request *req) {
  (void)req;
  fprintf(stderr, "sheaf: check is not available yet\n");
  return 2;
}
