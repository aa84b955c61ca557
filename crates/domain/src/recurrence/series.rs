//! A booking series as the calendar sees it: a pattern, the length of each booking, and the
//! exceptions (single occurrences cancelled or moved) that later edits of the series keep.

use super::{Occurrence, SeriesPattern, resolve_local};
use crate::{Invalid, SessionLength};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use std::collections::BTreeMap;

/// What happened to a single occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExceptionKind {
    /// The occurrence does not take place.
    Cancelled,
    /// The occurrence takes place at another wall-clock start, and for another length if given.
    Moved {
        local: NaiveDateTime,
        duration: Option<TimeDelta>,
    },
}

/// A change to one occurrence, keyed by the occurrence's rule-given wall-clock start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exception {
    pub recurrence_id: NaiveDateTime,
    pub kind: ExceptionKind,
}

/// Where an occurrence stands once exceptions are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OccurrenceState {
    Scheduled,
    Moved,
    Cancelled,
}

/// An occurrence with the series' exceptions applied: what a booking row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlannedOccurrence {
    /// 0-based position in the series.
    pub index: u32,
    /// The rule-given wall-clock start, which identifies the occurrence for good.
    pub recurrence_id: NaiveDateTime,
    /// The wall-clock start as planned (differs from `recurrence_id` when moved).
    pub local: NaiveDateTime,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub state: OccurrenceState,
}

/// A booking series: pattern, booking length and exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pattern: SeriesPattern,
    duration: TimeDelta,
    exceptions: BTreeMap<NaiveDateTime, ExceptionKind>,
}

impl Series {
    /// A series without exceptions; `duration` is a [`SessionLength`].
    pub fn new(pattern: SeriesPattern, duration: TimeDelta) -> Result<Self, Invalid> {
        SessionLength::from_delta(duration)?;
        Ok(Self {
            pattern,
            duration,
            exceptions: BTreeMap::new(),
        })
    }

    /// A series as stored: its exceptions must name occurrences of the pattern.
    pub fn with_exceptions(
        pattern: SeriesPattern,
        duration: TimeDelta,
        exceptions: impl IntoIterator<Item = Exception>,
    ) -> Result<Self, Invalid> {
        let mut series = Self::new(pattern, duration)?;
        for exception in exceptions {
            series = series.with_exception(exception)?;
        }
        Ok(series)
    }

    pub fn pattern(&self) -> &SeriesPattern {
        &self.pattern
    }

    pub fn duration(&self) -> TimeDelta {
        self.duration
    }

    /// The exceptions, in order of the occurrences they change.
    pub fn exceptions(&self) -> impl Iterator<Item = Exception> + '_ {
        self.exceptions.iter().map(|(recurrence_id, kind)| Exception {
            recurrence_id: *recurrence_id,
            kind: *kind,
        })
    }

    pub fn exception(&self, recurrence_id: NaiveDateTime) -> Option<ExceptionKind> {
        self.exceptions.get(&recurrence_id).copied()
    }

    /// This series with `exception` recorded (replacing an earlier one for the same occurrence).
    pub fn with_exception(&self, exception: Exception) -> Result<Self, Invalid> {
        if self.pattern.occurrence(exception.recurrence_id).is_none() {
            return Err(Invalid::new(format!(
                "{} is not an occurrence of the series",
                exception.recurrence_id
            )));
        }
        if let ExceptionKind::Moved {
            duration: Some(duration),
            ..
        } = exception.kind
        {
            SessionLength::from_delta(duration)?;
        }
        let mut series = self.clone();
        series.exceptions.insert(exception.recurrence_id, exception.kind);
        Ok(series)
    }

    /// The occurrence `recurrence_id` with its exception applied, if the series has it.
    pub fn occurrence(&self, recurrence_id: NaiveDateTime) -> Option<PlannedOccurrence> {
        self.pattern
            .occurrence(recurrence_id)
            .map(|occurrence| self.plan(occurrence))
    }

    /// Occurrences whose rule-given start lies in `[from, to)`, exceptions applied; cancelled ones
    /// are included (so that their booking rows can say so). A moved occurrence is listed where
    /// its rule-given start falls, wherever it was moved to.
    pub fn occurrences_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<PlannedOccurrence> {
        self.pattern
            .occurrences_between(from, to)
            .into_iter()
            .map(|occurrence| self.plan(occurrence))
            .collect()
    }

    /// The rest of the crate builds edited series from parts already checked.
    pub(super) fn from_parts(
        pattern: SeriesPattern,
        duration: TimeDelta,
        exceptions: BTreeMap<NaiveDateTime, ExceptionKind>,
    ) -> Self {
        Self {
            pattern,
            duration,
            exceptions,
        }
    }

    pub(super) fn exception_map(&self) -> &BTreeMap<NaiveDateTime, ExceptionKind> {
        &self.exceptions
    }

    fn plan(&self, occurrence: Occurrence) -> PlannedOccurrence {
        let (local, duration, state) = match self.exceptions.get(&occurrence.local) {
            None => (occurrence.local, self.duration, OccurrenceState::Scheduled),
            Some(ExceptionKind::Cancelled) => (occurrence.local, self.duration, OccurrenceState::Cancelled),
            Some(ExceptionKind::Moved { local, duration }) => {
                (*local, duration.unwrap_or(self.duration), OccurrenceState::Moved)
            }
        };
        let start = if local == occurrence.local {
            occurrence.start
        } else {
            resolve_local(self.pattern.zone(), local)
        };
        PlannedOccurrence {
            index: occurrence.index,
            recurrence_id: occurrence.local,
            local,
            start,
            end: start + duration,
            state,
        }
    }
}
