//! The closed lists of cancellation and override reasons, as the vocabulary publishes them.

use knead_tests::TestApp;
use serde_json::Value;

fn codes(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|t| {
            assert!(t["label"].as_str().is_some_and(|l| !l.is_empty()), "{t}");
            t["code"].as_str().expect("code")
        })
        .collect()
}

#[actix_rt::test]
async fn the_vocabulary_lists_cancellation_and_override_reasons() {
    let app = TestApp::spawn().await;
    let vocabulary = app.client().get("/v1/vocabulary").await;
    assert_eq!(vocabulary.status, 200);
    let vocabulary = vocabulary.json();
    let cancellation = codes(&vocabulary["cancellation_reasons"]);
    for code in [
        "client_request",
        "illness",
        "injury",
        "weather",
        "therapist_unavailable",
        "practice_closed",
    ] {
        assert!(cancellation.contains(&code), "{code} in {cancellation:?}");
    }
    assert_eq!(cancellation.last(), Some(&"other"));
    let overrides = codes(&vocabulary["override_reasons"]);
    for code in ["client_request", "therapist_agreed", "urgent_care"] {
        assert!(overrides.contains(&code), "{code} in {overrides:?}");
    }
    assert_eq!(overrides.last(), Some(&"other"));
}

/// A cancellation takes a code and a short note; free text, an unknown code or a long note is
/// a 422 naming the field, and the front desk reads the code and the note back.
#[actix_rt::test]
async fn a_cancellation_names_a_code_and_a_short_note() {
    let desk = knead_tests::series_desk::Desk::new("cancel-reasons").await;
    let front = desk.app.as_account(&desk.practice.front_desk);
    let body = serde_json::json!({
        "client_id": desk.client,
        "therapist_id": desk.therapist(),
        "service_id": desk.service,
        "starts_at": "2026-11-10T15:00:00Z",
        "outside_hours": true,
    });
    let booked = front.post("/v1/bookings", &body).await;
    assert_eq!(booked.status, 201, "{}", String::from_utf8_lossy(&booked.body));
    let path = format!("/v1/bookings/{}/cancel", booked.json()["id"].as_str().expect("id"));

    let free_text = front.post(&path, &serde_json::json!({"reason": "Calf strain"})).await;
    assert_eq!(free_text.pointers(), ["/reason"]);
    let long = serde_json::json!({"reason": "weather", "note": "x".repeat(201)});
    assert_eq!(front.post(&path, &long).await.pointers(), ["/note"]);
    let missing = front.post(&path, &serde_json::json!({"note": "no code"})).await;
    assert_eq!(missing.pointers(), ["/reason"]);

    let cancelled = front
        .post(&path, &serde_json::json!({"reason": "weather", "note": " Snowed in "}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", String::from_utf8_lossy(&cancelled.body));
    let cancellation = &cancelled.json()["cancellation"];
    assert_eq!(cancellation["reason"], "weather");
    assert_eq!(cancellation["note"], "Snowed in");
    let read = front.get(&path.replace("/cancel", "")).await.json();
    assert_eq!(read["cancellation"]["reason"], "weather");
    assert_eq!(read["cancellation"]["note"], "Snowed in");
}
