//! One series as a recurring event: the rule, EXDATE for what does not take place and an
//! override for what takes place otherwise, reconciled with the booking rows where they exist
//! (see the parent module).

use super::{Event, FeedBooking, FeedSeries, Recurrence, When, uid};
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
    let all_gone = pattern
        .occurrence_count()
        .is_some_and(|count| exdates.len() >= count as usize);
    if all_gone {
        return (Vec::new(), accounted);
    }
    let master = Event {
        uid: uid(entry.id),
        stamp: entry.updated_at,
        summary,
        location,
        when: When::Zoned {
            zone,
            local: pattern.first_local(),
            duration,
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

/// Wall-clock time in the zone when it names `start` unambiguously (a calendar reads a
/// repeated local time as its first instance), else UTC.
fn zoned_or_utc(zone: Tz, local: NaiveDateTime, start: DateTime<Utc>, end: DateTime<Utc>) -> When {
    if resolve_local(zone, local) == start && (start + offset_at(zone, start)).naive_utc() == local {
        When::Zoned {
            zone,
            local,
            duration: end - start,
        }
    } else {
        When::Utc { start, end }
    }
}
