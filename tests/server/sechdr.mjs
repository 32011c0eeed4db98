// sechdr.mjs — the security headers parleyd sends on every response (src/server/sechdr.c),
// asserted by the server tests.
import assert from 'node:assert/strict';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Asserts the common security headers on a headers object with lower-case names; `hsts`:
 * the response came over TLS, so HSTS and COOP are there too (and only then). */
export function assertSecurityHeaders(h, { csp = CSP, hsts = false } = {}) {
  const get = (k) => (typeof h.get === 'function' ? h.get(k) : h[k]);
  assert.equal(get('content-security-policy'), csp);
  assert.equal(get('x-content-type-options'), 'nosniff');
  assert.equal(get('referrer-policy'), 'no-referrer');
  const pp = get('permissions-policy');
  for (const f of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid'])
    assert.match(pp, new RegExp(`(^|, )${f}=\\(\\)(,|$)`), `${f} in ${pp}`);
  if (hsts) {
    assert.equal(get('strict-transport-security'), 'max-age=31536000');
    assert.equal(get('cross-origin-opener-policy'), 'same-origin');
  } else {
    assert.equal(get('strict-transport-security') ?? undefined, undefined);
    assert.equal(get('cross-origin-opener-policy') ?? undefined, undefined);
  }
}

