//! Access tokens: HS256 JWTs, one algorithm pinned, `iss`, `aud`, `nbf`, `exp` and `iat` (not
//! in the future) checked with 30 s leeway, and a `knd` claim so no other kind of token passes
//! as an access token. The times are issued and checked against the app's clock (not the
//! library's reading of the system clock), so a token issued at a test's fixed instant is
//! valid at that instant.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use knead_domain::{PracticeId, Role, StaffId};
use serde::{Deserialize, Serialize};

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

/// The signing key, shared by every replica (`KNEAD_JWT_SECRET`).
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
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
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation).ok()?;
        let (now, leeway) = (now.timestamp(), LEEWAY_SECONDS as i64);
        let claims = data.claims;
        let in_time = claims.exp >= now - leeway && claims.nbf <= now + leeway && claims.iat <= now + leeway;
        (claims.knd == ACCESS_KIND && in_time).then_some(claims)
    }
}
