/* test_utf8.c -- decoding, scanning for what XML forbids, positions, escaping
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "buf.h"
#include "harness.h"
#include "utf8.h"

typedef struct scan_case {
  const char *text;
  size_t len;
  sheaf_text_issue issue;
  size_t at;
} scan_case;

static const scan_case scans[] = {
    {"plain ascii", 11, SHEAF_TEXT_OK, 0},
    {"caf\xC3\xA9 \xE2\x80\x99", 9, SHEAF_TEXT_OK, 0},
    {"bad \xE9 latin1", 12, SHEAF_TEXT_BAD_UTF8, 4},
    {"overlong \xC0\xAF", 11, SHEAF_TEXT_BAD_UTF8, 9},
    {"surrogate \xED\xA0\x80", 13, SHEAF_TEXT_BAD_UTF8, 10},
    {"truncated \xE2\x80", 12, SHEAF_TEXT_BAD_UTF8, 10},
    {"nul\0byte", 8, SHEAF_TEXT_NUL, 3},
    {"form\x0C"
     "feed",
     9, SHEAF_TEXT_CONTROL, 4},
    {"nonchar \xEF\xBF\xBF", 11, SHEAF_TEXT_CONTROL, 8},
    {"tab\tand\r\nnewline", 16, SHEAF_TEXT_OK, 0},
};

int main(void) {
  test_ctx t = {0, 0};
  for (size_t i = 0; i < sizeof scans / sizeof *scans; i++) {
    size_t at = 0;
    sheaf_text_issue got = sheaf_text_scan(scans[i].text, scans[i].len, &at);
    INT_EQ(&t, got, scans[i].issue, scans[i].text);
    if (got != SHEAF_TEXT_OK) {
      INT_EQ(&t, at, scans[i].at, "offset");
    }
  }
  unsigned line;
  unsigned col;
  sheaf_text_position("ab\nc\xC3\xA9"
                      "d",
                      6, &line, &col);
  INT_EQ(&t, line, 2, "line");
  INT_EQ(&t, col, 3, "column counts characters, not bytes");

  char strip[] = "a\x01"
                 "b\x0C"
                 "c\xEF\xBF\xBE"
                 "d";
  size_t n = sheaf_text_strip_controls(strip, sizeof strip - 1);
  strip[n] = '\0';
  STR_EQ(&t, strip, "abcd", "controls stripped");

  sheaf_buf b = SHEAF_BUF_INIT;
  sheaf_buf_put_text(&b, "<a & \x01 b>\r\n", 11);
  STR_EQ(&t, b.ptr, "&lt;a &amp; \xEF\xBF\xBD b&gt;\n", "text escaping");
  sheaf_buf_clear(&b);
  sheaf_buf_put_attr(&b, "say \"hi\"\n", 9);
  STR_EQ(&t, b.ptr, "say &quot;hi&quot;&#10;", "attribute escaping");
  sheaf_buf_free(&b);
  return test_report(&t, "unit_utf8");
}
