//! Guards around series writes: every change to a series' exceptions (an occurrence cancelled
//! or moved through its booking, an occurrence the horizon job skips) changes the series' ETag,
//! so an edit sent with an ETag read before it is refused; and a series write under
//! `on_conflict: skip` whose every occurrence clashes is refused with 409 and writes nothing.

use knead_tests::series_desk::{Desk, at};
use knead_tests::test_settings;
use serde_json::{Value, json};

/// The series' ETag as a GET answers it.
async fn etag(desk: &Desk, id: &str) -> String {
    let read = desk
        .app
        .as_account(&desk.practice.front_desk)
        .get(&format!("/v1/booking-series/{id}"))
        .await;
    assert_eq!(read.status, 200);
    read.header("ETag").expect("ETag").to_owned()
}

async fn split_with(desk: &Desk, id: &str, etag: &str, from: &str) -> u16 {
    desk.app
        .as_account(&desk.practice.front_desk)
        .with_header("If-Match", etag)
        .post(
            &format!("/v1/booking-series/{id}/split"),
            &json!({"from": from, "first_start": "2026-11-24T11:00:00"}),
        )
        .await
        .status
        .as_u16()
}

async fn created_id(desk: &Desk, body: &Value) -> String {
    let created = desk.create(body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    created.json()["series"]["id"].as_str().expect("id").to_owned()
}

#[actix_rt::test]
async fn cancelling_or_moving_one_occurrence_changes_the_series_etag() {
    let desk = Desk::new("series-etag").await;
    let body = desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=8");
    let id = created_id(&desk, &body).await;
    let bookings = desk.booking_ids(&id).await;
    let front = desk
        .app
        .as_account(&desk.practice.front_desk)
        .with_header("If-Match", "*");

    let before_cancel = etag(&desk, &id).await;
    let cancelled = front
        .post(
            &format!("/v1/bookings/{}/cancel", bookings[2]),
            &json!({"reason": "client_request", "note": "Race week"}),
        )
        .await;
    assert_eq!(cancelled.status, 200);
    assert_ne!(
        etag(&desk, &id).await,
        before_cancel,
        "a cancelled occurrence changes the ETag"
    );
    assert_eq!(split_with(&desk, &id, &before_cancel, "2026-11-24T10:00:00").await, 412);

    let before_move = etag(&desk, &id).await;
    let moved = front
        .send_json(
            "PATCH",
            &format!("/v1/bookings/{}", bookings[1]),
            &json!({"starts_at": "2026-10-13T12:00:00Z", "ends_at": "2026-10-13T13:30:00Z", "outside_hours": true}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", String::from_utf8_lossy(&moved.body));
    assert_ne!(
        etag(&desk, &id).await,
        before_move,
        "a moved occurrence changes the ETag"
    );
    assert_eq!(split_with(&desk, &id, &before_move, "2026-11-24T10:00:00").await, 412);

    // With the ETag read after both changes the split goes through.
    let fresh = etag(&desk, &id).await;
    assert_eq!(split_with(&desk, &id, &fresh, "2026-11-24T10:00:00").await, 200);
}

#[actix_rt::test]
async fn an_occurrence_the_horizon_job_skips_changes_the_series_etag() {
    let desk = Desk::new("series-etag-horizon").await;
    let body = desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU");
    let id = created_id(&desk, &body).await;
    let before = etag(&desk, &id).await;
    // Another client's booking on Tuesday 5 October 2027 at 10:00 EDT, beyond the year booked.
    let other = desk.app.add_client(desk.practice.id, "Sam", "Lee").await;
    desk.app
        .add_booking(
            desk.practice.id,
            other,
            desk.practice.therapist.staff_id,
            desk.service.parse().expect("uuid"),
            at("2027-10-05T14:00:00Z"),
        )
        .await;
    desk.clock.set(at("2026-10-20T12:00:00Z"));
    let state = knead_api::AppState::new(
        desk.app.pool.clone(),
        knead_api::state::Settings {
            clock: desk.clock.clone(),
            ..test_settings()
        },
    )
    .expect("state");
    assert_eq!(knead_api::horizon::extend_once(&state).await.expect("extend"), 2);
    let series = desk
        .app
        .as_account(&desk.practice.front_desk)
        .get(&format!("/v1/booking-series/{id}"))
        .await
        .json();
    assert_eq!(series["exceptions"][0]["kind"], "skipped");
    assert_ne!(etag(&desk, &id).await, before, "a skipped occurrence changes the ETag");
    assert_eq!(split_with(&desk, &id, &before, "2026-11-24T10:00:00").await, 412);
}

/// Books another client at 10:00 and 14:00 New York time on each of the given dates.
async fn block(desk: &Desk, instants: &[&str]) {
    let other = desk.app.add_client(desk.practice.id, "Sam", "Lee").await;
    for instant in instants {
        desk.app
            .add_booking(
                desk.practice.id,
                other,
                desk.practice.therapist.staff_id,
                desk.service.parse().expect("uuid"),
                at(instant),
            )
            .await;
    }
}

#[actix_rt::test]
async fn a_skip_series_whose_every_occurrence_clashes_is_refused() {
    let desk = Desk::new("series-all-clash").await;
    block(
        &desk,
        &["2026-10-20T14:00:00Z", "2026-10-27T14:00:00Z", "2026-11-03T15:00:00Z"],
    )
    .await;
    let mut body = desk.body(&desk.client, "2026-10-20T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=3");
    body["on_conflict"] = json!("skip");

    let refused = desk.create(&body).await.problem(409);
    assert_eq!(refused["type"], "/problems/double-booking");
    let conflicts: Vec<_> = refused["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| c["recurrence_id"].as_str().expect("recurrence id").to_owned())
        .collect();
    assert_eq!(
        conflicts,
        ["2026-10-20T10:00:00", "2026-10-27T10:00:00", "2026-11-03T10:00:00"]
    );
    assert_eq!(desk.count("SELECT count(*) AS n FROM booking_series").await, 0);
    assert_eq!(
        desk.count("SELECT count(*) AS n FROM booking_series_exceptions").await,
        0
    );
    assert_eq!(desk.count("SELECT count(*) AS n FROM bookings").await, 3);
}

#[actix_rt::test]
async fn a_skip_edit_whose_every_new_occurrence_clashes_is_refused() {
    let desk = Desk::new("series-edit-all-clash").await;
    let body = desk.body(&desk.client, "2026-10-20T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=3");
    let id = created_id(&desk, &body).await;
    // Every Tuesday of the series is taken at 14:00 New York time.
    block(
        &desk,
        &["2026-10-20T18:00:00Z", "2026-10-27T18:00:00Z", "2026-11-03T19:00:00Z"],
    )
    .await;
    let before = etag(&desk, &id).await;
    let rows = "SELECT count(*) AS n FROM bookings";
    let (series_rows, booking_rows) = (
        desk.count("SELECT count(*) AS n FROM booking_series").await,
        desk.count(rows).await,
    );
    let front = desk
        .app
        .as_account(&desk.practice.front_desk)
        .with_header("If-Match", &before);

    let all_future = front
        .send_json(
            "PATCH",
            &format!("/v1/booking-series/{id}"),
            &json!({"first_start": "2026-10-20T14:00:00", "on_conflict": "skip"}),
        )
        .await
        .problem(409);
    assert_eq!(all_future["type"], "/problems/double-booking");
    assert_eq!(all_future["conflicts"].as_array().map(Vec::len), Some(3));

    let split = front
        .post(
            &format!("/v1/booking-series/{id}/split"),
            &json!({"from": "2026-10-27T10:00:00", "first_start": "2026-10-27T14:00:00", "on_conflict": "skip"}),
        )
        .await
        .problem(409);
    assert_eq!(split["type"], "/problems/double-booking");
    assert_eq!(split["conflicts"].as_array().map(Vec::len), Some(2));

    assert_eq!(etag(&desk, &id).await, before, "nothing was written");
    assert_eq!(
        desk.count("SELECT count(*) AS n FROM booking_series").await,
        series_rows
    );
    assert_eq!(desk.count(rows).await, booking_rows);
    let starts: Vec<_> = desk.occurrences(&id).await.into_iter().map(|o| (o.0, o.1)).collect();
    assert_eq!(
        starts,
        vec![
            (at("2026-10-20T14:00:00Z"), "scheduled".to_owned()),
            (at("2026-10-27T14:00:00Z"), "scheduled".to_owned()),
            (at("2026-11-03T15:00:00Z"), "scheduled".to_owned()),
        ]
    );
}
