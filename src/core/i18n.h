/* i18n.h — the message catalogue: every string the kiosk shows comes from here, in the six
 * official UN languages. The texts live in gettext PO files (po/), compiled at build time
 * into C tables (scripts/gen_catalog.py); the symbolic names below are their msgctxt.
 * Portable C11. A message missing in one language is a test failure; at run time it shows in
 * English rather than blank. Messages that take values are printf formats with the same
 * conversions in every language; counted ones have CLDR plural forms (i18n_plural). */
#ifndef PARLEY_I18N_H
#define PARLEY_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* The languages, in the UN's order (Arabic, Chinese, English, French, Russian, Spanish), with
 * their BCP 47 tags; the build scripts read this list too. */
#define I18N_LANGUAGES(X) \
    X(I18N_AR, "ar") X(I18N_ZH, "zh") X(I18N_EN, "en") X(I18N_FR, "fr") X(I18N_RU, "ru") X(I18N_ES, "es")

#define I18N_LANG_ENUM(id, tag) id,
typedef enum I18nLang { I18N_LANGUAGES(I18N_LANG_ENUM) I18N_LANG_COUNT } I18nLang;
#undef I18N_LANG_ENUM

/* CLDR plural categories (integers only: Russian "other" is for fractions). */
typedef enum I18nPlural {
    I18N_PLURAL_ZERO, I18N_PLURAL_ONE, I18N_PLURAL_TWO, I18N_PLURAL_FEW, I18N_PLURAL_MANY,
    I18N_PLURAL_OTHER
} I18nPlural;
#define I18N_MAX_FORMS 6 /* Arabic */

