//! What keeps a signed note honest after signing: verification of its hash, and amendments,
//! the only way to correct it.

use super::{Amendment, NoteStatus, SessionNote, canonical_hash};
use crate::StoreError;
use crate::schema::{session_note_amendments as amendments, session_notes as notes};
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

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
