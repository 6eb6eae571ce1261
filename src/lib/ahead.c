/* ahead.c -- work done in order, a few items ahead of its consumer, on the other cores
 * SPDX-License-Identifier: MIT */
#include "ahead.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "mem.h"

/* Item i lives in slots[i % window] from when it is made until it is taken; only items in
 * [taken, taken + window) are made, so two items never share a slot. */
typedef struct slot {
  size_t item; /* which item the slot holds, when ready */
  int ready;
  int rc;
  void *result;
  sheaf_diags diags; /* its findings, until it is taken */
  sheaf_error err;
} slot;

typedef struct worker {
  sheaf_ahead *a;
  unsigned index;
  pthread_t thread;
} worker;

struct sheaf_ahead {
  sheaf_ahead_spec spec;
  slot *slots;
  worker workers[SHEAF_AHEAD_MAX_WORKERS];
  unsigned n_workers; /* threads running */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  void **recycled; /* taken results handed back, for a worker to drop */
  size_t n_recycled;
  size_t cap_recycled;
  size_t next;  /* the first item no worker has claimed */
  size_t taken; /* items the consumer has taken */
  int stop;
};

/* Claims the next group for a worker: [*first, *end). Returns 0 when there is none left. */
static int claim(sheaf_ahead *a, size_t *first, size_t *end) {
  pthread_mutex_lock(&a->mu);
  int ok = !a->stop && a->next < a->spec.n;
  if (ok) {
    *first = a->next;
    size_t e = a->spec.group ? a->spec.group(a->spec.ud, *first) : *first + 1;
    *end = e > *first && e <= a->spec.n ? e : *first + 1;
    a->next = *end;
  }
  pthread_mutex_unlock(&a->mu);
  return ok;
}

/* Waits until item i may be made (the window has room), unless stopping. Returns 0 to go on. */
static int wait_for_room(sheaf_ahead *a, size_t i) {
  pthread_mutex_lock(&a->mu);
  while (!a->stop && i >= a->taken + a->spec.window) {
    pthread_cond_wait(&a->cv, &a->mu);
  }
  int stop = a->stop;
  pthread_mutex_unlock(&a->mu);
  return stop;
}

/* Makes item i into its slot; returns its status. */
static int make_item(sheaf_ahead *a, unsigned w, size_t i) {
  slot *s = &a->slots[i % a->spec.window];
  sheaf_error_init(&s->err);
  sheaf_diags_child(&s->diags, a->spec.to);
  s->result = NULL;
  s->rc = a->spec.make(a->spec.ud, w, i, &s->result, &s->diags, &s->err);
  int rc = s->rc;
  pthread_mutex_lock(&a->mu);
  s->item = i;
  s->ready = 1;
  pthread_cond_broadcast(&a->cv);
  pthread_mutex_unlock(&a->mu);
  return rc;
}

/* Drops what the consumer handed back. With `linger`, waits for some first, until stopping;
 * returns 0 when stopping. */
static int drop_recycled(sheaf_ahead *a, int linger) {
  pthread_mutex_lock(&a->mu);
  while (linger && !a->stop && a->n_recycled == 0) {
    pthread_cond_wait(&a->cv, &a->mu);
  }
  void **items = a->recycled;
  size_t n = a->n_recycled;
  a->recycled = NULL;
  a->n_recycled = a->cap_recycled = 0;
  int go_on = !a->stop;
  pthread_mutex_unlock(&a->mu);
  for (size_t k = 0; k < n; k++) {
    a->spec.drop(items[k]);
  }
  free(items);
  return go_on || n > 0;
}

static void *work(void *arg) {
  worker *me = arg;
  sheaf_ahead *a = me->a;
  size_t first;
  size_t end;
  while (claim(a, &first, &end)) {
    for (size_t i = first; i < end; i++) {
      drop_recycled(a, 0);
      if (wait_for_room(a, i) || make_item(a, me->index, i) != 0) {
        return NULL; /* a failure is reported by the consumer when it gets there */
      }
    }
  }
  while (drop_recycled(a, 1)) {
    /* nothing left to make: keep dropping what comes back until the consumer is done */
  }
  return NULL;
}

