/* compress.c -- an entry's bytes deflated for the container: libdeflate, zlib for small entries
 * SPDX-License-Identifier: MIT */
#include "compress.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "mem.h"

/* libdeflate's level 6 makes streams as small as zlib's level 6 (zip's default) in less than
 * half the time; higher levels cost much more time for a fraction of a percent. */
#define COMPRESS_LEVEL 6

/* Entries up to this size are deflated by zlib instead, with a window and a hash table sized to
 * the entry. libdeflate's level 6 clears and uses 192 KiB of tables whatever the input, and the
 * first time it does the kernel must supply those 48 pages: for an article, whose entries are
 * all a few KiB, that was a tenth of the build. Sized to a small entry, zlib touches about a
 * page and is as fast as libdeflate on it (and as small, within a few bytes); from 16 KiB on its
 * tables grow and libdeflate is three times faster. */
#define SMALL_ENTRY 8192
#define SMALL_WINDOW_BITS 13 /* 8 KiB: the whole entry is in reach */
#define SMALL_MEM_LEVEL 5    /* a hash of 4096 heads, and blocks of up to 2048 symbols */

struct sheaf_compressor {
  struct libdeflate_compressor *z; /* made on the first entry larger than SMALL_ENTRY */
  z_stream small;                  /* for the others, from the first one on */
  int small_ready;
  sheaf_buf out; /* reused from entry to entry, swapped with the entry's plain bytes */
};

sheaf_compressor *sheaf_compressor_new(void) {
  return sheaf_xcalloc(1, sizeof(sheaf_compressor));
}

static void out_of_memory(const char *what) {
  fprintf(stderr, "sheaf: out of memory (%s)\n", what);
  abort();
}

/* Deflates n bytes (at most SMALL_ENTRY) into out with zlib; returns the stream's length. */
static size_t deflate_small(sheaf_compressor *c, const char *in, size_t n, sheaf_buf *out) {
  z_stream *s = &c->small;
  if (!c->small_ready) {
    memset(s, 0, sizeof *s);
    /* negative: a raw stream (RFC 1951), as a zip entry holds it */
    if (deflateInit2(s, COMPRESS_LEVEL, Z_DEFLATED, -SMALL_WINDOW_BITS, SMALL_MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      out_of_memory("starting zlib");
    }
    c->small_ready = 1;
  } else if (deflateReset(s) != Z_OK) {
    out_of_memory("restarting zlib");
  }
  size_t bound = deflateBound(s, (uLong)n);
  sheaf_buf_reserve(out, bound);
  s->next_in = (Bytef *)(uintptr_t)in; /* zlib does not write its input */
  s->avail_in = (uInt)n;
  s->next_out = (Bytef *)out->ptr;
  s->avail_out = (uInt)bound;
  if (deflate(s, Z_FINISH) != Z_STREAM_END) { /* the bound is what zlib guarantees is enough */
    out_of_memory("zlib ran out of room");
  }
  return (size_t)s->total_out;
}

/* Deflates n bytes into out with libdeflate; returns the stream's length. */
static size_t deflate_large(sheaf_compressor *c, const char *in, size_t n, sheaf_buf *out) {
  if (!c->z && !(c->z = libdeflate_alloc_compressor(COMPRESS_LEVEL))) {
    out_of_memory("allocating a compressor");
  }
  size_t bound = libdeflate_deflate_compress_bound(c->z, n);
  sheaf_buf_reserve(out, bound);
  /* the bound is what libdeflate guarantees to be enough, so this cannot come back 0 */
  return libdeflate_deflate_compress(c->z, in, n, out->ptr, bound);
}

void sheaf_compressor_free(sheaf_compressor *c) {
  if (!c) {
    return;
  }
  libdeflate_free_compressor(c->z);
  if (c->small_ready) {
    deflateEnd(&c->small);
  }
  sheaf_buf_free(&c->out);
  free(c);
}

void sheaf_compress(sheaf_compressor *c, sheaf_entry_data *e) {
  const char *in = e->bytes.ptr ? e->bytes.ptr : "";
  size_t n = e->bytes.len;
  sheaf_buf_clear(&c->out);
  size_t z = n <= SMALL_ENTRY ? deflate_small(c, in, n, &c->out) : deflate_large(c, in, n, &c->out);
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
