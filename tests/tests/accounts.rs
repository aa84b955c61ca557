//! Staff accounts: invitations, login across practices, throttling, revocation on
//! deactivation and password change, the last owner.

use knead_domain::Role;
use knead_tests::TestApp;
use knead_tests::seed::PASSWORD;
use serde_json::json;

#[actix_rt::test]
async fn an_invited_therapist_sets_a_password_and_logs_in() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("invites").await;
    let owner = app.as_account(&practice.owner);
    let created = owner
        .post(
            "/v1/staff",
            &json!({"email": "New.Person@Invites.test", "display_name": "New Person", "role": "therapist",
            "credentials": "LMT", "techniques": ["sports_massage", "cupping"]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let staff = created.json();
    assert_eq!(staff["email"], "new.person@invites.test");
    assert_eq!(staff["invitation_pending"], true);
    let location = created.header("location").expect("Location").to_owned();
    assert_eq!(owner.get(&location).await.json()["id"], staff["id"]);

    let link = owner
        .post(&format!("{location}/links"), &json!({"purpose": "invitation"}))
        .await;
    assert_eq!(link.status, 201);
    let token = link.json()["token"].as_str().expect("token").to_owned();
    assert!(link.json()["url"].as_str().expect("url").contains(&token));

    let short = app
        .client()
        .post("/v1/auth/password", &json!({"token": token, "password": "short"}))
        .await;
    assert_eq!(short.problem(422)["errors"][0]["pointer"], "/password");
    let set = app
        .client()
        .post(
            "/v1/auth/password",
            &json!({"token": token, "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(set.status, 204);
    let again = app
        .client()
        .post(
            "/v1/auth/password",
            &json!({"token": token, "password": "another long passphrase"}),
        )
        .await;
    assert_eq!(again.problem(422)["errors"][0]["pointer"], "/token");

    let login = app
        .client()
        .post(
            "/v1/auth/login",
            &json!({"email": "new.person@invites.test", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(login.status, 200);
    assert_eq!(login.json()["role"], "therapist");
}

#[actix_rt::test]
async fn an_email_in_two_practices_needs_the_slug() {
    let app = TestApp::spawn().await;
    let a = app.seed_practice("north").await;
    let b = app.seed_practice("south").await;
    app.add_staff(a.id, "shared@runners.test", Role::Therapist).await;
    app.add_staff(b.id, "shared@runners.test", Role::FrontDesk).await;
    let ambiguous = app
        .client()
        .post(
            "/v1/auth/login",
            &json!({"email": "shared@runners.test", "password": PASSWORD}),
        )
        .await;
    assert_eq!(ambiguous.problem(422)["errors"][0]["pointer"], "/practice");
    let south = app
        .client()
        .post(
            "/v1/auth/login",
            &json!({"email": "shared@runners.test", "password": PASSWORD, "practice": "south"}),
        )
        .await;
    assert_eq!(south.status, 200);
    assert_eq!(south.json()["role"], "front_desk");
    assert_eq!(south.json()["practice_id"], b.id.to_string());
}

#[actix_rt::test]
async fn failed_logins_are_throttled_and_unknown_emails_look_the_same() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("throttle").await;
    let client = app.client();
    let wrong = json!({"email": practice.therapist.email, "password": "wrong wrong wrong"});
    let unknown = client
        .post(
            "/v1/auth/login",
            &json!({"email": "nobody@throttle.test", "password": "wrong wrong wrong"}),
        )
        .await;
    let known = client.post("/v1/auth/login", &wrong).await;
    assert_eq!(unknown.problem(401)["detail"], known.problem(401)["detail"]);
    for _ in 0..4 {
        client.post("/v1/auth/login", &wrong).await.problem(401);
    }
    let locked = client.post("/v1/auth/login", &wrong).await;
    locked.problem(429);
    let retry: u64 = locked
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 15 * 60);
    // Even the right password waits out the lockout.
    let right = json!({"email": practice.therapist.email, "password": PASSWORD});
    client.post("/v1/auth/login", &right).await.problem(429);
    // Another account from the same address is not locked (the per-IP limit is higher).
    assert_eq!(
        client
            .post(
                "/v1/auth/login",
                &json!({"email": practice.owner.email, "password": PASSWORD})
            )
            .await
            .status,
        200
    );
}

#[actix_rt::test]
async fn deactivation_and_password_change_end_logins() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("revoke").await;
    let owner = app.as_account(&practice.owner);
    let therapist = app.as_account(&practice.therapist);
    assert_eq!(therapist.get("/v1/me").await.status, 200);
    let path = format!("/v1/staff/{}/deactivate", practice.therapist.staff_id);
    let done = owner.post(&path, &json!({})).await;
    assert_eq!(done.status, 200);
    assert_eq!(done.json()["active"], false);
    therapist.get("/v1/me").await.problem(401);
    let refresh = json!({"refresh_token": practice.therapist.refresh_token});
    app.client().post("/v1/auth/refresh", &refresh).await.problem(401);
    let login = json!({"email": practice.therapist.email, "password": PASSWORD});
    app.client().post("/v1/auth/login", &login).await.problem(401);

    // The front desk changes their own password: the old refresh token dies, a new login works.
    let desk = app.as_account(&practice.front_desk);
    let wrong = desk
        .post(
            "/v1/me/password",
            &json!({"current_password": "nope nope nope", "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(wrong.problem(422)["errors"][0]["pointer"], "/current_password");
    let changed = desk
        .post(
            "/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(changed.status, 204);
    app.client()
        .post(
            "/v1/auth/refresh",
            &json!({"refresh_token": practice.front_desk.refresh_token}),
        )
        .await
        .problem(401);
    let relogin = json!({"email": practice.front_desk.email, "password": "a brand new passphrase"});
    assert_eq!(app.client().post("/v1/auth/login", &relogin).await.status, 200);
}

#[actix_rt::test]
async fn the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("owners").await;
    let owner = app.as_account(&practice.owner);
    let own = format!("/v1/staff/{}", practice.owner.staff_id);
    owner.post(&format!("{own}/deactivate"), &json!({})).await.problem(409);
    let etag = owner.get(&own).await.header("etag").expect("etag").to_owned();
    let demote = owner
        .raw(
            "PATCH",
            &own,
            Some("application/json"),
            json!({"role": "therapist"}).to_string().into_bytes(),
        )
        .await;
    demote.problem(428);
    let demote = app
        .patch_json(&practice.owner, &own, &etag, &json!({"role": "therapist"}))
        .await;
    demote.problem(409);
    assert_eq!(owner.get(&own).await.json()["role"], "owner");
}
