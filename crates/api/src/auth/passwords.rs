//! argon2id with OWASP's parameters (m = 19456 KiB, t = 2, p = 1), run on actix's blocking
//! pool behind a semaphore, so a flood of logins can take at most half the cores and never an
//! HTTP worker. Unknown accounts are checked against a dummy hash so that the answer and its
//! timing do not reveal which emails exist.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the password hashing pool is saturated")]
    Busy,
}

#[derive(Debug, Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    dummy_hash: Arc<str>,
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; the fallback is never taken.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

impl Passwords {
    /// `concurrency` hashes may run at once; the rest wait (up to 10 s, then `Busy`).
    pub fn new(concurrency: usize) -> Result<Self, PasswordError> {
        let dummy = hash_now("knead-dummy-password-for-unknown-accounts")?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy_hash: dummy.into(),
        })
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, PasswordError> {
        let _permit = tokio::time::timeout(std::time::Duration::from_secs(10), self.permits.acquire())
            .await
            .map_err(|_| PasswordError::Busy)?
            .map_err(|_| PasswordError::Busy)?;
        actix_web::web::block(work)
            .await
            .map_err(|e| PasswordError::Hash(e.to_string()))
    }

    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        self.run(move || hash_now(&password)).await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is none, so
    /// both paths cost the same.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, PasswordError> {
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let ok = self.run(move || verify_now(&password, &hash)).await?;
        Ok(ok && real)
    }
}

/// Hashes synchronously, for the command line (`knead admin create-practice`).
pub fn hash_blocking(password: &str) -> Result<String, PasswordError> {
    hash_now(password)
}
