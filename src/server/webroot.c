/* webroot.c — static files of the web build: path → file in --web, .br and .gz siblings, ETags.
 * Must never open a file whose resolved path leaves the root, never serve hidden or
 * non-regular files, never read a file into memory (MHD sends the fd with sendfile). */
/* realpath() is XSI: the build defines only _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "server/query.h"
#include "server/webroot.h"

static const struct {
    const char *ext;
    const char *type;
} webroot_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".wasm", "application/wasm"},  /* required for WebAssembly.instantiateStreaming */
    {".json", "application/json"},
    {".ttf", "font/ttf"},
    {".woff2", "font/woff2"},
    {".css", "text/css; charset=utf-8"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".ico", "image/x-icon"},
    {".map", "application/json"},
};

const char *webroot_content_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (dot && (!slash || dot > slash)) {
        for (size_t i = 0; i < sizeof webroot_types / sizeof webroot_types[0]; i++)
            if (strcasecmp(dot, webroot_types[i].ext) == 0) return webroot_types[i].type;
    }
    return "application/octet-stream";
}

static bool webroot_is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* One item of a weighted list (Accept-Encoding, Accept-Language: "gzip, br;q=0.5",
 * "fr-CH, fr;q=0.9"): its name and whether its q is 0 (every digit 0: "0", "0.", "0.000"),
 * which refuses it. Advances *p past the item; false when the list has none left. */
static bool webroot_list_item(const char **p, const char **name, size_t *name_len, bool *q_zero)
{
    const char *s = *p;
    while (*s == ',' || webroot_is_space(*s)) s++;
    if (!*s) return false;
    *name = s;
    while (*s && *s != ',' && *s != ';' && !webroot_is_space(*s)) s++;
    *name_len = (size_t)(s - *name);
    *q_zero = false;
    while (*s && *s != ',') {  /* parameters */
        while (*s == ';' || webroot_is_space(*s)) s++;
        if ((s[0] == 'q' || s[0] == 'Q') && s[1] == '=') {
            const char *v = s + 2;
            bool nonzero = false, digits = false;
            for (; *v && *v != ',' && *v != ';' && !webroot_is_space(*v); v++) {
                if (*v >= '1' && *v <= '9') nonzero = true;
                if (*v >= '0' && *v <= '9') digits = true;
            }
            *q_zero = digits && !nonzero;
            s = v;
        } else {
            while (*s && *s != ',' && *s != ';') s++;
        }
    }
    *p = s;
    return true;
}

/* Accept-Encoding: "gzip, deflate, br" / "gzip;q=0.5" / "gzip;q=0" (refused). Only an
 * explicit name counts: browsers send the ones they take, and "*" is too vague to bet a body
 * on. "x-gzip" is gzip. The client's preference order is not weighed: brotli is smaller
 * than gzip for every file the build makes, so a client taking both gets brotli. */
static bool webroot_accepts(const char *ae, const char *coding)
{
    const char *name;
    size_t name_len, want = strlen(coding);
    bool q_zero;
    for (const char *p = ae ? ae : ""; webroot_list_item(&p, &name, &name_len, &q_zero);) {
        bool is_it = (name_len == want && strncasecmp(name, coding, want) == 0) ||
                     (strcmp(coding, "gzip") == 0 && name_len == 6 && strncasecmp(name, "x-gzip", 6) == 0);
        if (is_it && name_len) return !q_zero;
    }
    return false;
}

bool webroot_accepts_gzip(const char *ae)
{
    return webroot_accepts(ae, "gzip");
}

bool webroot_accepts_brotli(const char *ae)
{
    return webroot_accepts(ae, "br");
}

/* Opens `path` only if its fully resolved form is a regular file strictly inside root
 * (which is itself a realpath). Returns the fd or -1. */
