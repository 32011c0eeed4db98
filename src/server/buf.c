/* buf.c — the capped growable buffer behind parleyd's generated bodies. Must never write
 * past cap, never grow past limit, and never emit a JSON string that is not valid UTF-8. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonguard.h"
#include "server/buf.h"

void buf_init(SrvBuf *b, size_t limit)
{
    memset(b, 0, sizeof *b);
    b->limit = limit;
}

void buf_free(SrvBuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Makes room for n more bytes plus the NUL, doubling so appends stay amortised O(1). */
static bool buf_reserve(SrvBuf *b, size_t n)
{
    if (b->failed) return false;
    if (n > b->limit || b->len > b->limit - n) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > b->limit + 1) cap = b->limit + 1;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

bool buf_append(SrvBuf *b, const void *bytes, size_t n)
{
    if (!buf_reserve(b, n)) return false;
    if (n) memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool buf_puts(SrvBuf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

bool buf_putc(SrvBuf *b, char c)
{
    return buf_append(b, &c, 1);
}

bool buf_printf(SrvBuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return false;
    }
    if ((size_t)n < sizeof small) return buf_append(b, small, (size_t)n);
    if (!buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

static bool buf_sink(void *ctx, const char *bytes, size_t n)
{
    return buf_append(ctx, bytes, n);
}

bool buf_json_string(SrvBuf *b, const char *s, size_t n)
{
    if (!s) return buf_append(b, "null", 4);
    return jsonguard_write_string(s, n, buf_sink, b);
}

bool buf_json_cstr(SrvBuf *b, const char *s)
{
    return buf_json_string(b, s, s ? strlen(s) : 0);
}

char *buf_take(SrvBuf *b, size_t *len)
{
    if (b->failed) {
        buf_free(b);
        *len = 0;
        return NULL;
    }
    if (!b->data && !buf_reserve(b, 0)) {
        *len = 0;
        return NULL;
    }
    if (b->len == 0) b->data[0] = '\0';
    char *d = b->data;
    *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
