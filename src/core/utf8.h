/* utf8.h — UTF-8 decoding, encoding and validation for untrusted text.
 * Portable C11, no allocation. Invalid input is reported, never "fixed" silently. */
#ifndef PARLEY_UTF8_H
#define PARLEY_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF)
 * and contains no NUL byte. */
bool utf8_valid(const char *s, size_t len);

/* Decodes the code point at s[*i], advances *i past it (at least one byte) and returns it;
 * malformed sequences yield UTF8_REPLACEMENT. Requires *i < len. */
uint32_t utf8_decode(const char *s, size_t len, size_t *i);

/* Writes cp as UTF-8 into out (4 bytes room); returns the byte count, 0 for an invalid cp. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Number of code points in a valid string. */
size_t utf8_count(const char *s, size_t len);

#endif