static int webroot_open(const char *root, const char *path, struct stat *sb)
{
    char resolved[SRV_PATH_MAX];
    if (strlen(path) >= sizeof resolved) return -1;
    /* realpath needs PATH_MAX bytes; ours is SRV_PATH_MAX == 4096 == PATH_MAX on Linux. */
    if (!realpath(path, resolved)) return -1;
    size_t rl = strlen(root);
    bool inside = strcmp(root, "/") == 0
                      ? resolved[0] == '/' && resolved[1] != '\0'
                      : strncmp(resolved, root, rl) == 0 && resolved[rl] == '/';
    if (!inside) return -1;
    /* stat first: opening a FIFO would block this thread, opening a device can have
     * side effects. O_NOFOLLOW: refuse a last component swapped for a link since realpath;
     * O_NONBLOCK: in case it was swapped for a FIFO (no effect on a regular file). */
    struct stat pre;
    if (stat(resolved, &pre) != 0 || !S_ISREG(pre.st_mode)) return -1;
    int fd = open(resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return -1;
    if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Weak comparison (RFC 9110 §13.1.2): a list of tags or "*". */
static bool webroot_etag_matches(const char *if_none_match, const char *etag)
{
    if (!if_none_match || !etag[0]) return false;
    const char *ours = etag;
    if (strncmp(ours, "W/", 2) == 0) ours += 2;
    size_t ours_len = strlen(ours);
    const char *p = if_none_match;
    while (*p) {
        while (*p == ',' || webroot_is_space(*p)) p++;
        const char *t = p;
        while (*p && *p != ',' && !webroot_is_space(*p)) p++;
        size_t len = (size_t)(p - t);
        if (len == 1 && t[0] == '*') return true;
        if (len > 2 && strncmp(t, "W/", 2) == 0) {
            t += 2;
            len -= 2;
        }
        if (len == ours_len && len > 0 && strncmp(t, ours, len) == 0) return true;
    }
    return false;
}

/* The interface language (core/i18n.h, the list the page gets too) a tag's primary subtag
 * names, any case; NULL if none of them. */
static const char *webroot_lang_of(const char *tag, size_t len)
{
    char primary[3];
    size_t n = 0;
    while (n < len && tag[n] != '-' && tag[n] != '_') n++;
    if (n != 2) return NULL;
    memcpy(primary, tag, 2);
    primary[2] = '\0';
    const char *ours = i18n_lang_tag(i18n_lang_from_tag(primary));
    return strncasecmp(ours, primary, 2) == 0 ? ours : NULL;
}

/* The interface language the page will pick (web/boot.js): the query's lang parameter, else
 * the first language of Accept-Language Parley has (in the order sent: a browser sends its
 * languages by preference, as the page reads them from navigator.languages; q=0 refuses
 * one), else English. */
static const char *webroot_page_lang(const char *query, const char *accept_language)
{
    char tag[36];
    if (query_param(query, "lang", tag, sizeof tag) == 1) {
        const char *lang = webroot_lang_of(tag, strlen(tag));
        if (lang) return lang;
    }
    const char *name;
    size_t name_len;
    bool q_zero;
    for (const char *p = accept_language ? accept_language : ""; webroot_list_item(&p, &name, &name_len, &q_zero);) {
        const char *lang = webroot_lang_of(name, name_len);
        if (lang && !q_zero) return lang;
    }
    return "en";
}

/* Appends one preload to a Link value; false when it does not fit. */
static bool webroot_link_add(char *link, size_t cap, const char *url)
{
    size_t used = strlen(link);
    int n = snprintf(link + used, cap - used, "%s<%s>; rel=preload; as=fetch; crossorigin", used ? ", " : "", url);
    return n > 0 && (size_t)n < cap - used;
}

/* The Link value (rel=preload) naming what the page fetches before its first frame in its
 * language and mode (query: mode=console), as web/boot.js fetches it: the first Latin faces,
 * the event, the language pack, Arabic's shaping module and face, Chinese's face, the
 * console's deferred code. false (and "") if it does not fit cap. */
static bool webroot_page_preloads(const char *query, const char *accept_language, char *link, size_t cap)
{
    const char *lang = webroot_page_lang(query, accept_language);
    char mode[16];
    bool console = query_param(query, "mode", mode, sizeof mode) == 1 && strcmp(mode, "console") == 0;
    bool ru = strcmp(lang, "ru") == 0;
    char event[48], pack[24];
    snprintf(event, sizeof event, console ? "api/v1/event" : "api/v1/event?lang=%s", lang);
    snprintf(pack, sizeof pack, "lang/%s.txt", lang);
    link[0] = '\0';
    bool ok = webroot_link_add(link, cap, ru ? "fonts/NotoSans-Regular.ru.ttf" : "fonts/NotoSans-Regular.first.ttf") &&
              webroot_link_add(link, cap, ru ? "fonts/NotoSans-Bold.ru.ttf" : "fonts/NotoSans-Bold.first.ttf") &&
              webroot_link_add(link, cap, event) &&
              (strcmp(lang, "en") == 0 || webroot_link_add(link, cap, pack)) &&
              (strcmp(lang, "ar") != 0 || (webroot_link_add(link, cap, "shape.wasm") &&
                                           webroot_link_add(link, cap, "fonts/NotoSansArabic-Regular.ui.ttf"))) &&
              (strcmp(lang, "zh") != 0 || webroot_link_add(link, cap, "fonts/NotoSansCJKsc-Regular.ui.otf")) &&
              (!console || webroot_link_add(link, cap, "parley.deferred.wasm"));
    if (!ok) link[0] = '\0';
    return ok;
}

void webroot_serve(const char *root, const RouteReq *req, RouteResp *resp)
{
    if (!root[0]) {
        routes_error(resp, 404, "not found (the server has no web directory)");
        return;
    }
    /* "/" and "/dir/" mean the index.html in that directory. */
    char rel[SRV_PATH_MAX];
    const char *p = req->path + 1;
    size_t plen = strlen(p);
    const char *index = (plen == 0 || p[plen - 1] == '/') ? "index.html" : "";
    int n = snprintf(rel, sizeof rel, "%s%s", p, index);
    if (n < 0 || (size_t)n >= sizeof rel) {
        routes_error(resp, 404, "not found");
        return;
    }
    /* Every segment must be a plain name: no empty segment ("//"), nothing hidden
     * (".git", ".env"); "." and ".." were already refused by routes_parse_target. */
    for (const char *s = rel; *s;) {
        if (*s == '/' || *s == '.') {
            routes_error(resp, 404, "not found");
            return;
        }
        const char *slash = strchr(s, '/');
        if (!slash) break;
        s = slash + 1;
    }
    char full[SRV_PATH_MAX];
    n = snprintf(full, sizeof full, "%s/%s", root, rel);
    if (n < 0 || (size_t)n + 3 >= sizeof full) {  /* + ".gz" or ".br" */
        routes_error(resp, 404, "not found");
        return;
    }
    struct stat sb;
    int fd = webroot_open(root, full, &sb);
    if (fd < 0) {
        routes_error(resp, 404, "not found");
        return;
    }
    /* A precompressed sibling made at build time (brotli first: it is the smaller). */
    static const struct {
        const char *suffix, *coding, *etag;
        bool (*accepts)(const char *);
    } twins[] = {{".br", "br", "-br", webroot_accepts_brotli}, {".gz", "gzip", "-gz", webroot_accepts_gzip}};
    const char *encoding = NULL, *etag_suffix = "";
    for (size_t i = 0; i < sizeof twins / sizeof twins[0] && !encoding; i++) {
        if (!twins[i].accepts(req->accept_encoding)) continue;
        memcpy(full + n, twins[i].suffix, 4);
        struct stat twin_sb;
        int twin = webroot_open(root, full, &twin_sb);
        if (twin >= 0) {
            close(fd);
            fd = twin;
            sb = twin_sb;
            encoding = twins[i].coding;
            etag_suffix = twins[i].etag;
        }
    }
    if ((unsigned long long)sb.st_size > WEBROOT_MAX_FILE) {
        close(fd);
        routes_error(resp, 500, "file too large to serve");
        return;
    }
    resp->content_type = webroot_content_type(rel);
    /* The app's page names what its first frame will fetch, for the page's language, so the
     * browser asks for it while it still loads the scripts: a round trip less before the
     * first frame. Only a hint: the body is the same for every language (no Vary on it). */
    if (strcmp(rel, "index.html") == 0) webroot_page_preloads(req->query, req->accept_language, resp->link, sizeof resp->link);
    /* no-cache = "revalidate every time": a new web build shows up at once, and the ETag
     * makes the revalidation a cheap 304. */
    resp->cache_control = "no-cache";
    resp->vary = "Accept-Encoding";
    resp->content_encoding = encoding;
    snprintf(resp->etag, sizeof resp->etag, "W/\"%llx-%llx%s\"",
             (unsigned long long)sb.st_size,
             (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
                 (unsigned long long)sb.st_mtim.tv_nsec,
             etag_suffix);
    if (webroot_etag_matches(req->if_none_match, resp->etag)) {
        close(fd);
        resp->status = 304;
        return;
    }
    resp->status = 200;
    resp->fd = fd;
    resp->fd_size = (uint64_t)sb.st_size;
}
