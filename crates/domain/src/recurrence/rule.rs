//! The recurrence rule of a booking series: the subset of RFC 5545 `RRULE` that a practice's
//! calendar needs (weekly, every 1–4 weeks, on given weekdays, ending after a count, at an
//! instant, or never), parsed from and written back to iCalendar text.

use crate::Invalid;
use chrono::{DateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest `COUNT` accepted: twenty years of a weekly booking. Longer series are open-ended.
pub const MAX_COUNT: u32 = 1040;

/// The longest raw rule text accepted.
const MAX_RULE_LEN: usize = 500;

/// How a series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleEnd {
    /// No end: occurrences are materialised up to a horizon that moves with time.
    Open,
    /// After this many occurrences, counted from the series' first start (1–[`MAX_COUNT`]).
    Count(u32),
    /// No occurrence starts after this instant (inclusive, as in RFC 5545). Always UTC, since a
    /// series has a time zone and RFC 5545 then requires `UNTIL` in UTC.
    Until(DateTime<Utc>),
}

/// A validated weekly recurrence rule: `FREQ=WEEKLY`, `INTERVAL` 1–4, `BYDAY` weekdays without
/// ordinals, optional `WKST`, and at most one of `COUNT` and `UNTIL` (UTC).
///
/// An empty weekday list means "the weekday of the first start", as in RFC 5545; a
/// [`SeriesPattern`](super::SeriesPattern) fills it in. Serialised as its `RRULE` text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecurrenceRule {
    interval: u8,
    weekdays: Vec<Weekday>,
    week_start: Weekday,
    end: RuleEnd,
}

impl RecurrenceRule {
    /// A weekly rule on `weekdays` (in any order, repeats ignored), weeks starting on Monday.
    pub fn weekly(interval: u8, weekdays: &[Weekday], end: RuleEnd) -> Result<Self, Invalid> {
        Self::build(interval, weekdays, Weekday::Mon, end)
    }

    fn build(interval: u8, weekdays: &[Weekday], week_start: Weekday, end: RuleEnd) -> Result<Self, Invalid> {
        if !(1..=4).contains(&interval) {
            return Err(Invalid::new("INTERVAL must be between 1 and 4 weeks"));
        }
        if let RuleEnd::Count(count) = end
            && !(1..=MAX_COUNT).contains(&count)
        {
            return Err(Invalid::new(format!("COUNT must be between 1 and {MAX_COUNT}")));
        }
        let mut sorted: Vec<Weekday> = Vec::with_capacity(weekdays.len());
        let mut day = week_start;
        for _ in 0..7 {
            if weekdays.contains(&day) {
                sorted.push(day);
            }
            day = day.succ();
        }
        Ok(Self {
            interval,
            weekdays: sorted,
            week_start,
            end,
        })
    }

