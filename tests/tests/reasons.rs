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
