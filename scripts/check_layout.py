#!/usr/bin/env python3
"""check_layout.py — the README's "Source layout" names every file the repository holds under
src/, web/, scripts/, the folders of tests/ and every top-level *.mk.

Files are those git tracks or would track (not ignored). A file counts as named when its name
stands in backquotes in the table row for its folder (the row whose first cell is the deepest
folder holding it, or the file itself), alone or as the end of a path (`ui.c`,
`core/event.c`). Exceptions, each a rule the section itself states: a header `name.h` beside
its `name.c` (every module declares its interface so), a test named by its test's name (`api`
for tests/server/api.test.mjs, `test_event` for tests/unit/test_event.c), and the files of a
data folder (fixtures, corpora), named by a folder they are in (`events/`).

usage: check_layout.py [README] [ROOT]   (defaults: README.md, the repository holding it)
Prints each file the section misses and exits 1; exits 0 when none is missing."""
import os
import re
import subprocess
import sys

DATA_FOLDERS = ('tests/fixtures/', 'tests/corpus/', 'tests/fuzz/corpus/')
# Test files the section names by their test's name: `api` for api.test.mjs, `test_event`.
TEST_FOLDERS = ('tests/unit/', 'tests/server/', 'tests/browser/')


def layout_section(readme):
    text = open(readme, encoding='utf-8').read()
    start = text.find('\n## Source layout')
    if start < 0:
        sys.exit(f'{readme}: no "## Source layout" section')
    end = text.find('\n## ', start + 1)
    return text[start:end if end > 0 else len(text)]


def named(section):
    """Every backquoted word of the section, and each of its path ends (a/b/c.h: c.h, b/c.h)."""
    names = set()
    for quoted in re.findall(r'`([^`\n]+)`', section):
        for word in re.split(r'[\s,()]+', quoted):
            parts = word.strip('.;:').split('/')
            for k in range(len(parts)):
                end = '/'.join(parts[k:])
                if end:
                    names.add(end)
            if word.endswith('/'):
                names.add(parts[-2] + '/' if len(parts) > 1 else word)
    return names


def in_scope(path):
    if path.startswith(('src/', 'web/', 'scripts/')):
        return True
    if path.startswith('tests/') and path.count('/') >= 2:
        return True
    return '/' not in path and path.endswith('.mk')


def missing(files, f, names):
    """Whether f, in scope, is not named by its row's names."""
    if not in_scope(f):
        return False
    base = os.path.basename(f)
    if f.endswith('.h') and f[:-2] + '.c' in files:
        return False
    if f.startswith(DATA_FOLDERS) and any(d + '/' in names for d in f.split('/')[1:-1]):
        return False
    if base in names or f in names or any(f.endswith('/' + n) for n in names if '/' in n):
        return False
    return not (f.startswith(TEST_FOLDERS) and re.sub(r'(\.test)?\.(mjs|c)$', '', base) in names)


def rows(section):
    """The table's rows: (the paths of the first cell, the names of the whole row)."""
    out = []
    for line in section.split('\n'):
        cells = line.split('|')
        if len(cells) < 4 or not cells[1].strip().startswith('`'):
            continue
        out.append((re.findall(r'`([^`]+)`', cells[1]), named(line)))
    return out


def row_names(table, f):
    """The names of the row for f: the row whose path is f, or the deepest folder holding it."""
    best, depth = set(), -1
    for paths, names in table:
        for p in paths:
            if (p == f or (p.endswith('/') and f.startswith(p))) and len(p) > depth:
                best, depth = names, len(p)
    return best


def main():
    readme = sys.argv[1] if len(sys.argv) > 1 else 'README.md'
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(readme))
    files = subprocess.run(['git', '-C', root, 'ls-files', '--cached', '--others', '--exclude-standard'], check=True, capture_output=True,
                           text=True).stdout.split('\n')
    files = [f for f in files if f]
    present = set(files)
    table = rows(layout_section(readme))
    gone = [f for f in files if missing(present, f, row_names(table, f))]
    for f in gone:
        print(f'README.md, Source layout: {f} is not named')
    if gone:
        sys.exit(1)


if __name__ == '__main__':
    main()
