//! Encryption of secrets at rest (two-factor secrets, webhook signing secrets) with keys from
//! one setting, `KNEAD_ENCRYPTION_KEYS`: `id:base64key[,id:base64key…]`, each key 32 bytes,
//! the first the one that encrypts. Every ciphertext names the id of its key, so a new key can
//! be put first while the old ones still decrypt what they wrote.
//!
//! AES-256-GCM (the RustCrypto `aes-gcm` crate): authenticated, so a changed ciphertext fails
//! to decrypt instead of yielding garbage, and the caller's associated data (say, the account a
//! secret belongs to) binds a ciphertext to its row: one copied onto another row does not
//! decrypt there. Each encryption draws a fresh random 96-bit nonce.
//!
//! Stored form: `e1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

const VERSION: &str = "e1";
const NONCE_LEN: usize = 12;

/// The key used when `KNEAD_ENCRYPTION_KEYS` is unset: published in this file, so it protects
/// nothing. Development and tests only; `knead serve` warns when it is in use.
pub const DEVELOPMENT_KEYS: &str = "dev:a25lYWQtZGV2ZWxvcG1lbnQta2V5LXVuc2FmZSEhISE=";

/// Why the key setting was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("KNEAD_ENCRYPTION_KEYS is empty")]
    Empty,
    #[error("KNEAD_ENCRYPTION_KEYS: `{0}` is not `id:base64key`")]
    Malformed(String),
    #[error("KNEAD_ENCRYPTION_KEYS: key id `{0}` must be 1-16 of a-z, 0-9, `_` or `-`")]
    BadId(String),
    #[error("KNEAD_ENCRYPTION_KEYS: key `{0}` is not 32 bytes of standard base64")]
    BadKey(String),
    #[error("KNEAD_ENCRYPTION_KEYS: key id `{0}` appears twice")]
    Duplicate(String),
}

/// A stored value that cannot be decrypted: unknown key id, altered, or not ours.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the ciphertext cannot be decrypted ({0})")]
pub struct DecryptError(&'static str);

/// The keys of the setting; the first encrypts.
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        write!(f, "Keyring({ids:?}, keys ***)")
    }
}

fn valid_id(id: &str) -> bool {
    (1..=16).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl Keyring {
    /// Parses `id:base64key[,id:base64key…]`.
    pub fn parse(setting: &str) -> Result<Self, KeyError> {
        let mut keys: Vec<(String, Aes256Gcm)> = Vec::new();
        for entry in setting.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, key) = entry
                .split_once(':')
                .ok_or_else(|| KeyError::Malformed(entry.chars().take(20).collect()))?;
            if !valid_id(id) {
                return Err(KeyError::BadId(id.to_owned()));
            }
            if keys.iter().any(|(known, _)| known == id) {
                return Err(KeyError::Duplicate(id.to_owned()));
            }
            let bytes = STANDARD
                .decode(key.trim())
                .ok()
                .filter(|b| b.len() == 32)
                .ok_or_else(|| KeyError::BadKey(id.to_owned()))?;
            let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|_| KeyError::BadKey(id.to_owned()))?;
            keys.push((id.to_owned(), cipher));
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Self { keys })
    }

    /// The development keyring (see [`DEVELOPMENT_KEYS`]).
    pub fn development() -> Self {
        #[allow(clippy::expect_used)]
        Self::parse(DEVELOPMENT_KEYS).expect("the development key parses")
    }

    /// The id of the key that encrypts.
    pub fn current_id(&self) -> &str {
        &self.keys[0].0
    }

    /// Encrypts `plain` with the current key; `context` must be given again to decrypt.
    pub fn encrypt(&self, plain: &[u8], context: &[u8]) -> String {
        let (id, cipher) = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut nonce);
        let payload = Payload {
            msg: plain,
            aad: context,
        };
        // Encryption fails only for messages of gigabytes.
        let sealed = cipher.encrypt(&Nonce::from(nonce), payload).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{VERSION}.{id}.{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Decrypts what [`Keyring::encrypt`] wrote with any key still in the setting.
    pub fn decrypt(&self, stored: &str, context: &[u8]) -> Result<Vec<u8>, DecryptError> {
        let mut parts = stored.splitn(3, '.');
        let (Some(VERSION), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(DecryptError("not an e1 ciphertext"));
        };
        let (_, cipher) = self
            .keys
            .iter()
            .find(|(known, _)| known == id)
            .ok_or(DecryptError("its key is not in KNEAD_ENCRYPTION_KEYS"))?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| DecryptError("bad base64"))?;
        if bytes.len() < NONCE_LEN + 16 {
            return Err(DecryptError("too short"));
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| DecryptError("too short"))?;
        cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: context,
                },
            )
            .map_err(|_| DecryptError("altered, or another row's"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "old:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const NEW: &str = "new:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    #[test]
    fn round_trips_and_names_its_key() {
        let ring = Keyring::parse(OLD).unwrap();
        let sealed = ring.encrypt(b"secret", b"row 1");
        assert!(sealed.starts_with("e1.old."));
        assert_eq!(ring.decrypt(&sealed, b"row 1").unwrap(), b"secret");
        assert_ne!(ring.encrypt(b"secret", b"row 1"), sealed, "a fresh nonce each time");
    }

    #[test]
    fn another_context_or_an_altered_body_fails() {
        let ring = Keyring::parse(OLD).unwrap();
        let sealed = ring.encrypt(b"secret", b"row 1");
        assert!(ring.decrypt(&sealed, b"row 2").is_err());
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 3;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert!(ring.decrypt(&String::from_utf8(altered).unwrap(), b"row 1").is_err());
    }

    #[test]
    fn rotation_keeps_old_ciphertexts_readable() {
        let before = Keyring::parse(OLD).unwrap().encrypt(b"secret", b"");
        let rotated = Keyring::parse(&format!("{NEW},{OLD}")).unwrap();
        assert_eq!(rotated.current_id(), "new");
        assert_eq!(rotated.decrypt(&before, b"").unwrap(), b"secret");
        assert!(rotated.encrypt(b"x", b"").starts_with("e1.new."));
        let dropped = Keyring::parse(NEW).unwrap();
        assert!(dropped.decrypt(&before, b"").is_err(), "a removed key decrypts nothing");
    }

    #[test]
    fn bad_settings_are_refused() {
        assert_eq!(Keyring::parse("").unwrap_err(), KeyError::Empty);
        assert!(matches!(Keyring::parse("nocolon"), Err(KeyError::Malformed(_))));
        assert!(matches!(Keyring::parse("BAD:AAAA"), Err(KeyError::BadId(_))));
        assert!(matches!(Keyring::parse("k:AAAA"), Err(KeyError::BadKey(_))));
        assert!(matches!(
            Keyring::parse(&format!("{OLD},{OLD}")),
            Err(KeyError::Duplicate(_))
        ));
        assert_eq!(Keyring::development().current_id(), "dev");
    }
}
