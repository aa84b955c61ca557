//! API keys: scopes (read or write, clinical or not) decide what a key may call; no key calls
//! account or credential operations or signs a note; revoked and expired keys are refused at
//! once; a key is audited as itself, has its own Idempotency-Key scope and its own rate limit;
//! creating one needs the second factor where the practice requires it.

use knead_domain::access::KeyScope;
use knead_tests::TestApp;
use knead_tests::api_key_seed::SeededKey;
use knead_tests::seed::Practice;
use serde_json::json;

const READ: KeyScope = KeyScope {
    write: false,
    clinical: false,
};
const READ_CLINICAL: KeyScope = KeyScope {
    write: false,
    clinical: true,
};
const WRITE: KeyScope = KeyScope {
    write: true,
    clinical: false,
};
const WRITE_CLINICAL: KeyScope = KeyScope {
    write: true,
    clinical: true,
};

fn new_client() -> serde_json::Value {
    json!({"given_name": "Kay", "family_name": format!("Key {}", uuid::Uuid::now_v7().simple())})
}

async fn keys(app: &TestApp, practice: &Practice) -> [SeededKey; 4] {
    [
        app.add_api_key(practice, READ).await,
        app.add_api_key(practice, READ_CLINICAL).await,
        app.add_api_key(practice, WRITE).await,
        app.add_api_key(practice, WRITE_CLINICAL).await,
    ]
}

#[actix_rt::test]
async fn scopes_decide_what_a_key_may_call() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("keyscopes").await;
    let [read, read_clinical, write, write_clinical] = keys(&app, &practice).await;

    for key in [&read, &read_clinical, &write, &write_clinical] {
        let listed = app.as_key(key).get("/v1/clients").await;
        assert_eq!(listed.status, 200, "{:?}", key.scope);
        let created = app.as_key(key).post("/v1/clients", &new_client()).await;
        let notes = app.as_key(key).get("/v1/session-notes").await;
        if key.scope.write {
            assert_eq!(created.status, 201, "{:?}", key.scope);
        } else {
            created.problem(403);
        }
        if key.scope.clinical {
            assert_eq!(notes.status, 200, "{:?}", key.scope);
        } else {
            notes.problem(403);
        }
    }

    // Never a key's, whatever its scope: staff links (a reset link for the owner), keys,
    // practice settings, the caller's own account, signing a note.
    let owner = practice.owner.staff_id;
    let staff_link = format!("/v1/staff/{owner}/links");
    let key_api = app.as_key(&write_clinical);
    key_api
        .post(&staff_link, &json!({"purpose": "password_reset"}))
        .await
        .problem(403);
    key_api
        .post(
            "/v1/api-keys",
            &json!({"name": "x", "can_write": true, "clinical": true}),
        )
        .await
        .problem(403);
    key_api.get("/v1/api-keys").await.problem(403);
    key_api
        .raw("DELETE", &format!("/v1/api-keys/{}", read.id), None, Vec::new())
        .await
        .problem(403);
    key_api.get("/v1/me").await.problem(403);
    key_api
        .send_json("PATCH", "/v1/practice", &json!({"name": "Taken"}))
        .await
        .problem(403);
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let note = app.add_session_note(practice.id, client.0, owner, false).await;
    key_api
        .post(&format!("/v1/session-notes/{note}/sign"), &json!({}))
        .await
        .problem(403);
    // The read key is still live: the refused revocation did nothing.
    assert_eq!(app.as_key(&read).get("/v1/clients").await.status, 200);

    // The list names scopes and never a secret.
    let listed = app.as_account(&practice.owner).get("/v1/api-keys").await;
    let text = String::from_utf8_lossy(&listed.body).into_owned();
    assert_eq!(listed.json().as_array().map(Vec::len), Some(4));
    for key in [&read, &read_clinical, &write, &write_clinical] {
        assert!(!text.contains(&key.secret));
    }
    let scopes: Vec<serde_json::Value> = listed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["scopes"].clone())
        .collect();
    assert!(scopes.contains(&json!(["write", "clinical"])) && scopes.contains(&json!(["read"])));
    assert!(listed.json()[0]["last_used_at"].is_string(), "a used key shows when");
}

#[actix_rt::test]
async fn revoked_and_expired_keys_are_refused_at_once() {
    let (app, clock) = TestApp::spawn_at("2030-01-07T09:00:00Z").await;
    let practice = app.seed_practice("keyrevoke").await;
    let key = app.add_api_key(&practice, READ).await;
    assert_eq!(app.as_key(&key).get("/v1/clients").await.status, 200);
    let revoked = app
        .as_account(&practice.owner)
        .raw("DELETE", &format!("/v1/api-keys/{}", key.id), None, Vec::new())
        .await;
    assert_eq!(revoked.status, 200);
    assert!(revoked.json()["revoked_at"].is_string());
    app.as_key(&key).get("/v1/clients").await.problem(401);

    let expiring = app
        .as_account(&practice.owner)
        .post(
            "/v1/api-keys",
            &json!({"name": "Short", "can_write": false, "clinical": false, "expires_at": "2030-01-07T10:00:00Z"}),
        )
        .await;
    assert_eq!(expiring.status, 201);
    let secret = expiring.json()["secret"].as_str().unwrap().to_owned();
    assert_eq!(app.client().with_token(&secret).get("/v1/clients").await.status, 200);
    clock.set("2030-01-07T10:00:01Z".parse().unwrap());
    app.client().with_token(&secret).get("/v1/clients").await.problem(401);

    // Garbage and unknown keys: 401, never 500.
    let unknown = format!("kk1_{}", "0".repeat(64));
    for token in ["kk1_", "kk1_zz", unknown.as_str()] {
        app.client().with_token(token).get("/v1/clients").await.problem(401);
    }
    // An expiry in the past, an empty name: 422 naming the field.
    let bad = app
        .as_account(&practice.owner)
        .post(
            "/v1/api-keys",
            &json!({"name": " ", "can_write": false, "clinical": false, "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.pointers(), vec!["/name".to_owned(), "/expires_at".to_owned()]);
}

#[actix_rt::test]
async fn a_keys_clinical_calls_are_audited_as_the_key() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("keyaudit").await;
    let [read, read_clinical, ..] = keys(&app, &practice).await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let path = format!("/v1/clients/{client}/intake-forms");
    assert_eq!(app.as_key(&read_clinical).get(&path).await.status, 200);
    app.as_key(&read).get(&path).await.problem(403);
    let events = app
        .as_account(&practice.owner)
        .get(&format!("/v1/audit-events?client_id={client}"))
        .await
        .json();
    let actors: Vec<(String, String, String)> = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (text("actor_id"), text("actor_role"), text("outcome"))
        })
        .collect();
    assert!(
        actors.contains(&(read_clinical.id.clone(), "api_key".into(), "success".into())),
        "{actors:?}"
    );
    assert!(
        actors.contains(&(read.id.clone(), "api_key".into(), "denied".into())),
        "{actors:?}"
    );
}

