/* console.h — the secretariat's moderation console (/?mode=console): its model (the comments,
 * filters, search, counts per state, the selected comment, the moderation log), the parser of
 * the live stream, and its controller (sign-in, requests through AppHost.request, decisions).
 * Portable C11: no SDL, no Emscripten, no clock (time comes from the host). Everything the
 * server sends is untrusted: sizes are checked before parsing, the text is scanned by
 * core/jsonguard before cJSON sees it, every field is validated and bounded, and anything
 * malformed is left out and counted, never trusted or crashed on. */
#ifndef PARLEY_CONSOLE_H
#define PARLEY_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deferred.h"
#include "core/event.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/textedit.h"
#include "ui/ui.h"

#define CONSOLE_MAX_COMMENTS  20000          /* kept in memory; more are not loaded (and said so) */
#define CONSOLE_MAX_LOG       20000
#define CONSOLE_MAX_BODY      (24u << 20)    /* a response body over this is refused unread */
#define CONSOLE_ARENA_MAX     (96u << 20)    /* all texts, names and notes together */
#define CONSOLE_MAX_LANGS     16             /* distinct comment languages offered as filters */
#define CONSOLE_PAGE          500            /* comments per request (the server's maximum) */
#define CONSOLE_Q_CHARS       100
#define CONSOLE_NOTE_CHARS    1000           /* the server's limit on a withholding note */
#define CONSOLE_ACCOUNT_CHARS 64
#define CONSOLE_PASSWORD_CHARS 256
#define CONSOLE_EXCERPT_BYTES 160
#define CONSOLE_ACTOR_BYTES   65             /* account names: 1..64 bytes */
#define CONSOLE_CSRF_BYTES    129
#define CONSOLE_SSE_LINE      8192           /* one line of the live stream */
#define CONSOLE_MAX_REQUESTS  24             /* in flight at once */

/* A comment's publication, as docs/staff-api.md names them. */
typedef enum ConsolePub { CONSOLE_PENDING, CONSOLE_PUBLISHED, CONSOLE_WITHHELD, CONSOLE_PUB_COUNT } ConsolePub;
typedef enum ConsoleReason {
    CONSOLE_REASON_NONE = -1, CONSOLE_OFF_TOPIC, CONSOLE_ABUSIVE, CONSOLE_PERSONAL_DATA,
    CONSOLE_DUPLICATE, CONSOLE_OTHER, CONSOLE_REASON_COUNT
} ConsoleReason;

const char *console_pub_name(ConsolePub s);          /* "pending", ... */
const char *console_reason_name(ConsoleReason r);    /* "off_topic", ... ("" for none) */
bool console_pub_parse(const char *s, ConsolePub *out);
bool console_reason_parse(const char *s, ConsoleReason *out);

typedef struct ConsoleComment {
    char id[RECORD_UUID_LEN + 1];
    char reference[RECORD_REFERENCE_BYTES];
    char agenda_item[RECORD_MAX_ID_BYTES + 1];
    char addressed_to[RECORD_MAX_ID_BYTES + 1];   /* "" when addressed to no one */
    char language[RECORD_MAX_LANG_BYTES + 1];
    char received[RECORD_TIME_BYTES];
    char category[32];                            /* the registration's; "" before it arrived */
    char country[3];
    bool registered, consent;
    int item, panellist, category_index, lang_index; /* indexes (event, Console.langs); -1 none */
    uint32_t name, organization, text, excerpt, note; /* offsets into the arena */
    uint32_t text_len;
    uint32_t seq;                                 /* arrival order in this console */
    ConsolePub state;
    ConsoleReason reason;
    long long version;
    char changed_by[CONSOLE_ACTOR_BYTES];
    char changed_at[RECORD_TIME_BYTES];
} ConsoleComment;

typedef struct ConsoleLogEntry {
    long long seq, version;
    char at[RECORD_TIME_BYTES];
    char by[CONSOLE_ACTOR_BYTES];
    char comment[RECORD_UUID_LEN + 1];
    ConsolePub from, to;
    ConsoleReason reason;
    uint32_t note;
} ConsoleLogEntry;

/* Filters: -1 is "all". item CONSOLE_ITEM_OTHER: an agenda item the event does not have;
 * panellist CONSOLE_TO_NO_ONE: addressed to no one. */
#define CONSOLE_ALL        (-1)
#define CONSOLE_ITEM_OTHER (-2)
#define CONSOLE_TO_NO_ONE  (-2)
typedef struct ConsoleFilter {
    int item, category, panellist, language, state;
    char q[CONSOLE_Q_CHARS * 4 + 1];   /* text (ASCII case folded) or a reference XXXX-XXXX */
} ConsoleFilter;

