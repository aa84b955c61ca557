//! Two-factor sign-in steps over HTTP, for the tests of the second factor.

use crate::TestApp;
use crate::seed::{Account, PASSWORD};
use knead_api::auth::totp;
use serde_json::{Value, json};

/// A fixed instant, 10 s into a 30-second step, so the tests compute codes at the app's clock.
pub const AT: &str = "2030-01-07T16:00:10Z";

/// Enrols the account of `access_token` from the settings: the secret, the recovery codes and the new pair.
pub async fn enrol(app: &TestApp, access_token: &str) -> (Vec<u8>, Vec<String>, Value) {
    let me = app.client().with_token(access_token);
    let started = me.post("/v1/me/second-factor", &json!({})).await;
    assert_eq!(started.status, 200, "{}", String::from_utf8_lossy(&started.body));
    let started = started.json();
    assert!(
        started["qr_code"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    assert!(
        started["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Knead:")
    );
    let secret = totp::from_base32(started["secret"].as_str().unwrap()).expect("base32");
    let code = totp::code_at_step(&secret, totp::step_at(app.clock.now()));
    let wrong = me
        .post("/v1/me/second-factor/confirm", &json!({"code": "000000"}))
        .await;
    if code != "000000" {
        assert_eq!(wrong.problem(422)["errors"][0]["pointer"], "/code");
    }
    let confirmed = me.post("/v1/me/second-factor/confirm", &json!({"code": code})).await;
    assert_eq!(confirmed.status, 200, "{}", String::from_utf8_lossy(&confirmed.body));
    let confirmed = confirmed.json();
    let codes: Vec<String> = serde_json::from_value(confirmed["recovery_codes"].clone()).unwrap();
    assert_eq!(codes.len(), 10);
    assert_eq!(confirmed["tokens"]["second_factor"], true);
    (secret, codes, confirmed["tokens"].clone())
}

/// The password step: the challenge it answers (202), and whether it asks for enrolment.
pub async fn challenge(app: &TestApp, email: &str, password: &str) -> (String, bool) {
    let answer = app
        .client()
        .post("/v1/auth/login", &json!({"email": email, "password": password}))
        .await;
    assert_eq!(answer.status, 202, "{}", String::from_utf8_lossy(&answer.body));
    let body = answer.json();
    assert!(body.get("access_token").is_none(), "no tokens before the second step");
    (
        body["challenge"].as_str().unwrap().to_owned(),
        body["enrol"].as_bool().unwrap(),
    )
}

pub async fn second_step(app: &TestApp, account: &Account, field: &str, value: &str) -> crate::Answer {
    let (challenge, enrol) = challenge(app, &account.email, PASSWORD).await;
    assert!(!enrol);
    app.client()
        .post("/v1/auth/second-factor", &json!({"challenge": challenge, field: value}))
        .await
}
