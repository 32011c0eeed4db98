/* gen_jsconst.c — writes const.js, the start of build/web/page.js: the numbers the page's JavaScript shares with C
 * (semantics flags, key codes, outbox states, text groups and styles, the interface languages), printed from the C
 * headers themselves at build time so that the two can never drift. Never hand-edit the output. */
#include <stdio.h>

#include "core/i18n.h"
#include "core/outbox.h"
#include "text/text.h"
#include "ui/ui.h"

int main(void)
{
    printf("// const.js — generated at build time from the C headers by scripts/gen_jsconst.c; do not edit.\n"
           "'use strict';\n"
           "const ParleyConst = Object.freeze({\n");
    printf("  flag: Object.freeze({ FOCUSABLE: %u, FOCUSED: %u, CHECKED: %u, DISABLED: %u, INVALID: %u, MULTILINE: %u,\n"
           "    CURRENT: %u, TOGGLE: %u, REQUIRED: %u, LIVE: %u, KEEP_FOCUS: %u }),\n",
           UI_FLAG_FOCUSABLE, UI_FLAG_FOCUSED, UI_FLAG_CHECKED, UI_FLAG_DISABLED, UI_FLAG_INVALID, UI_FLAG_MULTILINE,
           UI_FLAG_CURRENT, UI_FLAG_TOGGLE, UI_FLAG_REQUIRED, UI_FLAG_LIVE, UI_FLAG_KEEP_FOCUS);
    printf("  key: Object.freeze({ SPACE: %d, ESCAPE: %d, UP: %d, DOWN: %d, HOME: %d, END: %d, PAGE_UP: %d, PAGE_DOWN: %d, ENTER: %d }),\n",
           UI_KEY_SPACE, UI_KEY_ESCAPE, UI_KEY_UP, UI_KEY_DOWN, UI_KEY_HOME, UI_KEY_END, UI_KEY_PAGE_UP,
           UI_KEY_PAGE_DOWN, UI_KEY_ENTER);
    printf("  outbox: Object.freeze({ PENDING: %d, SENDING: %d, ACKED: %d, REJECTED: %d, QUARANTINED: %d }),\n",
           OUTBOX_PENDING, OUTBOX_SENDING, OUTBOX_ACKED, OUTBOX_REJECTED, OUTBOX_QUARANTINED);
    printf("  textGroup: Object.freeze({ LATIN: %d, ARABIC: %d, CJK: %d }),\n",
           TEXT_GROUP_LATIN, TEXT_GROUP_ARABIC, TEXT_GROUP_CJK);
    printf("  textStyle: Object.freeze({ REGULAR: %d, BOLD: %d }),\n", TEXT_REGULAR, TEXT_BOLD);
    printf("  languages: Object.freeze([");
    for (int l = 0; l < I18N_LANG_COUNT; l++) printf("%s'%s'", l ? ", " : "", i18n_lang_tag((I18nLang)l));
    printf("]),\n});\n");
    return 0;
}
