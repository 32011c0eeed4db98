/* test_event.c — unit tests of core/event: the default event's facts, every rejection rule
 * (exact message, path, line and column) and the text fallback. Runs from the repository root;
 * it must never accept a "probably right" error: each expectation names the exact text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"

#define DEFAULT_EVENT "assets/events/untoc-som-2022.json"
#define FIXTURES "tests/fixtures/events/"

/* A minimal valid document, in pieces so that tests can change one field. */
#define DOC_HEAD "{\"id\":\"x\",\"title\":\"A\",\"date\":\"2022-07-01\",\"chair\":{\"name\":\"C\"},"
#define DOC_ITEM_OPEN "\"agenda\":[{\"id\":\"a\",\"kind\":\"other\",\"title\":\"T\""
#define DOC_AGENDA DOC_ITEM_OPEN "}]"
#define DOC_MIN DOC_HEAD DOC_AGENDA "}"
/* The minimal document with extra fields in its only agenda item. */
#define DOC_WITH_ITEM(extra) DOC_HEAD DOC_ITEM_OPEN "," extra "}]}"

/* Event is large (every capacity is inline): keep it off the stack. */
static Event *new_event(void)
{
    Event *ev = calloc(1, sizeof *ev);
    assert_non_null(ev);
    return ev;
}

static bool is_zeroed(const Event *ev)
{
    static const Event zero;
    return memcmp(ev, &zero, sizeof zero) == 0;
}

static bool load_bytes(Event *ev, const char *json, size_t len, EventError *err)
{
    bool ok = event_load(ev, json, len, err);
    if (!ok) assert_true(is_zeroed(ev)); /* failure leaves *out empty, whatever stage failed */
    return ok;
}

static void expect_error_bytes(const char *json, size_t len, int line, int column, const char *message)
{
    Event *ev = new_event();
    EventError err;
    if (load_bytes(ev, json, len, &err)) {
        event_free(ev);
        free(ev);
        fail_msg("accepted, expected \"%s\"", message);
    }
    assert_string_equal(err.message, message);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    free(ev);
}

static void expect_error(const char *json, int line, int column, const char *message)
{
    expect_error_bytes(json, strlen(json), line, column, message);
}

static void expect_schema_error(const char *json, const char *message)
{
    expect_error(json, 0, 0, message);
}

static void expect_file_error(const char *name, int line, int column, const char *message)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, FIXTURES "%s", name);
    char *json = (char *)test_read_file(path, &len);
    expect_error_bytes(json, len, line, column, message);
    free(json);
}

/* Loads a document that must be valid; the caller frees with event_free + free. */
static Event *load_ok(const char *json, size_t len)
{
    Event *ev = new_event();
    EventError err;
    if (!load_bytes(ev, json, len, &err)) fail_msg("rejected: %s (%d:%d)", err.message, err.line, err.column);
    return ev;
}

static Event *load_ok_file(const char *path)
{
    size_t len;
    char *json = (char *)test_read_file(path, &len);
    Event *ev = load_ok(json, len);
    free(json);
    return ev;
}

static void drop(Event *ev)
{
    event_free(ev);
    assert_true(is_zeroed(ev));
    free(ev);
}

/* ------------------------------------------------------------------ the default event */

static void test_default_event_facts(void **state)
{
    (void)state;
    Event *ev = load_ok_file(DEFAULT_EVENT);

    assert_string_equal(ev->id, "untoc-wg-som-9-cd-2022");
    assert_int_equal(ev->year, 2022);
    assert_int_equal(ev->month, 7);
    assert_int_equal(ev->day, 1);
    assert_string_equal(ev->timezone, ""); /* the document states none */
    assert_int_equal(ev->language_count, 6);
    static const char *const langs[] = {"en", "fr", "ar", "zh", "ru", "es"};
    for (int i = 0; i < 6; i++) assert_string_equal(ev->languages[i], langs[i]);
    assert_string_equal(event_text(&ev->chair_name, "en"), "Mr. Francesco Testa");
    assert_string_equal(event_text(&ev->chair_role, "en"),
                        "Chair of the Working Group on Smuggling of Migrants");
    assert_string_equal(event_text(&ev->short_title, "en"),
                        "Constructive dialogue on the UNTOC review process");
    assert_int_equal(ev->venue.count, 0);
    assert_string_equal(event_text(&ev->venue, "en"), "");

    assert_int_equal(ev->agenda_count, 5);
    static const struct { const char *id; int number; EventItemKind kind; const char *title_en; } want[] = {
        {"opening", 1, EVENT_KIND_OPENING, "Opening"},
        {"briefing", 2, EVENT_KIND_BRIEFING, "Briefing on the developments and outcomes of the review process"},
        {"panel-cluster-1", 3, EVENT_KIND_PANEL, "Panel discussion on the review of the criminalization and jurisdiction provisions of Cluster 1"},
        {"inputs", 4, EVENT_KIND_INPUTS, "Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs"},
        {"closing", 0, EVENT_KIND_CLOSING, "Closing"},
    };
    for (int i = 0; i < 5; i++) {
        const EventAgendaItem *it = &ev->agenda[i];
        assert_string_equal(it->id, want[i].id);
        assert_int_equal(it->number, want[i].number);
        assert_int_equal(it->kind, want[i].kind);
        assert_string_equal(event_text(&it->title, "en"), want[i].title_en);
        assert_int_equal(it->start_min, -1); /* no times in the Chair's summary */
        assert_int_equal(it->end_min, -1);
        assert_true(it->summary.count >= 1);
        assert_int_equal(it->panellist_count, i == 2 ? 3 : 0);
    }
    assert_string_equal(event_text(&ev->agenda[4].title, "fr"), "Cl\xC3\xB4ture");

    assert_int_equal(ev->panellist_count, 3);
    static const char *const pid[] = {"casa-monarca", "migrant-forum-in-asia", "rapha-international"};
    static const char *const org[] = {"Casa Monarca", "Migrant Forum in Asia", "Rapha International"};
    for (int i = 0; i < 3; i++) {
        assert_string_equal(ev->panellists[i].id, pid[i]);
        assert_string_equal(event_text(&ev->panellists[i].organization, "fr"), org[i]);
        assert_true(ev->panellists[i].topic_count >= 1);
        assert_int_equal(ev->agenda[2].panellists[i], i); /* linked in programme order */
        assert_int_equal(event_find_panellist(ev, pid[i]), i);
    }
    assert_string_equal(event_text(&ev->panellists[0].name, "en"), "Representative of Casa Monarca");
    assert_int_equal(event_find_panellist(ev, "nobody"), -1);

    assert_int_equal(ev->category_count, 4);
    assert_string_equal(ev->categories[0].id, "ngo");
    assert_string_equal(ev->categories[3].id, "other");
    assert_string_equal(event_text(&ev->categories[2].label, "fr"), "Secteur priv\xC3\xA9");
    drop(ev);
}

