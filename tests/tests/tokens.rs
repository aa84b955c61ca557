//! Access tokens: every correctly-signed-but-wrong token, and every malformed one, is a 401;
//! refresh tokens rotate and a reused one revokes its family.

use chrono::Utc;
use knead_api::auth::TokenKeys;
use knead_tests::{TEST_JWT_SECRET, TestApp};
use serde_json::{Value, json};

fn claims(practice: &str, staff: &str) -> Value {
    let now = Utc::now().timestamp();
    json!({
        "iss": "knead", "aud": "knead-api", "sub": staff, "prt": practice, "rol": "owner",
        "knd": "access", "iat": now, "nbf": now, "exp": now + 600, "jti": "t"
    })
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[actix_rt::test]
async fn wrong_tokens_are_refused_and_a_right_one_works() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("tokens").await;
    let keys = TokenKeys::new(TEST_JWT_SECRET);
    let (p, s) = (practice.id.to_string(), practice.owner.staff_id.to_string());
    let now = Utc::now().timestamp();
    let signed = |edit: &dyn Fn(&mut Value)| {
        let mut c = claims(&p, &s);
        edit(&mut c);
        keys.sign(&c).expect("sign")
    };
    let valid = signed(&|_| {});
    let mut tampered = valid.clone();
    let last = tampered.pop().expect("a char");
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let header_none = b64(br#"{"alg":"none","typ":"JWT"}"#);
    let alg_none = format!("{header_none}.{}.", b64(claims(&p, &s).to_string().as_bytes()));
    let other_key = TokenKeys::new(b"another-key-another-key-another-key!!")
        .sign(&claims(&p, &s))
        .expect("sign");

    let cases: Vec<(&str, Option<String>)> = vec![
        (
            "expired beyond leeway",
            Some(signed(&|c| {
                c["exp"] = json!(now - 120);
                c["iat"] = json!(now - 1000);
                c["nbf"] = json!(now - 1000);
            })),
        ),
        ("nbf in the future", Some(signed(&|c| c["nbf"] = json!(now + 300)))),
        (
            "issued a year ahead",
            Some(signed(&|c| c["iat"] = json!(now + 365 * 24 * 3600))),
        ),
        (
            "issued beyond the leeway",
            Some(signed(&|c| c["iat"] = json!(now + 120))),
        ),
        (
            "missing iat",
            Some(signed(&|c| {
                c.as_object_mut().expect("object").remove("iat");
            })),
        ),
        ("wrong audience", Some(signed(&|c| c["aud"] = json!("someone-else")))),
        ("wrong issuer", Some(signed(&|c| c["iss"] = json!("evil")))),
        ("wrong kind", Some(signed(&|c| c["knd"] = json!("refresh")))),
        (
            "unknown practice",
            Some(signed(&|c| c["prt"] = json!(uuid::Uuid::now_v7().to_string()))),
        ),
        (
            "unknown staff",
            Some(signed(&|c| c["sub"] = json!(uuid::Uuid::now_v7().to_string()))),
        ),
        (
            "missing nbf",
            Some(signed(&|c| {
                c.as_object_mut().expect("object").remove("nbf");
            })),
        ),
        ("alg none", Some(alg_none)),
        ("tampered signature", Some(tampered)),
        ("signed with another key", Some(other_key)),
        ("garbage", Some("not.a.jwt".into())),
        ("none", None),
    ];
    for (name, token) in cases {
        let client = match &token {
            Some(t) => app.client().with_token(t),
            None => app.client(),
        };
        let answer = client.get("/v1/me").await;
        assert_eq!(answer.status, 401, "{name}: {}", String::from_utf8_lossy(&answer.body));
        answer.problem(401);
        assert_eq!(answer.header("www-authenticate"), Some("Bearer"), "{name}");
    }
    let ok = app.client().with_token(&valid).get("/v1/me").await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json()["staff"]["id"], s);
    // A clock a few seconds ahead of ours is within the leeway.
    let skewed = signed(&|c| c["iat"] = json!(now + 10));
    assert_eq!(app.client().with_token(&skewed).get("/v1/me").await.status, 200);
}

#[actix_rt::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("rotation").await;
    let client = app.client();
    let r1 = practice.owner.refresh_token.clone();
    let first = client.post("/v1/auth/refresh", &json!({"refresh_token": r1})).await;
    assert_eq!(first.status, 200);
    let pair = first.json();
    let r2 = pair["refresh_token"].as_str().expect("r2").to_owned();
    assert_ne!(r1, r2);
    let access = pair["access_token"].as_str().expect("access").to_owned();
    assert_eq!(client.with_token(&access).get("/v1/me").await.status, 200);

    client
        .post("/v1/auth/refresh", &json!({"refresh_token": r1}))
        .await
        .problem(401);
    client
        .post("/v1/auth/refresh", &json!({"refresh_token": r2}))
        .await
        .problem(401);

    // Another login's family is untouched.
    let other = practice.therapist.refresh_token.clone();
    assert_eq!(
        client
            .post("/v1/auth/refresh", &json!({"refresh_token": other}))
            .await
            .status,
        200
    );
    client
        .post("/v1/auth/refresh", &json!({"refresh_token": "kr1.garbage"}))
        .await
        .problem(401);
}

#[actix_rt::test]
async fn logout_ends_the_refresh_family() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("logout").await;
    let client = app.client();
    let r = practice.owner.refresh_token.clone();
    assert_eq!(
        client
            .post("/v1/auth/logout", &json!({"refresh_token": r}))
            .await
            .status,
        204
    );
    client
        .post("/v1/auth/refresh", &json!({"refresh_token": r}))
        .await
        .problem(401);
}
