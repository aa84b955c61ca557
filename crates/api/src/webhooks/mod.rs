//! Webhooks on the server side: the settings, the signing secrets (minted, encrypted with the
//! keyring), and the worker that delivers what the `events` trigger queued (see
//! [`worker`]); [`send`] makes one attempt, guarding against server-side request forgery.

pub mod send;
pub mod spec;
pub mod worker;

use crate::encryption::Keyring;
use knead_domain::PracticeId;
use knead_domain::webhooks::AllowList;
use knead_domain::webhooks::signing::WebhookSecret;
use std::time::Duration;
use uuid::Uuid;

/// How webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Hosts reached over plain HTTP and at any address (`KNEAD_WEBHOOK_ALLOW`; development and
    /// tests only). Read from the environment, never from a request or the database.
    pub allow: AllowList,
    /// The first retry waits up to this long; each further one twice as long (full jitter).
    pub backoff_base: Duration,
    /// No wait is longer than this.
    pub backoff_cap: Duration,
    /// Attempts per event and endpoint before giving up.
    pub max_attempts: i32,
    /// Consecutive failed attempts after which an endpoint is disabled.
    pub disable_after: i32,
    /// How often a worker looks for due deliveries.
    pub poll: Duration,
    /// How long one attempt may take, connecting included.
    pub timeout: Duration,
    /// How long a rotated-out secret keeps signing.
    pub rotation_overlap: chrono::Duration,
}

impl Default for WebhookSettings {
    /// 15 attempts, waits of 30 s doubling up to a day: the last attempt comes at most about
    /// three and a half days after the event (about half that on average, with full jitter).
    /// An endpoint is disabled after every attempt of three events has failed.
    fn default() -> Self {
        Self {
            allow: AllowList::default(),
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(24 * 3600),
            max_attempts: 15,
            disable_after: 45,
            poll: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
            rotation_overlap: chrono::Duration::hours(24),
        }
    }
}

impl WebhookSettings {
    /// The defaults, with `KNEAD_WEBHOOK_ALLOW` and (for tests of retries)
    /// `KNEAD_WEBHOOK_BACKOFF_BASE_MS` from the environment.
    pub fn from_env() -> Self {
        let mut settings = Self::default();
        if let Ok(allow) = std::env::var("KNEAD_WEBHOOK_ALLOW") {
            settings.allow = AllowList::parse(&allow);
            if !settings.allow.is_empty() {
                tracing::warn!(%allow, "KNEAD_WEBHOOK_ALLOW is set: webhooks to these hosts skip the address checks");
            }
        }
        if let Some(ms) = std::env::var("KNEAD_WEBHOOK_BACKOFF_BASE_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            settings.backoff_base = Duration::from_millis(ms.max(1));
        }
        settings
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1): a uniformly random
    /// duration up to `base · 2^(attempt-1)`, capped ("full jitter").
    pub fn backoff(&self, attempt: i32) -> Duration {
        let exponent = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(30);
        let ceiling = self.backoff_base.saturating_mul(1u32 << exponent).min(self.backoff_cap);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::random_range(0..=millis))
    }
}

/// A fresh secret: 32 random bytes.
pub fn mint_secret() -> WebhookSecret {
    let mut bytes = vec![0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    #[allow(clippy::expect_used)]
    WebhookSecret::from_bytes(bytes).expect("32 bytes make a secret")
}

/// What binds an endpoint's encrypted secret to its row.
fn context(practice: PracticeId, endpoint: Uuid) -> Vec<u8> {
    format!("webhook-secret:{}:{endpoint}", practice.0).into_bytes()
}

pub fn seal(keys: &Keyring, practice: PracticeId, endpoint: Uuid, secret: &WebhookSecret) -> String {
    keys.encrypt(secret.reveal().as_bytes(), &context(practice, endpoint))
}

pub fn open(keys: &Keyring, practice: PracticeId, endpoint: Uuid, sealed: &str) -> Option<WebhookSecret> {
    let plain = keys.decrypt(sealed, &context(practice, endpoint)).ok()?;
    WebhookSecret::parse(std::str::from_utf8(&plain).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let settings = WebhookSettings::default();
        for attempt in 1..=20 {
            let ceiling = Duration::from_secs(30 * (1u64 << (attempt - 1).min(20))).min(settings.backoff_cap);
            assert!(settings.backoff(attempt) <= ceiling, "attempt {attempt}");
        }
        let late: Vec<Duration> = (0..50).map(|_| settings.backoff(10)).collect();
        assert!(
            late.iter().any(|d| *d > Duration::from_secs(30)),
            "jitter spreads the waits"
        );
        assert!(late.iter().any(|d| *d != late[0]), "the waits are random");
    }

    #[test]
    fn a_sealed_secret_opens_only_on_its_row() {
        let keys = Keyring::development();
        let practice = PracticeId(Uuid::now_v7());
        let (one, two) = (Uuid::now_v7(), Uuid::now_v7());
        let secret = mint_secret();
        let sealed = seal(&keys, practice, one, &secret);
        assert!(!sealed.contains(&secret.reveal()));
        assert_eq!(open(&keys, practice, one, &sealed), Some(secret));
        assert_eq!(open(&keys, practice, two, &sealed), None);
    }
}
