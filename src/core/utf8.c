/* utf8.c — UTF-8 validation, decoding and encoding for untrusted text (Unicode ch. 3, Table 3-7).
 * Portable C11, no allocation, no state. It must never read outside s[0..len) and never
 * accept overlongs, surrogates, code points above U+10FFFF or (in utf8_valid) NUL. */
#include "core/utf8.h"

/* Decodes one sequence at p (avail >= 1 bytes). Returns the bytes consumed and sets *cp;
 * *ok is false for a malformed sequence, which then consumes its "maximal subpart"
 * (Unicode's recommended practice), so one bad byte never swallows good text after it. */
static size_t decode_seq(const unsigned char *p, size_t avail, uint32_t *cp, bool *ok)
{
    unsigned c = p[0];
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    size_t need;
    uint32_t v;

    *ok = false;
    *cp = UTF8_REPLACEMENT;
    if (c < 0x80) {
        *cp = c;
        *ok = true;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0Fu;
        if (c == 0xE0) lo = 0xA0;      /* below: overlong */
        else if (c == 0xED) hi = 0x9F; /* above: UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07u;
        if (c == 0xF0) lo = 0x90;      /* below: overlong */
        else if (c == 0xF4) hi = 0x8F; /* above: beyond U+10FFFF */
    } else {
        return 1; /* continuation byte, C0/C1 (always overlong) or F5..FF */
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= avail) return k; /* truncated at the end of the buffer */
        unsigned b = p[k];
        if (b < lo || b > hi) return k;
        v = (v << 6) | (b & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    *ok = true;
    return need + 1;
}

bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    if (s == NULL) return len == 0;
    while (i < len) {
        if (p[i] < 0x80) {
            /* NUL would cut the text short for every C consumer downstream. */
            if (p[i] == 0) return false;
            i++;
            continue;
        }
        uint32_t cp;
        bool ok;
        i += decode_seq(p + i, len - i, &cp, &ok);
        if (!ok) return false;
    }
    return true;
}

uint32_t utf8_decode(const char *s, size_t len, size_t *i)
{
    /* Outside the precondition there is nothing to read; do not move past the end. */
    if (s == NULL || i == NULL || *i >= len) return UTF8_REPLACEMENT;
    uint32_t cp;
    bool ok;
    *i += decode_seq((const unsigned char *)s + *i, len - *i, &cp, &ok);
    return cp;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0; /* surrogates are not characters */
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

size_t utf8_count(const char *s, size_t len)
{
    /* Decoding (rather than counting lead bytes) makes invalid input count one per
     * replacement character, the same as a renderer using utf8_decode would show. */
    size_t n = 0, i = 0;
    if (s == NULL) return 0;
    while (i < len) {
        (void)utf8_decode(s, len, &i);
        n++;
    }
    return n;
}
