/* tls.h — parleyd's certificate and key for HTTPS (GnuTLS through libmicrohttpd): loading
 * and checking a pair before the daemon starts, and replacing it on SIGHUP without
 * stopping the service. A pair that fails any check is refused with a message naming the
 * file and the reason; on reload the old pair stays in service. It must never serve a key
 * that does not match its certificate. */
#ifndef PARLEY_TLS_H
#define PARLEY_TLS_H

#include <stdbool.h>
#include <stddef.h>

#define TLS_MAX_FILE_BYTES (1u << 20)  /* a PEM certificate chain or key file */
#define TLS_MAX_CHAIN      8           /* certificates in one chain file */
/* TLS 1.2 and 1.3 only; everything else as GnuTLS's NORMAL. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

typedef struct Tls Tls;

/* Reads cert_file (PEM chain, leaf first) and key_file (PEM, unencrypted), and checks
 * that the key belongs to the leaf. On failure writes err and returns NULL. Only one Tls
 * may exist per process (GnuTLS's certificate callback carries no context). */
Tls *tls_load(const char *cert_file, const char *key_file, char *err, size_t cap);

/* Reads and checks the same two files again; on success new handshakes use the new pair
 * at once (connections already open keep theirs). On failure the old pair stays and err
 * says why. Thread-safe against handshakes. */
bool tls_reload(Tls *t, char *err, size_t cap);

/* "subject DN, valid until YYYY-MM-DD" of the leaf in service, for the start-up log. */
void tls_describe(Tls *t, char *out, size_t cap);

/* The function for MHD_OPTION_HTTPS_CERT_CALLBACK (a gnutls_certificate_retrieve_function2),
 * as void * so this header needs no GnuTLS. */
void *tls_mhd_callback(void);

/* Frees every pair ever loaded; only after the daemon has stopped. NULL is fine. */
void tls_free(Tls *t);

#endif
