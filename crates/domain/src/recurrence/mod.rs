//! Recurring bookings: RFC 5545 weekly rules, their occurrences in a practice's time zone, and
//! the calendar edits of a series (one occurrence, this and following, all future, end).
//!
//! # Wall-clock time and daylight saving
//!
//! A series repeats a *wall-clock* time: a 10:00 weekly booking is at 10:00 local time in
//! March and in November, so its UTC instant moves when the clocks change. Each occurrence is
//! identified by its rule-given local date-time (the iCalendar RECURRENCE-ID), and every local
//! date-time becomes an instant through [`resolve_local`], the one rule used everywhere:
//!
//! - a local time that **does not exist** (clocks spring forward over it) moves forward by the
//!   length of the gap: 02:30 on 8 March 2026 in New York is 03:30 EDT (07:30 UTC);
//! - a local time that **exists twice** (clocks fall back over it) takes the **earlier**
//!   instant: 01:30 on 1 November 2026 in New York is 01:30 EDT (05:30 UTC), not EST.
//!
//! The occurrence keeps its rule-given local time as its id, so the next week it is 02:30 (or
//! the second-hour 01:30) again. `UNTIL` is compared with the resolved instant, inclusive.
//!
//! # Parsing and expansion
//!
//! Rule text is parsed by the `rrule` crate (RFC 5545 grammar: property names, `BYDAY` lists,
//! `UNTIL` date-times) and then narrowed to what a practice schedules: `FREQ=WEEKLY`,
//! `INTERVAL` 1–4, plain `BYDAY` weekdays, optional `WKST`, and at most one of `COUNT` and a UTC
//! `UNTIL`. Expansion does not use that crate's iterator: it walks from DTSTART (so a series
//! started ten years ago costs ten times more to expand over the next year), and it drops an
//! occurrence whose time falls in a gap on a day whose midnight is skipped too (Havana springs
//! forward at midnight). For a weekly rule the occurrences form a grid of weeks and
//! weekdays, so [`SeriesPattern`] finds occurrence `k`, and the first occurrence after any
//! instant, by arithmetic (see `pattern.rs`), then resolves each with [`resolve_local`]. The
//! tests check this expansion against the `rrule` crate's own iterator.
//!
//! # Edits
//!
//! Edits are pure functions on [`Series`] that return new values (see [`EditError`] for what
//! they refuse). Splitting ("this and following") ends the first part one second before the
//! cut occurrence starts, so the cut day is neither lost nor doubled; the second part starts at
//! the cut occurrence, restarts its indexes at 0, keeps the rule (with `COUNT` reduced by the
//! occurrences before the cut) and takes the exceptions from the cut on.

mod booking;
mod edit;
mod local_time;
mod pattern;
mod rule;
mod series;

pub use booking::{HORIZON, OnConflict, RowFate, horizon_end, refused_as_empty, row_fate, to_book};
pub use edit::{Changed, EditError, Ended, SeriesChange, Split};
pub use local_time::resolve_local;
pub use pattern::{Occurrence, SeriesPattern};
pub use rule::{MAX_COUNT, RecurrenceRule, RuleEnd};
pub use series::{Exception, ExceptionKind, OccurrenceState, PlannedOccurrence, Series};
