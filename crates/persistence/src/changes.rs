//! The change feed: what changed, in an order that never skips a change. Rows are written by
//! PostgreSQL AFTER row triggers on every mirrored table (migration `…000040_change_feed`), so
//! each commits in the transaction of the change it reports whatever path wrote it: a
//! repository's single statement, [`crate::transaction::run`], the series horizon job, a
//! series edit deleting bookings. Nothing in Rust writes them.
//!
//! Order: a sequence alone is not safe, since transactions commit out of the order in which
//! they drew numbers (nor is `updated_at`). Each row also holds its transaction's id (`xid`,
//! the top-level one, 64-bit); a reader delivers only rows whose xid is below its snapshot's
//! xmin. Every transaction with a smaller xid has ended by then (committed, its rows visible
//! to the same snapshot, or rolled back), and one that has not written yet takes a larger xid
//! when it does, so no row can later appear below a delivered cursor. Rows are delivered by
//! `(xid, seq)`, and the cursor is the last pair. The cost: a transaction that stays open
//! after writing holds back every later change (in the whole cluster) until it ends.

use crate::StoreError;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::changes::{ChangeKind, ResourceType};
use uuid::Uuid;

/// The mirrored tables: each has a `record_change` AFTER row trigger for these operations,
/// naming this resource type. `structure.rs` checks the catalog against it.
pub const MIRRORED: &[(&str, ResourceType, Operations)] = &[
    ("clients", ResourceType::Client, Operations::ALL),
    ("races", ResourceType::Race, Operations::ALL),
    ("bookings", ResourceType::Booking, Operations::ALL),
    ("booking_series", ResourceType::BookingSeries, Operations::ALL),
    ("services", ResourceType::Service, Operations::ALL),
    ("rooms", ResourceType::Room, Operations::ALL),
    ("staff", ResourceType::Staff, Operations::ALL),
    ("working_hours", ResourceType::WorkingHours, Operations::ALL),
    ("time_off", ResourceType::TimeOff, Operations::ALL),
    ("closed_days", ResourceType::ClosedDay, Operations::ALL),
    ("session_notes", ResourceType::SessionNote, Operations::ALL),
    // Append-only (the app may not update or delete them): an amendment changes its note.
    ("session_note_amendments", ResourceType::SessionNote, Operations::INSERT),
];

/// Tables that are not mirrored, and why. With [`MIRRORED`] and [`crate::GLOBAL_TABLES`], every
/// table of the schema: a new table must be placed in one of them (`structure.rs`).
pub const NOT_MIRRORED: &[(&str, &str)] = &[
    ("changes", "the feed itself"),
    ("activity", "the activity log, read at /v1/activity"),
    (
        "email_messages",
        "the mail outbox: bookkeeping of messages sent to staff and clients, never their text",
    ),
    (
        "email_templates",
        "practice settings: the wording of clients' emails, read at /v1/email-templates",
    ),
    ("booking_links", "secrets (hashed manage-booking links)"),
    ("events", "the events outbox, read at /v1/events"),
    ("audit_events", "the audit log, read at /v1/audit-events"),
    ("audit_heads", "the audit chain's head"),
    (
        "booking_series_exceptions",
        "part of a series: a change to them raises the series' version",
    ),
    ("api_keys", "secrets (hashed API keys)"),
    ("calendar_feeds", "secrets"),
    ("care_plans", "not yet mirrored: clinical, derived from races"),
    ("care_plan_rejections", "part of a care plan"),
    ("idempotency_keys", "request bookkeeping"),
    ("intake_forms", "clinical; not yet mirrored"),
    ("intake_links", "secrets"),
    ("refresh_tokens", "secrets"),
    ("staff_links", "secrets"),
    ("staff_second_factors", "secrets (encrypted TOTP seeds)"),
    ("staff_recovery_codes", "secrets (hashed recovery codes)"),
    ("session_note_amendment_links", "part of an amendment's hash chain"),
    ("session_note_chain_heads", "part of a note's hash chain"),
    ("session_note_pain", "part of a note: written with the note's row"),
    ("session_note_techniques", "part of a note: written with the note's row"),
    (
        "outcome_totals",
        "derived from signed notes (the outcome report's totals), rebuilt from the feed's notes",
    ),
    (
        "webhook_endpoints",
        "secrets (encrypted signing secrets); an integration's own settings, read at /v1/webhook-endpoints",
    ),
    (
        "webhook_deliveries",
        "delivery bookkeeping: the log of attempts, read at /v1/webhook-endpoints/{id}/deliveries",
    ),
];

