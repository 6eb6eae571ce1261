/* media.c -- media types from a file's bytes, never from its name
 * SPDX-License-Identifier: MIT */
#include "media.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

static const sheaf_media media_png = {"image/png", "png"};
static const sheaf_media media_jpeg = {"image/jpeg", "jpg"};
static const sheaf_media media_gif = {"image/gif", "gif"};
static const sheaf_media media_webp = {"image/webp", "webp"};
static const sheaf_media media_svg = {"image/svg+xml", "svg"};

static int xml_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The offset just past the XML declaration, processing instruction, comment or DOCTYPE that
 * starts at d[i], or 0 when none starts there or it does not end. */
static size_t skip_markup(const unsigned char *d, size_t len, size_t i) {
  if (i + 1 >= len || d[i] != '<' || (d[i + 1] != '?' && d[i + 1] != '!')) {
    return 0;
  }
  const char *end = d[i + 1] == '?' ? "?>" : ">";
  if (i + 4 <= len && memcmp(d + i, "<!--", 4) == 0) {
    end = "-->";
  }
  const unsigned char *e = memmem(d + i, len - i, end, strlen(end));
  return e ? (size_t)(e - d) + strlen(end) : 0;
}

/* True when the text starts, after a BOM, white space, an XML declaration, comments and a
 * DOCTYPE, with an <svg element. */
static int looks_like_svg(const unsigned char *d, size_t len) {
  size_t i = len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < len) {
    while (i < len && xml_space(d[i])) {
      i++;
    }
    if (i + 4 <= len && memcmp(d + i, "<svg", 4) == 0) {
      return i + 4 < len && (xml_space(d[i + 4]) || d[i + 4] == '>' || d[i + 4] == '/');
    }
    i = skip_markup(d, len, i);
    if (i == 0) {
      return 0;
    }
  }
  return 0;
}

const sheaf_media *sheaf_media_sniff_image(const unsigned char *d, size_t len) {
  if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
    return &media_png;
  }
  if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
    return &media_jpeg;
  }
  if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) {
    return &media_gif;
  }
  if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
    return &media_webp;
  }
  if (looks_like_svg(d, len < 65536 ? len : 65536)) {
    return &media_svg;
  }
  return NULL;
}

const sheaf_media *sheaf_media_sniff_font(const unsigned char *d, size_t len) {
  static const sheaf_media fonts[] = {
      {"font/woff", "woff"}, {"font/woff2", "woff2"}, {"font/ttf", "ttf"}, {"font/otf", "otf"}};
  if (len < 4) {
    return NULL;
  }
  if (memcmp(d, "wOFF", 4) == 0) {
    return &fonts[0];
  }
  if (memcmp(d, "wOF2", 4) == 0) {
    return &fonts[1];
  }
  if (memcmp(d, "\0\1\0\0", 4) == 0 || memcmp(d, "true", 4) == 0) {
    return &fonts[2];
  }
  return memcmp(d, "OTTO", 4) == 0 ? &fonts[3] : NULL;
}

#define WEBP_MAX_SIDE 16384

int sheaf_webp_to_png(const unsigned char *webp, size_t len, unsigned char **png, size_t *png_len) {
  int w = 0;
  int h = 0;
  *png = NULL;
  *png_len = 0;
  if (!WebPGetInfo(webp, len, &w, &h) || w <= 0 || h <= 0 || w > WEBP_MAX_SIDE ||
      h > WEBP_MAX_SIDE) {
    return -1;
  }
  uint8_t *rgba = WebPDecodeRGBA(webp, len, &w, &h);
  if (!rgba) {
    return -1;
  }
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = (png_uint_32)w;
  img.height = (png_uint_32)h;
  img.format = PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  int rc = -1;
  if (png_image_write_to_memory(&img, NULL, &size, 0, rgba, 0, NULL) && size > 0) {
    *png = malloc(size);
    if (*png && png_image_write_to_memory(&img, *png, &size, 0, rgba, 0, NULL)) {
      *png_len = size;
      rc = 0;
    } else {
      free(*png);
      *png = NULL;
    }
  }
  png_image_free(&img);
  WebPFree(rgba);
  return rc;
}
