/* arena.c -- the memory a parsed tree lives in: taken in chunks, given back all at once
 * SPDX-License-Identifier: MIT
 *
 * Every allocation carries a 16-byte header: its size (for realloc) and the arena that owns
 * it (NULL for memory cmark asks for outside sheaf_arena_parse, which comes from malloc).
 * Small allocations are bumped out of the current chunk. Freeing the newest one gives its
 * room back; freeing any other up to REUSE_BYTES puts it on a list for its size, which the
 * next allocation of that size takes first (cmark frees many same-sized nodes and delimiters
 * while it parses inlines: without this a dense tree takes 1.7 times the room). Allocations
 * above BIG_BYTES are malloc blocks on a list of the arena's, freed when cmark frees them or
 * with the arena, so that a long code block's growing buffer leaves no old copies in chunks.
 *
 * Under AddressSanitizer the room no allocation holds (headers included) stays poisoned, so
 * an overrun into a neighbour is still reported. */
#include "arena.h"

#include "mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define REGION_BYTES ((size_t)2 << 20) /* one huge page */
#define CHUNK_BYTES ((size_t)256 << 10)
#define BIG_BYTES (CHUNK_BYTES / 4)
#define ALIGN 16
#define REUSE_BYTES 512 /* freed allocations up to this size are reused */

typedef struct header {
  size_t size;        /* bytes the caller asked for (rounded up to ALIGN) */
  sheaf_arena *owner; /* NULL: a malloc block outside any arena */
} header;

/* What precedes the header of a big block: its links on the owner's list. */
typedef struct big {
  struct big *prev;
  struct big *next;
} big;

struct sheaf_pool {
  pthread_mutex_t mu;
  char **regions; /* mapped REGION_BYTES each */
  size_t n_regions;
  size_t cap_regions;
  char *carve; /* the newest region's chunks not yet handed out */
  size_t carve_left;
  void *spare; /* chunks given back, linked through their first word */
};

struct sheaf_arena {
  sheaf_pool *pool;
  cmark_mem mem; /* what this arena's trees allocate through */
  void **chunks;
  size_t n_chunks;
  size_t cap_chunks;
  char *next; /* free room in the current chunk */
  char *end;
  header *last; /* the newest small allocation, which may grow or shrink in place */
  void *reuse[REUSE_BYTES / ALIGN]; /* per size / ALIGN - 1: freed allocations, linked */
  big *bigs;
};

/* The arena sheaf_arena_parse is filling on this thread, or NULL. cmark's allocator has no
 * context argument, so this is how its calloc finds the arena; it is set only for the length
 * of one parse and is the library's one piece of thread state. */
static _Thread_local sheaf_arena *parsing;

/* ---- the pool ---- */

/* A REGION_BYTES mapping aligned to REGION_BYTES, so the kernel can give it one huge page. */
static char *map_region(void) {
  size_t span = 2 * REGION_BYTES;
  char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    sheaf_oom(REGION_BYTES);
  }
  uintptr_t at = ((uintptr_t)p + REGION_BYTES - 1) & ~(uintptr_t)(REGION_BYTES - 1);
  char *r = (char *)at;
  if (r > p) {
    munmap(p, (size_t)(r - p));
  }
  if (r + REGION_BYTES < p + span) {
    munmap(r + REGION_BYTES, (size_t)(p + span - (r + REGION_BYTES)));
  }
#ifdef MADV_HUGEPAGE
  madvise(r, REGION_BYTES, MADV_HUGEPAGE); /* a hint: without it, plain pages */
#endif
  POISON(r, REGION_BYTES);
  return r;
}

sheaf_pool *sheaf_pool_new(void) {
  sheaf_pool *pool = sheaf_xcalloc(1, sizeof *pool);
  pthread_mutex_init(&pool->mu, NULL);
  return pool;
}

void sheaf_pool_free(sheaf_pool *pool) {
  if (!pool) {
    return;
  }
  for (size_t i = 0; i < pool->n_regions; i++) {
    UNPOISON(pool->regions[i], REGION_BYTES); /* the addresses may be mapped again */
    munmap(pool->regions[i], REGION_BYTES);
  }
  free(pool->regions);
  pthread_mutex_destroy(&pool->mu);
  free(pool);
}

size_t sheaf_pool_mapped(const sheaf_pool *pool) {
  return pool->n_regions * REGION_BYTES;
}

