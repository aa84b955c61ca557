//! What a calendar feed is built from, read in three statements whatever the number of
//! bookings: a therapist's series with their exceptions, and live booking rows with the names
//! an event may show (client names, service, therapist, room). Nothing clinical is selected.

use crate::StoreError;
use crate::schema::{booking_series, booking_series_exceptions, bookings, clients, rooms, services, staff};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::booking::BookingStatus;
use knead_domain::calendar_feed::{FeedBooking, FeedSeries, HISTORY, Labels};
use knead_domain::recurrence::{Exception, RecurrenceRule, Series, SeriesPattern};
use knead_domain::{ClientId, PracticeId, StaffId, TimeZone};
use std::collections::HashMap;
use uuid::Uuid;

/// The names an event may show: client given and family name, therapist, service, room.
type Names = (String, String, String, String, Option<String>);

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = booking_series, check_for_backend(diesel::pg::Pg))]
struct SeriesRow {
    id: Uuid,
    first_local: NaiveDateTime,
    time_zone: String,
    rrule: String,
    duration_minutes: i32,
    materialised_until: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = booking_series_exceptions, check_for_backend(diesel::pg::Pg))]
struct ExceptionRow {
    series_id: Uuid,
    recurrence_id: NaiveDateTime,
    kind: String,
    moved_local: Option<NaiveDateTime>,
    moved_minutes: Option<i32>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = bookings, check_for_backend(diesel::pg::Pg))]
struct BookingRow {
    id: Uuid,
    therapist_id: Uuid,
    series_id: Option<Uuid>,
    recurrence_id: Option<NaiveDateTime>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn labels((client_given_name, client_family_name, therapist_name, service, room): Names) -> Labels {
    Labels {
        client_given_name,
        client_family_name,
        therapist_name,
        service,
        room,
    }
}

fn corrupt(id: Uuid, what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("booking series {id}: {what}"))
}

fn exception(row: ExceptionRow) -> Result<Exception, StoreError> {
    let kind = crate::series::stored_kind(row.series_id, &row.kind, row.moved_local, row.moved_minutes)?;
    Ok(Exception {
        recurrence_id: row.recurrence_id,
        kind: kind.domain(),
    })
}

/// The series as the domain sees it; `None` for a series ended before its first occurrence.
fn series(row: &SeriesRow, exceptions: Vec<Exception>) -> Result<Option<Series>, StoreError> {
    let zone = TimeZone::parse(&row.time_zone).map_err(|e| corrupt(row.id, e))?.tz();
    let rule = RecurrenceRule::parse(&row.rrule).map_err(|e| corrupt(row.id, e))?;
    let pattern = match SeriesPattern::new(row.first_local, zone, rule) {
        Ok(pattern) => pattern,
        Err(_) if row.ended_at.is_some() => return Ok(None),
        Err(e) => return Err(corrupt(row.id, e)),
    };
    let duration = TimeDelta::minutes(i64::from(row.duration_minutes));
    Series::with_exceptions(pattern, duration, exceptions)
        .map(Some)
        .map_err(|e| corrupt(row.id, e))
}

/// The therapist's series that may have occurrences from [`HISTORY`] before `now` on.
pub async fn therapist_series(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    therapist: StaffId,
    now: DateTime<Utc>,
) -> Result<Vec<FeedSeries>, StoreError> {
    let rows: Vec<(SeriesRow, Names)> = booking_series::table
        .inner_join(
            clients::table.on(clients::practice_id
                .eq(booking_series::practice_id)
                .and(clients::id.eq(booking_series::client_id))),
        )
        .inner_join(
            staff::table.on(staff::practice_id
                .eq(booking_series::practice_id)
                .and(staff::id.eq(booking_series::therapist_id))),
        )
        .inner_join(
            services::table.on(services::practice_id
                .eq(booking_series::practice_id)
                .and(services::id.eq(booking_series::service_id))),
        )
        .left_join(
            rooms::table.on(rooms::practice_id
                .eq(booking_series::practice_id)
                .and(rooms::id.nullable().eq(booking_series::room_id))),
        )
        .filter(booking_series::practice_id.eq(practice.0))
        .filter(booking_series::therapist_id.eq(therapist.0))
        .filter(
            booking_series::ended_at
                .is_null()
                .or(booking_series::ended_at.gt(now - HISTORY)),
        )
        .order(booking_series::id.asc())
        .select((
            SeriesRow::as_select(),
            (
                clients::given_name,
                clients::family_name,
                staff::display_name,
                services::name,
                rooms::name.nullable(),
            ),
        ))
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|(row, _)| row.id).collect();
    let mut exceptions: HashMap<Uuid, Vec<Exception>> = HashMap::new();
    let stored: Vec<ExceptionRow> = booking_series_exceptions::table
        .filter(booking_series_exceptions::practice_id.eq(practice.0))
        .filter(booking_series_exceptions::series_id.eq_any(&ids))
        .select(ExceptionRow::as_select())
        .load(conn)
        .await?;
    for row in stored {
        exceptions.entry(row.series_id).or_default().push(exception(row)?);
    }
    let mut found = Vec::with_capacity(rows.len());
    for (row, names) in rows {
        let Some(series) = series(&row, exceptions.remove(&row.id).unwrap_or_default())? else {
            continue;
        };
        found.push(FeedSeries {
            id: row.id,
            series,
            materialised_until: row.materialised_until,
            labels: labels(names),
            updated_at: row.updated_at,
        });
    }
    Ok(found)
}

/// Which live bookings a feed reads.
#[derive(Debug, Clone, Copy)]
pub enum FeedBookings {
    /// A therapist's bookings that end after [`HISTORY`] before `now`, and those of series
    /// occurrences from then on (moved earlier or not).
    Therapist { therapist: StaffId, now: DateTime<Utc> },
    /// A client's bookings that end after `now`.
    Client { client: ClientId, now: DateTime<Utc> },
}

/// Live (not cancelled) bookings with their names, by start.
pub async fn bookings(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    which: FeedBookings,
) -> Result<Vec<FeedBooking>, StoreError> {
    let mut query = crate::booking_row::with_names()
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::status.ne(BookingStatus::Cancelled.as_str()))
        .into_boxed();
    query = match which {
        FeedBookings::Therapist { therapist, now } => {
            let from = now - HISTORY;
            // Any zone's wall-clock time is within a day of UTC.
            let earliest_local = (from - TimeDelta::days(2)).naive_utc();
            query.filter(bookings::therapist_id.eq(therapist.0)).filter(
                bookings::ends_at
                    .gt(from)
                    .or(bookings::recurrence_id.ge(earliest_local)),
            )
        }
        FeedBookings::Client { client, now } => query
            .filter(bookings::client_id.eq(client.0))
            .filter(bookings::ends_at.gt(now)),
    };
    let rows: Vec<(BookingRow, Names)> = query
        .order((bookings::starts_at.asc(), bookings::id.asc()))
        .select((
            BookingRow::as_select(),
            (
                clients::given_name,
                clients::family_name,
                staff::display_name,
                services::name,
                rooms::name.nullable(),
            ),
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(row, names)| FeedBooking {
            id: row.id,
            therapist: StaffId(row.therapist_id),
            occurrence: row.series_id.zip(row.recurrence_id),
            start: row.starts_at,
            end: row.ends_at,
            labels: labels(names),
            updated_at: row.updated_at,
        })
        .collect())
}
