//! The session notes repository: drafts with their techniques and pain as child rows, signing
//! (a SHA-256 of the note's canonical JSON is stored), verification, and append-only
//! amendments. The database refuses changes to signed notes itself (triggers).

use crate::StoreError;
use crate::schema::{
    session_note_amendments as amendments, session_note_pain as pain, session_note_techniques as techniques,
    session_notes as notes,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::client::PressurePreference;
use knead_domain::clinical::{BodyRegion, PainIntensity, Side};
use knead_domain::notes::{HomeCare, NoteContent, PainChange, RegionSide, TechniqueApplied};
use knead_domain::{ClientId, PracticeId, StaffId, Technique};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notes, check_for_backend(diesel::pg::Pg))]
struct NoteRow {
    practice_id: Uuid,
    id: Uuid,
    client_id: Uuid,
    therapist_id: Uuid,
    booking_id: Option<Uuid>,
    session_date: NaiveDate,
    duration_minutes: i32,
    subjective: Option<String>,
    objective: Option<String>,
    assessment: Option<String>,
    plan: Option<String>,
    home_care: serde_json::Value,
    next_visit_in_days: Option<i32>,
    status: String,
    signed_at: Option<DateTime<Utc>>,
    content_hash: Option<Vec<u8>>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = techniques, check_for_backend(diesel::pg::Pg))]
struct TechniqueRow {
    practice_id: Uuid,
    note_id: Uuid,
    position: i32,
    technique: String,
    region: String,
    side: String,
    minutes: i32,
    pressure: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pain, check_for_backend(diesel::pg::Pg))]
struct PainRow {
    practice_id: Uuid,
    note_id: Uuid,
    region: String,
    side: String,
    before: i32,
    after: i32,
}

