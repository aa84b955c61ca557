//! The audit chain: each event's hash covers the previous hash and the event's fields, in a
//! fixed, length-prefixed encoding; verification walks a practice's events in order and
//! reports the first break, including events missing from the tail (against the stored head).

use sha2::{Digest, Sha256};

/// What one audit event records. Never clinical text: ids, names of operations, outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub practice_id: uuid::Uuid,
    pub seq: i64,
    pub id: uuid::Uuid,
    /// Microseconds since the Unix epoch (what PostgreSQL stores).
    pub occurred_at_micros: i64,
    pub actor_id: Option<uuid::Uuid>,
    pub actor_role: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<uuid::Uuid>,
    pub client_id: Option<uuid::Uuid>,
    pub request_id: String,
    pub ip: Option<String>,
    pub outcome: String,
    pub status: i32,
    /// When a client acted through an intake link (the actor), the staff member who created it.
    pub link_creator_id: Option<uuid::Uuid>,
}

/// The hash the first event of a practice chains to.
pub const GENESIS: [u8; 32] = [0; 32];

fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

fn optional(hasher: &mut Sha256, value: Option<&[u8]>) {
    match value {
        Some(bytes) => {
            hasher.update([1]);
            field(hasher, bytes);
        }
        None => hasher.update([0]),
    }
}

/// `sha256(prev_hash ‖ fields)`, each field length-prefixed so no two records collide.
pub fn chain_hash(prev: &[u8], record: &AuditRecord) -> [u8; 32] {
    let mut h = Sha256::new();
    field(&mut h, prev);
    field(&mut h, record.practice_id.as_bytes());
    field(&mut h, &record.seq.to_be_bytes());
    field(&mut h, record.id.as_bytes());
    field(&mut h, &record.occurred_at_micros.to_be_bytes());
    optional(&mut h, record.actor_id.as_ref().map(|id| id.as_bytes().as_slice()));
    optional(&mut h, record.actor_role.as_deref().map(str::as_bytes));
    field(&mut h, record.action.as_bytes());
    field(&mut h, record.resource_type.as_bytes());
    optional(&mut h, record.resource_id.as_ref().map(|id| id.as_bytes().as_slice()));
    optional(&mut h, record.client_id.as_ref().map(|id| id.as_bytes().as_slice()));
    field(&mut h, record.request_id.as_bytes());
    optional(&mut h, record.ip.as_deref().map(str::as_bytes));
    field(&mut h, record.outcome.as_bytes());
    field(&mut h, &record.status.to_be_bytes());
    // Added after the first events were written: absent, it adds nothing, so older events
    // keep their hashes; present, it lengthens the encoding, so the two cannot collide.
    if let Some(creator) = record.link_creator_id {
        field(&mut h, creator.as_bytes());
    }
    h.finalize().into()
}

/// A stored event: the record plus the hashes stored beside it.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub record: AuditRecord,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// Where and how a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("event {seq}: sequence gap (expected {expected})")]
    Gap { seq: i64, expected: i64 },
    #[error("event {seq}: does not chain to the previous event")]
    Unlinked { seq: i64 },
    #[error("event {seq}: contents do not match its hash (edited)")]
    Tampered { seq: i64 },
    #[error("the chain ends at event {last} but the head records event {head} (events deleted)")]
    Truncated { last: i64, head: i64 },
    #[error("the head's hash does not match the last event")]
    HeadMismatch,
    #[error("the chain ends at event {last} but a head recorded outside the database says {expected} (events deleted)")]
    ShorterThanExpected { last: i64, expected: i64 },
    #[error("event {seq} differs from the head recorded outside the database (rewritten)")]
    DiffersFromExpected { seq: i64 },
}

