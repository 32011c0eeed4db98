/* stats.h — what GET /api/v1/stats reports for one event: participants and distinct
 * organisations by stakeholder category, comments by agenda item and by panellist, and the
 * participation sentence a Chair's summary opens with, written from the registrations.
 * It must never invent a figure: every number comes from stored records. */
#ifndef PARLEY_STATS_H
#define PARLEY_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "server/buf.h"
#include "server/db.h"

/* The four categories of docs/interface.md §3, in this order everywhere. */
typedef enum StatsCategory {
    STATS_NGO = 0,
    STATS_ACADEMIA,
    STATS_PRIVATE_SECTOR,
    STATS_OTHER,
    STATS_CATEGORY_COUNT
} StatsCategory;

/* Appends the stats JSON of `ev` (its registrations and comments, read through rd). */
DbStatus stats_render(const Event *ev, DbReader *rd, SrvBuf *out);

/* The participation sentence of `ev` from its registrations (the approved ones once any is),
 * as GET /api/v1/stats says it. */
DbStatus stats_participation(const Event *ev, DbReader *rd, char *out, size_t cap);

/* The participation sentence for these organisation counts (one per StatsCategory), e.g.
 * "Thirty-seven non-governmental organizations (NGOs) and seven other relevant
 * stakeholders (five from academia and two from the private sector) participated in the
 * constructive dialogue." `gathering` names the meeting ("constructive dialogue").
 * Numbers follow the UN Editorial Manual: words at the start of a sentence and under 10,
 * figures from 10 (and for every number of a series that has one of 10 or more). */
void stats_sentence(const uint64_t orgs[STATS_CATEGORY_COUNT], const char *gathering,
                    char *out, size_t cap);

/* n in English words, British style ("one hundred and twenty-three"), capitalised when
 * asked; figures with thousands commas from 10^9 on. */
void stats_words(uint64_t n, bool capital, char *out, size_t cap);

#endif
