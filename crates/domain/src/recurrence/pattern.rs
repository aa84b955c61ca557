//! A series pattern (first local start, zone, rule) and its occurrences.
//!
//! Occurrences sit on a grid: period `p` is the week (or 2, 3, 4 weeks) starting `p` periods after
//! the week of the first start, and each period holds one slot per `BYDAY` weekday. Occurrence
//! `k` is therefore found by division, and the first occurrence at or after an instant by
//! converting that instant to a local date and dividing again: expanding a window costs the
//! same whether the series started last week or ten years ago, and `COUNT` and the index of an
//! occurrence are exact without walking from the first start.

use super::{RecurrenceRule, RuleEnd, resolve_local};
use crate::Invalid;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// Occurrences in the transition margin: a local time moved by a gap is at most a day later, so
/// the search for the first occurrence at an instant starts this far before it.
const MARGIN: TimeDelta = TimeDelta::days(2);

/// One occurrence of a pattern, before any exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Occurrence {
    /// 0-based position in the series, counted from its first start.
    pub index: u32,
    /// The wall-clock start the rule gives; identifies the occurrence (its RECURRENCE-ID), also
    /// when it falls in a skipped hour.
    pub local: NaiveDateTime,
    /// The instant it starts, by [`resolve_local`].
    pub start: DateTime<Utc>,
}

/// When and how often a series occurs: its first wall-clock start in the practice's zone and a
/// weekly rule. The first start is always the first occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesPattern {
    first_local: NaiveDateTime,
    zone: Tz,
    rule: RecurrenceRule,
    /// The first day of the week (per `WKST`) that holds the first start.
    anchor: NaiveDate,
    /// Days from the start of a period to each `BYDAY` weekday, ascending.
    offsets: Vec<u64>,
    /// Slots of the first period that come before the first start.
    skip: u64,
    /// One past the last index (`COUNT`, or the occurrences up to `UNTIL`); `None` when open-ended.
    bound: Option<u64>,
}

impl SeriesPattern {
    /// A pattern starting at `first_local` (a whole minute) in `zone`.
    ///
    /// A rule without weekdays takes the first start's weekday. Refused: a first start whose
    /// weekday the rule does not list, and an `UNTIL` before the first start.
    pub fn new(first_local: NaiveDateTime, zone: Tz, rule: RecurrenceRule) -> Result<Self, Invalid> {
        if first_local.second() != 0 || first_local.nanosecond() != 0 {
            return Err(Invalid::new("the first start must be on a whole minute"));
        }
        let first_day = first_local.weekday();
        let rule = if rule.weekdays().is_empty() {
            rule.with_weekdays(&[first_day])?
        } else {
            rule
        };
        if !rule.weekdays().contains(&first_day) {
            return Err(Invalid::new(format!(
                "the first start falls on a {first_day}, which the rule's BYDAY does not list"
            )));
        }
        let week_start = rule.week_start();
        let anchor = first_local.date() - Days::new(days_after(week_start, first_day));
        let offsets: Vec<u64> = rule.weekdays().iter().map(|day| days_after(week_start, *day)).collect();
        let first_offset = days_after(week_start, first_day);
        let skip = offsets.iter().filter(|offset| **offset < first_offset).count() as u64;
        let mut pattern = Self {
            first_local,
            zone,
            rule,
            anchor,
            offsets,
            skip,
            bound: None,
        };
        pattern.bound = match pattern.rule.end() {
            RuleEnd::Open => None,
            RuleEnd::Count(count) => Some(u64::from(count)),
            RuleEnd::Until(until) => {
                if until < pattern.first_start() {
                    return Err(Invalid::new("UNTIL must not be before the first start"));
                }
                Some(pattern.count_starting_before(until + TimeDelta::nanoseconds(1)))
            }
        };
        Ok(pattern)
    }

