//! What keeps a signed note honest after signing: its content hash, and its amendments (the
//! only way to correct it), chained over that hash with the note's chain head counting them
//! (`knead_domain::amendments`). Verification reads any number of notes in two more queries.

use super::{Amendment, NoteStatus, SessionNote, canonical_hash};
use crate::StoreError;
use crate::schema::{
    session_note_amendment_links as links, session_note_amendments as amendments, session_note_chain_heads as heads,
    session_notes as notes,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::amendments::{self as chain, AmendmentBreak, AmendmentRecord, ChainHead, ChainLink};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

/// Whether a signed note's content still matches the hash taken when it was signed; `None`
/// for drafts. Its amendments are checked by [`verify_notes`].
pub fn verify(note: &SessionNote) -> Result<Option<bool>, StoreError> {
    match &note.status {
        NoteStatus::Draft => Ok(None),
        NoteStatus::Signed { at, hash } => Ok(Some(canonical_hash(note, *at)? == *hash)),
    }
}

/// What verification found for one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A draft: nothing is signed yet.
    Draft,
    /// The content matches its signed hash and every amendment its link.
    Intact { amendments: usize },
    /// The note's content no longer matches the hash taken at signing.
    ContentChanged,
    /// The amendment chain is broken.
    Amendments(AmendmentBreak),
}

impl Verdict {
    /// `None` for a draft, else whether the note and its amendments are as written.
    pub fn valid(&self) -> Option<bool> {
        match self {
            Verdict::Draft => None,
            Verdict::Intact { .. } => Some(true),
            Verdict::ContentChanged | Verdict::Amendments(_) => Some(false),
        }
    }

    /// What is wrong, for a person.
    pub fn problem(&self) -> Option<String> {
        match self {
            Verdict::Draft | Verdict::Intact { .. } => None,
            Verdict::ContentChanged => Some("the note's content does not match its signed hash (edited)".into()),
            Verdict::Amendments(chain_break) => Some(chain_break.to_string()),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = links, check_for_backend(diesel::pg::Pg))]
struct LinkRow {
    practice_id: Uuid,
    amendment_id: Uuid,
    note_id: Uuid,
    seq: i32,
    hash: Vec<u8>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = heads, check_for_backend(diesel::pg::Pg))]
struct HeadRow {
    practice_id: Uuid,
    note_id: Uuid,
    amendments: i32,
    hash: Vec<u8>,
}

/// The hashed fields of an amendment at position `seq`.
fn record(a: &Amendment, seq: i32) -> AmendmentRecord {
    AmendmentRecord {
        practice_id: a.practice_id,
        note_id: a.note_id,
        id: a.id,
        author_id: a.author_id,
        seq,
        reason: a.reason.clone(),
        body: a.body.clone(),
        created_at_micros: a.created_at.timestamp_micros(),
    }
}

/// Verifies notes of one practice: each one's content hash and amendment chain.
pub async fn verify_notes(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    found: &[SessionNote],
) -> Result<Vec<Verdict>, StoreError> {
    let ids: Vec<Uuid> = found.iter().map(|n| n.id).collect();
    let link_rows: Vec<LinkRow> = links::table
        .filter(links::practice_id.eq(practice.0))
        .filter(links::note_id.eq_any(&ids))
        .select(LinkRow::as_select())
        .load(conn)
        .await?;
    let head_rows: Vec<HeadRow> = heads::table
        .filter(heads::practice_id.eq(practice.0))
        .filter(heads::note_id.eq_any(&ids))
        .select(HeadRow::as_select())
        .load(conn)
        .await?;
    found
        .iter()
        .map(|note| {
            let NoteStatus::Signed { hash, .. } = &note.status else {
                return Ok(Verdict::Draft);
            };
            if verify(note)? != Some(true) {
                return Ok(Verdict::ContentChanged);
            }
            let note_links: Vec<ChainLink> = link_rows
                .iter()
                .filter(|l| l.note_id == note.id)
                .map(|l| ChainLink {
                    amendment_id: l.amendment_id,
                    seq: l.seq,
                    hash: l.hash.clone(),
                })
                .collect();
            // An amendment's position is its link's; one without a link is caught as unchained.
            let records: Vec<AmendmentRecord> = note
                .amendments
                .iter()
                .map(|a| {
                    let seq = note_links.iter().find(|l| l.amendment_id == a.id).map_or(0, |l| l.seq);
                    record(a, seq)
                })
                .collect();
            let head = head_rows.iter().find(|h| h.note_id == note.id).map(|h| ChainHead {
                amendments: h.amendments,
                hash: h.hash.clone(),
            });
            Ok(match chain::verify(hash, &records, &note_links, head.as_ref()) {
                Ok(amendments) => Verdict::Intact { amendments },
                Err(chain_break) => Verdict::Amendments(chain_break),
            })
        })
        .collect()
}

