//! The activity log: who wrote what. Rows are written by PostgreSQL triggers (migration
//! 000090) in the writing transaction, reading the actor from the connection's settings; this
//! module puts the actor there and reads the log for owners.
//!
//! A writing request's actor lives in a task-local ([`within`], set by the api's request
//! middleware for every method that is not safe; [`act_as`], by whatever authenticates the
//! caller). A checkout of a pooled connection gives the connection's settings
//! (`knead.actor_*`, `knead.request_id`) the current task's values when they differ from what
//! it holds ([`apply`], the pool's recycle check), so no write path — a single statement or a
//! transaction — can skip it, and a connection never carries the previous holder's actor:
//! outside a writing request, or before the caller is known, the settings are emptied and the
//! triggers record the `system`. Reads and background jobs on connections already emptied send
//! nothing (a one-row read stays one statement: `tests/tests/pool_recycle.rs`).

use crate::StoreError;
use crate::schema::{activity, api_keys, staff};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::activity::ActorKind;
use knead_domain::{PracticeId, Role};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use uuid::Uuid;

/// The tables whose writes the activity log records, each by its `<table>_activity` trigger
/// (migration 000090; `email_templates`' from 000105), with the resource type it records.
pub const SOURCES: &[(&str, knead_domain::activity::ResourceType)] = {
    use knead_domain::activity::ResourceType as R;
    &[
        ("bookings", R::Booking),
        ("booking_series", R::BookingSeries),
        ("clients", R::Client),
        ("services", R::Service),
        ("rooms", R::Room),
        ("staff", R::Staff),
        ("practices", R::Practice),
        ("webhook_endpoints", R::WebhookEndpoint),
        ("api_keys", R::ApiKey),
        ("email_templates", R::EmailTemplate),
    ]
};

/// The tables with an enabled `<table>_activity` trigger, sorted: [`SOURCES`] exactly, unless
/// a migration dropped or someone disabled one.
pub async fn triggered_tables(conn: &mut AsyncPgConnection) -> Result<Vec<String>, StoreError> {
    #[derive(QueryableByName)]
    struct Table {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let rows: Vec<Table> = diesel::sql_query(
        "SELECT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         WHERE t.tgname = c.relname || '_activity' AND t.tgenabled <> 'D' ORDER BY c.relname",
    )
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|t| t.name).collect())
}

/// Who is acting in the current request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Staff {
        id: Uuid,
        role: Role,
    },
    ApiKey {
        id: Uuid,
    },
    /// A client using a one-time link (intake or manage-booking; the link's id is not recorded:
    /// only that a client acted).
    ClientLink,
}

#[derive(Debug, Default)]
struct Context {
    request_id: String,
    actor: Option<Actor>,
}

tokio::task_local! {
    static CONTEXT: RefCell<Context>;
}

/// Runs `work` as one request: connections checked out while it runs carry `request_id` and,
/// once [`act_as`] names one, the actor.
pub async fn within<F: Future>(request_id: String, work: F) -> F::Output {
    CONTEXT
        .scope(
            RefCell::new(Context {
                request_id,
                actor: None,
            }),
            work,
        )
        .await
}

/// Names the actor of the current request (outside [`within`], nothing to name).
pub fn act_as(actor: Actor) {
    let _outside_a_request = CONTEXT.try_with(|c| c.borrow_mut().actor = Some(actor));
}

/// The settings for the current task: kind, id, role and request id (empty when unknown).
fn settings() -> [String; 4] {
    CONTEXT
        .try_with(|c| {
            let c = c.borrow();
            let (kind, id, role) = match c.actor {
                Some(Actor::Staff { id, role }) => ("staff", id.to_string(), role.as_str()),
                Some(Actor::ApiKey { id }) => ("api_key", id.to_string(), ""),
                Some(Actor::ClientLink) => ("client_link", String::new(), ""),
                None => ("", String::new(), ""),
            };
            [kind.to_owned(), id, role.to_owned(), c.request_id.clone()]
        })
        .unwrap_or_default()
}

/// What each pooled connection's settings hold, as this process last wrote them, by the
/// connection's identity ([`identity`]). A connection not found here is written to; the map is
/// emptied when it grows past [`APPLIED_CAP`] (closed connections leave their entry), which
/// only costs each live connection one write more.
static APPLIED: LazyLock<Mutex<HashMap<usize, [String; 4]>>> = LazyLock::new(Default::default);
const APPLIED_CAP: usize = 512;

/// A connection's identity while it lives: the address of its instrumentation, which the
/// pool sets once when the connection is made and which stays in place on the heap.
fn identity(conn: &mut AsyncPgConnection) -> usize {
    use diesel_async::AsyncConnection;
    std::ptr::from_mut(conn.instrumentation()).cast::<()>() as usize
}

fn applied() -> std::sync::MutexGuard<'static, HashMap<usize, [String; 4]>> {
    APPLIED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Records that a connection just made holds no actor (a new session has none of the settings).
pub(crate) fn fresh(conn: &mut AsyncPgConnection) {
    let key = identity(conn);
    let mut map = applied();
    if map.len() >= APPLIED_CAP {
        map.clear();
    }
    map.insert(key, Default::default());
}

