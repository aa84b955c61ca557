//! Bookings. Overlaps are refused by PostgreSQL's exclusion constraints (see the migration);
//! this module turns a refusal into the booking that stands in the way, and reads the
//! calendar with client names and handling alerts in one statement.

use crate::StoreError;
use crate::booking_row::override_columns;
use crate::schema::{bookings, clients};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::booking::{BookingStatus, LONGEST_OCCUPATION};
use knead_domain::reasons::Override;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

use crate::error::Constraint;

pub use crate::calendar::{CalendarEntry, CalendarQuery, calendar, entry};

pub(crate) use crate::booking_row::BookingRow;
pub use crate::booking_row::{Booking, Cancellation, SeriesOccurrence, Slot};

pub async fn insert(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    slot: &Slot,
    created_by: StaffId,
    now: DateTime<Utc>,
) -> Result<Booking, StoreError> {
    // In a transaction of its own (a savepoint inside the caller's): a refused insert rolls
    // back alone, and the caller can still read what stands in the way.
    conn.transaction(async move |conn| insert_row(conn, practice, slot, None, created_by, now).await)
        .await
}

/// The insert alone, in the caller's transaction: a refusal aborts it.
pub(crate) async fn insert_row(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    slot: &Slot,
    overridden: Option<&Override>,
    created_by: StaffId,
    now: DateTime<Utc>,
) -> Result<Booking, StoreError> {
    let (override_by, override_reason, override_note) = override_columns(overridden);
    let row: BookingRow = diesel::insert_into(bookings::table)
        .values((
            bookings::practice_id.eq(practice.0),
            bookings::id.eq(Uuid::now_v7()),
            bookings::client_id.eq(slot.client_id.0),
            bookings::therapist_id.eq(slot.therapist_id.0),
            bookings::service_id.eq(slot.service_id),
            bookings::room_id.eq(slot.room_id),
            bookings::starts_at.eq(slot.starts_at),
            bookings::ends_at.eq(slot.ends_at),
            bookings::buffer_minutes.eq(slot.buffer_minutes),
            bookings::occupied_until.eq(slot.occupied().end),
            bookings::outside_hours.eq(slot.outside_hours),
            bookings::override_by.eq(override_by),
            bookings::override_reason.eq(override_reason),
            bookings::override_note.eq(override_note),
            bookings::created_by.eq(created_by.0),
            bookings::created_at.eq(now),
            bookings::updated_at.eq(now),
        ))
        .returning(BookingRow::as_returning())
        .get_result(conn)
        .await?;
    row.try_into()
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<Booking, StoreError> {
    let row: BookingRow = bookings::table
        .find((practice.0, id))
        .select(BookingRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

/// Moves a booking (time, people, place) and its status in one conditional write; a move to
/// `completed` records the visit on the client. `expected`: the version the caller read. An
/// occurrence of a series that is moved (`moved`) becomes an exception later series edits keep.
#[allow(clippy::too_many_arguments)]
pub async fn update(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: i64,
    slot: &Slot,
    status: BookingStatus,
    moved: bool,
    now: DateTime<Utc>,
) -> Result<Booking, StoreError> {
    conn.transaction(async move |conn| {
        crate::series::write::lock_series_of(conn, practice, id).await?;
        let row: Option<BookingRow> = diesel::update(
            bookings::table
                .find((practice.0, id))
                .filter(bookings::version.eq(expected)),
        )
        .set((
            bookings::therapist_id.eq(slot.therapist_id.0),
            bookings::service_id.eq(slot.service_id),
            bookings::room_id.eq(slot.room_id),
            bookings::starts_at.eq(slot.starts_at),
            bookings::ends_at.eq(slot.ends_at),
            bookings::buffer_minutes.eq(slot.buffer_minutes),
            bookings::occupied_until.eq(slot.occupied().end),
            bookings::outside_hours.eq(slot.outside_hours),
            bookings::status.eq(status.as_str()),
            bookings::version.eq(expected + 1),
            bookings::updated_at.eq(now),
        ))
        .returning(BookingRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
        let booking = Booking::try_from(row.ok_or(StoreError::Stale)?)?;
        if status == BookingStatus::Completed {
            record_visit(conn, practice, booking.slot.client_id, booking.slot.starts_at).await?;
        }
        if moved {
            crate::series::write::record_occurrence_change(conn, practice, &booking, now).await?;
        }
        Ok(booking)
    })
    .await
}

async fn record_visit(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    diesel::update(clients::table.find((practice.0, client.0)))
        .filter(clients::last_visit_at.is_null().or(clients::last_visit_at.lt(at)))
        .set(clients::last_visit_at.eq(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Cancels: the slot is free again at once; an occurrence of a series becomes a cancelled
/// exception in the same transaction. `expected`: the version the caller read, if any.
pub async fn cancel(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    cancellation: Cancellation,
) -> Result<Booking, StoreError> {
    conn.transaction(async move |conn| {
        crate::series::write::lock_series_of(conn, practice, id).await?;
        let current = find(conn, practice, id).await?;
        let expected = expected.unwrap_or(current.version);
        let row: Option<BookingRow> = diesel::update(
            bookings::table
                .find((practice.0, id))
                .filter(bookings::version.eq(expected)),
        )
        .set((
            bookings::status.eq(BookingStatus::Cancelled.as_str()),
            bookings::cancel_reason.eq(cancellation.reason),
            bookings::cancel_note.eq(cancellation.note),
            bookings::cancelled_late.eq(cancellation.late),
            bookings::cancelled_at.eq(cancellation.at),
            bookings::version.eq(expected + 1),
            bookings::updated_at.eq(cancellation.at),
        ))
        .returning(BookingRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
        let booking = Booking::try_from(row.ok_or(StoreError::Stale)?)?;
        crate::series::write::record_occurrence_change(conn, practice, &booking, cancellation.at).await?;
        Ok(booking)
    })
    .await
}

/// The occupying booking that `slot` collides with under `constraint` (one of the three
/// exclusion constraints), other than `except`: what a 409 names.
pub async fn blocking(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    constraint: &Constraint,
    slot: &Slot,
    except: Option<Uuid>,
) -> Result<Option<Booking>, StoreError> {
    let occupied = slot.occupied();
    let mut query = bookings::table
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::status.ne(BookingStatus::Cancelled.as_str()))
        .filter(bookings::id.ne(except.unwrap_or(Uuid::nil())))
        .into_boxed();
    query = match constraint {
        Constraint::ClientOverlap => query
            .filter(bookings::client_id.eq(slot.client_id.0))
            .filter(bookings::starts_at.lt(slot.ends_at))
            .filter(bookings::ends_at.gt(slot.starts_at))
            .filter(bookings::starts_at.gt(slot.starts_at - LONGEST_OCCUPATION)),
        Constraint::RoomOverlap => query
            .filter(bookings::room_id.eq(slot.room_id.unwrap_or(Uuid::nil())))
            .filter(bookings::starts_at.lt(occupied.end))
            .filter(bookings::occupied_until.gt(occupied.start))
            .filter(bookings::starts_at.gt(occupied.start - LONGEST_OCCUPATION)),
        _ => query
            .filter(bookings::therapist_id.eq(slot.therapist_id.0))
            .filter(bookings::starts_at.lt(occupied.end))
            .filter(bookings::occupied_until.gt(occupied.start))
            .filter(bookings::starts_at.gt(occupied.start - LONGEST_OCCUPATION)),
    };
    let row: Option<BookingRow> = query
        .order(bookings::starts_at.asc())
        .select(BookingRow::as_select())
        .first(conn)
        .await
        .optional()?;
    row.map(Booking::try_from).transpose()
}

/// The statement of [`busy_between`], built once for running and for `EXPLAIN`.
type BusyQuery = bookings::BoxedQuery<
    'static,
    diesel::pg::Pg,
    (
        diesel::sql_types::Uuid,
        diesel::sql_types::Timestamptz,
        diesel::sql_types::Timestamptz,
    ),
>;

fn busy_query(practice: PracticeId, therapists: &[StaffId], from: DateTime<Utc>, to: DateTime<Utc>) -> BusyQuery {
    let ids: Vec<Uuid> = therapists.iter().map(|s| s.0).collect();
    bookings::table
        .into_boxed()
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::therapist_id.eq_any(ids))
        .filter(bookings::status.ne(BookingStatus::Cancelled.as_str()))
        .filter(bookings::starts_at.lt(to))
        .filter(bookings::occupied_until.gt(from))
        // What occupies `from` started at most the longest occupation before it (the
        // `bookings_length` and buffer checks): the index is read from there, not from the
        // therapist's first booking.
        .filter(bookings::starts_at.gt(from - LONGEST_OCCUPATION))
        .select((bookings::therapist_id, bookings::starts_at, bookings::occupied_until))
}

/// The occupied spans (with buffers) of the therapists' bookings that touch `[from, to)`.
pub async fn busy_between(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    therapists: &[StaffId],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(StaffId, Span)>, StoreError> {
    let rows: Vec<(Uuid, DateTime<Utc>, DateTime<Utc>)> = busy_query(practice, therapists, from, to).load(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, start, end)| (StaffId(id), Span::new(start, end)))
        .collect())
}

/// PostgreSQL's plan for [`busy_between`] with these parameters (`EXPLAIN (FORMAT JSON)`).
pub async fn explain_busy_between(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    therapists: &[StaffId],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<serde_json::Value, StoreError> {
    crate::explain::explain(conn, busy_query(practice, therapists, from, to)).await
}
