/* test_qr.c — the receipt's QR code: the same modules as Debian's qrencode tool draws for the
 * same text and options (run at test time, no shell), and the limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/qr.h"

/* qrencode -l M -m 0 -t ASCII: "##" for a dark module, "  " for a light one, a row a line. */
static int reference_modules(const char *text, uint8_t *dark, int cap)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execlp("qrencode", "qrencode", "-l", "M", "-m", "0", "-8", "-t", "ASCII", "-o", "-", text, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    static char out[65536];
    size_t n = 0;
    ssize_t got;
    while ((got = read(fds[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)got;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    out[n] = '\0';
    int width = 0, rows = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), rows++) {
        int w = (int)strlen(line) / 2;
        if (rows == 0) width = w;
        assert_int_equal(w, width);
        for (int x = 0; x < w && rows * width + x < cap; x++) dark[rows * width + x] = line[2 * x] == '#';
    }
    assert_int_equal(rows, width);
    return width;
}

static void test_same_modules_as_the_qrencode_tool(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "http://192.168.1.20:8080/r/JS9P-DJW9?lang=ar",
        "https://consultation.example.org/r/7WNR-R7MT?lang=zh",
        "A",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        QrCode q;
        assert_true(qr_make(texts[i], strlen(texts[i]), &q));
        static uint8_t want[QR_MAX_WIDTH * QR_MAX_WIDTH];
        int w = reference_modules(texts[i], want, (int)sizeof want);
        assert_int_equal(q.width, w);
        assert_memory_equal(q.dark, want, (size_t)(w * w));
        /* the finder pattern's corner is dark, the module inside its ring light */
        assert_int_equal(q.dark[0], 1);
        assert_int_equal(q.dark[1 * w + 1], 0);
    }
}

static void test_limits(void **state)
{
    (void)state;
    QrCode q;
    assert_false(qr_make("", 0, &q));
    assert_false(qr_make(NULL, 3, &q));
    char big[300];
    memset(big, 'x', sizeof big);
    assert_false(qr_make(big, sizeof big, &q)); /* beyond version 10 */
    assert_int_equal(q.width, 0);
    assert_true(qr_make(big, 200, &q));
    assert_true(q.width <= QR_MAX_WIDTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_modules_as_the_qrencode_tool),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
