/* test_url.c -- link destinations: schemes, splitting, encoding, path normalisation
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "harness.h"
#include "url.h"

typedef struct enc {
  const char *in;
  const char *out;
} enc;

static const enc encoded[] = {
    {"http://example.com/a b", "http://example.com/a%20b"},
    {"a%2zb", "a%252zb"},
    {"100%", "100%25"},
    {"ok%20fine", "ok%20fine"},
    {"café.html", "caf%C3%A9.html"},
    {"a&b", "a&amp;b"},
    {"x#y#z", "x#y%23z"},
    {"q\"uote<>", "q%22uote%3C%3E"},
    {NULL, NULL},
};

int main(void) {
  test_ctx t = {0, 0};
  INT_EQ(&t, sheaf_url_scheme("https://x"), 5, "https scheme");
  INT_EQ(&t, sheaf_url_scheme("mailto:a@b"), 6, "mailto scheme");
  INT_EQ(&t, sheaf_url_scheme("chapter.md"), 0, "relative path");
  INT_EQ(&t, sheaf_url_scheme("c:\\x"), 1, "one-letter scheme");
  INT_EQ(&t, sheaf_url_scheme("#frag"), 0, "fragment only");
  OK(&t, sheaf_url_unsafe("javascript:alert(1)"), "javascript: is unsafe");
  OK(&t, sheaf_url_unsafe("  JavaScript:x"), "case and leading spaces");
  OK(&t, sheaf_url_unsafe("file:///etc/passwd"), "file: is unsafe");
  OK(&t, sheaf_url_unsafe("data:text/html,x"), "data: is not packaged");
  OK(&t, !sheaf_url_unsafe("https://x"), "https is fine");

  sheaf_url_parts p;
  sheaf_url_split("dir/my%20file.md?x=1#Part%201", &p);
  STR_EQ(&t, p.path, "dir/my file.md", "path decoded");
  STR_EQ(&t, p.query, "x=1", "query");
  STR_EQ(&t, p.fragment, "Part 1", "fragment decoded");
  sheaf_url_parts_free(&p);
  sheaf_url_split("#only", &p);
  STR_EQ(&t, p.path, "", "fragment-only path");
  OK(&t, p.query == NULL, "no query");
  sheaf_url_parts_free(&p);

  for (const enc *e = encoded; e->in; e++) {
    sheaf_buf b = SHEAF_BUF_INIT;
    sheaf_url_put_attr(&b, e->in, strlen(e->in));
    STR_EQ(&t, b.ptr, e->out, e->in);
    sheaf_buf_free(&b);
  }

  char *n = sheaf_path_normalize("a/./b/../c.md");
  STR_EQ(&t, n, "a/c.md", "normalise . and ..");
  free(n);
  n = sheaf_path_normalize("../x.md");
  OK(&t, n == NULL, "climbing out is refused");
  free(n);
  return test_report(&t, "unit_url");
}
