//! Events from series edits and the catalog's record of event sources: a split announces the
//! new series (naming the one it ends), the ended series and its replaced bookings (deleted,
//! by id only); ending a series announces it and the bookings it cancels; every table that
//! raises events has its `record_event` trigger (with a control).

use knead_tests::change_feed::{data_keys as keys, event_types as types, events_until, of};
use knead_tests::series_desk::Desk;
use serde_json::json;
use std::collections::BTreeSet;

#[actix_rt::test]
async fn series_edits_raise_split_and_deleted_events() {
    let desk = Desk::new("events-split").await;
    let owner = desk.app.as_account(&desk.practice.owner).with_header("If-Match", "*");
    let series = desk
        .create(&desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=6"))
        .await;
    assert_eq!(series.status, 201, "{}", String::from_utf8_lossy(&series.body));
    let series = series.json()["series"]["id"].as_str().expect("series").to_owned();
    let before = desk.booking_ids(&series).await;
    let split = owner
        .post(
            &format!("/v1/booking-series/{series}/split"),
            &json!({"from": "2026-10-20T10:00:00", "first_start": "2026-10-22T11:30:00"}),
        )
        .await;
    assert_eq!(split.status, 200, "{}", String::from_utf8_lossy(&split.body));
    let tail = split.json()["series"]["id"].as_str().expect("new series").to_owned();
    assert_ne!(tail, series);

    let seen = events_until(&owner, "", |s| !of(s, &tail).is_empty()).await;
    let head = of(&seen, &series);
    assert_eq!(types(&head), ["series.created", "series.changed"]);
    let tail_events = of(&seen, &tail);
    assert_eq!(types(&tail_events), ["series.split"]);
    assert_eq!(tail_events[0]["data"]["previous_id"], series.as_str());
    let deleted: BTreeSet<String> = seen
        .iter()
        .filter(|s| s.item["type"] == "booking.deleted")
        .map(|s| s.id().to_owned())
        .collect();
    let replaced: BTreeSet<String> = before[2..].iter().cloned().collect();
    assert_eq!(deleted, replaced, "the bookings the split replaced");
    for s in seen.iter().filter(|s| s.item["type"] == "booking.deleted") {
        assert_eq!(s.item["data"], json!({}), "a deleted booking names its id only");
        assert!(s.item["version"].is_null());
    }

    // Ending the new series: `series.ended`, and each booking it cancels `booking.cancelled`
    // (without the text the cancellation records).
    let kept = desk.booking_ids(&tail).await;
    let ended = owner.post(&format!("/v1/booking-series/{tail}/end"), &json!({})).await;
    assert_eq!(ended.status, 200, "{}", String::from_utf8_lossy(&ended.body));
    let seen = events_until(&owner, "", |s| of(s, &tail).len() >= 2).await;
    let tail_events = of(&seen, &tail);
    assert_eq!(types(&tail_events), ["series.split", "series.ended"]);
    assert_eq!(
        keys(tail_events[1]),
        ["client_id", "service_id", "therapist_id"].map(String::from).into()
    );
    for booking in &kept {
        assert_eq!(
            types(&of(&seen, booking)),
            ["booking.created", "booking.cancelled"],
            "{booking}"
        );
    }
    let all = serde_json::to_string(&seen.iter().map(|s| &s.item).collect::<Vec<_>>()).expect("json");
    assert!(!all.contains("series was ended"), "cancellation text leaked");
}

#[actix_rt::test]
async fn every_event_source_has_its_trigger() {
    let desk = Desk::new("events-triggers").await;
    let mut superuser = knead_persistence::admin::connect(&desk.app.db.url)
        .await
        .expect("superuser");
    let missing = knead_persistence::events::unrecorded(&mut superuser)
        .await
        .expect("catalog");
    assert!(missing.is_empty(), "{missing:?}");
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut superuser,
        "ALTER TABLE clients DISABLE TRIGGER clients_event",
    )
    .await
    .expect("disable");
    let missing = knead_persistence::events::unrecorded(&mut superuser)
        .await
        .expect("catalog");
    assert_eq!(missing, ["clients"]);
}

#[actix_rt::test]
async fn a_status_change_and_a_client_edit_are_updates_without_their_text() {
    let desk = Desk::new("events-updates").await;
    let owner = desk.app.as_account(&desk.practice.owner).with_header("If-Match", "*");
    let client: uuid::Uuid = desk.client.parse().expect("client");
    let booking = desk
        .app
        .add_booking(
            desk.practice.id,
            knead_domain::ClientId(client),
            desk.practice.therapist.staff_id,
            desk.service.parse().expect("uuid"),
            knead_tests::series_desk::at("2026-10-02T14:00:00Z"),
        )
        .await
        .to_string();
    let answer = owner
        .send_json(
            "PATCH",
            &format!("/v1/bookings/{booking}"),
            &json!({"status": "confirmed"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let edited = owner
        .send_json(
            "PATCH",
            &format!("/v1/clients/{client}"),
            &json!({"phone": "+1 303 555 0199", "notes": "Prefers the quiet room"}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", String::from_utf8_lossy(&edited.body));

    let seen = events_until(&owner, "", |s| of(s, &desk.client).len() >= 2).await;
    let events = of(&seen, &booking);
    assert_eq!(types(&events), ["booking.created", "booking.updated"]);
    assert_eq!(events[1]["data"]["status"], "confirmed");
    let client_events = of(&seen, &desk.client);
    assert_eq!(types(&client_events), ["client.created", "client.updated"]);
    assert_eq!(client_events[1]["data"], json!({"archived": false}));
    let all = serde_json::to_string(&seen.iter().map(|s| &s.item).collect::<Vec<_>>()).expect("json");
    for leak in ["303 555 0199", "quiet room", "Alex", "Rivera"] {
        assert!(!all.contains(leak), "{leak:?} leaked into an event");
    }
}