static void test_default_event_title_lookup(void **state)
{
    (void)state;
    Event *ev = load_ok_file(DEFAULT_EVENT);
    const char *fr = event_text(&ev->title, "fr");
    const char *en = event_text(&ev->title, "en");
    assert_true(strncmp(fr, "Dialogue constructif sur le processus d\xE2\x80\x99" "examen", 42) == 0);
    assert_true(strncmp(en, "Constructive dialogue on the review process", 43) == 0);
    assert_ptr_equal(event_text(&ev->title, "FR"), fr);    /* tags are case-insensitive */
    assert_ptr_equal(event_text(&ev->title, "fr-CA"), fr); /* same primary subtag */
    assert_ptr_equal(event_text(&ev->title, "de"), en);    /* no German: English */
    assert_ptr_equal(event_text(&ev->title, ""), en);
    assert_ptr_equal(event_text(&ev->title, NULL), en);
    drop(ev);
}

/* ------------------------------------------------------------------ text fallback */

static void test_text_fallback(void **state)
{
    (void)state;
    EventText t = {3, {{"es", "hola"}, {"fr-CA", "allo"}, {"pt-BR", "ol\xC3\xA1"}}};
    assert_string_equal(event_text(&t, "fr-CA"), "allo");
    assert_string_equal(event_text(&t, "fr"), "allo");    /* "fr" matches "fr-CA" */
    assert_string_equal(event_text(&t, "fr-BE"), "allo"); /* same primary subtag */
    assert_string_equal(event_text(&t, "pt"), "ol\xC3\xA1");
    assert_string_equal(event_text(&t, "en"), "hola");    /* no English: the first */
    assert_string_equal(event_text(&t, "f"), "hola");     /* a prefix is not a primary subtag */

    EventText with_en = {3, {{"es", "hola"}, {"en-GB", "hello"}, {"fr", "bonjour"}}};
    assert_string_equal(event_text(&with_en, "de"), "hello"); /* "en-GB" serves as English */
    assert_string_equal(event_text(&with_en, "ES"), "hola");

    EventText exact_first = {2, {{"fr-CA", "allo"}, {"fr", "bonjour"}}};
    assert_string_equal(event_text(&exact_first, "fr"), "bonjour"); /* exact beats primary */
    assert_string_equal(event_text(&exact_first, "FR-ca"), "allo");  /* exact, ignoring case */
    EventText primary_first = {2, {{"fr", "bonjour"}, {"fr-CA", "allo"}}};
    assert_string_equal(event_text(&primary_first, "FR-ca"), "allo");

    EventText plain = {1, {{"", "just text"}}};
    assert_string_equal(event_text(&plain, "fr"), "just text");

    EventText empty = {0, {{NULL, NULL}}};
    assert_string_equal(event_text(&empty, "en"), "");
    assert_string_equal(event_text(NULL, "en"), "");
}

/* Every translated text of the default event, with its path for messages. */
static void each_text(const Event *ev, void (*fn)(const EventText *, const char *))
{
    char path[80];
    fn(&ev->title, "title");
    fn(&ev->short_title, "short_title");
    fn(&ev->body, "body");
    fn(&ev->chair_name, "chair.name");
    fn(&ev->chair_role, "chair.role");
    for (int i = 0; i < ev->agenda_count; i++) {
        snprintf(path, sizeof path, "agenda[%d].title", i);
        fn(&ev->agenda[i].title, path);
        snprintf(path, sizeof path, "agenda[%d].summary", i);
        fn(&ev->agenda[i].summary, path);
    }
    for (int i = 0; i < ev->panellist_count; i++) {
        const EventPanellist *p = &ev->panellists[i];
        snprintf(path, sizeof path, "panellists[%d].name", i);
        fn(&p->name, path);
        snprintf(path, sizeof path, "panellists[%d].role", i);
        fn(&p->role, path);
        snprintf(path, sizeof path, "panellists[%d].bio", i);
        fn(&p->bio, path);
        for (int k = 0; k < p->topic_count; k++) {
            snprintf(path, sizeof path, "panellists[%d].topics[%d]", i, k);
            fn(&p->topics[k], path);
        }
    }
    for (int i = 0; i < ev->category_count; i++) {
        snprintf(path, sizeof path, "categories[%d].label", i);
        fn(&ev->categories[i].label, path);
    }
}

static const Event *checked_event;

static void in_six_languages(const EventText *t, const char *path)
{
    static const char *const six[] = {"ar", "zh", "en", "fr", "ru", "es"};
    const char *en = event_text_pick(checked_event, t, "en", NULL);
    for (int i = 0; i < 6; i++) {
        const char *shown;
        const char *s = event_text_pick(checked_event, t, six[i], &shown);
        if (strcmp(shown, six[i]) != 0) fail_msg("%s has no %s translation", path, six[i]);
        if (!*s) fail_msg("%s is empty in %s", path, six[i]);
        if (strcmp(six[i], "en") != 0 && strcmp(s, en) == 0) fail_msg("%s: the %s text is the English", path, six[i]);
        assert_string_equal(event_text_lang(checked_event, t, six[i]), six[i]);
    }
}

static void test_default_event_in_six_languages(void **state)
{
    (void)state;
    size_t len;
    unsigned char *bytes = test_read_file(DEFAULT_EVENT, &len);
    assert_true(len < EVENT_MAX_FILE_BYTES / 4); /* room to spare under the loader's limit */
    free(bytes);
    Event *ev = load_ok_file(DEFAULT_EVENT);
    checked_event = ev;
    each_text(ev, in_six_languages);
    /* official names in each language */
    assert_non_null(strstr(event_text(&ev->body, "es"), "Grupo de Trabajo sobre el Tr\xC3\xA1" "fico Il\xC3\xAD" "cito de Migrantes"));
    assert_non_null(strstr(event_text(&ev->body, "zh"), "\xE5\x81\xB7\xE8\xBF\x90\xE7\xA7\xBB\xE6\xB0\x91\xE9\x97\xAE\xE9\xA2\x98\xE5\xB7\xA5\xE4\xBD\x9C\xE7\xBB\x84")); /* 偷运移民问题工作组 */
    /* organizations keep their names: a plain string, shown in the event's first language */
    const char *shown;
    assert_string_equal(event_text_pick(ev, &ev->panellists[1].organization, "ar", &shown), "Migrant Forum in Asia");
    assert_string_equal(shown, "en");
    drop(ev);
}

