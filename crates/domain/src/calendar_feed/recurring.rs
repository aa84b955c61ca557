//! One series as a recurring event: the rule, EXDATE for what does not take place and an
//! override for what takes place otherwise, reconciled with the booking rows where they exist
//! (see the parent module).
//!
//! # DTEND, not DURATION, and what that means across clock changes
//!
//! The master event has DTSTART and DTEND in the series' zone: the first occurrence's
//! wall-clock start and end. RFC 5545 gives the two forms different meanings for the other
//! occurrences (section 3.8.5.3): with DURATION each one gets the same *nominal* length, so
//! its exact length depends on its start, while with DTEND each gets the same *exact* length,
//! DTEND − DTSTART in exact time (section 3.8.2.2: DTEND is the end of the first instance).
//! Every occurrence of ours lasts exactly the series' length, so DTEND is the form that says
//! what we mean. Common expanders, though (Python's recurring_ical_events among them), add
//! DTEND − DTSTART to each start in wall-clock time, so an occurrence whose wall-clock start
//! plus the length does not name its real end would come out wrong with them: one at a local
//! time that exists twice (120 minutes long), one at a skipped local time (0 minutes), or one
//! that spans a clock change. Each such occurrence gets an override with UTC times, which
//! every reader takes as written (checked from the feed's window start to [`ZONE_AHEAD`]
//! past now, as far as the VTIMEZONE goes). When the first occurrence is one of them, the
//! master's DTEND is written in UTC instead (allowed beside a DTSTART with TZID), which keeps
//! DTEND − DTSTART the exact length for both kinds of reader.

