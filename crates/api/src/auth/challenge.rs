//! The sign-in challenge: what the password step answers instead of tokens when a second step
//! is due. A short-lived HS256 JWT with its own audience and kind, so it never passes as an
//! access token (nor one as it). It names the account and the account's "valid after"
//! instant, so a revocation (password change, reset, deactivation) ends a pending challenge.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use knead_domain::{PracticeId, StaffId};
use serde::{Deserialize, Serialize};

/// Why a challenge is refused (401).
pub const BAD_CHALLENGE: &str = "the sign-in challenge is invalid or expired: sign in again";
const AUDIENCE: &str = "knead-sign-in-challenge";
/// Ten minutes to type a code or scan a QR code.
pub const CHALLENGE_TTL_SECONDS: i64 = 10 * 60;

/// What the second step may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Give a code or a recovery code.
    Verify,
    /// The practice requires a second factor and the account has none: enrol first.
    Enrol,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeClaims {
    pub iss: String,
    pub aud: String,
    pub sub: StaffId,
    pub prt: PracticeId,
    pub knd: Step,
    /// The account's `valid_after`, in microseconds.
    pub vaf: i64,
    pub iat: i64,
    pub exp: i64,
}

/// Signs and checks challenges with the access tokens' key (`KNEAD_JWT_SECRET`).
#[derive(Clone)]
pub struct Challenges {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Challenges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Challenges(***)")
    }
}

impl Challenges {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[super::tokens::ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_exp = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(
        &self,
        practice: PracticeId,
        staff: StaffId,
        step: Step,
        valid_after: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = ChallengeClaims {
            iss: super::tokens::ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: staff,
            prt: practice,
            knd: step,
            vaf: valid_after.timestamp_micros(),
            iat: now.timestamp(),
            exp: now.timestamp() + CHALLENGE_TTL_SECONDS,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The claims of a challenge of kind `step` that has not expired at `now`.
    pub fn verify(&self, token: &str, step: Step, now: DateTime<Utc>) -> Option<ChallengeClaims> {
        let claims = jsonwebtoken::decode::<ChallengeClaims>(token, &self.decoding, &self.validation)
            .ok()?
            .claims;
        (claims.knd == step && claims.exp >= now.timestamp() && claims.iat <= now.timestamp() + 30).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_of_one_kind_and_expires() {
        let keys = Challenges::new(b"0123456789abcdef0123456789abcdef");
        let now = Utc::now();
        let (practice, staff) = (PracticeId::new(), StaffId::new());
        let token = keys.issue(practice, staff, Step::Verify, now, now).unwrap();
        let claims = keys.verify(&token, Step::Verify, now).unwrap();
        assert_eq!((claims.prt, claims.sub), (practice, staff));
        assert!(keys.verify(&token, Step::Enrol, now).is_none());
        let later = now + chrono::Duration::seconds(CHALLENGE_TTL_SECONDS + 1);
        assert!(keys.verify(&token, Step::Verify, later).is_none());
        let access = crate::auth::TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        assert!(access.verify(&token, now).is_none(), "a challenge is no access token");
    }
}
