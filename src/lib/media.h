/* media.h -- media types from a file's bytes, never from its name
 * SPDX-License-Identifier: MIT */
#ifndef SHEAF_MEDIA_H
#define SHEAF_MEDIA_H

#include <stddef.h>

typedef struct sheaf_media {
  const char *type; /* e.g. "image/png" */
  const char *ext;  /* e.g. "png" */
} sheaf_media;

/* The image type of `len` bytes (PNG, JPEG, GIF, WebP or SVG), or NULL when none of them. */
const sheaf_media *sheaf_media_sniff_image(const unsigned char *data, size_t len);

/* The font type of `len` bytes (WOFF, WOFF2, TrueType or OpenType), or NULL. */
const sheaf_media *sheaf_media_sniff_font(const unsigned char *data, size_t len);

/* A PNG copy of a WebP image (decoded with libwebp, encoded with libpng), for reading systems
 * and validators that predate WebP. Returns 0 with *png (caller frees with free), or -1 when
 * the image cannot be decoded or is larger than 16384 pixels a side. */
int sheaf_webp_to_png(const unsigned char *webp, size_t len, unsigned char **png, size_t *png_len);
#endif
