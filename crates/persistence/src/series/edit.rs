//! Writing series and their occurrence rows, one transaction per change: creation, "this and
//! following" and "all future" changes (the series splits), ending a series, and the booking
//! of occurrences that the horizon job also uses (single-occurrence edits made through a
//! booking record their exception with `series::write::record_occurrence_change`).
//! Rows that started before the edit's `now` are never rewritten (the domain refuses such cuts).

use super::plan::{self, Clash};
use super::write::{self, NewSeriesRow};
use super::{self as series, SeriesTerms, StoredException, StoredKind, StoredSeries};
use crate::StoreError;
use crate::booking_row::{Booking, BookingRow};
use crate::schema::{bookings, session_notes};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::booking::BookingStatus;
use knead_domain::recurrence::{Changed, Ended, RowFate, Series, horizon_end, refused_as_empty, row_fate, to_book};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

pub use knead_domain::recurrence::{HORIZON, OnConflict};

#[derive(Debug, thiserror::Error)]
pub enum SeriesError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Occurrences clash with other bookings and the caller chose to reject.
    #[error("{} occurrences clash with other bookings", .0.len())]
    Clashes(Vec<Clash>),
}

impl From<diesel::result::Error> for SeriesError {
    fn from(err: diesel::result::Error) -> Self {
        Self::Store(err.into())
    }
}

/// A series as written, with the occurrences skipped for clashing.
#[derive(Debug, Clone)]
pub struct Written {
    pub series: StoredSeries,
    /// The series it was split from, as it now ends; `None` when it was rewritten in place.
    pub previous: Option<StoredSeries>,
    pub skipped: Vec<Clash>,
    pub booked: usize,
}

/// Creates a series and books its occurrences up to `now + HORIZON`.
pub async fn create(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    terms: &SeriesTerms,
    series: &Series,
    on_conflict: OnConflict,
    now: DateTime<Utc>,
    by: StaffId,
) -> Result<Written, SeriesError> {
    let until = horizon_end(now);
    conn.transaction(async move |conn| {
        let id = Uuid::now_v7();
        let row = NewSeriesRow {
            id,
            terms,
            series,
            previous_id: None,
            materialised_until: until,
            created_by: by,
            now,
        };
        write::insert(conn, practice, &row).await?;
        let from = series.pattern().first_start();
        let (skipped, booked) = book(conn, practice, id, terms, series, (from, until), on_conflict, by, now).await?;
        refuse_if_nothing_booked(&skipped, booked)?;
        let series = series::find(conn, practice, id).await?;
        Ok(Written {
            series,
            previous: None,
            skipped,
            booked,
        })
    })
    .await
}

/// A create or change under `on_conflict: skip` that would book nothing is refused like
/// `reject` ([`refused_as_empty`]); the transaction that wrote the series rolls back.
fn refuse_if_nothing_booked(skipped: &[Clash], booked: usize) -> Result<(), SeriesError> {
    match refused_as_empty(skipped.len(), booked) {
        true => Err(SeriesError::Clashes(skipped.to_vec())),
        false => Ok(()),
    }
}

/// Books the occurrences whose rule-given start lies in `window` that have no row yet.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn book(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    terms: &SeriesTerms,
    series: &Series,
    window: (DateTime<Utc>, DateTime<Utc>),
    on_conflict: OnConflict,
    by: StaffId,
    now: DateTime<Utc>,
) -> Result<(Vec<Clash>, usize), SeriesError> {
    let planned = series.occurrences_between(window.0, window.1);
    let Some(first) = <[_]>::first(&planned) else {
        return Ok((Vec::new(), 0));
    };
    let written = plan::written_from(conn, practice, id, first.recurrence_id).await?;
    let wanted = to_book(&planned, &written);
    let clashes = plan::clashes(conn, practice, terms, &wanted).await?;
    if !on_conflict.goes_on(clashes.len()) {
        return Err(SeriesError::Clashes(clashes));
    }
    for clash in &clashes {
        let skipped = StoredException {
            recurrence_id: clash.recurrence_id,
            kind: StoredKind::Skipped,
        };
        write::put_exception(conn, practice, id, skipped).await?;
    }
    let free: Vec<_> = wanted
        .into_iter()
        .filter(|o| !clashes.iter().any(|c| c.recurrence_id == o.recurrence_id))
        .collect();
    let booked = plan::insert_occurrences(conn, practice, id, terms, &free, by, now).await?;
    Ok((clashes, booked))
}

/// A change of a series from occurrence `cut` on, as the domain worked it out.
#[derive(Debug)]
pub struct SeriesChangeWrite<'a> {
    pub id: Uuid,
    /// The version the caller read.
    pub expected: i64,
    pub cut: NaiveDateTime,
    pub changed: &'a Changed,
    /// The terms from the cut on (the part before keeps the old ones).
    pub terms: &'a SeriesTerms,
    pub on_conflict: OnConflict,
    pub now: DateTime<Utc>,
    pub by: StaffId,
}

