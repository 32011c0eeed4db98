#!/usr/bin/python3
"""Generates the country table (C) from Debian's iso-codes: ISO 3166-1 alpha-2 codes with
their names in every language of src/core/i18n.h (the iso_3166-1 gettext domain), and each
language's alphabetical order. Runs at build time; its output is never committed.

usage: gen_countries.py build/gen/countries_table.c COUNT [--embed en --packs DIR]

With --embed, only the languages named (comma-separated) have their names and order compiled
in; --packs writes each other language's names, in its order, to DIR/<tag>.countries, the
second part of its language pack (src/core/langpack.h).

Orders: Latin-script languages ignore case and accents (Spanish keeps ñ after n); Russian
ignores case and sorts ё with е; Arabic ignores vowel marks, hamza and madda on alef and the
article "ال" at the start of words, as UN Arabic lists do; Chinese goes by Hanyu Pinyin
(the kMandarin reading of Unicode's Unihan data, then tone, then code point)."""
import bz2
import gettext
import json
import os
import re
import sys
import unicodedata

SRC = '/usr/share/iso-codes/json/iso_3166-1.json'
UNIHAN = '/usr/share/unicode/Unihan_Readings.txt.bz2'
HEADER = 'src/core/i18n.h'
# The gettext locale directory holding each language's country names.
LOCALE_DIRS = {'ar': 'ar', 'zh': 'zh_CN', 'fr': 'fr', 'ru': 'ru', 'es': 'es'}
# English names iso-codes adopted after its translations were made: the earlier name is
# still the one translated.
FORMER_NAMES = {'Türkiye': 'Turkey'}
# Names iso-codes lacks in a language, or spells other than the UN's texts in that language do
# (clear misspellings in its zh_CN file, a lower-case letter in one Russian name).
NAME_FIXES = {
    ('ar', 'TR'): 'تركيا', ('ru', 'TR'): 'Турция',
    ('ru', 'US'): 'Соединённые Штаты',
    ('zh', 'BD'): '孟加拉国', ('zh', 'BO'): '玻利维亚', ('zh', 'BW'): '博茨瓦纳',
    ('zh', 'GS'): '南乔治亚岛和南桑威奇群岛', ('zh', 'GT'): '危地马拉', ('zh', 'KG'): '吉尔吉斯斯坦',
    ('zh', 'KH'): '柬埔寨', ('zh', 'LC'): '圣卢西亚', ('zh', 'MT'): '马耳他',
    ('zh', 'PF'): '法属波利尼西亚', ('zh', 'SM'): '圣马力诺', ('zh', 'VA'): '梵蒂冈',
}
ARABIC_MARKS = set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
ARABIC_FOLD = {'\u0622': '\u0627', '\u0623': '\u0627', '\u0625': '\u0627', '\u0671': '\u0627',
               '\u0649': '\u064A', '\u0629': '\u0647', '\u0624': '\u0648', '\u0626': '\u064A'}
# Latin letters with a stroke or other mark that Unicode does not decompose.
LATIN_EXTRA = {'ø': 'o', 'đ': 'd', 'ł': 'l', 'ı': 'i', 'ħ': 'h', 'ŧ': 't', 'ƀ': 'b', 'ɨ': 'i'}


def languages():
    with open(HEADER, encoding='utf-8') as f:
        langs = re.findall(r'X\((I18N_[A-Z]+),\s*"([a-z]+)"\)', f.read())
    if not langs:
        sys.exit('gen_countries: no I18N_LANGUAGES in ' + HEADER)
    return [tag for _, tag in langs]


def fold_latin(text):
    """Lowercase with accents removed: what a Latin-script search and order compare."""
    decomposed = unicodedata.normalize('NFKD', text)
    out = ''.join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return ''.join(LATIN_EXTRA.get(c, c) for c in out)


def letters_only(text):
    """Letters and digits, words separated by single spaces."""
    return ' '.join(re.sub(r'[\W_]+', ' ', text).split())


def key_latin(name, lang):
    if lang == 'es':  # ñ is a letter of its own, after n
        name = name.replace('ñ', 'n~').replace('Ñ', 'n~')
    return letters_only(fold_latin(name)).replace('n ~', 'n~')


def key_cyrillic(name):
    return letters_only(name.lower().replace('ё', 'е'))


def key_arabic(name):
    words = []
    for w in name.split():
        w = ''.join(c for c in w if ord(c) not in ARABIC_MARKS)
        if w.startswith('\u0627\u0644') and len(w) > 3:  # the article, bare alef + lam
            w = w[2:]
        words.append(''.join(ARABIC_FOLD.get(c, c) for c in w))
    return letters_only(' '.join(words))


def pinyin_table(chars):
    table = {}
    with bz2.open(UNIHAN, 'rt', encoding='utf-8') as f:
        for line in f:
            if '\tkMandarin\t' not in line:
                continue
            cp, _, reading = line.rstrip('\n').split('\t')
            ch = chr(int(cp[2:], 16))
            if ch in chars:
                table[ch] = reading.split()[0]
    return table


TONES = {'\u0304': 1, '\u0301': 2, '\u030C': 3, '\u0300': 4}


