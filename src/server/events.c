/* events.c — loads the --event files at start: bounded read, validation by event_load(),
 * duplicate ids refused. Runs before the HTTP daemon; must never serve an event that did
 * not validate, nor read a file without a size cap. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "server/srv.h"

/* Reads a whole regular file of at most `max` bytes into a NUL-terminated heap buffer. */
static char *srv_read_file(const char *path, size_t max, size_t *len_out, char *err, size_t cap)
{
    /* O_NONBLOCK: a FIFO given by mistake is refused below instead of hanging the start. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, cap, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, cap, "%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    if ((unsigned long long)sb.st_size > max) {
        snprintf(err, cap, "%s: %lld bytes, larger than the %zu-byte limit for an event file",
                 path, (long long)sb.st_size, max);
        close(fd);
        return NULL;
    }
    /* Read up to max+1 bytes whatever fstat said: the file may grow while we read it. */
    char *buf = malloc(max + 2);
    if (!buf) {
        snprintf(err, cap, "%s: out of memory", path);
        close(fd);
        return NULL;
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, max + 1 - len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(err, cap, "%s: read failed: %s", path, strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0) break;
        len += (size_t)n;
        if (len > max) {
            snprintf(err, cap, "%s: larger than the %zu-byte limit for an event file", path, max);
            free(buf);
            close(fd);
            return NULL;
        }
    }
    close(fd);
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

/* The members parleyd adds when it serves an event (docs/chair-api.md): a file carrying one
 * would be served with it twice. Returns the first found, or NULL. */
static const char *srv_served_member(const char *json, size_t len)
{
    static const char *const served[] = {"current_item", "current_since", "revision"};
    cJSON *j = cJSON_ParseWithLength(json, len);
    const char *found = NULL;
    for (size_t k = 0; j && !found && k < sizeof served / sizeof served[0]; k++)
        if (cJSON_GetObjectItemCaseSensitive(j, served[k])) found = served[k];
    cJSON_Delete(j);
    return found;
}

bool srv_events_load(SrvState *st, const char *const *files, int count, char *err, size_t cap)
{
    if (count < 1) {
        snprintf(err, cap, "no --event file given");
        return false;
    }
    if (count > SRV_MAX_EVENTS) {
        snprintf(err, cap, "too many --event files (at most %d)", SRV_MAX_EVENTS);
        return false;
    }
    for (int i = 0; i < count; i++) {
        const char *served;
        SrvEvent *e = &st->events[st->event_count];
        memset(e, 0, sizeof *e);
        e->json = srv_read_file(files[i], EVENT_MAX_FILE_BYTES, &e->json_len, err, cap);
        if (!e->json) goto fail;
        e->file = strdup(files[i]);
        e->model = calloc(1, sizeof *e->model);
        if (!e->file || !e->model) {
            snprintf(err, cap, "%s: out of memory", files[i]);
            goto fail_entry;
        }
        EventError ee;
        memset(&ee, 0, sizeof ee);
        if (!event_load(e->model, e->json, e->json_len, &ee)) {
            event_error_format(&ee, files[i], err, cap);
            free(e->model);   /* event_load leaves *out empty on failure: nothing to free */
            e->model = NULL;
            goto fail_entry;
        }
        if ((served = srv_served_member(e->json, e->json_len)) != NULL) {
            snprintf(err, cap, "%s: \"%s\" is added by parleyd when it serves the event;"
                     " an event file must not carry it", files[i], served);
            goto fail_entry;
        }
        if (srv_event_find(st, e->model->id)) {
            snprintf(err, cap, "%s: event id \"%s\" is already used by another --event file",
                     files[i], e->model->id);
            goto fail_entry;
        }
        st->event_count++;
    }
    return true;

fail_entry: {
        SrvEvent *e = &st->events[st->event_count];
        if (e->model) {
            event_free(e->model);
            free(e->model);
        }
        free(e->json);
        free(e->file);
        memset(e, 0, sizeof *e);
    }
fail:
    srv_events_free(st);
    return false;
}

void srv_events_free(SrvState *st)
{
    for (int i = 0; i < st->event_count; i++) {
        SrvEvent *e = &st->events[i];
        event_free(e->model);
        free(e->model);
        free(e->json);
        free(e->file);
        memset(e, 0, sizeof *e);
    }
    st->event_count = 0;
}

const SrvEvent *srv_event_find(const SrvState *st, const char *id)
{
    for (int i = 0; i < st->event_count; i++)
        if (strcmp(st->events[i].model->id, id) == 0) return &st->events[i];
    return NULL;
}
