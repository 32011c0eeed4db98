/* buf.h — a growable byte buffer with a hard ceiling, for building response bodies (JSON,
 * CSV) whose size depends on stored data. It must never grow past its limit: an append
 * that would is refused, the buffer remembers the failure, and every later append fails. */
#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/attrs.h"


typedef struct SrvBuf {
    char *data;     /* NUL-terminated whenever len > 0 or after buf_take */
    size_t len;
    size_t cap;
    size_t limit;   /* most bytes this buffer may ever hold (excluding the NUL) */
    bool failed;    /* an append was refused (limit or memory): the content is incomplete */
} SrvBuf;

void buf_init(SrvBuf *b, size_t limit);
void buf_free(SrvBuf *b);

/* Each returns false (and sets b->failed) when the bytes do not fit. */
bool buf_append(SrvBuf *b, const void *bytes, size_t n);
bool buf_puts(SrvBuf *b, const char *s);
bool buf_putc(SrvBuf *b, char c);
bool buf_printf(SrvBuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Appends s[0..n) as a quoted JSON string. Quotes, backslashes and control characters are
 * escaped; bytes that are not valid UTF-8 become U+FFFD, so the output is always valid
 * JSON whatever the input. s may be NULL (written as null). */
bool buf_json_string(SrvBuf *b, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL → null). */
bool buf_json_cstr(SrvBuf *b, const char *s);

/* Hands the bytes over (malloc'd, NUL-terminated, at least 1 byte) and resets b.
 * Returns NULL when b->failed or memory ran out. */
char *buf_take(SrvBuf *b, size_t *len);

#endif
