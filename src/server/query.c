/* query.c — see query.h. Must never write past cap or accept an encoded NUL. */
#include <stdbool.h>
#include <string.h>

#include "core/ascii.h"
#include "core/record.h"
#include "core/utf8.h"
#include "server/query.h"

static int query_decode(const char *v, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < len ? ascii_hex_value(v[i + 1]) : -1;
            int lo = hi >= 0 ? ascii_hex_value(v[i + 2]) : -1;
            if (hi < 0 || lo < 0) return -1;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (c < 0x20 || c == 0x7f) return -1;
        if (n + 1 >= cap) return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return utf8_valid(out, n) ? 1 : -1;
}

int query_param(const char *query, const char *name, char *out, size_t cap)
{
    size_t nlen = strlen(name);
    if (cap) out[0] = '\0';
    for (const char *p = query; p && *p;) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= nlen && strncmp(p, name, nlen) == 0 && (len == nlen || p[nlen] == '=')) {
            if (len == nlen) return 1;
            return query_decode(p + nlen + 1, len - nlen - 1, out, cap);
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

int query_id(const char *query, const char *name, char *out, size_t cap)
{
    int r = query_param(query, name, out, cap);
    if (r != 1) return r;
    return record_is_id(out) ? 1 : -1;
}
