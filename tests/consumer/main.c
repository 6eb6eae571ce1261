/* main.c -- renders a heading through an installed libsheaf
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <sheaf.h>

int main(void) {
  sheaf_error err;
  const char *md = "# Hello *installed* sheaf\n";
  char *xhtml = sheaf_markdown_to_xhtml(md, strlen(md), NULL, "en", NULL, NULL, &err);
  if (!xhtml || strcmp(xhtml, "<h1 id=\"hello-installed-sheaf\">Hello <em>installed</em> "
                              "sheaf</h1>\n") != 0) {
    fprintf(stderr, "unexpected output: %s\n", xhtml ? xhtml : err.message);
    return 1;
  }
  printf("consumer: libsheaf %s works\n", sheaf_version_string());
  sheaf_free(xhtml);
  return 0;
}