/* Every translated text of an event, in a fixed order. */
static int texts_of(const Event *ev, const EventText **out)
{
    int n = 0;
    const EventText *top[] = {&ev->title, &ev->short_title, &ev->body, &ev->venue, &ev->chair_name, &ev->chair_role};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) out[n++] = top[i];
    for (int i = 0; i < ev->agenda_count; i++) {
        out[n++] = &ev->agenda[i].title;
        out[n++] = &ev->agenda[i].summary;
    }
    for (int i = 0; i < ev->panellist_count; i++) {
        const EventPanellist *p = &ev->panellists[i];
        out[n++] = &p->name;
        out[n++] = &p->organization;
        out[n++] = &p->role;
        out[n++] = &p->bio;
        for (int k = 0; k < p->topic_count; k++) out[n++] = &p->topics[k];
    }
    for (int i = 0; i < ev->category_count; i++) out[n++] = &ev->categories[i].label;
    return n;
}

/* One language's copy of the file shows that language exactly as the whole file does, with
 * one translation per text, and is the same event for event_same_shape. */
static void test_json_for_lang(void **state)
{
    (void)state;
    size_t len;
    char *json = (char *)test_read_file(DEFAULT_EVENT, &len);
    Event *full = load_ok(json, len);
    static const char *const langs[] = {"en", "fr", "ar", "zh", "ru", "es", "de", "zh-Hans", "FR"};
    enum { MAX_TEXTS = 6 + 2 * EVENT_MAX_AGENDA + EVENT_MAX_PANELLISTS * (4 + EVENT_MAX_TOPICS) + EVENT_MAX_CATEGORIES };
    static const EventText *a[MAX_TEXTS], *b[MAX_TEXTS];
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        size_t cut_len = 0;
        char *cut = event_json_for_lang(full, json, len, langs[l], &cut_len);
        assert_non_null(cut);
        assert_int_equal(cut_len, strlen(cut));
        assert_true(cut_len < len / 2);
        Event *one = load_ok(cut, cut_len);
        assert_true(event_same_shape(full, one));
        int n = texts_of(full, a);
        assert_int_equal(texts_of(one, b), n);
        for (int i = 0; i < n; i++) {
            const char *shown_a, *shown_b;
            assert_string_equal(event_text_pick(one, b[i], langs[l], &shown_b), event_text_pick(full, a[i], langs[l], &shown_a));
            assert_string_equal(shown_b, shown_a);
            assert_true(b[i]->count <= 1);
        }
        drop(one);
        free(cut);
    }
    /* not the file the event was loaded from: refused, not guessed */
    assert_null(event_json_for_lang(full, "{\"id\":\"x\"}", 10, "en", NULL));
    assert_null(event_json_for_lang(full, "not json", 8, "en", NULL));
    drop(full);
    free(json);
}

/* Another event, or this one with its agenda changed, is not the same shape. */
static void test_same_shape(void **state)
{
    (void)state;
    Event *a = load_ok_file(DEFAULT_EVENT), *b = load_ok_file(DEFAULT_EVENT);
    assert_true(event_same_shape(a, b));
    b->agenda[2].id = "another";
    assert_false(event_same_shape(a, b));
    b->agenda[2].id = a->agenda[2].id;
    b->category_count--;
    assert_false(event_same_shape(a, b));
    b->category_count++;
    b->id = "another-event";
    assert_false(event_same_shape(a, b));
    b->id = a->id;
    assert_true(event_same_shape(a, b));
    drop(a);
    drop(b);
}

static void test_text_pick_fallback(void **state)
{
    (void)state;
    Event ev = {0};
    ev.language_count = 2;
    ev.languages[0] = "fr";
    ev.languages[1] = "ru";
    const char *shown;
    EventText t = {3, {{"ru", "privet"}, {"fr", "bonjour"}, {"es", "hola"}}};
    /* the visitor's language first, exact or by primary subtag */
    assert_string_equal(event_text_pick(&ev, &t, "es-419", &shown), "hola");
    assert_string_equal(shown, "es");
    /* no Arabic and no English: the event's first language, not the field's first */
    assert_string_equal(event_text_pick(&ev, &t, "ar", &shown), "bonjour");
    assert_string_equal(shown, "fr");
    /* English before the event's first language */
    EventText with_en = {3, {{"fr", "bonjour"}, {"zh", "ni hao"}, {"en-GB", "hello"}}};
    assert_string_equal(event_text_pick(&ev, &with_en, "ar", &shown), "hello");
    assert_string_equal(shown, "en-GB");
    assert_string_equal(event_text_lang(&ev, &with_en, "zh-Hans"), "zh");
    /* neither: the field's first */
    EventText other = {2, {{"zh", "ni hao"}, {"ar", "marhaban"}}};
    assert_string_equal(event_text_pick(&ev, &other, "es", &shown), "ni hao");
    assert_string_equal(shown, "zh");
    /* a plain string is in the event's first language */
    EventText plain = {1, {{"", "Casa Monarca"}}};
    assert_string_equal(event_text_pick(&ev, &plain, "ar", &shown), "Casa Monarca");
    assert_string_equal(shown, "fr");
    /* no event, or an event without languages: tags still come from the field */
    assert_string_equal(event_text_pick(NULL, &t, "ar", &shown), "privet");
    assert_string_equal(shown, "ru");
    assert_string_equal(event_text_pick(NULL, &plain, "ar", &shown), "Casa Monarca");
    assert_string_equal(shown, "");
    EventText empty = {0, {{NULL, NULL}}};
    assert_string_equal(event_text_pick(&ev, &empty, "fr", &shown), "");
    assert_string_equal(shown, "");
    assert_string_equal(event_text_pick(&ev, NULL, "fr", NULL), "");
    assert_string_equal(event_text_lang(&ev, &t, NULL), "fr");
}

/* ------------------------------------------------------------------ a valid file with more fields */

