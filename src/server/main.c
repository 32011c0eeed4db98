/* main.c — parleyd's entry point: arguments, start-up order, signal-driven graceful stop.
 * Must never work inside a signal handler (signals are blocked, taken with sigwait) nor
 * exit without closing the database. Exit: 0 clean stop, 1 start failure, 2 bad arguments. */
/* realpath() is XSI: the build defines only _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "server/accounts.h"
#include "server/db.h"
#include "server/http.h"
#include "server/import.h"
#include "server/proxy.h"
#include "server/sechdr.h"
#include "server/sessions.h"
#include "server/srv.h"
#include "server/stream.h"
#include "server/tls.h"
#include "server/writer.h"

#define SRV_DEFAULT_PORT  8080
#define SRV_DEFAULT_BIND  "127.0.0.1"
#define SRV_DEFAULT_DATA  "data"
#define SRV_DEFAULT_WEB   "build/web"
#define SRV_DEFAULT_EVENT "assets/events/untoc-som-2022.json"
#define SRV_FD_WANTED     8192  /* HTTP_MAX_CONNECTIONS sockets + files being served */

typedef struct SrvArgs {
    long port;  /* -1: not given */
    long timeout_s;
    long session_idle_s;
    long heartbeat_s;
    const char *data, *web, *bind;
    const char *events[SRV_MAX_EVENTS];
    int event_count;
    const char *tls_cert, *tls_key;
    long redirect_port;  /* -1: none */
    const char *frame_ancestors;  /* NULL: 'none' */
    ProxyTrust trust;
} SrvArgs;

static void srv_usage(FILE *f)
{
    fprintf(f,
            "usage: parleyd [--port N] [--data DIR] [--web DIR] [--event FILE]... [--bind ADDR]\n"
            "               [--tls-cert FILE --tls-key FILE [--redirect-http PORT]]\n"
            "               [--trust-proxy ADDR]... [--frame-ancestors SOURCES]\n"
            "               [--timeout S] [--session-idle S] [--stream-heartbeat S]\n"
            "       parleyd import FILE... [--data DIR] [--event FILE]...\n"
            "       parleyd user add|list|remove|passwd ... (parleyd user --help)\n"
            "\n"
            "Parley collection server: serves the kiosk web build and its events, and stores\n"
            "the records kiosks upload in DIR/parley.db (SQLite).\n"
            "\n"
            "  --port N       TCP port (default: $PORT, else %d; 0 picks a free port)\n"
            "  --data DIR     data directory, created if missing (default: %s)\n"
            "  --web DIR      web build to serve at / (default: %s)\n"
            "  --event FILE   event file (JSON); repeat for more, the first is current\n"
            "                 (default: %s)\n"
            "  --bind ADDR    numeric IPv4 or IPv6 address to listen on (default: %s)\n"
            "  --timeout S    idle seconds before a connection is closed (default: %d); a\n"
            "                 request's headers must arrive within 2*S, its body within 4*S\n"
            "  --tls-cert FILE  serve HTTPS (TLS 1.2 and 1.3 only) with this PEM certificate\n"
            "                 chain, leaf first; needs --tls-key FILE, its unencrypted PEM\n"
            "                 key. Both are checked at start; SIGHUP reads them again (a\n"
            "                 bad new pair is logged and the old one kept)\n"
            "  --redirect-http PORT  with TLS: also listen on PORT for plain HTTP and answer\n"
            "                 308 to the same path on https\n"
            "  --trust-proxy ADDR  a reverse proxy's numeric address (repeat, or separate\n"
            "                 with commas, at most %d): from it, the client address logged is\n"
            "                 the last X-Forwarded-For hop that is not a trusted proxy; from\n"
            "                 anyone else the header is ignored\n"
            "  --frame-ancestors SOURCES  pages allowed to embed Parley, e.g.\n"
            "                 'https://www.unodc.org' (CSP frame-ancestors; default 'none')\n"
            "  --session-idle S  a staff session ends after S idle seconds (default: %d)\n"
            "  --stream-heartbeat S  a comment line on the staff live stream every S\n"
            "                 seconds without events (default: %d)\n"
            "  --help         show this help\n"
            "\n"
            "parleyd import FILE...: loads device export files (docs/device-export.md) into\n"
            "DIR/parley.db, with the same checks and exactly-once rule as uploads; it may run\n"
            "while parleyd serves the same DIR. It prints each damaged line (file:line: why)\n"
            "and a summary; exit 0 when nothing was damaged or rejected, 1 when something\n"
            "was (the rest is imported) or a file is not a device export (nothing of it is\n"
            "imported), 2 for bad arguments, 3 when the database cannot be written.\n"
            "\n"
            "Admin token: $PARLEY_ADMIN_TOKEN, else DIR/admin-token, else a new random one\n"
            "written to DIR/admin-token (mode 0600).\n"
            "Uploads (POST /api/v1/records) are acknowledged only once committed to disk;\n"
            "exports and /api/v1/stats need \"Authorization: Bearer <admin token>\".\n"
            "Every request leaves one line on stderr:\n"
            "  access TIME CLIENT METHOD PATH STATUS BYTES MS\n"
            "SIGTERM or SIGINT: stop accepting, finish requests in flight, close, exit 0.\n"
            "SIGHUP: reload the TLS certificate and key.\n",
            SRV_DEFAULT_PORT, SRV_DEFAULT_DATA, SRV_DEFAULT_WEB, SRV_DEFAULT_EVENT,
            SRV_DEFAULT_BIND, HTTP_CONNECTION_TIMEOUT_S, PROXY_MAX_TRUSTED,
            SESSIONS_DEFAULT_IDLE_S, STREAM_HEARTBEAT_S);
}

