/* test_files.h — reading a test input (fixture, font, event file) whole, for the cmocka
 * tests; include after <cmocka.h>. Tests run from the repository root. A file that cannot
 * be read fails the test, with its path. */
#ifndef PARLEY_TEST_FILES_H
#define PARLEY_TEST_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes, NUL-terminated (not counted in *len); free() them. */
static unsigned char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) fail_msg("cannot open %s (tests run from the repository root)", path);
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 1 >= cap) {
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0) break;
        n += got;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

#endif
