/* civil.c — see civil.h. */
#include "core/civil.h"

#include "core/ascii.h"

#include <stdio.h>
#include <string.h>

static const char month_names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
static const char weekday_names[] = "ThuFriSatSunMonTueWed"; /* day 0 was a Thursday */

int civil_days_in_month(int64_t year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool civil_date_valid(int64_t year, int month, int day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= civil_days_in_month(year, month);
}

int64_t civil_days_from_date(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_date_from_days(int64_t z, int64_t *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

int64_t civil_parse_http_date(const char *s, size_t len)
{
    int day, year, hh, mm, ss, month = 0;
    if (s == NULL || len != CIVIL_HTTP_DATE_LEN || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
        s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
        memcmp(s + 25, " GMT", 4) != 0 || !ascii_digits(s + 5, 2, &day) ||
        !ascii_digits(s + 12, 4, &year) || !ascii_digits(s + 17, 2, &hh) ||
        !ascii_digits(s + 20, 2, &mm) || !ascii_digits(s + 23, 2, &ss))
        return -1;
    for (int i = 0; i < 12; i++)
        if (memcmp(s + 8, month_names + 3 * i, 3) == 0) month = i + 1;
    /* 60 seconds: a leap second, which the format allows. */
    if (year < 1970 || !civil_date_valid(year, month, day) || hh > 23 || mm > 59 || ss > 60)
        return -1;
    return civil_days_from_date(year, month, day) * CIVIL_SECONDS_PER_DAY + hh * 3600 + mm * 60 + ss;
}

bool civil_format_http_date(int64_t unix_s, char out[CIVIL_HTTP_DATE_LEN + 1])
{
    out[0] = '\0';
    if (unix_s < 0) return false;
    int64_t days = unix_s / CIVIL_SECONDS_PER_DAY, rest = unix_s % CIVIL_SECONDS_PER_DAY, year;
    int month, day;
    civil_date_from_days(days, &year, &month, &day);
    if (year > 9999) return false;
    snprintf(out, CIVIL_HTTP_DATE_LEN + 1, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT",
             weekday_names + 3 * (days % 7), day, month_names + 3 * (month - 1), (int)year,
             (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
    return true;
}
