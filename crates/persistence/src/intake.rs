//! Intake forms (versioned per client, never changed once submitted) and the one-time links
//! through which a client fills one in without a staff login.

use crate::{StoreError, clients, schema::intake_forms, schema::intake_links};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::access::LinkCreator;
use knead_domain::clinical::{Contraindication, PainArea, handling_alerts};
use knead_domain::{ClientId, IntakeFormId, PracticeId, StaffId};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intake_forms, check_for_backend(diesel::pg::Pg))]
struct FormRow {
    practice_id: Uuid,
    id: Uuid,
    client_id: Uuid,
    form_version: i32,
    chief_complaint: Option<String>,
    pain_areas: serde_json::Value,
    conditions: Option<String>,
    medical_history: Option<String>,
    medications: Option<String>,
    contraindications: Vec<Option<String>>,
    goals: Option<String>,
    consent_name: String,
    consent_text_version: String,
    consented_at: DateTime<Utc>,
    submitted_by_staff_id: Option<Uuid>,
    submitted_via_link_id: Option<Uuid>,
    created_at: DateTime<Utc>,
}

/// What a client tells us on an intake form.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeContent {
    pub chief_complaint: Option<String>,
    pub pain_areas: Vec<PainArea>,
    pub conditions: Option<String>,
    pub medical_history: Option<String>,
    pub medications: Option<String>,
    pub contraindications: Vec<Contraindication>,
    pub goals: Option<String>,
    /// The signer's typed name.
    pub consent_name: String,
    pub consent_text_version: String,
}

