//! The clients repository: demographics, runner profile, handling alerts; search and keyset
//! pages served by indexes (a trigram GIN index on a folded search text, B-trees for the
//! name and last-visit orders).

use crate::{StoreError, schema::clients};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::client::{PressurePreference, RunnerProfile, search_text_query};
use knead_domain::clinical::{BodyRegion, HandlingAlert};
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = clients, check_for_backend(diesel::pg::Pg))]
pub(crate) struct ClientRow {
    practice_id: Uuid,
    id: Uuid,
    given_name: String,
    family_name: String,
    date_of_birth: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
    emergency_contact_name: Option<String>,
    emergency_contact_phone: Option<String>,
    preferred_therapist_id: Option<Uuid>,
    pressure_preference: Option<String>,
    areas_to_avoid: Vec<Option<String>>,
    notes: Option<String>,
    runner_profile: Option<serde_json::Value>,
    alerts: serde_json::Value,
    last_visit_at: Option<DateTime<Utc>>,
    archived: bool,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    reminders_opt_out: bool,
}

/// The fields a person edits (everything but ids, alerts, visits and bookkeeping).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDetails {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub emergency_contact_name: Option<String>,
    pub emergency_contact_phone: Option<String>,
    pub preferred_therapist_id: Option<StaffId>,
    pub pressure_preference: Option<PressurePreference>,
    pub areas_to_avoid: Vec<BodyRegion>,
    pub notes: Option<String>,
    pub runner_profile: Option<RunnerProfile>,
}

