// testca.mjs — a venue CA and server certificates made with openssl at test time (as README
// "A venue CA and certificate" does by hand), and a kiosk's trust in that CA: an NSS database
// under a given HOME, made with certutil (libnss3-tools), which Chromium on Linux reads.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** A CA into <dir>/<ca>.crt and <ca>.key. */
export function makeCA(dir, cn = 'Parley Test Venue CA', ca = 'ca') {
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', join(dir, `${ca}.key`), '-out', join(dir, `${ca}.crt`), '-days', '2', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

/** A server certificate for names (DNS) and 127.0.0.1 signed by the CA <ca>, into <name>.crt/.key. */
export function makeLeaf(dir, name, cn, dns = ['localhost'], ca = 'ca') {
  const p = (x) => join(dir, x);
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${cn}`]);
  writeFileSync(p(`${name}.ext`), `subjectAltName=${[...dns.map((d) => `DNS:${d}`), 'IP:127.0.0.1'].join(',')}\n` +
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
  run('openssl', ['x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${ca}.crt`), '-CAkey', p(`${ca}.key`),
    '-CAcreateserial', '-days', '2', '-extfile', p(`${name}.ext`), '-out', p(`${name}.crt`)]);
}

/**
 * Trusts caFile for TLS servers in the NSS database of a user whose HOME is `home`
 * ($HOME/.pki/nssdb, the one Chromium on Linux reads), as a kiosk's set-up would.
 */
export function trustInNss(home, caFile, nickname = 'parley-venue-ca') {
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  run('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  run('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', nickname, '-i', caFile]);
  return db;
}
