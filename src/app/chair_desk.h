/* chair_desk.h — the Chair's part of the console (docs/chair-api.md): the item in progress,
 * the speakers' queue of that item, and the registrations with their status. Its model
 * (parsing the server's answers, every field validated and bounded, malformed rows left out
 * and counted) and its controller (requests through the console's seam, answers, the live
 * stream's "current" and "floor" events). Portable C11; the screens are chair_screens.c. */
#ifndef PARLEY_CHAIR_DESK_H
#define PARLEY_CHAIR_DESK_H

#include <stdbool.h>
#include <stddef.h>

#include "app/console.h"
#include "app/summary_draft.h"

#define DESK_MAX_QUEUE   1000     /* requests of one item kept */
#define DESK_MAX_REGS    5000     /* registrations kept (more are left out, and said) */
#define DESK_TEXT_BYTES  (RECORD_MAX_NAME_CHARS * 4 + 1)
#define DESK_PARTY_CHARS 200      /* the server's limit on an objecting State party */

typedef enum DeskFloor { DESK_WAITING, DESK_SPEAKING, DESK_DONE, DESK_WITHDRAWN } DeskFloor;
typedef enum DeskStatus { DESK_PENDING, DESK_APPROVED, DESK_OBJECTED, DESK_REG_WITHDRAWN } DeskStatus;

typedef struct DeskPerson {
    char name[DESK_TEXT_BYTES], organization[DESK_TEXT_BYTES];
    int category;                /* index into the event's categories, -1 unknown */
    char country[3];
} DeskPerson;

typedef struct DeskRequest {
    char id[RECORD_UUID_LEN + 1];
    int panellist;               /* event panellist index, -1 no one in particular */
    DeskFloor state;
    int position;                /* 1.. while waiting */
    DeskPerson who;
} DeskRequest;

typedef struct DeskRegistration {
    char id[RECORD_UUID_LEN + 1];
    DeskPerson who;
    DeskStatus status;
    char party[DESK_PARTY_CHARS * 4 + 1];
    long long version;
} DeskRegistration;

typedef struct DeskModel {
    const Event *event;
    bool current_known;
    int current;                 /* the item in progress, -1 none */
    DeskRequest *queue;          /* of the item in progress, in the order asked */
    int queue_count;
    DeskRegistration *regs;      /* in the server's order: category, organisation, country */
    int reg_count;
    bool regs_truncated;
    int rejected;                /* malformed rows left out by the last parses */
} DeskModel;

void desk_model_init(DeskModel *m, const Event *event);
void desk_model_free(DeskModel *m);
/* {"agenda_item","since",...}: the item in progress. False when malformed (nothing changes). */
bool desk_parse_current(DeskModel *m, const char *json, size_t len);
/* {"requests":[...]}: replaces the queue. False when malformed. */
bool desk_parse_queue(DeskModel *m, const char *json, size_t len);
/* {"registrations":[...]}: replaces the list. False when malformed. */
bool desk_parse_registrations(DeskModel *m, const char *json, size_t len);
int desk_find_registration(const DeskModel *m, const char *id);

/* The controller's state, in the console (Console.desk). */
typedef struct ChairDesk {
    DeskModel model;
    bool loading_current, loading_queue, loading_regs;
    bool busy;                   /* a change is in flight */
    TextEdit party;              /* the objecting State party, for "Record an objection" */
    char party_buf[TEXTEDIT_BUF_BYTES(DESK_PARTY_CHARS)];
    I18nMsg party_error;
    SummaryDraft draft;          /* the summary draft being edited (summary_draft.h) */
    bool loading_draft, saving_draft;
    int editing;                 /* the paragraph whose text is in `edit`, -1 none */
    TextEdit edit;
    char edit_buf[TEXTEDIT_BUF_BYTES(DRAFT_TEXT_CHARS)];
} ChairDesk;

/* True for an account that may use the Chair's tools (chair, admin). */
bool desk_allowed(const struct App *app);
bool desk_create(struct App *app);
void desk_destroy(struct App *app);
void desk_clear(struct App *app);             /* signed out: forget everything */
void desk_load_meeting(struct App *app);      /* the item in progress, then its queue */
void desk_load_registrations(struct App *app);
void desk_set_current(struct App *app, int item);  /* -1: none in progress */
void desk_floor_state(struct App *app, const char *id, DeskFloor state);
void desk_registration_status(struct App *app, const char *id, DeskStatus status);
/* The summary draft: loaded (again only when asked, or when nothing is unsaved), saved with the
 * version it was edited from; a paragraph's text put in `edit`, and taken back from it. */
void desk_load_summary(struct App *app, bool force);
void desk_save_summary(struct App *app);
void desk_edit_paragraph(struct App *app, int i);
void desk_keep_paragraph(struct App *app);
void desk_open_docx(struct App *app);
/* The answer to one of the desk's requests (console.c hands them over). */
void desk_answer(struct App *app, const ConsoleReq *r, int status, const char *body, size_t len);
/* A live stream event ("current", "floor"); true when it was the desk's. */
bool desk_stream_event(struct App *app, const char *event);

/* chair_screens.c: the meeting (item in progress, queue) and the registrations. */
float desk_meeting_screen(struct App *app, Ui *ui, UiRect area, float y);
float desk_registrations_screen(struct App *app, Ui *ui, UiRect area, float y);
float desk_summary_screen(struct App *app, Ui *ui, UiRect area, float y);

#endif
