//! The horizon job: series are booked a year ahead ([`knead_domain::recurrence::HORIZON`]); as time passes, this books
//! the occurrences that come into that year.

use super::edit::{OnConflict, SeriesError, book};
use super::write::{set_materialised_until, touch};
use crate::StoreError;
use crate::schema::booking_series;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::recurrence::horizon_end;
use uuid::Uuid;

/// The horizon job: books the occurrences of every open series up to `now + HORIZON`, each
/// series in its own transaction under its row lock; clashing occurrences are skipped and
/// recorded (which changes the series' version). Running it again (or on two servers at once) books nothing twice. Returns the
/// number of rows booked.
pub async fn extend_due(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let until = horizon_end(now);
    let due: Vec<(Uuid, Uuid)> = booking_series::table
        .filter(booking_series::ended_at.is_null())
        .filter(booking_series::materialised_until.lt(until))
        .select((booking_series::practice_id, booking_series::id))
        .load(conn)
        .await?;
    let mut booked = 0;
    for (practice, id) in due {
        let practice = PracticeId(practice);
        booked += conn
            .transaction(async move |conn| {
                let current = super::lock(conn, practice, id).await?;
                if current.materialised_until >= until || current.ended_at.is_some() {
                    return Ok(0);
                }
                let series = current.series()?;
                let window = (current.materialised_until, until);
                let by = current.created_by;
                let (skipped, booked) = book(
                    conn,
                    practice,
                    id,
                    &current.terms,
                    &series,
                    window,
                    OnConflict::Skip,
                    by,
                    now,
                )
                .await?;
                if !skipped.is_empty() {
                    touch(conn, practice, id, now).await?;
                }
                set_materialised_until(conn, practice, id, until).await?;
                Ok::<_, SeriesError>(booked)
            })
            .await
            .map_err(|e| match e {
                SeriesError::Store(e) => e,
                SeriesError::Clashes(_) => StoreError::Corrupt("the horizon job skips clashes".into()),
            })?;
    }
    Ok(booked)
}
