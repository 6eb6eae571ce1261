/* meta_check.c -- validators for metadata values: BCP 47, W3CDTF, ISBN, UUID, MARC relators
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

static int all_of(const char *s, size_t n, int (*pred)(int)) {
  for (size_t i = 0; i < n; i++) {
    if (!pred((unsigned char)s[i])) {
      return 0;
    }
  }
  return 1;
}

/* Splits a tag into subtags; returns their count (at most max), storing starts and lengths. */
static size_t subtags(const char *tag, const char **start, size_t *len, size_t max) {
  size_t n = 0;
  const char *p = tag;
  while (n < max) {
    const char *dash = strchr(p, '-');
    size_t l = dash ? (size_t)(dash - p) : strlen(p);
    start[n] = p;
    len[n++] = l;
    if (!dash) {
      break;
    }
    p = dash + 1;
  }
  return n;
}

/* The subtags of an extension or private use, from index i on: at least one, each of 1 to 8
 * letters and digits. */
static int valid_extension(const char **s, const size_t *l, size_t n, size_t i) {
  if (i >= n) {
    return 0;
  }
  for (; i < n; i++) {
    if (l[i] < 1 || l[i] > 8 || !all_of(s[i], l[i], isalnum)) {
      return 0;
    }
  }
  return 1;
}

/* Where a tag stands after subtag s (of length l) when it may follow `stage`, else -1.
 * Stages: 0 extlang (three letters, tolerated up to three times), 2 after a script (four
 * letters), 3 after a region (two letters or three digits) or a variant (five to eight
 * characters, or four starting with a digit). */
static int next_stage(const char *s, size_t l, int stage) {
  int alpha = all_of(s, l, isalpha);
  if (stage == 0 && l == 3 && alpha) {
    return 0;
  }
  if (stage <= 1 && l == 4 && alpha) {
    return 2;
  }
  int region = (l == 2 && alpha) || (l == 3 && all_of(s, 3, isdigit));
  int variant = l >= 5 || (l == 4 && isdigit((unsigned char)s[0]));
  return (stage <= 2 && region) || variant ? 3 : -1;
}

/* Checks the subtags after the primary language: extlang, script, region, variants,
 * extensions and private use, in the order RFC 5646 allows. */
static int valid_lang_rest(const char **s, const size_t *l, size_t n, size_t i) {
  int stage = 0;
  for (; i < n; i++) {
    if (l[i] == 0 || l[i] > 8 || !all_of(s[i], l[i], isalnum)) {
      return 0;
    }
    if (l[i] == 1) { /* extension or private use: the rest are its subtags */
      return valid_extension(s, l, n, i + 1);
    }
    stage = next_stage(s[i], l[i], stage);
    if (stage < 0) {
      return 0;
    }
  }
  return 1;
}

int sheaf_valid_lang(const char *tag) {
  const char *s[32];
  size_t l[32];
  if (!tag || !*tag || strlen(tag) > 80 || tag[strlen(tag) - 1] == '-' || strstr(tag, "--")) {
    return 0;
  }
  size_t n = subtags(tag, s, l, 32);
  if ((l[0] == 1 && (s[0][0] == 'x' || s[0][0] == 'X')) || (l[0] == 1 && s[0][0] == 'i')) {
    return n > 1 && valid_lang_rest(s, l, n, 0);
  }
  if (l[0] < 2 || l[0] > 8 || !all_of(s[0], l[0], isalpha)) {
    return 0;
  }
  return valid_lang_rest(s, l, n, 1);
}

static int digits(const char *s, size_t n) {
  return all_of(s, n, isdigit);
}

