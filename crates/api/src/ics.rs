//! A calendar feed as iCalendar text (RFC 5545), written with the `icalendar` crate: its
//! VEVENT builder and its content lines (TEXT escaping, folding at 75 octets, CRLF).
//!
//! The crate has no VTIMEZONE builder, and its component writer gives every component a
//! DTSTAMP and a UID, which a VTIMEZONE must not carry; so the VCALENDAR frame and the
//! VTIMEZONEs are assembled here from the crate's property lines, around its VEVENTs.

use chrono::{DateTime, NaiveDateTime, Utc};
use icalendar::{Component, EventLike, Property};
use knead_domain::calendar_feed::{Event, Feed, Observance, When, ZoneRules, ZonedEnd};
use std::fmt;

pub const PRODID: &str = "-//Knead//Calendar feed//EN";
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

fn local_time(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `±hhmm`, or `±hhmmss` for the rare offset with seconds.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

fn zoned(name: &str, zone: chrono_tz::Tz, at: NaiveDateTime) -> Property {
    Property::new(name, local_time(at))
        .add_parameter("TZID", zone.name())
        .done()
}

fn push(out: &mut String, property: Property) -> fmt::Result {
    let line: String = property.try_into()?;
    out.push_str(&line);
    Ok(())
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push_str("\r\n");
}

fn observance(out: &mut String, o: &Observance) -> fmt::Result {
    let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
    push_line(out, &format!("BEGIN:{kind}"));
    push(out, Property::new("DTSTART", local_time(o.onset)))?;
    push(out, Property::new("TZOFFSETFROM", utc_offset(o.offset_from)))?;
    push(out, Property::new("TZOFFSETTO", utc_offset(o.offset_to)))?;
    if let Some(name) = &o.name {
        push(out, Property::new("TZNAME", name.as_str()))?;
    }
    push_line(out, &format!("END:{kind}"));
    Ok(())
}

fn timezone(out: &mut String, rules: &ZoneRules) -> fmt::Result {
    push_line(out, "BEGIN:VTIMEZONE");
    push(out, Property::new("TZID", rules.zone.name()))?;
    for o in &rules.observances {
        observance(out, o)?;
    }
    push_line(out, "END:VTIMEZONE");
    Ok(())
}

fn event(e: &Event) -> Result<String, fmt::Error> {
    let mut vevent = icalendar::Event::new();
    vevent.uid(&e.uid).timestamp(e.stamp).summary(&e.summary);
    if let Some(location) = &e.location {
        vevent.location(location);
    }
    match e.when {
        When::Utc { start, end } => {
            vevent.add_property("DTSTART", utc_time(start));
            vevent.add_property("DTEND", utc_time(end));
        }
        When::Zoned { zone, local, end } => {
            vevent.append_property(zoned("DTSTART", zone, local));
            match end {
                ZonedEnd::Local(end) => vevent.append_property(zoned("DTEND", zone, end)),
                ZonedEnd::Utc(end) => vevent.add_property("DTEND", utc_time(end)),
            };
        }
    }
    if let Some(recurrence) = &e.recurrence {
        vevent.add_property("RRULE", &recurrence.rule);
        if let When::Zoned { zone, .. } = e.when {
            for exdate in &recurrence.exdates {
                vevent.append_multi_property(zoned("EXDATE", zone, *exdate));
            }
        }
    }
    if let Some((zone, recurrence_id)) = e.recurrence_id {
        vevent.append_property(zoned("RECURRENCE-ID", zone, recurrence_id));
    }
    vevent.done().try_into_string()
}

/// The whole VCALENDAR: its properties, a VTIMEZONE per zone used, then the events.
pub fn render(feed: &Feed) -> Result<String, fmt::Error> {
    let mut out = String::with_capacity(512 + 400 * feed.events.len());
    push_line(&mut out, "BEGIN:VCALENDAR");
    push(&mut out, Property::new("VERSION", "2.0"))?;
    push(&mut out, Property::new("PRODID", PRODID))?;
    push(&mut out, Property::new("CALSCALE", "GREGORIAN"))?;
    push(&mut out, Property::new("X-WR-CALNAME", feed.name.as_str()))?;
    for rules in &feed.zones {
        timezone(&mut out, rules)?;
    }
    for e in &feed.events {
        out.push_str(&event(e)?);
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeDelta};
    use chrono_tz::America::New_York;
    use knead_domain::calendar_feed::{Recurrence, zone_rules};

    fn local(m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn offsets() {
        assert_eq!(utc_offset(-5 * 3600), "-0500");
        assert_eq!(utc_offset(5 * 3600 + 45 * 60), "+0545");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(-(17 * 60 + 30)), "-001730");
    }

    #[test]
    fn a_series_with_an_override_and_a_one_off() {
        let stamp = local(9, 1, 0).and_utc();
        let series = Event {
            uid: "s@knead".into(),
            stamp,
            summary: "J.D. · Sports massage, 60; deep".into(),
            location: Some("Room 1".into()),
            when: When::Zoned {
                zone: New_York,
                local: local(10, 5, 10),
                end: ZonedEnd::Local(local(10, 5, 11)),
            },
            recurrence: Some(Recurrence {
                rule: "FREQ=WEEKLY;BYDAY=MO;COUNT=6".into(),
                exdates: vec![local(10, 12, 10), local(10, 26, 10)],
            }),
            recurrence_id: None,
        };
        let moved = Event {
            recurrence: None,
            recurrence_id: Some((New_York, local(11, 2, 10))),
            when: When::Zoned {
                zone: New_York,
                local: local(11, 2, 12),
                end: ZonedEnd::Utc(local(11, 2, 18).and_utc() + TimeDelta::minutes(30)),
            },
            location: None,
            ..series.clone()
        };
        let single = Event {
            uid: "b@knead".into(),
            when: When::Utc {
                start: local(10, 7, 18).and_utc(),
                end: local(10, 7, 19).and_utc(),
            },
            recurrence: None,
            location: None,
            ..series.clone()
        };
        let mut zone = zone_rules(New_York, local(10, 5, 14).and_utc(), local(12, 1, 0).and_utc());
        zone.observances.truncate(2);
        let feed = Feed {
            name: "Stride · Dana Reyes".into(),
            zones: vec![zone],
            events: vec![single, series, moved],
        };
        let text = render(&feed).unwrap();
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Knead//Calendar feed//EN",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Stride · Dana Reyes",
            "BEGIN:VTIMEZONE",
            "TZID:America/New_York",
            "BEGIN:DAYLIGHT",
            "DTSTART:20260308T020000",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0400",
            "TZNAME:EDT",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "DTSTART:20261101T020000",
            "TZOFFSETFROM:-0400",
            "TZOFFSETTO:-0500",
            "TZNAME:EST",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "DTEND:20261007T190000Z",
            "DTSTAMP:20260901T000000Z",
            "DTSTART:20261007T180000Z",
            "SUMMARY:J.D. · Sports massage\\, 60\\; deep",
            "UID:b@knead",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTEND;TZID=America/New_York:20261005T110000",
            "DTSTAMP:20260901T000000Z",
            "DTSTART;TZID=America/New_York:20261005T100000",
            "LOCATION:Room 1",
            "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6",
            "SUMMARY:J.D. · Sports massage\\, 60\\; deep",
            "UID:s@knead",
            "EXDATE;TZID=America/New_York:20261012T100000",
            "EXDATE;TZID=America/New_York:20261026T100000",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTEND:20261102T183000Z",
            "DTSTAMP:20260901T000000Z",
            "DTSTART;TZID=America/New_York:20261102T120000",
            "RECURRENCE-ID;TZID=America/New_York:20261102T100000",
            "SUMMARY:J.D. · Sports massage\\, 60\\; deep",
            "UID:s@knead",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(text, expected);
    }
}
