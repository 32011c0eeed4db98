/* import.h — `parleyd import FILE... [--data DIR] [--event FILE]...`: loads device export
 * files (core/devicefile.h, docs/device-export.md) into DIR/parley.db through the same
 * writer as uploads, so a record already there is a duplicate, never stored twice. A
 * damaged line is reported (file:line: why) and skipped; a file that is not a device
 * export is refused whole. Safe while a parleyd serves the same DIR (SQLite WAL and busy
 * timeout). Exit: 0 nothing damaged or rejected, 1 something was (or a file was refused),
 * 2 bad arguments, 3 the database could not be opened or written. */
#ifndef PARLEY_IMPORT_H
#define PARLEY_IMPORT_H

/* argv[0] is "import". */
int import_main(int argc, char **argv);

#endif
