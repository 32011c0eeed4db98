#!/usr/bin/env python3
"""langtext.py — the code points a language's interface shows: its catalogue (po/LANG.po, or
po/parley.pot for English), every language's own name (the language picker), its country names (iso-codes, as scripts/gen_countries.py reads
them) and every text of the event files given. Prints them as U+XXXX lines for
fontTools.subset --unicodes-file, so a face can be cut down to what the interface draws.

usage: langtext.py LANG [--group arabic|cjk|latin] EVENT.json...   (standard library only)
--group keeps the code points of that script group only (the blocks of text_group_of in
src/text/text.c; latin is every other block), for the face of that group. Of the event's
translated texts, LANG's own is taken where the event has it, else every translation (the
page shows another language's text where LANG's is missing).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_catalog  # noqa: E402
import gen_countries  # noqa: E402


LANGS = {'ar', 'zh', 'en', 'fr', 'ru', 'es'}


def strings_of(value, lang):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        translated = value and set(value) <= LANGS and all(isinstance(v, str) for v in value.values())
        if translated and lang in value:
            yield value[lang]
            return
        for v in value.values():
            yield from strings_of(v, lang)
    elif isinstance(value, list):
        for v in value:
            yield from strings_of(v, lang)


GROUPS = {
    'arabic': [(0x0600, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    'cjk': [(0x1100, 0x11FF), (0x2E80, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F),
            (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF)],
}


def main(lang, events, group=None):
    text = []
    po = 'po/parley.pot' if lang == 'en' else 'po/%s.po' % lang
    for e in gen_catalog.parse_po(po):
        text.append(e.get('id', ''))
        text.append(e.get('id_plural') or '')
        text.extend(s for s in e.get('str', {}).values() if s)
    # every language's own name: the language picker shows them all on every page
    for other in sorted(os.listdir('po')):
        if other.endswith('.po'):
            text.extend(e['str'].get(0) or '' for e in gen_catalog.parse_po(os.path.join('po', other))
                        if e.get('ctxt') == 'MSG_LANGUAGE_NAME')
    for _, names in gen_countries.country_rows(gen_countries.languages()):
        text.append(names.get(lang, ''))
    for path in events:
        with open(path, encoding='utf-8') as f:
            text.extend(strings_of(json.load(f), lang))
    points = sorted({ord(c) for t in text for c in t if ord(c) >= 0x20})
    if group == 'latin':
        points = [p for p in points if not any(lo <= p <= hi for ranges in GROUPS.values() for lo, hi in ranges)]
    elif group:
        points = [p for p in points if any(lo <= p <= hi for lo, hi in GROUPS[group])]
    sys.stdout.write(''.join('U+%04X\n' % p for p in points))


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    args = sys.argv[2:]
    group = None
    if args[:1] == ['--group']:
        if len(args) < 2 or args[1] not in list(GROUPS) + ['latin']:
            sys.exit(__doc__)
        group, args = args[1], args[2:]
    main(sys.argv[1], args, group)
