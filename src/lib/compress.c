/* compress.c -- an entry's bytes deflated for the container, with libdeflate
 * SPDX-License-Identifier: MIT */
#include "compress.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>

#include "mem.h"

/* libdeflate's level 6 makes streams as small as zlib's level 6 (zip's default) in less than
 * half the time; higher levels cost much more time for a fraction of a percent. */
#define COMPRESS_LEVEL 6

struct sheaf_compressor {
  struct libdeflate_compressor *z;
  sheaf_buf out; /* reused from entry to entry, swapped with the entry's plain bytes */
};

sheaf_compressor *sheaf_compressor_new(void) {
  sheaf_compressor *c = sheaf_xcalloc(1, sizeof *c);
  c->z = libdeflate_alloc_compressor(COMPRESS_LEVEL);
  if (!c->z) {
    fprintf(stderr, "sheaf: out of memory (allocating a compressor)\n");
    abort();
  }
  return c;
}

void sheaf_compressor_free(sheaf_compressor *c) {
  if (!c) {
    return;
  }
  libdeflate_free_compressor(c->z);
  sheaf_buf_free(&c->out);
  free(c);
}

void sheaf_compress(sheaf_compressor *c, sheaf_entry_data *e) {
  const char *in = e->bytes.ptr ? e->bytes.ptr : "";
  size_t n = e->bytes.len;
  size_t bound = libdeflate_deflate_compress_bound(c->z, n);
  sheaf_buf_clear(&c->out);
  sheaf_buf_reserve(&c->out, bound);
  /* the bound is what libdeflate guarantees to be enough, so this cannot come back 0 */
  size_t z = libdeflate_deflate_compress(c->z, in, n, c->out.ptr, bound);
  c->out.len = z;
  c->out.ptr[z] = '\0'; /* a sheaf_buf stays NUL-terminated; reserve left room for it */
  e->size = n;
  e->crc = (uint32_t)libdeflate_crc32(0, in, n);
  e->deflated = 1;
  sheaf_buf swap = e->bytes;
  e->bytes = c->out;
  c->out = swap;
}

void sheaf_entry_data_free(sheaf_entry_data *e) {
  sheaf_buf_free(&e->bytes);
  e->deflated = 0;
  e->size = 0;
  e->crc = 0;
}