/// Starts a signed note's chain: no amendments yet, the head is the note's own hash. Called in
/// the signing transaction.
pub(super) async fn start_chain(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    note: Uuid,
    note_hash: &[u8],
) -> Result<(), StoreError> {
    diesel::insert_into(heads::table)
        .values(&HeadRow {
            practice_id: practice.0,
            note_id: note,
            amendments: 0,
            hash: note_hash.to_vec(),
        })
        .execute(conn)
        .await?;
    Ok(())
}

/// Appends an amendment to a signed note (drafts are edited instead), chained over the
/// note's head, which moves forward in the same transaction under a row lock.
pub async fn amend(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    author: StaffId,
    reason: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Amendment, StoreError> {
    conn.transaction(async |conn| {
        let status: String = notes::table
            .find((practice.0, id))
            .select(notes::status)
            .first(conn)
            .await?;
        if status != "signed" {
            return Err(StoreError::Conflict {
                constraint: crate::error::Constraint::NoteDraft,
            });
        }
        let head = lock_head(conn, practice, id).await?;
        let row = Amendment {
            practice_id: practice.0,
            id: Uuid::now_v7(),
            note_id: id,
            author_id: author.0,
            reason: reason.to_owned(),
            body: body.to_owned(),
            // Microsecond precision, as PostgreSQL stores it, so the hash verifies after a read.
            created_at: DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now),
        };
        let seq = head.amendments + 1;
        let hash = chain::link_hash(&head.hash, &record(&row, seq)).to_vec();
        let stored = diesel::insert_into(amendments::table)
            .values(&row)
            .returning(Amendment::as_returning())
            .get_result(conn)
            .await?;
        diesel::insert_into(links::table)
            .values(&LinkRow {
                practice_id: practice.0,
                amendment_id: row.id,
                note_id: id,
                seq,
                hash: hash.clone(),
            })
            .execute(conn)
            .await?;
        diesel::update(heads::table.find((practice.0, id)))
            .set((heads::amendments.eq(seq), heads::hash.eq(hash)))
            .execute(conn)
            .await?;
        Ok(stored)
    })
    .await
}

/// The note's head, locked; a note signed before amendments were chained is sealed first.
async fn lock_head(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<HeadRow, StoreError> {
    let find = || {
        heads::table
            .find((practice.0, id))
            .select(HeadRow::as_select())
            .for_update()
    };
    if let Some(head) = find().first(conn).await.optional()? {
        return Ok(head);
    }
    seal(conn, practice, id).await?;
    Ok(find().first(conn).await?)
}

/// Chains the existing amendments of a signed note that has no head yet (signed before the
/// chain existed), in the order they were written, with the same hashing as [`amend`].
/// Returns false when there was nothing to seal or another process sealed it first.
async fn seal(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<bool, StoreError> {
    let note = super::find(conn, practice, id).await?;
    let NoteStatus::Signed { hash, .. } = &note.status else {
        return Ok(false);
    };
    let mut prev = hash.clone();
    let mut rows = Vec::with_capacity(note.amendments.len());
    for (i, amendment) in note.amendments.iter().enumerate() {
        let seq = i as i32 + 1;
        let link = chain::link_hash(&prev, &record(amendment, seq)).to_vec();
        prev.clone_from(&link);
        rows.push(LinkRow {
            practice_id: practice.0,
            amendment_id: amendment.id,
            note_id: id,
            seq,
            hash: link,
        });
    }
    let inserted = diesel::insert_into(heads::table)
        .values(&HeadRow {
            practice_id: practice.0,
            note_id: id,
            amendments: rows.len() as i32,
            hash: prev,
        })
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 0 {
        return Ok(false);
    }
    if !rows.is_empty() {
        diesel::insert_into(links::table).values(&rows).execute(conn).await?;
    }
    Ok(true)
}

/// The one-time step for notes signed before amendments were chained: seals every signed note
/// without a head (see [`seal`]). Run after migrating; idempotent. It vouches for amendments as
/// they are when it runs — an edit made before then is not detectable. Returns how many notes
/// it sealed.
pub async fn seal_unchained(conn: &mut AsyncPgConnection) -> Result<usize, StoreError> {
    let unsealed: Vec<(Uuid, Uuid)> = notes::table
        .filter(notes::status.eq("signed"))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            heads::table
                .filter(heads::practice_id.eq(notes::practice_id))
                .filter(heads::note_id.eq(notes::id)),
        )))
        .select((notes::practice_id, notes::id))
        .load(conn)
        .await?;
    let mut sealed = 0;
    for (practice, id) in unsealed {
        let practice = PracticeId(practice);
        if conn.transaction(async |conn| seal(conn, practice, id).await).await? {
            sealed += 1;
        }
    }
    Ok(sealed)
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