def key_chinese(name, pinyin):
    key = []
    for ch in name:
        reading = pinyin.get(ch)
        if reading is None:
            key.append((fold_latin(ch), 0, ord(ch)))
            continue
        base, tone = [], 5
        for c in unicodedata.normalize('NFD', reading):
            if c in TONES:
                tone = TONES[c]
            elif c == '\u0308':
                base[-1] = 'v'  # ü sorts as v, after u
            else:
                base.append(c)
        key.append((''.join(base), tone, ord(ch)))
    return key


def c_string(text):
    out = []
    for byte in text.encode('utf-8'):
        ch = chr(byte)
        if ch in '\\"?':
            out.append('\\' + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append('\\%03o' % byte)
    return '"' + ''.join(out) + '"'


def country_rows(langs):
    """(alpha-2 code, {language tag: name}) for every country, sorted by code."""
    with open(SRC, encoding='utf-8') as f:
        entries = json.load(f)['3166-1']
    catalogs = {tag: gettext.translation('iso_3166-1', localedir='/usr/share/locale',
                                         languages=[LOCALE_DIRS[tag]])
                for tag in langs if tag != 'en'}
    rows = []
    for e in entries:
        en_name = e.get('common_name') or e['name']
        names = {'en': en_name}
        for tag, cat in catalogs.items():
            candidates = [en_name, e['name'], FORMER_NAMES.get(en_name, en_name)]
            name = next((cat.gettext(c) for c in candidates if cat.gettext(c) != c), en_name)
            names[tag] = NAME_FIXES.get((tag, e['alpha_2']), name)
            if tag in ('ar', 'zh', 'ru') and re.search('[A-Za-z]', names[tag]):
                sys.exit('gen_countries: no %s name for %s' % (tag, e['alpha_2']))
        rows.append((e['alpha_2'], names))
    rows.sort(key=lambda r: r[0])
    return rows


def main(out_path, expected, embed=None, packs=None):
    langs = languages()
    embedded = [tag for tag in langs if embed is None or tag in embed]
    rows = country_rows(langs)
    han = {ch for _, names in rows for ch in names.get('zh', '') if ord(ch) >= 0x3400}
    pinyin = pinyin_table(han) if 'zh' in langs else {}
    missing = sorted(han - set(pinyin))
    if missing:
        sys.exit('gen_countries: no pinyin for %s' % ''.join(missing))

    def sort_key(tag, name):
        if tag == 'zh':
            return (key_chinese(name, pinyin), name)
        if tag == 'ru':
            return (key_cyrillic(name), name)
        if tag == 'ar':
            return (key_arabic(name), name)
        return (key_latin(name, tag), name)

    folds = []
    for cp in range(0xC0, 0x250):
        f = fold_latin(chr(cp))
        folds.append(f if len(f) == 1 and f.isascii() else '')
    orders = {tag: sorted(range(len(rows)), key=lambda i: sort_key(tag, rows[i][1][tag])) for tag in langs}
    if packs is not None:
        os.makedirs(packs, exist_ok=True)
        for tag in langs:
            if tag in embedded:
                continue
            part = os.path.join(packs, tag + '.countries')
            with open(part + '.tmp', 'w', encoding='utf-8') as out:
                for i in orders[tag]:
                    out.write('c %s\t%s\n' % (rows[i][0], rows[i][1][tag]))
            os.replace(part + '.tmp', part)
    with open(out_path + '.tmp', 'w', encoding='ascii') as out:
        out.write('/* Generated by scripts/gen_countries.py from iso-codes; do not edit. */\n')
        out.write('#include "core/countries.h"\n\n')
        out.write('const Country country_table[COUNTRY_COUNT] = {\n')
        for code, names in rows:
            out.write('    {"%s", {%s}},\n' % (code, ', '.join(c_string(names[t]) if t in embedded else 'NULL'
                                                            for t in langs)))
        out.write('};\n\n')
        out.write('const unsigned short country_order[I18N_LANG_COUNT][COUNTRY_COUNT] = {\n')
        for tag in langs:
            if tag in embedded:
                out.write('    {' + ', '.join(str(i) for i in orders[tag]) + '},\n')
            else:
                out.write('    {0}, /* in its language pack */\n')
        out.write('};\n\n')
        out.write('const char country_fold_latin[COUNTRY_FOLD_LATIN_END - 0xC0] = {\n    ')
        out.write(', '.join("'%s'" % f if f else '0' for f in folds))
        out.write('\n};\n')
    if len(rows) != expected:
        sys.exit('gen_countries: %d countries, but countries.h says %d' % (len(rows), expected))
    os.replace(out_path + '.tmp', out_path)


if __name__ == '__main__':
    args = sys.argv[1:]
    opts = {}
    while len(args) > 2 and args[-2] in ('--embed', '--packs'):
        opts[args[-2]] = args[-1]
        args = args[:-2]
    if len(args) != 2 or ('--packs' in opts) != ('--embed' in opts):
        sys.exit(__doc__)
    main(args[0], int(args[1]), embed=opts['--embed'].split(',') if '--embed' in opts else None,
         packs=opts.get('--packs'))