    pub fn first_local(&self) -> NaiveDateTime {
        self.first_local
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The rule, with `BYDAY` filled in.
    pub fn rule(&self) -> &RecurrenceRule {
        &self.rule
    }

    pub fn first_start(&self) -> DateTime<Utc> {
        resolve_local(self.zone, self.first_local)
    }

    /// How many occurrences the series has (at least one), or `None` when it is open-ended.
    pub fn occurrence_count(&self) -> Option<u32> {
        self.bound.map(|bound| u32::try_from(bound).unwrap_or(u32::MAX))
    }

    /// The occurrence at `index`, if the series has that many.
    pub fn nth(&self, index: u32) -> Option<Occurrence> {
        self.bounded(u64::from(index))
    }

    /// The last occurrence, or `None` when the series is open-ended.
    pub fn last(&self) -> Option<Occurrence> {
        self.bound.and_then(|bound| self.bounded(bound.checked_sub(1)?))
    }

    /// The occurrence whose rule-given wall-clock start is `recurrence_id`, if there is one.
    pub fn occurrence(&self, recurrence_id: NaiveDateTime) -> Option<Occurrence> {
        if recurrence_id.time() != self.first_local.time() {
            return None;
        }
        let days = u64::try_from((recurrence_id.date() - self.anchor).num_days()).ok()?;
        let period = self.period_days();
        let slot = self.offsets.iter().position(|offset| *offset == days % period)?;
        let index = (days / period * self.slots() + slot as u64).checked_sub(self.skip)?;
        self.bounded(index)
    }

    /// The first occurrence starting at or after `instant`.
    pub fn first_at_or_after(&self, instant: DateTime<Utc>) -> Option<Occurrence> {
        self.bounded(self.count_starting_before(instant))
    }

    /// Occurrences starting at or after `from`, in order, lazily.
    pub fn occurrences_from(&self, from: DateTime<Utc>) -> impl Iterator<Item = Occurrence> + '_ {
        let first = self.count_starting_before(from);
        (first..).map_while(move |index| self.bounded(index))
    }

    /// Occurrences starting in `[from, to)`, in order. The cost follows the window, not the age
    /// of the series.
    pub fn occurrences_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        if from >= to {
            return Vec::new();
        }
        self.occurrences_from(from)
            .take_while(|occurrence| occurrence.start < to)
            .collect()
    }

    fn slots(&self) -> u64 {
        self.offsets.len() as u64
    }

    fn period_days(&self) -> u64 {
        7 * u64::from(self.rule.interval())
    }

    fn bounded(&self, index: u64) -> Option<Occurrence> {
        if self.bound.is_some_and(|bound| index >= bound) {
            return None;
        }
        self.unbounded(index)
    }

    /// Occurrence `index` as if the series never ended.
    fn unbounded(&self, index: u64) -> Option<Occurrence> {
        let slot = index.checked_add(self.skip)?;
        let days = (slot / self.slots())
            .checked_mul(self.period_days())?
            .checked_add(self.offsets[(slot % self.slots()) as usize])?;
        let local = self
            .anchor
            .checked_add_days(Days::new(days))?
            .and_time(self.first_local.time());
        Some(Occurrence {
            index: u32::try_from(index).ok()?,
            local,
            start: resolve_local(self.zone, local),
        })
    }

    /// How many rule-given wall-clock starts come before `local`, ignoring the end.
    fn count_local_before(&self, local: NaiveDateTime) -> u64 {
        let Ok(days) = u64::try_from((local.date() - self.anchor).num_days()) else {
            return 0;
        };
        let (period, within) = (days / self.period_days(), days % self.period_days());
        let time = self.first_local.time();
        let earlier_slots = self
            .offsets
            .iter()
            .filter(|offset| **offset < within || (**offset == within && time < local.time()))
            .count() as u64;
        (period * self.slots() + earlier_slots).saturating_sub(self.skip)
    }

    /// How many occurrences start before `instant`, ignoring the end: the index of the first one
    /// at or after it. Starts from a lower bound found by arithmetic and steps over the margin.
    fn count_starting_before(&self, instant: DateTime<Utc>) -> u64 {
        let local = instant.with_timezone(&self.zone).naive_local();
        let mut index = self.count_local_before(local.checked_sub_signed(MARGIN).unwrap_or(local));
        while self
            .unbounded(index)
            .is_some_and(|occurrence| occurrence.start < instant)
        {
            index += 1;
        }
        index
    }
}

