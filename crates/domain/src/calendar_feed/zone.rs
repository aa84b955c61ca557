//! A time zone's offsets over a span, as the observances of an iCalendar VTIMEZONE (RFC 5545
//! section 3.6.5): one per actual transition, read from the time zone database, with no
//! recurrence rules to get wrong. Calendar programs map well-known TZIDs to their own
//! database; the observances are for those that do not, and for RFC 5545, which requires a
//! VTIMEZONE for every TZID used.

use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// How far apart the offset is sampled when looking for transitions. The database has no two
/// transitions of one zone this close together in the years a practice books.
const STEP: TimeDelta = TimeDelta::hours(6);

/// How far before the span the search for the observance in force at its start goes.
const LOOK_BACK: TimeDelta = TimeDelta::days(366);

/// One STANDARD or DAYLIGHT sub-component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observance {
    /// DAYLIGHT (summer time) rather than STANDARD.
    pub daylight: bool,
    /// DTSTART: the local time of the onset, read with the offset in force before it.
    pub onset: NaiveDateTime,
    /// TZOFFSETFROM, in seconds east of UTC.
    pub offset_from: i32,
    /// TZOFFSETTO, in seconds east of UTC.
    pub offset_to: i32,
    /// TZNAME, e.g. `EDT`, when the database has a name rather than a bare offset.
    pub name: Option<String>,
}

/// The observances of one zone that cover a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRules {
    pub zone: Tz,
    pub observances: Vec<Observance>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Offsets {
    total: i32,
    daylight: bool,
}

fn offsets_at(zone: Tz, at: DateTime<Utc>) -> Offsets {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    Offsets {
        total: offset.fix().local_minus_utc(),
        daylight: offset.dst_offset() != TimeDelta::zero(),
    }
}

fn name_at(zone: Tz, at: DateTime<Utc>) -> Option<String> {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    // The database writes "+03" where a zone has no abbreviation; that says nothing TZOFFSETTO does not.
    offset
        .abbreviation()
        .filter(|name| name.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(str::to_owned)
}

/// The first whole second after `before` (whose offset differs from `after`'s) with `after`'s
/// offset. Transitions fall on whole seconds.
fn transition_between(zone: Tz, before: DateTime<Utc>, after: DateTime<Utc>) -> DateTime<Utc> {
    let old = offsets_at(zone, before);
    let at = |seconds: i64| DateTime::from_timestamp(seconds, 0).unwrap_or(after);
    let (mut low, mut high) = (before.timestamp(), after.timestamp());
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if offsets_at(zone, at(middle)) == old {
            low = middle;
        } else {
            high = middle;
        }
    }
    at(high)
}

fn observance(zone: Tz, at: DateTime<Utc>, offset_from: i32) -> Observance {
    let now = offsets_at(zone, at);
    Observance {
        daylight: now.daylight,
        onset: (at + TimeDelta::seconds(i64::from(offset_from))).naive_utc(),
        offset_from,
        offset_to: now.total,
        name: name_at(zone, at),
    }
}

/// The observance in force at `from` and one for every transition up to `to`.
pub fn zone_rules(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> ZoneRules {
    let start = from - LOOK_BACK;
    let mut transitions = Vec::new();
    let (mut at, mut offsets) = (start, offsets_at(zone, start));
    while at < to {
        let next = (at + STEP).min(to);
        let next_offsets = offsets_at(zone, next);
        if next_offsets != offsets {
            transitions.push((transition_between(zone, at, next), offsets.total));
        }
        (at, offsets) = (next, next_offsets);
    }
    let in_force = transitions.iter().rposition(|(instant, _)| *instant <= from);
    let mut observances = Vec::new();
    if in_force.is_none() {
        // No change in the year before the span: the offset then has held since.
        let offset = offsets_at(zone, start).total;
        observances.push(observance(zone, start, offset));
    }
    let first = in_force.unwrap_or(0);
    observances.extend(
        transitions
            .get(first..)
            .unwrap_or_default()
            .iter()
            .map(|(instant, offset_from)| observance(zone, *instant, *offset_from)),
    );
    ZoneRules { zone, observances }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::{America, Asia, Australia};

    fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    fn local(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
    }

    #[test]
    fn new_york_across_a_year_and_a_half() {
        let rules = zone_rules(America::New_York, utc(2026, 10, 1), utc(2027, 12, 31));
        let seen: Vec<_> = rules
            .observances
            .iter()
            .map(|o| (o.daylight, o.onset, o.offset_from, o.offset_to, o.name.as_deref()))
            .collect();
        let (est, edt) = (-5 * 3600, -4 * 3600);
        assert_eq!(
            seen,
            vec![
                // In force on 1 October 2026: summer time since 8 March.
                (true, local(2026, 3, 8, 2), est, edt, Some("EDT")),
                (false, local(2026, 11, 1, 2), edt, est, Some("EST")),
                (true, local(2027, 3, 14, 2), est, edt, Some("EDT")),
                (false, local(2027, 11, 7, 2), edt, est, Some("EST")),
            ]
        );
    }

    #[test]
    fn southern_hemisphere_and_half_hours() {
        let rules = zone_rules(Australia::Adelaide, utc(2026, 5, 1), utc(2026, 12, 31));
        let onsets: Vec<_> = rules.observances.iter().map(|o| (o.onset, o.offset_to)).collect();
        assert_eq!(
            onsets,
            vec![
                (local(2026, 4, 5, 3), 9 * 3600 + 1800),
                (local(2026, 10, 4, 2), 10 * 3600 + 1800),
            ]
        );
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_observance() {
        let rules = zone_rules(Asia::Tokyo, utc(2026, 1, 1), utc(2028, 1, 1));
        assert_eq!(rules.observances.len(), 1);
        let only = &rules.observances[0];
        assert_eq!(
            (only.daylight, only.offset_from, only.offset_to),
            (false, 9 * 3600, 9 * 3600)
        );
        assert_eq!(only.name.as_deref(), Some("JST"));
        assert!(only.onset <= local(2026, 1, 1, 0));
    }
}
