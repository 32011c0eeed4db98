/* ascii.h — ASCII character classes and fixed-width digit fields, for the parsers of dates,
 * language tags and ids. Bytes of UTF-8 text outside ASCII belong to no class here. */
#ifndef PARLEY_ASCII_H
#define PARLEY_ASCII_H

#include <stdbool.h>

static inline bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline bool ascii_alnum(char c) { return ascii_alpha(c) || ascii_digit(c); }
static inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* The value of a hexadecimal digit (either case), or -1. */
static inline int ascii_hex_value(char c)
{
    if (ascii_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The value of exactly n decimal digits at s (n <= 9, so it fits an int): false when one of
 * them is not a digit (a NUL included, so a short string is never read past). */
bool ascii_digits(const char *s, int n, int *value);

#endif
