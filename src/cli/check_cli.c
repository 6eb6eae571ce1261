/* check_cli.c -- `sheaf check`: runs the library's check on each file, optionally EPUBCheck too,
 * and reports in EPUBCheck's text form or as JSON (written and read with jansson)
 * SPDX-License-Identifier: MIT */
#include "check_cli.h"

#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct report {
  const char *file;
  json_t *messages; /* array of EPUBCheck-shaped message objects */
  size_t errors;
  size_t warnings;
} report;

static const char *severity_name(sheaf_severity s) {
  return s == SHEAF_ERROR ? "ERROR" : "WARNING";
}

static json_t *message(const char *id, const char *severity, const char *text, const char *path,
                       long line, long col, const char *source) {
  json_t *loc = json_pack("{s:s, s:i, s:i}", "path", path, "line", line > 0 ? line : -1, "column",
                          col > 0 ? col : -1);
  return json_pack("{s:s, s:s, s:s, s:[o], s:s}", "ID", id, "severity", severity, "message", text,
                   "locations", loc, "source", source);
}

static void on_msg(void *ud, const sheaf_check_msg *m) {
  report *r = ud;
  json_array_append_new(r->messages, message(m->id, severity_name(m->severity), m->message, m->path,
                                             m->line, m->col, "sheaf"));
}

/* ---- EPUBCheck ---- */

static const char *epubcheck_jar(void) {
  const char *jar = getenv("EPUBCHECK_JAR");
  return jar && *jar ? jar : "/usr/share/java/epubcheck.jar";
}

/* Runs EPUBCheck on file, its JSON report into `out`; returns 0 when the report was read. */
static int run_epubcheck(const char *file, const char *out) {
  /* posix_spawn wants mutable strings */
  char java[] = "java";
  char jar_opt[] = "-jar";
  char json_opt[] = "--json";
  char quiet[] = "--quiet";
  char *jar = strdup(epubcheck_jar());
  char *epub = strdup(file);
  char *json_out = strdup(out);
  char *argv[] = {java, jar_opt, jar, epub, json_opt, json_out, quiet, NULL};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = jar && epub && json_out ? posix_spawnp(&pid, "java", &fa, NULL, argv, environ) : -1;
  posix_spawn_file_actions_destroy(&fa);
  free(jar);
  free(epub);
  free(json_out);
  if (rc != 0) {
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
  }
  struct stat st;
  return stat(out, &st) == 0 && st.st_size > 0 ? 0 : -1;
}

/* True when sheaf reported the same message id at the same place already. */
static int duplicate(const json_t *msgs, const char *id, const char *path, json_int_t line) {
  size_t i;
  json_t *m;
  json_array_foreach(msgs, i, m) {
    json_t *loc = json_array_get(json_object_get(m, "locations"), 0);
    if (!strcmp(json_string_value(json_object_get(m, "ID")), id) &&
        !strcmp(json_string_value(json_object_get(loc, "path")), path) &&
        json_integer_value(json_object_get(loc, "line")) == line) {
      json_object_set_new(m, "source", json_string("sheaf+epubcheck"));
      return 1;
    }
  }
  return 0;
}

/* Adds EPUBCheck's messages (paths inside the container, as sheaf gives them). */
static void merge_epubcheck(report *r, json_t *ec) {
  size_t i;
  json_t *m;
  json_array_foreach(json_object_get(ec, "messages"), i, m) {
    const char *id = json_string_value(json_object_get(m, "ID"));
    const char *sev = json_string_value(json_object_get(m, "severity"));
    const char *text = json_string_value(json_object_get(m, "message"));
    size_t k;
    json_t *loc;
    json_array_foreach(json_object_get(m, "locations"), k, loc) {
      const char *path = json_string_value(json_object_get(loc, "path"));
      json_int_t line = json_integer_value(json_object_get(loc, "line"));
      json_int_t col = json_integer_value(json_object_get(loc, "column"));
      if (!id || !sev || !text || !path || duplicate(r->messages, id, path, line)) {
        continue;
      }
      int err = !strcmp(sev, "ERROR") || !strcmp(sev, "FATAL");
      int warn = !strcmp(sev, "WARNING");
      if (!err && !warn) {
        continue; /* usage and info messages are not shown by default, as in EPUBCheck */
      }
      r->errors += err;
      r->warnings += warn;
      json_array_append_new(r->messages, message(id, sev, text, path, line, col, "epubcheck"));
    }
  }
}

