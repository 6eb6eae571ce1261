/* compress.h -- an entry's bytes deflated for the container, on whichever thread made them
 * SPDX-License-Identifier: MIT
 *
 * libzip deflates with zlib on the thread that writes the archive, which made compressing the
 * largest serial cost of a build. Entries are instead deflated with libdeflate (several times
 * faster than zlib at the same level, and as small; entries of a few KiB with a zlib sized to
 * them, see compress.c) where they are produced, chapters on the render workers, and libzip
 * copies the finished stream. The result depends only on the bytes, never on the thread. */
#ifndef SHEAF_COMPRESS_H
#define SHEAF_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* An entry's bytes as a producer hands them to the container: plain, or (when `deflated`) a raw
 * deflate stream (RFC 1951) of `size` plain bytes whose CRC-32 is `crc`. */
typedef struct sheaf_entry_data {
  sheaf_buf bytes;
  int deflated;
  size_t size;
  uint32_t crc;
} sheaf_entry_data;

typedef struct sheaf_compressor sheaf_compressor;

/* A compressor for one thread at a time; aborts when out of memory, like every allocation. */
sheaf_compressor *sheaf_compressor_new(void);
/* Accepts NULL. */
void sheaf_compressor_free(sheaf_compressor *c);

/* Deflates e's plain bytes in place (e->deflated must be 0). */
void sheaf_compress(sheaf_compressor *c, sheaf_entry_data *e);

/* Frees the bytes and empties e. */
void sheaf_entry_data_free(sheaf_entry_data *e);

#endif
