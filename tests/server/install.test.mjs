// install.test.mjs — `make install DESTDIR=<tmp>`: the files land where README says, the
// systemd unit's paths follow PREFIX, `systemd-analyze verify` accepts the unit, its
// exposure score (`systemd-analyze security --offline=yes`) is at most 2.0 ("OK"), and the
// installed parleyd serves the installed web build and event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EVENT_ID, ROOT, startParleyd } from '../lib/parleyd.mjs';

const PREFIX = '/opt/parley-test';

test('make install puts every file in place; the unit verifies with exposure <= 2.0; the installed parleyd serves', async () => {
  const dest = await mkdtemp(join(tmpdir(), 'parley-install-'));
  try {
    execFileSync('make', ['-s', '--no-print-directory', 'install', `DESTDIR=${dest}`, `PREFIX=${PREFIX}`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const p = (rel) => join(dest, PREFIX, rel);
    for (const rel of ['bin/parleyd', 'share/parley/web/index.html', 'share/parley/web/parley.wasm',
      'share/parley/events/untoc-som-2022.json', 'share/parley/nginx/parley.conf',
      'share/doc/parley/README.md', 'share/doc/parley/device-export.md', 'lib/systemd/system/parleyd.service'])
      assert.ok(existsSync(p(rel)), rel);
    assert.equal(statSync(p('bin/parleyd')).mode & 0o777, 0o755);
    const unit = readFileSync(p('lib/systemd/system/parleyd.service'), 'utf8');
    assert.doesNotMatch(unit, /@PREFIX@/);
    assert.match(unit, new RegExp(`^ExecStart=${PREFIX}/bin/parleyd .*--data \\$\\{STATE_DIRECTORY\\} --web ${PREFIX}/share/parley/web --event ${PREFIX}/share/parley/events/untoc-som-2022\\.json$`, 'm'));
    for (const line of ['DynamicUser=yes', 'StateDirectory=parley', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
      'ProtectHome=yes', 'PrivateTmp=yes', 'PrivateDevices=yes', 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'SystemCallFilter=@system-service', 'SystemCallFilter=~@privileged @resources', 'SystemCallArchitectures=native',
      'CapabilityBoundingSet=', 'LockPersonality=yes', 'MemoryDenyWriteExecute=yes', 'RestrictNamespaces=yes',
      'RestrictRealtime=yes', 'ProtectKernelTunables=yes', 'ProtectKernelModules=yes', 'ProtectKernelLogs=yes',
      'ProtectControlGroups=yes', 'ProtectClock=yes', 'ProtectHostname=yes', 'ProtectProc=invisible', 'UMask=0077'])
      assert.match(unit, new RegExp(`^${line.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}$`, 'm'), line);

    // verify the unit as installed, its paths pointed into DESTDIR (systemd checks that
    // ExecStart is an executable, so this also shows the binary is where the unit says)
    const unitPath = p('lib/systemd/system/parleyd.service');
    const staged = join(dest, 'parleyd.service');
    writeFileSync(staged, unit.replaceAll(`${PREFIX}/`, `${join(dest, PREFIX)}/`));
    const verify = spawnSync('systemd-analyze', ['verify', staged], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(verify.stderr.split('\n').filter((l) => /parleyd/.test(l)).join('\n'), '', verify.stderr);
    const sec = spawnSync('systemd-analyze', ['security', '--offline=yes', unitPath], { encoding: 'utf8' });
    const m = /Overall exposure level for parleyd\.service: (\d+\.\d+) (\S+)/.exec(sec.stdout);
    assert.ok(m, sec.stdout + sec.stderr);
    const score = Number(m[1]);
    console.log(`# systemd-analyze security: exposure ${score} ${m[2]}`);
    assert.ok(score <= 2.0, `exposure ${score} > 2.0\n${sec.stdout}`);

    // the installed copy serves the installed web build and event
    const s = await startParleyd({ bin: p('bin/parleyd'), web: p('share/parley/web'),
      events: [p('share/parley/events/untoc-som-2022.json')] });
    try {
      const page = await fetch(s.url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<canvas/);
      const ev = await (await fetch(`${s.url}api/v1/event`)).json();
      assert.equal(ev.id, DEFAULT_EVENT_ID);
    } finally {
      assert.equal(await s.stop(), 0);
    }
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
});
