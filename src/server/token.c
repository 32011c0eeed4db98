/* token.c — finds or creates the admin token (docs/interface.md §2) at start and checks it on admin
 * requests. Must never print or log the token itself, never accept an empty one, never
 * compare it in time that depends on its content, and never overwrite an existing token
 * file (O_EXCL): a restart must keep the token the operator already has. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/srv.h"

#define TOKEN_FILE_NAME "admin-token"
#define TOKEN_FILE_READ_MAX 4096  /* a token file is one short line; refuse anything bigger */

static bool token_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Trims surrounding whitespace and checks the token is 1..SRV_TOKEN_MAX visible ASCII
 * bytes — anything else could not travel in an Authorization header. */
static bool token_accept(SrvState *st, const char *raw, size_t len, const char *where,
                         char *err, size_t cap)
{
    while (len > 0 && token_is_space(raw[0])) {
        raw++;
        len--;
    }
    while (len > 0 && token_is_space(raw[len - 1])) len--;
    if (len == 0) {
        snprintf(err, cap, "%s: the admin token is empty", where);
        return false;
    }
    if (len > SRV_TOKEN_MAX) {
        snprintf(err, cap, "%s: the admin token is longer than %d bytes", where, SRV_TOKEN_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c < 0x21 || c > 0x7e) {
            snprintf(err, cap, "%s: the admin token may only hold visible ASCII characters",
                     where);
            return false;
        }
    }
    memcpy(st->admin_token, raw, len);
    st->admin_token[len] = '\0';
    return true;
}

static bool token_read_file(SrvState *st, const char *path, char *err, size_t cap)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);  /* FIFO: no hang */
    if (fd < 0) {
        snprintf(err, cap, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, cap, "%s: not a regular file", path);
        close(fd);
        return false;
    }
    if (sb.st_mode & 077)
        fprintf(stderr, "parleyd: warning: %s is readable by other users (chmod 600 it)\n", path);
    char buf[TOKEN_FILE_READ_MAX + 1];
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, sizeof buf - len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(err, cap, "%s: read failed: %s", path, strerror(errno));
            close(fd);
            return false;
        }
        if (n == 0) break;
        len += (size_t)n;
        if (len > TOKEN_FILE_READ_MAX) {
            snprintf(err, cap, "%s: larger than %d bytes, not a token file", path,
                     TOKEN_FILE_READ_MAX);
            close(fd);
            return false;
        }
    }
    close(fd);
    bool ok = token_accept(st, buf, len, path, err, cap);
    memset(buf, 0, sizeof buf);
    return ok;
}

/* Fills buf with n random bytes from the kernel CSPRNG (getrandom blocks only until the
 * pool is first seeded, which is what we want for a secret). */
static bool token_random(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        got += (size_t)r;
    }
    return true;
}

/* Creates the file with O_EXCL so a concurrent start or an existing token is never
 * overwritten. Returns 1 created, 0 already exists, -1 error. */
static int token_generate(SrvState *st, const char *path, const char *dir, char *err, size_t cap)
{
    unsigned char raw[SRV_TOKEN_RANDOM];
    if (!token_random(raw, sizeof raw)) {
        snprintf(err, cap, "cannot read random bytes for the admin token: %s", strerror(errno));
        return -1;
    }
    static const char hex[] = "0123456789abcdef";
    char line[SRV_TOKEN_RANDOM * 2 + 2];
    for (size_t i = 0; i < sizeof raw; i++) {
        line[2 * i] = hex[raw[i] >> 4];
        line[2 * i + 1] = hex[raw[i] & 15];
    }
    memset(raw, 0, sizeof raw);
    line[SRV_TOKEN_RANDOM * 2] = '\n';
    line[SRV_TOKEN_RANDOM * 2 + 1] = '\0';

    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        memset(line, 0, sizeof line);
        if (errno == EEXIST) return 0;
        snprintf(err, cap, "%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    size_t len = SRV_TOKEN_RANDOM * 2 + 1, off = 0;
    while (off < len) {
        ssize_t n = write(fd, line + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
    /* fsync: the operator may copy the token right away; it must survive a power cut. */
    bool ok = off == len && fsync(fd) == 0;
    if (close(fd) != 0) ok = false;
    if (!ok) {
        snprintf(err, cap, "%s: cannot write: %s", path, strerror(errno));
        unlink(path);
        memset(line, 0, sizeof line);
        return -1;
    }
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);  /* make the new directory entry durable too; best effort */
        close(dfd);
    }
    memcpy(st->admin_token, line, SRV_TOKEN_RANDOM * 2);
    st->admin_token[SRV_TOKEN_RANDOM * 2] = '\0';
    memset(line, 0, sizeof line);
    return 1;
}

bool srv_token_init(SrvState *st, const char *data_dir, char *err, size_t cap)
{
    const char *env = getenv("PARLEY_ADMIN_TOKEN");
    if (env) {
        if (!token_accept(st, env, strlen(env), "PARLEY_ADMIN_TOKEN", err, cap)) return false;
        printf("parleyd: admin token from PARLEY_ADMIN_TOKEN\n");
        return true;
    }
    char path[SRV_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s", data_dir, TOKEN_FILE_NAME);
    if (n < 0 || (size_t)n >= sizeof path) {
        snprintf(err, cap, "data directory path too long");
        return false;
    }
    if (access(path, F_OK) != 0) {
        int made = token_generate(st, path, data_dir, err, cap);
        if (made < 0) return false;
        if (made == 1) {
            printf("parleyd: admin token generated in %s\n", path);
            return true;
        }
        /* made == 0: someone created it between access() and open(); read theirs. */
    }
    if (!token_read_file(st, path, err, cap)) return false;
    printf("parleyd: admin token read from %s\n", path);
    return true;
}

bool srv_token_check(const SrvState *st, const char *authorization)
{
    if (!authorization) return false;
    const char *p = authorization;
    while (*p == ' ' || *p == '\t') p++;
    static const char scheme[] = "bearer";
    for (size_t i = 0; i < sizeof scheme - 1; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != scheme[i]) return false;
    }
    p += sizeof scheme - 1;
    if (*p != ' ' && *p != '\t') return false;
    while (*p == ' ' || *p == '\t') p++;
    size_t len = strlen(p);
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
    /* The length of what the client sent is theirs to know; only the secret's bytes need
     * hiding. Both sides are padded to the same fixed size and every byte is compared. */
    if (len == 0 || len > SRV_TOKEN_MAX) return false;
    unsigned char given[SRV_TOKEN_MAX], want[SRV_TOKEN_MAX];
    memset(given, 0, sizeof given);
    memset(want, 0, sizeof want);
    memcpy(given, p, len);
    size_t want_len = strlen(st->admin_token);
    memcpy(want, st->admin_token, want_len);
    volatile unsigned char diff = (unsigned char)((len ^ want_len) != 0);
    for (size_t i = 0; i < SRV_TOKEN_MAX; i++) diff |= (unsigned char)(given[i] ^ want[i]);
    memset(given, 0, sizeof given);
    memset(want, 0, sizeof want);
    return diff == 0;
}
