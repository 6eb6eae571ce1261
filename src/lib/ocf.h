/* ocf.h -- stage 5: the OCF container, written with libzip
 * SPDX-License-Identifier: MIT
 *
 * `mimetype` goes first, stored, with no extra field; every entry gets the same fixed time
 * and attributes, so equal input gives equal bytes. Entries can be lazy: their bytes are
 * produced by a callback when libzip writes them during sheaf_ocf_close, so only one chapter
 * is in memory at a time. */
#ifndef SHEAF_OCF_H
#define SHEAF_OCF_H

#include <stddef.h>

#include "buf.h"
#include "compress.h"
#include "error.h"

typedef struct sheaf_ocf sheaf_ocf;

/* Produces the bytes of a lazy entry into out (empty on entry): plain, or already deflated
 * (compressed entries only). Plain bytes of a compressed entry are deflated by the container. */
typedef int (*sheaf_produce_fn)(void *ud, size_t index, sheaf_entry_data *out, sheaf_error *err);

/* Starts a container written into the open file `fd` (borrowed: the caller closes it), or in
 * memory when fd is -1. `epoch` is the time stamped on every entry (UTC). */
sheaf_ocf *sheaf_ocf_new(int fd, long long epoch, sheaf_error *err);
/* 1 when the entries' stamp for `epoch` comes out as given. libzip 1.7 turns a DOS stamp into
 * a time_t through the local time zone and back when it writes it (libzip's issue 361, fixed
 * in 1.10), so a stamp in an hour the local zone skips (the change to summer time) is written
 * an hour later, and the bytes then depend on the zone; the sheaf command runs in UTC. */
int sheaf_ocf_stamp_exact(long long epoch);
/* Adds an entry holding a copy of data. `compress` selects deflate (else stored). */
int sheaf_ocf_add(sheaf_ocf *o, const char *name, const void *data, size_t len, int compress,
                  sheaf_error *err);
/* Adds a lazy entry: fn(ud, index, ...) is called once, when the entry is written. */
int sheaf_ocf_add_lazy(sheaf_ocf *o, const char *name, sheaf_produce_fn fn, void *ud, size_t index,
                       int compress, sheaf_error *err);
/* Writes the container and frees o. For memory containers, *data (caller frees with free) and
 * *size receive the bytes; pass NULLs for files. On failure nothing is left behind. */
int sheaf_ocf_close(sheaf_ocf *o, unsigned char **data, size_t *size, sheaf_error *err);
/* Abandons the container and frees o. Accepts NULL. */
void sheaf_ocf_discard(sheaf_ocf *o);

#endif
