/* check_cli.h -- `sheaf check`: reports in text or JSON
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_CLI_CHECK_H
#define SHEAF_CLI_CHECK_H

#include "args.h"

int cli_check(cli_request *req);

#endif
