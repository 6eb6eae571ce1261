/* ahead.h -- work done in order, a few items ahead of its consumer, on the other cores
 * SPDX-License-Identifier: MIT
 *
 * Both passes have the same shape: items (sources in pass 1, parts in pass 2, documents in a
 * check) must be consumed in order, and making item i+1 needs nothing from consuming item i.
 * Worker threads make items a few ahead while the caller consumes; without threads the caller
 * makes each item when it takes it. Items can come in groups (the parts of one source) that
 * one worker makes in turn, so a group's shared state (the parsed source) is made once. Each
 * item's diagnostics are buffered and delivered when it is taken, so output and messages are
 * the same whatever the threads. */
#ifndef SHEAF_AHEAD_H
#define SHEAF_AHEAD_H

#include <stddef.h>

#include "error.h"

/* Makes item i into *result on worker `worker` (0 .. workers-1: state per worker can be kept
 * by index); findings go to diags (buffered). Returns 0 or -1 with err. */
typedef int (*sheaf_ahead_make)(void *ud, unsigned worker, size_t i, void **result,
                                sheaf_diags *diags, sheaf_error *err);
/* Frees an item that was made but never taken (when the consumer stopped early). */
typedef void (*sheaf_ahead_drop)(void *result);
/* The end of the group that starts at item `first` (> first): items [first, end) are made by
 * one worker, in order. */
typedef size_t (*sheaf_ahead_group)(void *ud, size_t first);

typedef struct sheaf_ahead sheaf_ahead;

/* Workers an ahead runs at most, whatever is asked: callers keep per-worker state in arrays of
 * this size. */
#define SHEAF_AHEAD_MAX_WORKERS 8

/* What an ahead does: n items made by make(ud, ...), grouped by group (NULL: one item per
 * group); findings delivered to `to` when taken. With workers >= 1, that many threads make up
 * to `window` items ahead of the consumer; with 0, the consumer makes them (as worker 0).
 * make is called concurrently for different workers: ud must allow that. */
typedef struct sheaf_ahead_spec {
  size_t n;
  sheaf_ahead_make make;
  sheaf_ahead_drop drop;
  sheaf_ahead_group group;
  void *ud;
  sheaf_diags *to;
  size_t window;
  unsigned workers;
} sheaf_ahead_spec;

sheaf_ahead *sheaf_ahead_new(const sheaf_ahead_spec *spec);
/* The cores this machine has online (1 .. SHEAF_AHEAD_MAX_WORKERS): the default number of
 * threads. */
unsigned sheaf_ahead_cores(void);
/* Item i (taken in increasing order): its result moves to the caller. */
int sheaf_ahead_take(sheaf_ahead *a, size_t i, void **result, sheaf_error *err);
/* Hands a taken result back to be dropped on a worker (freeing what a worker allocated costs
 * the consumer's thread more than it costs the worker, and the consumer is the one that
 * paces the work); without workers it is dropped here and now. */
void sheaf_ahead_recycle(sheaf_ahead *a, void *result);
/* Stops the workers and frees what was not taken. Accepts NULL. */
void sheaf_ahead_free(sheaf_ahead *a);

#endif
