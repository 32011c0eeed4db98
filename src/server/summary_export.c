/* summary_export.c — the Chair's summary as a standalone HTML page and as a .docx: WordprocessingML
 * (ECMA-376) with the built-in heading styles and one decimal numbering running through the
 * whole document, as the UN's summaries number their paragraphs; no footnotes. The zip is
 * written by libzip in memory. Every text goes through the one escaper (html.c), whose
 * entities are XML's too. */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "server/export.h"
#include "server/html.h"
#include "server/summary.h"

static const char *summary_str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* "[A; B]", or nothing without references. */
static void summary_refs_text(SrvBuf *b, const cJSON *p)
{
    const cJSON *refs = cJSON_GetObjectItemCaseSensitive(p, "references");
    if (cJSON_GetArraySize(refs) == 0) return;
    buf_puts(b, "[");
    const cJSON *r;
    int k = 0;
    cJSON_ArrayForEach(r, refs) {
        if (k++) buf_puts(b, "; ");
        html_text(b, cJSON_IsString(r) ? r->valuestring : "");
    }
    buf_puts(b, "]");
}

/* Appends text escaped, each line break as `br`. */
static void summary_lines(SrvBuf *b, const char *text, const char *br)
{
    const char *line = text;
    for (;;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *copy = malloc(len + 1);
        if (!copy) {
            b->failed = true;
            return;
        }
        memcpy(copy, line, len);
        copy[len] = '\0';
        html_text(b, copy);
        free(copy);
        if (!nl) return;
        buf_puts(b, br);
        line = nl + 1;
    }
}

/* --- HTML --------------------------------------------------------------------------------- */

bool summary_html(const cJSON *view, SrvBuf *b)
{
    const char *title = summary_str(view, "title");
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    html_text(b, title);
    buf_puts(b, " \xe2\x80\x94 " SUMMARY_SUBTITLE "</title></head>\n<body>\n<h1>");
    html_text(b, title);
    buf_puts(b, "</h1>\n<p><strong>" SUMMARY_SUBTITLE "</strong></p>\n");
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(view, "sections")) {
        buf_puts(b, "<h2>");
        html_text(b, summary_str(s, "number"));
        buf_puts(b, ". ");
        html_text(b, summary_str(s, "title"));
        buf_puts(b, "</h2>\n");
        const cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "paragraphs")) {
            int n = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(p, "number"));
            buf_printf(b, "<p id=\"p%d\">%d. ", n, n);
            summary_lines(b, summary_str(p, "text"), "<br>");
            if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "references")) > 0) {
                buf_puts(b, " <span class=\"references\">");
                summary_refs_text(b, p);
                buf_puts(b, "</span>");
            }
            buf_puts(b, "</p>\n");
        }
    }
    buf_puts(b, "</body></html>\n");
    return !b->failed;
}

/* --- .docx -------------------------------------------------------------------------------- */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char summary_content_types[] =
    XML_HEAD
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";

static const char summary_rels[] =
    XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

static const char summary_document_rels[] =
    XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
    "</Relationships>";

/* Times New Roman 12 pt like a UN document; the built-in names Word and python-docx know. */
static const char summary_styles[] =
    XML_HEAD
    "<w:styles " W_NS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
    "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"24\"/>"
    "<w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "<w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:jc w:val=\"left\"/>"
    "<w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:jc w:val=\"left\"/></w:pPr>"
    "<w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/>"
    "<w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/>"
    "</w:pPr><w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"ListNumber\"><w:name w:val=\"List Number\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "</w:style>"
    "</w:styles>";

/* One decimal list, "1." hanging in the margin, used by every paragraph: numbers run on
 * across sections as in the seed document. */
static const char summary_numbering[] =
    XML_HEAD
    "<w:numbering " W_NS ">"
    "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>"
    "<w:pPr><w:tabs><w:tab w:val=\"num\" w:pos=\"567\"/></w:tabs>"
    "<w:ind w:left=\"0\" w:firstLine=\"0\"/></w:pPr></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "</w:numbering>";

/* A paragraph of one style with its text as runs (line breaks as w:br). */
static void summary_w_para(SrvBuf *b, const char *style, bool numbered, const char *text,
                           const cJSON *refs_of)
{
    buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>", style);
    if (numbered) buf_puts(b, "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
    buf_puts(b, "</w:pPr><w:r><w:t xml:space=\"preserve\">");
    summary_lines(b, text, "</w:t><w:br/><w:t xml:space=\"preserve\">");
    buf_puts(b, "</w:t></w:r>");
    if (refs_of && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(refs_of, "references"))) {
        buf_puts(b, "<w:r><w:t xml:space=\"preserve\"> ");
        summary_refs_text(b, refs_of);
        buf_puts(b, "</w:t></w:r>");
    }
    buf_puts(b, "</w:p>");
}

