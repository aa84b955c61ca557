//! What a booking holds (its slot), the time it keeps its therapist and room busy (the buffer
//! rule), and when two bookings clash.

use crate::schedule::Span;
use crate::{ClientId, StaffId};
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

/// The span a session keeps its therapist and room busy: `[start, end + buffer)`. Clients
/// have no buffer: theirs is the session itself.
pub fn occupied(start: DateTime<Utc>, end: DateTime<Utc>, buffer_minutes: i32) -> Span {
    Span::new(start, end + TimeDelta::minutes(i64::from(buffer_minutes)))
}

/// Where, when and with whom: what a booking holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub client_id: ClientId,
    pub therapist_id: StaffId,
    pub service_id: Uuid,
    pub room_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub buffer_minutes: i32,
    /// Booked outside working hours or in time off on purpose.
    pub outside_hours: bool,
}

impl Slot {
    /// What the therapist and the room are busy for (see [`occupied`]).
    pub fn occupied(&self) -> Span {
        occupied(self.starts_at, self.ends_at, self.buffer_minutes)
    }

    /// Whether changing an occurrence of a series from `self` to `after` moves it away from
    /// what the series gives it (time, therapist, room or service), and so is an exception.
    pub fn moves_occurrence(&self, after: &Slot) -> bool {
        (
            self.starts_at,
            self.ends_at,
            self.therapist_id,
            self.room_id,
            self.service_id,
        ) != (
            after.starts_at,
            after.ends_at,
            after.therapist_id,
            after.room_id,
            after.service_id,
        )
    }
}

/// Whether `wanted` takes `resource`'s time that `existing` already holds: the therapist's
/// and the room's time includes both buffers, the client's only the sessions.
pub fn clashes_with(resource: Resource, wanted: &Slot, existing: &Slot) -> bool {
    let session = |s: &Slot| Span::new(s.starts_at, s.ends_at);
    match resource {
        Resource::Therapist => {
            existing.therapist_id == wanted.therapist_id && wanted.occupied().overlaps(&existing.occupied())
        }
        Resource::Room => {
            wanted.room_id.is_some()
                && existing.room_id == wanted.room_id
                && wanted.occupied().overlaps(&existing.occupied())
        }
        Resource::Client => existing.client_id == wanted.client_id && session(wanted).overlaps(&session(existing)),
    }
}

/// Whose time a booking would take twice, in the order a clash is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Therapist,
    Room,
    Client,
}

impl Resource {
    pub const ALL: [Resource; 3] = [Resource::Therapist, Resource::Room, Resource::Client];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Therapist => "therapist",
            Self::Room => "room",
            Self::Client => "client",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn slot(client: u128, therapist: u128, room: Option<u128>, start: &str, minutes: i64, buffer: i32) -> Slot {
        let starts_at = utc(start);
        Slot {
            client_id: ClientId(Uuid::from_u128(client)),
            therapist_id: StaffId(Uuid::from_u128(therapist)),
            service_id: Uuid::from_u128(9),
            room_id: room.map(Uuid::from_u128),
            starts_at,
            ends_at: starts_at + TimeDelta::minutes(minutes),
            buffer_minutes: buffer,
            outside_hours: false,
        }
    }

    #[test]
    fn the_buffer_extends_what_the_therapist_and_room_are_busy_for() {
        let s = slot(1, 2, None, "2026-12-01T10:00:00Z", 60, 15);
        assert_eq!(
            s.occupied(),
            Span::new(utc("2026-12-01T10:00:00Z"), utc("2026-12-01T11:15:00Z"))
        );
        assert_eq!(occupied(s.starts_at, s.ends_at, 0).end, s.ends_at);
    }

    #[test]
    fn therapists_and_rooms_clash_inside_buffers_clients_only_inside_sessions() {
        let existing = slot(1, 2, Some(3), "2026-12-01T10:00:00Z", 60, 15);
        // Starts at 11:10, inside the existing booking's buffer.
        let same_therapist = slot(4, 2, None, "2026-12-01T11:10:00Z", 60, 0);
        assert!(clashes_with(Resource::Therapist, &same_therapist, &existing));
        let same_room = slot(4, 5, Some(3), "2026-12-01T11:10:00Z", 60, 0);
        assert!(!clashes_with(Resource::Therapist, &same_room, &existing));
        assert!(clashes_with(Resource::Room, &same_room, &existing));
        let same_client = slot(1, 5, None, "2026-12-01T11:10:00Z", 60, 0);
        assert!(!clashes_with(Resource::Client, &same_client, &existing));
        let same_client_earlier = slot(1, 5, None, "2026-12-01T10:50:00Z", 60, 0);
        assert!(clashes_with(Resource::Client, &same_client_earlier, &existing));
        // The wanted booking's own buffer counts too: 09:00-09:50 plus 15 minutes reaches 10:05.
        let before = slot(4, 2, None, "2026-12-01T09:00:00Z", 50, 15);
        assert!(clashes_with(Resource::Therapist, &before, &existing));
        let roomless = slot(4, 5, None, "2026-12-01T10:00:00Z", 60, 0);
        assert!(!clashes_with(
            Resource::Room,
            &roomless,
            &slot(6, 7, None, "2026-12-01T10:00:00Z", 60, 0)
        ));
        assert_eq!(Resource::ALL.map(Resource::as_str), ["therapist", "room", "client"]);
    }

    #[test]
    fn an_occurrence_moves_when_its_time_people_or_place_change() {
        let before = slot(1, 2, Some(3), "2026-12-01T10:00:00Z", 60, 15);
        assert!(!before.moves_occurrence(&Slot {
            outside_hours: true,
            buffer_minutes: 0,
            ..before.clone()
        }));
        assert!(before.moves_occurrence(&slot(1, 2, Some(3), "2026-12-01T10:30:00Z", 60, 15)));
        assert!(before.moves_occurrence(&slot(1, 5, Some(3), "2026-12-01T10:00:00Z", 60, 15)));
        assert!(before.moves_occurrence(&slot(1, 2, None, "2026-12-01T10:00:00Z", 60, 15)));
        assert!(before.moves_occurrence(&slot(1, 2, Some(3), "2026-12-01T10:00:00Z", 45, 15)));
    }
}
