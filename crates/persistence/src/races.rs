//! Races on a client's calendar: name, date, distance, priority.

use crate::{StoreError, schema::races};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::client::RacePriority;
use knead_domain::{ClientId, PracticeId};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = races, check_for_backend(diesel::pg::Pg))]
struct RaceRow {
    practice_id: Uuid,
    id: Uuid,
    client_id: Uuid,
    name: String,
    race_date: NaiveDate,
    distance_meters: i32,
    priority: String,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A race as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct RaceDetails {
    pub name: String,
    pub date: NaiveDate,
    pub distance_meters: i32,
    pub priority: RacePriority,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Race {
    pub id: Uuid,
    pub client_id: ClientId,
    pub details: RaceDetails,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<RaceRow> for Race {
    type Error = StoreError;
    fn try_from(row: RaceRow) -> Result<Self, StoreError> {
        let priority =
            RacePriority::parse(&row.priority).map_err(|e| StoreError::Corrupt(format!("race {}: {e}", row.id)))?;
        Ok(Self {
            id: row.id,
            client_id: ClientId(row.client_id),
            details: RaceDetails {
                name: row.name,
                date: row.race_date,
                distance_meters: row.distance_meters,
                priority,
            },
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    details: RaceDetails,
    now: DateTime<Utc>,
) -> Result<Race, StoreError> {
    let row = RaceRow {
        practice_id: practice.0,
        id: Uuid::now_v7(),
        client_id: client.0,
        name: details.name,
        race_date: details.date,
        distance_meters: details.distance_meters,
        priority: details.priority.as_str().to_owned(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let stored: RaceRow = diesel::insert_into(races::table)
        .values(&row)
        .returning(RaceRow::as_returning())
        .get_result(conn)
        .await?;
    stored.try_into()
}

/// A client's races by date.
pub async fn for_client(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
) -> Result<Vec<Race>, StoreError> {
    let rows: Vec<RaceRow> = races::table
        .filter(races::practice_id.eq(practice.0))
        .filter(races::client_id.eq(client.0))
        .order((races::race_date.asc(), races::id.asc()))
        .select(RaceRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(Race::try_from).collect()
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<Race, StoreError> {
    let row: RaceRow = races::table
        .find((practice.0, id))
        .select(RaceRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    details: RaceDetails,
    now: DateTime<Utc>,
) -> Result<Race, StoreError> {
    let current = find(conn, practice, id).await?;
    let expected = expected.unwrap_or(current.version);
    let row: Option<RaceRow> = diesel::update(races::table.find((practice.0, id)).filter(races::version.eq(expected)))
        .set((
            races::name.eq(details.name),
            races::race_date.eq(details.date),
            races::distance_meters.eq(details.distance_meters),
            races::priority.eq(details.priority.as_str()),
            races::version.eq(expected + 1),
            races::updated_at.eq(now),
        ))
        .returning(RaceRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    row.ok_or(StoreError::Stale)?.try_into()
}

pub async fn delete(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<(), StoreError> {
    let deleted = diesel::delete(races::table.find((practice.0, id)))
        .execute(conn)
        .await?;
    if deleted == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
