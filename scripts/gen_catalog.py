#!/usr/bin/python3
"""Compiles the message catalogue from its gettext files (po/parley.pot: the English source
and the message ids; po/<lang>.po: one per language) into C tables for src/core/i18n.c.
Standard library only; runs at build time and its output is never committed.

usage: gen_catalog.py src/core/i18n.h po/ build/gen/i18n_catalog.c [--embed en --packs DIR]

With --embed, only the languages named (comma-separated) are compiled in whole; of the
others the C table keeps their own names (MSG_LANGUAGE_NAME, for the language picker) and
--packs writes each one's messages to DIR/<tag>.msg, the first part of the language pack the
web build fetches when that language is chosen (src/core/langpack.h describes the format).

msgctxt is the message's symbolic name (MSG_START). A translation that is missing, marked
fuzzy, or made for another English text (the msgid changed since) is left out with a warning,
and the unit tests then fail; a PO file that cannot be read, an unknown msgctxt, or a
Plural-Forms header other than the language's standard one stops the build."""
import os
import re
import sys

# The standard gettext Plural-Forms of each language, as src/core/i18n.c evaluates them
# (i18n_plural_index); a PO file must carry exactly this one (spaces aside).
PLURAL_FORMS = {
    'ar': 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 '
          ': n%100>=11 ? 4 : 5);',
    'zh': 'nplurals=1; plural=0;',
    'en': 'nplurals=2; plural=(n != 1);',
    'fr': 'nplurals=2; plural=(n > 1);',
    'ru': 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
          '(n%100<10 || n%100>=20) ? 1 : 2);',
    'es': 'nplurals=2; plural=(n != 1);',
}


class PoError(Exception):
    pass


def fail(msg):
    sys.exit('gen_catalog: ' + msg)


def warn(msg):
    sys.stderr.write('gen_catalog: warning: ' + msg + '\n')


def unquote(text, where):
    """The value of one C-style PO string literal (without its quotes)."""
    out, i = [], 0
    escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r', 'a': '\a', 'b': '\b',
               'f': '\f', 'v': '\v', '?': '?', "'": "'"}
    while i < len(text):
        c = text[i]
        if c == '"':
            raise PoError('%s: unescaped quote inside a string' % where)
        if c == '\\':
            i += 1
            if i >= len(text) or text[i] not in escapes:
                raise PoError('%s: unknown escape in a string' % where)
            out.append(escapes[text[i]])
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def parse_po(path):
    """Entries of a PO file as dicts: ctxt, id, id_plural, str (list), flags, obsolete."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    entries, cur, field = [], None, None

    def finish():
        nonlocal cur
        if cur is not None and 'id' in cur:
            entries.append(cur)
        elif cur is not None and any(k in cur for k in ('ctxt', 'str')):
            raise PoError('%s:%d: entry without msgid' % (path, cur['line']))
        cur = None

    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        where = '%s:%d' % (path, n)
        if line.startswith('#~'):
            continue  # obsolete entries are kept by msgmerge for reference only
        if line == '':
            finish()
            field = None
            continue
        if line.startswith('#'):
            if cur is not None and 'id' in cur and field is not None:
                finish()
            if cur is None:
                cur = {'line': n, 'flags': set(), 'str': {}}
            if line.startswith('#,'):
                cur['flags'].update(f.strip() for f in line[2:].split(','))
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
        if m:
            key, index, value = m.group(1), m.group(2), unquote(m.group(3), where)
            if key in ('msgctxt', 'msgid') and cur is not None and 'id' in cur:
                finish()
            if cur is None:
                cur = {'line': n, 'flags': set(), 'str': {}}
            if key.startswith('msgstr'):
                i = int(index) if index is not None else 0
                if i in cur['str']:
                    raise PoError('%s: msgstr[%d] given twice' % (where, i))
                cur['str'][i] = value
                field = ('str', i)
                if index is None:
                    cur['plain_str'] = True
            else:
                name = {'msgctxt': 'ctxt', 'msgid': 'id', 'msgid_plural': 'id_plural'}[key]
                if name in cur:
                    raise PoError('%s: %s given twice' % (where, key))
                cur[name] = value
                field = (name, None)
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and cur is not None and field is not None:
            value = unquote(m.group(1), where)
            if field[0] == 'str':
                cur['str'][field[1]] += value
            else:
                cur[field[0]] += value
            continue
        raise PoError('%s: cannot read this line' % where)
    finish()
    return entries


def header_fields(entries, path):
    for e in entries:
        if e['id'] == '' and 'ctxt' not in e:
            fields = {}
            for line in e['str'].get(0, '').split('\n'):
                if ':' in line:
                    k, v = line.split(':', 1)
                    fields[k.strip()] = v.strip()
            return fields
    raise PoError('%s: no header entry (msgid "")' % path)


def read_header(path):
    """Language tags (in enum order) and message names (in enum order) from i18n.h."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    langs = re.findall(r'X\((I18N_[A-Z]+),\s*"([a-z]+)"\)', text)
    m = re.search(r'#define I18N_MESSAGES\(X\)(.*?)\n\n', text, re.S)
    if not langs or not m:
        fail('cannot find I18N_LANGUAGES or I18N_MESSAGES in %s' % path)
    names = re.findall(r'X\((MSG_[A-Z0-9_]+)\)', m.group(1))
    return langs, names


