/* i18n.c — English and French messages, date and time formatting.
 * Strings are UTF-8 literals; nothing here allocates or reads the environment. */
#include "core/i18n.h"

#include <ctype.h>
#include <stdio.h>

static const char *const messages[MSG_COUNT][I18N_LANG_COUNT] = {
    [MSG_NONE]              = {"", ""},
    [MSG_LANGUAGE_NAME]     = {"English", "Français"},
    [MSG_LANGUAGE]          = {"Language", "Langue"},
    [MSG_AGENDA]            = {"Agenda", "Ordre du jour"},
    [MSG_DATE]              = {"Date", "Date"},
    [MSG_VENUE]             = {"Venue", "Lieu"},
    [MSG_CHAIR]             = {"Chair", "Présidence"},
    [MSG_EVENT_ERROR_TITLE] = {"This event could not be loaded", "Impossible de charger cet événement"},
    [MSG_EVENT_ERROR_HELP]  = {"Please ask the secretariat for help. Details:",
                               "Veuillez demander l’aide du secrétariat. Détails :"},
    [MSG_MONTH_1]  = {"January", "janvier"},     [MSG_MONTH_2]  = {"February", "février"},
    [MSG_MONTH_3]  = {"March", "mars"},          [MSG_MONTH_4]  = {"April", "avril"},
    [MSG_MONTH_5]  = {"May", "mai"},             [MSG_MONTH_6]  = {"June", "juin"},
    [MSG_MONTH_7]  = {"July", "juillet"},        [MSG_MONTH_8]  = {"August", "août"},
    [MSG_MONTH_9]  = {"September", "septembre"}, [MSG_MONTH_10] = {"October", "octobre"},
    [MSG_MONTH_11] = {"November", "novembre"},   [MSG_MONTH_12] = {"December", "décembre"},
    [MSG_WELCOME_INTRO] = {
        "Register, read the agenda and who the panellists are, and send your comments and "
        "questions. The secretariat collects them for the Chair’s summary.",
        "Inscrivez-vous, consultez l’ordre du jour et les intervenants, et envoyez vos "
        "commentaires et questions. Le secrétariat les rassemble pour le résumé du Président."},
    [MSG_START]         = {"Start", "Commencer"},
    [MSG_WELCOME_BACK]  = {"Welcome back, %s", "Bon retour, %s"},
    [MSG_CONTINUE]      = {"Continue", "Continuer"},
    [MSG_NOT_YOU]       = {"Not you? Start over", "Ce n’est pas vous ? Recommencer"},
    [MSG_BACK]          = {"Back", "Retour"},
    [MSG_REGISTER_TITLE] = {"Your details", "Vos coordonnées"},
    [MSG_REGISTER_INTRO] = {"Fields marked * are required.", "Les champs marqués d’un * sont obligatoires."},
    [MSG_FULL_NAME]     = {"Full name *", "Nom complet *"},
    [MSG_ORGANIZATION]  = {"Organization *", "Organisation *"},
    [MSG_CATEGORY]      = {"Stakeholder category *", "Catégorie de partie prenante *"},
    [MSG_COUNTRY]       = {"Country", "Pays"},
    [MSG_COUNTRY_CHOOSE] = {"Choose a country (optional)", "Choisir un pays (facultatif)"},
    [MSG_COUNTRY_NONE]  = {"No country", "Aucun pays"},
    [MSG_COUNTRY_SEARCH] = {"Search countries", "Rechercher un pays"},
    [MSG_COUNTRY_NO_MATCH] = {"No country matches.", "Aucun pays ne correspond."},
    [MSG_EMAIL]         = {"Email (optional)", "Courriel (facultatif)"},
    [MSG_CONSENT]       = {"My name and organization may appear with my published comments",
                           "Mon nom et mon organisation peuvent figurer avec mes commentaires publiés"},
    [MSG_CONSENT_HELP]  = {"Without this, your comments are published without your name.",
                           "Sinon, vos commentaires sont publiés sans votre nom."},
    [MSG_ERR_NAME_REQUIRED] = {"Please enter your name.", "Veuillez indiquer votre nom."},
    [MSG_ERR_ORG_REQUIRED]  = {"Please enter your organization.", "Veuillez indiquer votre organisation."},
    [MSG_ERR_CATEGORY_REQUIRED] = {"Please choose a category.", "Veuillez choisir une catégorie."},
    [MSG_ERR_EMAIL_INVALID] = {"This email address does not look right.",
                               "Cette adresse électronique ne semble pas correcte."},
    [MSG_ERR_SAVE] = {"Your details could not be saved on this device. Please try again or ask the secretariat.",
                      "Vos coordonnées n’ont pas pu être enregistrées sur cet appareil. Réessayez ou demandez au secrétariat."},
    [MSG_ERR_FORM] = {"Please check the fields marked in red.", "Veuillez vérifier les champs signalés en rouge."},
    [MSG_TAB_AGENDA]     = {"Agenda", "Ordre du jour"},
    [MSG_TAB_PANELLISTS] = {"Panellists", "Intervenants"},
    [MSG_TAB_COMMENT]    = {"Comment", "Commenter"},
    [MSG_TAB_MINE]       = {"My submissions", "Mes contributions"},
    [MSG_NAVIGATION]     = {"Sections", "Rubriques"},
    [MSG_IN_PROGRESS]    = {"In progress", "En cours"},
    [MSG_ITEM_COMMENT]   = {"Comment on this item", "Commenter ce point"},
    [MSG_PANELLISTS]     = {"Panellists", "Intervenants"},
    [MSG_ASK_PANELLIST]  = {"Ask this panellist", "Interroger cet intervenant"},
    [MSG_TOPICS]         = {"Topics", "Thèmes"},
    [MSG_OPEN_ITEM]      = {"Details", "Détails"},
    [MSG_COMPOSE_TITLE]  = {"Your comment or question", "Votre commentaire ou question"},
    [MSG_COMPOSE_ITEM]   = {"Agenda item", "Point de l’ordre du jour"},
    [MSG_COMPOSE_TO]     = {"Addressed to", "Destinataire"},
    [MSG_COMPOSE_NO_ONE] = {"No one in particular", "Personne en particulier"},
    [MSG_COMPOSE_TEXT]   = {"Your comment", "Votre commentaire"},
    [MSG_COMPOSE_COUNT]  = {"%d / %d characters", "%d / %d caractères"},
    [MSG_SUBMIT]         = {"Submit", "Envoyer"},
    [MSG_ERR_TEXT_REQUIRED] = {"Please write your comment.", "Veuillez écrire votre commentaire."},
    [MSG_ERR_ITEM_REQUIRED] = {"Please choose an agenda item.", "Veuillez choisir un point de l’ordre du jour."},
    [MSG_ERR_STORE] = {"Your comment could not be saved on this device and has not been submitted. Please try again or ask the secretariat.",
                       "Votre commentaire n’a pas pu être enregistré sur cet appareil et n’a pas été envoyé. Réessayez ou demandez au secrétariat."},
    [MSG_COMPOSE_AS]     = {"As %s, %s", "En tant que %s, %s"},
    [MSG_RECEIPT_TITLE]  = {"Thank you — your comment is saved", "Merci — votre commentaire est enregistré"},
    [MSG_RECEIPT_REFERENCE] = {"Reference", "Référence"},
    [MSG_RECEIPT_NEXT] = {
        "It is saved on this device and sent to the secretariat as soon as there is a connection. "
        "The secretariat collects comments and questions for the Chair’s summary, published on the "
        "website of the review mechanism. Keep this reference to ask about your comment.",
        "Il est enregistré sur cet appareil et transmis au secrétariat dès qu’une connexion est "
        "disponible. Le secrétariat rassemble les commentaires et questions pour le résumé du "
        "Président, publié sur le site du mécanisme d’examen. Conservez cette référence pour toute "
        "question sur votre commentaire."},
    [MSG_ANOTHER]        = {"Write another comment", "Écrire un autre commentaire"},
    [MSG_FINISH]         = {"Finish and clear my details", "Terminer et effacer mes coordonnées"},
    [MSG_MINE_TITLE]     = {"My submissions", "Mes contributions"},
    [MSG_MINE_EMPTY]     = {"You have not submitted anything yet.", "Vous n’avez encore rien envoyé."},
    [MSG_STATE_SAVED]    = {"Saved on this device, waiting to upload", "Enregistré sur cet appareil, en attente d’envoi"},
    [MSG_STATE_UPLOADED] = {"Received by the secretariat", "Reçu par le secrétariat"},
    [MSG_STATE_REJECTED] = {"Refused by the server", "Refusé par le serveur"},
    [MSG_DEVICE_STATUS]  = {"Device status", "État de l’appareil"},
    [MSG_DEVICE_REFUSED] = {"Refused by the server (kept on this device)", "Refusés par le serveur (conservés sur cet appareil)"},
    [MSG_DEVICE_DAMAGED] = {"Damaged in this device’s storage (kept aside)", "Endommagés dans la mémoire de cet appareil (mis de côté)"},
    [MSG_DEVICE_NONE]    = {"None.", "Aucun."},
    [MSG_DEVICE_HELP]    = {"Records are kept on this device until the secretariat’s server has them. Refused and damaged records are never deleted: show this screen to the secretariat.",
                            "Les contributions restent sur cet appareil jusqu’à leur réception par le serveur du secrétariat. Celles qui sont refusées ou endommagées ne sont jamais effacées : montrez cet écran au secrétariat."},
    [MSG_STATE_QUARANTINED] = {"Damaged on this device: please tell the secretariat",
                               "Endommagé sur cet appareil : veuillez prévenir le secrétariat"},
    [MSG_TO]             = {"To: %s", "À : %s"},
    [MSG_STILL_THERE]    = {"Still there?", "Vous êtes toujours là ?"},
    [MSG_COUNTDOWN]      = {"For your privacy, this kiosk will clear your details in %d seconds.",
                            "Pour protéger vos données, cette borne effacera vos coordonnées dans %d secondes."},
    [MSG_STAY]           = {"I’m still here", "Je suis toujours là"},
    [MSG_KEYBOARD]       = {"On-screen keyboard", "Clavier à l’écran"},
    [MSG_KEY_SHIFT]      = {"Shift", "Majuscules"},
    [MSG_KEY_BACKSPACE]  = {"Backspace", "Effacer"},
    [MSG_KEY_SPACE]      = {"Space", "Espace"},
    [MSG_KEY_DONE]       = {"Done", "Terminé"},
    [MSG_KEY_ACCENTS]    = {"Accents", "Accents"},
    [MSG_KEY_LETTERS]    = {"Letters", "Lettres"},
    [MSG_KEY_ENTER]      = {"New line", "Nouvelle ligne"},
    [MSG_SAVING]         = {"Saving…", "Enregistrement…"},
    [MSG_STATE_SAVING]   = {"Saving on this device…", "Enregistrement sur cet appareil…"},
    [MSG_STATUS_ALL_UPLOADED] = {"All uploaded", "Tout est envoyé"},
    [MSG_STATUS_WAITING]      = {"%d waiting to upload", "%d en attente d’envoi"},
    [MSG_STATUS_OFFLINE]      = {"offline", "hors ligne"},
    [MSG_STATUS_LAST]         = {"last upload %s", "dernier envoi %s"},
    [MSG_STATUS_REJECTED]     = {"%d refused by the server", "%d refusés par le serveur"},
    [MSG_STATUS_QUARANTINED]  = {"%d damaged on this device", "%d endommagés sur cet appareil"},
    [MSG_STATUS_NOT_PERSISTED] = {"this browser may clear its storage", "ce navigateur peut effacer ses données"},
    [MSG_STATUS_INSECURE]     = {"plain HTTP: no offline start, serve over HTTPS",
                                 "HTTP simple : pas de démarrage hors ligne, servir en HTTPS"},
    [MSG_DEVICE_THIS]         = {"This device", "Cet appareil"},
    [MSG_DEVICE_STORAGE_KEPT] = {"Storage is persistent: the browser will not clear records waiting here.",
                                 "Le stockage est persistant : le navigateur n’effacera pas les contributions en attente."},
    [MSG_DEVICE_STORAGE_NOT_KEPT] = {"Storage is not persistent: the browser may clear records still waiting here if space runs short. Upload them, or save them to a file, before switching off.",
                                     "Le stockage n’est pas persistant : le navigateur peut effacer les contributions en attente s’il manque de place. Envoyez-les, ou enregistrez-les dans un fichier, avant d’éteindre."},
    [MSG_DEVICE_OFFLINE_START] = {"Parley can start on this device without the network.",
                                  "Parley peut démarrer sur cet appareil sans réseau."},
    [MSG_DEVICE_NO_OFFLINE_START] = {"This address is plain HTTP, not secure: after a reload Parley cannot start without the network (browsers allow offline start only over HTTPS). Comments are still kept here and uploaded once the network is back. Fix: serve Parley over HTTPS.",
                                     "Cette adresse est en HTTP simple, non sécurisée : après un rechargement, Parley ne peut pas démarrer sans réseau (les navigateurs ne le permettent qu’en HTTPS). Les commentaires restent conservés ici et sont envoyés au retour du réseau. Solution : servir Parley en HTTPS."},
    [MSG_DEVICE_SAVE]         = {"Save all records to a file", "Enregistrer tout dans un fichier"},
    [MSG_DEVICE_SAVE_HELP]    = {"If the network does not come back, save every record still on this device to one file and give it to the secretariat (on a USB stick, for example): the server loads it with “parleyd import”. The records stay here until the server has them.",
                                 "Si le réseau ne revient pas, enregistrez dans un fichier toutes les contributions encore sur cet appareil et remettez-le au secrétariat (sur une clé USB, par exemple) : le serveur le charge avec « parleyd import ». Les contributions restent ici jusqu’à leur réception par le serveur."},
    [MSG_DEVICE_SAVED]        = {"Saved: a file with %d records. They stay on this device until the server has them.",
                                 "Enregistré : un fichier de %d contributions. Elles restent sur cet appareil jusqu’à leur réception par le serveur."},
    [MSG_DEVICE_SAVE_FAILED]  = {"The file could not be saved. The records are still on this device.",
                                 "Le fichier n’a pas pu être enregistré. Les contributions sont toujours sur cet appareil."},
};

#define I18N_NAME(name) #name,
static const char *const msg_names[MSG_COUNT] = { I18N_MESSAGES(I18N_NAME) };
#undef I18N_NAME

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

const char *i18n_msg_name(I18nMsg msg)
{
    return (unsigned)msg < MSG_COUNT ? msg_names[msg] : "?";
}

void i18n_format_date(I18nLang lang, int year, int month, int day, char *buf, size_t cap)
{
    if (cap == 0) return;
    if (month < 1 || month > 12) { snprintf(buf, cap, "%04d-%02d-%02d", year, month, day); return; }
    const char *name = i18n_get(lang, (I18nMsg)(MSG_MONTH_1 + month - 1));
    if (lang == I18N_FR && day == 1)
        snprintf(buf, cap, "1er %s %d", name, year);
    else
        snprintf(buf, cap, "%d %s %d", day, name, year);
}

void i18n_format_time(int minutes, char *buf, size_t cap)
{
    if (cap == 0) return;
    if (minutes < 0 || minutes >= 24 * 60) { buf[0] = '\0'; return; }
    snprintf(buf, cap, "%02d:%02d", minutes / 60, minutes % 60);
}
