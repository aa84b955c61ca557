//! Edits of a series, following calendar conventions, as pure functions that return new values:
//! change or cancel one occurrence, change this and following (the series splits), change all
//! future occurrences, end the series. None of them rewrites an occurrence that started before
//! `now`.

use super::{Exception, ExceptionKind, RecurrenceRule, RuleEnd, Series, SeriesPattern};
use crate::Invalid;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use std::collections::BTreeMap;

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} is not an occurrence of the series")]
    NotAnOccurrence(NaiveDateTime),
    #[error("the occurrence at {0} has already started and cannot be changed")]
    Past(NaiveDateTime),
    #[error("the series has no occurrence left to change")]
    NoFutureOccurrence,
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

/// A series cut at an occurrence ("this and following").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The occurrences before the cut, ending one second before the cut occurrence starts;
    /// `None` when the cut is at the first occurrence.
    pub before: Option<Series>,
    /// The cut occurrence and those after it, as a series of its own; with `COUNT`, the count
    /// is what remained. It holds the exceptions from the cut on.
    pub from: Series,
}

/// What "change this and following" changes; `None` keeps the value of the split-off series.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesChange {
    /// The new wall-clock start of the first changed occurrence (a new time of day, or a new day).
    pub first_local: Option<NaiveDateTime>,
    /// The new rule; its `COUNT` counts from the first changed occurrence.
    pub rule: Option<RecurrenceRule>,
    pub duration: Option<TimeDelta>,
}

/// The result of changing a series from an occurrence on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The unchanged occurrences before, as in [`Split::before`].
    pub before: Option<Series>,
    /// The changed series; it links back to `before` (or replaces the series when `None`).
    pub from: Series,
    /// Exceptions with no occurrence on their day in the changed series. A moved occurrence
    /// here is still a booking the client agreed to; the caller keeps it outside the series.
    pub detached: Vec<Exception>,
}

/// The result of ending a series at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// The series holding the occurrences that start before the instant; `None` when none do.
    pub kept: Option<Series>,
    /// Exceptions of the occurrences that were cut off.
    pub dropped: Vec<Exception>,
}

impl Series {
    /// Cancels one occurrence that has not started yet.
    pub fn cancel_one(&self, recurrence_id: NaiveDateTime, now: DateTime<Utc>) -> Result<Self, EditError> {
        self.future_occurrence(recurrence_id, now)?;
        Ok(self.with_exception(Exception {
            recurrence_id,
            kind: ExceptionKind::Cancelled,
        })?)
    }

    /// Moves one occurrence that has not started yet to another wall-clock start (and length).
    pub fn move_one(
        &self,
        recurrence_id: NaiveDateTime,
        local: NaiveDateTime,
        duration: Option<TimeDelta>,
        now: DateTime<Utc>,
    ) -> Result<Self, EditError> {
        self.future_occurrence(recurrence_id, now)?;
        let kind = if local == recurrence_id && duration.is_none_or(|d| d == self.duration()) {
            None
        } else {
            Some(ExceptionKind::Moved { local, duration })
        };
        match kind {
            Some(kind) => Ok(self.with_exception(Exception { recurrence_id, kind })?),
            None => {
                let mut exceptions = self.exception_map().clone();
                exceptions.remove(&recurrence_id);
                Ok(Self::from_parts(self.pattern().clone(), self.duration(), exceptions))
            }
        }
    }

