//! The events outbox's vocabulary: what happened to a resource, named by type (`booking.moved`),
//! which resource it names, and who may hear of it. Intake and session-note events are
//! clinical: that a client submitted intake or that a note was signed reaches only principals
//! that see clinical content.

use crate::access::Principal;
use serde::{Deserialize, Serialize};

/// What happened. Each event's `data` holds only the fields listed here: ids, times, statuses
/// and flags, never free text (names, contact details, notes, cancellation or override
/// reasons) nor clinical content; fetch the resource for the rest.
///
/// | type | resource | data |
/// |---|---|---|
/// | `booking.created` | booking | `starts_at`, `ends_at`, `status`, `therapist_id`, `client_id`, `service_id`, `room_id`, `series_id` |
/// | `booking.cancelled` | booking | as `booking.created` (status `cancelled`) |
/// | `booking.moved` | booking | as `booking.created`: its time, therapist or room changed |
/// | `booking.updated` | booking | as `booking.created`: any other change (checked in, completed, no-show, …) |
/// | `booking.deleted` | booking | none: the booking is gone (a series edit replaced it) |
/// | `series.created` | booking_series | `therapist_id`, `client_id`, `service_id` |
/// | `series.changed` | booking_series | as `series.created`: its pattern or terms changed |
/// | `series.ended` | booking_series | as `series.created`: it ends (no occurrences after its end) |
/// | `series.split` | booking_series | as `series.created`, and `previous_id`: the series that now ends where this one begins |
/// | `client.created` | client | `archived` |
/// | `client.updated` | client | `archived` |
/// | `client.archived` | client | `archived` |
/// | `intake.submitted` | intake_form | `client_id` (clinical) |
/// | `note.signed` | session_note | `client_id`, `booking_id` when the note has one (clinical) |
/// | `note.amended` | session_note | `client_id`, `booking_id` when the note has one (clinical) |
/// | `staff.invited` | staff | `staff_id` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventType {
    #[serde(rename = "booking.created")]
    BookingCreated,
    #[serde(rename = "booking.cancelled")]
    BookingCancelled,
    #[serde(rename = "booking.moved")]
    BookingMoved,
    #[serde(rename = "booking.updated")]
    BookingUpdated,
    #[serde(rename = "booking.deleted")]
    BookingDeleted,
    #[serde(rename = "series.created")]
    SeriesCreated,
    #[serde(rename = "series.changed")]
    SeriesChanged,
    #[serde(rename = "series.ended")]
    SeriesEnded,
    #[serde(rename = "series.split")]
    SeriesSplit,
    #[serde(rename = "client.created")]
    ClientCreated,
    #[serde(rename = "client.updated")]
    ClientUpdated,
    #[serde(rename = "client.archived")]
    ClientArchived,
    #[serde(rename = "intake.submitted")]
    IntakeSubmitted,
    #[serde(rename = "note.signed")]
    NoteSigned,
    #[serde(rename = "note.amended")]
    NoteAmended,
    #[serde(rename = "staff.invited")]
    StaffInvited,
}

/// The resource an event names: fetch it from its own endpoint by `resource_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventResource {
    Booking,
    BookingSeries,
    Client,
    IntakeForm,
    SessionNote,
    Staff,
}

impl EventResource {
    pub const ALL: [EventResource; 6] = [
        Self::Booking,
        Self::BookingSeries,
        Self::Client,
        Self::IntakeForm,
        Self::SessionNote,
        Self::Staff,
    ];