static void test_good_file_with_times(void **state)
{
    (void)state;
    Event *ev = load_ok_file(FIXTURES "good-times.json");
    assert_string_equal(ev->id, "test-times-2024");
    assert_int_equal(ev->year, 2024); /* 29 February of a leap year */
    assert_int_equal(ev->month, 2);
    assert_int_equal(ev->day, 29);
    assert_string_equal(ev->timezone, "Europe/Vienna");
    assert_string_equal(event_text(&ev->venue, "fr"), "Centre international de Vienne, salle D");
    assert_string_equal(event_text(&ev->venue, "es"), "Vienna International Centre, Board Room D");
    assert_string_equal(event_text(&ev->body, "fr"), "Corps d\xE2\x80\x99" "essai");
    assert_int_equal(ev->language_count, 3);
    assert_string_equal(ev->languages[2], "es-419");
    assert_int_equal(ev->title.count, 1);
    assert_string_equal(ev->title.v[0].lang, ""); /* a plain string: one variant, no language */
    assert_string_equal(event_text(&ev->title, "fr"), "Consultation with times");
    assert_int_equal(ev->short_title.count, 0);
    assert_int_equal(ev->chair_role.count, 0);

    assert_int_equal(ev->agenda_count, 3);
    assert_int_equal(ev->agenda[0].start_min, 9 * 60 + 30);
    assert_int_equal(ev->agenda[0].end_min, 10 * 60);
    assert_int_equal(ev->agenda[1].number, 999);
    assert_int_equal(ev->agenda[1].start_min, 600);
    assert_int_equal(ev->agenda[1].end_min, 23 * 60 + 59);
    assert_int_equal(ev->agenda[1].panellist_count, 2);
    assert_int_equal(ev->agenda[1].panellists[0], 1); /* order of the item, not of the list */
    assert_int_equal(ev->agenda[1].panellists[1], 0);
    assert_int_equal(ev->agenda[2].number, 0);        /* null number */
    assert_int_equal(ev->agenda[2].start_min, 0);     /* 00:00 is a time, not "absent" */
    assert_int_equal(ev->agenda[2].end_min, -1);      /* null end */
    assert_int_equal(ev->agenda[2].kind, EVENT_KIND_OTHER);

    assert_int_equal(ev->panellist_count, 2);
    assert_string_equal(ev->panellists[0].id, "p.one");
    assert_int_equal(ev->panellists[0].topic_count, 2);
    assert_string_equal(event_text(&ev->panellists[0].topics[1], "en"), "Sujet B");
    assert_string_equal(event_text(&ev->panellists[1].name, "en"), "Segunda");
    assert_int_equal(ev->panellists[1].organization.count, 0);
    assert_int_equal(ev->category_count, 1);
    assert_string_equal(event_text(&ev->categories[0].label, "en"), "NGO");
    drop(ev);
}

static void test_minimal_and_escapes(void **state)
{
    (void)state;
    /* BOM, CRLF, escapes, a surrogate pair, and an escaped backslash before "u0000". */
    const char doc[] = "\xEF\xBB\xBF{\"id\":\"x\",\r\n\"title\":\"a\\\\u0000b \\ud83d\\ude00 \\\"q\\\" \\u00e9\","
                       "\"date\":\"2000-02-29\",\"chair\":{\"name\":\"C\"}," DOC_AGENDA "}\r\n";
    Event *ev = load_ok(doc, sizeof doc - 1);
    assert_string_equal(event_text(&ev->title, "en"), "a\\u0000b \xF0\x9F\x98\x80 \"q\" \xC3\xA9");
    assert_int_equal(ev->year, 2000);
    drop(ev);
}

/* ------------------------------------------------------------------ syntax errors */

static void test_syntax_error_fixtures(void **state)
{
    (void)state;
    /* Line 3 is `  "title": "A" "date": ...`: the comma is missing before column 16. */
    expect_file_error("bad-missing-comma.json", 3, 16, "invalid JSON near '\"date\": \"2022-07'");
    expect_file_error("bad-trailing.json", 3, 3, "unexpected text after the JSON value near 'oops'");
    expect_file_error("bad-nul-escape.json", 2, 19, "\\u0000 (NUL) is not allowed in strings");
    expect_file_error("bad-invalid-utf8.json", 2, 16, "invalid UTF-8 (byte 0xE9)");
}

static void test_syntax_errors_inline(void **state)
{
    (void)state;
    expect_error("", 1, 1, "empty input (expected a JSON object)");
    expect_error(" \n\t ", 2, 3, "empty input (expected a JSON object)");
    expect_error("{\"id\": \"x\",\n \"title\": \"A\"", 2, 14, "unexpected end of input");
    expect_error("{\"id\": \"x", 1, 10, "unexpected end of input");
    expect_error("{\"a\": 1,}", 1, 9, "invalid JSON near '}'");
    expect_error("{\"a\": tru}", 1, 7, "invalid JSON near 'tru}'");
    expect_error("{\"a\": 1} {}", 1, 10, "unexpected text after the JSON value near '{}'");
    expect_error("{\"a\": \"\\q\"}", 1, 8, "invalid JSON near '\\q\"}'");
    /* Columns count characters: "é" is one column although it is two bytes. */
    expect_error("{\"\xC3\xA9\": 1 2}", 1, 9, "invalid JSON near '2}'");
    /* Context is cut to a few printable characters. */
    expect_error("{\"a\" 1234567890123456789}", 1, 6, "invalid JSON near '1234567890123456'");
    /* Lone or broken surrogates are refused by cJSON. */
    expect_error("{\"a\": \"\\ud800\"}", 1, 8, "invalid JSON near '\\ud800\"}'");
    expect_error("{\"a\": \"\\ude00x\"}", 1, 8, "invalid JSON near '\\ude00x\"}'");
}

