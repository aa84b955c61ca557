//! Webhook endpoints (an owner's settings, with the encrypted signing secrets) and the
//! delivery log, which is also the queue the delivery workers claim from.

use crate::StoreError;
use crate::schema::{webhook_deliveries, webhook_endpoints};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use uuid::Uuid;

/// An endpoint's row. `secret` and `previous_secret` are ciphertexts (the API's keyring).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_endpoints, check_for_backend(diesel::pg::Pg))]
pub struct Endpoint {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<Option<String>>,
    pub clinical: bool,
    pub enabled: bool,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub consecutive_failures: i32,
    pub disabled_reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Endpoint {
    pub fn types(&self) -> Vec<String> {
        self.event_types.iter().flatten().cloned().collect()
    }
}

/// What an owner may change on an endpoint; `None` leaves a field as it is. Enabling an
/// endpoint clears the reason the server disabled it, and its failure count.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = webhook_endpoints)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub description: Option<Option<String>>,
    pub event_types: Option<Vec<Option<String>>>,
    pub enabled: Option<bool>,
    pub disabled_reason: Option<Option<String>>,
    pub consecutive_failures: Option<i32>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One attempt in the delivery log.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, QueryableByName)]
#[diesel(table_name = webhook_deliveries, check_for_backend(diesel::pg::Pg))]
pub struct Delivery {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub attempt: i32,
    pub status: String,
    pub due_at: DateTime<Utc>,
    pub response_status: Option<i32>,
    pub error: Option<String>,
    pub attempted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut AsyncPgConnection, endpoint: &Endpoint) -> Result<(), StoreError> {
    diesel::insert_into(webhook_endpoints::table)
        .values(endpoint)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<Endpoint, StoreError> {
    webhook_endpoints::table
        .find((practice.0, id))
        .select(Endpoint::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

/// The practice's endpoints, newest first.
pub async fn list(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<Vec<Endpoint>, StoreError> {
    webhook_endpoints::table
        .filter(webhook_endpoints::practice_id.eq(practice.0))
        .order((webhook_endpoints::created_at.desc(), webhook_endpoints::id.desc()))
        .select(Endpoint::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    changes: &EndpointChanges,
) -> Result<Endpoint, StoreError> {
    diesel::update(webhook_endpoints::table.find((practice.0, id)))
        .set(changes)
        .returning(Endpoint::as_returning())
        .get_result(conn)
        .await
        .map_err(StoreError::from)
}

/// Deletes an endpoint and its delivery log.
///
/// Its deliveries go first, in the order the delivery worker locks (deliveries, then their
/// endpoint): deleting the endpoint first and its deliveries by cascade could deadlock with a
/// delivery being recorded.
pub async fn delete(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<(), StoreError> {
    crate::transaction::run(conn, async |conn: &mut AsyncPgConnection| {
        diesel::delete(
            webhook_deliveries::table
                .filter(webhook_deliveries::practice_id.eq(practice.0))
                .filter(webhook_deliveries::endpoint_id.eq(id)),
        )
        .execute(conn)
        .await?;
        let deleted = diesel::delete(webhook_endpoints::table.find((practice.0, id)))
            .execute(conn)
            .await?;
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    })
    .await
}

/// Replaces the secret; the one it replaces keeps signing until `previous_expires_at`.
pub async fn rotate_secret(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    secret: &str,
    previous: &str,
    previous_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Endpoint, StoreError> {
    diesel::update(webhook_endpoints::table.find((practice.0, id)))
        .set((
            webhook_endpoints::secret.eq(secret),
            webhook_endpoints::previous_secret.eq(previous),
            webhook_endpoints::previous_secret_expires_at.eq(previous_expires_at),
            webhook_endpoints::updated_at.eq(now),
        ))
        .returning(Endpoint::as_returning())
        .get_result(conn)
        .await
        .map_err(StoreError::from)
}

/// An endpoint's delivery log, newest first, at most `limit` attempts.
pub async fn deliveries(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    endpoint: Uuid,
    limit: i64,
) -> Result<Vec<Delivery>, StoreError> {
    webhook_deliveries::table
        .filter(webhook_deliveries::practice_id.eq(practice.0))
        .filter(webhook_deliveries::endpoint_id.eq(endpoint))
        .order((webhook_deliveries::created_at.desc(), webhook_deliveries::id.desc()))
        .limit(limit)
        .select(Delivery::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn find_delivery(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
) -> Result<Delivery, StoreError> {
    webhook_deliveries::table
        .find((practice.0, id))
        .select(Delivery::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

/// Queues the event of `delivery` again for its endpoint, as a new first attempt due now.
pub async fn redeliver(
    conn: &mut AsyncPgConnection,
    delivery: &Delivery,
    now: DateTime<Utc>,
) -> Result<Delivery, StoreError> {
    let again = Delivery {
        id: Uuid::now_v7(),
        attempt: 1,
        status: "pending".into(),
        due_at: now,
        response_status: None,
        error: None,
        attempted_at: None,
        created_at: now,
        ..delivery.clone()
    };
    diesel::insert_into(webhook_deliveries::table)
        .values(&again)
        .execute(conn)
        .await?;
    Ok(again)
}

/// Claims up to `limit` due attempts of enabled endpoints: each one's `due_at` moves to
/// `lease_until`, so no other worker claims it meanwhile (rows another worker is claiming are
/// skipped, not waited for), and one left unfinished becomes due again when the lease ends.
pub async fn claim_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Delivery>, StoreError> {
    diesel::sql_query(
        "UPDATE webhook_deliveries d SET due_at = $2
         FROM (SELECT w.practice_id, w.id FROM webhook_deliveries w
               JOIN webhook_endpoints e ON e.practice_id = w.practice_id AND e.id = w.endpoint_id
               WHERE w.status = 'pending' AND w.due_at <= $1 AND e.enabled
               ORDER BY w.due_at LIMIT $3
               FOR UPDATE OF w SKIP LOCKED) c
         WHERE d.practice_id = c.practice_id AND d.id = c.id
         RETURNING d.*",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(lease_until)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
    .map_err(StoreError::from)
}

/// The event a delivery carries, as the payload needs it.
#[derive(Debug, Clone, QueryableByName)]
pub struct EventRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub r#type: String,
    #[diesel(sql_type = Text)]
    pub resource_type: String,
    #[diesel(sql_type = SqlUuid)]
    pub resource_id: Uuid,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub version: Option<i64>,
    #[diesel(sql_type = Bool)]
    pub clinical: bool,
    #[diesel(sql_type = Jsonb)]
    pub data: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub occurred_at: DateTime<Utc>,
}

pub async fn event(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<EventRow, StoreError> {
    diesel::sql_query(
        "SELECT id, type, resource_type, resource_id, version, clinical, data, occurred_at
         FROM events WHERE practice_id = $1 AND id = $2",
    )
    .bind::<SqlUuid, _>(practice.0)
    .bind::<SqlUuid, _>(id)
    .get_result(conn)
    .await
    .map_err(StoreError::from)
}

/// How an attempt ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub delivered: bool,
    pub response_status: Option<i32>,
    pub error: Option<String>,
    /// When to try again (a failure with attempts left), or `None`.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Records an attempt, queues the next one when there is one, and keeps the endpoint's count
/// of consecutive failures: a success resets it; reaching `disable_after` disables the
/// endpoint with the reason and queues an email to each owner. All in one transaction.
pub async fn record(
    conn: &mut AsyncPgConnection,
    delivery: &Delivery,
    outcome: &Outcome,
    now: DateTime<Utc>,
    disable_after: i32,
) -> Result<(), StoreError> {
    crate::transaction::run(conn, async |conn: &mut AsyncPgConnection| {
        let key = (delivery.practice_id, delivery.id);
        diesel::update(webhook_deliveries::table.find(key))
            .set((
                webhook_deliveries::status.eq(if outcome.delivered { "delivered" } else { "failed" }),
                webhook_deliveries::response_status.eq(outcome.response_status),
                webhook_deliveries::error.eq(&outcome.error),
                webhook_deliveries::attempted_at.eq(now),
            ))
            .execute(conn)
            .await?;
        let endpoint = webhook_endpoints::table.find((delivery.practice_id, delivery.endpoint_id));
        if outcome.delivered {
            diesel::update(endpoint)
                .set(webhook_endpoints::consecutive_failures.eq(0))
                .execute(conn)
                .await?;
            return Ok(());
        }
        if let Some(due) = outcome.retry_at {
            let next = Delivery {
                id: Uuid::now_v7(),
                attempt: delivery.attempt + 1,
                status: "pending".into(),
                due_at: due,
                response_status: None,
                error: None,
                attempted_at: None,
                created_at: now,
                ..delivery.clone()
            };
            diesel::insert_into(webhook_deliveries::table)
                .values(&next)
                .execute(conn)
                .await?;
        }
        // The failure that disables the endpoint also queues a message to each active owner.
        diesel::sql_query(
            "WITH updated AS (
                 UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
                     enabled = CASE WHEN consecutive_failures + 1 >= $3 THEN false ELSE enabled END,
                     disabled_reason = CASE WHEN consecutive_failures + 1 >= $3 AND enabled
                         THEN format('disabled after %s consecutive failed deliveries; the last: %s', $3, $4)
                         ELSE disabled_reason END
                 WHERE practice_id = $1 AND id = $2
                 RETURNING practice_id, id, consecutive_failures = $3 AS disabled_now)
             INSERT INTO email_messages (practice_id, id, intent, staff_id, webhook_endpoint_id,
                                         dedupe_key, message_id, status, due_at, created_at)
             SELECT s.practice_id, m.id, 'webhook_disabled', s.id, u.id,
                    'webhook_disabled:' || u.id || ':' || s.id || ':' || $5,
                    '<' || replace(m.id::text, '-', '') || '@webhook>', 'queued', $6, $6
             FROM updated u
             JOIN staff s ON s.practice_id = u.practice_id AND s.role = 'owner' AND s.active
             CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id, s.id AS for_staff) m
             WHERE u.disabled_now
             ON CONFLICT (practice_id, dedupe_key) DO NOTHING",
        )
        .bind::<SqlUuid, _>(delivery.practice_id)
        .bind::<SqlUuid, _>(delivery.endpoint_id)
        .bind::<Integer, _>(disable_after)
        .bind::<Text, _>(outcome.error.clone().unwrap_or_default())
        .bind::<Text, _>(delivery.id.to_string())
        .bind::<diesel::sql_types::Timestamptz, _>(now)
        .execute(conn)
        .await?;
        Ok::<(), StoreError>(())
    })
    .await
}