/// A client as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub practice_id: PracticeId,
    pub id: ClientId,
    pub details: ClientDetails,
    pub alerts: Vec<HandlingAlert>,
    pub last_visit_at: Option<DateTime<Utc>>,
    pub archived: bool,
    /// The client asked not to be emailed reminders.
    pub reminders_opt_out: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<ClientRow> for Client {
    type Error = StoreError;
    fn try_from(row: ClientRow) -> Result<Self, StoreError> {
        let corrupt = |field: &str, err: String| StoreError::Corrupt(format!("client {} {field}: {err}", row.id));
        let areas = row
            .areas_to_avoid
            .iter()
            .flatten()
            .map(|r| BodyRegion::parse(r).map_err(|e| corrupt("areas_to_avoid", e.0)))
            .collect::<Result<_, _>>()?;
        let pressure = row
            .pressure_preference
            .as_deref()
            .map(PressurePreference::parse)
            .transpose()
            .map_err(|e| corrupt("pressure_preference", e.0))?;
        let runner_profile = row
            .runner_profile
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| corrupt("runner_profile", e.to_string()))?;
        let alerts = serde_json::from_value(row.alerts).map_err(|e| corrupt("alerts", e.to_string()))?;
        Ok(Self {
            practice_id: PracticeId(row.practice_id),
            id: ClientId(row.id),
            details: ClientDetails {
                given_name: row.given_name,
                family_name: row.family_name,
                date_of_birth: row.date_of_birth,
                email: row.email,
                phone: row.phone,
                emergency_contact_name: row.emergency_contact_name,
                emergency_contact_phone: row.emergency_contact_phone,
                preferred_therapist_id: row.preferred_therapist_id.map(StaffId),
                pressure_preference: pressure,
                areas_to_avoid: areas,
                notes: row.notes,
                runner_profile,
            },
            alerts,
            last_visit_at: row.last_visit_at,
            archived: row.archived,
            reminders_opt_out: row.reminders_opt_out,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn region_names(regions: &[BodyRegion]) -> Vec<Option<String>> {
    regions.iter().map(|r| Some(r.as_str().to_owned())).collect()
}

fn profile_json(profile: &Option<RunnerProfile>) -> Result<Option<serde_json::Value>, StoreError> {
    profile
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The row a new client is written as (one owner for the conversion: [`insert`] and the bulk
/// loader).
pub(crate) fn new_row(
    practice: PracticeId,
    id: ClientId,
    details: ClientDetails,
    now: DateTime<Utc>,
) -> Result<ClientRow, StoreError> {
    Ok(ClientRow {
        practice_id: practice.0,
        id: id.0,
        runner_profile: profile_json(&details.runner_profile)?,
        areas_to_avoid: region_names(&details.areas_to_avoid),
        pressure_preference: details.pressure_preference.map(|p| p.as_str().to_owned()),
        preferred_therapist_id: details.preferred_therapist_id.map(|s| s.0),
        given_name: details.given_name,
        family_name: details.family_name,
        date_of_birth: details.date_of_birth,
        email: details.email,
        phone: details.phone,
        emergency_contact_name: details.emergency_contact_name,
        emergency_contact_phone: details.emergency_contact_phone,
        notes: details.notes,
        alerts: serde_json::json!([]),
        last_visit_at: None,
        archived: false,
        version: 1,
        created_at: now,
        updated_at: now,
        reminders_opt_out: false,
    })
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    details: ClientDetails,
    now: DateTime<Utc>,
) -> Result<Client, StoreError> {
    let row = new_row(practice, ClientId::new(), details, now)?;
    let stored: ClientRow = diesel::insert_into(clients::table)
        .values(&row)
        .returning(ClientRow::as_returning())
        .get_result(conn)
        .await?;
    stored.try_into()
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: ClientId) -> Result<Client, StoreError> {
    find_on(conn, practice, id).await
}

/// [`find`] on a thread's shared connection (see [`crate::shared_reads`]).
pub async fn read(shared: &crate::SharedReads, practice: PracticeId, id: ClientId) -> Result<Client, StoreError> {
    shared.read(async |conn| find_on(conn, practice, id).await).await
}

async fn find_on(conn: &AsyncPgConnection, practice: PracticeId, id: ClientId) -> Result<Client, StoreError> {
    let row: ClientRow = clients::table
        .find((practice.0, id.0))
        .select(ClientRow::as_select())
        .first(&mut &*conn)
        .await?;
    row.try_into()
}

/// Replaces the editable fields if the stored version is `expected` (`None`: any version).
pub async fn update(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: ClientId,
    expected: Option<i64>,
    details: ClientDetails,
    reminders_opt_out: Option<bool>,
    now: DateTime<Utc>,
) -> Result<Client, StoreError> {
    let current = find(conn, practice, id).await?;
    let expected = expected.unwrap_or(current.version);
    if expected != current.version {
        return Err(StoreError::Stale);
    }
    let row: Option<ClientRow> = diesel::update(
        clients::table
            .find((practice.0, id.0))
            .filter(clients::version.eq(expected)),
    )
    .set((
        clients::given_name.eq(&details.given_name),
        clients::family_name.eq(&details.family_name),
        clients::date_of_birth.eq(details.date_of_birth),
        clients::email.eq(&details.email),
        clients::phone.eq(&details.phone),
        clients::emergency_contact_name.eq(&details.emergency_contact_name),
        clients::emergency_contact_phone.eq(&details.emergency_contact_phone),
        clients::preferred_therapist_id.eq(details.preferred_therapist_id.map(|s| s.0)),
        clients::pressure_preference.eq(details.pressure_preference.map(|p| p.as_str())),
        clients::areas_to_avoid.eq(region_names(&details.areas_to_avoid)),
        clients::notes.eq(&details.notes),
        clients::runner_profile.eq(profile_json(&details.runner_profile)?),
        clients::reminders_opt_out.eq(reminders_opt_out.unwrap_or(current.reminders_opt_out)),
        clients::version.eq(expected + 1),
        clients::updated_at.eq(now),
    ))
    .returning(ClientRow::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    row.ok_or(StoreError::Stale)?.try_into()
}

/// Archives or restores a client (clients are never deleted through the API).
pub async fn set_archived(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: ClientId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Client, StoreError> {
    let row: ClientRow = diesel::update(clients::table.find((practice.0, id.0)))
        .set((
            clients::archived.eq(archived),
            clients::version.eq(clients::version + 1),
            clients::updated_at.eq(now),
        ))
        .returning(ClientRow::as_returning())
        .get_result(conn)
        .await?;
    row.try_into()
}

/// Replaces the client's handling alerts (from the latest intake's contraindications).
pub async fn set_alerts(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: ClientId,
    alerts: &[HandlingAlert],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let json = serde_json::to_value(alerts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    diesel::update(clients::table.find((practice.0, id.0)))
        .set((
            clients::alerts.eq(json),
            clients::version.eq(clients::version + 1),
            clients::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The order of a client list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientOrder {
    /// Family name, given name.
    Name,
    /// Most recent visit first; never-seen clients last.
    LastVisit,
}

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ClientCursor {
    Name { family: String, given: String, id: Uuid },
    LastVisit { at: Option<DateTime<Utc>>, id: Uuid },
}

#[derive(Debug, Clone)]
pub struct ClientQuery {
    /// Matches name, email or phone, ignoring case and accents.
    pub q: Option<String>,
    pub archived: bool,
    pub order: ClientOrder,
    pub after: Option<ClientCursor>,
    pub limit: i64,
}

impl Client {
    pub fn cursor(&self, order: ClientOrder) -> ClientCursor {
        match order {
            ClientOrder::Name => ClientCursor::Name {
                family: self.details.family_name.clone(),
                given: self.details.given_name.clone(),
                id: self.id.0,
            },
            ClientOrder::LastVisit => ClientCursor::LastVisit {
                at: self.last_visit_at,
                id: self.id.0,
            },
        }
    }
}

/// `%`, `_` and `\` match literally in a LIKE pattern.
fn like_escape(q: &str) -> String {
    q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

type ClientListQuery = clients::BoxedQuery<
    'static,
    diesel::pg::Pg,
    diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<ClientRow, diesel::pg::Pg>>,
>;

/// The list query, built once for running and for `EXPLAIN`.
fn list_query(practice: PracticeId, query: &ClientQuery) -> ClientListQuery {
    let mut db = clients::table
        .into_boxed()
        .select(ClientRow::as_select())
        .filter(clients::practice_id.eq(practice.0))
        .filter(clients::archived.eq(query.archived))
        .limit(query.limit);
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        db = db.filter(
            sql::<Bool>("search_text LIKE '%' || knead_fold(")
                .bind::<Text, _>(like_escape(&search_text_query(q)))
                .sql(") || '%'"),
        );
    }
    // A search of three or more characters is narrowed by the trigram index, then sorted. The
    // planner would rather walk a keyset index and filter, which costs tens of milliseconds
    // when the matches sort late (a common family name); `|| ''` keeps the same order while
    // taking that index out of the running.
    let searching = query
        .q
        .as_deref()
        .is_some_and(|q| search_text_query(q).chars().count() >= 3);
    db = match (query.order, searching) {
        (ClientOrder::Name, false) => {
            db.order((clients::family_name.asc(), clients::given_name.asc(), clients::id.asc()))
        }
        (ClientOrder::Name, true) => db.order((
            sql::<Text>("family_name || ''").asc(),
            sql::<Text>("given_name || ''").asc(),
            clients::id.asc(),
        )),
        (ClientOrder::LastVisit, false) => db.order((clients::last_visit_at.desc().nulls_last(), clients::id.asc())),
        (ClientOrder::LastVisit, true) => db.order((
            sql::<diesel::sql_types::Nullable<Timestamptz>>("(last_visit_at + interval '0 seconds')")
                .desc()
                .nulls_last(),
            clients::id.asc(),
        )),
    };
    match &query.after {
        None => {}
        Some(ClientCursor::Name { family, given, id }) => {
            db = db.filter(
                sql::<Bool>("(family_name, given_name, id) > (")
                    .bind::<Text, _>(family.clone())
                    .sql(", ")
                    .bind::<Text, _>(given.clone())
                    .sql(", ")
                    .bind::<SqlUuid, _>(*id)
                    .sql(")"),
            );
        }
        Some(ClientCursor::LastVisit { at: Some(at), id }) => {
            db = db.filter(
                sql::<Bool>("(last_visit_at < ")
                    .bind::<Timestamptz, _>(*at)
                    .sql(" OR (last_visit_at = ")
                    .bind::<Timestamptz, _>(*at)
                    .sql(" AND id > ")
                    .bind::<SqlUuid, _>(*id)
                    .sql(") OR last_visit_at IS NULL)"),
            );
        }
        Some(ClientCursor::LastVisit { at: None, id }) => {
            db = db.filter(
                sql::<Bool>("(last_visit_at IS NULL AND id > ")
                    .bind::<SqlUuid, _>(*id)
                    .sql(")"),
            );
        }
    }
    db
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    query: &ClientQuery,
) -> Result<Vec<Client>, StoreError> {
    let rows: Vec<ClientRow> = list_query(practice, query).load(conn).await?;
    rows.into_iter().map(Client::try_from).collect()
}

/// PostgreSQL's plan for [`list`] with these parameters (`EXPLAIN (FORMAT JSON)`).
pub async fn explain_list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    query: &ClientQuery,
) -> Result<serde_json::Value, StoreError> {
    crate::explain::explain(conn, list_query(practice, query)).await
}
