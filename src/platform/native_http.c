/* native_http.c — see native_http.h. A request's thread only moves bytes: it fills a reply
 * (status, body or a stream's piece, Retry-After) and queues it; the main thread hands the
 * replies to the app in order. */
#include "platform/native_http.h"

#include <SDL.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HTTP_MAX_BODY_BYTES (16u << 20) /* a longer plain answer is not parleyd's */
#define HTTP_TIMEOUT_S      30L         /* a plain request, as in the browser */
#define HTTP_MAX_REQUESTS   16          /* in flight at once */
#define HTTP_RETRY_AFTER_BYTES 64

typedef struct Reply {
    struct Reply *next;
    uint32_t id;
    int status;
    bool final;
    char retry_after[HTTP_RETRY_AFTER_BYTES];
    size_t len;
    char body[]; /* len bytes and a NUL */
} Reply;

typedef struct Request {
    bool used;
    pthread_t thread;
    CURL *handle;            /* while the thread runs */
    uint32_t id;
    atomic_bool cancelled;
    bool stream;
    char *method, *url, *headers, *body;
    size_t body_len;
    char *got;               /* a plain request's body so far */
    size_t got_len;
    bool too_long;
    int status;              /* of the stream, once its headers came */
    char retry_after[HTTP_RETRY_AFTER_BYTES];
    Reply *last_resort;      /* the final reply when memory runs out: every request gets one */
} Request;

static char base[1024];
static CURLSH *share;
static pthread_mutex_t share_lock[CURL_LOCK_DATA_LAST];
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static Reply *queue_head, *queue_tail;
static Request requests[HTTP_MAX_REQUESTS]; /* slots, owned by the main thread */
static Uint32 wake_event = (Uint32)-1;

static void share_lock_fn(CURL *h, curl_lock_data data, curl_lock_access access, void *user)
{
    (void)h; (void)access; (void)user;
    pthread_mutex_lock(&share_lock[data]);
}

static void share_unlock_fn(CURL *h, curl_lock_data data, void *user)
{
    (void)h; (void)user;
    pthread_mutex_unlock(&share_lock[data]);
}

bool native_http_init(const char *base_url)
{
    size_t n = strlen(base_url);
    if (n == 0 || n + 2 > sizeof base || (strncmp(base_url, "http://", 7) != 0 && strncmp(base_url, "https://", 8) != 0)) {
        fprintf(stderr, "parley: --server '%s': expected an http:// or https:// address\n", base_url);
        return false;
    }
    snprintf(base, sizeof base, "%s%s", base_url, base_url[n - 1] == '/' ? "" : "/");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(share = curl_share_init())) {
        fprintf(stderr, "parley: libcurl could not start\n");
        return false;
    }
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&share_lock[i], NULL);
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock_fn);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock_fn);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    wake_event = SDL_RegisterEvents(1);
    return true;
}

/* Queues a reply and wakes the main loop. Without memory for it, a stream's piece is
 * dropped (with a line on stderr) and a final reply becomes "no answer" (status 0), made
 * in the memory set aside when the request started. */
static void post(Request *r, int status, const char *bytes, size_t len, bool final)
{
    Reply *p = malloc(sizeof *p + len + 1);
    if (!p && !final) {
        fprintf(stderr, "parley: %s: out of memory, %zu bytes of the stream dropped\n", r->url, len);
        return;
    }
    if (!p) {
        p = r->last_resort;
        len = 0;
        status = 0;
    }
    if (p == r->last_resort) r->last_resort = NULL;
    p->next = NULL;
    p->id = r->id;
    p->status = status;
    p->final = final;
    snprintf(p->retry_after, sizeof p->retry_after, "%s", r->retry_after);
    p->len = len;
    if (len) memcpy(p->body, bytes, len);
    p->body[len] = '\0';
    pthread_mutex_lock(&queue_lock);
    if (queue_tail) queue_tail->next = p; else queue_head = p;
    queue_tail = p;
    pthread_mutex_unlock(&queue_lock);
    if (wake_event != (Uint32)-1) {
        SDL_Event e = {.type = wake_event};
        SDL_PushEvent(&e);
    }
}

static size_t on_header(char *line, size_t size, size_t count, void *user)
{
    Request *r = user;
    size_t n = size * count;
    if (n > 12 && strncasecmp(line, "retry-after:", 12) == 0) {
        size_t start = 12, end = n;
        while (start < end && (line[start] == ' ' || line[start] == '\t')) start++;
        while (end > start && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' ')) end--;
        if (end - start < sizeof r->retry_after) {
            memcpy(r->retry_after, line + start, end - start);
            r->retry_after[end - start] = '\0';
        }
    }
    return n;
}

static size_t on_body(char *bytes, size_t size, size_t count, void *user)
{
    Request *r = user;
    size_t n = size * count;
    if (r->stream) {
        if (r->status == 0) {
            long code = 0;
            curl_easy_getinfo(r->handle, CURLINFO_RESPONSE_CODE, &code);
            r->status = (int)code;
        }
        post(r, r->status, bytes, n, false);
        return n;
    }
    if (r->got_len + n > HTTP_MAX_BODY_BYTES) { r->too_long = true; return 0; }
    char *g = realloc(r->got, r->got_len + n + 1);
    if (!g) { r->too_long = true; return 0; }
    memcpy(g + r->got_len, bytes, n);
    r->got = g;
    r->got_len += n;
    return n;
}

