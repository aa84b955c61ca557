//! The outcome report matches a technique to the pain scores of the sides it reached: deep
//! tissue on the left calf is an outcome for calf pain scored `bilateral`, and a bilateral
//! technique for pain on either side. Every side pair a region allows is checked against the
//! report, each in a session of its own date.

use knead_domain::clinical::Side;
use knead_tests::TestApp;
use serde_json::{Value, json};

/// (technique side, pain side, region, counted?) — written out by hand; the domain rule
/// (`Side::technique_reaches`) must agree with every line.
const PAIRS: [(&str, &str, &str, bool); 10] = [
    ("left", "left", "calf", true),
    ("left", "right", "calf", false),
    ("left", "bilateral", "calf", true),
    ("right", "left", "calf", false),
    ("right", "right", "calf", true),
    ("right", "bilateral", "calf", true),
    ("bilateral", "left", "calf", true),
    ("bilateral", "right", "calf", true),
    ("bilateral", "bilateral", "calf", true),
    ("midline", "midline", "lower_back", true),
];

fn note(client: &str, date: &str, techniques: Value, pain: Value) -> Value {
    json!({"client_id": client, "session_date": date, "duration_minutes": 60, "techniques": techniques, "pain": pain})
}

fn deep_tissue(regions: Value) -> Value {
    json!({"technique": "deep_tissue", "regions": regions, "minutes": 30, "pressure": "deep"})
}

#[actix_rt::test]
async fn every_side_pair_is_reported_as_the_domain_rule_says() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("outcomesides").await;
    let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
    let therapist = app.as_account(&practice.therapist);
    let sign = |body: Value| {
        let therapist = therapist.clone();
        async move {
            let created = therapist.post("/v1/session-notes", &body).await;
            assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
            let location = created.header("location").expect("Location").to_owned();
            assert_eq!(
                therapist.post(&format!("{location}/sign"), &json!({})).await.status,
                200
            );
        }
    };
    let mut failures = Vec::new();
    for (day, (technique_side, pain_side, region, counted)) in PAIRS.into_iter().enumerate() {
        let date = format!("2026-09-{:02}", day + 1);
        let next = format!("2026-09-{:02}", day + 2);
        sign(note(
            &client,
            &date,
            json!([deep_tissue(json!([{"region": region, "side": technique_side}]))]),
            json!([{"region": region, "side": pain_side, "before": 7, "after": 4}]),
        ))
        .await;
        let report = therapist
            .get(&format!("/v1/reports/technique-outcomes?from={date}&to={next}"))
            .await
            .json();
        let row = report
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["technique"] == "deep_tissue"));
        let reported = row.is_some_and(|r| r["measurements"] == 1 && r["mean_pain_before"] == json!(7.0));
        if reported != counted {
            failures.push(format!(
                "{technique_side} technique, {pain_side} pain on {region}: expected counted={counted}, report {report}"
            ));
        }
        let rule = Side::parse(technique_side)
            .expect("side")
            .technique_reaches(Side::parse(pain_side).expect("side"));
        assert_eq!(
            rule, counted,
            "the domain rule disagrees on ({technique_side}, {pain_side})"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[actix_rt::test]
async fn one_technique_on_both_sides_counts_a_bilateral_score_once() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("bothsides").await;
    let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
    let therapist = app.as_account(&practice.therapist);
    let body = note(
        &client,
        "2026-10-01",
        json!([deep_tissue(
            json!([{"region": "calf", "side": "left"}, {"region": "calf", "side": "right"}])
        )]),
        json!([{"region": "calf", "side": "bilateral", "before": 6, "after": 2}]),
    );
    let created = therapist.post("/v1/session-notes", &body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let location = created.header("location").expect("Location").to_owned();
    assert_eq!(
        therapist.post(&format!("{location}/sign"), &json!({})).await.status,
        200
    );
    let report = therapist.get("/v1/reports/technique-outcomes").await.json();
    assert_eq!(report[0]["technique"], "deep_tissue", "{report}");
    assert_eq!(
        (report[0]["sessions"].clone(), report[0]["measurements"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(report[0]["mean_pain_before"], json!(6.0));

    // The pain trend has no technique to match: it shows the bilateral score as scored.
    let trend = therapist
        .get(&format!("/v1/clients/{client}/pain-trend?region=calf"))
        .await
        .json();
    let sides: Vec<&str> = trend
        .as_array()
        .expect("points")
        .iter()
        .map(|p| p["side"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sides, ["bilateral", "bilateral"]);
}