int srv_usage_error(const char *program, void (*usage)(FILE *), const char *fmt, const char *what)
{
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n\n");
    usage(stderr);
    return 2;
}

static int srv_bad_args(const char *fmt, const char *what)
{
    return srv_usage_error("parleyd", srv_usage, fmt, what);
}

/* Strict: decimal digits only, 0..65535. */
static long srv_parse_port(const char *s)
{
    if (!s || !*s || strlen(s) > 5) return -1;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    return v <= 65535 ? v : -1;
}

/* Returns 0 when parsed, 1 for --help, 2 for bad arguments (already reported). */
static int srv_parse_args(int argc, char **argv, SrvArgs *a)
{
    a->port = -1;
    a->timeout_s = HTTP_CONNECTION_TIMEOUT_S;
    a->session_idle_s = SESSIONS_DEFAULT_IDLE_S;
    a->heartbeat_s = STREAM_HEARTBEAT_S;
    a->data = SRV_DEFAULT_DATA;
    a->web = SRV_DEFAULT_WEB;
    a->bind = SRV_DEFAULT_BIND;
    a->event_count = 0;
    a->tls_cert = a->tls_key = NULL;
    a->redirect_port = -1;
    a->frame_ancestors = NULL;
    a->trust.count = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) return 1;
        if (strncmp(arg, "--", 2) != 0) return srv_bad_args("unexpected argument '%s'", arg);
        /* "--name value" or "--name=value" */
        char name[24];
        const char *value = NULL;
        const char *eq = strchr(arg, '=');
        size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
        if (nlen >= sizeof name) return srv_bad_args("unknown option '%s'", arg);
        memcpy(name, arg, nlen);
        name[nlen] = '\0';
        bool known = strcmp(name, "--port") == 0 || strcmp(name, "--data") == 0 ||
                     strcmp(name, "--web") == 0 || strcmp(name, "--event") == 0 ||
                     strcmp(name, "--bind") == 0 || strcmp(name, "--timeout") == 0 ||
                     strcmp(name, "--tls-cert") == 0 || strcmp(name, "--tls-key") == 0 ||
                     strcmp(name, "--redirect-http") == 0 || strcmp(name, "--trust-proxy") == 0 ||
                     strcmp(name, "--frame-ancestors") == 0 ||
                     strcmp(name, "--session-idle") == 0 || strcmp(name, "--stream-heartbeat") == 0;
        if (!known) return srv_bad_args("unknown option '%s'", arg);
        if (eq) {
            value = eq + 1;
        } else {
            if (i + 1 >= argc) return srv_bad_args("option '%s' needs a value", arg);
            value = argv[++i];
        }
        if (!*value) return srv_bad_args("option '%s' needs a non-empty value", name);
        if (strcmp(name, "--port") == 0) {
            a->port = srv_parse_port(value);
            if (a->port < 0) return srv_bad_args("--port '%s': expected a number 0..65535", value);
        } else if (strcmp(name, "--timeout") == 0) {
            a->timeout_s = srv_parse_port(value);  /* the same strict digits, 1..3600 */
            if (a->timeout_s < 1 || a->timeout_s > 3600)
                return srv_bad_args("--timeout '%s': expected seconds, 1..3600", value);
        } else if (strcmp(name, "--session-idle") == 0) {
            a->session_idle_s = srv_parse_port(value);
            if (a->session_idle_s < 1 || a->session_idle_s > 86400 / 2)
                return srv_bad_args("--session-idle '%s': expected seconds, 1..43200", value);
        } else if (strcmp(name, "--stream-heartbeat") == 0) {
            a->heartbeat_s = srv_parse_port(value);
            if (a->heartbeat_s < 1 || a->heartbeat_s > 300)
                return srv_bad_args("--stream-heartbeat '%s': expected seconds, 1..300", value);
        } else if (strcmp(name, "--redirect-http") == 0) {
            a->redirect_port = srv_parse_port(value);
            if (a->redirect_port < 0)
                return srv_bad_args("--redirect-http '%s': expected a number 0..65535", value);
        } else if (strcmp(name, "--tls-cert") == 0) {
            a->tls_cert = value;
        } else if (strcmp(name, "--tls-key") == 0) {
            a->tls_key = value;
        } else if (strcmp(name, "--trust-proxy") == 0) {
            char why[160];
            if (!proxy_trust_add(&a->trust, value, why, sizeof why))
                return srv_bad_args("%s", why);
        } else if (strcmp(name, "--frame-ancestors") == 0) {
            char why[160];
            if (!sechdr_frame_ancestors_valid(value, why, sizeof why))
                return srv_bad_args("%s", why);
            a->frame_ancestors = value;
        } else if (strcmp(name, "--data") == 0) {
            a->data = value;
        } else if (strcmp(name, "--web") == 0) {
            a->web = value;
        } else if (strcmp(name, "--bind") == 0) {
            unsigned char buf[sizeof(struct in6_addr)];
            if (inet_pton(AF_INET, value, buf) != 1 && inet_pton(AF_INET6, value, buf) != 1)
                return srv_bad_args("--bind '%s': expected a numeric IPv4 or IPv6 address",
                                    value);
            a->bind = value;
        } else {
            if (a->event_count >= SRV_MAX_EVENTS)
                return srv_bad_args("too many --event options (at most 32): '%s'", value);
            a->events[a->event_count++] = value;
        }
    }
    if (a->port < 0) {
        const char *env = getenv("PORT");
        if (env && *env) {
            a->port = srv_parse_port(env);
            if (a->port < 0) return srv_bad_args("PORT='%s': expected a number 0..65535", env);
        } else {
            a->port = SRV_DEFAULT_PORT;
        }
    }
    if (a->event_count == 0) a->events[a->event_count++] = SRV_DEFAULT_EVENT;
    if (!a->tls_cert != !a->tls_key)
        return srv_bad_args("%s", "--tls-cert and --tls-key go together: give both or neither");
    if (a->redirect_port >= 0 && !a->tls_cert)
        return srv_bad_args("%s", "--redirect-http needs --tls-cert and --tls-key");
    return 0;
}

