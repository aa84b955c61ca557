//! Access tokens: HS256 JWTs, one algorithm pinned, `iss`, `aud`, `nbf`, `exp` and `iat` (not
//! in the future) checked with 30 s leeway, and a `knd` claim so no other kind of token passes
//! as an access token. The times are issued and checked against the app's clock (not the
//! library's reading of the system clock), so a token issued at a test's fixed instant is
//! valid at that instant. A token whose signature has been checked is remembered with its
//! claims (a bounded map, shared by the server's threads): a client sends the same token with
//! every request for its fifteen minutes, and its times are checked again at each use.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use knead_domain::{PracticeId, Role, StaffId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const ISSUER: &str = "knead";
pub const AUDIENCE: &str = "knead-api";
pub const ACCESS_KIND: &str = "access";
/// Access tokens live 15 minutes; refresh tokens renew them.
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
pub const LEEWAY_SECONDS: u64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The staff member's id (a UUID string on the wire; a token carrying anything else
    /// does not verify).
    pub sub: StaffId,
    /// The practice's id.
    pub prt: PracticeId,
    pub rol: Role,
    /// The token kind: always `access` here.
    pub knd: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    /// Whether the login passed the second factor (absent in tokens from before 2FA: false).
    #[serde(default)]
    pub mfa: bool,
}

/// How many verified tokens are remembered; when full, the map starts again empty (a flood of
/// distinct tokens costs a signature check each, as without the map, and no more memory).
const REMEMBERED_TOKENS: usize = 4096;

/// The signing key, shared by every replica (`KNEAD_JWT_SECRET`).
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Tokens whose signature, issuer, audience and claims' shape passed, with their claims.
    verified: Arc<Mutex<HashMap<String, AccessClaims>>>,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(***)")
    }
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        // `exp` and `nbf` must be present (above) and are checked in `verify` at the clock's now.
        validation.validate_nbf = false;
        validation.validate_exp = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            verified: Arc::default(),
        }
    }

    /// Signs any claims with the server's key (tests use this to forge wrong-but-signed tokens).
    pub fn sign<C: Serialize>(&self, claims: &C) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    pub fn issue(
        &self,
        practice: PracticeId,
        staff: StaffId,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(String, AccessClaims), jsonwebtoken::errors::Error> {
        self.issue_for(practice, staff, role, false, now)
    }

    /// [`TokenKeys::issue`] saying whether the login passed the second factor.
    pub fn issue_for(
        &self,
        practice: PracticeId,
        staff: StaffId,
        role: Role,
        second_factor: bool,
        now: DateTime<Utc>,
    ) -> Result<(String, AccessClaims), jsonwebtoken::errors::Error> {
        let now = now.timestamp();
        let claims = AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: staff,
            prt: practice,
            rol: role,
            knd: ACCESS_KIND.into(),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TTL_SECONDS,
            jti: uuid::Uuid::now_v7().to_string(),
            mfa: second_factor,
        };
        Ok((self.sign(&claims)?, claims))
    }

    /// Verifies signature, algorithm, issuer, audience, kind and times at `now`: not expired,
    /// not before `nbf`, and `iat` not beyond the leeway in the future (revocation compares it
    /// with the account's "valid after" instant, so a future `iat` would outlive every
    /// revocation). Each time is allowed the leeway, as the library would.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<AccessClaims> {
        let claims = match self.remembered(token) {
            Some(claims) => claims,
            None => {
                let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
                    .ok()?
                    .claims;
                self.remember(token, &claims);
                claims
            }
        };
        let (now, leeway) = (now.timestamp(), LEEWAY_SECONDS as i64);
        let in_time = claims.exp >= now - leeway && claims.nbf <= now + leeway && claims.iat <= now + leeway;
        (claims.knd == ACCESS_KIND && in_time).then_some(claims)
    }

    fn remembered(&self, token: &str) -> Option<AccessClaims> {
        let verified = self.verified.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        verified.get(token).cloned()
    }

    fn remember(&self, token: &str, claims: &AccessClaims) {
        let mut verified = self.verified.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if verified.len() >= REMEMBERED_TOKENS {
            verified.clear();
        }
        verified.insert(token.to_owned(), claims.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn token(keys: &TokenKeys, now: DateTime<Utc>) -> String {
        let (token, _) = keys
            .issue(
                PracticeId(uuid::Uuid::now_v7()),
                StaffId(uuid::Uuid::now_v7()),
                Role::Owner,
                now,
            )
            .expect("sign");
        token
    }

    fn keys_and_token(now: DateTime<Utc>) -> (TokenKeys, String) {
        let keys = TokenKeys::new(b"a-test-secret-of-thirty-two-bytes!!");
        let token = token(&keys, now);
        (keys, token)
    }

    #[test]
    fn a_remembered_token_has_its_times_checked_at_each_use() {
        let now = Utc::now();
        let (keys, token) = keys_and_token(now);
        assert!(keys.verify(&token, now).is_some());
        assert!(keys.remembered(&token).is_some(), "a verified token is remembered");
        let expired = now + Duration::seconds(ACCESS_TTL_SECONDS + LEEWAY_SECONDS as i64 + 1);
        assert!(keys.verify(&token, expired).is_none(), "expired once remembered");
        let before_issue = now - Duration::seconds(LEEWAY_SECONDS as i64 + 1);
        assert!(
            keys.verify(&token, before_issue).is_none(),
            "not yet valid once remembered"
        );
        assert!(keys.verify(&token, now).is_some());
    }

    #[test]
    fn a_token_unlike_a_remembered_one_is_checked_in_full() {
        let now = Utc::now();
        let (keys, token) = keys_and_token(now);
        assert!(keys.verify(&token, now).is_some());
        // A character inside the signature (the last one may carry only padding bits).
        let at = token.len() - 10;
        let swapped = if &token[at..=at] == "A" { "B" } else { "A" };
        let tampered = format!("{}{swapped}{}", &token[..at], &token[at + 1..]);
        assert!(keys.verify(&tampered, now).is_none());
        assert!(
            keys.remembered(&tampered).is_none(),
            "a refused token is not remembered"
        );
        let other = TokenKeys::new(b"another-secret-of-thirty-two-bytes!");
        assert!(other.verify(&token, now).is_none(), "another key's map is its own");
    }

    #[test]
    fn the_map_stays_bounded() {
        let now = Utc::now();
        let (keys, _) = keys_and_token(now);
        for _ in 0..REMEMBERED_TOKENS + 10 {
            assert!(keys.verify(&token(&keys, now), now).is_some());
        }
        let held = keys.verified.lock().expect("lock").len();
        assert!((1..=REMEMBERED_TOKENS).contains(&held), "{held} tokens held");
    }
}
