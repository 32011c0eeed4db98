/* export.h — the secretariat's exports (admin only, docs/interface.md §2): comments as RFC 4180 CSV
 * for spreadsheets and as JSON, registrations as JSON. Records are exported as they were
 * received (unknown fields kept). It must never write a CSV cell a spreadsheet would run
 * as a formula. */
#ifndef PARLEY_EXPORT_H
#define PARLEY_EXPORT_H

#include "server/buf.h"
#include "server/db.h"

/* Ceiling of one export body, held in memory while it is sent. */
#define EXPORT_MAX_BYTES (256u * 1024u * 1024u)

/* UTF-8 BOM (so Excel reads UTF-8), a header row, then one CRLF-terminated row per comment:
 * id, created, received, event, agenda_item, addressed_to, participant_name, organization,
 * category, country, language, text — the participant's columns from their registration
 * (empty while it has not arrived). Names are included whatever publish_consent says: this
 * export is for the secretariat, who decide what gets published (comments.json carries
 * the consent flag). event NULL: every event. */
DbStatus export_comments_csv(DbReader *rd, const char *event, SrvBuf *out);

/* {"comments":[{"received":..,"record":{as received},"participant":{name, organization,
 * category, country, email, publish_consent} or null}],"count":n} */
DbStatus export_comments_json(DbReader *rd, const char *event, SrvBuf *out);

/* {"registrations":[{"received":..,"record":{as received}}],"count":n} */
DbStatus export_registrations_json(DbReader *rd, const char *event, SrvBuf *out);

/* One CSV cell: a value starting with = + - @, a tab or a carriage return (or their
 * full-width forms) gets a leading apostrophe so spreadsheets show it as text; then it is
 * quoted when it holds a quote, comma, CR or LF (quotes doubled). NULL is an empty cell. */
void export_csv_cell(SrvBuf *out, const char *value);

#endif