    /// Parses `RRULE:`-prefixed or bare rule text such as `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10`.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text = raw.trim();
        if text.len() > MAX_RULE_LEN {
            return Err(Invalid::new(format!("must be at most {MAX_RULE_LEN} characters")));
        }
        if text.contains(['\n', '\r']) {
            return Err(Invalid::new(
                "must be a single RRULE line (DTSTART comes from the series)",
            ));
        }
        let body = match text.split_once(':') {
            Some((name, body)) if name.eq_ignore_ascii_case("RRULE") => body,
            Some(_) => return Err(Invalid::new("must be an RRULE line such as FREQ=WEEKLY;BYDAY=MO")),
            None => text,
        };
        let parsed: rrule::RRule<rrule::Unvalidated> = body
            .parse()
            .map_err(|err: rrule::RRuleError| Invalid::new(format!("is not a valid RRULE: {}", plain(&err))))?;
        Self::from_parsed(&parsed)
    }

    fn from_parsed(parsed: &rrule::RRule<rrule::Unvalidated>) -> Result<Self, Invalid> {
        if parsed.get_freq() != rrule::Frequency::Weekly {
            return Err(Invalid::new("only FREQ=WEEKLY is supported"));
        }
        let unsupported = [
            ("BYSETPOS", parsed.get_by_set_pos().is_empty()),
            ("BYMONTH", parsed.get_by_month().is_empty()),
            ("BYMONTHDAY", parsed.get_by_month_day().is_empty()),
            ("BYYEARDAY", parsed.get_by_year_day().is_empty()),
            ("BYWEEKNO", parsed.get_by_week_no().is_empty()),
            ("BYHOUR", parsed.get_by_hour().is_empty()),
            ("BYMINUTE", parsed.get_by_minute().is_empty()),
            ("BYSECOND", parsed.get_by_second().is_empty()),
        ];
        if let Some((name, _)) = unsupported.iter().find(|(_, absent)| !absent) {
            return Err(Invalid::new(format!(
                "{name} is not supported (the time of day comes from the series' first start)"
            )));
        }
        let mut weekdays = Vec::new();
        for day in parsed.get_by_weekday() {
            match day {
                rrule::NWeekday::Every(weekday) => weekdays.push(*weekday),
                rrule::NWeekday::Nth(..) => {
                    return Err(Invalid::new(
                        "BYDAY takes plain weekdays (MO, TU, ...) in a weekly rule",
                    ));
                }
            }
        }
        let interval = u8::try_from(parsed.get_interval()).unwrap_or(u8::MAX);
        let end = match (parsed.get_count(), parsed.get_until()) {
            (Some(_), Some(_)) => return Err(Invalid::new("COUNT and UNTIL must not both be given")),
            (Some(count), None) => RuleEnd::Count(count),
            (None, Some(until)) if until.timezone().is_local() => {
                return Err(Invalid::new("UNTIL must be a UTC date-time such as 20261231T235959Z"));
            }
            (None, Some(until)) => RuleEnd::Until(until.with_timezone(&Utc)),
            (None, None) => RuleEnd::Open,
        };
        Self::build(interval, &weekdays, parsed.get_week_start(), end)
    }

    /// Every how many weeks the series repeats (1–4).
    pub fn interval(&self) -> u8 {
        self.interval
    }

    /// The weekdays, in week order from [`Self::week_start`]; empty means the first start's weekday.
    pub fn weekdays(&self) -> &[Weekday] {
        &self.weekdays
    }

    /// The first day of the week (`WKST`), which decides which weeks are skipped when INTERVAL > 1.
    pub fn week_start(&self) -> Weekday {
        self.week_start
    }

    pub fn end(&self) -> RuleEnd {
        self.end
    }

    /// The same rule with another end.
    pub fn with_end(&self, end: RuleEnd) -> Result<Self, Invalid> {
        Self::build(self.interval, &self.weekdays, self.week_start, end)
    }

    /// The same rule on other weekdays.
    pub fn with_weekdays(&self, weekdays: &[Weekday]) -> Result<Self, Invalid> {
        Self::build(self.interval, weekdays, self.week_start, self.end)
    }

    /// The rule as iCalendar text without the `RRULE:` prefix, e.g. for the calendar feed.
    pub fn to_rrule_string(&self) -> String {
        let mut parts = vec!["FREQ=WEEKLY".to_owned()];
        if self.interval != 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        if !self.weekdays.is_empty() {
            let days: Vec<&str> = self.weekdays.iter().map(|day| ical_weekday(*day)).collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        if self.week_start != Weekday::Mon {
            parts.push(format!("WKST={}", ical_weekday(self.week_start)));
        }
        match self.end {
            RuleEnd::Open => {}
            RuleEnd::Count(count) => parts.push(format!("COUNT={count}")),
            RuleEnd::Until(until) => parts.push(format!("UNTIL={}", until.format("%Y%m%dT%H%M%SZ"))),
        }
        parts.join(";")
    }
}

fn ical_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The crate's message without its "RRule parsing error:" prefix, which says nothing to a user.
fn plain(err: &rrule::RRuleError) -> String {
    match err {
        rrule::RRuleError::ParserError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

impl fmt::Display for RecurrenceRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rrule_string())
    }
}

impl std::str::FromStr for RecurrenceRule {
    type Err = Invalid;
    fn from_str(raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw)
    }
}

