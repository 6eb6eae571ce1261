/* ocf.c -- stage 5: the OCF container, written with libzip
 * SPDX-License-Identifier: MIT */
#include "ocf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "mem.h"

/* An entry whose bytes are made (or were given) when libzip writes it. */
typedef struct lazy {
  sheaf_ocf *ocf;
  sheaf_produce_fn fn; /* NULL for an entry given its bytes up front */
  void *ud;
  size_t index;
  int compress;
  sheaf_entry_data data;
  size_t off;
  int produced;
  /* what the central directory needs, kept after the bytes are written and freed */
  size_t size, comp_size;
  zip_error_t zerr;
} lazy;

/* The output file as a libzip source: libzip writes the archive straight into the file sheaf
 * created (and renames into place itself), instead of making its own temporary file, whose
 * random name costs an OpenSSL initialisation that dominates small builds.
 *
 * What libzip writes is gathered here and written with pwrite in pieces of up to SINK_BUFFER
 * bytes, and the position it asks for before and after every entry is answered from the sink's
 * own count: writing straight through made an article's build 71 write and 95 lseek calls for
 * a 7 KiB file. Seeks back (libzip may rewrite a header) land in the held bytes when they can. */
#define SINK_BUFFER ((size_t)512 * 1024)

typedef struct sink {
  int fd;
  zip_error_t zerr;
  unsigned char *buf; /* SINK_BUFFER bytes, from the first write on */
  zip_uint64_t base;  /* the file offset of buf[0] */
  size_t held;        /* bytes in buf, not yet in the file */
  zip_uint64_t pos;   /* where the next write goes */
  zip_uint64_t end;   /* the length of the file once what is held is written */
} sink;

struct sheaf_ocf {
  zip_t *zip;
  sink *out;
  zip_source_t *mem; /* the in-memory archive, when writing to memory */
  zip_uint16_t dos_time;
  zip_uint16_t dos_date;
  lazy **lazies;
  size_t n_lazies;
  sheaf_compressor *z; /* for entries produced plain */
  sheaf_error first;   /* the first error a lazy entry reported */
  int failed;
};

/* The fields of `epoch` in UTC as a DOS stamp holds them: from 1980 to 2107, even seconds. */
static void stamp_fields(long long epoch, struct tm *tm) {
  time_t tt = (time_t)(epoch < 315532800LL ? 315532800LL : epoch);
  gmtime_r(&tt, tm);
  if (tm->tm_year + 1900 > 2107) {
    tm->tm_year = 2107 - 1900;
  }
  tm->tm_sec -= tm->tm_sec % 2;
}

