//! Signatures per Standard Webhooks (<https://www.standardwebhooks.com/>): the receiver
//! checks `webhook-signature` against HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`
//! with the key bytes of its `whsec_…` secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of a secret's text form.
pub const PREFIX: &str = "whsec_";

/// A signing secret: random key bytes, shown once as `whsec_<base64>`.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(..)")
    }
}

impl WebhookSecret {
    /// A secret from fresh random bytes (at least 24, as Standard Webhooks advises).
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= 24 && bytes.len() <= 64).then_some(Self(bytes))
    }

    /// Reads the `whsec_…` text form.
    pub fn parse(text: &str) -> Option<Self> {
        let key = STANDARD.decode(text.strip_prefix(PREFIX)?).ok()?;
        Self::from_bytes(key)
    }

    /// The `whsec_…` text form, the one the owner copies into the receiver.
    pub fn reveal(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.0))
    }

    /// One `v1,<base64>` signature.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            unreachable!("HMAC takes a key of any length")
        };
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// The `webhook-signature` header: one signature per secret in force, space-separated (the
/// current secret first, then, during a rotation, the previous one until it expires).
pub fn signature_header(secrets: &[&WebhookSecret], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|s| s.sign(id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification and its reference libraries.
    #[test]
    fn matches_the_specifications_example() {
        let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assert!(secret.is_some());
        let Some(secret) = secret else { return };
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn text_form_round_trips_and_rejects_bad_input() {
        let secret = WebhookSecret::from_bytes((0u8..32).collect());
        let text = secret.as_ref().map(WebhookSecret::reveal).unwrap_or_default();
        assert!(text.starts_with("whsec_"));
        assert_eq!(WebhookSecret::parse(&text), secret);
        assert_eq!(WebhookSecret::parse("whsec_!!!"), None);
        assert_eq!(WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), None);
        assert_eq!(WebhookSecret::from_bytes(vec![1; 8]), None);
        assert_eq!(format!("{:?}", secret), "Some(WebhookSecret(..))");
    }

    #[test]
    fn rotation_signs_with_both_secrets() {
        let new = WebhookSecret::from_bytes(vec![7; 24]);
        let old = WebhookSecret::from_bytes(vec![9; 24]);
        let (Some(new), Some(old)) = (new, old) else { return };
        let header = signature_header(&[&new, &old], "evt", 10, b"{}");
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts, [new.sign("evt", 10, b"{}"), old.sign("evt", 10, b"{}")]);
        assert_ne!(parts[0], parts[1]);
    }
}
