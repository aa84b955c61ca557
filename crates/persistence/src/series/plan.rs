//! Planned occurrences against the calendar: which bookings stand in their way (one read for
//! the whole plan), and writing the rows of those that can be booked (one statement).

use super::SeriesTerms;
use crate::StoreError;
use crate::booking_row::{Booking, BookingRow};
use crate::schema::bookings;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::StaffId;
use knead_domain::booking::{BookingStatus, LONGEST_OCCUPATION, clashes_with, occupied};
use knead_domain::recurrence::PlannedOccurrence;
use knead_domain::schedule::Span;
use uuid::Uuid;

pub use knead_domain::booking::Resource;

/// An occurrence that cannot be booked, and the booking in its way.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    pub recurrence_id: NaiveDateTime,
    /// The occurrence's session (without the buffer).
    pub wanted: Span,
    pub resource: Resource,
    pub booking: Booking,
}

/// The first booking in the way of each planned occurrence (the therapist's time with buffers
/// first, then the room's, then the client's), read in one statement.
pub(crate) async fn clashes(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    terms: &SeriesTerms,
    planned: &[PlannedOccurrence],
) -> Result<Vec<Clash>, StoreError> {
    let (Some(first), Some(last)) = (
        planned.iter().map(|o| o.start).min(),
        planned
            .iter()
            .map(|o| occupied(o.start, o.end, terms.buffer_minutes).end)
            .max(),
    ) else {
        return Ok(Vec::new());
    };
    let room = terms.room_id.unwrap_or(Uuid::nil());
    let rows: Vec<BookingRow> = bookings::table
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::status.ne(BookingStatus::Cancelled.as_str()))
        .filter(bookings::starts_at.lt(last))
        .filter(bookings::occupied_until.gt(first))
        .filter(bookings::starts_at.gt(first - LONGEST_OCCUPATION))
        .filter(
            bookings::therapist_id
                .eq(terms.therapist_id.0)
                .or(bookings::client_id.eq(terms.client_id.0))
                .or(bookings::room_id.eq(room)),
        )
        .order(bookings::starts_at.asc())
        .select(BookingRow::as_select())
        .load(conn)
        .await?;
    let existing: Vec<Booking> = rows.into_iter().map(Booking::try_from).collect::<Result<_, _>>()?;
    Ok(planned
        .iter()
        .filter_map(|occurrence| first_clash(terms, occurrence, &existing))
        .collect())
}

fn first_clash(terms: &SeriesTerms, occurrence: &PlannedOccurrence, existing: &[Booking]) -> Option<Clash> {
    let wanted = terms.slot(occurrence.start, occurrence.end);
    Resource::ALL.into_iter().find_map(|resource| {
        existing
            .iter()
            .find(|b| clashes_with(resource, &wanted, &b.slot))
            .map(|b| Clash {
                recurrence_id: occurrence.recurrence_id,
                wanted: Span::new(occurrence.start, occurrence.end),
                resource,
                booking: b.clone(),
            })
    })
}

/// Writes a booking row for each occurrence (one statement); an occurrence that already has
/// its row is left as it is, so running this twice writes nothing new.
pub(crate) async fn insert_occurrences(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    series_id: Uuid,
    terms: &SeriesTerms,
    occurrences: &[PlannedOccurrence],
    created_by: StaffId,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    if occurrences.is_empty() {
        return Ok(0);
    }
    let (override_by, override_reason, override_note) = crate::booking_row::override_columns(terms.overridden.as_ref());
    let rows: Vec<_> = occurrences
        .iter()
        .map(|o| {
            (
                bookings::practice_id.eq(practice.0),
                bookings::id.eq(Uuid::now_v7()),
                bookings::client_id.eq(terms.client_id.0),
                bookings::therapist_id.eq(terms.therapist_id.0),
                bookings::service_id.eq(terms.service_id),
                bookings::room_id.eq(terms.room_id),
                bookings::starts_at.eq(o.start),
                bookings::ends_at.eq(o.end),
                bookings::buffer_minutes.eq(terms.buffer_minutes),
                bookings::occupied_until.eq(occupied(o.start, o.end, terms.buffer_minutes).end),
                bookings::outside_hours.eq(terms.outside_hours),
                bookings::override_by.eq(override_by),
                bookings::override_reason.eq(override_reason),
                bookings::override_note.eq(override_note.clone()),
                bookings::created_by.eq(created_by.0),
                bookings::created_at.eq(now),
                bookings::updated_at.eq(now),
                bookings::series_id.eq(Some(series_id)),
                bookings::recurrence_id.eq(Some(o.recurrence_id)),
            )
        })
        .collect();
    Ok(diesel::insert_into(bookings::table)
        .values(rows)
        .on_conflict((bookings::practice_id, bookings::series_id, bookings::recurrence_id))
        .do_nothing()
        .execute(conn)
        .await?)
}

/// The occurrences of a series that already have booking rows, from `from` (a local start) on.
pub(crate) async fn written_from(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    series_id: Uuid,
    from: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, StoreError> {
    let ids: Vec<Option<NaiveDateTime>> = bookings::table
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::series_id.eq(series_id))
        .filter(bookings::recurrence_id.ge(from))
        .select(bookings::recurrence_id)
        .load(conn)
        .await?;
    Ok(ids.into_iter().flatten().collect())
}
