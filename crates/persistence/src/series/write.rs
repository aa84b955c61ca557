//! Writing series rows and their exceptions (the transactions around them are in
//! `series::edit`), including the exception a single-occurrence change made through its
//! booking leaves (inside the booking's transaction, in `bookings`).

use super::{SeriesTerms, StoredException, StoredKind, StoredSeries};
use crate::StoreError;
use crate::booking_row::Booking;
use crate::schema::{booking_series, booking_series_exceptions, bookings};
use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::booking::BookingStatus;
use knead_domain::recurrence::{ExceptionKind, Series};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

/// What a new series row holds.
pub(crate) struct NewSeriesRow<'a> {
    pub id: Uuid,
    pub terms: &'a SeriesTerms,
    pub series: &'a Series,
    pub previous_id: Option<Uuid>,
    pub materialised_until: DateTime<Utc>,
    pub created_by: StaffId,
    /// When it is written (its `created_at` and `updated_at`).
    pub now: DateTime<Utc>,
}

pub(crate) async fn insert(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    new: &NewSeriesRow<'_>,
) -> Result<(), StoreError> {
    let pattern = new.series.pattern();
    diesel::insert_into(booking_series::table)
        .values((
            booking_series::practice_id.eq(practice.0),
            booking_series::id.eq(new.id),
            booking_series::client_id.eq(new.terms.client_id.0),
            booking_series::therapist_id.eq(new.terms.therapist_id.0),
            booking_series::service_id.eq(new.terms.service_id),
            booking_series::room_id.eq(new.terms.room_id),
            booking_series::first_local.eq(pattern.first_local()),
            booking_series::time_zone.eq(pattern.zone().name()),
            booking_series::rrule.eq(pattern.rule().to_rrule_string()),
            booking_series::duration_minutes.eq(minutes(new.series.duration())),
            booking_series::buffer_minutes.eq(new.terms.buffer_minutes),
            booking_series::outside_hours.eq(new.terms.outside_hours),
            booking_series::previous_id.eq(new.previous_id),
            booking_series::materialised_until.eq(new.materialised_until),
            booking_series::created_by.eq(new.created_by.0),
            booking_series::created_at.eq(new.now),
            booking_series::updated_at.eq(new.now),
        ))
        .execute(conn)
        .await?;
    put_exceptions(conn, practice, new.id, new.series).await
}