static void test_nul_and_bad_escapes(void **state)
{
    (void)state;
    static const char nul[] = "{\"id\":\"x\0\"}";
    expect_error_bytes(nul, sizeof nul - 1, 1, 9, "NUL byte in the input");
    static const char nul_after[] = DOC_MIN "\0";
    expect_error_bytes(nul_after, sizeof nul_after - 1, 1, (int)sizeof DOC_MIN, "NUL byte in the input");
    expect_error(DOC_HEAD "\"x\":\"\\u0000\"," DOC_AGENDA "}", 1, 69, "\\u0000 (NUL) is not allowed in strings");
    /* cJSON would decode a non-hex escape as U+0000 and cut the string there. */
    expect_error("{\"title\": \"a\\uZZZZ\"}", 1, 13, "invalid \\u escape (expected 4 hex digits)");
    expect_error("{\"title\": \"a\\u12\"}", 1, 13, "invalid \\u escape (expected 4 hex digits)");
    /* Raw control characters: never inside strings, only JSON whitespace outside. */
    expect_error("{\"title\": \"a\tb\"}", 1, 13, "unescaped control character U+0009 in a string");
    expect_error("{\"title\":\n\"a\nb\"}", 2, 3, "unescaped control character U+000A in a string");
    expect_error("{\x01}", 1, 2, "control character U+0001");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_error("{\"t\": \"\xC0\xAF\"}", 1, 8, "invalid UTF-8 (byte 0xC0)");     /* overlong '/' */
    expect_error("{\"t\": \"\xED\xA0\x80\"}", 1, 8, "invalid UTF-8 (byte 0xED)"); /* surrogate */
    expect_error("{\"t\": \"\xF4\x90\x80\x80\"}", 1, 8, "invalid UTF-8 (byte 0xF4)");
    expect_error("{\"t\": \"\xE2\x82\"}", 1, 8, "invalid UTF-8 (byte 0xE2)"); /* truncated */
    expect_error("{\"\xC3\xA9\": \"\xBF\"}", 1, 8, "invalid UTF-8 (byte 0xBF)"); /* in a key, after é */
    expect_error("{\"t\": 1}\xFF", 1, 9, "invalid UTF-8 (byte 0xFF)");
    /* A byte cut at the end of the buffer (len excludes the rest). */
    expect_error_bytes("{\"t\": \"\xC3\xA9\"}", 8, 1, 8, "invalid UTF-8 (byte 0xC3)");
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t n = 100000;
    char *deep = malloc(n);
    assert_non_null(deep);
    memset(deep, '[', n);
    expect_error_bytes(deep, n, 1, 65, "nesting deeper than 64 levels");
    /* Objects too, with the same limit; and deep nesting hidden in a string is just text. */
    for (size_t i = 0; i < n; i += 5) memcpy(deep + i, "{\"a\":", 5);
    expect_error_bytes(deep, n, 1, 5 * 64 + 1, "nesting deeper than 64 levels");
    free(deep);

    /* 64 levels are allowed (an unknown field may nest), and the loader then goes on. */
    char ok[400];
    int o = snprintf(ok, sizeof ok, "%s\"future\":", DOC_HEAD);
    for (int i = 0; i < 63; i++) ok[o++] = '[';
    for (int i = 0; i < 63; i++) ok[o++] = ']';
    snprintf(ok + o, sizeof ok - (size_t)o, ",\"deep\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\",%s}", DOC_AGENDA);
    Event *ev = load_ok(ok, strlen(ok));
    drop(ev);
}

static void test_file_size_limit(void **state)
{
    (void)state;
    size_t n = EVENT_MAX_FILE_BYTES;
    char *big = malloc(n + 1);
    assert_non_null(big);
    /* Exactly at the limit is fine (a valid event padded with spaces)... */
    memset(big, ' ', n + 1);
    memcpy(big, DOC_MIN, strlen(DOC_MIN));
    Event *ev = load_ok(big, n);
    drop(ev);
    /* ...one byte more is refused before parsing, whatever the bytes are. */
    expect_error_bytes(big, n + 1, 0, 0, "input is 262145 bytes, over the limit of 262144 bytes");
    memset(big, '[', n + 1);
    expect_error_bytes(big, n + 1, 0, 0, "input is 262145 bytes, over the limit of 262144 bytes");
    free(big);
}

/* ------------------------------------------------------------------ schema errors */

static void test_schema_error_fixtures(void **state)
{
    (void)state;
    expect_file_error("bad-unknown-panellist.json", 0, 0, "agenda[0].panellists[1]: unknown panellist \"y\"");
    expect_file_error("bad-duplicate-id.json", 0, 0, "panellists[1].id: duplicate id \"x\"");
    expect_file_error("bad-date.json", 0, 0, "date: \"2022-02-30\" is not a real calendar date");
    expect_file_error("bad-time.json", 0, 0, "agenda[1].start: \"24:00\" is not a time \"HH:MM\" from 00:00 to 23:59");
    expect_file_error("bad-end-before-start.json", 0, 0, "agenda[0].end: 09:00 is not after the start 10:00");
    expect_file_error("bad-title-type.json", 0, 0, "agenda[2].title: expected a string or an object of translations");
    expect_file_error("bad-too-many-agenda.json", 0, 0, "agenda: 33 items, over the limit of 32");
    expect_file_error("bad-missing-chair-name.json", 0, 0, "chair.name: required field is missing");
}

static void test_top_level_and_required(void **state)
{
    (void)state;
    expect_schema_error("[1, 2]", "the top level must be a JSON object");
    expect_schema_error("\"event\"", "the top level must be a JSON object");
    expect_schema_error("{}", "id: required field is missing");
    expect_schema_error("{\"id\":\"x\"}", "title: required field is missing");
    expect_schema_error("{\"id\":\"x\",\"title\":\"A\"}", "date: required field is missing");
    expect_schema_error("{\"id\":\"x\",\"title\":\"A\",\"date\":\"2022-07-01\"}", "chair: required field is missing");
    expect_schema_error(DOC_HEAD "\"z\":0}", "agenda: required field is missing");
    expect_schema_error(DOC_HEAD "\"agenda\":[]}", "agenda: expected at least one item");
    expect_schema_error(DOC_HEAD "\"agenda\":{}}", "agenda: expected an array");
    expect_schema_error(DOC_HEAD "\"agenda\":[3]}", "agenda[0]: expected an object");
    expect_schema_error("{\"id\":\"x\",\"title\":\"A\",\"date\":\"2022-07-01\",\"chair\":\"C\"," DOC_AGENDA "}",
                        "chair: expected an object");
    expect_schema_error("{\"id\":\"x\",\"title\":\"\",\"date\":\"2022-07-01\",\"chair\":{\"name\":\"C\"}," DOC_AGENDA "}",
                        "title: must not be empty");
    expect_schema_error("{\"id\":\"x\",\"title\":null,\"date\":\"2022-07-01\",\"chair\":{\"name\":\"C\"}," DOC_AGENDA "}",
                        "title: expected a string or an object of translations");
    /* A key given twice would mean different things to different parsers. */
    expect_schema_error("{\"id\":\"x\",\"id\":\"y\"}", "id: key given more than once");
    expect_schema_error(DOC_WITH_ITEM("\"kind\":\"panel\""), "agenda[0].kind: key given more than once");
}