def c_string(text):
    out = []
    for ch in text:
        if ch in '\\"':
            out.append('\\' + ch)
        elif ch == '?':
            out.append('\\?')  # never a trigraph
        elif ch == '\n':
            out.append('\\n')
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append('\\%03o' % ord(ch))
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def norm(expr):
    return re.sub(r'\s+', '', expr).rstrip(';')


def pack_field(text):
    """A pack field: backslash, tab and line feed escaped (langpack.h)."""
    return text.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def main(header, po_dir, out_path, embed=None, packs=None):
    langs, names = read_header(header)
    known = set(names)
    try:
        pot = parse_po(os.path.join(po_dir, 'parley.pot'))
    except (OSError, PoError) as e:
        fail(str(e))
    source = {}
    for e in pot:
        if 'ctxt' not in e:
            continue
        if e['ctxt'] not in known:
            fail('parley.pot:%d: msgctxt %s is not a message of i18n.h' % (e['line'], e['ctxt']))
        if e['ctxt'] in source:
            fail('parley.pot:%d: msgctxt %s given twice' % (e['line'], e['ctxt']))
        source[e['ctxt']] = e
    missing = [n for n in names if n != 'MSG_NONE' and n not in source]
    if missing:
        fail('parley.pot lacks %s' % ', '.join(missing))

    # table[lang][name] = list of forms (None: not translated)
    table = {}
    for enum, tag in langs:
        forms = {}
        if tag == 'en':
            for name, e in source.items():
                forms[name] = [e['id'], e['id_plural']] if 'id_plural' in e else [e['id']]
            table[tag] = forms
            continue
        path = os.path.join(po_dir, tag + '.po')
        try:
            entries = parse_po(path)
            fields = header_fields(entries, path)
        except (OSError, PoError) as e:
            fail(str(e))
        if fields.get('Language') != tag:
            fail('%s: Language header is %r, expected %r' % (path, fields.get('Language'), tag))
        if 'charset=UTF-8' not in fields.get('Content-Type', ''):
            fail('%s: the charset must be UTF-8' % path)
        if norm(fields.get('Plural-Forms', '')) != norm(PLURAL_FORMS[tag]):
            fail('%s: Plural-Forms must be the standard "%s"' % (path, PLURAL_FORMS[tag]))
        nplurals = int(re.match(r'nplurals=(\d+)', PLURAL_FORMS[tag]).group(1))
        seen = set()
        for e in entries:
            if 'ctxt' not in e:
                continue
            name = e['ctxt']
            where = '%s:%d' % (path, e['line'])
            if name not in source:
                fail('%s: msgctxt %s is not in parley.pot' % (where, name))
            if name in seen:
                fail('%s: msgctxt %s given twice' % (where, name))
            seen.add(name)
            src = source[name]
            if e['id'] != src['id'] or e.get('id_plural') != src.get('id_plural'):
                warn('%s: %s was translated from another English text; left out (msgmerge, '
                     'then review it)' % (where, name))
                continue
            if 'fuzzy' in e['flags']:
                warn('%s: %s is fuzzy; left out' % (where, name))
                continue
            want = nplurals if 'id_plural' in src else 1
            got = [e['str'].get(i, '') for i in range(want)]
            if 'id_plural' in src and e.get('plain_str'):
                fail('%s: %s has plural forms: use msgstr[0]..msgstr[%d]' % (where, name, want - 1))
            if 'id_plural' not in src and set(e['str']) != {0}:
                fail('%s: %s has no plural forms: use msgstr' % (where, name))
            if any(g == '' for g in got):
                warn('%s: %s is not translated' % (where, name))
                continue
            forms[name] = got
        table[tag] = forms

    plural_names = [n for n in names if n in source and 'id_plural' in source[n]]
    embedded = [tag for _, tag in langs if embed is None or tag in embed]
    if packs is not None:
        os.makedirs(packs, exist_ok=True)
        for enum, tag in langs:
            if tag in embedded:
                continue
            with open(os.path.join(packs, tag + '.msg.tmp'), 'w', encoding='utf-8') as out:
                out.write('parley-lang 1 %s\n' % tag)
                for name in names:
                    forms = table[tag].get(name)
                    if forms:
                        out.write('m %s\t%s\n' % (name, '\t'.join(pack_field(f) for f in forms)))
            os.replace(os.path.join(packs, tag + '.msg.tmp'), os.path.join(packs, tag + '.msg'))
    with open(out_path + '.tmp', 'w', encoding='utf-8') as out:
        out.write('/* Generated by scripts/gen_catalog.py from po/; do not edit. */\n')
        out.write('#include "core/i18n_catalog.h"\n\n')
        out.write('const bool i18n_catalog_embedded[I18N_LANG_COUNT] = {%s};\n\n'
                  % ', '.join('true' if tag in embedded else 'false' for _, tag in langs))
        out.write('const char *const i18n_catalog[I18N_LANG_COUNT][MSG_COUNT] = {\n')
        for enum, tag in langs:
            out.write('    [%s] = {\n' % enum)
            for name in names:
                forms = table[tag].get(name)
                if forms and (tag in embedded or name == 'MSG_LANGUAGE_NAME'):
                    out.write('        [%s] = %s,\n' % (name, c_string(forms[0])))
            out.write('    },\n')
        out.write('};\n\n')
        out.write('const I18nPluralMsg i18n_catalog_plurals[] = {\n')
        for name in plural_names:
            out.write('    {%s, {\n' % name)
            for enum, tag in langs:
                forms = table[tag].get(name)
                if forms and tag in embedded:
                    out.write('        [%s] = {%s},\n' % (enum, ', '.join(c_string(f) for f in forms)))
            out.write('    }},\n')
        if not plural_names:
            out.write('    {MSG_NONE, {{NULL}}},\n')
        out.write('};\n')
        out.write('const int i18n_catalog_plural_count = %d;\n' % len(plural_names))
    os.replace(out_path + '.tmp', out_path)


if __name__ == '__main__':
    args = sys.argv[1:]
    opts = {}
    while len(args) > 3 and args[-2] in ('--embed', '--packs'):
        opts[args[-2]] = args[-1]
        args = args[:-2]
    if len(args) != 3 or ('--packs' in opts) != ('--embed' in opts):
        sys.exit(__doc__)
    main(*args, embed=opts['--embed'].split(',') if '--embed' in opts else None, packs=opts.get('--packs'))
