//! The session notes repository: drafts with their techniques and pain as child rows, signing
//! (a SHA-256 of the note's canonical JSON is stored), verification, and append-only
//! amendments. The database refuses changes to signed notes itself (triggers).

use crate::StoreError;
use crate::schema::{
    session_note_amendments as amendments, session_note_pain as pain, session_note_techniques as techniques,
    session_notes as notes,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::amendments::{NoteIdentity, note_hash};
use knead_domain::notes::NoteContent;
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

mod bulk;
mod integrity;
mod list;
pub mod outcomes;
mod reports;
mod rows;

pub use bulk::{SignedNote, insert_signed};
pub use integrity::{Verdict, amend, seal_unchained, signed_ids, verify, verify_notes};
pub use list::{NoteFilter, explain_list, list};
pub use outcomes::{OutcomeFilter, technique_outcomes};
pub use reports::{TechniqueOutcome, pain_for_client};
use rows::{NoteRow, PainRow, TechniqueRow, assemble, home_care_json, write_children};

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

fn canonical_hash(note: &SessionNote, signed_at: DateTime<Utc>) -> Result<Vec<u8>, StoreError> {
    let identity = NoteIdentity {
        practice_id: note.practice_id.0,
        id: note.id,
        client_id: note.client_id.0,
        therapist_id: note.therapist_id.0,
        booking_id: note.booking_id,
    };
    let hash = note_hash(identity, &note.content, signed_at).map_err(|e| StoreError::Corrupt(e.0))?;
    Ok(hash.to_vec())
}

/// Creates a draft note by `therapist` for `client`.
pub async fn insert_draft(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    therapist: StaffId,
    booking: Option<Uuid>,
    content: NoteContent,
    now: DateTime<Utc>,
) -> Result<SessionNote, StoreError> {
    let id = conn
        .transaction(async |conn| {
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

/// Replaces a draft's content and booking if the stored version is `expected` (`None`: any). A signed note
/// is [`StoreError::Conflict`] with [`crate::error::Constraint::NoteSigned`].
pub async fn update_draft(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    booking: Option<Uuid>,
    content: NoteContent,
    now: DateTime<Utc>,
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
                constraint: crate::error::Constraint::NoteSigned,
            });
        }
        if expected.is_some_and(|v| v != current.1) {
            return Err(StoreError::Stale);
        }
        diesel::update(notes::table.find((practice.0, id)))
            .set((
                notes::booking_id.eq(booking),
                notes::session_date.eq(content.session_date),
                notes::duration_minutes.eq(i32::from(content.duration_minutes)),
                notes::subjective.eq(&content.subjective),
                notes::objective.eq(&content.objective),
                notes::assessment.eq(&content.assessment),
                notes::plan.eq(&content.plan),
                notes::home_care.eq(home_care_json(&content)?),
                notes::next_visit_in_days.eq(content.next_visit_in_days.map(i32::from)),
                notes::version.eq(current.1 + 1),
                notes::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        write_children(conn, practice, id, &content).await
    })
    .await?;
    find(conn, practice, id).await
}

/// Signs a draft at `now`: stores the SHA-256 of its canonical JSON; from then on it never
/// changes.
pub async fn sign(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    expected: Option<i64>,
    now: DateTime<Utc>,
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
                constraint: crate::error::Constraint::NoteSigned,
            });
        }
        if expected.is_some_and(|v| v != note.version) {
            return Err(StoreError::Stale);
        }
        let signed_at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
        let hash = canonical_hash(&note, signed_at)?;
        diesel::update(notes::table.find((practice.0, id)))
            .set((
                notes::status.eq("signed"),
                notes::signed_at.eq(Some(signed_at)),
                notes::content_hash.eq(Some(&hash)),
                notes::version.eq(note.version + 1),
                notes::updated_at.eq(signed_at),
            ))
            .execute(conn)
            .await?;
        integrity::start_chain(conn, practice, id, &hash).await?;
        outcomes::record_signed(conn, practice, &[id]).await?;
        Ok::<_, StoreError>(())
    })
    .await?;
    find(conn, practice, id).await
}