static void summary_document(const cJSON *view, SrvBuf *b)
{
    buf_puts(b, XML_HEAD "<w:document " W_NS "><w:body>");
    summary_w_para(b, "Title", false, summary_str(view, "title"), NULL);
    summary_w_para(b, "Subtitle", false, SUMMARY_SUBTITLE, NULL);
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(view, "sections")) {
        SrvBuf h;
        buf_init(&h, 4096);
        buf_puts(&h, summary_str(s, "number"));
        buf_puts(&h, ". ");
        buf_puts(&h, summary_str(s, "title"));
        summary_w_para(b, "Heading1", false, h.data ? h.data : "", NULL);
        if (h.failed) b->failed = true;
        buf_free(&h);
        const cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "paragraphs"))
            summary_w_para(b, "ListNumber", true, summary_str(p, "text"), p);
    }
    /* A4 with 2.5 cm margins. */
    buf_puts(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" "
                "w:right=\"1418\" w:bottom=\"1418\" w:left=\"1418\" w:header=\"709\" "
                "w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
}

static void summary_core(const cJSON *view, SrvBuf *b)
{
    buf_puts(b, XML_HEAD "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
                "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                "<dc:title>");
    html_text(b, summary_str(view, "title"));
    buf_puts(b, "</dc:title><dc:subject>" SUMMARY_SUBTITLE "</dc:subject><dc:language>en"
                "</dc:language></cp:coreProperties>");
}

/* Adds one member from memory that stays alive until zip_close. */
static bool summary_zip_add(zip_t *za, const char *name, const char *data, size_t len)
{
    zip_source_t *src = zip_source_buffer(za, data, len, 0);
    if (!src) return false;
    if (zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(src);
        return false;
    }
    return true;
}

/* The bytes of a closed in-memory archive. */
static bool summary_zip_bytes(zip_source_t *src, char **out, size_t *len)
{
    zip_stat_t zs;
    if (zip_source_stat(src, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) || zs.size > EXPORT_MAX_BYTES)
        return false;
    char *bytes = malloc(zs.size ? (size_t)zs.size : 1);
    if (!bytes) return false;
    if (zip_source_open(src) < 0) {
        free(bytes);
        return false;
    }
    zip_int64_t n = zip_source_read(src, bytes, zs.size);
    zip_source_close(src);
    if (n < 0 || (zip_uint64_t)n != zs.size) {
        free(bytes);
        return false;
    }
    *out = bytes;
    *len = (size_t)n;
    return true;
}

bool summary_docx(const cJSON *view, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    SrvBuf doc, core;
    buf_init(&doc, EXPORT_MAX_BYTES);
    buf_init(&core, 64 * 1024);
    summary_document(view, &doc);
    summary_core(view, &core);
    bool ok = !doc.failed && !core.failed && doc.data && core.data;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = ok ? zip_source_buffer_create(NULL, 0, 0, &ze) : NULL;
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (src && !za) zip_source_free(src);
    ok = za != NULL;
    if (ok) {
        zip_source_keep(src);  /* outlives zip_close, which writes the archive into it */
        /* [Content_Types].xml first, as Office writes it. */
        ok = summary_zip_add(za, "[Content_Types].xml", summary_content_types,
                             sizeof summary_content_types - 1) &&
             summary_zip_add(za, "_rels/.rels", summary_rels, sizeof summary_rels - 1) &&
             summary_zip_add(za, "docProps/core.xml", core.data, core.len) &&
             summary_zip_add(za, "word/_rels/document.xml.rels", summary_document_rels,
                             sizeof summary_document_rels - 1) &&
             summary_zip_add(za, "word/styles.xml", summary_styles, sizeof summary_styles - 1) &&
             summary_zip_add(za, "word/numbering.xml", summary_numbering,
                             sizeof summary_numbering - 1) &&
             summary_zip_add(za, "word/document.xml", doc.data, doc.len);
        if (!ok) zip_discard(za);
        else if (zip_close(za) < 0) {
            zip_discard(za);
            ok = false;
        }
        ok = ok && summary_zip_bytes(src, out, len);
        zip_source_free(src);
    }
    zip_error_fini(&ze);
    buf_free(&doc);
    buf_free(&core);
    return ok;
}