static void test_ids(void **state)
{
    (void)state;
    expect_schema_error("{\"id\":\"\"}", "id: must not be empty");
    expect_schema_error("{\"id\":7}", "id: expected a string id");
    expect_schema_error("{\"id\":\"a b\"}", "id: id \"a b\" may contain only letters, digits, '.', '_' and '-'");
    expect_schema_error("{\"id\":\"caf\xC3\xA9\"}", "id: id \"caf\xC3\xA9\" may contain only letters, digits, '.', '_' and '-'");
    /* Quoted values are escaped and cut. */
    expect_schema_error("{\"id\":\"\\\"\\n0123456789012345678901234567890123456789\"}",
                        "id: id \"\\\"?01234567890123456789012345678\xE2\x80\xA6\" may contain only letters, digits, '.', '_' and '-'");
    char doc[300];
    char id[80];
    memset(id, 'a', 64);
    id[64] = '\0';
    snprintf(doc, sizeof doc, "{\"id\":\"%s\",\"title\":\"A\",\"date\":\"2022-07-01\",\"chair\":{\"name\":\"C\"},%s}", id, DOC_AGENDA);
    Event *ev = load_ok(doc, strlen(doc));
    assert_int_equal(strlen(ev->id), 64);
    drop(ev);
    strcat(id, "a");
    snprintf(doc, sizeof doc, "{\"id\":\"%s\"}", id);
    expect_schema_error(doc, "id: id is 65 bytes, over the limit of 64 bytes");

    expect_schema_error(DOC_HEAD "\"agenda\":[{\"id\":\"a\",\"kind\":\"other\",\"title\":\"T\"},"
                                 "{\"id\":\"a\",\"kind\":\"other\",\"title\":\"U\"}]}",
                        "agenda[1].id: duplicate id \"a\"");
    expect_schema_error(DOC_HEAD "\"categories\":[{\"id\":\"ngo\",\"label\":\"N\"},{\"id\":\"ngo\",\"label\":\"M\"}]," DOC_AGENDA "}",
                        "categories[1].id: duplicate id \"ngo\"");
    expect_schema_error(DOC_HEAD "\"categories\":[{\"id\":\"ngo\"}]," DOC_AGENDA "}",
                        "categories[0].label: required field is missing");
    expect_schema_error(DOC_HEAD "\"panellists\":[{\"id\":\"p\"}]," DOC_AGENDA "}",
                        "panellists[0].name: required field is missing");
}

static void test_texts(void **state)
{
    (void)state;
    size_t cap = EVENT_MAX_TEXT_BYTES + 400;
    char *doc = malloc(cap);
    char *text = malloc(EVENT_MAX_TEXT_BYTES + 2);
    assert_non_null(doc);
    assert_non_null(text);

    /* 4096 bytes (2048 two-byte characters) fit; one byte more is an error, not a cut. */
    for (size_t i = 0; i < EVENT_MAX_TEXT_BYTES; i += 2) memcpy(text + i, "\xC3\xA9", 2);
    text[EVENT_MAX_TEXT_BYTES] = '\0';
    snprintf(doc, cap, DOC_HEAD "\"venue\":{\"fr\":\"%s\"}," DOC_AGENDA "}", text);
    Event *ev = load_ok(doc, strlen(doc));
    assert_int_equal(strlen(event_text(&ev->venue, "fr")), EVENT_MAX_TEXT_BYTES);
    drop(ev);
    snprintf(doc, cap, DOC_HEAD "\"venue\":{\"fr\":\"%sx\"}," DOC_AGENDA "}", text);
    expect_schema_error(doc, "venue.fr: text is 4097 bytes, over the limit of 4096 bytes");
    snprintf(doc, cap, DOC_WITH_ITEM("\"summary\":\"%sx\""), text);
    expect_schema_error(doc, "agenda[0].summary: text is 4097 bytes, over the limit of 4096 bytes");
    free(text);
    free(doc);

    expect_schema_error(DOC_HEAD "\"body\":{\"en\":\"1\",\"a\":\"2\"}," DOC_AGENDA "}",
                        "body: \"a\" is not a language tag");
    expect_schema_error(DOC_HEAD "\"body\":{\"a1\":\"1\",\"b1\":\"2\",\"c2\":\"3\",\"d3\":\"4\",\"e4\":\"5\","
                                 "\"f5\":\"6\",\"g6\":\"7\",\"h7\":\"8\",\"i8\":\"9\"}," DOC_AGENDA "}",
                        "body: 9 translations, over the limit of 8");
    expect_schema_error(DOC_HEAD "\"body\":{}," DOC_AGENDA "}", "body: expected at least one translation");
    expect_schema_error(DOC_HEAD "\"body\":{\"en\":\"x\",\"EN\":\"y\"}," DOC_AGENDA "}",
                        "body: translation \"EN\" given more than once");
    expect_schema_error(DOC_HEAD "\"body\":{\"en_GB\":\"x\"}," DOC_AGENDA "}", "body: \"en_GB\" is not a language tag");
    expect_schema_error(DOC_HEAD "\"body\":{\"en--x\":\"x\"}," DOC_AGENDA "}", "body: \"en--x\" is not a language tag");
    expect_schema_error(DOC_HEAD "\"body\":{\"en\":5}," DOC_AGENDA "}", "body.en: expected a string");
    expect_schema_error(DOC_HEAD "\"body\":{\"fr\":\"\"}," DOC_AGENDA "}", "body.fr: must not be empty");
    expect_schema_error(DOC_HEAD "\"body\":[\"x\"]," DOC_AGENDA "}", "body: expected a string or an object of translations");
    expect_schema_error(DOC_HEAD "\"panellists\":[{\"id\":\"p\",\"name\":\"P\",\"topics\":[\"a\",\"\"]}]," DOC_AGENDA "}",
                        "panellists[0].topics[1]: must not be empty");
    expect_schema_error(DOC_HEAD "\"panellists\":[{\"id\":\"p\",\"name\":\"P\",\"topics\":\"a\"}]," DOC_AGENDA "}",
                        "panellists[0].topics: expected an array");

    /* Optional texts: empty string and null both mean "not given". */
    Event *e2 = load_ok(DOC_HEAD "\"body\":\"\",\"venue\":null,\"short_title\":{\"fr\":\"Court\"}," DOC_AGENDA "}",
                        strlen(DOC_HEAD "\"body\":\"\",\"venue\":null,\"short_title\":{\"fr\":\"Court\"}," DOC_AGENDA "}"));
    assert_int_equal(e2->body.count, 0);
    assert_int_equal(e2->venue.count, 0);
    assert_string_equal(event_text(&e2->short_title, "en"), "Court");
    assert_string_equal(e2->short_title.v[0].lang, "fr");
    drop(e2);
}

