/* lang.c -- what sheaf writes in the book's language: labels and quotation marks
 * SPDX-License-Identifier: MIT
 *
 * Quotation marks follow CLDR's primary quotation delimiters for each language. French
 * takes narrow no-break spaces (U+202F) inside its guillemets. */
#include "lang.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const sheaf_lang langs[] = {
    {"en", "Contents", "Landmarks", "Cover", "Title Page", "Start", "Notes", "Details", "\u201C",
     "\u201D", 0},
    {"it", "Indice", "Punti di riferimento", "Copertina", "Frontespizio", "Inizio", "Note",
     "Dettagli", "\u00AB", "\u00BB", 0},
    {"fr", "Table des mati\u00E8res", "Rep\u00E8res", "Couverture", "Page de titre", "D\u00E9but",
     "Notes", "D\u00E9tails", "\u00AB\u202F", "\u202F\u00BB", 0},
    {"de", "Inhalt", "Orientierungspunkte", "Umschlag", "Titelseite", "Anfang", "Anmerkungen",
     "Details", "\u201E", "\u201C", 0},
    {"es", "\u00CDndice", "Puntos de referencia", "Cubierta", "Portadilla", "Inicio", "Notas",
     "Detalles", "\u00AB", "\u00BB", 0},
    {"pt-BR", "Sum\u00E1rio", "Marcos", "Capa", "Folha de rosto", "In\u00EDcio", "Notas",
     "Detalhes", "\u201C", "\u201D", 0},
    {"pt", "\u00CDndice", "Marcos", "Capa", "Folha de rosto", "In\u00EDcio", "Notas", "Detalhes",
     "\u00AB", "\u00BB", 0},
    {"nl", "Inhoud", "Ori\u00EBntatiepunten", "Omslag", "Titelpagina", "Begin", "Noten", "Details",
     "\u201C", "\u201D", 0},
    {"ar", "\u0627\u0644\u0645\u062D\u062A\u0648\u064A\u0627\u062A",
     "\u0645\u0639\u0627\u0644\u0645", "\u0627\u0644\u063A\u0644\u0627\u0641",
     "\u0635\u0641\u062D\u0629 \u0627\u0644\u0639\u0646\u0648\u0627\u0646",
     "\u0627\u0644\u0628\u062F\u0627\u064A\u0629", "\u0645\u0644\u0627\u062D\u0638\u0627\u062A",
     "\u062A\u0641\u0627\u0635\u064A\u0644", "\u00AB", "\u00BB", 0},
    {"he", "\u05EA\u05D5\u05DB\u05DF \u05D4\u05E2\u05E0\u05D9\u05D9\u05E0\u05D9\u05DD",
     "\u05E6\u05D9\u05D5\u05E0\u05D9 \u05D3\u05E8\u05DA", "\u05DB\u05E8\u05D9\u05DB\u05D4",
     "\u05E2\u05DE\u05D5\u05D3 \u05E9\u05E2\u05E8", "\u05D4\u05EA\u05D7\u05DC\u05D4",
     "\u05D4\u05E2\u05E8\u05D5\u05EA", "\u05E4\u05E8\u05D8\u05D9\u05DD", "\u201D", "\u201D", 0},
    {"ja", "\u76EE\u6B21", "\u30E9\u30F3\u30C9\u30DE\u30FC\u30AF", "\u8868\u7D19", "\u6249",
     "\u672C\u6587", "\u6CE8", "\u8A73\u7D30", "\u300C", "\u300D", 1},
    {"zh-Hant", "\u76EE\u9304", "\u5730\u6A19", "\u5C01\u9762", "\u6249\u9801", "\u6B63\u6587",
     "\u8A3B\u91CB", "\u8A73\u60C5", "\u300C", "\u300D", 1},
    {"zh-TW", "\u76EE\u9304", "\u5730\u6A19", "\u5C01\u9762", "\u6249\u9801", "\u6B63\u6587",
     "\u8A3B\u91CB", "\u8A73\u60C5", "\u300C", "\u300D", 1},
    {"zh-HK", "\u76EE\u9304", "\u5730\u6A19", "\u5C01\u9762", "\u6249\u9801", "\u6B63\u6587",
     "\u8A3B\u91CB", "\u8A73\u60C5", "\u300C", "\u300D", 1},
    {"zh", "\u76EE\u5F55", "\u5730\u6807", "\u5C01\u9762", "\u6249\u9875", "\u6B63\u6587",
     "\u6CE8\u91CA", "\u8BE6\u60C5", "\u201C", "\u201D", 1},
    {"ru", "\u0421\u043E\u0434\u0435\u0440\u0436\u0430\u043D\u0438\u0435",
     "\u041E\u0440\u0438\u0435\u043D\u0442\u0438\u0440\u044B",
     "\u041E\u0431\u043B\u043E\u0436\u043A\u0430",
     "\u0422\u0438\u0442\u0443\u043B\u044C\u043D\u044B\u0439 \u043B\u0438\u0441\u0442",
     "\u041D\u0430\u0447\u0430\u043B\u043E",
     "\u041F\u0440\u0438\u043C\u0435\u0447\u0430\u043D\u0438\u044F",
     "\u041F\u043E\u0434\u0440\u043E\u0431\u043D\u043E\u0441\u0442\u0438", "\u00AB", "\u00BB", 0},
};

/* True when `variant` (e.g. "zh-Hant") is `tag` or a prefix of it at a subtag boundary. */
static int matches(const char *tag, const char *variant) {
  size_t n = strlen(variant);
  return strncasecmp(tag, variant, n) == 0 && (tag[n] == '\0' || tag[n] == '-');
}

const sheaf_lang *sheaf_lang_find(const char *tag) {
  if (!tag) {
    return &langs[0];
  }
  /* variants with a script or region come before their primary language in the table */
  for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
    if (strchr(langs[i].tag, '-') && matches(tag, langs[i].tag)) {
      return &langs[i];
    }
  }
  for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
    if (!strchr(langs[i].tag, '-') && matches(tag, langs[i].tag)) {
      return &langs[i];
    }
  }
  return &langs[0];
}
