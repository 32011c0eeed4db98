/* html.c — see html.h. Must never copy a byte of its input unescaped that could start
 * markup or end a quoted attribute. */
#include <string.h>

#include "core/utf8.h"
#include "server/html.h"

bool html_text(SrvBuf *b, const char *s)
{
    if (!s) return true;
    size_t len = strlen(s);
    size_t i = 0, run = 0;  /* bytes s[i - run .. i) are safe to copy as they are */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t adv = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (c < 0x80) {
                if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) rep = "\xEF\xBF\xBD";
            } else {
                size_t j = i;
                uint32_t cp = utf8_decode(s, len, &j);
                adv = j > i ? j - i : 1;
                if (cp == 0xFFFD && !(adv == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
                    rep = "\xEF\xBF\xBD";
                else if (cp >= 0x80 && cp < 0xA0)
                    rep = "\xEF\xBF\xBD";  /* C1 controls */
            }
        }
        if (rep) {
            buf_append(b, s + i - run, run);
            buf_puts(b, rep);
            run = 0;
        } else {
            run += adv;
        }
        i += adv;
    }
    buf_append(b, s + i - run, run);
    return !b->failed;
}
