//! The events outbox: what happened (a booking created, cancelled, moved; a note signed; a
//! staff member invited), for integrators and webhooks. Rows are written by the `record_event()`
//! AFTER row triggers of migration `…000060_events`, in the transaction of the change, so no
//! write path can skip one and a rolled-back transaction leaves none. Nothing in Rust writes
//! them. Each row's `data` is the type's allow-list (ids, times, statuses), built in SQL.
//!
//! Order and paging are the change feed's ([`crate::changes`]): `(xid, seq)`, delivered only
//! below the reading snapshot's xmin, so a page never skips an event that commits later.

use crate::StoreError;
use crate::changes::Operations;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Bool, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::events::{EventResource, EventType};
use uuid::Uuid;

/// The tables whose writes raise events: each has a `record_event` AFTER row trigger for these
/// operations (`events.rs` in the tests checks the catalog against it).
pub const EVENT_SOURCES: &[(&str, Operations)] = &[
    ("bookings", Operations::ALL),
    ("booking_series", Operations::INSERT_UPDATE),
    ("clients", Operations::INSERT_UPDATE),
    ("intake_forms", Operations::INSERT),
    ("session_notes", Operations::INSERT_UPDATE),
    ("session_note_amendments", Operations::INSERT),
    ("staff_links", Operations::INSERT),
];

/// One delivered event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: Uuid,
    pub xid: i64,
    pub seq: i64,
    pub event_type: EventType,
    pub resource_type: EventResource,
    pub resource_id: Uuid,
    pub version: Option<i64>,
    pub data: serde_json::Value,
    pub occurred_at: DateTime<Utc>,
}

impl Event {
    /// Where the next page starts.
    pub fn position(&self) -> (i64, i64) {
        (self.xid, self.seq)
    }
}

#[derive(diesel::QueryableByName)]
struct EventRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = BigInt)]
    xid: i64,
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    type_: String,
    #[diesel(sql_type = Text)]
    resource_type: String,
    #[diesel(sql_type = SqlUuid)]
    resource_id: Uuid,
    #[diesel(sql_type = Nullable<BigInt>)]
    version: Option<i64>,
    #[diesel(sql_type = Jsonb)]
    data: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    occurred_at: DateTime<Utc>,
}

impl TryFrom<EventRow> for Event {
    type Error = StoreError;

    fn try_from(row: EventRow) -> Result<Self, StoreError> {
        let bad = |what: &str, value: &str| StoreError::Corrupt(format!("event {}: {what} {value:?}", row.id));
        Ok(Self {
            event_type: EventType::parse(&row.type_).ok_or_else(|| bad("type", &row.type_))?,
            resource_type: EventResource::parse(&row.resource_type)
                .ok_or_else(|| bad("resource type", &row.resource_type))?,
            id: row.id,
            xid: row.xid,
            seq: row.seq,
            resource_id: row.resource_id,
            version: row.version,
            data: row.data,
            occurred_at: row.occurred_at,
        })
    }
}

// One statement, as the change feed's: the snapshot that reads the rows bounds them.
const LIST: &str = "
    WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin)
    SELECT e.id, e.xid, e.seq, e.type AS type_, e.resource_type, e.resource_id, e.version,
           e.data, e.occurred_at
    FROM events e, horizon h
    WHERE e.practice_id = $1
      AND (e.xid, e.seq) > ($2, $3)
      AND e.xid < h.xmin
      AND e.type = ANY ($4)
      AND (NOT e.clinical OR $5)
    ORDER BY e.xid, e.seq
    LIMIT $6";

/// What to read: after which position, which types, and whether clinical events may be read.
#[derive(Debug, Clone, Copy)]
pub struct EventQuery<'a> {
    /// `None`: from the first event.
    pub after: Option<(i64, i64)>,
    pub types: &'a [EventType],
    /// Whether the reader sees clinical content; when not, clinical rows are never read,
    /// whatever `types` says.
    pub clinical: bool,
    pub limit: i64,
}

/// Up to `limit` events after `after`, in feed order.
pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    query: EventQuery<'_>,
) -> Result<Vec<Event>, StoreError> {
    let (xid, seq) = query.after.unwrap_or((i64::MIN, i64::MIN));
    let names: Vec<&str> = query.types.iter().map(|t| t.as_str()).collect();
    let rows: Vec<EventRow> = diesel::sql_query(LIST)
        .bind::<SqlUuid, _>(practice.0)
        .bind::<BigInt, _>(xid)
        .bind::<BigInt, _>(seq)
        .bind::<Array<Text>, _>(names)
        .bind::<Bool, _>(query.clinical)
        .bind::<BigInt, _>(query.limit)
        .load(conn)
        .await?;
    rows.into_iter().map(Event::try_from).collect()
}

#[derive(diesel::QueryableByName)]
struct Trigger {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    tgtype: i16,
}

const TRIGGERS: &str = "
    SELECT t.relname::text AS table_name, g.tgtype
    FROM pg_trigger g
    JOIN pg_class t ON t.oid = g.tgrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_proc p ON p.oid = g.tgfoid
    WHERE n.nspname = 'public' AND p.proname = 'record_event' AND g.tgenabled <> 'D'";

/// Event sources whose writes would not all raise their events: no enabled `record_event`
/// AFTER row trigger for each of their operations. Empty when sound.
pub async fn unrecorded(conn: &mut AsyncPgConnection) -> Result<Vec<String>, StoreError> {
    let triggers: Vec<Trigger> = diesel::sql_query(TRIGGERS).load(conn).await?;
    const ROW: i16 = 1;
    const BEFORE: i16 = 2;
    Ok(EVENT_SOURCES
        .iter()
        .filter(|(table, ops)| {
            let covered = triggers
                .iter()
                .filter(|t| t.table_name == *table && t.tgtype & ROW != 0 && t.tgtype & BEFORE == 0)
                .fold(0, |acc, t| acc | t.tgtype);
            covered & ops.0 != ops.0
        })
        .map(|(table, _)| (*table).to_owned())
        .collect())
}