    /// The name used in the API and in the `events` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booking => "booking",
            Self::BookingSeries => "booking_series",
            Self::Client => "client",
            Self::IntakeForm => "intake_form",
            Self::SessionNote => "session_note",
            Self::Staff => "staff",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        Self::BookingCreated,
        Self::BookingCancelled,
        Self::BookingMoved,
        Self::BookingUpdated,
        Self::BookingDeleted,
        Self::SeriesCreated,
        Self::SeriesChanged,
        Self::SeriesEnded,
        Self::SeriesSplit,
        Self::ClientCreated,
        Self::ClientUpdated,
        Self::ClientArchived,
        Self::IntakeSubmitted,
        Self::NoteSigned,
        Self::NoteAmended,
        Self::StaffInvited,
    ];

    /// The name used in the API and in the `events` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BookingCreated => "booking.created",
            Self::BookingCancelled => "booking.cancelled",
            Self::BookingMoved => "booking.moved",
            Self::BookingUpdated => "booking.updated",
            Self::BookingDeleted => "booking.deleted",
            Self::SeriesCreated => "series.created",
            Self::SeriesChanged => "series.changed",
            Self::SeriesEnded => "series.ended",
            Self::SeriesSplit => "series.split",
            Self::ClientCreated => "client.created",
            Self::ClientUpdated => "client.updated",
            Self::ClientArchived => "client.archived",
            Self::IntakeSubmitted => "intake.submitted",
            Self::NoteSigned => "note.signed",
            Self::NoteAmended => "note.amended",
            Self::StaffInvited => "staff.invited",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The kind of resource the event names.
    pub fn resource(self) -> EventResource {
        match self {
            Self::BookingCreated
            | Self::BookingCancelled
            | Self::BookingMoved
            | Self::BookingUpdated
            | Self::BookingDeleted => EventResource::Booking,
            Self::SeriesCreated | Self::SeriesChanged | Self::SeriesEnded | Self::SeriesSplit => {
                EventResource::BookingSeries
            }
            Self::ClientCreated | Self::ClientUpdated | Self::ClientArchived => EventResource::Client,
            Self::IntakeSubmitted => EventResource::IntakeForm,
            Self::NoteSigned | Self::NoteAmended => EventResource::SessionNote,
            Self::StaffInvited => EventResource::Staff,
        }
    }

    /// What happened, and the fields its `data` carries beside the resource's id, type and
    /// version (the table on [`EventType`], one type at a time).
    pub fn describe(self) -> (&'static str, &'static str) {
        const BOOKING: &str =
            "`starts_at`, `ends_at`, `status`, `therapist_id`, `client_id`, `service_id`, `room_id`, `series_id`";
        const SERIES: &str = "`therapist_id`, `client_id`, `service_id`";
        const NOTE: &str = "`client_id`, and `booking_id` when the note has one";
        match self {
            Self::BookingCreated => ("A booking was made.", BOOKING),
            Self::BookingCancelled => ("A booking was cancelled (status `cancelled`).", BOOKING),
            Self::BookingMoved => ("A booking's time, therapist or room changed.", BOOKING),
            Self::BookingUpdated => (
                "A booking changed otherwise: checked in, completed, a no-show, ….",
                BOOKING,
            ),
            Self::BookingDeleted => ("A booking is gone: an edit of its series replaced it.", "none"),
            Self::SeriesCreated => ("A recurring series was created with its occurrences.", SERIES),
            Self::SeriesChanged => ("A series' pattern or terms changed.", SERIES),
            Self::SeriesEnded => ("A series ends: no occurrences after its end.", SERIES),
            Self::SeriesSplit => (
                "An edit of this and the following occurrences split a series: this one begins where `previous_id` now ends.",
                "`therapist_id`, `client_id`, `service_id`, `previous_id`",
            ),
            Self::ClientCreated => ("A client was added.", "`archived`"),
            Self::ClientUpdated => ("A client's details changed.", "`archived`"),
            Self::ClientArchived => ("A client was archived.", "`archived`"),
            Self::IntakeSubmitted => ("A client submitted an intake form (clinical).", "`client_id`"),
            Self::NoteSigned => ("A session note was signed (clinical).", NOTE),
            Self::NoteAmended => ("A signed session note was amended (clinical).", NOTE),
            Self::StaffInvited => ("A staff member was invited.", "`staff_id`"),
        }
    }

    /// Whether the fact that it happened is itself clinical.
    pub fn is_clinical(self) -> bool {
        matches!(self.resource(), EventResource::IntakeForm | EventResource::SessionNote)
    }

    /// The types `principal` may be told about, of those asked for (`None`: every type).
    pub fn visible_to(principal: &impl Principal, asked: Option<&[EventType]>) -> Vec<EventType> {
        let clinical = principal.sees_clinical();
        let mut types: Vec<EventType> = asked
            .map(<[EventType]>::to_vec)
            .unwrap_or_else(|| Self::ALL.to_vec())
            .into_iter()
            .filter(|t| clinical || !t.is_clinical())
            .collect();
        types.sort();
        types.dedup();
        types
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::access::KeyScope;

    #[test]
    fn names_round_trip_and_match_serde() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
            assert_eq!(
                serde_json::to_value(t).expect("serialises"),
                serde_json::Value::from(t.as_str())
            );
        }
        for r in EventResource::ALL {
            assert_eq!(EventResource::parse(r.as_str()), Some(r));
        }
        assert_eq!(EventType::parse("booking"), None);
    }

    #[test]
    fn clinical_events_reach_only_clinical_principals() {
        let all = EventType::visible_to(&Role::Owner, None);
        assert_eq!(all.len(), EventType::ALL.len());
        let plain = EventType::visible_to(
            &KeyScope {
                write: false,
                clinical: false,
            },
            None,
        );
        assert!(!plain.contains(&EventType::NoteSigned));
        assert!(!plain.contains(&EventType::IntakeSubmitted));
        assert!(plain.contains(&EventType::BookingCreated));
        let asked = [
            EventType::NoteAmended,
            EventType::ClientCreated,
            EventType::ClientCreated,
        ];
        assert_eq!(
            EventType::visible_to(&Role::FrontDesk, Some(&asked)),
            vec![EventType::ClientCreated]
        );
    }
}