typedef struct ConsoleModel {
    const Event *event;                /* names the items, panellists and categories; may be NULL */
    ConsoleComment *comments;          /* in arrival order */
    int count, cap;
    int *slots;                        /* open-addressed index by id: comment index + 1, 0 empty */
    int slot_cap;
    bool truncated;                    /* CONSOLE_MAX_COMMENTS reached */
    int rejected;                      /* malformed rows left out since the last clear */
    char *arena;
    size_t arena_used, arena_cap;
    uint32_t next_seq;
    char langs[CONSOLE_MAX_LANGS][RECORD_MAX_LANG_BYTES + 1];
    int lang_count;
    ConsoleFilter filter;
    int *view;                         /* indexes of the comments shown, newest first */
    int view_count;
    int counts[CONSOLE_PUB_COUNT];     /* per state, under every filter but the state */
    int counted;                       /* all states, under every filter but the state */
    char selected[RECORD_UUID_LEN + 1];/* "" none */
    ConsoleLogEntry *log;
    int log_count, log_cap;
} ConsoleModel;

void console_model_init(ConsoleModel *m, const Event *event);
void console_model_free(ConsoleModel *m);
void console_model_clear(ConsoleModel *m);           /* forgets comments, log and selection */
const char *console_str(const ConsoleModel *m, uint32_t off);

/* One page of GET /api/v1/comments: each row is validated and added or updated (by id; a
 * publication is only replaced by a newer version). next: the cursor or "" at the end.
 * Returns the rows taken, or -1 when the body is not that JSON at all. */
int console_parse_comments(ConsoleModel *m, const char *json, size_t len, char *next, size_t next_cap);
/* A publication object (the answer to a decision, or a stream event's "publication"): applied
 * when it is newer than what the comment shows. Returns the comment's index, -1 when the
 * comment is not loaded (or the object is malformed: *bad set). */
int console_apply_publication_json(ConsoleModel *m, const char *json, size_t len, bool *bad);
/* GET /api/v1/moderation-log: replaces the log. Returns the entries taken, or -1. */
int console_parse_log(ConsoleModel *m, const char *json, size_t len);

int console_find(const ConsoleModel *m, const char *id);
/* Rebuilds the view and the counts from the filter; keeps the selection if it still shows. */
void console_refilter(ConsoleModel *m);
bool console_matches(const ConsoleModel *m, const ConsoleComment *c, bool with_state);
/* The position of the selection in the view, or -1. */
int console_selected_row(const ConsoleModel *m);
const ConsoleComment *console_selected(const ConsoleModel *m);
void console_select(ConsoleModel *m, const char *id);
/* Moves the selection by delta rows in the view (from nothing: the first row). */
bool console_select_step(ConsoleModel *m, int delta);

/* The JSON helpers every console answer goes through (console_model.c; chair_desk.c too). */
typedef struct cJSON cJSON;
/* The body as a cJSON object, or NULL: over CONSOLE_MAX_BODY, not scanned clean, not an object. */
cJSON *console_json_parse(const char *json, size_t len);
/* A string member, or NULL. */
const char *console_json_str(const cJSON *o, const char *key);
/* A string member that is absent or null gives "", another type gives NULL (refused). */
const char *console_json_opt(const cJSON *o, const char *key);
/* A non-negative integer that a double holds exactly. */
bool console_json_int(const cJSON *o, const char *key, long long *out);
/* A printable single-line value: no control characters, at most max bytes. */
bool console_plain(const char *s, size_t max);

/* --- the live stream (text/event-stream) ------------------------------------------------ */

typedef void (*ConsoleSseFn)(void *ctx, const char *event, const char *data, size_t len);
typedef struct ConsoleSse {
    char line[CONSOLE_SSE_LINE];
    size_t line_len;
    bool overlong, skip_lf;
    char event[32];
    char data[CONSOLE_SSE_LINE];
    size_t data_len;
    bool has_data;
    char pending_id[24];               /* the id of the event being read */
    bool has_id;
    char last_id[24];                  /* for Last-Event-ID when reconnecting */
} ConsoleSse;

void console_sse_reset(ConsoleSse *s);   /* a new connection (keeps last_id) */
void console_sse_feed(ConsoleSse *s, const char *bytes, size_t n, ConsoleSseFn fn, void *ctx);

/* --- the controller ----------------------------------------------------------------------- */

/* The console's screens (app->screen is SCREEN_CON_SIGNIN + the view). */
typedef enum ConsoleView {
    CONSOLE_VIEW_SIGNIN, CONSOLE_VIEW_LIST, CONSOLE_VIEW_DETAIL, CONSOLE_VIEW_LOG,
    CONSOLE_VIEW_MEETING, CONSOLE_VIEW_REGS, CONSOLE_VIEW_SUMMARY   /* the Chair's (chair_desk.h) */
} ConsoleView;