static int on_progress(void *user, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a; (void)b; (void)c; (void)d;
    return atomic_load(&((Request *)user)->cancelled) ? 1 : 0;
}

static void *run(void *arg)
{
    Request *r = arg;
    CURL *h = curl_easy_init();
    r->handle = h;
    struct curl_slist *hdrs = NULL;
    long status = 0;
    if (h) {
        for (char *line = r->headers, *end; line && *line; line = end ? end + 1 : NULL) {
            end = strchr(line, '\n');
            if (end) *end = '\0';
            if (*line) hdrs = curl_slist_append(hdrs, line);
        }
        curl_easy_setopt(h, CURLOPT_URL, r->url);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
        if (r->body) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_SHARE, share);
        curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""); /* the cookie engine on, nothing read from disk */
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
        if (!r->stream) curl_easy_setopt(h, CURLOPT_TIMEOUT, HTTP_TIMEOUT_S);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, r);
        CURLcode rc = curl_easy_perform(h);
        if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        else if (!atomic_load(&r->cancelled) && !r->too_long)
            fprintf(stderr, "parley: %s %s: %s\n", r->method, r->url, curl_easy_strerror(rc));
        if (r->too_long) fprintf(stderr, "parley: %s %s: the answer is over %u bytes\n", r->method, r->url, HTTP_MAX_BODY_BYTES);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
    }
    if (r->too_long) status = 0;
    if (r->stream) post(r, (int)status, NULL, 0, true);
    else post(r, (int)status, status ? r->got : NULL, status ? r->got_len : 0, true);
    return NULL;
}

static void release(Request *r)
{
    pthread_join(r->thread, NULL);
    free(r->method); free(r->url); free(r->headers); free(r->body); free(r->got); free(r->last_resort);
    memset(r, 0, sizeof *r);
}

static Request *find(uint32_t id)
{
    for (int i = 0; i < HTTP_MAX_REQUESTS; i++)
        if (requests[i].used && requests[i].id == id) return &requests[i];
    return NULL;
}

bool native_http_request(void *user, uint32_t id, const AppRequest *req)
{
    (void)user;
    Request *r = NULL;
    for (int i = 0; i < HTTP_MAX_REQUESTS && !r; i++)
        if (!requests[i].used) r = &requests[i];
    if (!r || !share) return false;
    size_t url_len = strlen(base) + strlen(req->path) + 1;
    memset(r, 0, sizeof *r);
    r->method = strdup(req->method);
    r->url = malloc(url_len);
    r->headers = strdup(req->headers ? req->headers : "");
    r->body_len = req->body ? req->body_len : 0;
    r->body = req->body ? malloc(r->body_len ? r->body_len : 1) : NULL;
    r->last_resort = malloc(sizeof *r->last_resort + 1);
    if (!r->method || !r->url || !r->headers || (req->body && !r->body) || !r->last_resort) {
        free(r->method); free(r->url); free(r->headers); free(r->body); free(r->last_resort);
        memset(r, 0, sizeof *r);
        return false;
    }
    snprintf(r->url, url_len, "%s%s", base, req->path);
    if (r->body_len) memcpy(r->body, req->body, r->body_len);
    r->id = id;
    r->stream = req->stream;
    atomic_init(&r->cancelled, false);
    r->used = true;
    if (pthread_create(&r->thread, NULL, run, r) != 0) {
        free(r->method); free(r->url); free(r->headers); free(r->body); free(r->last_resort);
        memset(r, 0, sizeof *r);
        return false;
    }
    return true;
}

void native_http_cancel(void *user, uint32_t id)
{
    (void)user;
    Request *r = find(id);
    if (r) atomic_store(&r->cancelled, true); /* its replies are dropped as they come */
}

bool native_http_deliver(App *app)
{
    bool changed = false;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        Reply *p = queue_head;
        if (p) {
            queue_head = p->next;
            if (!queue_head) queue_tail = NULL;
        }
        pthread_mutex_unlock(&queue_lock);
        if (!p) break;
        Request *r = find(p->id);
        bool cancelled = !r || atomic_load(&r->cancelled);
        if (r && p->final) release(r); /* before the answer: the app may start the next one */
        if (!cancelled && app_http_answer(app, p->id, p->status, p->body, p->len, p->final, p->retry_after))
            changed = true;
        free(p);
    }
    return changed;
}

void native_http_stop(void)
{
    if (!share) return;
    for (int i = 0; i < HTTP_MAX_REQUESTS; i++)
        if (requests[i].used) { atomic_store(&requests[i].cancelled, true); release(&requests[i]); }
    for (Reply *p = queue_head, *next; p; p = next) { next = p->next; free(p); }
    queue_head = queue_tail = NULL;
    curl_share_cleanup(share);
    share = NULL;
    curl_global_cleanup();
}