static void *pool_take(sheaf_pool *pool) {
  pthread_mutex_lock(&pool->mu);
  void *chunk = pool->spare;
  if (chunk) {
    UNPOISON(chunk, sizeof(void *));
    memcpy(&pool->spare, chunk, sizeof(void *));
    POISON(chunk, sizeof(void *));
  } else {
    if (pool->carve_left < CHUNK_BYTES) {
      pool->regions = sheaf_xgrow(pool->regions, &pool->cap_regions, pool->n_regions + 1,
                                  sizeof *pool->regions);
      pool->carve = map_region();
      pool->regions[pool->n_regions++] = pool->carve;
      pool->carve_left = REGION_BYTES;
    }
    chunk = pool->carve;
    pool->carve += CHUNK_BYTES;
    pool->carve_left -= CHUNK_BYTES;
  }
  pthread_mutex_unlock(&pool->mu);
  return chunk;
}

/* Gives n chunks back (poisoned again: nothing holds them). */
static void pool_give(sheaf_pool *pool, void **chunks, size_t n) {
  pthread_mutex_lock(&pool->mu);
  for (size_t i = 0; i < n; i++) {
    POISON(chunks[i], CHUNK_BYTES);
    UNPOISON(chunks[i], sizeof(void *));
    memcpy(chunks[i], &pool->spare, sizeof(void *));
    POISON(chunks[i], sizeof(void *));
    pool->spare = chunks[i];
  }
  pthread_mutex_unlock(&pool->mu);
}

/* ---- headers ---- */

static header *header_of(void *p) {
  return (header *)((char *)p - sizeof(header));
}

static header read_header(void *p) {
  header h;
  UNPOISON(header_of(p), sizeof h);
  memcpy(&h, header_of(p), sizeof h);
  if (h.owner && h.size <= BIG_BYTES) {
    POISON(header_of(p), sizeof h);
  }
  return h;
}

static void *write_header(void *at, size_t size, sheaf_arena *owner) {
  header h = {size, owner};
  UNPOISON(at, sizeof h + size);
  memcpy(at, &h, sizeof h);
  if (owner && size <= BIG_BYTES) {
    POISON(at, sizeof h);
  }
  return (char *)at + sizeof h;
}

