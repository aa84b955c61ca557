//! Many rows per statement, for generated data (`knead demo --scale`): clients and bookings
//! in multi-row INSERTs, with every constraint and trigger in force, so the change feed and
//! the events outbox hold a row for each as they would for one written by the app.

use crate::StoreError;
use crate::clients::{ClientDetails, new_row};
use crate::schema::bookings;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::booking::{BookingStatus, Slot};
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

/// Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest row.
const ROWS_PER_STATEMENT: usize = 1_000;

/// Writes `clients` (id and details) as of `now`; returns how many rows were written.
pub async fn insert_clients(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    clients: Vec<(ClientId, ClientDetails)>,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let rows = clients
        .into_iter()
        .map(|(id, details)| new_row(practice, id, details, now))
        .collect::<Result<Vec<_>, _>>()?;
    let mut written = 0;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        written += diesel::insert_into(crate::schema::clients::table)
            .values(chunk)
            .execute(conn)
            .await?;
    }
    Ok(written)
}

/// One generated booking: its id, slot and state (never `cancelled`: that takes a reason).
#[derive(Debug, Clone)]
pub struct BulkBooking {
    pub id: Uuid,
    pub slot: Slot,
    pub status: BookingStatus,
}

/// Writes `rows`, created by `created_by` at `now`; returns how many rows were written.
pub async fn insert_bookings(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    rows: &[BulkBooking],
    created_by: StaffId,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    if rows.iter().any(|b| b.status == BookingStatus::Cancelled) {
        return Err(StoreError::Corrupt("a generated booking cannot be cancelled".into()));
    }
    let mut written = 0;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let values: Vec<_> = chunk
            .iter()
            .map(|b| {
                (
                    bookings::practice_id.eq(practice.0),
                    bookings::id.eq(b.id),
                    bookings::client_id.eq(b.slot.client_id.0),
                    bookings::therapist_id.eq(b.slot.therapist_id.0),
                    bookings::service_id.eq(b.slot.service_id),
                    bookings::room_id.eq(b.slot.room_id),
                    bookings::starts_at.eq(b.slot.starts_at),
                    bookings::ends_at.eq(b.slot.ends_at),
                    bookings::buffer_minutes.eq(b.slot.buffer_minutes),
                    bookings::occupied_until.eq(b.slot.occupied().end),
                    bookings::status.eq(b.status.as_str()),
                    bookings::outside_hours.eq(b.slot.outside_hours),
                    bookings::created_by.eq(created_by.0),
                    bookings::created_at.eq(now),
                    bookings::updated_at.eq(now),
                )
            })
            .collect();
        written += diesel::insert_into(bookings::table)
            .values(values)
            .execute(conn)
            .await?;
    }
    Ok(written)
}