#define I18N_MESSAGES(X) \
    X(MSG_NONE) \
    X(MSG_LANGUAGE_NAME) X(MSG_LANGUAGE) X(MSG_AGENDA) X(MSG_DATE) X(MSG_CHAIR) \
    X(MSG_EVENT_ERROR_TITLE) X(MSG_START_ERROR_TITLE) X(MSG_EVENT_ERROR_HELP) \
    X(MSG_MONTH_1) X(MSG_MONTH_2) X(MSG_MONTH_3) X(MSG_MONTH_4) X(MSG_MONTH_5) X(MSG_MONTH_6) \
    X(MSG_MONTH_7) X(MSG_MONTH_8) X(MSG_MONTH_9) X(MSG_MONTH_10) X(MSG_MONTH_11) X(MSG_MONTH_12) \
    X(MSG_WELCOME_INTRO) X(MSG_START) X(MSG_WELCOME_BACK) X(MSG_CONTINUE) X(MSG_NOT_YOU) X(MSG_BACK) \
    X(MSG_REGISTER_TITLE) X(MSG_REGISTER_INTRO) X(MSG_FULL_NAME) X(MSG_ORGANIZATION) \
    X(MSG_CATEGORY) X(MSG_COUNTRY) X(MSG_COUNTRY_CHOOSE) X(MSG_COUNTRY_NONE) X(MSG_COUNTRY_SEARCH) \
    X(MSG_COUNTRY_NO_MATCH) X(MSG_EMAIL) X(MSG_CONSENT) X(MSG_CONSENT_HELP) \
    X(MSG_ERR_NAME_REQUIRED) X(MSG_ERR_ORG_REQUIRED) X(MSG_ERR_CATEGORY_REQUIRED) \
    X(MSG_ERR_EMAIL_INVALID) X(MSG_ERR_CHARACTERS) X(MSG_ERR_SAVE) X(MSG_ERR_FORM) \
    X(MSG_TAB_AGENDA) X(MSG_TAB_PANELLISTS) X(MSG_TAB_COMMENT) X(MSG_TAB_MINE) X(MSG_NAVIGATION) \
    X(MSG_IN_PROGRESS) X(MSG_ITEM_COMMENT) X(MSG_PANELLISTS) X(MSG_ASK_PANELLIST) X(MSG_TOPICS) \
    X(MSG_COMPOSE_TITLE) X(MSG_COMPOSE_ITEM) X(MSG_COMPOSE_TO) X(MSG_COMPOSE_NO_ONE) \
    X(MSG_COMPOSE_TEXT) X(MSG_COMPOSE_LANGUAGE) X(MSG_COMPOSE_COUNT) X(MSG_SUBMIT) X(MSG_ERR_TEXT_REQUIRED) \
    X(MSG_ERR_ITEM_REQUIRED) X(MSG_ERR_STORE) X(MSG_COMPOSE_AS) \
    X(MSG_RECEIPT_TITLE) X(MSG_RECEIPT_REFERENCE) X(MSG_RECEIPT_NEXT) X(MSG_ANOTHER) X(MSG_FINISH) \
    X(MSG_MINE_TITLE) X(MSG_MINE_EMPTY) X(MSG_STATE_SAVED) X(MSG_STATE_UPLOADED) X(MSG_STATE_REJECTED) \
    X(MSG_TO) X(MSG_STILL_THERE) X(MSG_COUNTDOWN) X(MSG_STAY) \
    X(MSG_KEYBOARD) X(MSG_KEY_SHIFT) X(MSG_KEY_BACKSPACE) X(MSG_KEY_SPACE) X(MSG_KEY_DONE) \
    X(MSG_KEY_ACCENTS) X(MSG_KEY_LETTERS) X(MSG_KEY_ENTER) X(MSG_SAVING) X(MSG_STATE_SAVING) \
    X(MSG_KEY_CAPS) X(MSG_KEY_SYMBOLS) X(MSG_KEY_NEXT_LAYOUT) X(MSG_KEY_PREV_PAGE) X(MSG_KEY_NEXT_PAGE) \
    X(MSG_CANDIDATES) X(MSG_PINYIN_LOADING) X(MSG_PINYIN_UNAVAILABLE) X(MSG_ERR_TOO_LONG) \
    X(MSG_STATUS_ALL_UPLOADED) X(MSG_STATUS_WAITING) X(MSG_STATUS_OFFLINE) X(MSG_STATUS_LAST) \
    X(MSG_STATUS_REJECTED) X(MSG_STATUS_QUARANTINED) X(MSG_STATUS_NOT_PERSISTED) X(MSG_STATE_QUARANTINED) \
    X(MSG_DEVICE_STATUS) X(MSG_DEVICE_REFUSED) X(MSG_DEVICE_DAMAGED) X(MSG_DEVICE_NONE) X(MSG_DEVICE_HELP) \
    X(MSG_STATUS_INSECURE) X(MSG_DEVICE_THIS) X(MSG_DEVICE_STORAGE_KEPT) X(MSG_DEVICE_STORAGE_NOT_KEPT) \
    X(MSG_DEVICE_OFFLINE_START) X(MSG_DEVICE_NO_OFFLINE_START) \
    X(MSG_DEVICE_SAVE) X(MSG_DEVICE_SAVE_HELP) X(MSG_DEVICE_SAVED) X(MSG_DEVICE_SAVE_FAILED) \
    X(MSG_CON_TITLE) X(MSG_CON_SIGN_IN) X(MSG_CON_SIGNIN_INTRO) X(MSG_CON_CHECKING) \
    X(MSG_CON_ACCOUNT) X(MSG_CON_PASSWORD) X(MSG_CON_SIGNING_IN) X(MSG_CON_SIGN_OUT) \
    X(MSG_CON_SIGNED_IN_AS) X(MSG_CON_SIGNED_OUT) X(MSG_CON_SESSION_ENDED) X(MSG_CON_ERR_REQUIRED) \
    X(MSG_CON_ERR_WRONG) X(MSG_CON_ERR_LOCKED) X(MSG_CON_ERR_NETWORK) X(MSG_CON_ERR_SERVER) \
    X(MSG_CON_ERR_ROLE) X(MSG_CON_ERR_NOT_FOUND) X(MSG_CON_CONFLICT) X(MSG_CON_ERR_REASON) \
    X(MSG_CON_SAVING) X(MSG_CON_DONE_PUBLISHED) X(MSG_CON_DONE_WITHHELD) X(MSG_CON_DONE_PENDING) \
    X(MSG_CON_COMMENTS) X(MSG_CON_LOG) X(MSG_CON_LIVE) X(MSG_CON_RECONNECTING) X(MSG_CON_SEARCH) \
    X(MSG_CON_F_ITEM) X(MSG_CON_F_CATEGORY) X(MSG_CON_F_PANELLIST) X(MSG_CON_ALL) \
    X(MSG_CON_OTHER_ITEM) X(MSG_CON_PENDING) X(MSG_CON_PUBLISHED) X(MSG_CON_WITHHELD) \
    X(MSG_CON_COUNT_ALL) X(MSG_CON_COUNT_PENDING) X(MSG_CON_COUNT_PUBLISHED) \
    X(MSG_CON_COUNT_WITHHELD) X(MSG_CON_SHOWING) X(MSG_CON_LOADING) X(MSG_CON_EMPTY) \
    X(MSG_CON_NO_MATCH) X(MSG_CON_NOT_REGISTERED) X(MSG_CON_SHORTCUTS) X(MSG_CON_CHOOSE) \
    X(MSG_CON_PARTICIPANT) X(MSG_CON_CONSENT_YES) X(MSG_CON_CONSENT_NO) X(MSG_CON_DECISION) \
    X(MSG_CON_CHANGED) X(MSG_CON_NEVER) X(MSG_CON_NOTE_LABEL) X(MSG_CON_PUBLISH) X(MSG_CON_WITHHOLD) \
    X(MSG_CON_TO_PENDING) X(MSG_CON_REASON) X(MSG_CON_R_OFF_TOPIC) X(MSG_CON_R_ABUSIVE) \
    X(MSG_CON_R_PERSONAL) X(MSG_CON_R_DUPLICATE) X(MSG_CON_R_OTHER) X(MSG_CON_NOTE) \
    X(MSG_CON_WITHHOLD_CONFIRM) X(MSG_CON_CANCEL) X(MSG_CON_READ_ALL) X(MSG_CON_BACK_LIST) \
    X(MSG_CON_LOG_EMPTY) \
    X(MSG_REF_TITLE) X(MSG_REF_INTRO) X(MSG_REF_CHECK) X(MSG_REF_INVALID) X(MSG_REF_WAITING) \
    X(MSG_REF_RECEIVED) X(MSG_REF_PUBLISHED) X(MSG_REF_SEE) X(MSG_REF_WITHHELD) X(MSG_REF_UNKNOWN) \
    X(MSG_REF_BUSY) X(MSG_REF_OFFLINE) X(MSG_REF_QR) \
    X(MSG_LOADING_TITLE) X(MSG_LOADING_HELP) X(MSG_LOADING_OFFLINE) \
    X(MSG_LIVE_SINCE) X(MSG_LIVE_OFFLINE) X(MSG_FLOOR_REQUEST) X(MSG_FLOOR_INTRO) \
    X(MSG_FLOOR_OFFLINE) X(MSG_FLOOR_PLACE) X(MSG_FLOOR_SPEAKING) X(MSG_FLOOR_DONE) \
    X(MSG_FLOOR_WITHDRAWN) X(MSG_FLOOR_WITHDRAW) X(MSG_FLOOR_SENDING) X(MSG_FLOOR_ERR_NOT_YET) \
    X(MSG_FLOOR_ERR_REFUSED) X(MSG_FLOOR_ERR_CLOSED) X(MSG_CON_MEETING) X(MSG_CON_REGISTRATIONS) \
    X(MSG_CON_NOW) X(MSG_CON_NOTHING_NOW) X(MSG_CON_SET_CURRENT) X(MSG_CON_END_CURRENT) \
    X(MSG_CON_QUEUE) X(MSG_CON_QUEUE_EMPTY) X(MSG_CON_GIVE_FLOOR) X(MSG_CON_MARK_DONE) \
    X(MSG_CON_MARK_WITHDRAWN) X(MSG_CON_WAITING) X(MSG_CON_SPEAKING) X(MSG_CON_SET_DONE) \
    X(MSG_CON_REG_PENDING) X(MSG_CON_REG_APPROVED) X(MSG_CON_REG_OBJECTED) X(MSG_CON_REG_WITHDRAWN) \
    X(MSG_CON_APPROVE) X(MSG_CON_OBJECT) X(MSG_CON_RECORD_WITHDRAWAL) X(MSG_CON_PARTY) \
    X(MSG_CON_ERR_PARTY) X(MSG_CON_REGS_EMPTY) X(MSG_CON_REG_DONE) \
    X(MSG_CON_SUMMARY) X(MSG_CON_SUM_SAVE) X(MSG_CON_SUM_SAVED) X(MSG_CON_SUM_UNSAVED) \
    X(MSG_CON_SUM_NEW) X(MSG_CON_SUM_EDIT) X(MSG_CON_SUM_KEEP) X(MSG_CON_SUM_UP) X(MSG_CON_SUM_DOWN) \
    X(MSG_CON_SUM_REMOVE) X(MSG_CON_SUM_PARAGRAPH) X(MSG_CON_SUM_REFS) X(MSG_CON_SUM_CONFLICT) \
    X(MSG_CON_SUM_RELOAD) X(MSG_CON_SUM_DOCX)

