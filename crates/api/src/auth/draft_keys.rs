//! Keys for the browser's offline note drafts: derived, never stored. HMAC-SHA256 under the
//! server's secret over a label, a key version, the practice and the staff member, so a
//! user's key is the same at every sign-in and on every replica, and differs between users.
//! The label holds a NUL byte, which no JWT signing input contains, so a derived key can
//! never equal a token signature made with the same secret.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use knead_domain::{PracticeId, StaffId};
use sha2::{Digest, Sha256};

/// The version mixed into every key; raising it gives every user a new key (old drafts then
/// no longer decrypt, which the browser sees from the changed key id).
pub const VERSION: u8 = 1;

const LABEL: &[u8] = b"knead.draft-key\0";

/// A user's draft key and the id the browser stores beside what it encrypts.
#[derive(Debug)]
pub struct DraftKey {
    /// 32 bytes, base64url without padding.
    pub key: String,
    /// The version and a fingerprint of the key (a hash, so it reveals nothing of the key).
    pub key_id: String,
}

/// The draft key of `staff` in `practice` under `secret`.
pub fn derive(secret: &[u8], practice: PracticeId, staff: StaffId) -> DraftKey {
    let bytes = raw(secret, VERSION, practice, staff);
    let fingerprint = Sha256::digest(bytes);
    DraftKey {
        key: URL_SAFE_NO_PAD.encode(bytes),
        key_id: format!("v{VERSION}.{}", hex::encode(&fingerprint[..8])),
    }
}

fn raw(secret: &[u8], version: u8, practice: PracticeId, staff: StaffId) -> [u8; 32] {
    // HMAC takes a key of any length; this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        unreachable!("HMAC accepts keys of every length")
    };
    mac.update(LABEL);
    mac.update(&[version]);
    mac.update(practice.0.as_bytes());
    mac.update(staff.0.as_bytes());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn stable_per_user_and_distinct_between_users_versions_and_secrets() {
        let practice = PracticeId(Uuid::now_v7());
        let (a, b) = (StaffId(Uuid::now_v7()), StaffId(Uuid::now_v7()));
        let secret = b"a server secret of at least thirty-two bytes";
        assert_eq!(derive(secret, practice, a).key, derive(secret, practice, a).key);
        assert_ne!(derive(secret, practice, a).key, derive(secret, practice, b).key);
        assert_ne!(raw(secret, 1, practice, a), raw(secret, 2, practice, a));
        assert_ne!(
            derive(secret, practice, a).key,
            derive(b"another secret, just as long as the first", practice, a).key
        );
        let key = derive(secret, practice, a);
        assert_eq!(URL_SAFE_NO_PAD.decode(&key.key).expect("base64url").len(), 32);
        assert!(key.key_id.starts_with("v1."));
    }
}
