//! Time on the wire: `yyyy-MM-dd HH:mm:ss` at UTC+08:00 whatever the host's zone, or Unix seconds;
//! and [`DateTime`], the type of dates in responses.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use super::json::Json;
use super::response::{FromJson, ToJson};

const GMT8: i64 = 8 * 3600;

/// A date and time as TOP writes it: wall-clock fields at GMT+8 (China has no daylight saving),
/// to the second. `Display` writes `yyyy-MM-dd HH:mm:ss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl DateTime {
    /// The wall-clock time at GMT+8, when the fields form a real date and time.
    pub fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (0..=9999).contains(&year)
            && (1..=days_in_month).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then_some(Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Reads `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` (midnight), at GMT+8.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = b.get(range)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let date_ok = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
        let (hour, minute, second) = match b.len() {
            10 => (0, 0, 0),
            19 if b[10] == b' ' && b[13] == b':' && b[16] == b':' => {
                (num(11..13)?, num(14..16)?, num(17..19)?)
            }
            _ => return None,
        };
        if !date_ok {
            return None;
        }
        let small = |n: u32| u8::try_from(n).ok();
        Self::new(
            i32::try_from(num(0..4)?).ok()?,
            small(num(5..7)?)?,
            small(num(8..10)?)?,
            small(hour)?,
            small(minute)?,
            small(second)?,
        )
    }

    /// The instant `unix_seconds` seconds after 1970-01-01 00:00:00 UTC, at GMT+8.
    pub fn from_unix_seconds(unix_seconds: i64) -> Option<Self> {
        let secs = unix_seconds.checked_add(GMT8)?;
        let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let small = |n: i64| u8::try_from(n).ok();
        Self::new(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
            small(of_day / 3600)?,
            small(of_day % 3600 / 60)?,
            small(of_day % 60)?,
        )
    }

    /// Seconds since 1970-01-01 00:00:00 UTC (the exact instant).
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        );
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - GMT8
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u8 {
        self.day
    }

    /// The hour at GMT+8, 0 to 23.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// The minute, 0 to 59.
    pub fn minute(&self) -> u8 {
        self.minute
    }

    /// The second, 0 to 59.
    pub fn second(&self) -> u8 {
        self.second
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        } = self;
        write!(
            f,
            "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"
        )
    }
}

/// Text in one of the accepted forms; anything else does not fit.
impl FromJson for DateTime {
    fn fits(json: &Json) -> bool {
        json.as_str().and_then(Self::parse).is_some()
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        json.as_str().and_then(Self::parse).ok_or(json)
    }
}

/// Written back as `yyyy-MM-dd HH:mm:ss` at GMT+8.
impl ToJson for DateTime {
    fn to_json(&self) -> Json {
        Json::String(self.to_string())
    }
}

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
    if !(0..=9999).contains(&y) {
        return format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        );
    }
    // The common case without the formatting machinery (it is on every call's path).
    let mut out = String::with_capacity(19);
    let mut push = |n: i64, width: u32, after: Option<char>| {
        for power in (0..width).rev() {
            let digit = n / 10_i64.pow(power) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
        if let Some(c) = after {
            out.push(c);
        }
    };
    push(y, 4, Some('-'));
    push(i64::from(m), 2, Some('-'));
    push(i64::from(d), 2, Some(' '));
    push(of_day / 3600, 2, Some(':'));
    push(of_day % 3600 / 60, 2, Some(':'));
    push(of_day % 60, 2, None);
    out
}

/// Unix milliseconds as whole Unix seconds.
pub fn unix_seconds(unix_millis: i64) -> String {
    unix_millis.div_euclid(1000).to_string()
}

/// A proleptic Gregorian date to days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

    #[test]
    fn date_times_are_gmt8_and_exact() {
        let t = DateTime::parse("2025-09-15 13:40:23").unwrap();
        assert_eq!(t.unix_seconds(), 1_757_914_823);
        assert_eq!(DateTime::from_unix_seconds(1_757_914_823), Some(t));
        assert_eq!(
            DateTime::parse("2000-02-29").unwrap().to_string(),
            "2000-02-29 00:00:00"
        );
        assert_eq!(
            DateTime::parse("1970-01-01 08:00:00")
                .unwrap()
                .unix_seconds(),
            0
        );
        for bad in [
            "2001-02-29",
            "2025-09-15T13:40:23",
            "2025-9-15",
            "2025-09-15 24:00:00",
            "2025-09-15 13:40",
            "",
            "+025-09-15",
        ] {
            assert_eq!(DateTime::parse(bad), None, "{bad}");
        }
    }
}