#[actix_rt::test]
async fn a_key_has_its_own_idempotency_scope() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("keyidem").await;
    let key = app.add_api_key(&practice, WRITE).await;
    let (first, second) = (new_client(), new_client());
    let as_key = app.as_key(&key).with_header("Idempotency-Key", "same-key");
    let as_owner = app
        .as_account(&practice.owner)
        .with_header("Idempotency-Key", "same-key");
    let by_key = as_key.post("/v1/clients", &first).await;
    assert_eq!(by_key.status, 201);
    // The owner who created the key uses the same key string for another body: their own.
    let by_owner = as_owner.post("/v1/clients", &second).await;
    assert_eq!(by_owner.status, 201, "{}", String::from_utf8_lossy(&by_owner.body));
    assert_eq!(by_owner.header("Idempotent-Replayed"), None);
    let again = as_key.post("/v1/clients", &first).await;
    assert_eq!(
        (again.status.as_u16(), again.header("Idempotent-Replayed")),
        (201, Some("true"))
    );
    assert_eq!(again.json()["id"], by_key.json()["id"]);
}

#[actix_rt::test]
async fn a_non_clinical_keys_intake_link_carries_no_prefill() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("keylinks").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    app.add_intake_form(practice.id, client).await;
    for scope in [WRITE, WRITE_CLINICAL] {
        let key = app.add_api_key(&practice, scope).await;
        let created = app
            .as_key(&key)
            .post(&format!("/v1/clients/{client}/intake-links"), &json!({}))
            .await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        let token = created.json()["token"].as_str().expect("token").to_owned();
        let page = app.client().get(&format!("/v1/public/intake/{token}")).await.json();
        assert_eq!(
            page["prefill"]["chief_complaint"].is_string(),
            scope.clinical,
            "{scope:?}"
        );
    }
}

#[actix_rt::test]
async fn a_key_past_its_rate_is_answered_429_with_the_headers() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        api_key_requests_per_minute: 3,
        ..knead_tests::test_settings()
    })
    .await;
    let practice = app.seed_practice("keyrate").await;
    let key = app.add_api_key(&practice, READ).await;
    let other = app.add_api_key(&practice, READ).await;
    for remaining in ["2", "1", "0"] {
        let ok = app.as_key(&key).get("/v1/clients").await;
        assert_eq!(ok.status, 200);
        assert_eq!(ok.header("RateLimit-Limit"), Some("3"));
        assert_eq!(ok.header("RateLimit-Remaining"), Some(remaining));
        assert!(ok.header("RateLimit-Reset").is_some_and(|r| r.parse::<u64>().is_ok()));
    }
    let refused = app.as_key(&key).get("/v1/clients").await;
    refused.problem(429);
    assert_eq!(refused.content_type(), "application/problem+json");
    assert_eq!(refused.header("Retry-After"), Some("20"));
    assert_eq!(refused.header("RateLimit-Remaining"), Some("0"));
    // Another key's bucket is its own; staff tokens carry no key limit.
    assert_eq!(app.as_key(&other).get("/v1/clients").await.status, 200);
    let staff = app.as_account(&practice.owner).get("/v1/clients").await;
    assert_eq!((staff.status.as_u16(), staff.header("RateLimit-Limit")), (200, None));
}

#[actix_rt::test]
async fn creating_a_key_needs_the_second_factor_where_the_practice_requires_it() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("keymfa").await;
    let owner = app.as_account(&practice.owner);
    // The account's state is cached before the requirement is switched on behind its back.
    assert_eq!(owner.get("/v1/api-keys").await.status, 200);
    let mut conn = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut conn,
        &format!(
            "UPDATE practices SET require_second_factor = true WHERE id = '{}'",
            practice.id.0
        ),
    )
    .await
    .expect("require");
    let body = json!({"name": "Sync", "can_write": false, "clinical": false});
    owner.post("/v1/api-keys", &body).await.problem(401);
    let (token, _) = app
        .keys
        .issue_for(
            practice.id,
            practice.owner.staff_id,
            knead_domain::Role::Owner,
            true,
            app.clock.now(),
        )
        .expect("token");
    let created = app.client().with_token(&token).post("/v1/api-keys", &body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    assert_eq!(created.header("Cache-Control"), Some("no-store"));
}