bool srv_mkdirs(const char *dir, char *err, size_t cap)
{
    char path[SRV_PATH_MAX];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof path) {
        snprintf(err, cap, "--data: path empty or too long");
        return false;
    }
    memcpy(path, dir, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            snprintf(err, cap, "cannot create %s: %s", path, strerror(errno));
            return false;
        }
        path[i] = saved;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, cap, "%s: not a directory", dir);
        return false;
    }
    return true;
}

/* Each connection is a file descriptor; the usual soft limit of 1024 would cap us below
 * HTTP_MAX_CONNECTIONS, so raise it as far as the hard limit allows. */
static void srv_raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
    rlim_t want = SRV_FD_WANTED;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) want = rl.rlim_max;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want) return;
    rl.rlim_cur = want;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
}

static void srv_free_state(SrvState *st)
{
    stream_free(st->stream);
    st->stream = NULL;
    sessions_free(st->sessions);
    st->sessions = NULL;
    db_close(st->db);
    st->db = NULL;
    srv_events_free(st);
    memset(st->admin_token, 0, sizeof st->admin_token);
}

int main(int argc, char **argv)
{
    /* Block the stop signals before any thread exists, so every MHD thread inherits the
     * mask and the signals wait for sigwait below, even during start-up. */
    sigset_t stop_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGTERM);
    sigaddset(&stop_set, SIGINT);
    sigaddset(&stop_set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
    /* A peer closing mid-sendfile must be an EPIPE for MHD, not the end of the process. */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, NULL);

    setvbuf(stdout, NULL, _IOLBF, 0);  /* the "listening" line must reach a pipe at once */

    if (argc >= 2 && strcmp(argv[1], "import") == 0) return import_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "user") == 0) return accounts_main(argc - 1, argv + 1);

    static SrvArgs args;
    int parsed = srv_parse_args(argc, argv, &args);
    if (parsed == 1) {
        srv_usage(stdout);
        return 0;
    }
    if (parsed == 2) return 2;

    umask(077);  /* the database and the token are nobody else's business */
    srv_raise_fd_limit();

    static SrvState st;  /* large (events) and shared with every request thread */
    char err[SRV_PATH_MAX + 1024];  /* room for a path plus its explanation */
    /* The certificate first: a venue's most likely start-up mistake, said before anything
     * is opened. */
    Tls *tls = NULL;
    if (args.tls_cert && !(tls = tls_load(args.tls_cert, args.tls_key, err, sizeof err))) {
        fprintf(stderr, "parleyd: %s\n", err);
        return 1;
    }
    if (!srv_events_load(&st, args.events, args.event_count, err, sizeof err)) {
        fprintf(stderr, "parleyd: %s\n", err);
        tls_free(tls);
        return 1;
    }
    if (!realpath(args.web, st.web_root)) {
        fprintf(stderr, "parleyd: warning: web directory %s: %s; static files will be 404\n",
                args.web, strerror(errno));
        st.web_root[0] = '\0';
    }
    err[0] = '\0';
    if (!srv_mkdirs(args.data, err, sizeof err) ||
        !(st.db = db_open(args.data, err, sizeof err)) ||
        !srv_token_init(&st, args.data, err, sizeof err) || !accounts_init(err, sizeof err) ||
        !(st.sessions = sessions_new((unsigned)args.session_idle_s)) ||
        !(st.stream = stream_new((unsigned)args.heartbeat_s))) {
        if (!err[0]) snprintf(err, sizeof err, "out of memory for the staff sessions");
        fprintf(stderr, "parleyd: %s\n", err);
        srv_free_state(&st);
        tls_free(tls);
        return 1;
    }

    st.writer = writer_start(st.db, err, sizeof err);
    if (!st.writer) {
        fprintf(stderr, "parleyd: %s\n", err);
        srv_free_state(&st);
        tls_free(tls);
        return 1;
    }
    HttpOptions ho = {
        .bind_addr = args.bind,
        .port = (unsigned)args.port,
        .timeout_s = (unsigned)args.timeout_s,
        .tls = tls,
        .redirect_port = args.redirect_port,
        .frame_ancestors = args.frame_ancestors,
        .trust = &args.trust,
    };
    Http *http = http_start(&st, &ho, err, sizeof err);
    if (!http) {
        fprintf(stderr, "parleyd: %s\n", err);
        writer_stop(st.writer, NULL);
        st.writer = NULL;
        srv_free_state(&st);
        tls_free(tls);
        return 1;
    }
    printf("parleyd: event %s (%d event file%s)\n", st.events[0].model->id, st.event_count,
           st.event_count == 1 ? "" : "s");
    printf("parleyd: data in %s/%s\n", args.data, DB_FILE_NAME);
    bool v6 = strchr(args.bind, ':') != NULL;
    if (tls) {
        tls_describe(tls, err, sizeof err);
        printf("parleyd: TLS certificate %s\n", err);
    }
    if (http_redirect_port(http))
        printf("parleyd: redirecting http://%s%s%s:%u/ to https\n", v6 ? "[" : "", args.bind,
               v6 ? "]" : "", http_redirect_port(http));
    printf("parleyd: listening on %s://%s%s%s:%u/\n", tls ? "https" : "http", v6 ? "[" : "",
           args.bind, v6 ? "]" : "", http_port(http));

    int sig = 0;
    for (;;) {
        if (sigwait(&stop_set, &sig) != 0) continue;
        if (sig != SIGHUP) break;
        if (!tls) {
            fprintf(stderr, "parleyd: SIGHUP: no TLS certificate to reload\n");
        } else if (!tls_reload(tls, err, sizeof err)) {
            fprintf(stderr, "parleyd: SIGHUP: certificate not reloaded, the old one stays: %s\n",
                    err);
        } else {
            tls_describe(tls, err, sizeof err);
            fprintf(stderr, "parleyd: SIGHUP: TLS certificate reloaded: %s\n", err);
        }
    }
    fprintf(stderr, "parleyd: %s received, finishing %d request%s in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM", http_inflight(http),
            http_inflight(http) == 1 ? "" : "s");

    /* Graceful stop: no new connections, wait (bounded) for requests already started,
     * then close everything. A second signal cuts the wait short. */
    http_quiesce(http);
    stream_close_all(st.stream);  /* live streams end now: they would never finish */
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (http_inflight(http) <= 0) break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= HTTP_DRAIN_SECONDS) {
            fprintf(stderr, "parleyd: %d request(s) still in flight after %d s; closing them\n",
                    http_inflight(http), HTTP_DRAIN_SECONDS);
            break;
        }
        struct timespec tick = {0, 20 * 1000 * 1000};
        int again = sigtimedwait(&stop_set, NULL, &tick);
        if (again > 0 && again != SIGHUP) {
            fprintf(stderr, "parleyd: second signal: stopping now\n");
            break;
        }
    }
    /* The writer goes before the daemon: it commits what is still queued and wakes every
     * parked upload, and MHD must not be stopped with a connection still suspended. */
    WriterStats ws;
    writer_stop(st.writer, &ws);
    st.writer = NULL;
    http_stop(http);
    tls_free(tls);
    srv_free_state(&st);
    fprintf(stderr,
            "parleyd: committed %llu uploads (%llu records, new or duplicate) in %llu "
            "transactions, largest group %llu uploads; %llu uploads failed\n",
            (unsigned long long)ws.jobs, (unsigned long long)ws.records,
            (unsigned long long)ws.transactions, (unsigned long long)ws.largest_group,
            (unsigned long long)ws.failed_jobs);
    fprintf(stderr, "parleyd: stopped\n");
    return 0;
}
