//! A signed note's content hash ([`note_hash`]) and its amendment chain: amendment 1's hash covers the note's signed hash,
//! amendment 2's covers amendment 1's, and so on; the note's chain head records how many
//! amendments there are and the last hash. Editing an amendment breaks its link, deleting one
//! leaves a gap (or, with its link deleted too, a head that counts more than the chain), and
//! one inserted behind the application's back has no link at all.
//!
//! What this cannot see: someone who rewrites the links and the head as well (or deletes the
//! last amendment, its link and rewinds the head). Only a head kept outside the database
//! detects that, as for the audit log.

use crate::Invalid;
use crate::notes::NoteContent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The fields of one amendment that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentRecord {
    pub practice_id: Uuid,
    pub note_id: Uuid,
    pub id: Uuid,
    pub author_id: Uuid,
    /// Position in the note's chain: 1, 2, 3, …
    pub seq: i32,
    pub reason: String,
    pub body: String,
    /// Microseconds since the Unix epoch (what PostgreSQL stores).
    pub created_at_micros: i64,
}

/// Who and what a signed note is about: the identity its hash covers beside its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoteIdentity {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub client_id: Uuid,
    pub therapist_id: Uuid,
    pub booking_id: Option<Uuid>,
}

/// What the signature covers, in this order: the note's identity, its content and when it was
/// signed (microseconds, as PostgreSQL stores it). Changing this form breaks every stored hash.
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

/// A signed note's content hash: `sha256` of its canonical JSON form. The note's amendment
/// chain starts from it.
pub fn note_hash(note: NoteIdentity, content: &NoteContent, signed_at: DateTime<Utc>) -> Result<[u8; 32], Invalid> {
    let canonical = Canonical {
        practice_id: note.practice_id,
        id: note.id,
        client_id: note.client_id,
        therapist_id: note.therapist_id,
        booking_id: note.booking_id,
        content,
        signed_at_micros: signed_at.timestamp_micros(),
    };
    let json = serde_json::to_vec(&canonical).map_err(|e| Invalid::new(e.to_string()))?;
    Ok(Sha256::digest(json).into())
}

fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

/// `sha256(prev ‖ fields)`, each field length-prefixed so no two records collide. `prev` is
/// the note's signed hash for amendment 1, the previous amendment's hash after that.
pub fn link_hash(prev: &[u8], record: &AmendmentRecord) -> [u8; 32] {
    let mut h = Sha256::new();
    field(&mut h, b"knead-amendment-v1");
    field(&mut h, prev);
    field(&mut h, record.practice_id.as_bytes());
    field(&mut h, record.note_id.as_bytes());
    field(&mut h, record.id.as_bytes());
    field(&mut h, record.author_id.as_bytes());
    field(&mut h, &record.seq.to_be_bytes());
    field(&mut h, record.reason.as_bytes());
    field(&mut h, record.body.as_bytes());
    field(&mut h, &record.created_at_micros.to_be_bytes());
    h.finalize().into()
}

/// One stored link: which amendment holds position `seq`, and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub amendment_id: Uuid,
    pub seq: i32,
    pub hash: Vec<u8>,
}

/// The note's chain head: how many amendments it has, and the last hash (the note's own hash
/// while it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub amendments: i32,
    pub hash: Vec<u8>,
}

/// Where and how a note's amendment chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmendmentBreak {
    #[error("the note has no chain head (its amendments cannot be checked)")]
    NoHead,
    #[error("amendment {id} (#{seq}) does not match its hash (edited)")]
    Edited { id: Uuid, seq: i32 },
    #[error("amendment #{seq} is missing (deleted)")]
    Missing { seq: i32 },
    #[error("amendment {id} is not in the chain (added outside the application)")]
    Unchained { id: Uuid },
    #[error("the chain head records {head} amendments but {found} are chained (deleted)")]
    Truncated { head: i32, found: i32 },
    #[error("the chain head's hash does not match the last amendment")]
    HeadMismatch,
}

/// The chain's records in order: each link's amendment with its position. `Err` when a link's
/// amendment is gone or positions skip.
fn in_order<'a>(
    amendments: &'a [AmendmentRecord],
    links: &'a [ChainLink],
) -> Result<Vec<(&'a ChainLink, &'a AmendmentRecord)>, AmendmentBreak> {
    let mut sorted: Vec<&ChainLink> = links.iter().collect();
    sorted.sort_by_key(|l| l.seq);
    let mut chain = Vec::with_capacity(sorted.len());
    for (i, link) in sorted.into_iter().enumerate() {
        let expected = i as i32 + 1;
        if link.seq != expected {
            return Err(AmendmentBreak::Missing { seq: expected });
        }
        let record = amendments
            .iter()
            .find(|a| a.id == link.amendment_id)
            .ok_or(AmendmentBreak::Missing { seq: link.seq })?;
        chain.push((link, record));
    }
    Ok(chain)
}