/// A correction to a signed note.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = amendments, check_for_backend(diesel::pg::Pg))]
pub struct Amendment {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub note_id: Uuid,
    pub author_id: Uuid,
    pub reason: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Where a note is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteStatus {
    Draft,
    Signed { at: DateTime<Utc>, hash: Vec<u8> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionNote {
    pub practice_id: PracticeId,
    pub id: Uuid,
    pub client_id: ClientId,
    pub therapist_id: StaffId,
    pub booking_id: Option<Uuid>,
    pub content: NoteContent,
    pub status: NoteStatus,
    pub amendments: Vec<Amendment>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the signature covers: the note's identity, its content and when it was signed.
#[derive(Serialize)]
struct Canonical<'a> {
    practice_id: Uuid,
    id: Uuid,
    client_id: Uuid,
    therapist_id: Uuid,
    booking_id: Option<Uuid>,
    content: &'a NoteContent,
    signed_at_micros: i64,
}

fn canonical_hash(note: &SessionNote, signed_at: DateTime<Utc>) -> Result<Vec<u8>, StoreError> {
    let canonical = Canonical {
        practice_id: note.practice_id.0,
        id: note.id,
        client_id: note.client_id.0,
        therapist_id: note.therapist_id.0,
        booking_id: note.booking_id,
        content: &note.content,
        signed_at_micros: signed_at.timestamp_micros(),
    };
    let json = serde_json::to_vec(&canonical).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Sha256::digest(json).to_vec())
}

fn corrupt(id: Uuid, what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("session note {id}: {what}"))
}

fn assemble(
    row: NoteRow,
    technique_rows: &[TechniqueRow],
    pain_rows: &[PainRow],
    amendments: Vec<Amendment>,
) -> Result<SessionNote, StoreError> {
    let id = row.id;
    let mut applied: Vec<TechniqueApplied> = Vec::new();
    let mut last_position = None;
    for t in technique_rows {
        let region = RegionSide {
            region: BodyRegion::parse(&t.region).map_err(|e| corrupt(id, e))?,
            side: Side::parse(&t.side).map_err(|e| corrupt(id, e))?,
        };
        if last_position == Some(t.position) {
            if let Some(current) = applied.last_mut() {
                current.regions.push(region);
            }
            continue;
        }
        last_position = Some(t.position);
        applied.push(TechniqueApplied {
            technique: Technique::parse(&t.technique).map_err(|e| corrupt(id, e))?,
            regions: vec![region],
            minutes: u16::try_from(t.minutes).map_err(|e| corrupt(id, e))?,
            pressure: PressurePreference::parse(&t.pressure).map_err(|e| corrupt(id, e))?,
        });
    }
    let pain = pain_rows
        .iter()
        .map(|p| {
            Ok(PainChange {
                region: BodyRegion::parse(&p.region).map_err(|e| corrupt(id, e))?,
                side: Side::parse(&p.side).map_err(|e| corrupt(id, e))?,
                before: PainIntensity::new(p.before.into()).map_err(|e| corrupt(id, e))?,
                after: PainIntensity::new(p.after.into()).map_err(|e| corrupt(id, e))?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let home_care: Vec<HomeCare> = serde_json::from_value(row.home_care).map_err(|e| corrupt(id, e))?;
    let status = match (row.status.as_str(), row.signed_at, row.content_hash) {
        ("draft", _, _) => NoteStatus::Draft,
        ("signed", Some(at), Some(hash)) => NoteStatus::Signed { at, hash },
        (other, _, _) => return Err(corrupt(id, format!("status {other}"))),
    };
    Ok(SessionNote {
        practice_id: PracticeId(row.practice_id),
        id,
        client_id: ClientId(row.client_id),
        therapist_id: StaffId(row.therapist_id),
        booking_id: row.booking_id,
        content: NoteContent {
            session_date: row.session_date,
            duration_minutes: u16::try_from(row.duration_minutes).map_err(|e| corrupt(id, e))?,
            subjective: row.subjective,
            objective: row.objective,
            assessment: row.assessment,
            plan: row.plan,
            techniques: applied,
            pain,
            home_care,
            next_visit_in_days: row
                .next_visit_in_days
                .map(u16::try_from)
                .transpose()
                .map_err(|e| corrupt(id, e))?,
        },
        status,
        amendments,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

async fn write_children(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    note: Uuid,
    content: &NoteContent,
) -> Result<(), StoreError> {
    diesel::delete(
        techniques::table
            .filter(techniques::practice_id.eq(practice.0))
            .filter(techniques::note_id.eq(note)),
    )
    .execute(conn)
    .await?;
    diesel::delete(
        pain::table
            .filter(pain::practice_id.eq(practice.0))
            .filter(pain::note_id.eq(note)),
    )
    .execute(conn)
    .await?;
    let technique_rows: Vec<TechniqueRow> = content
        .techniques
        .iter()
        .enumerate()
        .flat_map(|(position, applied)| {
            applied.regions.iter().map(move |rs| TechniqueRow {
                practice_id: practice.0,
                note_id: note,
                position: position as i32,
                technique: applied.technique.as_str().to_owned(),
                region: rs.region.as_str().to_owned(),
                side: rs.side.as_str().to_owned(),
                minutes: i32::from(applied.minutes),
                pressure: applied.pressure.as_str().to_owned(),
            })
        })
        .collect();
    if !technique_rows.is_empty() {
        diesel::insert_into(techniques::table)
            .values(&technique_rows)
            .execute(conn)
            .await?;
    }
    let pain_rows: Vec<PainRow> = content
        .pain
        .iter()
        .map(|p| PainRow {
            practice_id: practice.0,
            note_id: note,
            region: p.region.as_str().to_owned(),
            side: p.side.as_str().to_owned(),
            before: i32::from(p.before.get()),
            after: i32::from(p.after.get()),
        })
        .collect();
    if !pain_rows.is_empty() {
        diesel::insert_into(pain::table)
            .values(&pain_rows)
            .execute(conn)
            .await?;
    }
    Ok(())
}

fn home_care_json(content: &NoteContent) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(&content.home_care).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Creates a draft note by `therapist` for `client`.
pub async fn insert_draft(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    therapist: StaffId,
    booking: Option<Uuid>,
    content: NoteContent,
) -> Result<SessionNote, StoreError> {
    let id = conn
        .transaction(async |conn| {
            let now = Utc::now();
            let row = NoteRow {
                practice_id: practice.0,
                id: Uuid::now_v7(),
                client_id: client.0,
                therapist_id: therapist.0,
                booking_id: booking,
                session_date: content.session_date,
                duration_minutes: i32::from(content.duration_minutes),
                subjective: content.subjective.clone(),
                objective: content.objective.clone(),
                assessment: content.assessment.clone(),
                plan: content.plan.clone(),
                home_care: home_care_json(&content)?,
                next_visit_in_days: content.next_visit_in_days.map(i32::from),
                status: "draft".into(),
                signed_at: None,
                content_hash: None,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            diesel::insert_into(notes::table).values(&row).execute(conn).await?;
            write_children(conn, practice, row.id, &content).await?;
            Ok::<_, StoreError>(row.id)
        })
        .await?;
    find(conn, practice, id).await
}

/// A note with its techniques, pain and amendments.
pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<SessionNote, StoreError> {
    find_many(conn, practice, &[id])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Notes by id, in the order given, with their children: four queries however many notes.
pub async fn find_many(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    ids: &[Uuid],
) -> Result<Vec<SessionNote>, StoreError> {
    let rows: Vec<NoteRow> = notes::table
        .filter(notes::practice_id.eq(practice.0))
        .filter(notes::id.eq_any(ids))
        .select(NoteRow::as_select())
        .load(conn)
        .await?;
    let technique_rows: Vec<TechniqueRow> = techniques::table
        .filter(techniques::practice_id.eq(practice.0))
        .filter(techniques::note_id.eq_any(ids))
        .order((
            techniques::note_id,
            techniques::position,
            techniques::region,
            techniques::side,
        ))
        .select(TechniqueRow::as_select())
        .load(conn)
        .await?;
    let pain_rows: Vec<PainRow> = pain::table
        .filter(pain::practice_id.eq(practice.0))
        .filter(pain::note_id.eq_any(ids))
        .order((pain::note_id, pain::region, pain::side))
        .select(PainRow::as_select())
        .load(conn)
        .await?;
    let amendment_rows: Vec<Amendment> = amendments::table
        .filter(amendments::practice_id.eq(practice.0))
        .filter(amendments::note_id.eq_any(ids))
        .order((amendments::note_id, amendments::created_at, amendments::id))
        .select(Amendment::as_select())
        .load(conn)
        .await?;
    let mut by_id: std::collections::HashMap<Uuid, NoteRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(row) = by_id.remove(id) else { continue };
        let t: Vec<TechniqueRow> = technique_rows.iter().filter(|t| t.note_id == *id).cloned().collect();
        let p: Vec<PainRow> = pain_rows.iter().filter(|p| p.note_id == *id).cloned().collect();
        let a: Vec<Amendment> = amendment_rows.iter().filter(|a| a.note_id == *id).cloned().collect();
        found.push(assemble(row, &t, &p, a)?);
    }
    Ok(found)
}

/// Filters for listing notes; all optional.
#[derive(Debug, Clone, Default)]
pub struct NoteFilter {
    pub client_id: Option<ClientId>,
    pub therapist_id: Option<StaffId>,
    pub technique: Option<Technique>,
    /// Notes with a technique applied to this region.
    pub region: Option<BodyRegion>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Newest session first, then id; the cursor is the last note's `(session_date, id)`.
type NoteIdQuery = notes::BoxedQuery<'static, diesel::pg::Pg, diesel::sql_types::Uuid>;

/// The query for one page of note ids, built once for running and for `EXPLAIN`.
fn list_query(practice: PracticeId, filter: &NoteFilter, after: Option<(NaiveDate, Uuid)>, limit: i64) -> NoteIdQuery {
    use diesel::dsl::{exists, sql};
    use diesel::sql_types::{Bool, Date, Uuid as SqlUuid};
    let mut query = notes::table
        .into_boxed()
        .select(notes::id)
        .filter(notes::practice_id.eq(practice.0))
        .order((notes::session_date.desc(), notes::id.asc()))
        .limit(limit);
    if let Some(client) = filter.client_id {
        query = query.filter(notes::client_id.eq(client.0));
    }
    if let Some(therapist) = filter.therapist_id {
        query = query.filter(notes::therapist_id.eq(therapist.0));
    }
    if let Some(from) = filter.from {
        query = query.filter(notes::session_date.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(notes::session_date.lt(to));
    }
    if let Some(technique) = filter.technique {
        query = query.filter(exists(
            techniques::table
                .filter(techniques::practice_id.eq(notes::practice_id))
                .filter(techniques::note_id.eq(notes::id))
                .filter(techniques::technique.eq(technique.as_str())),
        ));
    }
    if let Some(region) = filter.region {
        query = query.filter(exists(
            techniques::table
                .filter(techniques::practice_id.eq(notes::practice_id))
                .filter(techniques::note_id.eq(notes::id))
                .filter(techniques::region.eq(region.as_str())),
        ));
    }
    if let Some((date, id)) = after {
        query = query.filter(
            sql::<Bool>("(session_date < ")
                .bind::<Date, _>(date)
                .sql(" OR (session_date = ")
                .bind::<Date, _>(date)
                .sql(" AND id > ")
                .bind::<SqlUuid, _>(id)
                .sql("))"),
        );
    }
    query
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: &NoteFilter,
    after: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> Result<Vec<SessionNote>, StoreError> {
    let ids: Vec<Uuid> = list_query(practice, filter, after, limit).load(conn).await?;
    find_many(conn, practice, &ids).await
}

/// PostgreSQL's plan for the first page of [`list`] (`EXPLAIN (FORMAT JSON)`).
pub async fn explain_list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: &NoteFilter,
    limit: i64,
) -> Result<serde_json::Value, StoreError> {
    crate::explain::explain(conn, list_query(practice, filter, None, limit)).await
}

/// One technique's outcomes: sessions, clients, and pain before/after on the regions it was
/// applied to.
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct TechniqueOutcome {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub technique: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub sessions: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub clients: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub measurements: i64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub mean_before: f64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub mean_after: f64,
}

const OUTCOMES_SELECT: &str = "
    SELECT t.technique,
           count(DISTINCT t.note_id) AS sessions,
           count(DISTINCT n.client_id) AS clients,
           count(*) AS measurements,
           avg(p.before)::float8 AS mean_before,
           avg(p.after)::float8 AS mean_after
    FROM session_note_techniques t
    JOIN session_notes n ON n.practice_id = t.practice_id AND n.id = t.note_id
    JOIN session_note_pain p ON p.practice_id = t.practice_id AND p.note_id = t.note_id
                            AND p.region = t.region AND p.side = t.side
    WHERE t.practice_id = $1 AND n.practice_id = $1 AND n.status = 'signed'";

/// Outcomes per technique over signed notes, counting only the regions each technique was
/// applied to (a pain score on a region the technique did not touch is not its outcome).
pub async fn technique_outcomes(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    region: Option<BodyRegion>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<TechniqueOutcome>, StoreError> {
    Ok(outcomes_query(practice, region, from, to).load(conn).await?)
}

/// The report's query with its parameters bound (for running and for `EXPLAIN`).
pub fn outcomes_query(
    practice: PracticeId,
    region: Option<BodyRegion>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    use diesel::sql_types::{Date, Text, Uuid as SqlUuid};
    // Only the conditions that apply, so each can use its index (an `$n IS NULL OR …` would not).
    let mut sql = OUTCOMES_SELECT.to_owned();
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    if region.is_some() {
        sql.push_str(&format!(" AND t.region = ${}", next()));
    }
    if from.is_some() {
        sql.push_str(&format!(" AND n.session_date >= ${}", next()));
    }
    if to.is_some() {
        sql.push_str(&format!(" AND n.session_date < ${}", next()));
    }
    sql.push_str(" GROUP BY t.technique ORDER BY t.technique");
    let mut query = diesel::sql_query(sql).into_boxed().bind::<SqlUuid, _>(practice.0);
    if let Some(region) = region {
        query = query.bind::<Text, _>(region.as_str());
    }
    if let Some(from) = from {
        query = query.bind::<Date, _>(from);
    }
    if let Some(to) = to {
        query = query.bind::<Date, _>(to);
    }
    query
}

/// Pain before and after, per region, from a client's notes: `(session date, region, side,
/// before, after)` in date order.
pub async fn pain_for_client(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    region: Option<BodyRegion>,
) -> Result<Vec<(NaiveDate, String, String, i32, i32)>, StoreError> {
    let mut query = pain::table
        .inner_join(
            notes::table.on(notes::practice_id
                .eq(pain::practice_id)
                .and(notes::id.eq(pain::note_id))),
        )
        .filter(pain::practice_id.eq(practice.0))
        .filter(notes::client_id.eq(client.0))
        .select((notes::session_date, pain::region, pain::side, pain::before, pain::after))
        .order((notes::session_date, notes::id, pain::region, pain::side))
        .into_boxed();
    if let Some(region) = region {
        query = query.filter(pain::region.eq(region.as_str()));
    }
    Ok(query.load(conn).await?)
}

/// Replaces a draft's content if the stored version is `expected` (`None`: any). A signed note
/// is [`StoreError::Conflict`] with constraint `session_note_signed`.
pub async fn update_draft(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    content: NoteContent,
) -> Result<SessionNote, StoreError> {
    conn.transaction(async |conn| {
        let current: (String, i64) = notes::table
            .find((practice.0, id))
            .select((notes::status, notes::version))
            .for_update()
            .first(conn)
            .await?;
        if current.0 != "draft" {
            return Err(StoreError::Conflict {
                constraint: "session_note_signed".into(),
            });
        }
        if expected.is_some_and(|v| v != current.1) {
            return Err(StoreError::Stale);
        }
        diesel::update(notes::table.find((practice.0, id)))
            .set((
                notes::session_date.eq(content.session_date),
                notes::duration_minutes.eq(i32::from(content.duration_minutes)),
                notes::subjective.eq(&content.subjective),
                notes::objective.eq(&content.objective),
                notes::assessment.eq(&content.assessment),
                notes::plan.eq(&content.plan),
                notes::home_care.eq(home_care_json(&content)?),
                notes::next_visit_in_days.eq(content.next_visit_in_days.map(i32::from)),
                notes::version.eq(current.1 + 1),
                notes::updated_at.eq(Utc::now()),
            ))
            .execute(conn)
            .await?;
        write_children(conn, practice, id, &content).await
    })
    .await?;
    find(conn, practice, id).await
}

/// Signs a draft: stores the SHA-256 of its canonical JSON; from then on it never changes.
pub async fn sign(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
) -> Result<SessionNote, StoreError> {
    conn.transaction(async |conn| {
        notes::table
            .find((practice.0, id))
            .select(notes::id)
            .for_update()
            .first::<Uuid>(conn)
            .await?;
        let note = find(conn, practice, id).await?;
        if note.status != NoteStatus::Draft {
            return Err(StoreError::Conflict {
                constraint: "session_note_signed".into(),
            });
        }
        if expected.is_some_and(|v| v != note.version) {
            return Err(StoreError::Stale);
        }
        let now = Utc::now();
        let signed_at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
        let hash = canonical_hash(&note, signed_at)?;
        diesel::update(notes::table.find((practice.0, id)))
            .set((
                notes::status.eq("signed"),
                notes::signed_at.eq(Some(signed_at)),
                notes::content_hash.eq(Some(hash)),
                notes::version.eq(note.version + 1),
                notes::updated_at.eq(signed_at),
            ))
            .execute(conn)
            .await?;
        Ok::<_, StoreError>(())
    })
    .await?;
    find(conn, practice, id).await
}

/// Whether a signed note still matches the hash taken when it was signed; `None` for drafts.
pub fn verify(note: &SessionNote) -> Result<Option<bool>, StoreError> {
    match &note.status {
        NoteStatus::Draft => Ok(None),
        NoteStatus::Signed { at, hash } => Ok(Some(canonical_hash(note, *at)? == *hash)),
    }
}

/// Appends an amendment to a signed note (drafts are edited instead).
pub async fn amend(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    author: StaffId,
    reason: &str,
    body: &str,
) -> Result<Amendment, StoreError> {
    let status: String = notes::table
        .find((practice.0, id))
        .select(notes::status)
        .first(conn)
        .await?;
    if status != "signed" {
        return Err(StoreError::Conflict {
            constraint: "session_note_draft".into(),
        });
    }
    let row = Amendment {
        practice_id: practice.0,
        id: Uuid::now_v7(),
        note_id: id,
        author_id: author.0,
        reason: reason.to_owned(),
        body: body.to_owned(),
        created_at: Utc::now(),
    };
    Ok(diesel::insert_into(amendments::table)
        .values(&row)
        .returning(Amendment::as_returning())
        .get_result(conn)
        .await?)
}

/// Ids of every signed note of every practice, oldest first: `knead notes verify` walks them.
pub async fn signed_ids(conn: &mut AsyncPgConnection) -> Result<Vec<(PracticeId, Uuid)>, StoreError> {
    let rows: Vec<(Uuid, Uuid)> = notes::table
        .filter(notes::status.eq("signed"))
        .select((notes::practice_id, notes::id))
        .order((notes::practice_id, notes::id))
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|(p, id)| (PracticeId(p), id)).collect())
}
