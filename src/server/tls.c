/* tls.c — see tls.h. GnuTLS asks for the certificate in each handshake through
 * tls_retrieve; it gets the pair in service under a lock. A pair replaced by a reload is
 * kept (a few kilobytes) until parleyd stops: GnuTLS may still hold its pointers for a
 * handshake that began before the swap. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "server/tls.h"

typedef struct TlsPair {
    gnutls_pcert_st chain[TLS_MAX_CHAIN];
    unsigned chain_len;
    gnutls_privkey_t key;
    char describe[512];
    struct TlsPair *older;  /* pairs replaced by reloads, kept until tls_free */
} TlsPair;

struct Tls {
    char *cert_file, *key_file;
    pthread_mutex_t mu;
    TlsPair *current;
};

static pthread_mutex_t tls_global_mu = PTHREAD_MUTEX_INITIALIZER;
static Tls *tls_global;

/* Reads a whole file (at most TLS_MAX_FILE_BYTES) into d; gnutls_free-compatible. */
static bool tls_read(const char *what, const char *path, gnutls_datum_t *d, char *err,
                     size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "%s %s: %s", what, path, strerror(errno));
        return false;
    }
    unsigned char *buf = gnutls_malloc(TLS_MAX_FILE_BYTES + 1);
    size_t n = buf ? fread(buf, 1, TLS_MAX_FILE_BYTES + 1, f) : 0;
    bool read_error = ferror(f) != 0;
    int saved = errno;
    fclose(f);
    if (!buf || read_error || n == 0 || n > TLS_MAX_FILE_BYTES) {
        snprintf(err, cap, "%s %s: %s", what, path,
                 !buf ? "out of memory"
                 : read_error ? strerror(saved)
                 : n == 0 ? "empty file"
                          : "larger than 1 MiB, not a PEM file");
        gnutls_free(buf);
        return false;
    }
    buf[n] = '\0';
    d->data = buf;
    d->size = (unsigned)n;
    return true;
}

static void tls_pair_free(TlsPair *p)
{
    while (p) {
        TlsPair *older = p->older;
        for (unsigned i = 0; i < p->chain_len; i++) gnutls_pcert_deinit(&p->chain[i]);
        if (p->key) gnutls_privkey_deinit(p->key);
        free(p);
        p = older;
    }
}

static void tls_describe_leaf(TlsPair *p, const gnutls_datum_t *pem)
{
    gnutls_x509_crt_t crt;
    snprintf(p->describe, sizeof p->describe, "(unknown subject)");
    if (gnutls_x509_crt_init(&crt) < 0) return;
    if (gnutls_x509_crt_import(crt, pem, GNUTLS_X509_FMT_PEM) >= 0) {
        char dn[400];
        size_t dn_len = sizeof dn;
        if (gnutls_x509_crt_get_dn(crt, dn, &dn_len) < 0) snprintf(dn, sizeof dn, "?");
        time_t until = gnutls_x509_crt_get_expiration_time(crt);
        struct tm tm;
        char day[16] = "?";
        if (until != (time_t)-1 && gmtime_r(&until, &tm)) strftime(day, sizeof day, "%Y-%m-%d", &tm);
        snprintf(p->describe, sizeof p->describe, "%s, valid until %s%s", dn, day,
                 until != (time_t)-1 && until < time(NULL) ? " (EXPIRED)" : "");
    }
    gnutls_x509_crt_deinit(crt);
}

