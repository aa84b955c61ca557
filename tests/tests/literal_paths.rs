//! A literal path beside a parameterised one (`/v1/booking-series/preview` beside
//! `/v1/booking-series/{id}`): another method on it is 405 with `Allow`, not a bad id.

use knead_tests::TestApp;

#[actix_rt::test]
async fn a_wrong_method_on_a_literal_path_is_405_not_a_bad_id() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("literal").await;
    let owner = app.as_account(&practice.owner);
    for method in ["PATCH", "GET"] {
        let answer = owner
            .send_json(method, "/v1/booking-series/preview", &serde_json::json!({}))
            .await;
        assert_eq!(
            answer.status,
            405,
            "{method}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.header("allow"), Some("POST"), "{method}");
    }
    // A real id that is not a UUID is still a bad parameter.
    let bad = owner.get("/v1/booking-series/not-a-uuid").await;
    assert_eq!(bad.status, 400);
}