typedef enum ConsoleReqKind {
    CREQ_NONE, CREQ_SESSION, CREQ_SIGNIN, CREQ_SIGNOUT, CREQ_PAGE, CREQ_ONE, CREQ_DECIDE,
    CREQ_LOG, CREQ_STREAM,
    /* the Chair's desk (chair_desk.c) */
    CREQ_CURRENT, CREQ_SET_CURRENT, CREQ_QUEUE, CREQ_FLOOR, CREQ_REGS, CREQ_REG_STATUS, CREQ_SUMMARY,
    CREQ_SUMMARY_SAVE
} ConsoleReqKind;

typedef struct ConsoleReq {
    uint32_t id;
    ConsoleReqKind kind;
    uint32_t generation;               /* answers from before a sign-out are ignored */
    char comment[RECORD_UUID_LEN + 1]; /* CREQ_DECIDE, CREQ_ONE; the request or registration */
    ConsolePub to;                     /* CREQ_DECIDE */
} ConsoleReq;

/* The banner: what the last action or answer means, in words. */
typedef enum ConsoleTone { CONSOLE_TONE_INFO, CONSOLE_TONE_SUCCESS, CONSOLE_TONE_ERROR } ConsoleTone;

typedef struct Console {
    ConsoleModel model;
    bool checking;                     /* asking whether a session exists (at start) */
    bool signed_in, signing_in;
    char account[CONSOLE_ACTOR_BYTES], role[16], csrf[CONSOLE_CSRF_BYTES];
    uint32_t generation;

    TextEdit name, password, search, note;
    char name_buf[TEXTEDIT_BUF_BYTES(CONSOLE_ACCOUNT_CHARS)];
    char password_buf[TEXTEDIT_BUF_BYTES(CONSOLE_PASSWORD_CHARS)];
    char search_buf[TEXTEDIT_BUF_BYTES(CONSOLE_Q_CHARS)];
    char note_buf[TEXTEDIT_BUF_BYTES(CONSOLE_NOTE_CHARS)];
    I18nMsg signin_error;

    ConsoleReq reqs[CONSOLE_MAX_REQUESTS];
    uint32_t next_req;
    bool loading, loaded;              /* the list: pages being fetched / fetched once */
    char cursor[32];
    bool log_loading, log_stale;
    bool reload_again;                 /* a reset arrived while loading: load once more */

    ConsoleSse sse;
    uint32_t stream_req;               /* 0: not connected */
    bool stream_live;                  /* the server answered 200 and is sending */
    int64_t stream_retry_at;           /* when to reconnect (0: not waiting) */
    int stream_failures;

    bool deciding;                     /* a decision is in flight */
    bool withhold_open;                /* the reason form is up */
    ConsoleReason withhold_reason;
    I18nMsg withhold_error;

    I18nMsg banner;
    ConsoleTone banner_tone;
    char banner_arg[RECORD_MAX_NAME_CHARS * 4 + 1]; /* %s of the banner (a reference, a name) */
    int banner_num;                    /* %d of the banner */

    int filter_open;                   /* which filter's choices are shown: -1 none, 0..3 */
    bool wide;                         /* the last layout had two panes */
    bool reveal_selection;             /* scroll the selected row into view at the next pass */
    struct ChairDesk *desk;            /* the Chair's tools (chair_desk.h) */
} Console;

/* The controller (console.c) and the screens (console_screens.c), driven by app.c. The web
 * build fetches what only the marked entry points reach after the first frame, before C
 * starts in console mode (core/deferred.h). */
struct App;
bool console_create(struct App *app);           /* console mode: allocates app->console */
void console_destroy(struct App *app);
void console_begin(struct App *app);            /* at start: is there a session already? */
PARLEY_OUT_OF_LINE bool console_http(struct App *app, uint32_t id, int status, const char *body, size_t len, bool final);
bool console_tick(struct App *app, int64_t now_ms);
int64_t console_next_tick_ms(const struct App *app, int64_t now_ms);
PARLEY_OUT_OF_LINE bool console_shortcut(struct App *app, Ui *ui, int ch, float w, float h);
PARLEY_OUT_OF_LINE void console_pass(struct App *app, Ui *ui, const UiInput *in, float w, float h);

/* Actions the screens call. */
void console_sign_in(struct App *app);
void console_sign_out(struct App *app);
void console_decide(struct App *app, ConsolePub to);   /* on the selected comment */
void console_open_withhold(struct App *app);
void console_escape(struct App *app);                  /* closes the open filter or reasons */
void console_show(struct App *app, ConsoleView view);
void console_filter_changed(struct App *app);
void console_pick(struct App *app, const char *id);    /* a row was chosen */
void console_set_banner(Console *c, I18nMsg msg, ConsoleTone tone, const char *arg, int num);

/* For the Chair's desk (chair_desk.c): a request through the console's seam (its CSRF header,
 * its generation), NULL when it could not start; the message for a failed answer; an
 * expired session (back to sign-in, everything wiped). */
ConsoleReq *console_send(struct App *app, ConsoleReqKind kind, const char *method, const char *path,
                         const char *body, size_t body_len, const char *id);
I18nMsg console_failure(int status);
void console_session_ended(struct App *app);

#endif