static size_t rounded(size_t size) {
  if (size > SIZE_MAX / 2) {
    sheaf_oom(size);
  }
  return (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* ---- big blocks ---- */

static void *big_take(sheaf_arena *a, size_t size) {
  big *b = sheaf_xcalloc(1, sizeof(big) + sizeof(header) + size);
  b->next = a->bigs;
  if (a->bigs) {
    a->bigs->prev = b;
  }
  a->bigs = b;
  return write_header(b + 1, size, a);
}

static void big_unlink(sheaf_arena *a, big *b) {
  if (b->prev) {
    b->prev->next = b->next;
  } else {
    a->bigs = b->next;
  }
  if (b->next) {
    b->next->prev = b->prev;
  }
}

static big *big_of(void *p) {
  return (big *)header_of(p) - 1;
}

static void *big_resize(sheaf_arena *a, void *p, size_t size) {
  big *b = big_of(p);
  big_unlink(a, b);
  b = sheaf_xrealloc(b, sizeof(big) + sizeof(header) + size);
  b->prev = NULL;
  b->next = a->bigs;
  if (a->bigs) {
    a->bigs->prev = b;
  }
  a->bigs = b;
  header *h = (header *)(b + 1);
  h->size = size;
  return h + 1;
}

/* ---- arenas ---- */

static void *S_calloc(size_t count, size_t size);
static void *S_realloc(void *p, size_t size);
static void S_free(void *p);

sheaf_arena *sheaf_arena_new(sheaf_pool *pool) {
  sheaf_arena *a = sheaf_xcalloc(1, sizeof *a);
  a->pool = pool;
  a->mem.calloc = S_calloc;
  a->mem.realloc = S_realloc;
  a->mem.free = S_free;
  return a;
}

void sheaf_arena_free(sheaf_arena *a) {
  if (!a) {
    return;
  }
  pool_give(a->pool, a->chunks, a->n_chunks);
  for (big *b = a->bigs, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  free(a->chunks);
  free(a);
}

size_t sheaf_arena_size(const sheaf_arena *a) {
  size_t n = a->n_chunks * CHUNK_BYTES;
  for (const big *b = a->bigs; b; b = b->next) {
    const header *h = (const header *)(b + 1);
    n += h->size; /* not poisoned: big headers never are */
  }
  return n;
}

static void new_chunk(sheaf_arena *a) {
  a->chunks = sheaf_xgrow(a->chunks, &a->cap_chunks, a->n_chunks + 1, sizeof *a->chunks);
  char *chunk = pool_take(a->pool);
  a->chunks[a->n_chunks++] = chunk;
  a->next = chunk;
  a->end = chunk + CHUNK_BYTES;
  a->last = NULL;
}

/* A freed allocation of exactly size bytes, or NULL. */
static void *reused(sheaf_arena *a, size_t size) {
  if (size == 0 || size > REUSE_BYTES) {
    return NULL;
  }
  void **list = &a->reuse[size / ALIGN - 1];
  void *p = *list;
  if (p) {
    UNPOISON(p, size);
    memcpy(list, p, sizeof p);
    memset(p, 0, size);
  }
  return p;
}

void *sheaf_arena_alloc(sheaf_arena *a, size_t size) {
  size = rounded(size);
  if (size > BIG_BYTES) {
    return big_take(a, size);
  }
  void *again = reused(a, size);
  if (again) {
    return again;
  }
  if ((size_t)(a->end - a->next) < sizeof(header) + size) {
    new_chunk(a);
  }
  header *h = (header *)a->next;
  void *p = write_header(h, size, a);
  memset(p, 0, size); /* a chunk back from the pool holds an earlier tree */
  a->next += sizeof(header) + size;
  a->last = h;
  return p;
}

static void arena_release(sheaf_arena *a, void *p, header h);

/* Grows or shrinks p, an allocation of a's whose header reads h. */
static void *arena_resize(sheaf_arena *a, void *p, header h, size_t size) {
  size = rounded(size);
  if (h.size > BIG_BYTES) {
    return size > BIG_BYTES ? big_resize(a, p, size) : p;
  }
  if (size <= h.size) {
    return p;
  }
  if (header_of(p) == a->last && size <= BIG_BYTES &&
      (size_t)(a->end - (char *)p) >= size) { /* the newest: grow into the free room */
    write_header(a->last, size, a);
    a->next = (char *)p + size;
    return p;
  }
  void *q = sheaf_arena_alloc(a, size);
  memcpy(q, p, h.size);
  arena_release(a, p, h);
  return q;
}

static void arena_release(sheaf_arena *a, void *p, header h) {
  if (h.size > BIG_BYTES) {
    big *b = big_of(p);
    big_unlink(a, b);
    free(b);
  } else if (header_of(p) == a->last) {
    a->next = (char *)a->last;
    a->last = NULL;
    POISON(a->next, (size_t)(a->end - a->next));
  } else if (h.size > 0 && h.size <= REUSE_BYTES) {
    void **list = &a->reuse[h.size / ALIGN - 1];
    memcpy(p, list, sizeof p);
    *list = p;
    POISON(p, h.size);
  }
}

/* ---- cmark's allocator ---- */

static void *heap_take(size_t size) {
  size = rounded(size);
  return write_header(sheaf_xcalloc(1, sizeof(header) + size), size, NULL);
}

static void *S_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) {
    sheaf_oom(SIZE_MAX);
  }
  return parsing ? sheaf_arena_alloc(parsing, count * size) : heap_take(count * size);
}

static void *S_realloc(void *p, size_t size) {
  if (!p) {
    return S_calloc(1, size);
  }
  header h = read_header(p);
  if (h.owner) {
    return arena_resize(h.owner, p, h, size);
  }
  size = rounded(size);
  header *n = sheaf_xrealloc(header_of(p), sizeof(header) + size);
  n->size = size;
  return n + 1;
}

static void S_free(void *p) {
  if (!p) {
    return;
  }
  header h = read_header(p);
  if (h.owner) {
    arena_release(h.owner, p, h);
  } else {
    free(header_of(p));
  }
}

cmark_mem *sheaf_arena_mem(sheaf_arena *a) {
  return &a->mem;
}

cmark_node *sheaf_arena_parse(sheaf_arena *a, const char *text, size_t len, int opts) {
  sheaf_arena *outer = parsing;
  parsing = a;
  cmark_parser *parser = cmark_parser_new_with_mem(opts, &a->mem);
  cmark_parser_feed(parser, text, len);
  cmark_node *doc = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  parsing = outer;
  return doc;
}
