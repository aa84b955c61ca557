//! What a calendar feed shows, as plain values: a therapist's sessions (one-off bookings, and
//! each booking series as one recurring event with its cancelled and moved occurrences), or a
//! client's upcoming bookings. Turning this into iCalendar text is the API's job.
//!
//! # What may appear
//!
//! A feed URL is a secret that ends up in calendar apps and their sync servers, so an event
//! carries only the client's initials, the service and the room (or, in a client's own feed,
//! the service and the therapist). The inputs hold nothing else: no notes, alerts or
//! conditions can leak through a field that is not there.
//!
//! # A series and its rows
//!
//! A series is written as DTSTART in its zone, its RRULE, EXDATE for the occurrences that do not
//! take place, and an override (same UID, RECURRENCE-ID) for each that takes place other than
//! the rule says. The series' exceptions say which (cancelled and skipped: EXDATE; moved: an
//! override), and then the booking rows decide wherever they exist: a live row of this
//! therapist at the rule's time with the series' service and room needs nothing, any other is
//! an override; between the start of the feed's window and the series' materialised horizon,
//! where every occurrence has a row, an occurrence without a live row of this therapist is
//! excluded. A row the series does not account for is an event of its own. So the expanded
//! feed matches the bookings wherever there are bookings, even if a row was changed without
//! its exception.

mod recurring;
mod zone;

pub use zone::{Observance, ZoneRules, zone_rules};

use crate::StaffId;
use crate::recurrence::{Series, resolve_local};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// How far back a therapist's feed reaches.
pub const HISTORY: TimeDelta = TimeDelta::days(30);
/// How far past the last zoned time used the VTIMEZONE observances go; also how far past now
/// a series' occurrences are checked for ones that need an override to read right.
const ZONE_AHEAD: TimeDelta = TimeDelta::days(731);

/// What an event may say about a session: nothing clinical by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub client_given_name: String,
    pub client_family_name: String,
    pub therapist_name: String,
    pub service: String,
    pub room: Option<String>,
}

impl Labels {
    /// `J.D. · Sports massage`: what a therapist's calendar shows.
    pub fn for_therapist(&self) -> String {
        let initials: String = [&self.client_given_name, &self.client_family_name]
            .iter()
            .filter_map(|name| name.chars().find(|c| c.is_alphabetic()))
            .map(|c| format!("{}.", c.to_uppercase()))
            .collect();
        let who = if initials.is_empty() {
            "Client".to_owned()
        } else {
            initials
        };
        clean(&format!("{who} · {}", self.service))
    }

    /// `Sports massage with Dana Reyes`: what a client's own calendar shows.
    pub fn for_client(&self) -> String {
        clean(&format!("{} with {}", self.service, self.therapist_name))
    }

    fn location(&self) -> Option<String> {
        self.room.as_deref().map(clean)
    }
}

/// Control characters (a line break in a service name) have no place in a calendar line.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A live (not cancelled) booking row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedBooking {
    pub id: Uuid,
    pub therapist: StaffId,
    /// The series and the occurrence's rule-given wall-clock start (RECURRENCE-ID), if any.
    pub occurrence: Option<(Uuid, NaiveDateTime)>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub labels: Labels,
    pub updated_at: DateTime<Utc>,
}

/// A booking series of the feed's therapist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSeries {
    pub id: Uuid,
    /// Pattern, length and exceptions (a skipped occurrence counts as cancelled).
    pub series: Series,
    /// Occurrences whose rule-given start is before this instant have booking rows.
    pub materialised_until: DateTime<Utc>,
    pub labels: Labels,
    pub updated_at: DateTime<Utc>,
}

/// When an event takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// DTSTART and DTEND in UTC.
    Utc { start: DateTime<Utc>, end: DateTime<Utc> },
    /// DTSTART as wall-clock time in a zone (TZID), and DTEND (never DURATION: see
    /// `recurring` for why).
    Zoned {
        zone: Tz,
        local: NaiveDateTime,
        end: ZonedEnd,
    },
}

/// How the DTEND of a zoned event is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZonedEnd {
    /// Wall-clock time in the event's zone (TZID): whenever the span reads the same to every
    /// calendar (see `recurring::wall_clock_end`).
    Local(NaiveDateTime),
    /// UTC, which RFC 5545 (section 3.8.2.2) allows beside a DTSTART with TZID: for a series
    /// whose first occurrence has no such wall-clock end (it starts at a repeated or skipped
    /// local time, or spans a clock change).
    Utc(DateTime<Utc>),
}

