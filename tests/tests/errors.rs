//! Bad input gets a clear problem+json naming the field, never a 500.

use knead_tests::TestApp;
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
