//! A booking as a row and as the value the rest of the code sees: what both the booking
//! writes (`bookings`) and the series writes (`series_write`) hand around, kept apart from
//! both so that neither has to import the other for it.

use crate::StoreError;
use crate::schema::bookings;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use knead_domain::booking::BookingStatus;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, StaffId};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = bookings, check_for_backend(diesel::pg::Pg))]
pub(crate) struct BookingRow {
    id: Uuid,
    pub(crate) client_id: Uuid,
    therapist_id: Uuid,
    service_id: Uuid,
    room_id: Option<Uuid>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    buffer_minutes: i32,
    status: String,
    cancel_reason: Option<String>,
    cancel_note: Option<String>,
    cancelled_late: Option<bool>,
    cancelled_at: Option<DateTime<Utc>>,
    outside_hours: bool,
    created_by: Uuid,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    series_id: Option<Uuid>,
    recurrence_id: Option<NaiveDateTime>,
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
    /// `[start, end + buffer)`: what the therapist and the room are busy for.
    pub fn occupied(&self) -> Span {
        Span::new(
            self.starts_at,
            self.ends_at + chrono::TimeDelta::minutes(i64::from(self.buffer_minutes)),
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cancellation {
    /// A code of `knead_domain::reasons::CancellationReason`, or for a cancellation the system
    /// made (a series ended or changed), its sentence.
    pub reason: String,
    /// What the person cancelling added (no health details: the front desk sees it).
    pub note: Option<String>,
    pub late: bool,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub id: Uuid,
    pub slot: Slot,
    pub status: BookingStatus,
    pub cancellation: Option<Cancellation>,
    pub created_by: StaffId,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The series this booking is an occurrence of, and the occurrence's rule-given local start.
    pub occurrence: Option<SeriesOccurrence>,
}

/// Which occurrence of which series a booking is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesOccurrence {
    pub series_id: Uuid,
    pub recurrence_id: NaiveDateTime,
}

impl TryFrom<BookingRow> for Booking {
    type Error = StoreError;
    fn try_from(row: BookingRow) -> Result<Self, StoreError> {
        let status =
            BookingStatus::parse(&row.status).map_err(|e| StoreError::Corrupt(format!("booking {}: {e}", row.id)))?;
        let cancellation = row.cancelled_at.map(|at| Cancellation {
            reason: row.cancel_reason.unwrap_or_default(),
            note: row.cancel_note,
            late: row.cancelled_late.unwrap_or(false),
            at,
        });
        Ok(Self {
            id: row.id,
            slot: Slot {
                client_id: ClientId(row.client_id),
                therapist_id: StaffId(row.therapist_id),
                service_id: row.service_id,
                room_id: row.room_id,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                buffer_minutes: row.buffer_minutes,
                outside_hours: row.outside_hours,
            },
            status,
            cancellation,
            created_by: StaffId(row.created_by),
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
            occurrence: row
                .series_id
                .zip(row.recurrence_id)
                .map(|(series_id, recurrence_id)| SeriesOccurrence {
                    series_id,
                    recurrence_id,
                }),
        })
    }
}