/// "This and following" / "all future": the series ends just before `cut` and a new series
/// (linking back) holds the changed occurrences; when `cut` is the first occurrence the series
/// is rewritten in place. Exception rows follow their occurrence; rows of occurrences the
/// change no longer has are detached (kept as single bookings); plain future rows are
/// replaced (deleted, or cancelled when a session note refers to them).
pub async fn change(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    edit: SeriesChangeWrite<'_>,
) -> Result<Written, SeriesError> {
    let until = horizon_end(edit.now);
    conn.transaction(async move |conn| {
        let current = series::lock(conn, practice, edit.id).await?;
        if current.version != edit.expected {
            return Err(StoreError::Stale.into());
        }
        let from = &edit.changed.from;
        let target = match &edit.changed.before {
            Some(before) => {
                write::rewrite(conn, practice, &current, &current.terms, before, None, edit.now).await?;
                let id = Uuid::now_v7();
                let row = NewSeriesRow {
                    id,
                    terms: edit.terms,
                    series: from,
                    previous_id: Some(current.id),
                    materialised_until: until,
                    created_by: edit.by,
                    now: edit.now,
                };
                write::insert(conn, practice, &row).await?;
                id
            }
            None => {
                write::rewrite(conn, practice, &current, edit.terms, from, None, edit.now).await?;
                write::set_materialised_until(conn, practice, current.id, until).await?;
                current.id
            }
        };
        let detached: Vec<_> = edit.changed.detached.iter().map(|e| e.recurrence_id).collect();
        let (mut follow, mut detach, mut replace) = (Vec::new(), Vec::new(), Vec::new());
        for row in rows_from(conn, practice, current.id, edit.cut).await? {
            let Some(occurrence) = row.occurrence else { continue };
            let rid = occurrence.recurrence_id;
            let exception = current.exception(rid).is_some();
            match row_fate(rid, row.status, exception, detached.contains(&rid), from) {
                RowFate::Follow(carried) => follow.push((row.id, carried)),
                RowFate::Detach => detach.push(row.id),
                RowFate::Replace => replace.push(row.id),
            }
        }
        detach_rows(conn, practice, &detach).await?;
        replace_rows(conn, practice, &replace, edit.now).await?;
        let carried = follow.len();
        for (id, rid) in follow {
            diesel::update(bookings::table.find((practice.0, id)))
                .set((
                    bookings::series_id.eq(Some(target)),
                    bookings::recurrence_id.eq(Some(rid)),
                ))
                .execute(conn)
                .await?;
        }
        let window = (from.pattern().first_start(), until);
        let (skipped, booked) = book(
            conn,
            practice,
            target,
            edit.terms,
            from,
            window,
            edit.on_conflict,
            edit.by,
            edit.now,
        )
        .await?;
        // Moved occurrences carried onto the target count as booked: it is not empty.
        refuse_if_nothing_booked(&skipped, booked + carried)?;
        let series = series::find(conn, practice, target).await?;
        let previous = match target == current.id {
            true => None,
            false => Some(series::find(conn, practice, current.id).await?),
        };
        Ok(Written {
            series,
            previous,
            skipped,
            booked,
        })
    })
    .await
}

/// Ends a series at `at`: open occurrences from then on are cancelled, earlier ones stay.
pub async fn end(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: i64,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<StoredSeries, StoreError> {
    conn.transaction(async move |conn| {
        let current = series::lock(conn, practice, id).await?;
        if current.version != expected {
            return Err(StoreError::Stale);
        }
        let series = current.series()?;
        let Ended { kept, .. } = series.end_at(at).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if let Some(cut) = series.pattern().first_at_or_after(at) {
            diesel::update(
                bookings::table
                    .filter(bookings::practice_id.eq(practice.0))
                    .filter(bookings::series_id.eq(id))
                    .filter(bookings::recurrence_id.ge(cut.local))
                    .filter(
                        bookings::status.eq_any([BookingStatus::Scheduled.as_str(), BookingStatus::Confirmed.as_str()]),
                    ),
            )
            .set((
                bookings::status.eq(BookingStatus::Cancelled.as_str()),
                bookings::cancel_reason.eq("the series was ended"),
                bookings::cancelled_late.eq(false),
                bookings::cancelled_at.eq(now),
                bookings::version.eq(bookings::version + 1),
                bookings::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        }
        let remains = kept.as_ref().unwrap_or(&series);
        write::rewrite(conn, practice, &current, &current.terms, remains, Some(at), now).await?;
        series::find(conn, practice, id).await
    })
    .await
}

async fn rows_from(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    series_id: Uuid,
    cut: NaiveDateTime,
) -> Result<Vec<Booking>, StoreError> {
    let rows: Vec<BookingRow> = bookings::table
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::series_id.eq(series_id))
        .filter(bookings::recurrence_id.ge(cut))
        .select(BookingRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(Booking::try_from).collect()
}

async fn detach_rows(conn: &mut AsyncPgConnection, practice: PracticeId, ids: &[Uuid]) -> Result<(), StoreError> {
    diesel::update(
        bookings::table
            .filter(bookings::practice_id.eq(practice.0))
            .filter(bookings::id.eq_any(ids)),
    )
    .set((
        bookings::series_id.eq(None::<Uuid>),
        bookings::recurrence_id.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the rows a change replaces; one a session note refers to is cancelled instead.
async fn replace_rows(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let noted = session_notes::table
        .filter(session_notes::practice_id.eq(bookings::practice_id))
        .filter(session_notes::booking_id.eq(bookings::id.nullable()));
    diesel::delete(
        bookings::table
            .filter(bookings::practice_id.eq(practice.0))
            .filter(bookings::id.eq_any(ids))
            .filter(diesel::dsl::not(diesel::dsl::exists(noted))),
    )
    .execute(conn)
    .await?;
    diesel::update(
        bookings::table
            .filter(bookings::practice_id.eq(practice.0))
            .filter(bookings::id.eq_any(ids)),
    )
    .set((
        bookings::status.eq(BookingStatus::Cancelled.as_str()),
        bookings::cancel_reason.eq("replaced by a change to the series"),
        bookings::cancelled_late.eq(false),
        bookings::cancelled_at.eq(now),
        bookings::series_id.eq(None::<Uuid>),
        bookings::recurrence_id.eq(None::<NaiveDateTime>),
        bookings::version.eq(bookings::version + 1),
    ))
    .execute(conn)
    .await?;
    Ok(())
}