static void with_epubcheck(report *r) {
  if (access(epubcheck_jar(), R_OK) != 0) {
    fprintf(stderr, "sheaf: warning: EPUBCheck (%s) is not installed; only sheaf's check ran\n",
            epubcheck_jar());
    return;
  }
  char tmp[] = "/tmp/sheaf-epubcheck-XXXXXX";
  int fd = mkstemp(tmp);
  if (fd < 0) {
    return;
  }
  close(fd);
  json_error_t je;
  json_t *ec = run_epubcheck(r->file, tmp) == 0 ? json_load_file(tmp, 0, &je) : NULL;
  unlink(tmp);
  if (!ec) {
    fprintf(stderr, "sheaf: warning: EPUBCheck did not run (is java installed?)\n");
    return;
  }
  merge_epubcheck(r, ec);
  json_decref(ec);
}

/* ---- output ---- */

static void print_text(const report *r) {
  size_t i;
  json_t *m;
  json_array_foreach(r->messages, i, m) {
    json_t *loc = json_array_get(json_object_get(m, "locations"), 0);
    const char *path = json_string_value(json_object_get(loc, "path"));
    json_int_t line = json_integer_value(json_object_get(loc, "line"));
    json_int_t col = json_integer_value(json_object_get(loc, "column"));
    printf("%s(%s): %s%s%s", json_string_value(json_object_get(m, "severity")),
           json_string_value(json_object_get(m, "ID")), r->file, *path ? "/" : "", path);
    if (line > 0) {
      printf("(%lld,%lld)", (long long)line, (long long)(col > 0 ? col : -1));
    }
    printf(": %s\n", json_string_value(json_object_get(m, "message")));
  }
  printf("%s: %zu error%s, %zu warning%s\n", r->file, r->errors, r->errors == 1 ? "" : "s",
         r->warnings, r->warnings == 1 ? "" : "s");
}

static int check_one(cli_request *req, const char *file, json_t *files) {
  report r = {file, json_array(), 0, 0};
  sheaf_error err;
  sheaf_error_init(&err);
  sheaf_check_counts counts = {0, 0};
  if (sheaf_check_file(file, on_msg, &r, &counts, req->opts.threads, &err) != 0) {
    char msg[2048];
    sheaf_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    json_decref(r.messages);
    return 1;
  }
  r.errors = counts.errors;
  r.warnings = counts.warnings;
  if (req->epubcheck) {
    with_epubcheck(&r);
  }
  if (req->json) {
    json_array_append_new(files, json_pack("{s:s, s:i, s:i, s:o}", "path", file, "nError",
                                           (json_int_t)r.errors, "nWarning", (json_int_t)r.warnings,
                                           "messages", r.messages));
  } else {
    print_text(&r);
    json_decref(r.messages);
  }
  return r.errors ? 1 : 0;
}

int cli_check(cli_request *req) {
  json_t *files = json_array();
  int rc = 0;
  for (size_t i = 0; i < req->n_inputs; i++) {
    rc |= check_one(req, req->inputs[i], files);
  }
  if (req->json) {
    json_t *out = json_pack("{s:{s:s, s:s, s:b}, s:o}", "checker", "name", "sheaf check", "version",
                            sheaf_version_string(), "epubcheck", req->epubcheck, "files", files);
    json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(out);
  } else {
    json_decref(files);
  }
  return rc;
}
