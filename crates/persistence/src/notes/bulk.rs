//! Signed notes many rows per statement, for generated data (`knead demo --scale`): each
//! row carries the hash its content would get when signed through [`super::sign`] and a
//! chain head, so `knead notes verify` finds every one intact. The database refuses child rows
//! under a signed note, so a chunk is written as drafts, then its techniques and pain, then
//! signed in one statement, and its outcome totals added, as [`super::sign`] does one by one.

use super::rows::{NoteRow, home_care_json, pain_rows, technique_rows};
use crate::StoreError;
use crate::schema::{
    session_note_chain_heads as heads, session_note_pain as pain, session_note_techniques as techniques,
    session_notes as notes,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::amendments::{NoteIdentity, note_hash};
use knead_domain::notes::NoteContent;
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

/// Notes per INSERT: well under PostgreSQL's 65,535 bind parameters (a technique row has eight,
/// and a generated note a few).
const ROWS_PER_STATEMENT: usize = 1_000;

/// One generated note, signed at `signed_at`.
#[derive(Debug, Clone)]
pub struct SignedNote {
    pub id: Uuid,
    pub client_id: ClientId,
    pub therapist_id: StaffId,
    pub booking_id: Option<Uuid>,
    pub content: NoteContent,
    pub signed_at: DateTime<Utc>,
}

/// Writes `rows` as signed notes with their chain heads; returns how many notes were written.
pub async fn insert_signed(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    rows: &[SignedNote],
) -> Result<usize, StoreError> {
    let mut written = 0;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut note_rows = Vec::with_capacity(chunk.len());
        let mut head_rows = Vec::with_capacity(chunk.len());
        let (mut technique_list, mut pain_list) = (Vec::new(), Vec::new());
        let mut signing = (Vec::new(), Vec::new(), Vec::new());
        for n in chunk {
            // Stored to the microsecond: the hash covers what PostgreSQL keeps.
            let signed_at = DateTime::from_timestamp_micros(n.signed_at.timestamp_micros()).unwrap_or(n.signed_at);
            let identity = NoteIdentity {
                practice_id: practice.0,
                id: n.id,
                client_id: n.client_id.0,
                therapist_id: n.therapist_id.0,
                booking_id: n.booking_id,
            };
            let hash = note_hash(identity, &n.content, signed_at)
                .map_err(|e| StoreError::Corrupt(e.0))?
                .to_vec();
            note_rows.push(NoteRow {
                practice_id: practice.0,
                id: n.id,
                client_id: n.client_id.0,
                therapist_id: n.therapist_id.0,
                booking_id: n.booking_id,
                session_date: n.content.session_date,
                duration_minutes: i32::from(n.content.duration_minutes),
                subjective: n.content.subjective.clone(),
                objective: n.content.objective.clone(),
                assessment: n.content.assessment.clone(),
                plan: n.content.plan.clone(),
                home_care: home_care_json(&n.content)?,
                next_visit_in_days: n.content.next_visit_in_days.map(i32::from),
                status: "draft".into(),
                signed_at: None,
                content_hash: None,
                version: 1,
                created_at: signed_at,
                updated_at: signed_at,
            });
            technique_list.extend(technique_rows(practice, n.id, &n.content));
            pain_list.extend(pain_rows(practice, n.id, &n.content));
            signing.0.push(n.id);
            signing.1.push(signed_at);
            signing.2.push(hash.clone());
            head_rows.push((
                heads::practice_id.eq(practice.0),
                heads::note_id.eq(n.id),
                heads::amendments.eq(0),
                heads::hash.eq(hash),
            ));
        }
        written += diesel::insert_into(notes::table)
            .values(&note_rows)
            .execute(conn)
            .await?;
        // A technique row binds eight values: 8,000 per statement at most.
        for part in technique_list.chunks(ROWS_PER_STATEMENT) {
            diesel::insert_into(techniques::table)
                .values(part)
                .execute(conn)
                .await?;
        }
        for part in pain_list.chunks(ROWS_PER_STATEMENT) {
            diesel::insert_into(pain::table).values(part).execute(conn).await?;
        }
        // Signed as a draft is (version 1 → 2).
        diesel::sql_query(
            "UPDATE session_notes n
             SET status = 'signed', signed_at = v.signed_at, content_hash = v.hash, version = 2,
                 updated_at = v.signed_at
             FROM unnest($2::uuid[], $3::timestamptz[], $4::bytea[]) AS v (id, signed_at, hash)
             WHERE n.practice_id = $1 AND n.id = v.id",
        )
        .bind::<diesel::sql_types::Uuid, _>(practice.0)
        .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(&signing.0)
        .bind::<diesel::sql_types::Array<diesel::sql_types::Timestamptz>, _>(&signing.1)
        .bind::<diesel::sql_types::Array<diesel::sql_types::Bytea>, _>(&signing.2)
        .execute(conn)
        .await?;
        if written == chunk.len() && rows.len() > chunk.len() {
            // Until the statistics know this practice's notes, PostgreSQL takes them for none
            // and looks each note up by the practice alone (any index on practice_id serves),
            // reading all of them per note: with nine practices already there, 760 s for the
            // tenth. Analysed once it holds a chunk, each note is looked up by its key. The
            // same holds for the pain rows, which the outcome totals below read through
            // (practice_id, region, note_id) rather than their key: 2.3 s a chunk of a
            // thousand notes at 65,000 notes into the seventh practice, 8 ms once analysed.
            diesel::sql_query("ANALYZE session_notes, session_note_techniques, session_note_pain")
                .execute(conn)
                .await?;
        }
        super::outcomes::record_signed(conn, practice, &signing.0).await?;
        diesel::insert_into(heads::table)
            .values(head_rows)
            .execute(conn)
            .await?;
    }
    Ok(written)
}
