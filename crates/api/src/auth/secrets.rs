//! Opaque secrets that name their practice: `<prefix>.<practice>.<id>.<secret>`. The practice
//! and id make the lookup tenant-local; only a SHA-256 of the 256-bit secret is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use knead_domain::PracticeId;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A freshly minted secret: the string to hand out once, and what to store.
#[derive(Debug)]
pub struct Minted {
    pub id: Uuid,
    pub token: String,
    pub hash: Vec<u8>,
}

/// The prefix of staff password links (invitations and resets).
pub const LINK_PREFIX: &str = "kl1";

pub fn mint(prefix: &str, practice: PracticeId) -> Minted {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let encoded = URL_SAFE_NO_PAD.encode(secret);
    let id = Uuid::now_v7();
    Minted {
        id,
        token: format!("{prefix}.{}.{}.{encoded}", practice.0.simple(), id.simple()),
        hash: hash(&encoded),
    }
}

/// A handed-out secret, split into what to look up and what to check.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub practice: PracticeId,
    pub id: Uuid,
    secret: &'a str,
}

pub fn parse<'a>(prefix: &str, token: &'a str) -> Option<Parsed<'a>> {
    let mut parts = token.split('.');
    if parts.next()? != prefix {
        return None;
    }
    let practice = PracticeId(Uuid::try_parse(parts.next()?).ok()?);
    let id = Uuid::try_parse(parts.next()?).ok()?;
    let secret = parts.next()?;
    (parts.next().is_none() && !secret.is_empty()).then_some(Parsed { practice, id, secret })
}

impl Parsed<'_> {
    /// Constant-time comparison with the stored hash.
    pub fn matches(&self, stored_hash: &[u8]) -> bool {
        let computed = hash(self.secret);
        computed.len() == stored_hash.len()
            && computed.iter().zip(stored_hash).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// SHA-256 of arbitrary bytes (request bodies for idempotency keys).
pub fn digest(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let practice = PracticeId::new();
        let minted = mint("kr1", practice);
        let parsed = parse("kr1", &minted.token).expect("parses");
        assert_eq!((parsed.practice, parsed.id), (practice, minted.id));
        assert!(parsed.matches(&minted.hash));
        let mut tampered = minted.token.clone();
        tampered.push('x');
        assert!(!parse("kr1", &tampered).expect("parses").matches(&minted.hash));
        assert!(parse("kl1", &minted.token).is_none());
        assert!(parse("kr1", "kr1.nope").is_none());
    }
}
