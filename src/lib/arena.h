/* arena.h -- the memory a parsed tree lives in: taken in chunks, given back all at once
 * SPDX-License-Identifier: MIT
 *
 * A parse makes tens of thousands of small nodes and strings that all die together, with
 * their tree. Taken one by one from malloc, each lands on a fresh page of the heap, and first
 * touching a page costs more than parsing what it holds. An arena instead carves a tree's
 * allocations out of 256 KiB chunks, which come from a pool of 2 MiB regions the kernel may
 * back with huge pages (one fault each); freeing the arena hands its chunks back to the pool,
 * where the next tree finds them already mapped.
 *
 * A pool belongs to one book and is safe to share between threads; an arena is used by one
 * thread at a time (the thread that holds its tree). */
#ifndef SHEAF_ARENA_H
#define SHEAF_ARENA_H

#include <cmark.h>
#include <stddef.h>

typedef struct sheaf_pool sheaf_pool;
typedef struct sheaf_arena sheaf_arena;

/* A new, empty pool (caller frees with sheaf_pool_free, after every arena taken from it). */
sheaf_pool *sheaf_pool_new(void);
void sheaf_pool_free(sheaf_pool *pool);
/* Bytes the pool has mapped so far (its regions, in use or not). */
size_t sheaf_pool_mapped(const sheaf_pool *pool);

/* A new arena drawing on pool, which must outlive it (caller frees with sheaf_arena_free). */
sheaf_arena *sheaf_arena_new(sheaf_pool *pool);
/* Gives the arena's chunks back to its pool. Pointers into the arena die with it. */
void sheaf_arena_free(sheaf_arena *arena);

/* Bytes the arena holds: its chunks and its big blocks. */
size_t sheaf_arena_size(const sheaf_arena *arena);

/* Zeroed memory for size bytes, 16-byte aligned, owned by the arena (never NULL). */
void *sheaf_arena_alloc(sheaf_arena *arena, size_t size);

/* Parses text with cmark (opts as cmark_parse_document) into a tree whose nodes and strings
 * live in arena. The tree is used and freed (cmark_node_free, before sheaf_arena_free) as any
 * other: what cmark allocates for it later, outside this call, comes from malloc. A string
 * cmark returns for it (cmark_render_*) goes back through sheaf_arena_mem(arena)->free. */
cmark_node *sheaf_arena_parse(sheaf_arena *arena, const char *text, size_t len, int opts);
/* The allocator the arena's trees use (owned by the arena). */
cmark_mem *sheaf_arena_mem(sheaf_arena *arena);

#endif