impl Serialize for RecurrenceRule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rrule_string())
    }
}

impl<'de> Deserialize<'de> for RecurrenceRule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for RecurrenceRule {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .max_length(Some(MAX_RULE_LEN))
            .description(Some(
                "An RFC 5545 RRULE, weekly only: FREQ=WEEKLY, INTERVAL 1-4, BYDAY weekdays, optional WKST, \
                 and at most one of COUNT (1-1040) and UNTIL (UTC, e.g. 20261231T235959Z).",
            ))
            .examples(["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=12"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for RecurrenceRule {}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn parses_prefixed_and_bare_text() {
        let rule = RecurrenceRule::parse("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,TU;COUNT=10");
        assert_eq!(
            rule.as_ref().map(RecurrenceRule::to_rrule_string),
            Ok("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10".to_owned())
        );
        let bare = RecurrenceRule::parse("freq=weekly;byday=mo");
        assert_eq!(bare.map(|r| r.weekdays().to_vec()), Ok(vec![Weekday::Mon]));
    }

    #[test]
    fn until_is_utc_and_round_trips() {
        let rule = RecurrenceRule::parse("FREQ=WEEKLY;UNTIL=20261231T235959Z");
        let until = Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 59).single();
        assert_eq!(rule.as_ref().map(RecurrenceRule::end).ok(), until.map(RuleEnd::Until));
        assert_eq!(
            rule.map(|r| r.to_string()),
            Ok("FREQ=WEEKLY;UNTIL=20261231T235959Z".to_owned())
        );
        assert!(RecurrenceRule::parse("FREQ=WEEKLY;UNTIL=20261231T235959").is_err());
        assert!(RecurrenceRule::parse("FREQ=WEEKLY;UNTIL=20261231").is_err());
    }

    #[test]
    fn week_start_orders_weekdays_and_is_kept() {
        let rule = RecurrenceRule::parse("FREQ=WEEKLY;BYDAY=MO,SU;WKST=SU");
        assert_eq!(
            rule.map(|r| r.to_rrule_string()),
            Ok("FREQ=WEEKLY;BYDAY=SU,MO;WKST=SU".to_owned())
        );
    }

    #[test]
    fn refuses_what_a_practice_does_not_schedule() {
        for bad in [
            "",
            "FREQ=DAILY",
            "FREQ=MONTHLY;BYDAY=1MO",
            "FREQ=WEEKLY;BYDAY=1MO",
            "FREQ=WEEKLY;INTERVAL=0",
            "FREQ=WEEKLY;INTERVAL=5",
            "FREQ=WEEKLY;COUNT=0",
            "FREQ=WEEKLY;COUNT=1041",
            "FREQ=WEEKLY;COUNT=3;UNTIL=20261231T235959Z",
            "FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO",
            "FREQ=WEEKLY;BYHOUR=10",
            "FREQ=WEEKLY;BYMONTH=1",
            "FREQ=WEEKLY;FREQ=WEEKLY",
            "FREQ=WEEKLY;COLOR=RED",
            "DTSTART:20260101T100000Z",
            "RRULE:FREQ=WEEKLY\nRRULE:FREQ=WEEKLY",
            &format!("FREQ=WEEKLY;BYDAY={}", "MO,".repeat(200)),
        ] {
            assert!(RecurrenceRule::parse(bad).is_err(), "{bad:?} accepted");
        }
        let message = RecurrenceRule::parse("FREQ=DAILY").err().map(|e| e.0);
        assert_eq!(message.as_deref(), Some("only FREQ=WEEKLY is supported"));
    }

    #[test]
    fn serde_is_the_rule_text() -> Result<(), serde_json::Error> {
        let rule: RecurrenceRule = serde_json::from_str("\"RRULE:FREQ=WEEKLY;BYDAY=FR\"")?;
        assert_eq!(serde_json::to_string(&rule)?, "\"FREQ=WEEKLY;BYDAY=FR\"");
        assert!(serde_json::from_str::<RecurrenceRule>("\"FREQ=YEARLY\"").is_err());
        Ok(())
    }
}
