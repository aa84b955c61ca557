//! Security headers: `nosniff` and `no-referrer` on every answer; `no-store` on answers that
//! carry clinical content or secrets; a Content-Security-Policy on the web app; HSTS when the
//! public URL is https.

use knead_tests::{Answer, TestApp, test_settings};
use serde_json::json;

fn built_frontend() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("knead-headers-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(dir.join("assets")).expect("a temp folder");
    let index = r#"<!doctype html><title>Knead</title><script type="module" src="/assets/app-1.js"></script>"#;
    std::fs::write(dir.join("index.html"), index).expect("index");
    std::fs::write(dir.join("assets/app-1.js"), "console.log(1)").expect("asset");
    dir
}

#[track_caller]
fn assert_everywhere(name: &str, answer: &Answer) {
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{name}");
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"), "{name}");
}

#[actix_rt::test]
async fn every_answer_is_nosniff_and_no_referrer_and_secrets_are_not_stored() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        frontend_dir: Some(built_frontend()),
        ..test_settings()
    })
    .await;
    let practice = app.seed_practice("headers").await;
    let http = app.client();
    let owner = app.as_account(&practice.owner);
    let therapist = app.as_account(&practice.therapist);
    let desk = app.as_account(&practice.front_desk);
    let client = app.add_client(practice.id, "Casey", "Runner").await.0;

    let link = therapist
        .post(&format!("/v1/clients/{client}/intake-links"), &json!({}))
        .await;
    assert_eq!(link.status, 201);
    let intake_token = link.json()["token"].as_str().expect("token").to_owned();
    let feed = therapist
        .raw(
            "PUT",
            &format!("/v1/staff/{}/calendar-feed", practice.therapist.staff_id),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(feed.status, 200, "{}", String::from_utf8_lossy(&feed.body));
    let feed_url = feed.json()["url"].as_str().expect("url").to_owned();
    let login = http
        .post(
            "/v1/auth/login",
            &json!({"email": practice.owner.email, "password": knead_tests::seed::PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200);
    let refresh = http
        .post(
            "/v1/auth/refresh",
            &json!({"refresh_token": login.json()["refresh_token"]}),
        )
        .await;
    assert_eq!(refresh.status, 200);

    let no_store = [
        ("login", login),
        ("refresh", refresh),
        ("me", owner.get("/v1/me").await),
        ("intake link", link),
        ("feed issued", feed),
        ("clinical list", therapist.get("/v1/session-notes").await),
        (
            "clinical read",
            therapist.get(&format!("/v1/clients/{client}/intake-forms")).await,
        ),
        ("clinical refusal", desk.get("/v1/session-notes").await),
        (
            "public intake",
            http.get(&format!("/v1/public/intake/{intake_token}")).await,
        ),
        ("calendar feed", http.get(&feed_url).await),
    ];
    for (name, answer) in &no_store {
        assert!(answer.status.as_u16() < 500, "{name}: {}", answer.status);
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{name}");
        assert_everywhere(name, answer);
    }

    let practice_read = owner.get("/v1/practice").await;
    assert_eq!(practice_read.status, 200);
    assert_ne!(practice_read.header("cache-control"), Some("no-store"));
    let vocabulary = owner.get("/v1/vocabulary").await;
    assert_eq!(vocabulary.header("cache-control"), Some("public, max-age=3600"));
    let others = [
        ("practice", practice_read),
        ("vocabulary", vocabulary),
        ("healthz", http.get("/healthz").await),
        ("spec", http.get("/openapi.json").await),
        ("docs", http.get("/docs/").await),
        ("not found", http.get("/v1/nothing-here").await),
        ("unauthenticated", http.get("/v1/clients").await),
        ("bad parameter", owner.get("/v1/bookings?from=garbage").await),
        ("web app", http.get("/").await),
        ("asset", http.get("/assets/app-1.js").await),
    ];
    for (name, answer) in &others {
        assert_everywhere(name, answer);
        assert_eq!(
            answer.header("strict-transport-security"),
            None,
            "{name}: http public URL"
        );
    }
}

#[actix_rt::test]
async fn the_web_app_has_a_content_security_policy() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        frontend_dir: Some(built_frontend()),
        ..test_settings()
    })
    .await;
    let http = app.client();
    for path in ["/", "/clients/0193c5a0-0000-7000-8000-000000000000", "/set-password"] {
        let page = http.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        let policy = page.header("content-security-policy").unwrap_or_default();
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} missing from {policy:?}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
    }
    // Swagger UI has its own page and its own policy, which still forbids framing.
    let docs = http.get("/docs/").await;
    assert_eq!(docs.status, 200);
    let policy = docs.header("content-security-policy").unwrap_or_default();
    assert!(policy.contains("frame-ancestors 'none'"), "docs: {policy:?}");
    assert!(
        policy.contains("script-src 'self';"),
        "docs scripts stay same-origin: {policy:?}"
    );
}

#[actix_rt::test]
async fn an_https_public_url_turns_on_hsts() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        public_url: "https://knead.example".into(),
        frontend_dir: Some(built_frontend()),
        ..test_settings()
    })
    .await;
    let practice = app.seed_practice("hsts").await;
    let http = app.client();
    let answers = [
        ("healthz", http.get("/healthz").await),
        ("me", app.as_account(&practice.owner).get("/v1/me").await),
        ("not found", http.get("/v1/nothing-here").await),
        ("web app", http.get("/").await),
    ];
    for (name, answer) in &answers {
        assert_eq!(
            answer.header("strict-transport-security"),
            Some("max-age=31536000; includeSubDomains"),
            "{name}"
        );
        assert_everywhere(name, answer);
    }
}
