//! The demo data on a fresh database: this week's sessions for both therapists, a series with
//! a cancelled occurrence, a closed day, time off, and signed notes with pain before and after
//! for every runner, so the charts and the outcome report have something to show; runner care
//! (races, a plan from them, a due and an overdue client, a runner whose pain rises).

use chrono::TimeDelta;
use knead_tests::TestApp;
use serde_json::{Value, json};

fn items(answer: &knead_tests::Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let body = answer.json();
    body.get("items").unwrap_or(&body).as_array().expect("a list").clone()
}

#[actix_rt::test]
async fn a_fresh_demo_has_a_week_a_history_and_exceptions() {
    let app = TestApp::spawn().await;
    let hash = knead_api::auth::passwords::hash_blocking(knead_api::demo::DEMO_PASSWORD).expect("hash");
    {
        let mut conn = knead_persistence::Connection::from(app.pool.get().await.expect("connection"));
        let summary = knead_api::demo::load_if_empty(&mut conn, &hash, app.clock.now())
            .await
            .expect("demo loads");
        assert_eq!(summary.practice_slug.as_deref(), Some("stride"));
    }
    let login = app
        .client()
        .post(
            "/v1/auth/login",
            &json!({"email": "owner@stride.example", "password": knead_api::demo::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200);
    let owner = app
        .client()
        .with_token(login.json()["access_token"].as_str().expect("token"));

    let now = app.clock.now();
    let (from, to) = (
        (now - TimeDelta::days(1)).to_rfc3339(),
        (now + TimeDelta::days(7)).to_rfc3339(),
    );
    let week = items(
        &owner
            .get(&format!(
                "/v1/bookings?from={}&to={}&limit=200",
                urlencode(&from),
                urlencode(&to)
            ))
            .await,
    );
    let mut therapists: Vec<&str> = week.iter().map(|b| b["therapist_id"].as_str().expect("id")).collect();
    therapists.sort();
    therapists.dedup();
    assert_eq!(therapists.len(), 2, "both therapists have sessions this week");

    let later = (now + TimeDelta::days(21)).to_rfc3339();
    let ahead = items(
        &owner
            .get(&format!(
                "/v1/bookings?from={}&to={}&limit=200",
                urlencode(&from),
                urlencode(&later)
            ))
            .await,
    );
    assert!(
        ahead
            .iter()
            .any(|b| b["status"] == "cancelled" && b["series_id"].is_string()),
        "one series occurrence is cancelled"
    );
    assert_eq!(items(&owner.get("/v1/closed-days").await).len(), 1);

    let clients = items(&owner.get("/v1/clients?limit=100").await);
    assert!(!clients.is_empty());
    let runners: Vec<&Value> = clients.iter().filter(|c| c["runner_profile"].is_object()).collect();
    assert_eq!(runners.len(), 4);
    for client in &runners {
        let id = client["id"].as_str().expect("id");
        let notes = items(&owner.get(&format!("/v1/session-notes?client_id={id}")).await);
        let signed = notes.iter().filter(|n| n["status"] == "signed").count();
        assert!(signed >= 3, "{signed} signed notes for {id}");
        let trend = items(&owner.get(&format!("/v1/clients/{id}/pain-trend")).await);
        assert!(trend.len() >= 3, "pain trend for {id}: {trend:?}");
    }
    let outcomes = items(&owner.get("/v1/reports/technique-outcomes").await);
    assert!(outcomes.len() >= 3, "{outcomes:?}");

    // Runner care: races ahead, a plan built from them, one client due and one overdue, and
    // a runner whose pain is rising.
    let by_name = |given: &str| {
        clients
            .iter()
            .find(|c| c["given_name"] == given)
            .and_then(|c| c["id"].as_str())
            .expect("demo client")
            .to_owned()
    };
    let races = owner
        .get(&format!("/v1/clients/{}/races", by_name("Alex")))
        .await
        .json();
    assert!(
        races.as_array().is_some_and(|r| r.iter().any(|r| r["priority"] == "a")),
        "{races}"
    );
    let plans = owner
        .get(&format!("/v1/clients/{}/care-plans", by_name("Alex")))
        .await
        .json();
    assert_eq!(plans[0]["from_races"], true, "{plans}");
    let due = owner.get("/v1/rebooking/due").await.json();
    let listed: Vec<(&str, &str)> = due
        .as_array()
        .expect("due")
        .iter()
        .map(|d| {
            (
                d["given_name"].as_str().unwrap_or(""),
                d["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(listed, [("Morgan", "overdue"), ("Jamie", "due")]);
    let flags = owner
        .get(&format!("/v1/clients/{}/flags", by_name("Grace")))
        .await
        .json();
    assert_eq!(flags["flags"][0]["kind"], "rising_pain", "{flags}");
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
