//! The draft key: the same for one user at every sign-in, different between users, refused to
//! the front desk and to anyone without a token, and never cached.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use knead_tests::TestApp;
use serde_json::Value;

async fn draft_key(app: &TestApp, token: &str) -> Value {
    let answer = app.client().with_token(token).get("/v1/me/draft-key").await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    answer.json()
}

#[actix_rt::test]
async fn one_key_per_user_stable_across_logins() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("draft-keys").await;

    let first = draft_key(&app, &practice.therapist.access_token).await;
    let (second_login, _) = app.login(&practice.therapist.email, None).await;
    assert_ne!(second_login, practice.therapist.access_token);
    let second = draft_key(&app, &second_login).await;
    assert_eq!(first, second, "a second sign-in gets the same key");
    let key = URL_SAFE_NO_PAD
        .decode(first["key"].as_str().expect("key"))
        .expect("base64url");
    assert_eq!(key.len(), 32);
    assert!(first["key_id"].as_str().is_some_and(|id| !id.is_empty()));

    let owner = draft_key(&app, &practice.owner.access_token).await;
    assert_ne!(owner["key"], first["key"], "two users, two keys");
    assert_ne!(owner["key_id"], first["key_id"]);
    let other = app.seed_practice("draft-keys-other").await;
    let elsewhere = draft_key(&app, &other.therapist.access_token).await;
    assert_ne!(elsewhere["key"], first["key"]);
}

#[actix_rt::test]
async fn front_desk_and_anonymous_callers_get_no_key() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("draft-keys-desk").await;
    let desk = app
        .client()
        .with_token(&practice.front_desk.access_token)
        .get("/v1/me/draft-key")
        .await;
    let problem = desk.problem(403);
    assert!(!String::from_utf8_lossy(&desk.body).contains("\"key\""), "{problem}");
    app.client().get("/v1/me/draft-key").await.problem(401);
}
