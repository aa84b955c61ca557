//! Signed notes many rows per statement, for generated data (`knead demo --scale`): each
//! row carries the hash its content would get when signed through [`super::sign`] and a
//! chain head, so `knead notes verify` finds every one intact. Only notes without
//! techniques or pain: those are child rows, which the database refuses under a signed note.

use super::rows::{NoteRow, home_care_json};
use crate::StoreError;
use crate::schema::{session_note_chain_heads as heads, session_notes as notes};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::amendments::{NoteIdentity, note_hash};
use knead_domain::notes::NoteContent;
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

/// Rows per INSERT: well under PostgreSQL's 65,535 bind parameters.
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
    if let Some(n) = rows
        .iter()
        .find(|n| !n.content.techniques.is_empty() || !n.content.pain.is_empty())
    {
        return Err(StoreError::Corrupt(format!(
            "generated note {}: techniques and pain are not written in bulk",
            n.id
        )));
    }
    let mut written = 0;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut note_rows = Vec::with_capacity(chunk.len());
        let mut head_rows = Vec::with_capacity(chunk.len());
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
                status: "signed".into(),
                signed_at: Some(signed_at),
                content_hash: Some(hash.clone()),
                // A draft starts at 1 and signing moves it to 2.
                version: 2,
                created_at: signed_at,
                updated_at: signed_at,
            });
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
        diesel::insert_into(heads::table)
            .values(head_rows)
            .execute(conn)
            .await?;
    }
    Ok(written)
}