/// Who submitted a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitter {
    Staff(StaffId),
    Link(Uuid),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntakeForm {
    pub id: IntakeFormId,
    pub practice_id: PracticeId,
    pub client_id: ClientId,
    pub form_version: i32,
    pub content: IntakeContent,
    pub consented_at: DateTime<Utc>,
    pub submitted_by: Submitter,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<FormRow> for IntakeForm {
    type Error = StoreError;
    fn try_from(row: FormRow) -> Result<Self, StoreError> {
        let corrupt = |field: &str, err: String| StoreError::Corrupt(format!("intake form {} {field}: {err}", row.id));
        let pain_areas = serde_json::from_value(row.pain_areas).map_err(|e| corrupt("pain_areas", e.to_string()))?;
        let contraindications = row
            .contraindications
            .iter()
            .flatten()
            .map(|c| Contraindication::parse(c).map_err(|e| corrupt("contraindications", e.0)))
            .collect::<Result<_, _>>()?;
        let submitted_by = match (row.submitted_by_staff_id, row.submitted_via_link_id) {
            (Some(staff), _) => Submitter::Staff(StaffId(staff)),
            (None, Some(link)) => Submitter::Link(link),
            (None, None) => return Err(corrupt("submitter", "neither staff nor link".into())),
        };
        Ok(Self {
            id: IntakeFormId(row.id),
            practice_id: PracticeId(row.practice_id),
            client_id: ClientId(row.client_id),
            form_version: row.form_version,
            content: IntakeContent {
                chief_complaint: row.chief_complaint,
                pain_areas,
                conditions: row.conditions,
                medical_history: row.medical_history,
                medications: row.medications,
                contraindications,
                goals: row.goals,
                consent_name: row.consent_name,
                consent_text_version: row.consent_text_version,
            },
            consented_at: row.consented_at,
            submitted_by,
            created_at: row.created_at,
        })
    }
}

/// Stores a new version of the client's intake, consented and created at `now`, and
/// refreshes the client's handling alerts, in one transaction. Versions are numbered under a
/// lock on the client row.
pub async fn submit(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    content: IntakeContent,
    submitted_by: Submitter,
    now: DateTime<Utc>,
) -> Result<IntakeForm, StoreError> {
    conn.transaction(async |conn| {
        use crate::schema::clients as c;
        c::table
            .find((practice.0, client.0))
            .select(c::id)
            .for_update()
            .first::<Uuid>(conn)
            .await?;
        let latest: Option<i32> = intake_forms::table
            .filter(intake_forms::practice_id.eq(practice.0))
            .filter(intake_forms::client_id.eq(client.0))
            .select(diesel::dsl::max(intake_forms::form_version))
            .first(conn)
            .await?;
        let pain_areas = serde_json::to_value(&content.pain_areas).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let row = FormRow {
            practice_id: practice.0,
            id: IntakeFormId::new().0,
            client_id: client.0,
            form_version: latest.unwrap_or(0) + 1,
            chief_complaint: content.chief_complaint.clone(),
            pain_areas,
            conditions: content.conditions.clone(),
            medical_history: content.medical_history.clone(),
            medications: content.medications.clone(),
            contraindications: content
                .contraindications
                .iter()
                .map(|c| Some(c.as_str().to_owned()))
                .collect(),
            goals: content.goals.clone(),
            consent_name: content.consent_name.clone(),
            consent_text_version: content.consent_text_version.clone(),
            consented_at: now,
            submitted_by_staff_id: match submitted_by {
                Submitter::Staff(s) => Some(s.0),
                Submitter::Link(_) => None,
            },
            submitted_via_link_id: match submitted_by {
                Submitter::Link(l) => Some(l),
                Submitter::Staff(_) => None,
            },
            created_at: now,
        };
        let stored: FormRow = diesel::insert_into(intake_forms::table)
            .values(&row)
            .returning(FormRow::as_returning())
            .get_result(conn)
            .await?;
        clients::set_alerts(
            conn,
            practice,
            client,
            &handling_alerts(&content.contraindications),
            now,
        )
        .await?;
        stored.try_into()
    })
    .await
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: IntakeFormId,
) -> Result<IntakeForm, StoreError> {
    let row: FormRow = intake_forms::table
        .find((practice.0, id.0))
        .select(FormRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

/// A client's intake forms, newest version first.
pub async fn for_client(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
) -> Result<Vec<IntakeForm>, StoreError> {
    let rows: Vec<FormRow> = intake_forms::table
        .filter(intake_forms::practice_id.eq(practice.0))
        .filter(intake_forms::client_id.eq(client.0))
        .order(intake_forms::form_version.desc())
        .select(FormRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(IntakeForm::try_from).collect()
}

/// The client's latest intake, if any.
pub async fn latest(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
) -> Result<Option<IntakeForm>, StoreError> {
    let row: Option<FormRow> = intake_forms::table
        .filter(intake_forms::practice_id.eq(practice.0))
        .filter(intake_forms::client_id.eq(client.0))
        .order(intake_forms::form_version.desc())
        .select(FormRow::as_select())
        .first(conn)
        .await
        .optional()?;
    row.map(IntakeForm::try_from).transpose()
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = intake_links, check_for_backend(diesel::pg::Pg))]
pub struct IntakeLink {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub client_id: Uuid,
    pub secret_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// Whether the creator could read clinical content when they made the link.
    pub creator_clinical: bool,
}

impl IntakeLink {
    /// Who made the link, as the link remembers them.
    pub fn creator(&self) -> LinkCreator {
        LinkCreator {
            staff: StaffId(self.created_by),
            clinical: self.creator_clinical,
        }
    }

    /// Whether the link can still be used now.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.used_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

pub async fn insert_link(conn: &mut AsyncPgConnection, link: &IntakeLink) -> Result<(), StoreError> {
    diesel::insert_into(intake_links::table)
        .values(link)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_link(conn: &mut AsyncPgConnection, practice: Uuid, id: Uuid) -> Result<IntakeLink, StoreError> {
    Ok(intake_links::table
        .find((practice, id))
        .select(IntakeLink::as_select())
        .first(conn)
        .await?)
}

pub async fn revoke_link(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<IntakeLink, StoreError> {
    Ok(diesel::update(intake_links::table.find((practice.0, id)))
        .set(intake_links::revoked_at.eq(Some(now)))
        .returning(IntakeLink::as_returning())
        .get_result(conn)
        .await?)
}

/// Uses a link once at `now`; false when it was used, revoked or expired in the meantime.
pub async fn consume_link(
    conn: &mut AsyncPgConnection,
    practice: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        intake_links::table
            .find((practice, id))
            .filter(intake_links::used_at.is_null())
            .filter(intake_links::revoked_at.is_null())
            .filter(intake_links::expires_at.gt(now)),
    )
    .set(intake_links::used_at.eq(now))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Submits a form through a link and uses the link up, together: `None` (nothing written)
/// when the link was used, revoked or expired in the meantime.
pub async fn submit_through_link(
    conn: &mut AsyncPgConnection,
    link: &IntakeLink,
    content: IntakeContent,
    now: DateTime<Utc>,
) -> Result<Option<IntakeForm>, StoreError> {
    crate::transaction::run(conn, async |conn| {
        if !consume_link(conn, link.practice_id, link.id, now).await? {
            return Ok(None);
        }
        let (practice, client) = (PracticeId(link.practice_id), ClientId(link.client_id));
        submit(conn, practice, client, content, Submitter::Link(link.id), now)
            .await
            .map(Some)
    })
    .await
}
