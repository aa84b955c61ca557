//! A booking as a row and as the value the rest of the code sees: what both the booking
//! writes (`bookings`) and the series writes (`series::write`) hand around, kept apart from
//! both so that neither has to import the other for it; and the one join of a booking with
//! the rows that name it (client, therapist, service, room) that every listing starts from.

use crate::StoreError;
use crate::schema::{bookings, clients, rooms, services, staff};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use knead_domain::booking::BookingStatus;
pub use knead_domain::booking::Slot;
use knead_domain::reasons::{Override, OverrideReason, ReasonNote};
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
    override_by: Option<Uuid>,
    override_reason: Option<String>,
    override_note: Option<String>,
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
    /// Placed outside working hours, time off or a closed day on purpose: who and why.
    pub overridden: Option<Override>,
    pub created_by: StaffId,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The series this booking is an occurrence of, and the occurrence's rule-given local start.
    pub occurrence: Option<SeriesOccurrence>,
}

/// Bookings with their client, therapist, service and (if any) room, each joined within the
/// practice: the calendar and the calendar feeds select their names from this.
#[diesel::dsl::auto_type]
pub(crate) fn with_names() -> _ {
    bookings::table
        .inner_join(
            clients::table.on(clients::practice_id
                .eq(bookings::practice_id)
                .and(clients::id.eq(bookings::client_id))),
        )
        .inner_join(
            staff::table.on(staff::practice_id
                .eq(bookings::practice_id)
                .and(staff::id.eq(bookings::therapist_id))),
        )
        .inner_join(
            services::table.on(services::practice_id
                .eq(bookings::practice_id)
                .and(services::id.eq(bookings::service_id))),
        )
        .left_join(
            rooms::table.on(rooms::practice_id
                .eq(bookings::practice_id)
                .and(rooms::id.nullable().eq(bookings::room_id))),
        )
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
            overridden: read_override(
                row.id,
                row.override_by,
                row.override_reason.as_deref(),
                row.override_note.as_deref(),
            )?,
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

/// An override from its three columns (the schema keeps them whole).
pub(crate) fn read_override(
    owner: Uuid,
    by: Option<Uuid>,
    reason: Option<&str>,
    note: Option<&str>,
) -> Result<Option<Override>, StoreError> {
    let (Some(by), Some(reason)) = (by, reason) else {
        return Ok(None);
    };
    let corrupt = |e: knead_domain::Invalid| StoreError::Corrupt(format!("{owner}: override {e}"));
    Ok(Some(Override {
        by: StaffId(by),
        reason: OverrideReason::parse(reason).map_err(corrupt)?,
        note: ReasonNote::parse(note).map_err(corrupt)?,
    }))
}

/// The three columns an override is written to.
pub(crate) fn override_columns(o: Option<&Override>) -> (Option<Uuid>, Option<&'static str>, Option<String>) {
    (
        o.map(|o| o.by.0),
        o.map(|o| o.reason.as_str()),
        o.and_then(|o| o.note.as_ref().map(|n| n.as_str().to_owned())),
    )
}
