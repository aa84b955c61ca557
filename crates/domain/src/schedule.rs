//! A therapist's week and the free slots in it: working hours as a weekly template in the
//! practice's zone, time off, and availability = working hours − time off − bookings (with
//! their buffers). Local times become instants by [`resolve_local`], the one rule the whole
//! product uses across daylight-saving changes.

use crate::Invalid;
use crate::recurrence::resolve_local;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

/// A half-open span of time `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Span {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One working interval of a weekday, in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkInterval {
    pub weekday: Weekday,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

/// A therapist's weekly template: any number of intervals a day, none overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeeklyHours(Vec<WorkInterval>);

impl WeeklyHours {
    /// Checks every interval; on failure, the index of the first bad one and why.
    pub fn new(mut intervals: Vec<WorkInterval>) -> Result<Self, (usize, Invalid)> {
        for (i, interval) in intervals.iter().enumerate() {
            if interval.starts >= interval.ends {
                return Err((i, Invalid::new("must end after it starts")));
            }
        }
        for (i, a) in intervals.iter().enumerate() {
            let clash = intervals[..i]
                .iter()
                .any(|b| a.weekday == b.weekday && a.starts < b.ends && b.starts < a.ends);
            if clash {
                return Err((i, Invalid::new("overlaps another interval of the same day")));
            }
        }
        intervals.sort_by_key(|w| (w.weekday.number_from_monday(), w.starts));
        Ok(Self(intervals))
    }

    pub fn intervals(&self) -> &[WorkInterval] {
        &self.0
    }

    /// The working spans of every local day that touches `[from, to)`, in order.
    pub fn spans(&self, zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Span> {
        let first = from.with_timezone(&zone).date_naive() - TimeDelta::days(1);
        let last = to.with_timezone(&zone).date_naive() + TimeDelta::days(1);
        let mut spans = Vec::new();
        let mut day = first;
        while day <= last {
            spans.extend(self.day_spans(zone, day).filter(|s| s.end > from && s.start < to));
            day += TimeDelta::days(1);
        }
        spans
    }

    fn day_spans(&self, zone: Tz, day: NaiveDate) -> impl Iterator<Item = Span> + '_ {
        let weekday = day.weekday();
        self.0.iter().filter(move |w| w.weekday == weekday).map(move |w| {
            Span::new(
                resolve_local(zone, day.and_time(w.starts)),
                resolve_local(zone, day.and_time(w.ends)),
            )
        })
    }

    /// Whether `session` lies inside one working interval.
    pub fn covers(&self, zone: Tz, session: &Span) -> bool {
        self.spans(zone, session.start, session.end)
            .iter()
            .any(|span| span.contains(session))
    }
}

/// What availability is computed from. `busy` holds other bookings' spans including their
/// buffers; `time_off` the therapist's absences.
#[derive(Debug, Clone)]
pub struct AvailabilityQuery<'a> {
    pub zone: Tz,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// No slot starts before this (now).
    pub not_before: DateTime<Utc>,
    pub hours: &'a WeeklyHours,
    pub time_off: &'a [Span],
    /// Local dates the practice is closed: nothing is offered on them.
    pub closed_days: &'a [NaiveDate],
    pub busy: &'a [Span],
    pub duration: TimeDelta,
    pub buffer: TimeDelta,
    /// Slots start on this grid, counted from the start of each working interval.
    pub step: TimeDelta,
}

/// The sessions that could be booked: each starts in `[from, to)` on the step grid, lies in a
/// working interval, does not touch time off, and with its buffer after it does not touch
/// another booking (whose buffer counts too): exactly what the database's exclusion
/// constraint would accept. No session touches a closed day. The buffer may run past the end
/// of the day or into time off.
pub fn free_slots(query: &AvailabilityQuery<'_>) -> Vec<Span> {
    let step = query.step.max(TimeDelta::minutes(1));
    let mut unavailable = query.time_off.to_vec();
    unavailable.extend(crate::closed_days::spans(query.zone, query.closed_days));
    let time_off = merged(&unavailable);
    let busy = merged(query.busy);
    let mut slots = Vec::new();
    for work in query.hours.spans(query.zone, query.from, query.to) {
        let mut start = work.start;
        while start + query.duration <= work.end && start < query.to {
            let session = Span::new(start, start + query.duration);
            let occupied = Span::new(start, session.end + query.buffer);
            let blocker = first_overlap(&time_off, &session).or_else(|| first_overlap(&busy, &occupied));
            match blocker {
                Some(block) => start = next_on_grid(work.start, block.end, step),
                None => {
                    if start >= query.from && start >= query.not_before {
                        slots.push(session);
                    }
                    start += step;
                }
            }
        }
    }
    slots
}

/// The first grid point (from `origin`, every `step`) at or after `at`.
fn next_on_grid(origin: DateTime<Utc>, at: DateTime<Utc>, step: TimeDelta) -> DateTime<Utc> {
    let step_s = step.num_seconds().max(1);
    let offset = (at - origin).num_seconds().max(0);
    origin + TimeDelta::seconds((offset + step_s - 1) / step_s * step_s)
}

/// Sorted, disjoint spans covering the same time.
fn merged(spans: &[Span]) -> Vec<Span> {
    let mut sorted = spans.to_vec();
    sorted.sort();
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// The first of sorted, disjoint `spans` that overlaps `target` (binary search).
fn first_overlap(spans: &[Span], target: &Span) -> Option<Span> {
    let i = spans.partition_point(|s| s.end <= target.start);
    spans.get(i).filter(|s| s.start < target.end).copied()
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
