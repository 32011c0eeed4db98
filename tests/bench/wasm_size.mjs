// wasm_size.mjs — `make bench`: where the first load's wasm bytes go, per library and per
// source module, from the profiling build (same objects, names kept) and the objects that
// define each function; so the next size change can be aimed. Prints only; no budget here
// (first_load.mjs holds the budget).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const objects = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.o')) objects.push(p);
  }
};
walk('build/wasm/obj');
const deps = readFileSync('build/deps.mk', 'utf8');
const sdl = /SDL2_WASM_PREFIX := (.*)/.exec(deps)[1].trim();
objects.push(join(sdl, 'lib/libSDL2.a'));
console.log(execFileSync('/usr/bin/python3', ['scripts/wasm_breakdown.py', 'build/profile/parley.wasm', ...objects],
                         { encoding: 'utf8', maxBuffer: 16 << 20 }));
for (const f of ['parley.wasm', 'parley.deferred.wasm']) {
  const shipped = readFileSync(join('build/web', f));
  console.log(`shipped ${f}: ${shipped.length} bytes, ${gzipSync(shipped, { level: 9 }).length} gzip -9` +
              (f === 'parley.wasm' ? ' (its LZ4HC compressor split out)' : ' (fetched after the first frame)'));
}
console.log('the JavaScript (parley.js: Closure ADVANCED; page.js: the page\'s scripts, Closure SIMPLE, joined):');
for (const f of ['parley.js', 'page.js']) {
  const b = readFileSync(join('build/web', f));
  console.log(`  ${f.padEnd(12)} ${String(b.length).padStart(8)} raw ${String(gzipSync(b, { level: 9 }).length).padStart(7)} gzip`);
}