static void test_dates(void **state)
{
    (void)state;
    static const char *const bad_real[] = {"2022-02-30", "2023-02-29", "1900-02-29", "2022-04-31",
                                           "2022-13-01", "2022-00-10", "2022-07-00", "0000-01-01"};
    for (size_t i = 0; i < sizeof bad_real / sizeof bad_real[0]; i++) {
        char doc[200], msg[100];
        snprintf(doc, sizeof doc, "{\"id\":\"x\",\"title\":\"A\",\"date\":\"%s\"}", bad_real[i]);
        snprintf(msg, sizeof msg, "date: \"%s\" is not a real calendar date", bad_real[i]);
        expect_schema_error(doc, msg);
    }
    expect_schema_error("{\"id\":\"x\",\"title\":\"A\",\"date\":\"1 July 2022\"}",
                        "date: \"1 July 2022\" is not a date \"YYYY-MM-DD\"");
    expect_schema_error("{\"id\":\"x\",\"title\":\"A\",\"date\":\"2022-7-01\"}",
                        "date: \"2022-7-01\" is not a date \"YYYY-MM-DD\"");
    expect_schema_error("{\"id\":\"x\",\"title\":\"A\",\"date\":20220701}", "date: expected a string \"YYYY-MM-DD\"");
}

static void test_agenda_items(void **state)
{
    (void)state;
    expect_schema_error(DOC_WITH_ITEM("\"start\":\"9:00\""), "agenda[0].start: \"9:00\" is not a time \"HH:MM\" from 00:00 to 23:59");
    expect_schema_error(DOC_WITH_ITEM("\"end\":\"12:60\""), "agenda[0].end: \"12:60\" is not a time \"HH:MM\" from 00:00 to 23:59");
    expect_schema_error(DOC_WITH_ITEM("\"end\":1200"), "agenda[0].end: expected a time \"HH:MM\"");
    expect_schema_error(DOC_WITH_ITEM("\"start\":\"10:00\",\"end\":\"10:00\""), "agenda[0].end: 10:00 is not after the start 10:00");
    expect_schema_error(DOC_WITH_ITEM("\"number\":0"), "agenda[0].number: expected an integer from 1 to 999");
    expect_schema_error(DOC_WITH_ITEM("\"number\":1000"), "agenda[0].number: expected an integer from 1 to 999");
    expect_schema_error(DOC_WITH_ITEM("\"number\":1.5"), "agenda[0].number: expected an integer from 1 to 999");
    expect_schema_error(DOC_WITH_ITEM("\"number\":1e999"), "agenda[0].number: expected an integer from 1 to 999");
    expect_schema_error(DOC_WITH_ITEM("\"number\":\"3\""), "agenda[0].number: expected an integer from 1 to 999");
    expect_schema_error(DOC_HEAD "\"agenda\":[{\"id\":\"a\",\"kind\":\"break\",\"title\":\"T\"}]}",
                        "agenda[0].kind: \"break\" is not a kind (expected opening, briefing, panel, inputs, closing or other)");
    expect_schema_error(DOC_HEAD "\"agenda\":[{\"id\":\"a\",\"kind\":\"Panel\",\"title\":\"T\"}]}",
                        "agenda[0].kind: \"Panel\" is not a kind (expected opening, briefing, panel, inputs, closing or other)");
    expect_schema_error(DOC_HEAD "\"agenda\":[{\"id\":\"a\",\"title\":\"T\"}]}", "agenda[0].kind: required field is missing");
    expect_schema_error(DOC_HEAD "\"agenda\":[{\"id\":\"a\",\"kind\":\"other\"}]}", "agenda[0].title: required field is missing");

    /* Panellist references. */
    expect_schema_error(DOC_WITH_ITEM("\"panellists\":[\"nobody\"]"), "agenda[0].panellists[0]: unknown panellist \"nobody\"");
    expect_schema_error(DOC_HEAD "\"panellists\":[{\"id\":\"p\",\"name\":\"P\"}]," DOC_ITEM_OPEN ",\"panellists\":[\"p\",\"p\"]}]}",
                        "agenda[0].panellists[1]: panellist \"p\" is listed twice");
    expect_schema_error(DOC_HEAD "\"panellists\":[{\"id\":\"p\",\"name\":\"P\"}]," DOC_ITEM_OPEN ",\"panellists\":[1]}]}",
                        "agenda[0].panellists[0]: expected a panellist id (a string)");
    expect_schema_error(DOC_WITH_ITEM("\"panellists\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]"),
                        "agenda[0].panellists: 9 items, over the limit of 8");
}

/* A JSON array of n generated objects, for the capacity tests. */
static char *array_of(const char *key, const char *fmt, int n)
{
    size_t cap = 200 + (size_t)n * 80;
    char *doc = malloc(cap);
    assert_non_null(doc);
    int o = snprintf(doc, cap, DOC_HEAD "\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        if (i > 0) doc[o++] = ',';
        o += snprintf(doc + o, cap - (size_t)o, fmt, i);
    }
    snprintf(doc + o, cap - (size_t)o, "]," DOC_AGENDA "}");
    return doc;
}

static void test_capacities(void **state)
{
    (void)state;
    char *doc = array_of("panellists", "{\"id\":\"p%d\",\"name\":\"P\"}", EVENT_MAX_PANELLISTS);
    Event *ev = load_ok(doc, strlen(doc));
    assert_int_equal(ev->panellist_count, EVENT_MAX_PANELLISTS);
    assert_string_equal(ev->panellists[31].id, "p31");
    drop(ev);
    free(doc);
    doc = array_of("panellists", "{\"id\":\"p%d\",\"name\":\"P\"}", EVENT_MAX_PANELLISTS + 1);
    expect_schema_error(doc, "panellists: 33 items, over the limit of 32");
    free(doc);
    doc = array_of("categories", "{\"id\":\"c%d\",\"label\":\"C\"}", EVENT_MAX_CATEGORIES + 1);
    expect_schema_error(doc, "categories: 17 items, over the limit of 16");
    free(doc);
    doc = array_of("languages", "\"l%d\"", EVENT_MAX_LANGS + 1);
    expect_schema_error(doc, "languages: 9 items, over the limit of 8");
    free(doc);
    doc = array_of("panellists", "{\"id\":\"p%d\",\"name\":\"P\",\"topics\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\","
                                 "\"10\",\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\"]}", 1);
    expect_schema_error(doc, "panellists[0].topics: 17 items, over the limit of 16");
    free(doc);
}