/// Gives the connection the current task's actor (session-wide: a single statement outside a
/// transaction is its own transaction), so a connection never carries a previous holder's. It
/// sends a statement only when the connection holds other settings: a reading request or a
/// background job (no actor) on a connection last used by another reader costs nothing; each
/// writing request's checkout costs one (its request id is new). Called on every checkout (the
/// pool's recycle check) and when a connection is made.
pub(crate) async fn apply(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    let wanted = settings();
    let key = identity(conn);
    if applied().get(&key) == Some(&wanted) {
        return Ok(());
    }
    // Forget what it held until the write succeeds: a failed write leaves it unknown.
    applied().remove(&key);
    let [kind, id, role, request] = wanted.clone();
    diesel::sql_query(
        "SELECT set_config('knead.actor_kind', $1, false), set_config('knead.actor_id', $2, false), \
         set_config('knead.actor_role', $3, false), set_config('knead.request_id', $4, false)",
    )
    .bind::<Text, _>(kind)
    .bind::<Text, _>(id)
    .bind::<Text, _>(role)
    .bind::<Text, _>(request)
    .execute(conn)
    .await?;
    let mut map = applied();
    if map.len() >= APPLIED_CAP {
        map.clear();
    }
    map.insert(key, wanted);
    Ok(())
}

/// Writes the current actor to a connection already checked out before [`act_as`] named it
/// (a call whose actor is known only once the connection has read who it is: an intake link).
pub async fn attribute(conn: &mut AsyncPgConnection) -> Result<(), StoreError> {
    Ok(apply(conn).await?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = activity, check_for_backend(diesel::pg::Pg))]
struct Row {
    seq: i64,
    occurred_at: DateTime<Utc>,
    actor_kind: String,
    actor_staff_id: Option<Uuid>,
    actor_api_key_id: Option<Uuid>,
    actor_role: Option<String>,
    action: String,
    resource_type: String,
    resource_id: Uuid,
    request_id: Option<String>,
}

/// One entry, with the actor's current name (a staff member's display name, a key's name).
#[derive(Debug, Clone)]
pub struct Entry {
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    /// The staff member's or the API key's id.
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<Role>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Uuid,
    pub request_id: Option<String>,
}

/// Filters for the owners' view; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor_staff_id: Option<Uuid>,
    pub resource_type: Option<String>,
    pub resource_id: Option<Uuid>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Newest first, `limit` entries with `seq` below `before`; names loaded once per page.
pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: &Filter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Entry>, StoreError> {
    let mut query = activity::table
        .filter(activity::practice_id.eq(practice.0))
        .select(Row::as_select())
        .order(activity::seq.desc())
        .limit(limit)
        .into_boxed();
    if let Some(actor) = filter.actor_staff_id {
        query = query.filter(activity::actor_staff_id.eq(actor));
    }
    if let Some(kind) = &filter.resource_type {
        query = query.filter(activity::resource_type.eq(kind.clone()));
    }
    if let Some(id) = filter.resource_id {
        query = query.filter(activity::resource_id.eq(id));
    }
    if let Some(action) = &filter.action {
        query = query.filter(activity::action.eq(action.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(activity::occurred_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(activity::occurred_at.lt(to));
    }
    if let Some(before) = before {
        query = query.filter(activity::seq.lt(before));
    }
    let rows: Vec<Row> = query.load(conn).await?;
    let staff_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_staff_id).collect();
    let key_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_api_key_id).collect();
    let mut names: HashMap<Uuid, String> = HashMap::new();
    if !staff_ids.is_empty() {
        let found: Vec<(Uuid, String)> = staff::table
            .filter(staff::practice_id.eq(practice.0).and(staff::id.eq_any(&staff_ids)))
            .select((staff::id, staff::display_name))
            .load(conn)
            .await?;
        names.extend(found);
    }
    if !key_ids.is_empty() {
        let found: Vec<(Uuid, String)> = api_keys::table
            .filter(api_keys::practice_id.eq(practice.0).and(api_keys::id.eq_any(&key_ids)))
            .select((api_keys::id, api_keys::name))
            .load(conn)
            .await?;
        names.extend(found);
    }
    rows.into_iter()
        .map(|row| {
            let actor_kind = ActorKind::parse(&row.actor_kind)
                .ok_or_else(|| StoreError::Corrupt(format!("activity.actor_kind {:?}", row.actor_kind)))?;
            let actor_role = row
                .actor_role
                .as_deref()
                .map(|r| Role::parse(r).map_err(|_| StoreError::Corrupt(format!("activity.actor_role {r:?}"))))
                .transpose()?;
            let actor_id = row.actor_staff_id.or(row.actor_api_key_id);
            Ok(Entry {
                seq: row.seq,
                occurred_at: row.occurred_at,
                actor_kind,
                actor_id,
                actor_name: actor_id.and_then(|id| names.get(&id).cloned()),
                actor_role,
                action: row.action,
                resource_type: row.resource_type,
                resource_id: row.resource_id,
                request_id: row.request_id,
            })
        })
        .collect()
}
