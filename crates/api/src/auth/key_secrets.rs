//! API key secrets: `kk1_` and 64 hex digits (256 random bits). Unlike the one-time links
//! (`kl1.<practice>.<id>.<secret>`), a key names neither practice nor id: it is found by the
//! SHA-256 of the whole string (a unique index), so one fixed shape — a prefix, `_`, one run of
//! `[0-9a-f]` — is all a secret scanner needs to match, and a double click selects all of it.
//! Links stay as they are: they live minutes to days inside URLs, where the dots are safe and
//! the practice in them makes the lookup tenant-local.
//!
//! SHA-256, not argon2: a slow hash protects guessable passwords; a 256-bit random secret
//! cannot be guessed from its hash, and a slow hash on every API call would be a cost, and a
//! denial-of-service lever, for nothing.

use rand::RngCore;
use sha2::{Digest, Sha256};

pub const KEY_PREFIX: &str = "kk1_";
const SECRET_BYTES: usize = 32;

/// A new key's secret, to show once, and what is stored of it.
#[derive(Debug)]
pub struct MintedKey {
    pub secret: String,
    pub hash: Vec<u8>,
    /// The first characters, shown in lists.
    pub hint: String,
}

pub fn mint() -> MintedKey {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{KEY_PREFIX}{}", hex::encode(bytes));
    MintedKey {
        hash: hash(&secret),
        hint: secret[..KEY_PREFIX.len() + 6].to_owned(),
        secret,
    }
}

/// Whether a bearer credential is meant as an API key (by its prefix).
pub fn is_key(token: &str) -> bool {
    token.starts_with(KEY_PREFIX)
}

/// The hash to look a presented key up by; `None` when it is not shaped like a key.
pub fn lookup_hash(token: &str) -> Option<Vec<u8>> {
    let digits = token.strip_prefix(KEY_PREFIX)?;
    let shaped = digits.len() == SECRET_BYTES * 2 && digits.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    shaped.then(|| hash(token))
}

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_keys_are_found_by_their_hash_only() {
        let minted = mint();
        assert!(is_key(&minted.secret));
        assert_eq!(minted.secret.len(), 4 + 64);
        assert_eq!(lookup_hash(&minted.secret), Some(minted.hash.clone()));
        assert!(minted.secret.starts_with(&minted.hint));
        let mut tampered = minted.secret.clone();
        tampered.push('0');
        assert_eq!(lookup_hash(&tampered), None);
        assert_eq!(lookup_hash(&minted.secret.to_uppercase()), None);
        assert_ne!(mint().secret, minted.secret);
    }
}