/* DOS date and time of `epoch` in UTC. */
static void dos_stamp(long long epoch, zip_uint16_t *t, zip_uint16_t *d) {
  struct tm tm;
  stamp_fields(epoch, &tm);
  *t = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  *d = (zip_uint16_t)(((tm.tm_year + 1900 - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

int sheaf_ocf_stamp_exact(long long epoch) {
  struct tm want;
  stamp_fields(epoch, &want);
  struct tm local = want; /* what libzip does with the stamp: mktime, then localtime */
  local.tm_isdst = -1;
  time_t t = mktime(&local);
  struct tm back;
  if (t == (time_t)-1 || !localtime_r(&t, &back)) {
    return 0;
  }
  return back.tm_year == want.tm_year && back.tm_mon == want.tm_mon &&
         back.tm_mday == want.tm_mday && back.tm_hour == want.tm_hour &&
         back.tm_min == want.tm_min && back.tm_sec == want.tm_sec;
}

static zip_int64_t sink_fail(sink *s, int code) {
  zip_error_set(&s->zerr, code, errno);
  return -1;
}

/* Writes len bytes at offset `at`, whatever pwrite's short counts and interruptions. */
static int write_at(int fd, const unsigned char *p, size_t len, zip_uint64_t at) {
  while (len) {
    ssize_t n = pwrite(fd, p, len, (off_t)at);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      if (n == 0) {
        errno = EIO;
      }
      return -1;
    }
    p += n;
    len -= (size_t)n;
    at += (zip_uint64_t)n;
  }
  return 0;
}

/* Writes what is held; the buffer then starts at the current position. */
static int sink_flush(sink *s) {
  if (s->held && write_at(s->fd, s->buf, s->held, s->base) != 0) {
    return (int)sink_fail(s, ZIP_ER_WRITE);
  }
  s->held = 0;
  s->base = s->pos;
  return 0;
}

static zip_int64_t sink_write(sink *s, const void *data, zip_uint64_t len) {
  if (s->pos < s->base || s->pos > s->base + s->held || s->pos - s->base + len > SINK_BUFFER) {
    if (sink_flush(s) != 0) { /* outside what is held, or too much to add to it */
      return -1;
    }
  }
  if (len > SINK_BUFFER) { /* larger than the buffer: straight to the file */
    if (write_at(s->fd, data, (size_t)len, s->pos) != 0) {
      return sink_fail(s, ZIP_ER_WRITE);
    }
    s->pos += len;
    s->base = s->pos;
  } else {
    if (!s->buf) {
      s->buf = sheaf_xmalloc(SINK_BUFFER);
    }
    size_t off = (size_t)(s->pos - s->base);
    memcpy(s->buf + off, data, (size_t)len);
    s->held = off + (size_t)len > s->held ? off + (size_t)len : s->held;
    s->pos += len;
  }
  s->end = s->pos > s->end ? s->pos : s->end;
  return (zip_int64_t)len;
}

static zip_int64_t sink_seek(sink *s, void *data, zip_uint64_t len) {
  zip_source_args_seek_t *a = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &s->zerr);
  if (!a) {
    return -1;
  }
  zip_uint64_t from = a->whence == SEEK_SET ? 0 : a->whence == SEEK_CUR ? s->pos : s->end;
  if ((a->whence != SEEK_SET && a->whence != SEEK_CUR && a->whence != SEEK_END) ||
      (a->offset < 0 && (zip_uint64_t)-a->offset > from)) {
    zip_error_set(&s->zerr, ZIP_ER_SEEK, EINVAL);
    return -1;
  }
  s->pos = a->offset < 0 ? from - (zip_uint64_t)-a->offset : from + (zip_uint64_t)a->offset;
  return 0;
}

/* Empties the file for a new start, dropping anything held. A file that is empty already (the
 * fresh one sheaf made) is left alone: truncating a file to nothing makes ext4 write it out when
 * it is closed (its guard against files a crash leaves empty), a cost a small build would pay
 * for nothing. */
static zip_int64_t sink_rewind(sink *s) {
  s->held = 0;
  s->base = s->pos = s->end = 0;
  struct stat st;
  if (fstat(s->fd, &st) != 0) {
    return sink_fail(s, ZIP_ER_WRITE);
  }
  if (st.st_size != 0 && ftruncate(s->fd, 0) != 0) {
    return sink_fail(s, ZIP_ER_WRITE);
  }
  return 0;
}

static zip_int64_t sink_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd) {
  sink *s = ud;
  switch (cmd) {
  case ZIP_SOURCE_STAT:                           /* a new archive: there is nothing to read */
    zip_error_set(&s->zerr, ZIP_ER_READ, ENOENT); /* how libzip spells "no such file yet" */
    return -1;
  case ZIP_SOURCE_OPEN:
  case ZIP_SOURCE_CLOSE:
  case ZIP_SOURCE_READ:
  case ZIP_SOURCE_SEEK:
  case ZIP_SOURCE_TELL:
  case ZIP_SOURCE_FREE:
  case ZIP_SOURCE_REMOVE:
    return 0;
  case ZIP_SOURCE_COMMIT_WRITE:
    return sink_flush(s);
  case ZIP_SOURCE_BEGIN_WRITE:
  case ZIP_SOURCE_ROLLBACK_WRITE:
    return sink_rewind(s);
  case ZIP_SOURCE_WRITE:
    return sink_write(s, data, len);
  case ZIP_SOURCE_SEEK_WRITE:
    return sink_seek(s, data, len);
  case ZIP_SOURCE_TELL_WRITE:
    return (zip_int64_t)s->pos;
  case ZIP_SOURCE_ERROR:
    return zip_error_to_data(&s->zerr, data, len);
  case ZIP_SOURCE_SUPPORTS:
    return ZIP_SOURCE_SUPPORTS_WRITABLE;
  default:
    zip_error_set(&s->zerr, ZIP_ER_OPNOTSUPP, 0);
    return -1;
  }
}

static int zip_failed(sheaf_error *err, zip_error_t *ze, const char *what) {
  return sheaf_fail(err, SHEAF_ER_ZIP, NULL, 0, 0, "%s: %s", what, zip_error_strerror(ze));
}

sheaf_ocf *sheaf_ocf_new(int fd, long long epoch, sheaf_error *err) {
  sheaf_ocf *o = sheaf_xcalloc(1, sizeof *o);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = NULL;
  if (fd >= 0) {
    o->out = sheaf_xcalloc(1, sizeof *o->out);
    o->out->fd = fd;
    zip_error_init(&o->out->zerr);
    src = zip_source_function_create(sink_cb, o->out, &ze);
  } else {
    src = o->mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (o->mem) {
      zip_source_keep(o->mem);
    }
  }
  o->zip = src ? zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze) : NULL;
  if (!o->zip) {
    zip_failed(err, &ze, "cannot start the container");
    zip_error_fini(&ze);
    if (src && !o->mem) {
      zip_source_free(src);
    }
    if (o->mem) {
      zip_source_free(o->mem);
      zip_source_free(o->mem);
    }
    if (o->out) {
      zip_error_fini(&o->out->zerr);
      free(o->out);
    }
    free(o);
    return NULL;
  }
  zip_error_fini(&ze);
  dos_stamp(epoch, &o->dos_time, &o->dos_date);
  o->z = sheaf_compressor_new();
  return o;
}

