/* civil.h — dates of the proleptic Gregorian calendar as day numbers (days since 1970-01-01,
 * negative before), and the HTTP date (IMF-fixdate, RFC 9110 5.6.7) both ways. Every
 * calendar check and conversion of the code base is here. */
#ifndef PARLEY_CIVIL_H
#define PARLEY_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CIVIL_SECONDS_PER_DAY   INT64_C(86400)
#define CIVIL_HTTP_DATE_LEN     29u  /* "Sun, 06 Nov 1994 08:49:37 GMT" */

/* Days in month 1..12 of year (29 for February of a leap year). */
int civil_days_in_month(int64_t year, int month);
/* True for a real calendar date: month 1..12, day 1..days in that month. */
bool civil_date_valid(int64_t year, int month, int day);
/* The day number of a date (month 1..12, day 1..31); H. Hinnant's days_from_civil. */
int64_t civil_days_from_date(int64_t year, int month, int day);
/* The date of a day number; the inverse of civil_days_from_date. */
void civil_date_from_days(int64_t days, int64_t *year, int *month, int *day);

/* Seconds since 1970 of an IMF-fixdate in s[0..len) ("Sun, 06 Nov 1994 08:49:37 GMT"),
 * or -1 when it is not one or not a real date and time (the weekday is not checked:
 * RFC 9110 lets a recipient ignore it). */
int64_t civil_parse_http_date(const char *s, size_t len);
/* Writes unix_s (0 or later) as an IMF-fixdate into out; false (and "") before 1970. */
bool civil_format_http_date(int64_t unix_s, char out[CIVIL_HTTP_DATE_LEN + 1]);

#endif
