//! Progress flags over HTTP, from signed notes written through the API: pain rising over three
//! sessions, no improvement at the practice's N sessions of one technique on one region (and
//! not at N − 1), an `avoid` contraindication on the latest intake.

use knead_tests::TestApp;
use serde_json::{Value, json};

fn note(client: &str, date: &str, before: u8) -> Value {
    json!({
        "client_id": client,
        "session_date": date,
        "duration_minutes": 60,
        "techniques": [
            {"technique": "trigger_point", "regions": [{"region": "calf", "side": "left"}], "minutes": 25, "pressure": "firm"}
        ],
        "pain": [{"region": "calf", "side": "left", "before": before, "after": before.saturating_sub(1)}],
        "home_care": []
    })
}

#[actix_rt::test]
async fn flags_follow_the_notes_and_the_intake() {
    let (app, _clock) = TestApp::spawn_at("2026-12-03T17:00:00Z").await;
    let practice = app.seed_practice("flags").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await.to_string();
    let me = app.as_account(&practice.therapist);
    let flags = || {
        let me = me.clone();
        let path = format!("/v1/clients/{client}/flags");
        async move {
            let answer = me.get(&path).await;
            assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
            answer.json()
        }
    };
    let kinds = |v: &Value| -> Vec<String> {
        v["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .map(|f| f["kind"].as_str().expect("kind").to_owned())
            .collect()
    };
    let write = |date: &'static str, before: u8, sign: bool| {
        let me = me.clone();
        let body = note(&client, date, before);
        async move {
            let created = me.post("/v1/session-notes", &body).await;
            assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
            if sign {
                let id = created.json()["id"].as_str().expect("id").to_owned();
                let signed = me.post(&format!("/v1/session-notes/{id}/sign"), &json!({})).await;
                assert_eq!(signed.status, 200, "{}", String::from_utf8_lossy(&signed.body));
            }
        }
    };
    write("2026-11-05", 2, true).await;
    write("2026-11-12", 4, true).await;
    // A draft counts for nothing.
    write("2026-11-15", 9, false).await;
    assert!(kinds(&flags().await).is_empty());
    write("2026-11-19", 6, true).await;
    let three = flags().await;
    assert_eq!(
        kinds(&three),
        ["rising_pain"],
        "three rising sessions; no-improvement needs 4"
    );
    assert_eq!(three["trends"][0]["change"], 4);
    assert!(three["about"].as_str().expect("about").contains("not diagnoses"));
    write("2026-11-26", 5, true).await;
    assert_eq!(
        kinds(&flags().await),
        ["no_improvement"],
        "4 sessions, 2 → 5; 4 → 6 → 5 is not rising"
    );

    // The practice's N moves the threshold.
    let owner = app.as_account(&practice.owner);
    let current = owner.get("/v1/practice").await.json();
    let mut care = current["care"].clone();
    care["no_improvement_sessions"] = json!(5);
    let changed = owner
        .with_header("If-Match", "*")
        .send_json("PATCH", "/v1/practice", &json!({"care": care}))
        .await;
    assert_eq!(changed.status, 200, "{}", String::from_utf8_lossy(&changed.body));
    assert!(kinds(&flags().await).is_empty());
    care["no_improvement_sessions"] = json!(1);
    let refused = owner
        .with_header("If-Match", "*")
        .send_json("PATCH", "/v1/practice", &json!({"care": care}))
        .await;
    assert_eq!(refused.pointers(), ["/care/no_improvement_sessions"]);

    let mut intake = knead_tests::seed::intake_body();
    intake["contraindications"] = json!(["stress_fracture"]);
    let submitted = me.post(&format!("/v1/clients/{client}/intake-forms"), &intake).await;
    assert_eq!(submitted.status, 201, "{}", String::from_utf8_lossy(&submitted.body));
    assert_eq!(kinds(&flags().await), ["avoid_contraindication"]);
    app.as_account(&practice.front_desk)
        .get(&format!("/v1/clients/{client}/flags"))
        .await
        .problem(403);
}
