//! Webhook endpoints, as owners manage them: the secret shown once and stored encrypted; URLs
//! refused by the address rules (422 naming `url`); clinical event types only for clinical
//! endpoints; no other role and no API key may call them; rotation; deletion.

use diesel_async::RunQueryDsl;
use knead_domain::access::KeyScope;
use knead_tests::TestApp;
use serde_json::json;

#[derive(diesel::QueryableByName)]
struct Stored {
    #[diesel(sql_type = diesel::sql_types::Text)]
    secret: String,
}

fn endpoint(url: &str) -> serde_json::Value {
    json!({"url": url, "event_types": ["booking.created", "booking.cancelled"], "clinical": false,
           "description": "CRM"})
}

#[actix_rt::test]
async fn an_owner_registers_an_endpoint_and_sees_its_secret_once() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("hooks").await;
    let owner = app.as_account(&practice.owner);

    let created = owner
        .post("/v1/webhook-endpoints", &endpoint("https://hooks.example.com/knead"))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    assert_eq!(created.header("cache-control"), Some("no-store"));
    let body = created.json();
    let secret = body["secret"].as_str().expect("a secret").to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let id = body["endpoint"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        body["endpoint"]["event_types"],
        json!(["booking.cancelled", "booking.created"])
    );
    assert_eq!(body["endpoint"]["enabled"], true);
    let path = format!("/v1/webhook-endpoints/{id}");
    assert_eq!(created.header("location"), Some(path.as_str()));

    let got = owner.get(&path).await;
    assert_eq!(got.status, 200);
    assert!(got.json().get("secret").is_none(), "never the secret again");
    assert!(!String::from_utf8_lossy(&got.body).contains(&secret));
    let listed = owner.get("/v1/webhook-endpoints").await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    // Stored encrypted, not as the text the owner saw.
    let mut conn = app.pool.get().await.expect("connection");
    let stored: Vec<Stored> = diesel::sql_query("SELECT secret FROM webhook_endpoints")
        .load(&mut conn)
        .await
        .expect("stored");
    assert!(stored[0].secret.starts_with("e1."), "{}", stored[0].secret);
    assert!(!stored[0].secret.contains(&secret["whsec_".len()..]));

    // Rotation answers a new secret; the previous one keeps signing for a while.
    let rotated = owner.post(&format!("{path}/rotate-secret"), &json!({})).await;
    assert_eq!(rotated.status, 200);
    let rotated = rotated.json();
    assert_ne!(rotated["secret"].as_str(), Some(secret.as_str()));
    assert!(rotated["endpoint"]["secret_rotating_until"].is_string());

    let patched = owner
        .send_json(
            "PATCH",
            &path,
            &json!({"enabled": false, "event_types": ["client.created"]}),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", String::from_utf8_lossy(&patched.body));
    assert_eq!(patched.json()["enabled"], false);
    assert_eq!(patched.json()["event_types"], json!(["client.created"]));
    owner
        .send_json("PATCH", &path, &json!({"url": "http://hooks.example.com/"}))
        .await
        .pointers()
        .contains(&"/url".to_owned())
        .then_some(())
        .expect("the URL rules apply to a change too");

    let log = owner.get(&format!("{path}/deliveries")).await;
    assert_eq!(log.status, 200);
    assert_eq!(log.json(), json!([]));

    let deleted = owner.send_json("DELETE", &path, &json!(null)).await;
    assert_eq!(deleted.status, 204);
    owner.get(&path).await.problem(404);
}

#[actix_rt::test]
async fn urls_the_address_rules_refuse_are_422_naming_url() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("hookurls").await;
    let owner = app.as_account(&practice.owner);
    for url in [
        "http://hooks.example.com/",
        "https://user:pw@hooks.example.com/",
        "https://127.0.0.1/",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://10.1.2.3/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "not a url",
    ] {
        let refused = owner.post("/v1/webhook-endpoints", &endpoint(url)).await;
        assert_eq!(refused.pointers(), ["/url"], "{url}");
    }
    // Control: the same request with a public URL is accepted.
    let ok = owner
        .post("/v1/webhook-endpoints", &endpoint("https://93.184.216.34/in"))
        .await;
    assert_eq!(ok.status, 201);
}

#[actix_rt::test]
async fn only_a_clinical_endpoint_receives_clinical_events() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("hookclinical").await;
    let owner = app.as_account(&practice.owner);
    for types in [json!(["note.signed"]), json!(["booking.created", "intake.submitted"])] {
        let body = json!({"url": "https://hooks.example.com/", "event_types": types, "clinical": false});
        assert_eq!(
            owner.post("/v1/webhook-endpoints", &body).await.pointers(),
            ["/event_types"]
        );
        let clinical = json!({"url": "https://hooks.example.com/", "event_types": types, "clinical": true});
        assert_eq!(owner.post("/v1/webhook-endpoints", &clinical).await.status, 201);
    }
    let unknown = json!({"url": "https://hooks.example.com/", "event_types": ["booking.exploded"], "clinical": true});
    assert_eq!(
        owner.post("/v1/webhook-endpoints", &unknown).await.pointers(),
        ["/event_types"]
    );
    let none = json!({"url": "https://hooks.example.com/", "event_types": [], "clinical": true});
    assert_eq!(
        owner.post("/v1/webhook-endpoints", &none).await.pointers(),
        ["/event_types"]
    );
}

#[actix_rt::test]
async fn only_owners_and_never_an_api_key() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("hookroles").await;
    let body = endpoint("https://hooks.example.com/");
    let created = app
        .as_account(&practice.owner)
        .post("/v1/webhook-endpoints", &body)
        .await;
    assert_eq!(created.status, 201);
    let id = created.json()["endpoint"]["id"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default();
    for account in [&practice.therapist, &practice.front_desk] {
        let as_them = app.as_account(account);
        as_them.post("/v1/webhook-endpoints", &body).await.problem(403);
        as_them.get("/v1/webhook-endpoints").await.problem(403);
        as_them.get(&format!("/v1/webhook-endpoints/{id}")).await.problem(403);
    }
    let key = app
        .add_api_key(
            &practice,
            KeyScope {
                write: true,
                clinical: true,
            },
        )
        .await;
    let as_key = app.as_key(&key);
    as_key.post("/v1/webhook-endpoints", &body).await.problem(403);
    as_key.get("/v1/webhook-endpoints").await.problem(403);
    as_key
        .post(&format!("/v1/webhook-endpoints/{id}/rotate-secret"), &json!({}))
        .await
        .problem(403);
}
