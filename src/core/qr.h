/* qr.h — a QR code of a short text (the receipt's reference page), made by libqrencode
 * (Debian's libqrencode natively, its source compiled for the web build): error correction M,
 * byte mode, the smallest version that holds the text. Portable; no drawing. */
#ifndef PARLEY_QR_H
#define PARLEY_QR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deferred.h"

#define QR_MAX_WIDTH 57   /* version 10: up to 213 bytes at level M, far more than a URL needs */

typedef struct QrCode {
    int width;                                 /* modules per side, 21..QR_MAX_WIDTH */
    uint8_t dark[QR_MAX_WIDTH * QR_MAX_WIDTH]; /* row by row, 1 = dark */
} QrCode;

/* False when text is empty, longer than a version-10 code holds, or out of memory. */
PARLEY_OUT_OF_LINE bool qr_make(const char *text, size_t len, QrCode *out);

#endif