/// Verifies one practice's events (ordered by `seq`) against its head `(seq, hash)`.
/// Returns the number of events checked.
pub fn verify(events: &[StoredEvent], head: Option<(i64, &[u8])>) -> Result<usize, ChainBreak> {
    let mut prev: &[u8] = &GENESIS;
    for (i, event) in events.iter().enumerate() {
        let expected = i as i64 + 1;
        let seq = event.record.seq;
        if seq != expected {
            return Err(ChainBreak::Gap { seq, expected });
        }
        if event.prev_hash != prev {
            return Err(ChainBreak::Unlinked { seq });
        }
        if chain_hash(prev, &event.record).as_slice() != event.hash.as_slice() {
            return Err(ChainBreak::Tampered { seq });
        }
        prev = &event.hash;
    }
    let last = events.last().map_or(0, |e| e.record.seq);
    match head {
        Some((head_seq, _)) if head_seq != last => Err(ChainBreak::Truncated { last, head: head_seq }),
        Some((_, head_hash)) if !events.is_empty() && head_hash != prev => Err(ChainBreak::HeadMismatch),
        None if !events.is_empty() => Err(ChainBreak::HeadMismatch),
        _ => Ok(events.len()),
    }
}

/// Checks a chain (already verified by [`verify`]) against a head recorded earlier outside the
/// database: the chain must reach that sequence number with that hash. This catches what the
/// stored head cannot: the last events deleted and the stored head rewound to match.
pub fn check_expected(events: &[StoredEvent], expected_seq: i64, expected_hash: &[u8]) -> Result<(), ChainBreak> {
    if expected_seq == 0 {
        return Ok(());
    }
    let last = events.last().map_or(0, |e| e.record.seq);
    match events.iter().find(|e| e.record.seq == expected_seq) {
        None => Err(ChainBreak::ShorterThanExpected {
            last,
            expected: expected_seq,
        }),
        Some(event) if event.hash != expected_hash => Err(ChainBreak::DiffersFromExpected { seq: expected_seq }),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredEvent> {
        let mut prev = GENESIS.to_vec();
        (1..=n)
            .map(|seq| {
                let record = AuditRecord {
                    practice_id: uuid::Uuid::nil(),
                    seq,
                    id: uuid::Uuid::from_u128(seq as u128),
                    occurred_at_micros: seq * 1000,
                    actor_id: None,
                    actor_role: Some("owner".into()),
                    action: "list_audit_events".into(),
                    resource_type: "audit_event".into(),
                    resource_id: None,
                    client_id: None,
                    request_id: format!("r{seq}"),
                    ip: None,
                    outcome: "success".into(),
                    status: 200,
                    link_creator_id: None,
                };
                let hash = chain_hash(&prev, &record).to_vec();
                let event = StoredEvent {
                    record,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                event
            })
            .collect()
    }

    fn head(events: &[StoredEvent]) -> Option<(i64, &[u8])> {
        events.last().map(|e| (e.record.seq, e.hash.as_slice()))
    }

    #[test]
    fn clean_chain_verifies() {
        let events = chain(5);
        assert_eq!(verify(&events, head(&events)), Ok(5));
        assert_eq!(verify(&[], None), Ok(0));
    }

    #[test]
    fn breaks_are_found() {
        let mut credited = chain(5);
        credited[1].record.link_creator_id = Some(uuid::Uuid::from_u128(7));
        assert_eq!(verify(&credited, head(&chain(5))), Err(ChainBreak::Tampered { seq: 2 }));

        let mut edited = chain(5);
        edited[2].record.outcome = "denied".into();
        assert_eq!(verify(&edited, head(&chain(5))), Err(ChainBreak::Tampered { seq: 3 }));

        let events = chain(5);
        let full_head = head(&events);
        assert_eq!(
            verify(&events[..4], full_head),
            Err(ChainBreak::Truncated { last: 4, head: 5 })
        );

        let recorded = chain(5);
        let (seq, hash) = head(&recorded).expect("head");
        assert_eq!(check_expected(&recorded, seq, hash), Ok(()));
        assert_eq!(
            check_expected(&chain(7), seq, hash),
            Ok(()),
            "a longer chain extends it"
        );
        assert_eq!(
            check_expected(&recorded[..4], seq, hash),
            Err(ChainBreak::ShorterThanExpected { last: 4, expected: 5 })
        );
        let mut rewritten = chain(5);
        rewritten[4].hash = vec![1; 32];
        assert_eq!(
            check_expected(&rewritten, seq, hash),
            Err(ChainBreak::DiffersFromExpected { seq: 5 })
        );

        let mut gap = chain(5);
        gap.remove(1);
        assert_eq!(
            verify(&gap, head(&events)),
            Err(ChainBreak::Gap { seq: 3, expected: 2 })
        );
    }
}
