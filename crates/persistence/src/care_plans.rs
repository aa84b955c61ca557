//! Care plans (phases as one JSON array, checked by the domain on the way in and out), the
//! proposals turned down, and what rebooking needs to know of each client on a plan.

use crate::schema::{bookings, care_plan_rejections as rejections, care_plans as plans, clients};
use crate::{StoreError, transaction};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::care::{Phase, check_phases};
use knead_domain::schedule::Span;
use knead_domain::{ClientId, PracticeId, StaffId};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = plans, check_for_backend(diesel::pg::Pg))]
struct PlanRow {
    practice_id: Uuid,
    id: Uuid,
    client_id: Uuid,
    therapist_id: Uuid,
    service_id: Uuid,
    light_service_id: Option<Uuid>,
    phases: serde_json::Value,
    from_races: bool,
    active: bool,
    version: i64,
    created_by: Uuid,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// What a plan says: who and what is booked, and the phases.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDetails {
    pub therapist: StaffId,
    pub service: Uuid,
    pub light_service: Option<Uuid>,
    pub phases: Vec<Phase>,
    /// Whether the phases were built from the client's races (else set by hand).
    pub from_races: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CarePlan {
    pub id: Uuid,
    pub client_id: ClientId,
    pub details: PlanDetails,
    /// Only the newest plan of a client is active; older ones are kept as history.
    pub active: bool,
    pub version: i64,
    pub created_by: StaffId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<PlanRow> for CarePlan {
    type Error = StoreError;
    fn try_from(row: PlanRow) -> Result<Self, StoreError> {
        let corrupt = |why: String| StoreError::Corrupt(format!("care plan {}: {why}", row.id));
        let phases: Vec<Phase> = serde_json::from_value(row.phases).map_err(|e| corrupt(e.to_string()))?;
        check_phases(&phases).map_err(|(i, e)| corrupt(format!("phase {i}: {e}")))?;
        Ok(Self {
            id: row.id,
            client_id: ClientId(row.client_id),
            details: PlanDetails {
                therapist: StaffId(row.therapist_id),
                service: row.service_id,
                light_service: row.light_service_id,
                phases,
                from_races: row.from_races,
            },
            active: row.active,
            version: row.version,
            created_by: StaffId(row.created_by),
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn phases_json(phases: &[Phase]) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(phases).map_err(|e| StoreError::Corrupt(format!("care plan phases: {e}")))
}

/// Creates a plan for `client`, ending the active one if any, in one transaction.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    details: PlanDetails,
    by: StaffId,
    now: DateTime<Utc>,
) -> Result<CarePlan, StoreError> {
    let row = PlanRow {
        practice_id: practice.0,
        id: Uuid::now_v7(),
        client_id: client.0,
        therapist_id: details.therapist.0,
        service_id: details.service,
        light_service_id: details.light_service,
        phases: phases_json(&details.phases)?,
        from_races: details.from_races,
        active: true,
        version: 1,
        created_by: by.0,
        created_at: now,
        updated_at: now,
    };
    transaction::run(conn, async |conn| {
        diesel::update(
            plans::table
                .filter(plans::practice_id.eq(practice.0))
                .filter(plans::client_id.eq(client.0))
                .filter(plans::active),
        )
        .set((
            plans::active.eq(false),
            plans::updated_at.eq(now),
            plans::version.eq(plans::version + 1),
        ))
        .execute(conn)
        .await?;
        let stored: PlanRow = diesel::insert_into(plans::table)
            .values(&row)
            .returning(PlanRow::as_returning())
            .get_result(conn)
            .await?;
        stored.try_into()
    })
    .await
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<CarePlan, StoreError> {
    let row: PlanRow = plans::table
        .find((practice.0, id))
        .select(PlanRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

/// A client's plans, newest first.
pub async fn for_client(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
) -> Result<Vec<CarePlan>, StoreError> {
    let rows: Vec<PlanRow> = plans::table
        .filter(plans::practice_id.eq(practice.0))
        .filter(plans::client_id.eq(client.0))
        .order((plans::created_at.desc(), plans::id.desc()))
        .select(PlanRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(CarePlan::try_from).collect()
}

/// Replaces what an active plan says, if its version is `expected` (else
/// [`StoreError::Stale`]); an ended plan is history and is not changed (`NotFound`).
pub async fn update(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: i64,
    details: PlanDetails,
    now: DateTime<Utc>,
) -> Result<CarePlan, StoreError> {
    let row: Option<PlanRow> = diesel::update(
        plans::table
            .find((practice.0, id))
            .filter(plans::version.eq(expected))
            .filter(plans::active),
    )
    .set((
        plans::therapist_id.eq(details.therapist.0),
        plans::service_id.eq(details.service),
        plans::light_service_id.eq(details.light_service),
        plans::phases.eq(phases_json(&details.phases)?),
        plans::from_races.eq(details.from_races),
        plans::version.eq(expected + 1),
        plans::updated_at.eq(now),
    ))
    .returning(PlanRow::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    row.ok_or(StoreError::Stale)?.try_into()
}

/// Keys of the plan's proposals turned down.
pub async fn rejected(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    plan: Uuid,
) -> Result<Vec<String>, StoreError> {
    Ok(rejections::table
        .filter(rejections::practice_id.eq(practice.0))
        .filter(rejections::plan_id.eq(plan))
        .select(rejections::proposal_key)
        .load(conn)
        .await?)
}

/// Records proposals as turned down (again is a no-op).
pub async fn reject(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    plan: Uuid,
    keys: &[String],
    by: StaffId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let rows: Vec<_> = keys
        .iter()
        .map(|key| {
            (
                rejections::practice_id.eq(practice.0),
                rejections::plan_id.eq(plan),
                rejections::proposal_key.eq(key),
                rejections::rejected_by.eq(by.0),
                rejections::rejected_at.eq(now),
            )
        })
        .collect();
    diesel::insert_into(rejections::table)
        .values(rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// How to reach a client about rebooking: nothing clinical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The active plans of clients who are not archived, with how to reach each client.
pub async fn active(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
) -> Result<Vec<(CarePlan, Contact)>, StoreError> {
    type Names = (String, String, Option<String>, Option<String>);
    let rows: Vec<(PlanRow, Names)> = plans::table
        .inner_join(
            clients::table.on(clients::practice_id
                .eq(plans::practice_id)
                .and(clients::id.eq(plans::client_id))),
        )
        .filter(plans::practice_id.eq(practice.0))
        .filter(plans::active)
        .filter(clients::archived.eq(false))
        .select((
            PlanRow::as_select(),
            (
                clients::given_name,
                clients::family_name,
                clients::email,
                clients::phone,
            ),
        ))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|(row, (given_name, family_name, email, phone))| {
            let contact = Contact {
                given_name,
                family_name,
                email,
                phone,
            };
            Ok((CarePlan::try_from(row)?, contact))
        })
        .collect()
}

/// Each client's sessions as cadences count them: the start of the last completed one, and
/// the starts of those still on (scheduled, confirmed, checked in), for the given clients.
#[derive(Debug, Clone, Default)]
pub struct SessionHistory {
    pub last_completed: Option<DateTime<Utc>>,
    /// Sessions still on, past or future: `[start, end)`.
    pub ahead: Vec<Span>,
}

/// One statement for all the given clients.
pub async fn histories(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    clients: &[ClientId],
) -> Result<HashMap<ClientId, SessionHistory>, StoreError> {
    let ids: Vec<Uuid> = clients.iter().map(|c| c.0).collect();
    let rows: Vec<(Uuid, DateTime<Utc>, DateTime<Utc>, String)> = bookings::table
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::client_id.eq_any(&ids))
        .filter(bookings::status.eq_any(["completed", "scheduled", "confirmed", "checked_in"]))
        .select((
            bookings::client_id,
            bookings::starts_at,
            bookings::ends_at,
            bookings::status,
        ))
        .load(conn)
        .await?;
    let mut out: HashMap<ClientId, SessionHistory> = HashMap::new();
    for (client, start, end, status) in rows {
        let entry = out.entry(ClientId(client)).or_default();
        if status == "completed" {
            entry.last_completed = entry.last_completed.max(Some(start));
        } else {
            entry.ahead.push(Span::new(start, end));
        }
    }
    Ok(out)
}