/* Adds src under name with the fixed stamp and attributes; takes src on success only. */
static int add_source(sheaf_ocf *o, const char *name, zip_source_t *src, int compress,
                      sheaf_error *err) {
  zip_int64_t i = zip_file_add(o->zip, name, src, 0);
  if (i < 0) {
    zip_source_free(src);
    return zip_failed(err, zip_get_error(o->zip), name);
  }
  zip_uint64_t idx = (zip_uint64_t)i;
  /* no level: libzip copies the stream we deflated (see compress.h) */
  if (zip_set_file_compression(o->zip, idx, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
      zip_file_set_dostime(o->zip, idx, o->dos_time, o->dos_date, 0) != 0 ||
      zip_file_set_external_attributes(o->zip, idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0) {
    return zip_failed(err, zip_get_error(o->zip), name);
  }
  return 0;
}

static void remember_failure(sheaf_ocf *o, const sheaf_error *e) {
  if (!o->failed) {
    o->first = *e;
    o->failed = 1;
  }
}

/* Produces the entry's bytes (once), deflated when the entry is compressed, and remembers the
 * first failure for sheaf_ocf_close. */
static int produce(lazy *l) {
  if (l->produced) {
    return 0;
  }
  sheaf_error e;
  sheaf_error_init(&e);
  if (l->fn) {
    sheaf_entry_data_free(&l->data);
    if (l->fn(l->ud, l->index, &l->data, &e) != 0) {
      remember_failure(l->ocf, &e);
      zip_error_set(&l->zerr, ZIP_ER_INTERNAL, 0);
      return -1;
    }
  }
  if (l->data.deflated && !l->compress) {
    sheaf_fail(&e, SHEAF_ER_INTERNAL, NULL, 0, 0, "a stored entry was handed deflated bytes");
    remember_failure(l->ocf, &e);
    zip_error_set(&l->zerr, ZIP_ER_INTERNAL, 0);
    return -1;
  }
  if (l->compress && !l->data.deflated) {
    sheaf_compress(l->ocf->z, &l->data);
  }
  l->comp_size = l->data.bytes.len;
  l->size = l->data.deflated ? l->data.size : l->data.bytes.len;
  l->produced = 1;
  return 0;
}

/* What libzip needs to know about the entry; with a deflated stream, the method, sizes and CRC
 * tell it to copy the stream as it is rather than compress it again. */
static void stat_entry(const lazy *l, zip_stat_t *st) {
  zip_stat_init(st);
  st->size = l->size;
  st->valid |= ZIP_STAT_SIZE;
  if (l->compress) {
    st->comp_size = l->comp_size;
    st->comp_method = ZIP_CM_DEFLATE;
    st->crc = l->data.crc;
    st->valid |= ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
  }
}

static zip_int64_t lazy_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd) {
  lazy *l = ud;
  switch (cmd) {
  case ZIP_SOURCE_STAT: {
    if (produce(l) != 0) {
      return -1;
    }
    stat_entry(l, data);
    return sizeof(zip_stat_t);
  }
  case ZIP_SOURCE_OPEN:
    l->off = 0;
    return produce(l);
  case ZIP_SOURCE_READ: {
    size_t n = l->data.bytes.len - l->off;
    n = n < len ? n : (size_t)len;
    memcpy(data, l->data.bytes.ptr + l->off, n);
    l->off += n;
    return (zip_int64_t)n;
  }
  case ZIP_SOURCE_CLOSE:
    sheaf_buf_free(&l->data.bytes); /* written: keep only its sizes and CRC */
    return 0;
  case ZIP_SOURCE_ERROR:
    return zip_error_to_data(&l->zerr, data, len);
  case ZIP_SOURCE_FREE:
    return 0;
  case ZIP_SOURCE_SUPPORTS:
    return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                          ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
  default:
    zip_error_set(&l->zerr, ZIP_ER_OPNOTSUPP, 0);
    return -1;
  }
}

/* Adds an entry made by fn (or, when fn is NULL, holding `given`, taken). */
static int add_entry(sheaf_ocf *o, const char *name, sheaf_produce_fn fn, void *ud, size_t index,
                     sheaf_buf *given, int compress, sheaf_error *err) {
  lazy *l = sheaf_xcalloc(1, sizeof *l);
  l->ocf = o;
  l->fn = fn;
  l->ud = ud;
  l->index = index;
  l->compress = compress;
  if (given) {
    l->data.bytes = *given;
    *given = (sheaf_buf)SHEAF_BUF_INIT;
  }
  zip_error_init(&l->zerr);
  o->lazies = sheaf_xrealloc(o->lazies, (o->n_lazies + 1) * sizeof *o->lazies);
  o->lazies[o->n_lazies++] = l; /* freed with o, whatever happens next */
  zip_source_t *src = zip_source_function(o->zip, lazy_cb, l);
  if (!src) {
    return zip_failed(err, zip_get_error(o->zip), name);
  }
  return add_source(o, name, src, compress, err);
}

int sheaf_ocf_add(sheaf_ocf *o, const char *name, const void *data, size_t len, int compress,
                  sheaf_error *err) {
  sheaf_buf copy = SHEAF_BUF_INIT;
  sheaf_buf_put(&copy, data, len);
  return add_entry(o, name, NULL, NULL, 0, &copy, compress, err);
}

int sheaf_ocf_add_lazy(sheaf_ocf *o, const char *name, sheaf_produce_fn fn, void *ud, size_t index,
                       int compress, sheaf_error *err) {
  return add_entry(o, name, fn, ud, index, NULL, compress, err);
}
static void free_ocf(sheaf_ocf *o) {
  for (size_t i = 0; i < o->n_lazies; i++) {
    sheaf_entry_data_free(&o->lazies[i]->data);
    zip_error_fini(&o->lazies[i]->zerr);
    free(o->lazies[i]);
  }
  free(o->lazies);
  sheaf_compressor_free(o->z);
  if (o->mem) {
    zip_source_free(o->mem);
  }
  if (o->out) {
    zip_error_fini(&o->out->zerr);
    free(o->out->buf);
    free(o->out);
  }
  free(o);
}

/* Copies the finished in-memory archive out of its source. */
static int take_memory(sheaf_ocf *o, unsigned char **data, size_t *size, sheaf_error *err) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(o->mem, &st) != 0 || zip_source_open(o->mem) != 0) {
    return zip_failed(err, zip_source_error(o->mem), "cannot read the container back");
  }
  *data = sheaf_xmalloc(st.size ? st.size : 1);
  zip_int64_t n = zip_source_read(o->mem, *data, st.size);
  zip_source_close(o->mem);
  if (n < 0 || (zip_uint64_t)n != st.size) {
    free(*data);
    *data = NULL;
    return sheaf_fail(err, SHEAF_ER_ZIP, NULL, 0, 0, "cannot read the container back");
  }
  *size = (size_t)n;
  return 0;
}

int sheaf_ocf_close(sheaf_ocf *o, unsigned char **data, size_t *size, sheaf_error *err) {
  int rc = 0;
  if (zip_close(o->zip) != 0) {
    if (o->failed) {
      *err = o->first;
    } else {
      zip_failed(err, zip_get_error(o->zip), "cannot write the container");
    }
    zip_discard(o->zip);
    rc = -1;
  } else if (o->mem && data) {
    rc = take_memory(o, data, size, err);
  }
  free_ocf(o);
  return rc;
}

void sheaf_ocf_discard(sheaf_ocf *o) {
  if (!o) {
    return;
  }
  zip_discard(o->zip);
  free_ocf(o);
}