/// The recurrence of a series' event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    /// The RRULE value (no DTSTART).
    pub rule: String,
    /// Occurrences that do not take place, as rule-given wall-clock starts in the series' zone.
    pub exdates: Vec<NaiveDateTime>,
}

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `<booking or series id>@knead`: stable across requests.
    pub uid: String,
    /// DTSTAMP: when the booking or series last changed.
    pub stamp: DateTime<Utc>,
    pub summary: String,
    pub location: Option<String>,
    pub when: When,
    pub recurrence: Option<Recurrence>,
    /// For an override: the occurrence it replaces, in the series' zone.
    pub recurrence_id: Option<(Tz, NaiveDateTime)>,
}

/// A whole feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// X-WR-CALNAME.
    pub name: String,
    /// A VTIMEZONE for every zone an event names.
    pub zones: Vec<ZoneRules>,
    pub events: Vec<Event>,
}

pub(crate) fn uid(id: Uuid) -> String {
    format!("{id}@knead")
}

fn single(booking: &FeedBooking, summary: String) -> Event {
    Event {
        uid: uid(booking.id),
        stamp: booking.updated_at,
        summary,
        location: booking.labels.location(),
        when: When::Utc {
            start: booking.start,
            end: booking.end,
        },
        recurrence: None,
        recurrence_id: None,
    }
}

/// A therapist's feed: their series and their live bookings (rows from [`HISTORY`] before `now`
/// on, and rows of their series with occurrences from then on).
pub fn therapist_feed(
    name: &str,
    therapist: StaffId,
    series: &[FeedSeries],
    bookings: &[FeedBooking],
    now: DateTime<Utc>,
) -> Feed {
    let window_start = now - HISTORY;
    let mut events = Vec::new();
    let mut represented = HashSet::new();
    let mut by_series: HashMap<Uuid, HashMap<NaiveDateTime, &FeedBooking>> = HashMap::new();
    for booking in bookings.iter().filter(|b| b.therapist == therapist) {
        if let Some((series, recurrence_id)) = booking.occurrence {
            by_series.entry(series).or_default().insert(recurrence_id, booking);
        }
    }
    let none = HashMap::new();
    for entry in series {
        let rows = by_series.get(&entry.id).unwrap_or(&none);
        let (series_events, rows) = recurring::series_events(entry, window_start, rows);
        events.extend(series_events);
        represented.extend(rows);
    }
    events.extend(
        bookings
            .iter()
            .filter(|b| b.therapist == therapist && !represented.contains(&b.id))
            .map(|b| single(b, b.labels.for_therapist())),
    );
    finish(name, events, now)
}

/// A client's feed: their live bookings that end after `now`, each on its own.
pub fn client_feed(name: &str, bookings: &[FeedBooking], now: DateTime<Utc>) -> Feed {
    let events = bookings
        .iter()
        .filter(|b| b.end > now)
        .map(|b| single(b, b.labels.for_client()))
        .collect();
    finish(name, events, now)
}

/// Orders the events and adds a VTIMEZONE for each zone used, from its earliest zoned time to
/// two years past the later of `now` and its latest.
fn finish(name: &str, mut events: Vec<Event>, now: DateTime<Utc>) -> Feed {
    let mut spans: BTreeMap<&str, (Tz, DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for event in &events {
        let mut times = Vec::new();
        if let When::Zoned { zone, local, .. } = event.when {
            times.push((zone, local));
        }
        if let Some((zone, local)) = event.recurrence_id {
            times.push((zone, local));
        }
        if let (Some(recurrence), When::Zoned { zone, .. }) = (&event.recurrence, event.when) {
            times.extend(recurrence.exdates.iter().map(|local| (zone, *local)));
        }
        for (zone, local) in times {
            let at = resolve_local(zone, local);
            let span = spans.entry(zone.name()).or_insert((zone, at, at));
            span.1 = span.1.min(at);
            span.2 = span.2.max(at);
        }
    }
    let zones = spans
        .into_values()
        .map(|(zone, from, to)| zone_rules(zone, from, to.max(now) + ZONE_AHEAD))
        .collect();
    events.sort_by(|a, b| (&a.uid, a.recurrence_id.map(|r| r.1)).cmp(&(&b.uid, b.recurrence_id.map(|r| r.1))));
    Feed {
        name: clean(name),
        zones,
        events,
    }
}

#[cfg(test)]
mod tests;
