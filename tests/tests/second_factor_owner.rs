//! What owners (and the command line) do with two-factor sign-in: require it for the practice
//! (logins without it end; staff without it enrol at their next sign-in), reset someone's, and
//! `knead admin reset-mfa` for a last owner who lost the device.

use knead_api::auth::totp;
use knead_tests::second_factor::{AT, challenge, enrol};
use knead_tests::seed::PASSWORD;
use knead_tests::{TestApp, knead_binary};
use serde_json::json;

async fn etag(app: &TestApp, token: &str) -> String {
    let read = app.client().with_token(token).get("/v1/practice").await;
    assert_eq!(read.status, 200, "{}", String::from_utf8_lossy(&read.body));
    read.header("etag").expect("ETag").to_owned()
}

async fn require(app: &TestApp, token: &str) -> knead_tests::Answer {
    let etag = etag(app, token).await;
    app.client()
        .with_token(token)
        .with_header("If-Match", &etag)
        .send_json("PATCH", "/v1/practice", &json!({"require_second_factor": true}))
        .await
}

#[actix_rt::test]
async fn an_owner_requires_it_and_staff_without_it_enrol_at_next_sign_in() {
    let (app, clock) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp-require").await;
    let (owner, therapist) = (&practice.owner, &practice.therapist);

    // Only a login that passed the second factor may require it.
    let early = require(&app, &owner.access_token).await;
    assert_eq!(early.problem(422)["errors"][0]["pointer"], "/require_second_factor");
    let (_, _, tokens) = enrol(&app, &owner.access_token).await;
    let owner_token = tokens["access_token"].as_str().unwrap().to_owned();
    let required = require(&app, &owner_token).await;
    assert_eq!(required.status, 200, "{}", String::from_utf8_lossy(&required.body));
    assert_eq!(required.json()["require_second_factor"], true);

    // Every login without the second factor ends: access tokens and refresh tokens.
    for old in [
        &owner.access_token,
        &therapist.access_token,
        &practice.front_desk.access_token,
    ] {
        app.client().with_token(old).get("/v1/me").await.problem(401);
    }
    for old in [&therapist.refresh_token, &practice.front_desk.refresh_token] {
        let refused = app
            .client()
            .post("/v1/auth/refresh", &json!({"refresh_token": old}))
            .await;
        refused.problem(401);
    }
    assert_eq!(app.client().with_token(&owner_token).get("/v1/me").await.status, 200);

    // The therapist's next sign-in leads to enrolment, and only to it.
    let (challenge, enrol_first) = challenge(&app, &therapist.email, PASSWORD).await;
    assert!(enrol_first);
    let code_instead = app
        .client()
        .post(
            "/v1/auth/second-factor",
            &json!({"challenge": challenge, "code": "123456"}),
        )
        .await;
    code_instead.problem(401);
    let started = app
        .client()
        .post("/v1/auth/second-factor/enrolment", &json!({"challenge": challenge}))
        .await;
    assert_eq!(started.status, 200, "{}", String::from_utf8_lossy(&started.body));
    let secret = totp::from_base32(started.json()["secret"].as_str().unwrap()).unwrap();
    let code = totp::code_at_step(&secret, totp::step_at(clock.now()));
    let confirm = |code: String| {
        let body = json!({"challenge": challenge, "code": code});
        let client = app.client();
        async move { client.post("/v1/auth/second-factor/enrolment/confirm", &body).await }
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        confirm(wrong.into()).await.problem(422)["errors"][0]["pointer"],
        "/code"
    );
    let done = confirm(code).await;
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    let done = done.json();
    assert_eq!(done["recovery_codes"].as_array().unwrap().len(), 10);
    assert_eq!(done["tokens"]["second_factor"], true);
    let token = done["tokens"]["access_token"].as_str().unwrap();
    assert_eq!(app.client().with_token(token).get("/v1/me").await.status, 200);
}

#[actix_rt::test]
async fn an_owner_resets_a_staff_members_factor_and_their_logins_end() {
    let (app, _) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp-owner-reset").await;
    let (_, _, tokens) = enrol(&app, &practice.therapist.access_token).await;
    let path = format!("/v1/staff/{}/second-factor", practice.therapist.staff_id);
    let therapist = app.client().with_token(tokens["access_token"].as_str().unwrap());
    let own = format!("/v1/staff/{}/second-factor", practice.owner.staff_id);
    therapist.raw("DELETE", &own, None, Vec::new()).await.problem(403);

    let owner = app.as_account(&practice.owner);
    assert_eq!(owner.raw("DELETE", &path, None, Vec::new()).await.status, 204);
    let refused = app
        .client()
        .post("/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]}))
        .await;
    refused.problem(401);
    // The practice does not require it: the password alone signs in again.
    app.login(&practice.therapist.email, None).await;
    let status = app.as_account(&practice.owner).get("/v1/me/second-factor").await.json();
    assert_eq!(status["enrolled"], false);
}

#[actix_rt::test]
async fn admin_reset_mfa_lets_a_last_owner_who_lost_the_device_back_in() {
    let (app, _) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp-admin").await;
    let (_, _, tokens) = enrol(&app, &practice.owner.access_token).await;
    require(&app, tokens["access_token"].as_str().unwrap()).await;
    challenge(&app, &practice.owner.email, PASSWORD).await;

    let out = std::process::Command::new(knead_binary())
        .args([
            "admin",
            "reset-mfa",
            "--practice",
            &practice.slug,
            "--email",
            &practice.owner.email,
        ])
        .env("DATABASE_URL", &app.db.app_url)
        .output()
        .expect("knead runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("removed"));

    // The practice still requires it: the owner enrols again at sign-in.
    let (_, enrol_first) = challenge(&app, &practice.owner.email, PASSWORD).await;
    assert!(enrol_first);
    let unknown = std::process::Command::new(knead_binary())
        .args([
            "admin",
            "reset-mfa",
            "--practice",
            &practice.slug,
            "--email",
            "nobody@nowhere.test",
        ])
        .env("DATABASE_URL", &app.db.app_url)
        .output()
        .expect("knead runs");
    assert!(!unknown.status.success());
}
