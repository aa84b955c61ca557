//! The practice's closed days: listed by date range, added (one per date), removed.

use crate::StoreError;
use crate::schema::closed_days;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::closed_days::ClosedDayName;
use uuid::Uuid;

/// The constraint that keeps one closed day per date.

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = closed_days, check_for_backend(diesel::pg::Pg))]
pub struct ClosedDay {
    pub id: Uuid,
    pub day: NaiveDate,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    day: NaiveDate,
    name: &ClosedDayName,
    now: DateTime<Utc>,
) -> Result<ClosedDay, StoreError> {
    diesel::insert_into(closed_days::table)
        .values((
            closed_days::practice_id.eq(practice.0),
            closed_days::id.eq(Uuid::now_v7()),
            closed_days::day.eq(day),
            closed_days::name.eq(name.as_str()),
            closed_days::created_at.eq(now),
        ))
        .returning(ClosedDay::as_returning())
        .get_result(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<ClosedDay, StoreError> {
    closed_days::table
        .find((practice.0, id))
        .select(ClosedDay::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

/// Removes one; `NotFound` when the practice has no such closed day.
pub async fn delete(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<(), StoreError> {
    let deleted = diesel::delete(closed_days::table.find((practice.0, id)))
        .execute(conn)
        .await?;
    match deleted {
        0 => Err(StoreError::NotFound),
        _ => Ok(()),
    }
}

/// The closed days from `from` to `to` (both included), by date.
pub async fn between(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ClosedDay>, StoreError> {
    closed_days::table
        .filter(closed_days::practice_id.eq(practice.0))
        .filter(closed_days::day.between(from, to))
        .order(closed_days::day.asc())
        .select(ClosedDay::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}

/// Only the dates, for availability and booking checks.
pub async fn dates_between(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, StoreError> {
    closed_days::table
        .filter(closed_days::practice_id.eq(practice.0))
        .filter(closed_days::day.between(from, to))
        .order(closed_days::day.asc())
        .select(closed_days::day)
        .load(conn)
        .await
        .map_err(StoreError::from)
}
