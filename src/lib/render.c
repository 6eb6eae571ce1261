/* render.c -- pass 2: the parts rendered in order, ahead of the container writer
 * SPDX-License-Identifier: MIT */
#include "render.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chapter.h"
#include "mem.h"

/* Parts a worker may render ahead of the writer: enough to keep both cores busy, few enough
 * that memory stays a handful of chapters. */
#define AHEAD 4

typedef struct job {
  size_t part; /* which part the slot holds, when ready */
  int ready;
  int rc;
  sheaf_buf out;
  sheaf_diags diags; /* its findings, buffered until the writer takes the part */
  sheaf_error err;
} job;

struct sheaf_renderer {
  const sheaf_book *book;
  sheaf_diags *diags;
  /* rendering in the caller's thread */
  sheaf_chapter *loaded;
  size_t loaded_src;
  /* the worker */
  int threaded;
  pthread_t worker;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  job slots[AHEAD];
  size_t taken; /* parts the writer has taken */
  int stop;
};

/* Renders one part, loading its source when it is not the one loaded. */
static int render_one(const sheaf_book *b, sheaf_chapter **loaded, size_t *loaded_src, size_t part,
                      sheaf_diags *diags, sheaf_buf *out, sheaf_error *err) {
  size_t src = b->parts[part].src;
  if (!*loaded || *loaded_src != src) {
    sheaf_chapter_free(*loaded);
    *loaded = sheaf_chapter_load(b, src, err);
    *loaded_src = src;
    if (!*loaded) {
      return -1;
    }
  }
  int rc = sheaf_chapter_render(*loaded, part, diags, out, err);
  const sheaf_source *s = &b->sources[src];
  if (part + 1 == s->first_part + s->n_parts) {
    sheaf_chapter_free(*loaded); /* its last part: the text and tree go now */
    *loaded = NULL;
  }
  return rc;
}

static void *work(void *arg) {
  sheaf_renderer *r = arg;
  const sheaf_book *b = r->book;
  sheaf_chapter *loaded = NULL;
  size_t loaded_src = 0;
  for (size_t part = 0; part < b->n_parts; part++) {
    pthread_mutex_lock(&r->mu);
    while (!r->stop && part >= r->taken + AHEAD) {
      pthread_cond_wait(&r->cv, &r->mu);
    }
    int stop = r->stop;
    pthread_mutex_unlock(&r->mu);
    if (stop) {
      break;
    }
    job *j = &r->slots[part % AHEAD];
    sheaf_error_init(&j->err);
    sheaf_diags_child(&j->diags, r->diags);
    j->rc = render_one(b, &loaded, &loaded_src, part, &j->diags, &j->out, &j->err);
    pthread_mutex_lock(&r->mu);
    j->part = part;
    j->ready = 1;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    if (j->rc != 0) {
      break; /* the writer reports it when it gets there */
    }
  }
  sheaf_chapter_free(loaded);
  return NULL;
}

sheaf_renderer *sheaf_renderer_new(const sheaf_book *book, sheaf_diags *diags, unsigned threads) {
  sheaf_renderer *r = sheaf_xcalloc(1, sizeof *r);
  r->book = book;
  r->diags = diags;
  if (threads > 1 && book->n_parts > 1) {
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    r->threaded = pthread_create(&r->worker, NULL, work, r) == 0;
    if (!r->threaded) {
      pthread_mutex_destroy(&r->mu);
      pthread_cond_destroy(&r->cv);
    }
  }
  return r;
}

int sheaf_renderer_take(sheaf_renderer *r, size_t part, sheaf_buf *out, sheaf_error *err) {
  if (!r->threaded) {
    return render_one(r->book, &r->loaded, &r->loaded_src, part, r->diags, out, err);
  }
  job *j = &r->slots[part % AHEAD];
  pthread_mutex_lock(&r->mu);
  while (!(j->ready && j->part == part)) {
    pthread_cond_wait(&r->cv, &r->mu);
  }
  pthread_mutex_unlock(&r->mu);
  int rc = j->rc;
  sheaf_buf_free(out);
  *out = j->out; /* moved, not copied */
  memset(&j->out, 0, sizeof j->out);
  sheaf_diags_flush(&j->diags, r->diags);
  if (rc != 0) {
    *err = j->err;
  }
  pthread_mutex_lock(&r->mu);
  j->ready = 0;
  r->taken = part + 1;
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

void sheaf_renderer_free(sheaf_renderer *r) {
  if (!r) {
    return;
  }
  if (r->threaded) {
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->worker, NULL);
    for (size_t i = 0; i < AHEAD; i++) {
      sheaf_buf_free(&r->slots[i].out);
      sheaf_diags_fini(&r->slots[i].diags);
    }
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
  }
  sheaf_chapter_free(r->loaded);
  free(r);
}