/// Days from `week_start` forward to `day` (0–6).
fn days_after(week_start: Weekday, day: Weekday) -> u64 {
    u64::from((day.num_days_from_monday() + 7 - week_start.num_days_from_monday()) % 7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    fn pattern(first: NaiveDateTime, rule: &str) -> Result<SeriesPattern, Invalid> {
        SeriesPattern::new(first, Berlin, RecurrenceRule::parse(rule)?)
    }

    fn locals(pattern: &SeriesPattern, count: usize) -> Vec<NaiveDateTime> {
        pattern
            .occurrences_from(pattern.first_start())
            .take(count)
            .map(|o| o.local)
            .collect()
    }

    #[test]
    fn first_week_skips_days_before_the_first_start() -> Result<(), Invalid> {
        // Thursday 7 May 2026, every second week on Tuesdays and Thursdays.
        let every_other = pattern(at(2026, 5, 7, 9), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4")?;
        let expected = vec![
            at(2026, 5, 7, 9),
            at(2026, 5, 19, 9),
            at(2026, 5, 21, 9),
            at(2026, 6, 2, 9),
        ];
        assert_eq!(locals(&every_other, 10), expected);
        assert_eq!(every_other.occurrence_count(), Some(4));
        assert_eq!(every_other.last().map(|o| o.local), Some(at(2026, 6, 2, 9)));
        assert_eq!(every_other.occurrence(at(2026, 5, 19, 9)).map(|o| o.index), Some(1));
        assert_eq!(every_other.occurrence(at(2026, 5, 5, 9)), None);
        assert_eq!(every_other.occurrence(at(2026, 5, 12, 9)), None);
        assert_eq!(every_other.occurrence(at(2026, 5, 19, 10)), None);
        assert_eq!(every_other.occurrence(at(2026, 6, 4, 9)), None);
        Ok(())
    }

    #[test]
    fn week_start_decides_which_weeks_are_skipped() -> Result<(), Invalid> {
        // Sunday 3 May 2026: with Monday weeks, the Monday after is in the next (skipped) week.
        let monday_weeks = pattern(at(2026, 5, 3, 9), "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO")?;
        let sunday_weeks = pattern(at(2026, 5, 3, 9), "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=SU")?;
        assert_eq!(locals(&monday_weeks, 2), vec![at(2026, 5, 3, 9), at(2026, 5, 11, 9)]);
        assert_eq!(locals(&sunday_weeks, 2), vec![at(2026, 5, 3, 9), at(2026, 5, 4, 9)]);
        Ok(())
    }

    #[test]
    fn missing_byday_takes_the_first_weekday_and_others_must_match() -> Result<(), Invalid> {
        let weekly = pattern(at(2026, 5, 7, 9), "FREQ=WEEKLY")?;
        assert_eq!(weekly.rule().to_rrule_string(), "FREQ=WEEKLY;BYDAY=TH");
        assert!(pattern(at(2026, 5, 7, 9), "FREQ=WEEKLY;BYDAY=MO").is_err());
        assert!(pattern(at(2026, 5, 7, 9), "FREQ=WEEKLY;UNTIL=20260507T065959Z").is_err());
        assert!(
            SeriesPattern::new(
                at(2026, 5, 7, 9) + TimeDelta::seconds(30),
                Berlin,
                weekly.rule().clone()
            )
            .is_err()
        );
        Ok(())
    }

    #[test]
    fn until_is_inclusive_of_the_resolved_start() -> Result<(), Invalid> {
        // 9:00 in Berlin in May is 07:00 UTC.
        let until_exact = pattern(at(2026, 5, 7, 9), "FREQ=WEEKLY;UNTIL=20260521T070000Z")?;
        let until_before = pattern(at(2026, 5, 7, 9), "FREQ=WEEKLY;UNTIL=20260521T065959Z")?;
        assert_eq!(until_exact.occurrence_count(), Some(3));
        assert_eq!(until_before.occurrence_count(), Some(2));
        Ok(())
    }

    #[test]
    fn window_is_half_open_and_far_windows_are_exact() -> Result<(), Invalid> {
        let weekly = pattern(at(2016, 5, 5, 9), "FREQ=WEEKLY;BYDAY=TU,TH")?;
        let from = resolve_local(Berlin, at(2026, 5, 7, 9));
        let to = resolve_local(Berlin, at(2026, 5, 14, 9));
        let found = weekly.occurrences_between(from, to);
        assert_eq!(
            found.iter().map(|o| o.local).collect::<Vec<_>>(),
            vec![at(2026, 5, 7, 9), at(2026, 5, 12, 9)]
        );
        let walked = weekly.occurrences_from(weekly.first_start()).find(|o| o.start >= from);
        assert_eq!(found.first().copied(), walked);
        assert!(weekly.occurrences_between(to, from).is_empty());
        Ok(())
    }
}
