/* test_url.c -- link destinations: schemes, splitting, encoding, external URLs, paths
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

/* External URLs: the attribute value written, or NULL when refused. Every value written here
 * was checked with EPUBCheck 4.2.6 (no message); every refused input draws RSC-020, RSC-023
 * or HTM-025 when written as it is (or is unsafe, or read differently by browsers). */
static const enc external[] = {
    /* international hosts become punycode; paths, queries and fragments are encoded */
    {"http://münchen.example/", "http://xn--mnchen-3ya.example/"},
    {"http://MÜNCHEN.example/path", "http://xn--mnchen-3ya.example/path"},
    {"http://m%C3%BCnchen.example/", "http://xn--mnchen-3ya.example/"},
    {"https://例え.jp/パス", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"},
    {"https://bücher.example/straße?q=ü#ä",
     "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC#%C3%A4"},
    /* UTS #46 as browsers apply it: a symbol is a valid label, punycode like any other */
    {"https://☺.example/", "https://xn--74h.example/"},
    /* refused by UTS #46: a label mixing left-to-right and right-to-left letters (bidi rule),
     * a joiner outside the contexts that allow it, a hyphen ending a label, an empty label,
     * and a host longer than DNS allows */
    {"https://aא.example/", NULL},
    {"https://a\u200Db.example/", NULL},
    {"https://ü-.example/", NULL},
    {"https://ü..example/", NULL},
    {"https://"
     "ü.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/",
     NULL},
    {"https://xn--mnchen-3ya.example/", "https://xn--mnchen-3ya.example/"},
    /* repaired as browsers read them */
    {"http://example.com\\path", "http://example.com/path"},
    {"http://example.com\\a\\b?x\\y#z\\w", "http://example.com/a/b?x%5Cy#z%5Cw"},
    {"http://example.com/\\[\\", "http://example.com//%5B/"},
    {"http:/x", "http://x"},
    {"https:x", "https://x"},
    {"//example.com/page", "https://example.com/page"},
    {"//example.com", "https://example.com"},
    {"https://ex%61mple.com/", "https://example.com/"},
    {"  https://example.com/trim  ", "https://example.com/trim"},
    {"https://exa\tmple.com/t\nab", "https://example.com/tab"},
    {"https://a@b@example.com/", "https://a%40b@example.com/"},
    {"https://user:pa ss@example.com/", "https://user:pa%20ss@example.com/"},
    /* characters java.net.URI refuses are encoded */
    {"https://example.com/a b?q=1#frag", "https://example.com/a%20b?q=1#frag"},
    {"https://example.com/path/{id}/x|y^z`", "https://example.com/path/%7Bid%7D/x%7Cy%5Ez%60"},
    {"https://example.com/#a#b", "https://example.com/#a%23b"},
    {"https://example.com/100%", "https://example.com/100%25"},
    {"https://example.com/%zz", "https://example.com/%25zz"},
    {"https://example.com/ümlaut ü", "https://example.com/%C3%BCmlaut%20%C3%BC"},
    {"https://example.com/<script>", "https://example.com/%3Cscript%3E"},
    {"https://example.com/path?q=\"x\"&y=<z>", "https://example.com/path?q=%22x%22&amp;y=%3Cz%3E"},
    {"https://en.wikipedia.org/wiki/Café", "https://en.wikipedia.org/wiki/Caf%C3%A9"},
    {"mailto:someone@example.com?subject=Hello World&body=Hi",
     "mailto:someone@example.com?subject=Hello%20World&amp;body=Hi"},
    {"mailto:a\"b@example.com", "mailto:a%22b@example.com"},
    {"tel:+1 (555) 123-4567", "tel:+1%20(555)%20123-4567"},
    /* valid URLs are kept as written */
    {"mailto:a@b.example", "mailto:a@b.example"},
    {"tel:+39-06-1234", "tel:+39-06-1234"},
    {"https://user@example.com:8080/p?q#f", "https://user@example.com:8080/p?q#f"},
    {"https://[::1]:80/", "https://[::1]:80/"},
    {"https://[::ffff:192.0.2.1]/", "https://[::ffff:192.0.2.1]/"},
    {"http://EXAMPLE.com/", "http://EXAMPLE.com/"},
    {"HTTPS://Example.COM/Path?Q=1", "HTTPS://Example.COM/Path?Q=1"},
    {"https://en.wikipedia.org/wiki/Caf%C3%A9_(disambiguation)",
     "https://en.wikipedia.org/wiki/Caf%C3%A9_(disambiguation)"},
    {"https://www.google.com/search?q=epub+check&hl=en",
     "https://www.google.com/search?q=epub+check&amp;hl=en"},
    {"https://example.com/?a[]=1", "https://example.com/?a[]=1"},
    {"https://example.com/%41%42", "https://example.com/%41%42"},
    {"https://my_host.example.com/", "https://my_host.example.com/"},
    {"https://example.com./", "https://example.com./"},
    {"https://1.2.3.4/", "https://1.2.3.4/"},
    {"https://localhost:3000/", "https://localhost:3000/"},
    {"https://example.com:/", "https://example.com:/"},
    {"https://example.com:65535/", "https://example.com:65535/"},
    {"https://@example.com/", "https://@example.com/"},
    {"http://example.com#frag", "http://example.com#frag"},
    {"ftp://user:pass@ftp.example.org:21/", "ftp://user:pass@ftp.example.org:21/"},
    {"urn:isbn:0451450523", "urn:isbn:0451450523"},
    {"news:comp.lang.c", "news:comp.lang.c"},
    {"irc://irc.libera.chat/#channel", "irc://irc.libera.chat/#channel"},
    {"sip:alice@atlanta.example.com;transport=tcp", "sip:alice@atlanta.example.com;transport=tcp"},
    {"ldap://[2001:db8::7]/c=GB?objectClass?one", "ldap://[2001:db8::7]/c=GB?objectClass?one"},
    {"telnet://192.0.2.16:80/", "telnet://192.0.2.16:80/"},
    {"nntp:///path", "nntp:///path"},
    {"IRIS.BEEP:x", "IRIS.BEEP:x"},
    {"z39.50r://host/", "z39.50r://host/"},
    /* hosts and ports that cannot be made valid */
    {"http://example.com\"t\"", NULL},
    {"http://foo.bar.`baz", NULL},
    {"http://exa mple.com/", NULL},
    {"http://example.com:abc/", NULL},
    {"http://example.com:80:80/", NULL},
    {"https://example.com:65536/", NULL},
    {"http://../", NULL},
    {"https://ex%zzample.com/", NULL},
    {"http://ex%00ample.com/", NULL},
    {"https://-bad.example.com/", NULL},
    {"https://bad-.example.com/", NULL},
    {"https://a..b/", NULL},
    {"https://example.123/", NULL},
    {"https://1.2.3.999/", NULL},
    {"https://010.0.0.1/", NULL},
    {"https://0x7f.1/", NULL},
    {"https://123/", NULL},
    {"https://[2001:db8::7]x/", NULL},
    {"https://[v1.fe]/", NULL},
    {"https://user@/", NULL},
    {"nntp://exa mple/", NULL},
    {"news://news.example.com:abc/", NULL},
    /* nothing after the scheme (RSC-020) */
    {"http:", NULL},
    {"http://", NULL},
    {"http://[::1/path", NULL},
    {"mailto:", NULL},
    {"mailto:#x", NULL},
    {"nntp://", NULL},
    /* schemes EPUBCheck does not know (HTM-025), unsafe ones, relative references */
    {"ab:", NULL},
    {"sms:+15551234", NULL},
    {"about:blank", NULL},
    {"chrome://settings", NULL},
    {"a+b+c:d", NULL},
    {"made-up-scheme:x", NULL},
    {"localhost:5001/foo", NULL},
    {"c:\\path\\file.txt", NULL},
    {"javascript:alert(1)", NULL},
    {"data:text/plain,hi", NULL},
    {"file:///etc/passwd", NULL},
    {"chapter.md", NULL},
    {"", NULL},
};

static void test_external(test_ctx *t) {
  for (size_t i = 0; i < sizeof external / sizeof *external; i++) {
    const enc *e = &external[i];
    sheaf_buf b = SHEAF_BUF_INIT;
    sheaf_buf_puts(&b, "<");
    const char *why = NULL;
    int rc = sheaf_url_external(e->in, &b, &why);
    if (e->out) {
      INT_EQ(t, rc, 0, e->in);
      STR_EQ(t, b.ptr + 1, e->out, e->in);
    } else {
      INT_EQ(t, rc, -1, e->in);
      OK(t, why && *why, "%s: a reason is given", e->in);
      INT_EQ(t, b.len, 1, e->in); /* nothing appended */
    }
    sheaf_buf_free(&b);
  }
  sheaf_buf b = SHEAF_BUF_INIT;
  OK(t, sheaf_url_external("sms:1", &b, NULL) == -1 && b.len == 0, "why may be NULL");
  sheaf_buf_free(&b);
}

static void test_schemes(test_ctx *t) {
  OK(t, sheaf_url_scheme_known("https://x"), "https is registered");
  OK(t, sheaf_url_scheme_known("MAILTO:a@b"), "case does not matter");
  OK(t, sheaf_url_scheme_known("iris.beep:x"), "dotted scheme");
  OK(t, sheaf_url_scheme_known("aaa:x") && sheaf_url_scheme_known("z39.50s:x"), "table ends");
  OK(t, !sheaf_url_scheme_known("sms:1"), "sms is not registered");
  OK(t, !sheaf_url_scheme_known("ws://x"), "ws is not registered");
  OK(t, !sheaf_url_scheme_known("chapter.md"), "no scheme");
  OK(t, !sheaf_url_scheme_known("iris_beep:x"), "no '_' in schemes");
}

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

  test_external(&t);
  test_schemes(&t);

  char *n = sheaf_path_normalize("a/./b/../c.md");
  STR_EQ(&t, n, "a/c.md", "normalise . and ..");
  free(n);
  n = sheaf_path_normalize("../x.md");
  OK(&t, n == NULL, "climbing out is refused");
  free(n);
  return test_report(&t, "unit_url");
}
