/* test_meta.c -- metadata validators, as tables of values and verdicts
 * SPDX-License-Identifier: MIT */
#include "harness.h"
#include "meta.h"

typedef struct verdict {
  const char *value;
  int valid;
} verdict;

static void table(test_ctx *t, const char *what, int (*fn)(const char *), const verdict *v) {
  for (; v->value; v++) {
    OK(t, fn(v->value) == v->valid, "%s('%s') should be %s", what, v->value,
       v->valid ? "valid" : "invalid");
  }
}

static const verdict langs[] = {
    {"it", 1},     {"en-GB", 1},      {"zh-Hant", 1},         {"zh-Hant-TW", 1},  {"sr-Latn-RS", 1},
    {"es-419", 1}, {"de-CH-1996", 1}, {"x-private", 1},       {"en-x-custom", 1}, {"ar", 1},
    {"", 0},       {"e", 0},          {"english!", 0},        {"en-", 0},         {"en--GB", 0},
    {"123", 0},    {"en_GB", 0},      {"toolonglanguage", 0}, {NULL, 0},
};

static const verdict dates[] = {
    {"2024", 1},
    {"2024-02", 1},
    {"2024-02-29", 1},
    {"2023-02-28", 1},
    {"2024-01-01T10:20Z", 1},
    {"2024-01-01T10:20:30Z", 1},
    {"2024-01-01T10:20:30.5+01:00", 1},
    {"2023-02-29", 0},
    {"2024-13-01", 0},
    {"2024-00-10", 0},
    {"24-01-01", 0},
    {"2024/01/01", 0},
    {"January 2024", 0},
    {"2024-01-01T25:00Z", 0},
    {"2024-01-01T10:20", 0},
    {NULL, 0},
};

static const verdict isbns[] = {
    {"9780306406157", 1}, {"978-0-306-40615-7", 1},
    {"0306406152", 1},    {"0-8044-2957-X", 1},
    {"9780306406158", 0}, {"0306406153", 0},
    {"12345", 0},         {"978030640615X", 0},
    {"1234567890123", 0}, {NULL, 0},
};

static const verdict uuids[] = {
    {"123e4567-e89b-12d3-a456-426614174000", 1}, {"123E4567-E89B-12D3-A456-426614174000", 1},
    {"123e4567e89b12d3a456426614174000", 0},     {"123e4567-e89b-12d3-a456-42661417400", 0},
    {"g23e4567-e89b-12d3-a456-426614174000", 0}, {NULL, 0},
};

static const verdict relators[] = {
    {"aut", 1}, {"edt", 1}, {"trl", 1},    {"ill", 1}, {"wst", 1}, {"abr", 1},
    {"AUT", 0}, {"xyz", 0}, {"author", 0}, {"", 0},    {NULL, 0},
};

static const verdict rtl[] = {
    {"ar", 1}, {"he", 1}, {"fa-IR", 1}, {"ur", 1}, {"az-Arab", 1}, {"ku-Latn", 0},
    {"en", 0}, {"it", 0}, {"arn", 0},   {"ja", 0}, {NULL, 0},
};

int main(void) {
  test_ctx t = {0, 0};
  table(&t, "lang", sheaf_valid_lang, langs);
  table(&t, "date", sheaf_valid_date, dates);
  table(&t, "isbn", sheaf_valid_isbn, isbns);
  table(&t, "uuid", sheaf_valid_uuid, uuids);
  table(&t, "relator", sheaf_valid_relator, relators);
  table(&t, "rtl", sheaf_lang_is_rtl, rtl);
  return test_report(&t, "unit_meta");
}
