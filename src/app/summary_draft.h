/* summary_draft.h — the Chair's summary draft as the console edits it (docs/chair-api.md): parsed
 * from GET api/v1/summary (every field validated and bounded, the whole answer refused when
 * malformed), paragraphs rewritten, moved up or down within their section and removed, and
 * written back as the body of the PUT with the version and "through" it was edited from.
 * Portable C11: no SDL, no Emscripten, no clock. */
#ifndef PARLEY_SUMMARY_DRAFT_H
#define PARLEY_SUMMARY_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"

#define DRAFT_MAX_SECTIONS   33
#define DRAFT_MAX_PARAGRAPHS 1000
#define DRAFT_TEXT_CHARS     8000   /* the server's limit on one paragraph */
#define DRAFT_TITLE_CHARS    500
#define DRAFT_MAX_REFS       5000   /* references of one paragraph */
#define DRAFT_BODY_MAX       (24u << 20)

typedef struct DraftParagraph {
    int section;                  /* index into sections */
    char key[97];                 /* the generated paragraph it came from, "" for the Chair's own */
    char *text;                   /* heap */
    char (*refs)[RECORD_REFERENCE_BYTES];  /* heap */
    int ref_count;
    bool fresh;                   /* new since the last save */
} DraftParagraph;

typedef struct DraftSection {
    char id[RECORD_MAX_ID_BYTES + 1];
    char number[16];              /* "IV" */
    char *title;                  /* heap */
} DraftSection;

typedef struct SummaryDraft {
    bool loaded;
    long long version, through;
    DraftSection sections[DRAFT_MAX_SECTIONS];
    int section_count;
    DraftParagraph *paragraphs;   /* in document order, sections in turn: paragraph i is numbered i + 1 */
    int count;
    bool dirty;                   /* changed since loaded or saved */
} SummaryDraft;

void draft_init(SummaryDraft *d);
void draft_free(SummaryDraft *d);
/* Replaces the draft with a GET answer; false (and nothing changed) when malformed. */
bool draft_parse(SummaryDraft *d, const char *json, size_t len);
/* Rewrites paragraph i (1..DRAFT_TEXT_CHARS characters, no control characters but newline
 * and tab); false when refused. */
bool draft_set_text(SummaryDraft *d, int i, const char *text, size_t len);
/* Moves paragraph i one place up (delta -1) or down (+1) within its section; false at an end. */
bool draft_move(SummaryDraft *d, int i, int delta);
bool draft_remove(SummaryDraft *d, int i);
/* The PUT body ({"version","through","sections"}), malloc'd; NULL when out of memory. */
char *draft_body(const SummaryDraft *d);

#endif
