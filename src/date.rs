//! Calendar dates (`YYYY-MM-DD`): version dates, `--at`, bill effective dates.
//!
//! A tiny type of our own: lexgap needs only parsing, ordering, printing and "today", and a date
//! crate would bring time zones we never use.

use std::fmt;

/// A valid proleptic Gregorian calendar date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The last date a `Date` can hold (9999-12-31): after every version.
    pub const LAST: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// A date, if it exists in the calendar (years 1000–9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape_ok {
            return Err(DateError::Shape);
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u16>().ok());
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(DateError::Shape);
        };
        if !(1000..=9999).contains(&y) {
            return Err(DateError::YearOutOfRange);
        }
        let (Ok(m8), Ok(d8)) = (u8::try_from(m), u8::try_from(d)) else {
            return Err(DateError::NoSuchDay);
        };
        Date::new(y, m8, d8).ok_or(DateError::NoSuchDay)
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Today's date in UTC, from the system clock. Only the CLI calls this (for a default `--at`);
    /// the library never reads the clock, so its output depends only on its inputs.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_unix_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The day before (1000-01-01 for itself: the first date a `Date` can hold).
    pub fn day_before(self) -> Date {
        let Date { year, month, day } = self;
        if day > 1 {
            Date {
                day: day - 1,
                ..self
            }
        } else if month > 1 {
            Date {
                month: month - 1,
                day: days_in_month(year, month - 1),
                ..self
            }
        } else if year > 1000 {
            Date {
                year: year - 1,
                month: 12,
                day: 31,
            }
        } else {
            self
        }
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
        Date {
            year: clamp(y, 1000, 9999) as u16,
            month: clamp(m, 1, 12) as u8,
            day: clamp(d, 1, 31) as u8,
        }
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the shape `YYYY-MM-DD`.
    Shape,
    /// Well-formed, but no such day (`2023-02-30`).
    NoSuchDay,
    /// A year before 1000 or after 9999: surely a typing error for a statute's date.
    YearOutOfRange,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Shape => f.write_str("expected a date written YYYY-MM-DD"),
            DateError::NoSuchDay => f.write_str("no such day in the calendar"),
            DateError::YearOutOfRange => f.write_str("the year must be between 1000 and 9999"),
        }
    }
}

impl std::error::Error for DateError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d = Date::parse("2023-12-01").unwrap();
        assert_eq!(d.to_string(), "2023-12-01");
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day()), Ok(29));
    }

    #[test]
    fn rejects_bad_dates() {
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2023-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2023-1-01"), Err(DateError::Shape));
        assert_eq!(Date::parse("0001-01-01"), Err(DateError::YearOutOfRange));
        assert_eq!(Date::parse("２０２３-01-01"), Err(DateError::Shape));
    }

    #[test]
    fn day_before() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2024-03-01").day_before(), d("2024-02-29"));
        assert_eq!(d("2023-03-01").day_before(), d("2023-02-28"));
        assert_eq!(d("2024-01-01").day_before(), d("2023-12-31"));
        assert_eq!(d("2024-05-17").day_before(), d("2024-05-16"));
        assert_eq!(d("1000-01-01").day_before(), d("1000-01-01"));
    }

    #[test]
    fn unix_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_723).to_string(), "2024-01-01");
        assert_eq!(Date::from_unix_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn orders() {
        assert!(Date::parse("2022-01-01").unwrap() < Date::parse("2023-12-01").unwrap());
    }
}
