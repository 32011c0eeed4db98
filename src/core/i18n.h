/* i18n.h — the message catalogue: every string the kiosk shows comes from here.
 * Portable C11; a message missing in one language is a test failure, not a fallback. */
#ifndef PARLEY_I18N_H
#define PARLEY_I18N_H

typedef enum I18nLang { I18N_EN, I18N_FR, I18N_LANG_COUNT } I18nLang;

typedef enum I18nMsg {
    MSG_APP_NAME,
    MSG_AGENDA,
    MSG_DATE,
    MSG_VENUE,
    MSG_CHAIR,
    MSG_EVENT_ERROR_TITLE,
    MSG_EVENT_ERROR_HELP,
    MSG_MONTH_1, MSG_MONTH_2, MSG_MONTH_3, MSG_MONTH_4, MSG_MONTH_5, MSG_MONTH_6,
    MSG_MONTH_7, MSG_MONTH_8, MSG_MONTH_9, MSG_MONTH_10, MSG_MONTH_11, MSG_MONTH_12,
    MSG_COUNT
} I18nMsg;

/* Picks the supported language for a BCP 47 tag ("fr-CH" → French); English otherwise. */
I18nLang i18n_lang_from_tag(const char *tag);
const char *i18n_lang_tag(I18nLang lang);
/* Never NULL. */
const char *i18n_get(I18nLang lang, I18nMsg msg);

/* "1 July 2022" / "1 juillet 2022"; writes at most cap bytes, always terminated. */
void i18n_format_date(I18nLang lang, int year, int month, int day, char *buf, unsigned cap);

#endif