/// Row operations a trigger fires on (PostgreSQL's `tgtype` bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operations(pub i16);

impl Operations {
    pub const INSERT: Self = Self(4);
    pub const INSERT_UPDATE: Self = Self(4 | 16);
    pub const ALL: Self = Self(4 | 8 | 16);
}

/// One delivered change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub xid: i64,
    pub seq: i64,
    pub resource_type: ResourceType,
    pub resource_id: Uuid,
    pub version: Option<i64>,
    pub change: ChangeKind,
    pub changed_at: DateTime<Utc>,
}

impl Change {
    /// Where the next page starts.
    pub fn position(&self) -> (i64, i64) {
        (self.xid, self.seq)
    }
}

#[derive(diesel::QueryableByName)]
struct ChangeRow {
    #[diesel(sql_type = BigInt)]
    xid: i64,
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    resource_type: String,
    #[diesel(sql_type = SqlUuid)]
    resource_id: Uuid,
    #[diesel(sql_type = Nullable<BigInt>)]
    version: Option<i64>,
    #[diesel(sql_type = Text)]
    change: String,
    #[diesel(sql_type = Timestamptz)]
    changed_at: DateTime<Utc>,
}

impl TryFrom<ChangeRow> for Change {
    type Error = StoreError;

    fn try_from(row: ChangeRow) -> Result<Self, StoreError> {
        let bad = |what: &str, value: &str| StoreError::Corrupt(format!("change {}: {what} {value:?}", row.seq));
        Ok(Self {
            resource_type: ResourceType::parse(&row.resource_type)
                .ok_or_else(|| bad("resource type", &row.resource_type))?,
            change: ChangeKind::parse(&row.change).ok_or_else(|| bad("change", &row.change))?,
            xid: row.xid,
            seq: row.seq,
            resource_id: row.resource_id,
            version: row.version,
            changed_at: row.changed_at,
        })
    }
}

// One statement: the snapshot that reads the rows is the one whose xmin bounds them.
const LIST: &str = "
    WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin)
    SELECT c.xid, c.seq, c.resource_type, c.resource_id, c.version, c.change, c.changed_at
    FROM changes c, horizon h
    WHERE c.practice_id = $1
      AND (c.xid, c.seq) > ($2, $3)
      AND c.xid < h.xmin
      AND c.resource_type = ANY ($4)
    ORDER BY c.xid, c.seq
    LIMIT $5";

/// Up to `limit` changes of `types` after `after` (`None`: from the start), in feed order.
pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    after: Option<(i64, i64)>,
    types: &[ResourceType],
    limit: i64,
) -> Result<Vec<Change>, StoreError> {
    let (xid, seq) = after.unwrap_or((i64::MIN, i64::MIN));
    let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    let rows: Vec<ChangeRow> = diesel::sql_query(LIST)
        .bind::<SqlUuid, _>(practice.0)
        .bind::<BigInt, _>(xid)
        .bind::<BigInt, _>(seq)
        .bind::<Array<Text>, _>(names)
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await?;
    rows.into_iter().map(Change::try_from).collect()
}

#[derive(diesel::QueryableByName)]
struct Trigger {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    tgtype: i16,
    #[diesel(sql_type = Text)]
    resource_type: String,
}

const TRIGGERS: &str = "
    SELECT t.relname::text AS table_name, g.tgtype,
           coalesce(split_part(encode(g.tgargs, 'escape'), '\\000', 1), '') AS resource_type
    FROM pg_trigger g
    JOIN pg_class t ON t.oid = g.tgrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_proc p ON p.oid = g.tgfoid
    WHERE n.nspname = 'public' AND p.proname = 'record_change' AND g.tgenabled <> 'D'";

/// Mirrored tables whose writes would not all reach the feed: no enabled `record_change` AFTER
/// row trigger for each of their operations naming their resource type. Empty when sound.
pub async fn untracked(conn: &mut AsyncPgConnection) -> Result<Vec<String>, StoreError> {
    let triggers: Vec<Trigger> = diesel::sql_query(TRIGGERS).load(conn).await?;
    const ROW: i16 = 1;
    const BEFORE: i16 = 2;
    Ok(MIRRORED
        .iter()
        .filter(|(table, resource, ops)| {
            let covered = triggers
                .iter()
                .filter(|t| {
                    t.table_name == *table
                        && t.resource_type == resource.as_str()
                        && t.tgtype & ROW != 0
                        && t.tgtype & BEFORE == 0
                })
                .fold(0, |acc, t| acc | t.tgtype);
            covered & ops.0 != ops.0
        })
        .map(|(table, _, _)| (*table).to_owned())
        .collect())
}
