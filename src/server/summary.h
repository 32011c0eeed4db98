/* summary.h — the Chair's summary draft (docs/chair-api.md): generated from the stored records
 * in the shape of a Chair's summary (an introduction with the participation sentence, then one
 * section per agenda item: comments to each panellist, the others by stakeholder category, a
 * coverage line), saved by the Chair with versions, merged with what arrived since the last
 * save, and exported as HTML and .docx. A generated sentence states only counts, categories,
 * items and exact quotations of comments that may be quoted. */
#ifndef PARLEY_SUMMARY_H
#define PARLEY_SUMMARY_H

#include <cjson/cJSON.h>

#include "server/buf.h"
#include "server/routes.h"

#define SUMMARY_BODY_MAX        (512u * 1024u) /* bytes of a saved draft (PUT) */
#define SUMMARY_TEXT_MAX        8000           /* characters of one paragraph */
#define SUMMARY_TITLE_MAX       500            /* characters of a section title */
#define SUMMARY_SECTIONS_MAX    (1 + 32)       /* the introduction and one per agenda item */
#define SUMMARY_PARAGRAPHS_MAX  1000           /* in the whole draft */
#define SUMMARY_REFERENCES_MAX  5000           /* references of one paragraph */
#define SUMMARY_QUOTES_MAX      5              /* quotations in one generated paragraph */
#define SUMMARY_SUBTITLE        "Summary by the Chair"

/* GET and PUT /api/v1/summary?event= (chair). */
void route_summary_get(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_summary_put(const SrvState *st, const RouteReq *req, RouteResp *resp);
/* GET /api/v1/summary.html?event= and /api/v1/summary.docx?event= (chair): the saved draft,
 * or the generated one while none was saved. */
void route_summary_html(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_summary_docx(const SrvState *st, const RouteReq *req, RouteResp *resp);

/* summary_export.c — a draft view ({"title", "sections": [{"number", "title", "paragraphs":
 * [{"number", "text", "references"}]}]}) as a standalone HTML page, or as a WordprocessingML
 * document zipped with libzip (*out malloc'd). False when out of memory or over the limit. */
bool summary_html(const cJSON *view, SrvBuf *out);
bool summary_docx(const cJSON *view, char **out, size_t *len);

#endif
