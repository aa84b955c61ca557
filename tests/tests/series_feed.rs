//! A series made and edited through the API (one occurrence moved, one cancelled, then split
//! "this and following" to another time across the return to standard time) reads back from
//! the therapist's .ics feed, parsed and expanded, as exactly the calendar's live bookings.

use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use knead_api::clock::Clock;
use knead_tests::ics::{Instance, instances, read};
use knead_tests::{TestApp, test_settings};
use serde_json::json;
use std::collections::BTreeSet;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

#[actix_rt::test]
async fn an_edited_series_reads_back_from_the_feed_as_its_bookings() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        clock: Clock::fixed(at("2026-10-01T12:00:00Z")),
        ..test_settings()
    })
    .await;
    let practice = app.seed_practice("series-feed").await;
    let mut conn = app.pool.get().await.expect("connection");
    diesel::sql_query("UPDATE practices SET time_zone = 'America/New_York'")
        .execute(&mut conn)
        .await
        .expect("zone");
    let client = app.add_client(practice.id, "Jordan", "Doe").await;
    let service = app.add_service(practice.id, "Sports massage").await;
    let therapist = practice.therapist.staff_id;
    let desk = app.as_account(&practice.front_desk).with_header("If-Match", "*");

    let body = json!({"client_id": client.0, "therapist_id": therapist.0, "service_id": service,
        "first_start": "2026-10-06T10:00:00", "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10", "outside_hours": true});
    let created = desk.post("/v1/booking-series", &body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let id = created.json()["series"]["id"].as_str().expect("id").to_owned();
    let rows = desk.get(&format!("/v1/bookings?series_id={id}")).await.json();
    let row = |n: usize| rows["items"][n]["id"].as_str().expect("row").to_owned();
    let moved = json!({"starts_at": "2026-10-14T13:00:00Z", "outside_hours": true});
    assert_eq!(
        desk.send_json("PATCH", &format!("/v1/bookings/{}", row(1)), &moved)
            .await
            .status,
        200
    );
    let cancel = json!({"reason": "client_request", "note": "Race week"});
    assert_eq!(
        desk.post(&format!("/v1/bookings/{}/cancel", row(2)), &cancel)
            .await
            .status,
        200
    );
    let split = json!({"from": "2026-11-03T10:00:00", "first_start": "2026-11-05T11:30:00"});
    let split = desk.post(&format!("/v1/booking-series/{id}/split"), &split).await;
    assert_eq!(split.status, 200, "{}", String::from_utf8_lossy(&split.body));

    let me = app.as_account(&practice.therapist);
    let issued = me
        .send_json("PUT", &format!("/v1/staff/{}/calendar-feed", therapist.0), &json!({}))
        .await;
    assert_eq!(issued.status, 200, "{}", String::from_utf8_lossy(&issued.body));
    let url = issued.json()["url"].as_str().expect("url").to_owned();
    let feed = app.client().get(&url).await;
    assert_eq!(feed.status, 200);
    let calendar = read(&String::from_utf8_lossy(&feed.body));
    let (from, to) = (at("2026-09-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
    let found: BTreeSet<Instance> = instances(&calendar, to)
        .into_iter()
        .filter(|i| i.start >= from && i.start < to)
        .collect();

    let listed = desk
        .get("/v1/bookings?from=2026-09-01T00:00:00Z&to=2027-01-01T00:00:00Z&limit=200")
        .await
        .json();
    let expected: BTreeSet<Instance> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|b| b["status"] != "cancelled")
        .map(|b| Instance {
            start: at(b["starts_at"].as_str().expect("start")),
            end: at(b["ends_at"].as_str().expect("end")),
            uid: format!("{}@knead", b["series_id"].as_str().or(b["id"].as_str()).expect("uid")),
        })
        .collect();
    // Before the split: 6, 14 (moved) and 27 October (20 October cancelled); after it,
    // Thursdays at 11:30 from 5 November (16:30 UTC, standard time), six of them (COUNT 10
    // less the four occurrences before the cut).
    assert_eq!(expected.len(), 3 + 6, "{expected:?}");
    assert_eq!(found, expected);
    let series_uids: BTreeSet<&str> = expected.iter().map(|i| i.uid.as_str()).collect();
    assert_eq!(series_uids.len(), 2, "two series, each its own UID");
}
