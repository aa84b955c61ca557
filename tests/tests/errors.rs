//! Bad input gets a clear problem+json naming the field, never a 500.

use knead_tests::TestApp;
use knead_tests::seed::intake_body;
use serde_json::json;

#[actix_rt::test]
async fn body_errors_are_problems_naming_the_field() {
    let app = TestApp::spawn().await;
    let client = app.client();

    let malformed = client
        .raw(
            "POST",
            "/v1/auth/login",
            Some("application/json"),
            b"{\"email\": ".to_vec(),
        )
        .await;
    assert_eq!(malformed.problem(400)["type"], "/problems/malformed-body");

    let wrong_type = client
        .raw("POST", "/v1/auth/login", Some("text/plain"), b"{}".to_vec())
        .await;
    wrong_type.problem(415);
    let no_type = client.raw("POST", "/v1/auth/login", None, b"{}".to_vec()).await;
    no_type.problem(415);

    let huge = format!("{{\"email\":\"{}\",\"password\":\"x\"}}", "a".repeat(300 * 1024));
    client
        .raw("POST", "/v1/auth/login", Some("application/json"), huge.into_bytes())
        .await
        .problem(413);

    let wrong_field_type = client
        .post("/v1/auth/login", &json!({"email": 42, "password": "x"}))
        .await;
    let problem = wrong_field_type.problem(422);
    assert_eq!(problem["errors"][0]["pointer"], "/email");

    let missing = client.post("/v1/auth/login", &json!({"email": "a@b.co"})).await;
    assert_eq!(missing.problem(422)["errors"][0]["pointer"], "/password");

    let unknown = client
        .post(
            "/v1/auth/login",
            &json!({"email": "a@b.co", "password": "x", "admin": true}),
        )
        .await;
    assert_eq!(unknown.problem(422)["errors"][0]["pointer"], "/admin");

    let nul = client
        .raw(
            "POST",
            "/v1/auth/login",
            Some("application/json"),
            br#"{"email":"a@b.co","password":"x\u0000"}"#.to_vec(),
        )
        .await;
    assert_eq!(nul.problem(422)["errors"][0]["pointer"], "/password");

    let bad_email = client
        .post("/v1/auth/login", &json!({"email": "not-an-email", "password": "x"}))
        .await;
    assert_eq!(bad_email.problem(422)["errors"][0]["pointer"], "/email");
}

#[actix_rt::test]
async fn path_query_and_method_errors_are_problems() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("errors").await;
    let owner = app.as_account(&practice.owner);

    let bad_id = owner.get("/v1/staff/not-a-uuid").await;
    assert_eq!(bad_id.problem(400)["errors"][0]["parameter"], "id");

    let bad_limit = owner.get("/v1/staff?limit=0").await;
    assert_eq!(bad_limit.problem(400)["errors"][0]["parameter"], "limit");
    let bad_cursor = owner.get("/v1/staff?cursor=bogus").await;
    assert_eq!(bad_cursor.problem(422)["errors"][0]["parameter"], "cursor");
    let unparsable = owner.get("/v1/staff?limit=ten").await;
    unparsable.problem(400);

    let wrong_method = owner
        .raw("PUT", "/v1/staff", Some("application/json"), b"{}".to_vec())
        .await;
    wrong_method.problem(405);
    assert_eq!(wrong_method.header("allow"), Some("GET, POST, HEAD"));
    let wrong_method_on_item = owner
        .raw(
            "DELETE",
            &format!("/v1/staff/{}", practice.owner.staff_id),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(wrong_method_on_item.problem(405).get("status"), Some(&json!(405)));

    owner.get("/v1/nothing-here").await.problem(404);
    app.client().get("/v1/me").await.problem(401);
}

/// serde lets a struct read a JSON array positionally; every body is an object of named
/// fields, so an array where an object belongs is the wrong type, at the top and nested.
#[actix_rt::test]
async fn arrays_are_not_objects() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("arrays").await;
    let owner = app.as_account(&practice.owner);
    let therapist = app.as_account(&practice.therapist);
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let links = format!("/v1/clients/{}/intake-links", client.0);
    let staff_links = format!("/v1/staff/{}/links", practice.therapist.staff_id);
    let forms = format!("/v1/clients/{}/intake-forms", client.0);
    let mut pain_as_array = intake_body();
    pain_as_array["pain_areas"][0] = json!(["plantar_fascia", "left", 6, ["sharp"], []]);
    let mut consent_as_array = intake_body();
    consent_as_array["consent"] = json!(["Casey Runner", true, "2026-11-01"]);

    let cases = [
        (&owner, links.as_str(), json!([]), ""),
        (&owner, links.as_str(), json!([1]), ""),
        (&owner, staff_links.as_str(), json!(["password_reset"]), ""),
        (&therapist, forms.as_str(), pain_as_array, "/pain_areas/0"),
        (&therapist, forms.as_str(), consent_as_array, "/consent"),
        (&owner, "/v1/auth/login", json!(["a@b.co", "x"]), ""),
    ];
    for (who, path, body, pointer) in cases {
        let answer = who.post(path, &body).await;
        let problem = answer.problem(422);
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{path} {body}");
        let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("expected an object"), "{path} {body}: {message}");
    }
    // Arrays where the schema has arrays still read as before.
    assert_eq!(therapist.post(&forms, &intake_body()).await.status, 201);
    assert_eq!(owner.post(&links, &json!({})).await.status, 201);
}
