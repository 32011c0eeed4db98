/* fuzz_event.c — libFuzzer target for the event-file loader (core/event.c), which parleyd
 * and the kiosk both run on files they did not write. The input is the file's bytes. It
 * must never see a crash, a leak, or a loaded event whose texts and references are unsafe
 * to read. */
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "fuzz.h"

#define FUZZ_CHECK(cond) \
    do { \
        if (!(cond)) abort(); \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = malloc(size ? size : 1);
    FUZZ_CHECK(json != NULL);
    if (size) memcpy(json, data, size);
    Event *ev = calloc(1, sizeof *ev);  /* ~100 KiB: not on the stack */
    FUZZ_CHECK(ev != NULL);
    EventError err;
    if (event_load(ev, json, size, &err)) {
        /* Walk what a server or kiosk would read: every text and every reference. */
        FUZZ_CHECK(ev->id && ev->id[0]);
        (void)strlen(event_text(&ev->title, "fr"));
        for (int i = 0; i < ev->agenda_count; i++) {
            const EventAgendaItem *it = &ev->agenda[i];
            (void)strlen(event_text(&it->title, "en"));
            for (int p = 0; p < it->panellist_count; p++)
                FUZZ_CHECK(it->panellists[p] >= 0 && it->panellists[p] < ev->panellist_count);
        }
        for (int p = 0; p < ev->panellist_count; p++)
            FUZZ_CHECK(event_find_panellist(ev, ev->panellists[p].id) == p);
        event_free(ev);
    } else {
        char msg[512];
        event_error_format(&err, "fuzz.json", msg, sizeof msg);
        FUZZ_CHECK(msg[0] != '\0');
    }
    free(ev);
    free(json);
    return 0;
}
