/* query.h — parameters of a raw query string (after '?'), percent-decoded and checked:
 * the first occurrence of a name wins, '+' is a space, and the value must be valid UTF-8
 * without control characters and fit its buffer. Pure; no allocation. */
#ifndef PARLEY_QUERY_H
#define PARLEY_QUERY_H

#include <stddef.h>

/* 1 found (decoded, NUL-terminated into out), 0 absent, -1 malformed or too long. An empty
 * value ("name=" or "name") counts as found and empty. */
int query_param(const char *query, const char *name, char *out, size_t cap);

/* The same for an id (record_is_id, and shorter than cap); an empty or other value is -1. */
int query_id(const char *query, const char *name, char *out, size_t cap);

#endif