#define I18N_ENUM(name) name,
typedef enum I18nMsg { I18N_MESSAGES(I18N_ENUM) MSG_COUNT } I18nMsg;
#undef I18N_ENUM

/* Picks the supported language for a BCP 47 tag by its primary subtag ("fr-CH" → French,
 * "zh-Hans", "zh-CN", "zh-TW" → Chinese, "es-419" → Spanish); English otherwise. */
I18nLang i18n_lang_from_tag(const char *tag);
/* "ar", "zh", "en", "fr", "ru", "es". */
const char *i18n_lang_tag(I18nLang lang);
/* True for a language written right to left (Arabic). */
bool i18n_is_rtl(I18nLang lang);
/* The language a text is most likely written in, from its letters' scripts: Arabic, Chinese
 * (Han), Russian (Cyrillic); Latin letters give `latin` when it is written in Latin letters
 * (English, French, Spanish), else English; no letters give `latin` too. A guess the writer
 * can correct. */
I18nLang i18n_lang_of_text(const char *text, size_t len, I18nLang latin);

/* True when the language's messages are here: compiled in (always English; every language
 * in the native build) or installed from its language pack (core/langpack.h). Looking up a
 * message of a language that is not here gives English (its MSG_LANGUAGE_NAME excepted). */
bool i18n_available(I18nLang lang);
/* Installs a language's messages (msgs[m]: the first form; forms[m][k]: form k of a counted
 * message, else NULL), which then take precedence over the compiled ones. The pointers
 * must stay valid until the next install for the language; NULL entries fall back as gaps
 * in a PO file do. Called by langpack_load once a pack passed every check. */
