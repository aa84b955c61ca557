//! Every "now" comes from the app's clock: with the clock set years away from the system's,
//! the times the API writes and the expiry it enforces follow the clock, not the machine.

use chrono::{DateTime, TimeDelta, Utc};
use knead_api::clock::Clock;
use knead_tests::{TestApp, test_settings};
use serde_json::{Value, json};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

fn time_of(body: &Value, field: &str) -> DateTime<Utc> {
    at(body[field].as_str().unwrap_or_else(|| panic!("{field} in {body}")))
}

#[actix_rt::test]
async fn written_times_and_link_expiry_follow_the_clock() {
    let start = at("2031-03-10T08:00:00Z");
    let clock = Clock::fixed(start);
    let app = TestApp::spawn_with(knead_api::state::Settings {
        clock: clock.clone(),
        ..test_settings()
    })
    .await;
    let practice = app.seed_practice("one-clock").await;
    let desk = app.as_account(&practice.front_desk);

    // Born in 2029: in the future by the machine's date, in the past by the clock's.
    let created = desk
        .post(
            "/v1/clients",
            &json!({"given_name": "Alex", "family_name": "Rivera", "date_of_birth": "2029-05-01"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let client = created.json();
    assert_eq!(time_of(&client, "created_at"), start);
    assert_eq!(time_of(&client, "updated_at"), start);

    let service = app
        .as_account(&practice.owner)
        .post(
            "/v1/services",
            &json!({"name": "Sports massage 60", "duration_minutes": 60, "price_cents": 9500}),
        )
        .await;
    assert_eq!(service.status, 201, "{}", String::from_utf8_lossy(&service.body));
    assert_eq!(time_of(&service.json(), "created_at"), start);

    let later = start + TimeDelta::minutes(5);
    clock.set(later);
    let id = client["id"].as_str().expect("client id");
    let archived = desk.post(&format!("/v1/clients/{id}/archive"), &json!({})).await;
    assert_eq!(archived.status, 200, "{}", String::from_utf8_lossy(&archived.body));
    assert_eq!(time_of(&archived.json(), "updated_at"), later);
    desk.post(&format!("/v1/clients/{id}/unarchive"), &json!({})).await;

    let link = desk
        .post(
            &format!("/v1/clients/{id}/intake-links"),
            &json!({"expires_in_hours": 48}),
        )
        .await;
    assert_eq!(link.status, 201, "{}", String::from_utf8_lossy(&link.body));
    let link = link.json();
    assert_eq!(time_of(&link, "created_at"), later);
    assert_eq!(time_of(&link, "expires_at"), later + TimeDelta::hours(48));
    let token = link["token"].as_str().expect("token");
    let public = format!("/v1/public/intake/{token}");
    assert_eq!(app.client().get(&public).await.status, 200);

    // Past its expiry by the clock (still years ahead of the machine): the link is gone.
    clock.set(later + TimeDelta::hours(48) + TimeDelta::seconds(1));
    app.client().get(&public).await.problem(410);
}
