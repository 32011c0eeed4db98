/* i18n.c — English and French messages and date formatting.
 * Strings are UTF-8 literals; nothing here allocates or reads the environment. */
#include "core/i18n.h"

#include <ctype.h>
#include <stdio.h>

static const char *const messages[MSG_COUNT][I18N_LANG_COUNT] = {
    [MSG_APP_NAME]          = {"Parley", "Parley"},
    [MSG_AGENDA]            = {"Agenda", "Ordre du jour"},
    [MSG_DATE]              = {"Date", "Date"},
    [MSG_VENUE]             = {"Venue", "Lieu"},
    [MSG_CHAIR]             = {"Chair", "Présidence"},
    [MSG_EVENT_ERROR_TITLE] = {"This event could not be loaded", "Impossible de charger cet événement"},
    [MSG_EVENT_ERROR_HELP]  = {"Please ask the secretariat for help. Details:",
                               "Veuillez demander l’aide du secrétariat. Détails :"},
    [MSG_MONTH_1]  = {"January", "janvier"},   [MSG_MONTH_2]  = {"February", "février"},
    [MSG_MONTH_3]  = {"March", "mars"},        [MSG_MONTH_4]  = {"April", "avril"},
    [MSG_MONTH_5]  = {"May", "mai"},           [MSG_MONTH_6]  = {"June", "juin"},
    [MSG_MONTH_7]  = {"July", "juillet"},      [MSG_MONTH_8]  = {"August", "août"},
    [MSG_MONTH_9]  = {"September", "septembre"}, [MSG_MONTH_10] = {"October", "octobre"},
    [MSG_MONTH_11] = {"November", "novembre"}, [MSG_MONTH_12] = {"December", "décembre"},
};

I18nLang i18n_lang_from_tag(const char *tag)
{
    if (tag && tolower((unsigned char)tag[0]) == 'f' && tolower((unsigned char)tag[1]) == 'r'
        && (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_'))
        return I18N_FR;
    return I18N_EN;
}

const char *i18n_lang_tag(I18nLang lang)
{
    return lang == I18N_FR ? "fr" : "en";
}

const char *i18n_get(I18nLang lang, I18nMsg msg)
{
    if ((unsigned)msg >= MSG_COUNT || (unsigned)lang >= I18N_LANG_COUNT) return "";
    const char *s = messages[msg][lang];
    return s ? s : "";
}

void i18n_format_date(I18nLang lang, int year, int month, int day, char *buf, unsigned cap)
{
    if (cap == 0) return;
    if (month < 1 || month > 12) { snprintf(buf, cap, "%04d-%02d-%02d", year, month, day); return; }
    const char *name = i18n_get(lang, (I18nMsg)(MSG_MONTH_1 + month - 1));
    if (lang == I18N_FR && day == 1)
        snprintf(buf, cap, "1er %s %d", name, year);
    else
        snprintf(buf, cap, "%d %s %d", day, name, year);
}
