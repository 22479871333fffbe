//! Time on the wire: `yyyy-MM-dd HH:mm:ss` at UTC+08:00 whatever the host's zone, or Unix seconds.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time in Unix milliseconds (the default clock).
pub fn now_millis() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// Formats Unix milliseconds as `yyyy-MM-dd HH:mm:ss` in GMT+8 (China has no daylight saving).
pub fn format_gmt8(unix_millis: i64) -> String {
    let secs = unix_millis.div_euclid(1000) + 8 * 3600;
    let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", of_day / 3600, of_day % 3600 / 60, of_day % 60)
}

/// Unix milliseconds as whole Unix seconds.
pub fn unix_seconds(unix_millis: i64) -> String {
    unix_millis.div_euclid(1000).to_string()
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_gmt8() {
        assert_eq!(format_gmt8(1_757_914_823_000), "2025-09-15 13:40:23");
        assert_eq!(format_gmt8(0), "1970-01-01 08:00:00");
        assert_eq!(format_gmt8(951_753_600_000), "2000-02-29 00:00:00");
        assert_eq!(format_gmt8(-1000), "1970-01-01 07:59:59");
        assert_eq!(unix_seconds(1_618_846_929_999), "1618846929");
    }
}
