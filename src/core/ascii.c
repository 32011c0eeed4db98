/* ascii.c — see ascii.h. */
#include "core/ascii.h"

bool ascii_digits(const char *s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!ascii_digit(s[i])) return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}