    /// Cuts the series at occurrence `recurrence_id`: `before` ends one second before it starts
    /// (not at the end of its day), `from` starts at it with the same rule.
    pub fn split_at(&self, recurrence_id: NaiveDateTime) -> Result<Split, EditError> {
        let pattern = self.pattern();
        let cut = pattern
            .occurrence(recurrence_id)
            .ok_or(EditError::NotAnOccurrence(recurrence_id))?;
        let mut later = self.exception_map().clone();
        let earlier = {
            let mut earlier = later.split_off(&recurrence_id);
            std::mem::swap(&mut earlier, &mut later);
            earlier
        };
        let before = if cut.index == 0 {
            None
        } else {
            let rule = pattern
                .rule()
                .with_end(RuleEnd::Until(cut.start - TimeDelta::seconds(1)))?;
            let before = SeriesPattern::new(pattern.first_local(), pattern.zone(), rule)?;
            Some(Self::from_parts(before, self.duration(), earlier))
        };
        let remaining_end = match pattern.rule().end() {
            RuleEnd::Count(count) => RuleEnd::Count(count - cut.index),
            other => other,
        };
        let rule = pattern.rule().with_end(remaining_end)?;
        let from = SeriesPattern::new(recurrence_id, pattern.zone(), rule)?;
        Ok(Split {
            before,
            from: Self::from_parts(from, self.duration(), later),
        })
    }

    /// "This and following": splits at `recurrence_id` (which must not have started) and applies
    /// `change` to the second part. Exceptions follow their occurrence to the same day in the
    /// changed series; those whose day it no longer has come back as `detached`.
    pub fn change_from(
        &self,
        recurrence_id: NaiveDateTime,
        change: &SeriesChange,
        now: DateTime<Utc>,
    ) -> Result<Changed, EditError> {
        self.future_occurrence(recurrence_id, now)?;
        let Split { before, from } = self.split_at(recurrence_id)?;
        let old = from.pattern();
        let first_local = change.first_local.unwrap_or(old.first_local());
        let rule = change.rule.clone().unwrap_or_else(|| old.rule().clone());
        // A new first day or weekday list with the old weekdays would be refused; a rule left
        // as it was but moved to another weekday follows the move.
        let rule = if change.rule.is_none() && first_local.date() != old.first_local().date() {
            moved_rule(&rule, old.first_local(), first_local)?
        } else {
            rule
        };
        let pattern = SeriesPattern::new(first_local, old.zone(), rule)?;
        if pattern.first_start() < now {
            return Err(EditError::Past(first_local));
        }
        let duration = change.duration.unwrap_or(from.duration());
        let mut kept = BTreeMap::new();
        let mut detached = Vec::new();
        for exception in from.exceptions() {
            let same_day = pattern.first_local().time();
            match pattern.occurrence(exception.recurrence_id.date().and_time(same_day)) {
                Some(target) => {
                    kept.insert(target.local, exception.kind);
                }
                None => detached.push(exception),
            }
        }
        let from = Self::with_exceptions(
            pattern,
            duration,
            kept.into_iter()
                .map(|(recurrence_id, kind)| Exception { recurrence_id, kind }),
        )?;
        Ok(Changed { before, from, detached })
    }

    /// "All future": [`Self::change_from`] the first occurrence that has not started by `now`.
    pub fn change_all_future(&self, change: &SeriesChange, now: DateTime<Utc>) -> Result<Changed, EditError> {
        let next = self
            .pattern()
            .first_at_or_after(now)
            .ok_or(EditError::NoFutureOccurrence)?;
        self.change_from(next.local, change, now)
    }

    /// Ends the series at `instant`: the occurrences starting before it stay, exactly those
    /// starting at or after it go (their booking rows are cancelled by the caller).
    pub fn end_at(&self, instant: DateTime<Utc>) -> Result<Ended, EditError> {
        let pattern = self.pattern();
        let Some(first_cut) = pattern.first_at_or_after(instant) else {
            return Ok(Ended {
                kept: Some(self.clone()),
                dropped: Vec::new(),
            });
        };
        let split = self.split_at(first_cut.local)?;
        Ok(Ended {
            kept: split.before,
            dropped: split.from.exceptions().collect(),
        })
    }

    fn future_occurrence(&self, recurrence_id: NaiveDateTime, now: DateTime<Utc>) -> Result<(), EditError> {
        let occurrence = self
            .pattern()
            .occurrence(recurrence_id)
            .ok_or(EditError::NotAnOccurrence(recurrence_id))?;
        if occurrence.start < now {
            return Err(EditError::Past(recurrence_id));
        }
        Ok(())
    }
}