/// Rewrites a series row's pattern, length and terms in place (the version goes up).
pub(crate) async fn rewrite(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    current: &StoredSeries,
    terms: &SeriesTerms,
    series: &Series,
    ended_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let pattern = series.pattern();
    diesel::update(booking_series::table.find((practice.0, current.id)))
        .set((
            booking_series::therapist_id.eq(terms.therapist_id.0),
            booking_series::service_id.eq(terms.service_id),
            booking_series::room_id.eq(terms.room_id),
            booking_series::buffer_minutes.eq(terms.buffer_minutes),
            booking_series::outside_hours.eq(terms.outside_hours),
            booking_series::first_local.eq(pattern.first_local()),
            booking_series::rrule.eq(pattern.rule().to_rrule_string()),
            booking_series::duration_minutes.eq(minutes(series.duration())),
            booking_series::ended_at.eq(ended_at),
            booking_series::version.eq(current.version + 1),
            booking_series::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    diesel::delete(
        booking_series_exceptions::table
            .filter(booking_series_exceptions::practice_id.eq(practice.0))
            .filter(booking_series_exceptions::series_id.eq(current.id)),
    )
    .execute(conn)
    .await?;
    // Skipped occurrences stay skipped (not cancelled) where the rewritten series keeps them.
    put_exceptions(conn, practice, current.id, series).await?;
    for skipped in current.exceptions.iter().filter(|e| e.kind == StoredKind::Skipped) {
        if series.exception(skipped.recurrence_id) == Some(ExceptionKind::Cancelled) {
            put_exception(conn, practice, current.id, *skipped).await?;
        }
    }
    Ok(())
}

async fn put_exceptions(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    series_id: Uuid,
    series: &Series,
) -> Result<(), StoreError> {
    for exception in series.exceptions() {
        let stored = StoredException {
            recurrence_id: exception.recurrence_id,
            kind: StoredKind::from_domain(exception.kind),
        };
        put_exception(conn, practice, series_id, stored).await?;
    }
    Ok(())
}

/// Records (or replaces) the exception of one occurrence.
pub(crate) async fn put_exception(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    series_id: Uuid,
    exception: StoredException,
) -> Result<(), StoreError> {
    let (moved_local, moved_minutes) = match exception.kind {
        StoredKind::Moved { local, minutes } => (Some(local), minutes),
        _ => (None, None),
    };
    diesel::insert_into(booking_series_exceptions::table)
        .values((
            booking_series_exceptions::practice_id.eq(practice.0),
            booking_series_exceptions::series_id.eq(series_id),
            booking_series_exceptions::recurrence_id.eq(exception.recurrence_id),
            booking_series_exceptions::kind.eq(exception.kind.as_str()),
            booking_series_exceptions::moved_local.eq(moved_local),
            booking_series_exceptions::moved_minutes.eq(moved_minutes),
        ))
        .on_conflict((
            booking_series_exceptions::practice_id,
            booking_series_exceptions::series_id,
            booking_series_exceptions::recurrence_id,
        ))
        .do_update()
        .set((
            booking_series_exceptions::kind.eq(exception.kind.as_str()),
            booking_series_exceptions::moved_local.eq(moved_local),
            booking_series_exceptions::moved_minutes.eq(moved_minutes),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a series as changed (its version, and so its ETag, goes up) when one of its
/// exceptions changed outside an edit of the series itself: an occurrence cancelled or moved
/// through its booking, or skipped by the horizon job. An edit that read the series before
/// then fails its version check instead of overwriting what it never saw.
pub(crate) async fn touch(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    diesel::update(booking_series::table.find((practice.0, id)))
        .set((
            booking_series::version.eq(booking_series::version + 1),
            booking_series::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks the series a booking is an occurrence of, if any, until the transaction ends.
/// Single-occurrence changes take it before they write the booking, in the same order as
/// series edits (series, then its rows), so the two cannot deadlock.
pub(crate) async fn lock_series_of(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    booking: Uuid,
) -> Result<(), StoreError> {
    let series: Option<Option<Uuid>> = bookings::table
        .find((practice.0, booking))
        .select(bookings::series_id)
        .first(conn)
        .await
        .optional()?;
    if let Some(Some(series)) = series {
        booking_series::table
            .find((practice.0, series))
            .select(booking_series::id)
            .for_update()
            .first::<Uuid>(conn)
            .await?;
    }
    Ok(())
}

pub(crate) fn minutes(duration: TimeDelta) -> i32 {
    i32::try_from(duration.num_minutes()).unwrap_or(i32::MAX)
}

pub(crate) async fn set_materialised_until(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    until: DateTime<Utc>,
) -> Result<(), StoreError> {
    diesel::update(booking_series::table.find((practice.0, id)))
        .set(booking_series::materialised_until.eq(until))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a single-occurrence change made through its booking (moved, or re-assigned: kept
/// as it is by later series edits), or its cancellation. No-op for a booking outside a series.
pub(crate) async fn record_occurrence_change(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(occurrence) = booking.occurrence else {
        return Ok(());
    };
    let kind = if booking.status == BookingStatus::Cancelled {
        StoredKind::Cancelled
    } else {
        let zone: String = booking_series::table
            .find((practice.0, occurrence.series_id))
            .select(booking_series::time_zone)
            .first(conn)
            .await?;
        let zone: chrono_tz::Tz = zone
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("series {}: zone {zone}", occurrence.series_id)))?;
        StoredKind::Moved {
            local: booking.slot.starts_at.with_timezone(&zone).naive_local(),
            minutes: Some(minutes(booking.slot.ends_at - booking.slot.starts_at)),
        }
    };
    let exception = StoredException {
        recurrence_id: occurrence.recurrence_id,
        kind,
    };
    put_exception(conn, practice, occurrence.series_id, exception).await?;
    touch(conn, practice, occurrence.series_id, now).await
}
