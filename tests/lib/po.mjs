// po.mjs — the interface's messages as the kiosk shows them, read from the project's gettext
// files (po/parley.pot for English, po/<lang>.po), keyed by msgctxt (the message's symbolic
// name), so browser tests can find controls by their accessible names in any language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './parleyd.mjs';

const cache = new Map();
const unquote = (s) => JSON.parse(s);

function parse(file) {
  const out = new Map();
  let entry = null, field = null;
  const finish = () => { if (entry && entry.ctxt) out.set(entry.ctxt, entry); entry = null; };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line) { finish(); continue; }
    if (line.startsWith('#')) continue;
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$/.exec(line);
    if (m) {
      if (m[1] === 'msgctxt') { finish(); entry = { ctxt: '', id: '', str: [] }; }
      entry = entry || { ctxt: '', id: '', str: [] };
      field = m[1].startsWith('msgstr') ? ['str', Number(m[2] || 0)] : [m[1] === 'msgctxt' ? 'ctxt' : m[1] === 'msgid' ? 'id' : 'plural'];
      const v = unquote(m[3]);
      if (field[0] === 'str') entry.str[field[1]] = v; else entry[field[0]] = v;
    } else if (line.startsWith('"') && entry && field) {
      const v = unquote(line);
      if (field[0] === 'str') entry.str[field[1]] += v; else entry[field[0]] += v;
    }
  }
  finish();
  return out;
}

// The text of message `name` (e.g. 'MSG_START') in `lang`; plural forms by index.
export function msg(lang, name, index = 0) {
  const file = lang === 'en' ? 'parley.pot' : `${lang}.po`;
  if (!cache.has(file)) cache.set(file, parse(join(ROOT, 'po', file)));
  const e = cache.get(file).get(name);
  if (!e) throw new Error(`${name}: no such message in po/${file}`);
  if (lang === 'en') return index === 0 ? e.id : e.plural;
  const s = e.str[index];
  if (!s) throw new Error(`${name}: untranslated in po/${file}`);
  return s;
}

// A RegExp matching text that starts with `s` (labels get " *" or ": value" appended).
export const startsWith = (s) => new RegExp('^' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
