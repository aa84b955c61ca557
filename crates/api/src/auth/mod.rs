//! Authentication: API keys (hashed, rate-limited per key), access tokens (JWT, verified without a lookup but for a cached per-user
//! "valid after"), opaque rotating refresh tokens and one-time links, argon2id passwords on a
//! bounded blocking pool, the extractor that turns a bearer token into a caller, and the
//! caller's authorisation against the access table.

pub mod authorise;
pub mod caller;
pub mod challenge;
pub mod draft_keys;
pub mod key_secrets;
pub mod link_throttle;
pub mod links;
pub mod pairs;
pub mod passwords;
pub mod rate_limit;
pub mod second_factor;
pub mod secrets;
pub mod tokens;
pub mod totp;

pub use caller::{Caller, KeyCaller, ValidAfterCache};
pub use passwords::Passwords;
pub use tokens::{AccessClaims, TokenKeys};