/// Verifies a signed note's amendments (their `seq` as stored in their links) against its
/// signed hash and head. Returns how many amendments were checked.
pub fn verify(
    note_hash: &[u8],
    amendments: &[AmendmentRecord],
    links: &[ChainLink],
    head: Option<&ChainHead>,
) -> Result<usize, AmendmentBreak> {
    let head = head.ok_or(AmendmentBreak::NoHead)?;
    let chain = in_order(amendments, links)?;
    let mut prev: Vec<u8> = note_hash.to_vec();
    for (link, record) in &chain {
        if link_hash(&prev, record).as_slice() != link.hash.as_slice() {
            return Err(AmendmentBreak::Edited {
                id: record.id,
                seq: link.seq,
            });
        }
        prev.clone_from(&link.hash);
    }
    if let Some(stray) = amendments
        .iter()
        .find(|a| !links.iter().any(|l| l.amendment_id == a.id))
    {
        return Err(AmendmentBreak::Unchained { id: stray.id });
    }
    let found = chain.len() as i32;
    if head.amendments != found {
        return Err(AmendmentBreak::Truncated {
            head: head.amendments,
            found,
        });
    }
    if head.hash != prev {
        return Err(AmendmentBreak::HeadMismatch);
    }
    Ok(chain.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_note() -> (NoteIdentity, NoteContent, DateTime<Utc>) {
        let identity = NoteIdentity {
            practice_id: Uuid::from_u128(1),
            id: Uuid::from_u128(2),
            client_id: Uuid::from_u128(3),
            therapist_id: Uuid::from_u128(4),
            booking_id: None,
        };
        let content = NoteContent {
            session_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            duration_minutes: 60,
            subjective: Some("Left calf tight after the long run".into()),
            objective: None,
            assessment: None,
            plan: Some("Two more sessions".into()),
            techniques: Vec::new(),
            pain: Vec::new(),
            home_care: Vec::new(),
            next_visit_in_days: Some(14),
        };
        let at = DateTime::parse_from_rfc3339("2026-11-18T16:30:00.123456Z")
            .unwrap()
            .to_utc();
        (identity, content, at)
    }

    #[test]
    fn the_note_hash_is_sha256_of_the_canonical_form() {
        let (identity, content, at) = signed_note();
        let form = concat!(
            r#"{"practice_id":"00000000-0000-0000-0000-000000000001","id":"00000000-0000-0000-0000-000000000002","#,
            r#""client_id":"00000000-0000-0000-0000-000000000003","therapist_id":"00000000-0000-0000-0000-000000000004","#,
            r#""booking_id":null,"content":{"session_date":"2026-11-18","duration_minutes":60,"#,
            r#""subjective":"Left calf tight after the long run","objective":null,"assessment":null,"#,
            r#""plan":"Two more sessions","techniques":[],"pain":[],"home_care":[],"next_visit_in_days":14},"#,
            r#""signed_at_micros":1795019400123456}"#
        );
        let expected: [u8; 32] = Sha256::digest(form.as_bytes()).into();
        assert_eq!(note_hash(identity, &content, at), Ok(expected));
        let later = at + chrono::TimeDelta::microseconds(1);
        assert_ne!(note_hash(identity, &content, later), Ok(expected));
        let other = NoteIdentity {
            booking_id: Some(Uuid::from_u128(5)),
            ..identity
        };
        assert_ne!(note_hash(other, &content, at), Ok(expected));
    }

    const NOTE_HASH: [u8; 32] = [7; 32];

    fn record(seq: i32) -> AmendmentRecord {
        AmendmentRecord {
            practice_id: Uuid::nil(),
            note_id: Uuid::from_u128(1),
            id: Uuid::from_u128(100 + seq as u128),
            author_id: Uuid::from_u128(2),
            seq,
            reason: format!("reason {seq}"),
            body: format!("body {seq}"),
            created_at_micros: i64::from(seq) * 1000,
        }
    }

    fn chain(n: i32) -> (Vec<AmendmentRecord>, Vec<ChainLink>, ChainHead) {
        let mut prev = NOTE_HASH.to_vec();
        let records: Vec<AmendmentRecord> = (1..=n).map(record).collect();
        let links = records
            .iter()
            .map(|r| {
                let hash = link_hash(&prev, r).to_vec();
                prev.clone_from(&hash);
                ChainLink {
                    amendment_id: r.id,
                    seq: r.seq,
                    hash,
                }
            })
            .collect();
        (
            records,
            links,
            ChainHead {
                amendments: n,
                hash: prev,
            },
        )
    }

    #[test]
    fn a_clean_chain_verifies() {
        let (records, links, head) = chain(3);
        assert_eq!(verify(&NOTE_HASH, &records, &links, Some(&head)), Ok(3));
        let (none, no_links, empty) = chain(0);
        assert_eq!(empty.hash, NOTE_HASH.to_vec());
        assert_eq!(verify(&NOTE_HASH, &none, &no_links, Some(&empty)), Ok(0));
    }

    #[test]
    fn edits_deletions_and_strays_are_found() {
        let (mut records, links, head) = chain(3);
        records[1].body = "rewritten".into();
        let edited = verify(&NOTE_HASH, &records, &links, Some(&head));
        assert_eq!(
            edited,
            Err(AmendmentBreak::Edited {
                id: records[1].id,
                seq: 2
            })
        );

        let (mut records, links, head) = chain(3);
        records.remove(1);
        assert_eq!(
            verify(&NOTE_HASH, &records, &links, Some(&head)),
            Err(AmendmentBreak::Missing { seq: 2 })
        );

        let (mut records, mut links, head) = chain(3);
        records.pop();
        links.pop();
        assert_eq!(
            verify(&NOTE_HASH, &records, &links, Some(&head)),
            Err(AmendmentBreak::Truncated { head: 3, found: 2 })
        );

        let (mut records, links, head) = chain(2);
        records.push(record(9));
        assert_eq!(
            verify(&NOTE_HASH, &records, &links, Some(&head)),
            Err(AmendmentBreak::Unchained { id: record(9).id })
        );

        let (records, links, _) = chain(2);
        assert_eq!(verify(&NOTE_HASH, &records, &links, None), Err(AmendmentBreak::NoHead));
        // The note's own hash starts the chain: a different note hash breaks amendment 1.
        let (records, links, head) = chain(2);
        assert!(matches!(
            verify(&[0; 32], &records, &links, Some(&head)),
            Err(AmendmentBreak::Edited { seq: 1, .. })
        ));
    }
}