/// The rule with the old first weekday replaced by the new one, when a change moves the first
/// occurrence to another day without giving a rule.
fn moved_rule(rule: &RecurrenceRule, old: NaiveDateTime, new: NaiveDateTime) -> Result<RecurrenceRule, Invalid> {
    use chrono::Datelike;
    let (old_day, new_day) = (old.weekday(), new.weekday());
    if rule.weekdays().contains(&new_day) {
        return Ok(rule.clone());
    }
    let days: Vec<_> = rule
        .weekdays()
        .iter()
        .map(|day| if *day == old_day { new_day } else { *day })
        .collect();
    rule.with_weekdays(&days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recurrence::OccurrenceState;
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::America::New_York;

    fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .and_then(|date| date.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    /// Tuesdays and Thursdays at 10:00 in New York from 3 March 2026, ten times; "now" is 1 March.
    fn series() -> Result<(Series, DateTime<Utc>), EditError> {
        let rule = RecurrenceRule::parse("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10")?;
        let pattern = SeriesPattern::new(at(3, 3, 10), New_York, rule)?;
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single().unwrap_or_default();
        Ok((Series::new(pattern, TimeDelta::minutes(60))?, now))
    }

    #[test]
    fn moving_one_occurrence_and_back() -> Result<(), EditError> {
        let (series, now) = series()?;
        let moved = series.move_one(at(3, 10, 10), at(3, 11, 8), Some(TimeDelta::minutes(90)), now)?;
        let occurrence = moved.occurrence(at(3, 10, 10));
        assert_eq!(occurrence.map(|o| o.state), Some(OccurrenceState::Moved));
        // 08:00 EDT on 11 March, for 90 minutes.
        let start = Utc.with_ymd_and_hms(2026, 3, 11, 12, 0, 0).single();
        assert_eq!(
            occurrence.map(|o| (Some(o.start), o.end - o.start)),
            Some((start, TimeDelta::minutes(90)))
        );
        let back = moved.move_one(at(3, 10, 10), at(3, 10, 10), None, now)?;
        assert_eq!(back, series);
        Ok(())
    }

    #[test]
    fn changing_the_weekday_detaches_exceptions_on_days_that_go() -> Result<(), EditError> {
        let (series, now) = series()?;
        let series = series.cancel_one(at(3, 17, 10), now)?.cancel_one(at(3, 19, 10), now)?;
        // From Tuesday 17 March on: Wednesdays and Thursdays at 11:00.
        let change = SeriesChange {
            first_local: Some(at(3, 18, 11)),
            ..SeriesChange::default()
        };
        let changed = series.change_from(at(3, 17, 10), &change, now)?;
        assert_eq!(
            changed.from.pattern().rule().to_rrule_string(),
            "FREQ=WEEKLY;BYDAY=WE,TH;COUNT=6"
        );
        assert_eq!(
            changed.from.exceptions().collect::<Vec<_>>(),
            vec![Exception {
                recurrence_id: at(3, 19, 11),
                kind: ExceptionKind::Cancelled
            }]
        );
        assert_eq!(
            changed.detached.iter().map(|e| e.recurrence_id).collect::<Vec<_>>(),
            vec![at(3, 17, 10)]
        );
        assert_eq!(changed.before.and_then(|b| b.pattern().occurrence_count()), Some(4));
        Ok(())
    }

    #[test]
    fn ending_before_the_first_start_keeps_nothing() -> Result<(), EditError> {
        let (series, now) = series()?;
        let series = series.cancel_one(at(3, 5, 10), now)?;
        let ended = series.end_at(now)?;
        assert_eq!(ended.kept, None);
        assert_eq!(ended.dropped.len(), 1);
        let untouched = series.end_at(now + TimeDelta::days(365))?;
        assert_eq!(untouched.kept, Some(series));
        Ok(())
    }
}
