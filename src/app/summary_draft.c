/* summary_draft.c — see summary_draft.h. Must never keep half of an answer: a draft is taken
 * whole or not at all. */
#include "app/summary_draft.h"

#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "app/console.h"
#include "core/utf8.h"

void draft_init(SummaryDraft *d)
{
    memset(d, 0, sizeof *d);
}

static void draft_paragraph_free(DraftParagraph *p)
{
    free(p->text);
    free(p->refs);
    memset(p, 0, sizeof *p);
}

void draft_free(SummaryDraft *d)
{
    for (int i = 0; i < d->count; i++) draft_paragraph_free(&d->paragraphs[i]);
    for (int s = 0; s < d->section_count; s++) free(d->sections[s].title);
    free(d->paragraphs);
    draft_init(d);
}

static char *draft_dup(const char *s)
{
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (c) memcpy(c, s, n + 1);
    return c;
}

/* Text of 1..max characters, no control characters but newline and tab (lines: newline too). */
static bool draft_text_ok(const char *s, size_t len, size_t max, bool lines)
{
    if (!s || len == 0 || !utf8_valid(s, len) || utf8_count(s, len) > max || memchr(s, '\0', len)) return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && !(lines && c == '\n')) || c == 0x7F) return false;
    }
    return true;
}

static bool draft_ref_ok(const char *r)
{
    char canonical[RECORD_REFERENCE_BYTES], prefix[RECORD_ID_PREFIX_BYTES];
    return r && strlen(r) == RECORD_REFERENCE_BYTES - 1 &&
           record_reference_parse(r, strlen(r), canonical, prefix) && strcmp(canonical, r) == 0;
}

static bool draft_take_paragraph(DraftParagraph *p, int section, const cJSON *o)
{
    const char *key = console_json_opt(o, "key"), *text = console_json_str(o, "text");
    const cJSON *refs = cJSON_GetObjectItemCaseSensitive(o, "references");
    if (!key || strlen(key) >= sizeof p->key || !console_plain(key, sizeof p->key - 1) || !text ||
        !draft_text_ok(text, strlen(text), DRAFT_TEXT_CHARS, true) || !cJSON_IsArray(refs) ||
        cJSON_GetArraySize(refs) > DRAFT_MAX_REFS)
        return false;
    p->section = section;
    strcpy(p->key, key);
    p->fresh = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "new"));
    p->text = draft_dup(text);
    int n = cJSON_GetArraySize(refs);
    p->refs = calloc(n ? (size_t)n : 1, sizeof *p->refs);
    if (!p->text || !p->refs) return false;
    const cJSON *r;
    cJSON_ArrayForEach(r, refs) {
        if (!cJSON_IsString(r) || !draft_ref_ok(r->valuestring)) return false;
        strcpy(p->refs[p->ref_count++], r->valuestring);
    }
    return true;
}

bool draft_parse(SummaryDraft *d, const char *json, size_t len)
{
    cJSON *o = json && len <= DRAFT_BODY_MAX ? console_json_parse(json, len) : NULL;
    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(o, "sections");
    SummaryDraft next;
    draft_init(&next);
    bool ok = cJSON_IsArray(sections) && cJSON_GetArraySize(sections) <= DRAFT_MAX_SECTIONS &&
              console_json_int(o, "version", &next.version) && console_json_int(o, "through", &next.through);
    int total = 0;
    const cJSON *s, *taken = ok ? sections : NULL;  /* the macro below wants a plain pointer */
    cJSON_ArrayForEach(s, taken) total += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "paragraphs"));
    ok = ok && total <= DRAFT_MAX_PARAGRAPHS;
    next.paragraphs = ok ? calloc(total ? (size_t)total : 1, sizeof *next.paragraphs) : NULL;
    ok = ok && next.paragraphs;
    taken = ok ? sections : NULL;
    cJSON_ArrayForEach(s, taken) {
        DraftSection *sec = &next.sections[next.section_count];
        const char *id = console_json_str(s, "id"), *number = console_json_str(s, "number");
        const char *title = console_json_str(s, "title");
        const cJSON *ps = cJSON_GetObjectItemCaseSensitive(s, "paragraphs");
        ok = id && strlen(id) < sizeof sec->id && console_plain(id, sizeof sec->id - 1) && number &&
             strlen(number) < sizeof sec->number && console_plain(number, sizeof sec->number - 1) && title &&
             draft_text_ok(title, strlen(title), DRAFT_TITLE_CHARS, false) && cJSON_IsArray(ps);
        if (!ok) break;
        strcpy(sec->id, id);
        strcpy(sec->number, number);
        sec->title = draft_dup(title);
        next.section_count++;
        ok = sec->title != NULL;
        const cJSON *p, *rows = ok ? ps : NULL;
        cJSON_ArrayForEach(p, rows) {
            ok = draft_take_paragraph(&next.paragraphs[next.count], next.section_count - 1, p);
            next.count++;  /* freed with the rest if the answer is refused */
            if (!ok) break;
        }
        if (!ok) break;
    }
    cJSON_Delete(o);
    if (!ok) {
        draft_free(&next);
        return false;
    }
    draft_free(d);
    *d = next;
    d->loaded = true;
    return true;
}

