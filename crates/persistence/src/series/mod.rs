//! Booking series as stored: the pattern (first local start, zone, rule text), who and where,
//! the exceptions that single-occurrence edits leave, and how far occurrence rows exist.
//! Submodules: `edit` (create, change, end: the writes that rewrite occurrence rows), `plan`
//! (the bookings in the way of planned occurrences, and writing occurrence rows), `write`
//! (series and exception rows) and `horizon` (booking occurrences as they come into reach).

pub mod edit;
pub mod horizon;
pub mod plan;
pub mod preview;
pub mod write;

use crate::StoreError;
use crate::schema::{booking_series, booking_series_exceptions};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::recurrence::{Exception, ExceptionKind, RecurrenceRule, Series, SeriesPattern};
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

/// Who, with whom, what and where: the parts of a series that are not its timing.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesTerms {
    pub client_id: ClientId,
    pub therapist_id: StaffId,
    pub service_id: Uuid,
    pub room_id: Option<Uuid>,
    /// Copied from the service when booked.
    pub buffer_minutes: i32,
    /// Occurrences may fall outside working hours or in time off.
    pub outside_hours: bool,
}

impl SeriesTerms {
    /// What an occurrence from `start` to `end` holds.
    pub fn slot(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> knead_domain::booking::Slot {
        knead_domain::booking::Slot {
            client_id: self.client_id,
            therapist_id: self.therapist_id,
            service_id: self.service_id,
            room_id: self.room_id,
            starts_at: start,
            ends_at: end,
            buffer_minutes: self.buffer_minutes,
            outside_hours: self.outside_hours,
        }
    }
}

/// An exception as stored; `Skipped` (in the way of another booking when the occurrences were
/// written) is a cancelled occurrence to the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredKind {
    Cancelled,
    Skipped,
    Moved { local: NaiveDateTime, minutes: Option<i32> },
}

impl StoredKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Cancelled => "cancelled",
            Self::Skipped => "skipped",
            Self::Moved { .. } => "moved",
        }
    }

    /// What the calendar rules see.
    pub fn domain(self) -> ExceptionKind {
        match self {
            Self::Cancelled | Self::Skipped => ExceptionKind::Cancelled,
            Self::Moved { local, minutes } => ExceptionKind::Moved {
                local,
                duration: minutes.map(|m| TimeDelta::minutes(i64::from(m))),
            },
        }
    }

    /// A domain exception as stored (a cancelled one is `Cancelled`, not `Skipped`).
    pub fn from_domain(kind: ExceptionKind) -> Self {
        match kind {
            ExceptionKind::Cancelled => Self::Cancelled,
            ExceptionKind::Moved { local, duration } => Self::Moved {
                local,
                minutes: duration.and_then(|d| i32::try_from(d.num_minutes()).ok()),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredException {
    pub recurrence_id: NaiveDateTime,
    pub kind: StoredKind,
}

/// A series row with its exceptions.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSeries {
    pub id: Uuid,
    pub terms: SeriesTerms,
    pub first_local: NaiveDateTime,
    pub time_zone: chrono_tz::Tz,
    pub rrule: String,
    pub duration_minutes: i32,
    pub previous_id: Option<Uuid>,
    pub materialised_until: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub created_by: StaffId,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub exceptions: Vec<StoredException>,
}

impl StoredSeries {
    /// The series as the calendar rules see it.
    pub fn series(&self) -> Result<Series, StoreError> {
        let corrupt = |e: knead_domain::Invalid| StoreError::Corrupt(format!("series {}: {}", self.id, e.0));
        let rule = RecurrenceRule::parse(&self.rrule).map_err(corrupt)?;
        let pattern = SeriesPattern::new(self.first_local, self.time_zone, rule).map_err(corrupt)?;
        Series::with_exceptions(
            pattern,
            TimeDelta::minutes(i64::from(self.duration_minutes)),
            self.exceptions.iter().map(|e| Exception {
                recurrence_id: e.recurrence_id,
                kind: e.kind.domain(),
            }),
        )
        .map_err(corrupt)
    }

    pub fn exception(&self, recurrence_id: NaiveDateTime) -> Option<StoredKind> {
        self.exceptions
            .iter()
            .find(|e| e.recurrence_id == recurrence_id)
            .map(|e| e.kind)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = booking_series, check_for_backend(diesel::pg::Pg))]
pub(crate) struct SeriesRow {
    id: Uuid,
    client_id: Uuid,
    therapist_id: Uuid,
    service_id: Uuid,
    room_id: Option<Uuid>,
    first_local: NaiveDateTime,
    time_zone: String,
    rrule: String,
    duration_minutes: i32,
    buffer_minutes: i32,
    outside_hours: bool,
    previous_id: Option<Uuid>,
    materialised_until: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    created_by: Uuid,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = booking_series_exceptions, check_for_backend(diesel::pg::Pg))]
struct ExceptionRow {
    recurrence_id: NaiveDateTime,
    kind: String,
    moved_local: Option<NaiveDateTime>,
    moved_minutes: Option<i32>,
}

impl ExceptionRow {
    fn stored(self, series: Uuid) -> Result<StoredException, StoreError> {
        Ok(StoredException {
            recurrence_id: self.recurrence_id,
            kind: stored_kind(series, &self.kind, self.moved_local, self.moved_minutes)?,
        })
    }
}

/// An exception row's kind from its columns: the one place that reads the stored words.
pub(crate) fn stored_kind(
    series: Uuid,
    kind: &str,
    moved_local: Option<NaiveDateTime>,
    moved_minutes: Option<i32>,
) -> Result<StoredKind, StoreError> {
    match (kind, moved_local) {
        ("cancelled", _) => Ok(StoredKind::Cancelled),
        ("skipped", _) => Ok(StoredKind::Skipped),
        ("moved", Some(local)) => Ok(StoredKind::Moved {
            local,
            minutes: moved_minutes,
        }),
        (other, _) => Err(StoreError::Corrupt(format!("series {series}: exception kind {other}"))),
    }
}

fn stored(row: SeriesRow, exceptions: Vec<ExceptionRow>) -> Result<StoredSeries, StoreError> {
    let time_zone = row
        .time_zone
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("series {}: zone {}", row.id, row.time_zone)))?;
    let exceptions = exceptions
        .into_iter()
        .map(|e| e.stored(row.id))
        .collect::<Result<_, _>>()?;
    Ok(StoredSeries {
        id: row.id,
        terms: SeriesTerms {
            client_id: ClientId(row.client_id),
            therapist_id: StaffId(row.therapist_id),
            service_id: row.service_id,
            room_id: row.room_id,
            buffer_minutes: row.buffer_minutes,
            outside_hours: row.outside_hours,
        },
        first_local: row.first_local,
        time_zone,
        rrule: row.rrule,
        duration_minutes: row.duration_minutes,
        previous_id: row.previous_id,
        materialised_until: row.materialised_until,
        ended_at: row.ended_at,
        created_by: StaffId(row.created_by),
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
        exceptions,
    })
}