static int num(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

static int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

/* The time part of a W3CDTF date: hh:mm[:ss[.s+]] then Z or +hh:mm / -hh:mm. */
static int valid_time(const char *t) {
  size_t n = strlen(t);
  if (n < 6 || !digits(t, 2) || t[2] != ':' || !digits(t + 3, 2) || num(t, 2) > 23 ||
      num(t + 3, 2) > 59) {
    return 0;
  }
  t += 5;
  if (t[0] == ':') {
    if (!digits(t + 1, 2) || num(t + 1, 2) > 59) {
      return 0;
    }
    t += 3;
    if (t[0] == '.') {
      size_t k = 1;
      while (isdigit((unsigned char)t[k])) {
        k++;
      }
      if (k == 1) {
        return 0;
      }
      t += k;
    }
  }
  if (strcmp(t, "Z") == 0) {
    return 1;
  }
  return (t[0] == '+' || t[0] == '-') && strlen(t) == 6 && digits(t + 1, 2) && t[3] == ':' &&
         digits(t + 4, 2) && num(t + 1, 2) <= 23 && num(t + 4, 2) <= 59;
}

int sheaf_valid_date(const char *d) {
  size_t n = strlen(d);
  if (n < 4 || !digits(d, 4)) {
    return 0;
  }
  if (n == 4) {
    return 1;
  }
  if (d[4] != '-' || n < 7 || !digits(d + 5, 2)) {
    return 0;
  }
  int y = num(d, 4);
  int m = num(d + 5, 2);
  if (m < 1 || m > 12) {
    return 0;
  }
  if (n == 7) {
    return 1;
  }
  if (d[7] != '-' || n < 10 || !digits(d + 8, 2)) {
    return 0;
  }
  int day = num(d + 8, 2);
  if (day < 1 || day > days_in_month(y, m)) {
    return 0;
  }
  if (n == 10) {
    return 1;
  }
  return d[10] == 'T' && valid_time(d + 11);
}

int sheaf_valid_isbn(const char *isbn) {
  char c[14];
  size_t n = 0;
  for (const char *p = isbn; *p; p++) {
    if (*p == '-' || *p == ' ') {
      continue;
    }
    if (n == 13) {
      return 0;
    }
    c[n++] = *p;
  }
  if (n == 10) {
    int sum = 0;
    for (size_t i = 0; i < 10; i++) {
      int v;
      if (i == 9 && (c[i] == 'X' || c[i] == 'x')) {
        v = 10;
      } else if (isdigit((unsigned char)c[i])) {
        v = c[i] - '0';
      } else {
        return 0;
      }
      sum += v * (int)(10 - i);
    }
    return sum % 11 == 0;
  }
  if (n == 13 && digits(c, 13) && (strncmp(c, "978", 3) == 0 || strncmp(c, "979", 3) == 0)) {
    int sum = 0;
    for (size_t i = 0; i < 13; i++) {
      sum += (c[i] - '0') * (i % 2 ? 3 : 1);
    }
    return sum % 10 == 0;
  }
  return 0;
}

int sheaf_valid_uuid(const char *u) {
  if (strlen(u) != 36) {
    return 0;
  }
  for (size_t i = 0; i < 36; i++) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (u[i] != '-') {
        return 0;
      }
    } else if (!isxdigit((unsigned char)u[i])) {
      return 0;
    }
  }
  return 1;
}

/* The MARC code list for relators (id.loc.gov/vocabulary/relators), sorted. */
static const char relators[] =
    "abr act adi adp aft anc anl anm ann ant ape apl app aqt arc ard arr art asg asn ato att auc "
    "aud aue aui aup aus aut bdd bjd bka bkd bkp blw bnd bpd brd brl bsl cad cas ccp chr cli cll "
    "clr clt cmm cmp cmt cnd cng cns coe col com con cop cor cos cot cou cov cpc cpe cph cpl cpt "
    "cre crp crr crt csl csp cst ctb cte ctg ctr cts ctt cur cwt dbd dbp dfd dfe dft dgc dgg dgs "
    "dis djo dln dnc dnr dpc dpt drm drt dsr dst dtc dte dtm dto dub edc edd edm edt egr elg elt "
    "eng enj etr evp exp fac fds fld flm fmd fmk fmo fmp fnd fon fpy frg gdv gis his hnr hst ill "
    "ilu ins inv isb itr ive ivr jud jug lbr lbt ldr led lee lel len let lgd lie lil lit lsa lse "
    "lso ltg lyr mcp mdc med mfp mfr mka mod mon mrb mrk msd mte mtk mup mus mxe nan nrt onp opn "
    "org orm osp oth own pad pan pat pbd pbl pdr pfr pht plt pma pmn pop ppm ppt pra prc prd prf "
    "prg prm prn pro prp prs prt prv pta pte ptf pth ptt pup rap rbr rcd rce rcp rdd red ren res "
    "rev rpc rps rpt rpy rse rsg rsp rsr rst rth rtm rxa sad sce scl scr sde sds sec sfx sgd sgn "
    "sht sll sng spk spn spy srv std stg stl stm stn str swd tau tcd tch ths tld tlg tlh tlp trc "
    "trl tyd tyg uvp vac vdg vfx voc wac wal wam wat wdc wde wfs wft wfw win wit wpr wst wts";

int sheaf_valid_relator(const char *code) {
  if (strlen(code) != 3 || !all_of(code, 3, islower)) {
    return 0;
  }
  size_t lo = 0;
  size_t hi = (sizeof relators) / 4;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strncmp(relators + mid * 4, code, 3);
    if (c == 0) {
      return 1;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return 0;
}

int sheaf_lang_is_rtl(const char *tag) {
  static const char *const rtl_langs[] = {"ar", "arc", "ckb", "dv",  "fa", "he", "iw", "ks",
                                          "ku", "ps",  "sd",  "syr", "ug", "ur", "yi", NULL};
  static const char *const rtl_scripts[] = {"arab", "hebr", "syrc", "thaa", "nkoo",
                                            "adlm", "rohg", "mand", "samr", NULL};
  const char *s[32];
  size_t l[32];
  size_t n = subtags(tag, s, l, 32);
  for (size_t i = 1; i < n; i++) {
    if (l[i] == 4) {
      for (size_t k = 0; rtl_scripts[k]; k++) {
        if (strncasecmp(s[i], rtl_scripts[k], 4) == 0) {
          return 1;
        }
      }
      return 0; /* an explicit non-RTL script, e.g. ku-Latn */
    }
  }
  for (size_t k = 0; rtl_langs[k]; k++) {
    if (strlen(rtl_langs[k]) == l[0] && strncasecmp(s[0], rtl_langs[k], l[0]) == 0) {
      return 1;
    }
  }
  return 0;
}
