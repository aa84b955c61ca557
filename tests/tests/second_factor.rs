//! Two-factor sign-in (TOTP): enrolment from the settings, the login's second step with a code
//! (each usable once) or a recovery code (each usable once), the throttle, the secret
//! encrypted at rest, and a password reset that leaves the factor in place.

use knead_api::auth::totp;
use knead_tests::TestApp;
use knead_tests::second_factor::{AT, challenge, enrol, second_step};
use knead_tests::seed::PASSWORD;
use serde_json::json;

#[actix_rt::test]
async fn a_code_signs_in_once_and_a_recovery_code_once() {
    let (app, clock) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp").await;
    let therapist = &practice.therapist;
    let (secret, codes, _) = enrol(&app, &therapist.access_token).await;
    let me = app.client().with_token(&therapist.access_token);
    me.post("/v1/me/second-factor", &json!({})).await.problem(409);
    let status = me.get("/v1/me/second-factor").await.json();
    assert_eq!(
        (status["enrolled"].clone(), status["recovery_codes_left"].clone()),
        (json!(true), json!(10))
    );

    // The secret is stored encrypted, under the current key's id.
    let mut conn = app.pool.get().await.unwrap();
    let stored = knead_persistence::second_factors::find(&mut conn, practice.id, therapist.staff_id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.secret.starts_with("e1.dev."), "{}", stored.secret);
    assert!(!stored.secret.contains(&totp::base32(&secret)));

    // The code that confirmed the enrolment was used: it does not sign in.
    let step = totp::step_at(clock.now());
    let used = totp::code_at_step(&secret, step);
    let refused = second_step(&app, therapist, "code", &used).await;
    assert_eq!(refused.problem(422)["errors"][0]["pointer"], "/code");

    let next = totp::code_at_step(&secret, step + 1);
    let pair = second_step(&app, therapist, "code", &next).await;
    assert_eq!(pair.status, 200, "{}", String::from_utf8_lossy(&pair.body));
    assert_eq!(pair.json()["second_factor"], true);
    let token = pair.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.client().with_token(&token).get("/v1/me").await.status, 200);
    // Refreshing keeps the login's second factor.
    let refreshed = app
        .client()
        .post(
            "/v1/auth/refresh",
            &json!({"refresh_token": pair.json()["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.json()["second_factor"], true);

    // The same code again, within its window: refused.
    let again = second_step(&app, therapist, "code", &next).await;
    assert_eq!(again.problem(422)["errors"][0]["pointer"], "/code");

    let recovered = second_step(&app, therapist, "recovery_code", &codes[3].to_uppercase()).await;
    assert_eq!(recovered.status, 200, "{}", String::from_utf8_lossy(&recovered.body));
    let twice = second_step(&app, therapist, "recovery_code", &codes[3]).await;
    assert_eq!(twice.problem(422)["errors"][0]["pointer"], "/recovery_code");
    assert_eq!(me.get("/v1/me/second-factor").await.json()["recovery_codes_left"], 9);

    // A challenge is no access token, a forged one is refused, and one asks for one thing.
    let (challenge, _) = challenge(&app, &therapist.email, PASSWORD).await;
    assert_eq!(app.client().with_token(&challenge).get("/v1/me").await.status, 401);
    let bad = app
        .client()
        .post(
            "/v1/auth/second-factor",
            &json!({"challenge": "x.y.z", "code": "123456"}),
        )
        .await;
    bad.problem(401);
    let neither = app
        .client()
        .post("/v1/auth/second-factor", &json!({"challenge": challenge}))
        .await;
    assert_eq!(neither.problem(422)["errors"][0]["pointer"], "/code");
    let enrol_again = app
        .client()
        .post("/v1/auth/second-factor/enrolment", &json!({"challenge": challenge}))
        .await;
    enrol_again.problem(401);
}

#[actix_rt::test]
async fn wrong_codes_are_throttled_like_the_password() {
    let (app, clock) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp-throttle").await;
    let (secret, _, _) = enrol(&app, &practice.owner.access_token).await;
    let right = totp::code_at_step(&secret, totp::step_at(clock.now()) + 1);
    let wrong = if right == "111111" { "222222" } else { "111111" };
    for _ in 0..5 {
        second_step(&app, &practice.owner, "code", wrong).await.problem(422);
    }
    let locked = second_step(&app, &practice.owner, "code", &right).await;
    locked.problem(429);
    assert!(locked.header("retry-after").is_some());
}

#[actix_rt::test]
async fn a_password_reset_link_leaves_the_second_factor() {
    let (app, _) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp-reset-link").await;
    enrol(&app, &practice.therapist.access_token).await;
    let link = app
        .as_account(&practice.owner)
        .post(
            &format!("/v1/staff/{}/links", practice.therapist.staff_id),
            &json!({"purpose": "password_reset"}),
        )
        .await;
    assert_eq!(link.status, 201, "{}", String::from_utf8_lossy(&link.body));
    let new_password = "a brand new passphrase";
    let set = app
        .client()
        .post(
            "/v1/auth/password",
            &json!({"token": link.json()["token"], "password": new_password}),
        )
        .await;
    assert_eq!(set.status, 204);
    let (_, enrol) = challenge(&app, &practice.therapist.email, new_password).await;
    assert!(!enrol, "still a code to give: the factor was not removed");
}

/// A second server on the same database with a new key first in `KNEAD_ENCRYPTION_KEYS`
/// (the development key kept second): the secret stored under the old key still checks codes,
/// and a new enrolment is stored under the new key's id.
#[actix_rt::test]
async fn a_rotated_key_still_reads_old_secrets_and_writes_new_ones() {
    let (app, clock) = TestApp::spawn_at(AT).await;
    let practice = app.seed_practice("totp-rotation").await;
    let (secret, _, _) = enrol(&app, &practice.therapist.access_token).await;

    let rotated = knead_api::encryption::Keyring::parse(&format!(
        "k2:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=,{}",
        knead_api::encryption::DEVELOPMENT_KEYS
    ))
    .unwrap();
    let settings = knead_api::state::Settings {
        encryption: rotated,
        clock: clock.clone(),
        ..knead_tests::test_settings()
    };
    let state = knead_api::AppState::new(app.pool.clone(), settings).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = knead_api::server(state, listener, 1).unwrap();
    let handle = server.handle();
    actix_rt::spawn(server);
    let second = knead_tests::Client::new(&base);

    let login = second
        .post(
            "/v1/auth/login",
            &json!({"email": practice.therapist.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 202);
    let code = totp::code_at_step(&secret, totp::step_at(clock.now()) + 1);
    let pair = second
        .post(
            "/v1/auth/second-factor",
            &json!({"challenge": login.json()["challenge"], "code": code}),
        )
        .await;
    assert_eq!(pair.status, 200, "{}", String::from_utf8_lossy(&pair.body));

    let owner = second.with_token(&practice.owner.access_token);
    assert_eq!(owner.post("/v1/me/second-factor", &json!({})).await.status, 200);
    let mut conn = app.pool.get().await.unwrap();
    let stored = knead_persistence::second_factors::find(&mut conn, practice.id, practice.owner.staff_id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.secret.starts_with("e1.k2."), "{}", stored.secret);
    handle.stop(true).await;
}
