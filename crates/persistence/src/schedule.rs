//! Therapists' working hours (a weekly template, replaced as a whole) and time off. Loads for
//! availability take many therapists at once, so a practice's week costs one query per table.

use crate::StoreError;
use crate::schema::{time_off, working_hours};
use chrono::{DateTime, NaiveTime, Utc, Weekday};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::schedule::{Span, WeeklyHours, WorkInterval};
use knead_domain::{PracticeId, StaffId};
use std::collections::HashMap;
use uuid::Uuid;

fn weekday_of(n: i16) -> Result<Weekday, StoreError> {
    u8::try_from(n)
        .ok()
        .filter(|n| (1..=7).contains(n))
        .and_then(|n| Weekday::try_from(n - 1).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("weekday {n}")))
}

/// Each therapist's template (therapists without one are absent from the map).
pub async fn hours_of(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    staff: &[StaffId],
) -> Result<HashMap<StaffId, WeeklyHours>, StoreError> {
    let ids: Vec<Uuid> = staff.iter().map(|s| s.0).collect();
    let rows: Vec<(Uuid, i16, NaiveTime, NaiveTime)> = working_hours::table
        .filter(working_hours::practice_id.eq(practice.0))
        .filter(working_hours::staff_id.eq_any(ids))
        .select((
            working_hours::staff_id,
            working_hours::weekday,
            working_hours::starts,
            working_hours::ends,
        ))
        .load(conn)
        .await?;
    let mut grouped: HashMap<StaffId, Vec<WorkInterval>> = HashMap::new();
    for (staff_id, weekday, starts, ends) in rows {
        grouped.entry(StaffId(staff_id)).or_default().push(WorkInterval {
            weekday: weekday_of(weekday)?,
            starts,
            ends,
        });
    }
    grouped
        .into_iter()
        .map(|(id, intervals)| {
            WeeklyHours::new(intervals)
                .map(|hours| (id, hours))
                .map_err(|(_, e)| StoreError::Corrupt(format!("working hours of {}: {e}", id.0)))
        })
        .collect()
}

/// Replaces a therapist's template in one transaction.
pub async fn replace_hours(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    staff: StaffId,
    hours: &WeeklyHours,
) -> Result<(), StoreError> {
    let rows: Vec<_> = hours
        .intervals()
        .iter()
        .map(|w| {
            (
                working_hours::practice_id.eq(practice.0),
                working_hours::staff_id.eq(staff.0),
                working_hours::weekday.eq(w.weekday.number_from_monday() as i16),
                working_hours::starts.eq(w.starts),
                working_hours::ends.eq(w.ends),
            )
        })
        .collect();
    conn.transaction(async move |conn| {
        diesel::delete(
            working_hours::table
                .filter(working_hours::practice_id.eq(practice.0))
                .filter(working_hours::staff_id.eq(staff.0)),
        )
        .execute(conn)
        .await?;
        diesel::insert_into(working_hours::table)
            .values(rows)
            .execute(conn)
            .await?;
        Ok::<_, StoreError>(())
    })
    .await
}

/// A stretch of time off.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = time_off, check_for_backend(diesel::pg::Pg))]
pub struct TimeOff {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

impl TimeOff {
    pub fn span(&self) -> Span {
        Span::new(self.starts_at, self.ends_at)
    }
}

pub async fn insert_time_off(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    staff: StaffId,
    span: Span,
    reason: String,
    now: DateTime<Utc>,
) -> Result<TimeOff, StoreError> {
    diesel::insert_into(time_off::table)
        .values((
            time_off::practice_id.eq(practice.0),
            time_off::id.eq(Uuid::now_v7()),
            time_off::staff_id.eq(staff.0),
            time_off::starts_at.eq(span.start),
            time_off::ends_at.eq(span.end),
            time_off::reason.eq(reason),
            time_off::created_at.eq(now),
        ))
        .returning(TimeOff::as_returning())
        .get_result(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn find_time_off(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
) -> Result<TimeOff, StoreError> {
    time_off::table
        .find((practice.0, id))
        .select(TimeOff::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn delete_time_off(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<(), StoreError> {
    let deleted = diesel::delete(time_off::table.find((practice.0, id)))
        .execute(conn)
        .await?;
    if deleted == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// The therapists' time off that overlaps `[from, to)`, by start.
pub async fn time_off_between(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    staff: &[StaffId],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<TimeOff>, StoreError> {
    let ids: Vec<Uuid> = staff.iter().map(|s| s.0).collect();
    time_off::table
        .filter(time_off::practice_id.eq(practice.0))
        .filter(time_off::staff_id.eq_any(ids))
        .filter(time_off::ends_at.gt(from))
        .filter(time_off::starts_at.lt(to))
        .order((time_off::starts_at.asc(), time_off::id.asc()))
        .select(TimeOff::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}
