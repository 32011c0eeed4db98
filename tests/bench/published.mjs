// published.mjs — `make bench`: how long parleyd takes to render /published/ for 5,000
// published comments (median of several requests; goal <= 100 ms), and how long from a
// moderator's publish to the page showing it (goal <= 1 s). It only measures and prints.
import { rmSync } from 'node:fs';

import { ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { call, dataDirWith, setPublication, signIn } from '../server/staff.mjs';

const COMMENTS = 5000;
const RUNS = 9;
const TOKEN = 'bench-published-token-0123456789abcdef';
const items = ['opening', 'panel-cluster-1', 'panel-cluster-2'];

const dir = await dataDirWith([['mod', 'moderator']]);
const srv = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
try {
  const regs = Array.from({ length: 50 }, (_, i) => newRegistration({ name: `Participant ${i}`, publish_consent: i % 2 === 0 }));
  const comments = Array.from({ length: COMMENTS }, (_, i) => newComment(regs[i % regs.length], {
    agenda_item: items[i % items.length], text: `Comment ${i}: ${'the review mechanism should hear civil society. '.repeat(4)}`,
  }));
  for (let i = 0; i < comments.length; i += 500) {
    const r = await postRecords(srv.url, ndjson(i === 0 ? [...regs, ...comments.slice(0, 500)] : comments.slice(i, i + 500)));
    if (r.status !== 200) throw new Error(r.text);
  }
  // Published with the admin token, a few at a time.
  for (let i = 0; i < comments.length; i += 50) {
    await Promise.all(comments.slice(i, i + 50).map((c) => call(srv.url, `api/v1/comments/${c.id}/publication`, {
      method: 'POST', body: { state: 'published', version: 0 }, token: TOKEN,
    })));
  }
  const times = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await fetch(`${srv.url}published/`);
    const text = await r.text();
    times.push(performance.now() - t0);
    bytes = Buffer.byteLength(text);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  console.log(`/published/ with ${COMMENTS} published comments: median ${median.toFixed(1)} ms over ${RUNS} requests (min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)}), ${(bytes / 1e6).toFixed(2)} MB — goal <= 100 ms: ${median <= 100 ? 'met' : 'NOT met'}`);

  const mod = await signIn(srv.url, 'mod');
  const reg = newRegistration();
  const fresh = newComment(reg, { text: 'FRESHLY-PUBLISHED-MARKER' });
  await postRecords(srv.url, ndjson([reg, fresh]));
  const t0 = performance.now();
  await setPublication(srv.url, mod, fresh.id, { state: 'published', version: 0 });
  for (;;) {
    const text = await (await fetch(`${srv.url}published/`)).text();
    if (text.includes('FRESHLY-PUBLISHED-MARKER')) break;
  }
  const ms = performance.now() - t0;
  console.log(`publish -> page shows it: ${ms.toFixed(1)} ms — goal <= 1000 ms: ${ms <= 1000 ? 'met' : 'NOT met'}`);
} finally {
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
}
