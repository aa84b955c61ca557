//! The second factor's arithmetic: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, the
//! step before and after accepted for clock drift) through `totp-rs`, the `otpauth://` URI and
//! its QR code (an SVG drawn here, so no outside service sees the secret), and recovery codes.

use base64::Engine;
use chrono::{DateTime, Utc};
use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECONDS: i64 = 30;
const DIGITS: usize = 6;
/// 160 bits, the HMAC-SHA-1 block RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// Recovery codes draw from lowercase letters and digits without look-alikes (0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8]) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS as u64, secret.to_vec())
}

/// The secret as authenticator apps take it typed in (base32, no padding).
pub fn base32(secret: &[u8]) -> String {
    totp(secret).get_secret_base32()
}

/// The secret from its base32 form (what an authenticator app is given).
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    totp_rs::Secret::Encoded(text.to_owned()).to_bytes().ok()
}

/// The 30-second step `now` falls in.
pub fn step_at(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECONDS)
}

/// The code of `step` (tests compute codes with it).
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    totp(secret).generate((step * STEP_SECONDS).max(0) as u64)
}

/// The step whose code `code` is, among the step of `now` and its neighbours; `None` when it
/// is none of them. Whether the step was used before is the caller's to check.
pub fn matching_step(secret: &[u8], code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret);
    let current = step_at(now);
    // Every candidate is compared (in constant time, by `check`), whichever matches.
    [current - 1, current, current + 1]
        .into_iter()
        .filter(|step| *step >= 0)
        .fold(None, |found, step| {
            let hit = totp.check(&code, (step * STEP_SECONDS) as u64);
            found.or(hit.then_some(step))
        })
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent_encode(account),
        base32(secret),
    )
}

/// The QR code of `uri` as an SVG `data:` URL, for an `<img>`.
pub fn qr_svg_data_url(uri: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::new(uri.as_bytes())?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(image)
    ))
}

/// Fresh recovery codes, `xxxxx-xxxxx` (50 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut chars: Vec<char> = (0..10)
                .map(|_| RECOVERY_ALPHABET[(rng.next_u32() as usize) % RECOVERY_ALPHABET.len()] as char)
                .collect();
            chars.insert(5, '-');
            chars.into_iter().collect()
        })
        .collect()
}

/// What is stored of a recovery code: SHA-256 of it without spaces and dashes, lowercased.
/// The codes are random, so a fast hash suffices (nothing to guess from a dictionary).
pub fn recovery_hash(code: &str) -> Vec<u8> {
    let normal: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    Sha256::digest(normal.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// RFC 6238 appendix B, SHA-1 (the 8-digit vectors' last 6 digits).
    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        assert_eq!(code_at_step(secret, 59 / 30), "287082");
        assert_eq!(code_at_step(secret, 1_111_111_109 / 30), "081804");
        assert_eq!(code_at_step(secret, 1_234_567_890 / 30), "005924");
    }

    #[test]
    fn neighbouring_steps_match_and_others_do_not() {
        let secret = new_secret();
        let now = Utc.with_ymd_and_hms(2030, 1, 7, 9, 0, 10).unwrap();
        let step = step_at(now);
        for s in [step - 1, step, step + 1] {
            assert_eq!(matching_step(&secret, &code_at_step(&secret, s), now), Some(s));
        }
        assert_eq!(matching_step(&secret, &code_at_step(&secret, step + 2), now), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn uri_qr_and_recovery_codes() {
        let secret = b"12345678901234567890";
        assert_eq!(from_base32(&base32(secret)).unwrap(), secret);
        let uri = otpauth_uri(secret, "Knead", "maya@stride.example");
        assert_eq!(
            uri,
            "otpauth://totp/Knead:maya%40stride.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Knead&algorithm=SHA1&digits=6&period=30"
        );
        assert!(qr_svg_data_url(&uri).unwrap().starts_with("data:image/svg+xml;base64,"));
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
        assert_eq!(
            recovery_hash(&codes[0]),
            recovery_hash(&codes[0].to_uppercase().replace('-', " "))
        );
    }
}