/* Reads both files and checks them; the new pair or NULL with err. */
static TlsPair *tls_pair_load(const char *cert_file, const char *key_file, char *err,
                              size_t cap)
{
    gnutls_datum_t cert = {NULL, 0}, key = {NULL, 0};
    TlsPair *p = NULL;
    gnutls_certificate_credentials_t check = NULL;
    int rc;
    if (!tls_read("--tls-cert", cert_file, &cert, err, cap) ||
        !tls_read("--tls-key", key_file, &key, err, cap))
        goto out;
    p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, cap, "out of memory");
        goto out;
    }
    unsigned n = TLS_MAX_CHAIN;
    rc = gnutls_pcert_list_import_x509_raw(p->chain, &n, &cert, GNUTLS_X509_FMT_PEM, 0);
    if (rc < 0 || n == 0) {
        snprintf(err, cap, "--tls-cert %s: not a PEM certificate (chain of at most %d): %s",
                 cert_file, TLS_MAX_CHAIN, rc < 0 ? gnutls_strerror(rc) : "no certificate");
        goto fail;
    }
    p->chain_len = n;
    if ((rc = gnutls_privkey_init(&p->key)) < 0 ||
        (rc = gnutls_privkey_import_x509_raw(p->key, &key, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
        snprintf(err, cap, "--tls-key %s: not an unencrypted PEM private key: %s", key_file,
                 gnutls_strerror(rc));
        goto fail;
    }
    /* GnuTLS checks that a key matches its certificate when both go into credentials. */
    if ((rc = gnutls_certificate_allocate_credentials(&check)) < 0 ||
        (rc = gnutls_certificate_set_x509_key_mem2(check, &cert, &key, GNUTLS_X509_FMT_PEM,
                                                   NULL, 0)) < 0) {
        snprintf(err, cap, "--tls-key %s does not go with --tls-cert %s: %s", key_file,
                 cert_file,
                 rc == GNUTLS_E_CERTIFICATE_KEY_MISMATCH
                     ? "the private key does not match the certificate"
                     : gnutls_strerror(rc));
        goto fail;
    }
    tls_describe_leaf(p, &cert);
    goto out;
fail:
    tls_pair_free(p);
    p = NULL;
out:
    if (check) gnutls_certificate_free_credentials(check);
    if (key.data) {
        memset(key.data, 0, key.size);  /* the key's PEM does not linger in freed memory */
        gnutls_free(key.data);
    }
    gnutls_free(cert.data);
    return p;
}

static int tls_retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
                        const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
                        gnutls_pcert_st **pcert, unsigned int *pcert_length,
                        gnutls_privkey_t *pkey)
{
    (void)session;
    (void)req_ca_rdn;
    (void)nreqs;
    (void)pk_algos;
    (void)pk_algos_length;
    pthread_mutex_lock(&tls_global_mu);
    Tls *t = tls_global;
    TlsPair *p = NULL;
    if (t) {
        pthread_mutex_lock(&t->mu);
        p = t->current;
        pthread_mutex_unlock(&t->mu);
    }
    pthread_mutex_unlock(&tls_global_mu);
    if (!p) return -1;
    *pcert = p->chain;
    *pcert_length = p->chain_len;
    *pkey = p->key;
    return 0;
}

void *tls_mhd_callback(void)
{
    /* A function pointer through void *: POSIX guarantees the round trip (dlsym). */
    union {
        gnutls_certificate_retrieve_function2 *fn;
        void *ptr;
    } u;
    u.fn = tls_retrieve;
    return u.ptr;
}

Tls *tls_load(const char *cert_file, const char *key_file, char *err, size_t cap)
{
    if (tls_global) {
        snprintf(err, cap, "TLS already set up");
        return NULL;
    }
    TlsPair *p = tls_pair_load(cert_file, key_file, err, cap);
    if (!p) return NULL;
    Tls *t = calloc(1, sizeof *t);
    if (t) {
        t->cert_file = strdup(cert_file);
        t->key_file = strdup(key_file);
    }
    if (!t || !t->cert_file || !t->key_file) {
        if (t) {
            free(t->cert_file);
            free(t->key_file);
        }
        free(t);
        tls_pair_free(p);
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&t->mu, NULL);
    t->current = p;
    pthread_mutex_lock(&tls_global_mu);
    tls_global = t;
    pthread_mutex_unlock(&tls_global_mu);
    return t;
}

bool tls_reload(Tls *t, char *err, size_t cap)
{
    TlsPair *p = tls_pair_load(t->cert_file, t->key_file, err, cap);
    if (!p) return false;
    pthread_mutex_lock(&t->mu);
    p->older = t->current;
    t->current = p;
    pthread_mutex_unlock(&t->mu);
    return true;
}

void tls_describe(Tls *t, char *out, size_t cap)
{
    pthread_mutex_lock(&t->mu);
    snprintf(out, cap, "%s", t->current->describe);
    pthread_mutex_unlock(&t->mu);
}

void tls_free(Tls *t)
{
    if (!t) return;
    pthread_mutex_lock(&tls_global_mu);
    if (tls_global == t) tls_global = NULL;
    pthread_mutex_unlock(&tls_global_mu);
    tls_pair_free(t->current);
    pthread_mutex_destroy(&t->mu);
    free(t->cert_file);
    free(t->key_file);
    free(t);
}
