/* qr.c — QR codes through libqrencode (qr.h). */
#include "core/qr.h"

#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

bool qr_make(const char *text, size_t len, QrCode *out)
{
    memset(out, 0, sizeof *out);
    if (!text || len == 0 || len > 213) return false;
    QRcode *q = QRcode_encodeData((int)len, (const unsigned char *)text, 0, QR_ECLEVEL_M);
    if (!q) return false;
    bool ok = q->width >= 21 && q->width <= QR_MAX_WIDTH;
    if (ok) {
        out->width = q->width;
        /* libqrencode's bit 0 of each module is its colour */
        for (int i = 0; i < q->width * q->width; i++) out->dark[i] = q->data[i] & 1u;
    }
    QRcode_free(q);
    return ok;
}
