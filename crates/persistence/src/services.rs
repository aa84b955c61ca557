//! Services (what is booked: length, price, buffer after, preparation) and treatment rooms.

use crate::StoreError;
use crate::schema::{rooms, services};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use uuid::Uuid;

/// A service as entered.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = services, check_for_backend(diesel::pg::Pg))]
pub struct ServiceDetails {
    pub name: String,
    pub duration_minutes: i32,
    pub price_cents: i32,
    pub buffer_minutes: i32,
    #[diesel(treat_none_as_null = true)]
    pub preparation: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = services, check_for_backend(diesel::pg::Pg))]
pub struct Service {
    pub id: Uuid,
    #[diesel(embed)]
    pub details: ServiceDetails,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert_service(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    details: ServiceDetails,
    now: DateTime<Utc>,
) -> Result<Service, StoreError> {
    let id = Uuid::now_v7();
    diesel::insert_into(services::table)
        .values((
            services::practice_id.eq(practice.0),
            services::id.eq(id),
            details,
            services::created_at.eq(now),
            services::updated_at.eq(now),
        ))
        .returning(Service::as_returning())
        .get_result(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn find_service(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<Service, StoreError> {
    services::table
        .find((practice.0, id))
        .select(Service::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

/// The practice's services by name; inactive ones only when asked.
pub async fn list_services(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    include_inactive: bool,
) -> Result<Vec<Service>, StoreError> {
    let mut query = services::table
        .filter(services::practice_id.eq(practice.0))
        .into_boxed();
    if !include_inactive {
        query = query.filter(services::active.eq(true));
    }
    query
        .order((services::name.asc(), services::id.asc()))
        .select(Service::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn update_service(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    details: ServiceDetails,
    now: DateTime<Utc>,
) -> Result<Service, StoreError> {
    let current = find_service(conn, practice, id).await?;
    let expected = expected.unwrap_or(current.version);
    diesel::update(
        services::table
            .find((practice.0, id))
            .filter(services::version.eq(expected)),
    )
    .set((
        details,
        services::version.eq(expected + 1),
        services::updated_at.eq(now),
    ))
    .returning(Service::as_returning())
    .get_result(conn)
    .await
    .optional()?
    .ok_or(StoreError::Stale)
}

/// A treatment room.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = rooms, check_for_backend(diesel::pg::Pg))]
pub struct Room {
    pub id: Uuid,
    pub name: String,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert_room(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    name: String,
    active: bool,
    now: DateTime<Utc>,
) -> Result<Room, StoreError> {
    diesel::insert_into(rooms::table)
        .values((
            rooms::practice_id.eq(practice.0),
            rooms::id.eq(Uuid::now_v7()),
            rooms::name.eq(name),
            rooms::active.eq(active),
            rooms::created_at.eq(now),
            rooms::updated_at.eq(now),
        ))
        .returning(Room::as_returning())
        .get_result(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn find_room(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<Room, StoreError> {
    rooms::table
        .find((practice.0, id))
        .select(Room::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn list_rooms(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<Vec<Room>, StoreError> {
    rooms::table
        .filter(rooms::practice_id.eq(practice.0))
        .order((rooms::name.asc(), rooms::id.asc()))
        .select(Room::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn update_room(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    name: String,
    active: bool,
    now: DateTime<Utc>,
) -> Result<Room, StoreError> {
    let current = find_room(conn, practice, id).await?;
    let expected = expected.unwrap_or(current.version);
    diesel::update(rooms::table.find((practice.0, id)).filter(rooms::version.eq(expected)))
        .set((
            rooms::name.eq(name),
            rooms::active.eq(active),
            rooms::version.eq(expected + 1),
            rooms::updated_at.eq(now),
        ))
        .returning(Room::as_returning())
        .get_result(conn)
        .await
        .optional()?
        .ok_or(StoreError::Stale)
}
