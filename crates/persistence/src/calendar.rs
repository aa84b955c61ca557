//! The calendar: bookings with the client's name and handling alerts, the service's name and
//! the room's name, filtered and paged, in one statement.

use crate::StoreError;
use crate::booking_row::{Booking, BookingRow, with_names};
use crate::schema::{bookings, clients, rooms, services};
use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::booking::BookingStatus;
use knead_domain::clinical::HandlingAlert;
use knead_domain::{ClientId, PracticeId, SessionLength, StaffId};
use uuid::Uuid;

/// Which bookings a calendar shows.
#[derive(Debug, Clone, Default)]
pub struct CalendarQuery {
    /// Just this booking.
    pub id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub therapist: Option<StaffId>,
    pub client: Option<ClientId>,
    pub room: Option<Uuid>,
    pub series: Option<Uuid>,
    pub statuses: Vec<BookingStatus>,
    /// Keyset: strictly after this (start, id).
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: i64,
}

/// A booking as a calendar shows it: with the client's name and handling alerts, the
/// service's name and preparation, and the room's name.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEntry {
    pub booking: Booking,
    pub client_given_name: String,
    pub client_family_name: String,
    pub client_alerts: Vec<HandlingAlert>,
    pub service_name: String,
    pub room_name: Option<String>,
}

type Names = (String, String, serde_json::Value, String, Option<String>);

/// One booking as the calendar shows it.
pub async fn entry(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<CalendarEntry, StoreError> {
    let query = CalendarQuery {
        id: Some(id),
        limit: 1,
        ..CalendarQuery::default()
    };
    calendar(conn, practice, &query)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The calendar's statement before its columns are chosen: filtered, ordered and limited.
type CalendarSource = diesel::dsl::IntoBoxed<'static, with_names, Pg>;

/// The statement for one page, built once for running and for `EXPLAIN`.
fn calendar_query(practice: PracticeId, q: &CalendarQuery) -> CalendarSource {
    let mut query = with_names().into_boxed().filter(bookings::practice_id.eq(practice.0));
    if let Some(id) = q.id {
        query = query.filter(bookings::id.eq(id));
    }
    if let Some(from) = q.from {
        // A booking lasts at most `SessionLength::MAX_MINUTES` (the `bookings_length` check),
        // so one still running at `from` started after `from` less that: the start index is
        // read from the range shown, not from the practice's first booking.
        let earliest_start = from - TimeDelta::minutes(SessionLength::MAX_MINUTES);
        query = query.filter(bookings::ends_at.gt(from).and(bookings::starts_at.gt(earliest_start)));
    }
    if let Some(to) = q.to {
        query = query.filter(bookings::starts_at.lt(to));
    }
    if let Some(therapist) = q.therapist {
        query = query.filter(bookings::therapist_id.eq(therapist.0));
    }
    if let Some(client) = q.client {
        query = query.filter(bookings::client_id.eq(client.0));
    }
    if let Some(room) = q.room {
        query = query.filter(bookings::room_id.eq(room));
    }
    if let Some(series) = q.series {
        query = query.filter(bookings::series_id.eq(series));
    }
    if !q.statuses.is_empty() {
        query = query.filter(bookings::status.eq_any(q.statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>()));
    }
    if let Some((start, id)) = q.after {
        query = query.filter(
            bookings::starts_at
                .gt(start)
                .or(bookings::starts_at.eq(start).and(bookings::id.gt(id))),
        );
    }
    query
        .order((bookings::starts_at.asc(), bookings::id.asc()))
        .limit(q.limit)
}

/// PostgreSQL's plan for [`calendar`] with these parameters (`EXPLAIN (FORMAT JSON)`).
pub async fn explain_calendar(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    q: &CalendarQuery,
) -> Result<serde_json::Value, StoreError> {
    crate::explain::explain(conn, calendar_query(practice, q)).await
}

/// One page of the calendar, by start, in one statement.
pub async fn calendar(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    q: &CalendarQuery,
) -> Result<Vec<CalendarEntry>, StoreError> {
    let rows: Vec<(BookingRow, Names)> = calendar_query(practice, q)
        .select((
            BookingRow::as_select(),
            (
                clients::given_name,
                clients::family_name,
                clients::alerts,
                services::name,
                rooms::name.nullable(),
            ),
        ))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|(row, (given, family, alerts, service, room))| {
            let client_alerts = serde_json::from_value(alerts)
                .map_err(|e| StoreError::Corrupt(format!("alerts of client {}: {e}", row.client_id)))?;
            Ok(CalendarEntry {
                booking: row.try_into()?,
                client_given_name: given,
                client_family_name: family,
                client_alerts,
                service_name: service,
                room_name: room,
            })
        })
        .collect()
}
