/* ahead.h -- work done in order, a few items ahead of its consumer, on a second core
 * SPDX-License-Identifier: MIT
 *
 * Both passes have the same shape: items (sources in pass 1, parts in pass 2) must be consumed
 * in order, and making item i+1 needs nothing from consuming item i. A worker thread makes
 * items a few ahead while the caller consumes; without threads the caller makes each item when
 * it takes it. Each item's diagnostics are buffered and delivered when it is taken, so output
 * and messages are the same whatever the threads. */
#ifndef SHEAF_AHEAD_H
#define SHEAF_AHEAD_H

#include <stddef.h>

#include "error.h"

/* Makes item i into *result; findings go to diags (buffered). Returns 0 or -1 with err. */
typedef int (*sheaf_ahead_make)(void *ud, size_t i, void **result, sheaf_diags *diags,
                                sheaf_error *err);
/* Frees an item that was made but never taken (when the consumer stopped early). */
typedef void (*sheaf_ahead_drop)(void *result);

typedef struct sheaf_ahead sheaf_ahead;

/* n items made by make(ud, ...); findings delivered to `to` when taken. With `threaded`, a
 * worker makes up to `window` items ahead. ud is used by one thread at a time. */
sheaf_ahead *sheaf_ahead_new(size_t n, sheaf_ahead_make make, sheaf_ahead_drop drop, void *ud,
                             sheaf_diags *to, size_t window, int threaded);
/* Item i (taken in increasing order): its result moves to the caller. */
int sheaf_ahead_take(sheaf_ahead *a, size_t i, void **result, sheaf_error *err);
/* Stops the worker and frees what was not taken. Accepts NULL. */
void sheaf_ahead_free(sheaf_ahead *a);

#endif
