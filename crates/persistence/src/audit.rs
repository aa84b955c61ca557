//! The audit log: appends chained per practice under a lock on the practice's head row, so
//! concurrent requests cannot fork the chain; reads for owners; the whole chain for
//! `knead audit verify`. The table itself refuses UPDATE and DELETE (a trigger).

use crate::{StoreError, schema::audit_events, schema::audit_heads};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::audit::{AuditRecord, GENESIS, StoredEvent, chain_hash};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events, check_for_backend(diesel::pg::Pg))]
pub struct AuditRow {
    pub practice_id: Uuid,
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub request_id: String,
    pub ip: Option<String>,
    pub outcome: String,
    pub status: i32,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
    pub link_creator_id: Option<Uuid>,
}

impl AuditRow {
    fn record(&self) -> AuditRecord {
        AuditRecord {
            practice_id: self.practice_id,
            seq: self.seq,
            id: self.id,
            occurred_at_micros: self.occurred_at.timestamp_micros(),
            actor_id: self.actor_id,
            actor_role: self.actor_role.clone(),
            action: self.action.clone(),
            resource_type: self.resource_type.clone(),
            resource_id: self.resource_id,
            client_id: self.client_id,
            request_id: self.request_id.clone(),
            ip: self.ip.clone(),
            outcome: self.outcome.clone(),
            status: self.status,
            link_creator_id: self.link_creator_id,
        }
    }
}

/// An event to append; the sequence number and hashes are assigned here.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub practice_id: PracticeId,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub request_id: String,
    pub ip: Option<String>,
    pub outcome: String,
    pub status: i32,
    /// The staff member who created the intake link the actor used, if one did.
    pub link_creator_id: Option<Uuid>,
}

/// Appends one event, occurred at `now`, in its own transaction (so it stands even when the
/// request's own transaction rolled back).
pub async fn append(conn: &mut AsyncPgConnection, event: NewEvent, now: DateTime<Utc>) -> Result<AuditRow, StoreError> {
    conn.transaction(async move |conn| {
        {
            let practice = event.practice_id.0;
            diesel::insert_into(audit_heads::table)
                .values((
                    audit_heads::practice_id.eq(practice),
                    audit_heads::seq.eq(0),
                    audit_heads::hash.eq(GENESIS.to_vec()),
                ))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?;
            let (seq, prev): (i64, Vec<u8>) = audit_heads::table
                .find(practice)
                .select((audit_heads::seq, audit_heads::hash))
                .for_update()
                .first(conn)
                .await?;
            // Microsecond precision, as PostgreSQL stores it, so the hash verifies after a read.
            let occurred_at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
            let mut row = AuditRow {
                practice_id: practice,
                seq: seq + 1,
                id: Uuid::now_v7(),
                occurred_at,
                actor_id: event.actor_id,
                actor_role: event.actor_role,
                action: event.action,
                resource_type: event.resource_type,
                resource_id: event.resource_id,
                client_id: event.client_id,
                request_id: event.request_id,
                ip: event.ip,
                outcome: event.outcome,
                status: event.status,
                prev_hash: prev,
                hash: Vec::new(),
                link_creator_id: event.link_creator_id,
            };
            row.hash = chain_hash(&row.prev_hash, &row.record()).to_vec();
            diesel::insert_into(audit_events::table)
                .values(&row)
                .execute(conn)
                .await?;
            diesel::update(audit_heads::table.find(practice))
                .set((audit_heads::seq.eq(row.seq), audit_heads::hash.eq(&row.hash)))
                .execute(conn)
                .await?;
            Ok::<_, StoreError>(row)
        }
    })
    .await
}

/// Filters for the owners' audit view.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub client_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Newest first, `limit` events with `seq` below `before`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: &EventFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    let mut query = audit_events::table
        .filter(audit_events::practice_id.eq(practice.0))
        .select(AuditRow::as_select())
        .order(audit_events::seq.desc())
        .limit(limit)
        .into_boxed();
    if let Some(client) = filter.client_id {
        query = query.filter(audit_events::client_id.eq(client));
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_events::actor_id.eq(actor));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::occurred_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::occurred_at.lt(to));
    }
    if let Some(before) = before {
        query = query.filter(audit_events::seq.lt(before));
    }
    Ok(query.load(conn).await?)
}

/// Every practice's stored head: `(practice, seq, hash)`.
pub async fn heads(conn: &mut AsyncPgConnection) -> Result<Vec<(Uuid, i64, Vec<u8>)>, StoreError> {
    Ok(audit_heads::table
        .select((audit_heads::practice_id, audit_heads::seq, audit_heads::hash))
        .order(audit_heads::practice_id)
        .load(conn)
        .await?)
}

/// Every practice with a chain: its head and its events in order.
pub async fn chains(conn: &mut AsyncPgConnection) -> Result<Vec<(Uuid, (i64, Vec<u8>), Vec<StoredEvent>)>, StoreError> {
    let heads: Vec<(Uuid, i64, Vec<u8>)> = audit_heads::table
        .select((audit_heads::practice_id, audit_heads::seq, audit_heads::hash))
        .order(audit_heads::practice_id)
        .load(conn)
        .await?;
    let mut chains = Vec::with_capacity(heads.len());
    for (practice, seq, hash) in heads {
        let rows: Vec<AuditRow> = audit_events::table
            .filter(audit_events::practice_id.eq(practice))
            .order(audit_events::seq.asc())
            .select(AuditRow::as_select())
            .load(conn)
            .await?;
        let events = rows
            .into_iter()
            .map(|row| StoredEvent {
                record: row.record(),
                prev_hash: row.prev_hash,
                hash: row.hash,
            })
            .collect();
        chains.push((practice, (seq, hash), events));
    }
    Ok(chains)
}