static void start_workers(sheaf_ahead *a) {
  unsigned want =
      a->spec.workers < SHEAF_AHEAD_MAX_WORKERS ? a->spec.workers : SHEAF_AHEAD_MAX_WORKERS;
  a->slots = sheaf_xcalloc(a->spec.window, sizeof *a->slots);
  pthread_mutex_init(&a->mu, NULL);
  pthread_cond_init(&a->cv, NULL);
  for (unsigned k = 0; k < want; k++) {
    worker *w = &a->workers[k];
    w->a = a;
    w->index = k;
    if (pthread_create(&w->thread, NULL, work, w) != 0) {
      break; /* fewer workers than asked still do all the work */
    }
    a->n_workers++;
  }
  if (a->n_workers == 0) {
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
  }
}

unsigned sheaf_ahead_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > SHEAF_AHEAD_MAX_WORKERS ? SHEAF_AHEAD_MAX_WORKERS : (unsigned)n;
}

sheaf_ahead *sheaf_ahead_new(const sheaf_ahead_spec *spec) {
  sheaf_ahead *a = sheaf_xcalloc(1, sizeof *a);
  a->spec = *spec;
  if (a->spec.window == 0) {
    a->spec.window = 1;
  }
  if (a->spec.workers > 0 && a->spec.n > 1) {
    start_workers(a);
  }
  return a;
}

int sheaf_ahead_take(sheaf_ahead *a, size_t i, void **result, sheaf_error *err) {
  if (a->n_workers == 0) {
    return a->spec.make(a->spec.ud, 0, i, result, a->spec.to, err);
  }
  slot *s = &a->slots[i % a->spec.window];
  pthread_mutex_lock(&a->mu);
  while (!(s->ready && s->item == i)) {
    pthread_cond_wait(&a->cv, &a->mu);
  }
  pthread_mutex_unlock(&a->mu);
  int rc = s->rc;
  *result = s->result;
  s->result = NULL;
  sheaf_diags_flush(&s->diags, a->spec.to);
  if (rc != 0) {
    *err = s->err;
  }
  pthread_mutex_lock(&a->mu);
  s->ready = 0;
  a->taken = i + 1;
  pthread_cond_broadcast(&a->cv);
  pthread_mutex_unlock(&a->mu);
  return rc;
}

void sheaf_ahead_recycle(sheaf_ahead *a, void *result) {
  if (!result) {
    return;
  }
  if (a->n_workers == 0 || !a->spec.drop) {
    if (a->spec.drop) {
      a->spec.drop(result);
    }
    return;
  }
  pthread_mutex_lock(&a->mu);
  a->recycled = sheaf_xgrow(a->recycled, &a->cap_recycled, a->n_recycled + 1, sizeof(void *));
  a->recycled[a->n_recycled++] = result;
  pthread_cond_broadcast(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

void sheaf_ahead_free(sheaf_ahead *a) {
  if (!a) {
    return;
  }
  if (a->n_workers) {
    pthread_mutex_lock(&a->mu);
    a->stop = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    for (unsigned k = 0; k < a->n_workers; k++) {
      pthread_join(a->workers[k].thread, NULL);
    }
    for (size_t k = 0; k < a->n_recycled; k++) {
      a->spec.drop(a->recycled[k]); /* handed back after the workers stopped looking */
    }
    free(a->recycled);
    for (size_t k = 0; k < a->spec.window; k++) {
      if (a->slots[k].ready && a->slots[k].result && a->spec.drop) {
        a->spec.drop(a->slots[k].result);
      }
      sheaf_diags_fini(&a->slots[k].diags);
    }
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
  }
  free(a->slots);
  free(a);
}
