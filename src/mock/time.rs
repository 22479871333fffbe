//! Wall-clock helpers: the GMT+8 `yyyy-MM-dd HH:mm:ss` timestamps TOP uses, without a date crate.

/// Seconds east of UTC for China Standard Time (no daylight saving).
const GMT8_OFFSET: i64 = 8 * 3600;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses `yyyy-MM-dd HH:mm:ss` read as GMT+8 into Unix seconds; `None` unless the text has
/// exactly that shape and names a real date and time.
pub fn parse_gmt8(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    let num = |range: std::ops::Range<usize>| text[range].parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(local - GMT8_OFFSET)
}

/// Formats Unix seconds as `yyyy-MM-dd HH:mm:ss` at GMT+8 (the inverse of [`parse_gmt8`]).
#[cfg(any(test, feature = "cli"))]
pub fn format_gmt8(unix_seconds: i64) -> String {
    let local = unix_seconds + GMT8_OFFSET;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    // Inverse of days_from_civil (Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The current Unix time in seconds.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmt8_round_trips_known_instants() {
        // 2021-04-19 23:42:09 +08:00 is the H7B worked example's unix time 1618846929.
        assert_eq!(parse_gmt8("2021-04-19 23:42:09"), Some(1_618_846_929));
        assert_eq!(format_gmt8(1_618_846_929), "2021-04-19 23:42:09");
        assert_eq!(parse_gmt8("1970-01-01 08:00:00"), Some(0));
        assert_eq!(format_gmt8(951_782_400), "2000-02-29 08:00:00");
    }

    #[test]
    fn malformed_or_impossible_datetimes_are_refused() {
        for bad in [
            "2021-02-29 00:00:00",
            "2021-04-19T23:42:09",
            "2021-4-19 23:42:09",
            "2021-04-19 24:00:00",
            "",
        ] {
            assert_eq!(parse_gmt8(bad), None, "{bad}");
        }
    }
}