/// One series with its exceptions.
pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<StoredSeries, StoreError> {
    let row: SeriesRow = booking_series::table
        .find((practice.0, id))
        .select(SeriesRow::as_select())
        .first(conn)
        .await?;
    load_exceptions(conn, practice, row).await
}

/// One series, locked until the transaction ends (edits and the horizon job take this lock).
pub(crate) async fn lock(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
) -> Result<StoredSeries, StoreError> {
    let row: SeriesRow = booking_series::table
        .find((practice.0, id))
        .select(SeriesRow::as_select())
        .for_update()
        .first(conn)
        .await?;
    load_exceptions(conn, practice, row).await
}

async fn load_exceptions(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    row: SeriesRow,
) -> Result<StoredSeries, StoreError> {
    let exceptions: Vec<ExceptionRow> = booking_series_exceptions::table
        .filter(booking_series_exceptions::practice_id.eq(practice.0))
        .filter(booking_series_exceptions::series_id.eq(row.id))
        .order(booking_series_exceptions::recurrence_id.asc())
        .select(ExceptionRow::as_select())
        .load(conn)
        .await?;
    stored(row, exceptions)
}

/// Which series a list shows.
#[derive(Debug, Clone, Default)]
pub struct SeriesQuery {
    pub client: Option<ClientId>,
    pub therapist: Option<StaffId>,
    /// Keyset: strictly after this id (ids are time-ordered).
    pub after: Option<Uuid>,
    pub limit: i64,
}

/// A page of series, oldest first, with their exceptions (two statements).
pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    q: &SeriesQuery,
) -> Result<Vec<StoredSeries>, StoreError> {
    let mut query = booking_series::table
        .filter(booking_series::practice_id.eq(practice.0))
        .into_boxed();
    if let Some(client) = q.client {
        query = query.filter(booking_series::client_id.eq(client.0));
    }
    if let Some(therapist) = q.therapist {
        query = query.filter(booking_series::therapist_id.eq(therapist.0));
    }
    if let Some(after) = q.after {
        query = query.filter(booking_series::id.gt(after));
    }
    let rows: Vec<SeriesRow> = query
        .order(booking_series::id.asc())
        .limit(q.limit)
        .select(SeriesRow::as_select())
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut exceptions: Vec<(Uuid, ExceptionRow)> = booking_series_exceptions::table
        .filter(booking_series_exceptions::practice_id.eq(practice.0))
        .filter(booking_series_exceptions::series_id.eq_any(ids))
        .order(booking_series_exceptions::recurrence_id.asc())
        .select((booking_series_exceptions::series_id, ExceptionRow::as_select()))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let mine = exceptions
                .extract_if(.., |(series, _)| *series == row.id)
                .map(|(_, e)| e);
            let mine = mine.collect();
            stored(row, mine)
        })
        .collect()
}