use super::{Event, FeedBooking, FeedSeries, HISTORY, Recurrence, When, ZONE_AHEAD, ZonedEnd, uid};
use crate::recurrence::{ExceptionKind, resolve_local};
use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// The events of one series and the ids of the rows they account for; none when every
/// occurrence is gone. `rows`: the therapist's live rows of this series, by RECURRENCE-ID.
pub(super) fn series_events(
    entry: &FeedSeries,
    window_start: DateTime<Utc>,
    rows: &HashMap<NaiveDateTime, &FeedBooking>,
) -> (Vec<Event>, Vec<Uuid>) {
    let pattern = entry.series.pattern();
    let (zone, duration) = (pattern.zone(), entry.series.duration());
    let summary = entry.labels.for_therapist();
    let location = entry.labels.location();
    // A series over before the window shows nothing; a row of it moved into the window is an
    // event of its own.
    let last_end = pattern.last().and_then(|last| {
        entry
            .series
            .exceptions()
            .filter_map(|e| entry.series.occurrence(e.recurrence_id))
            .map(|planned| planned.end)
            .chain([last.start + duration])
            .max()
    });
    if last_end.is_some_and(|end| end <= window_start) {
        return (Vec::new(), Vec::new());
    }
    let override_event = |recurrence_id, when, stamp, summary, location| Event {
        uid: uid(entry.id),
        stamp,
        summary,
        location,
        when,
        recurrence: None,
        recurrence_id: Some((zone, recurrence_id)),
    };
    let mut exdates = BTreeSet::new();
    let mut overrides: BTreeMap<NaiveDateTime, Event> = BTreeMap::new();
    // The series' own record first: cancelled and skipped occurrences, moved ones.
    for exception in entry.series.exceptions() {
        let Some(planned) = entry.series.occurrence(exception.recurrence_id) else {
            continue;
        };
        match exception.kind {
            ExceptionKind::Cancelled => {
                exdates.insert(exception.recurrence_id);
            }
            ExceptionKind::Moved { local, .. } => {
                let when = zoned_or_utc(zone, local, planned.start, planned.end);
                let event = override_event(
                    exception.recurrence_id,
                    when,
                    entry.updated_at,
                    summary.clone(),
                    location.clone(),
                );
                overrides.insert(exception.recurrence_id, event);
            }
        }
    }
    // Then the rows, wherever they exist: a row as the rule has it needs nothing, any other
    // is an override.
    let mut accounted = Vec::new();
    for (recurrence_id, row) in rows {
        let Some(occurrence) = pattern.occurrence(*recurrence_id) else {
            continue;
        };
        accounted.push(row.id);
        exdates.remove(recurrence_id);
        let (row_summary, row_location) = (row.labels.for_therapist(), row.labels.location());
        let as_ruled = row.start == occurrence.start
            && row.end == occurrence.start + duration
            && row_summary == summary
            && row_location == location;
        if as_ruled {
            overrides.remove(recurrence_id);
        } else {
            let local = (row.start + offset_at(zone, row.start)).naive_utc();
            let when = zoned_or_utc(zone, local, row.start, row.end);
            let event = override_event(*recurrence_id, when, row.updated_at, row_summary, row_location);
            overrides.insert(*recurrence_id, event);
        }
    }
    // Where rows are materialised, an occurrence without one does not take place.
    for occurrence in pattern.occurrences_between(window_start, entry.materialised_until) {
        if !rows.contains_key(&occurrence.local) {
            overrides.remove(&occurrence.local);
            exdates.insert(occurrence.local);
        }
    }
    // Occurrences a wall-clock reader would get wrong are written out in UTC.
    let horizon = entry.materialised_until.max(window_start + HISTORY + ZONE_AHEAD);
    for occurrence in pattern.occurrences_between(window_start, horizon) {
        let (rid, end) = (occurrence.local, occurrence.start + duration);
        let taken = exdates.contains(&rid) || overrides.contains_key(&rid);
        if !taken && resolve_local(zone, rid + duration) != end {
            let when = When::Utc {
                start: occurrence.start,
                end,
            };
            let event = override_event(rid, when, entry.updated_at, summary.clone(), location.clone());
            overrides.insert(rid, event);
        }
    }
    let all_gone = pattern
        .occurrence_count()
        .is_some_and(|count| exdates.len() >= count as usize);
    if all_gone {
        return (Vec::new(), accounted);
    }
    let first_start = resolve_local(zone, pattern.first_local());
    let master = Event {
        uid: uid(entry.id),
        stamp: entry.updated_at,
        summary,
        location,
        when: When::Zoned {
            zone,
            local: pattern.first_local(),
            end: match wall_clock_end(zone, pattern.first_local(), first_start, first_start + duration) {
                Some(local) => ZonedEnd::Local(local),
                None => ZonedEnd::Utc(first_start + duration),
            },
        },
        recurrence: Some(Recurrence {
            rule: pattern.rule().to_rrule_string(),
            exdates: exdates.into_iter().collect(),
        }),
        recurrence_id: None,
    };
    let mut events = vec![master];
    events.extend(overrides.into_values());
    (events, accounted)
}

fn offset_at(zone: Tz, at: DateTime<Utc>) -> TimeDelta {
    let seconds = zone.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc();
    TimeDelta::seconds(i64::from(seconds))
}

/// The wall-clock end of `[start, end)` starting at wall-clock `local`, when the span reads
/// the same to every calendar: `local` names `start` (a calendar reads a repeated local time as
/// its first instance and a skipped one as shifted forward, as `resolve_local` does), the
/// wall-clock end names `end` the same way, and the wall-clock difference is the exact one (so
/// adding the length in wall-clock or in exact time agrees). `None` otherwise.
pub(super) fn wall_clock_end(
    zone: Tz,
    local: NaiveDateTime,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Option<NaiveDateTime> {
    let end_local = (end + offset_at(zone, end)).naive_utc();
    let reads_right = resolve_local(zone, local) == start
        && local + (end - start) == end_local
        && resolve_local(zone, end_local) == end;
    reads_right.then_some(end_local)
}

/// Wall-clock times in the zone when the span reads the same to every calendar, else UTC.
fn zoned_or_utc(zone: Tz, local: NaiveDateTime, start: DateTime<Utc>, end: DateTime<Utc>) -> When {
    match wall_clock_end(zone, local, start, end) {
        Some(end_local) => When::Zoned {
            zone,
            local,
            end: ZonedEnd::Local(end_local),
        },
        None => When::Utc { start, end },
    }
}