bool draft_set_text(SummaryDraft *d, int i, const char *text, size_t len)
{
    if (i < 0 || i >= d->count || !draft_text_ok(text, len, DRAFT_TEXT_CHARS, true)) return false;
    char *c = malloc(len + 1);
    if (!c) return false;
    memcpy(c, text, len);
    c[len] = '\0';
    free(d->paragraphs[i].text);
    d->paragraphs[i].text = c;
    d->dirty = true;
    return true;
}

bool draft_move(SummaryDraft *d, int i, int delta)
{
    int j = i + delta;
    if (i < 0 || i >= d->count || j < 0 || j >= d->count || (delta != 1 && delta != -1) ||
        d->paragraphs[j].section != d->paragraphs[i].section)
        return false;
    DraftParagraph t = d->paragraphs[i];
    d->paragraphs[i] = d->paragraphs[j];
    d->paragraphs[j] = t;
    d->dirty = true;
    return true;
}

bool draft_remove(SummaryDraft *d, int i)
{
    if (i < 0 || i >= d->count) return false;
    draft_paragraph_free(&d->paragraphs[i]);
    memmove(&d->paragraphs[i], &d->paragraphs[i + 1], sizeof d->paragraphs[0] * (size_t)(d->count - i - 1));
    d->count--;
    d->dirty = true;
    return true;
}

char *draft_body(const SummaryDraft *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *ss = o ? cJSON_AddArrayToObject(o, "sections") : NULL;
    bool ok = ss && cJSON_AddNumberToObject(o, "version", (double)d->version) &&
              cJSON_AddNumberToObject(o, "through", (double)d->through);
    for (int s = 0; ok && s < d->section_count; s++) {
        cJSON *sec = cJSON_CreateObject();
        ok = sec && cJSON_AddItemToArray(ss, sec);
        if (!ok) { cJSON_Delete(sec); break; }
        cJSON *ps = NULL;
        ok = cJSON_AddStringToObject(sec, "id", d->sections[s].id) &&
             cJSON_AddStringToObject(sec, "title", d->sections[s].title) &&
             (ps = cJSON_AddArrayToObject(sec, "paragraphs"));
        for (int i = 0; ok && i < d->count; i++) {
            const DraftParagraph *p = &d->paragraphs[i];
            if (p->section != s) continue;
            cJSON *po = cJSON_CreateObject();
            ok = po && cJSON_AddItemToArray(ps, po);
            if (!ok) { cJSON_Delete(po); break; }
            cJSON *refs = NULL;
            ok = (p->key[0] ? cJSON_AddStringToObject(po, "key", p->key) != NULL : cJSON_AddNullToObject(po, "key") != NULL) &&
                 cJSON_AddStringToObject(po, "text", p->text) && (refs = cJSON_AddArrayToObject(po, "references"));
            for (int k = 0; ok && k < p->ref_count; k++) {
                cJSON *r = cJSON_CreateString(p->refs[k]);
                ok = r && cJSON_AddItemToArray(refs, r);
                if (!ok) cJSON_Delete(r);
            }
        }
    }
    char *body = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return body;
}
