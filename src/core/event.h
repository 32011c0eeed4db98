/* event.h — the event model (docs/interface.md §4) and its loader from untrusted JSON.
 * Portable C11: no SDL, no Emscripten, no I/O (the caller hands in the bytes).
 * Every limit below is enforced with an error, never by silent truncation. */
#ifndef PARLEY_EVENT_H
#define PARLEY_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#define EVENT_MAX_FILE_BYTES   (256u * 1024u) /* a whole event file */
#define EVENT_MAX_TEXT_BYTES   4096u          /* one text field, in one language */
#define EVENT_MAX_LANGS        8              /* translations of one text, and "languages" */
#define EVENT_MAX_AGENDA       32
#define EVENT_MAX_PANELLISTS   32
#define EVENT_MAX_ITEM_PANELLISTS 8
#define EVENT_MAX_TOPICS       16
#define EVENT_MAX_CATEGORIES   16

/* A text field: either one plain string (lang == "") or translations keyed by BCP 47 tag. */
typedef struct EventTextVariant { const char *lang; const char *text; } EventTextVariant;
typedef struct EventText { int count; EventTextVariant v[EVENT_MAX_LANGS]; } EventText;

typedef enum EventItemKind {
    EVENT_KIND_OPENING, EVENT_KIND_BRIEFING, EVENT_KIND_PANEL,
    EVENT_KIND_INPUTS, EVENT_KIND_CLOSING, EVENT_KIND_OTHER
} EventItemKind;

typedef struct EventAgendaItem {
    const char *id;
    int number;                 /* 0 when the programme gives the item no number */
    EventText title, summary;
    int start_min, end_min;     /* minutes after local midnight; -1 when not stated */
    EventItemKind kind;
    int panellist_count;
    int panellists[EVENT_MAX_ITEM_PANELLISTS]; /* indexes into Event.panellists */
} EventAgendaItem;

typedef struct EventPanellist {
    const char *id;
    EventText name, organization, role, bio;
    int topic_count;
    EventText topics[EVENT_MAX_TOPICS];
} EventPanellist;

typedef struct EventCategory { const char *id; EventText label; } EventCategory;

typedef struct Event {
    const char *id;
    EventText title, short_title, body, venue;  /* short_title, venue: may be empty */
    int year, month, day;                       /* "date" YYYY-MM-DD */
    const char *timezone;                        /* IANA name or "" when not stated */
    int language_count;
    const char *languages[EVENT_MAX_LANGS];
    EventText chair_name, chair_role;
    int agenda_count;
    EventAgendaItem agenda[EVENT_MAX_AGENDA];
    int panellist_count;
    EventPanellist panellists[EVENT_MAX_PANELLISTS];
    int category_count;
    EventCategory categories[EVENT_MAX_CATEGORIES];
    char *arena_;                                /* owns every string above */
} Event;

typedef struct EventError {
    int line, column;   /* 1-based position of a syntax error; 0 for schema errors */
    char message[256];  /* e.g. "agenda[2].title: expected a string or translations" */
} EventError;

/* Parses and validates `len` bytes of JSON. On success fills *out (release with
 * event_free) and returns true; otherwise fills *err and leaves *out empty. */
bool event_load(Event *out, const char *json, size_t len, EventError *err);
/* event_load's two stages, for a body that carries an event and more (the API's answer to
 * GET api/v1/event): the syntax stage, which refuses more than max_len bytes and returns the
 * tree (release with cJSON_Delete) or NULL with *err filled; and the schema stage on that
 * tree, which ignores the keys an event does not have. */
struct cJSON *event_parse(const char *json, size_t len, size_t max_len, EventError *err);
bool event_load_tree(Event *out, const struct cJSON *root, EventError *err);
void event_free(Event *ev);

/* Formats "file:line:column: message" (or "file: message" for schema errors). */
void event_error_format(const EventError *err, const char *file, char *buf, size_t cap);

/* The best variant for `lang` (exact tag, then primary subtag, then "en", then the first);
 * "" for an empty text. Never NULL. */
const char *event_text(const EventText *t, const char *lang);
/* The text to show a visitor reading `lang`, falling back field by field: the field in that
 * language (exact tag, then primary subtag), else in English, else in the event's first
 * language (ev->languages[0]), else the field's first translation; "" for an empty text.
 * When `shown` is not NULL it receives the tag of the language the text is actually in, for
 * marking it: the translation's own tag, or for a plain string the event's first language
 * ("" when the event lists none, or the text is empty). ev may be NULL. Never NULL. */
const char *event_text_pick(const Event *ev, const EventText *t, const char *lang, const char **shown);
/* The tag event_text_pick would give for this field and `lang`. Never NULL. */
const char *event_text_lang(const Event *ev, const EventText *t, const char *lang);

/* The event file `json` (the bytes `ev` was loaded from) with each translated text cut down to
 * the one translation event_text_pick gives for `lang`, so that a visitor's first screen
 * fetches only its own language: loaded again, it shows `lang` exactly as the whole file does.
 * Compact JSON, NUL-terminated, in malloc'd memory (*out_len its length); NULL when memory
 * runs out or json is not the file ev was loaded from. */
char *event_json_for_lang(const Event *ev, const char *json, size_t len, const char *lang, size_t *out_len);
/* Whether b is a, perhaps retranslated or reworded: the same id, and the same agenda items,
 * panellists and categories in the same order, so that every index into one holds in the other. */
bool event_same_shape(const Event *a, const Event *b);

/* Index of the panellist with this id, or -1. */
int event_find_panellist(const Event *ev, const char *id);

#endif