static void test_timezone_and_languages(void **state)
{
    (void)state;
    static const char *const good[] = {"UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+3", "Europe/Vienna"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char doc[300];
        snprintf(doc, sizeof doc, DOC_HEAD "\"timezone\":\"%s\"," DOC_AGENDA "}", good[i]);
        Event *ev = load_ok(doc, strlen(doc));
        assert_string_equal(ev->timezone, good[i]);
        drop(ev);
    }
    Event *ev = load_ok(DOC_HEAD "\"timezone\":\"\"," DOC_AGENDA "}", strlen(DOC_HEAD "\"timezone\":\"\"," DOC_AGENDA "}"));
    assert_string_equal(ev->timezone, "");
    drop(ev);
    expect_schema_error(DOC_HEAD "\"timezone\":\"Europe/Vienna Time\"," DOC_AGENDA "}",
                        "timezone: \"Europe/Vienna Time\" is not an IANA time zone name");
    expect_schema_error(DOC_HEAD "\"timezone\":\"/etc/localtime\"," DOC_AGENDA "}",
                        "timezone: \"/etc/localtime\" is not an IANA time zone name");
    expect_schema_error(DOC_HEAD "\"timezone\":\"../x\"," DOC_AGENDA "}", "timezone: \"../x\" is not an IANA time zone name");
    expect_schema_error(DOC_HEAD "\"timezone\":1," DOC_AGENDA "}",
                        "timezone: expected a string (an IANA name such as \"Europe/Vienna\")");
    expect_schema_error(DOC_HEAD "\"timezone\":\"Aaaaaaaaaa/Bbbbbbbbbb/Cccccccccc/Dddddddddd/Eeeeeeeeee/Ffffffffff/G\"," DOC_AGENDA "}",
                        "timezone: 67 bytes, over the limit of 64 bytes");

    expect_schema_error(DOC_HEAD "\"languages\":\"en\"," DOC_AGENDA "}", "languages: expected an array");
    expect_schema_error(DOC_HEAD "\"languages\":[\"en\",\"e\"]," DOC_AGENDA "}", "languages[1]: \"e\" is not a language tag");
    expect_schema_error(DOC_HEAD "\"languages\":[\"en\",\"fr\",\"EN\"]," DOC_AGENDA "}", "languages[2]: duplicate language \"EN\"");
    expect_schema_error(DOC_HEAD "\"languages\":[\"en\",null]," DOC_AGENDA "}", "languages[1]: expected a language tag (a string)");
    expect_schema_error(DOC_HEAD "\"languages\":[\"a123456789012345678901234567890123456\"]," DOC_AGENDA "}",
                        "languages[0]: \"a1234567890123456789012345678901\xE2\x80\xA6\" is not a language tag");
}

/* ------------------------------------------------------------------ error formatting, API edges */

static void test_error_format(void **state)
{
    (void)state;
    char buf[128];
    EventError syntax = {3, 16, "invalid JSON near 'x'"};
    event_error_format(&syntax, "ev.json", buf, sizeof buf);
    assert_string_equal(buf, "ev.json:3:16: invalid JSON near 'x'");
    EventError schema = {0, 0, "date: bad"};
    event_error_format(&schema, "ev.json", buf, sizeof buf);
    assert_string_equal(buf, "ev.json: date: bad");
    event_error_format(&schema, "ev.json", buf, 8);
    assert_string_equal(buf, "ev.json");
    buf[0] = 'z';
    event_error_format(&schema, "ev.json", buf, 0); /* no room: nothing written */
    assert_int_equal(buf[0], 'z');

    /* Round trip through a real failure. */
    size_t len;
    char *json = (char *)test_read_file(FIXTURES "bad-missing-comma.json", &len);
    Event *ev = new_event();
    EventError err;
    assert_false(event_load(ev, json, len, &err));
    event_error_format(&err, "bad-missing-comma.json", buf, sizeof buf);
    assert_string_equal(buf, "bad-missing-comma.json:3:16: invalid JSON near '\"date\": \"2022-07'");
    free(json);
    free(ev);
}

static void test_api_edges(void **state)
{
    (void)state;
    EventError err;
    assert_false(event_load(NULL, DOC_MIN, strlen(DOC_MIN), &err));
    Event *ev = new_event();
    assert_false(event_load(ev, NULL, 0, &err));
    assert_string_equal(err.message, "empty input (expected a JSON object)");
    assert_false(event_load(ev, "[]", 2, NULL)); /* no error sink: still safe */
    assert_true(is_zeroed(ev));
    event_free(ev); /* freeing an empty event is harmless */
    event_free(NULL);

    /* Loading twice into separate events: each owns its strings. */
    Event *a = load_ok(DOC_MIN, strlen(DOC_MIN));
    Event *b = load_ok_file(DEFAULT_EVENT);
    assert_string_equal(a->id, "x");
    assert_string_equal(b->id, "untoc-wg-som-9-cd-2022");
    drop(a);
    assert_string_equal(event_text(&b->chair_name, "en"), "Mr. Francesco Testa");
    drop(b);
    assert_int_equal(event_find_panellist(NULL, "x"), -1);
    free(ev);
}

/* Every prefix of the default event is either an error or (only the whole) a success, and
 * never crashes or leaks: a cheap sweep over the truncated-input paths of the parser. */
static void test_every_prefix_of_default(void **state)
{
    (void)state;
    size_t len;
    char *json = (char *)test_read_file(DEFAULT_EVENT, &len);
    Event *ev = new_event();
    size_t last = len;
    while (last > 0 && (json[last - 1] == '\n' || json[last - 1] == ' ')) last--;
    for (size_t n = 0; n < len; n += (n < 2000 ? 1 : 7)) {
        EventError err;
        bool ok = event_load(ev, json, n, &err);
        if (ok != (n >= last)) fail_msg("prefix of %zu bytes: ok=%d (%s)", n, ok, err.message);
        if (ok) event_free(ev);
        else if (err.line == 0) fail_msg("prefix of %zu bytes gave a schema error: %s", n, err.message);
    }
    free(ev);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_event_facts),
        cmocka_unit_test(test_default_event_title_lookup),
        cmocka_unit_test(test_text_fallback),
        cmocka_unit_test(test_json_for_lang),
        cmocka_unit_test(test_same_shape),
        cmocka_unit_test(test_default_event_in_six_languages),
        cmocka_unit_test(test_text_pick_fallback),
        cmocka_unit_test(test_good_file_with_times),
        cmocka_unit_test(test_minimal_and_escapes),
        cmocka_unit_test(test_syntax_error_fixtures),
        cmocka_unit_test(test_syntax_errors_inline),
        cmocka_unit_test(test_nul_and_bad_escapes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_schema_error_fixtures),
        cmocka_unit_test(test_top_level_and_required),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_agenda_items),
        cmocka_unit_test(test_capacities),
        cmocka_unit_test(test_timezone_and_languages),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_api_edges),
        cmocka_unit_test(test_every_prefix_of_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
