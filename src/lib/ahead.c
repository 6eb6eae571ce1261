/* ahead.c -- work done in order, a few items ahead of its consumer, on a second core
 * SPDX-License-Identifier: MIT */
#include "ahead.h"

#include <pthread.h>
#include <stdlib.h>

#include "mem.h"

typedef struct slot {
  size_t item; /* which item the slot holds, when ready */
  int ready;
  int rc;
  void *result;
  sheaf_diags diags; /* its findings, until it is taken */
  sheaf_error err;
} slot;

struct sheaf_ahead {
  size_t n;
  sheaf_ahead_make make;
  sheaf_ahead_drop drop;
  void *ud;
  sheaf_diags *to;
  size_t window;
  slot *slots;
  int threaded;
  pthread_t worker;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  size_t taken; /* items the consumer has taken */
  int stop;
};

/* Waits until item i may be made (the window has room), unless stopping. Returns 0 to go on. */
static int wait_for_room(sheaf_ahead *a, size_t i) {
  pthread_mutex_lock(&a->mu);
  while (!a->stop && i >= a->taken + a->window) {
    pthread_cond_wait(&a->cv, &a->mu);
  }
  int stop = a->stop;
  pthread_mutex_unlock(&a->mu);
  return stop;
}

static void *work(void *arg) {
  sheaf_ahead *a = arg;
  for (size_t i = 0; i < a->n && !wait_for_room(a, i); i++) {
    slot *s = &a->slots[i % a->window];
    sheaf_error_init(&s->err);
    sheaf_diags_child(&s->diags, a->to);
    s->result = NULL;
    s->rc = a->make(a->ud, i, &s->result, &s->diags, &s->err);
    pthread_mutex_lock(&a->mu);
    s->item = i;
    s->ready = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    if (s->rc != 0) {
      break; /* the consumer reports it when it gets there */
    }
  }
  return NULL;
}

sheaf_ahead *sheaf_ahead_new(size_t n, sheaf_ahead_make make, sheaf_ahead_drop drop, void *ud,
                             sheaf_diags *to, size_t window, int threaded) {
  sheaf_ahead *a = sheaf_xcalloc(1, sizeof *a);
  a->n = n;
  a->make = make;
  a->drop = drop;
  a->ud = ud;
  a->to = to;
  a->window = window ? window : 1;
  if (threaded && n > 1) {
    a->slots = sheaf_xcalloc(a->window, sizeof *a->slots);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    a->threaded = pthread_create(&a->worker, NULL, work, a) == 0;
    if (!a->threaded) {
      pthread_mutex_destroy(&a->mu);
      pthread_cond_destroy(&a->cv);
    }
  }
  return a;
}

int sheaf_ahead_take(sheaf_ahead *a, size_t i, void **result, sheaf_error *err) {
  if (!a->threaded) {
    return a->make(a->ud, i, result, a->to, err);
  }
  slot *s = &a->slots[i % a->window];
  pthread_mutex_lock(&a->mu);
  while (!(s->ready && s->item == i)) {
    pthread_cond_wait(&a->cv, &a->mu);
  }
  pthread_mutex_unlock(&a->mu);
  int rc = s->rc;
  *result = s->result;
  s->result = NULL;
  sheaf_diags_flush(&s->diags, a->to);
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

void sheaf_ahead_free(sheaf_ahead *a) {
  if (!a) {
    return;
  }
  if (a->threaded) {
    pthread_mutex_lock(&a->mu);
    a->stop = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->worker, NULL);
    for (size_t k = 0; k < a->window; k++) {
      if (a->slots[k].ready && a->slots[k].result && a->drop) {
        a->drop(a->slots[k].result);
      }
      sheaf_diags_fini(&a->slots[k].diags);
    }
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
  }
  free(a->slots);
  free(a);
}