void i18n_install(I18nLang lang, const char *const msgs[MSG_COUNT], const char *forms[][I18N_MAX_FORMS]);
/* The printf conversions of a format as a short signature ("d,s," — flags and width left
 * out, length modifiers, '*' and '$' kept), so that a translation can be checked against
 * its English: the same signature means the same arguments. False if it would not fit. */
bool i18n_format_signature(const char *fmt, char *out, size_t cap);

/* Never NULL; "" for MSG_NONE. For a counted message, its first form (use i18n_plural). */
const char *i18n_get(I18nLang lang, I18nMsg msg);
/* The form of a counted message (msgid_plural in the PO files) that goes with n, as a printf
 * format: i18n_plural(lang, MSG_STATUS_WAITING, 3) → "%d waiting to upload". For a message
 * without plural forms, the same as i18n_get. Never NULL. */
const char *i18n_plural(I18nLang lang, I18nMsg msg, long n);
/* The CLDR plural category of the integer n in this language (negative n: of |n|). */
I18nPlural i18n_plural_category(I18nLang lang, long n);
/* The index of the PO plural form (msgstr[i]) for n, as the language's standard Plural-Forms
 * expression gives it, and how many forms the language has (Arabic 6, Russian 3, Chinese 1). */
int i18n_plural_index(I18nLang lang, long n);
int i18n_plural_count(I18nLang lang);

/* Catalogue introspection, for tests and diagnostics. */
/* True when the message has plural forms. */
bool i18n_is_plural(I18nMsg msg);
/* Form `index` of the message as translated (index 0 for messages without plural forms), or
 * NULL when the catalogue lacks it (missing, fuzzy or stale in the PO file). */
const char *i18n_translation(I18nLang lang, I18nMsg msg, int index);
/* The message's symbolic name ("MSG_START"), for tests and diagnostics. */
const char *i18n_msg_name(I18nMsg msg);

/* The date as the language writes it, digits Western in every language: "1 July 2022",
 * "1er juillet 2022", "1 de julio de 2022", "1 июля 2022 г.", "2022年7月1日", "1 يوليو 2022".
 * Always terminated. */
void i18n_format_date(I18nLang lang, int year, int month, int day, char *buf, size_t cap);
/* "09:30" from minutes after midnight. */
void i18n_format_time(int minutes, char *buf, size_t cap);

#endif
