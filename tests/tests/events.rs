//! The events outbox (`GET /v1/events`): events written by the database in the transaction of
//! the change, in order, with each type's allow-listed data only; none for a change that
//! rolled back; owners and read keys only, clinical events only for clinical principals; paged
//! by cursor with every event delivered once.

use knead_domain::access::KeyScope;
use knead_tests::TestApp;
use knead_tests::change_feed::{
    Seen, assert_in_order, data_keys as keys, drain_at, event_types as types, events_until, of,
};
use knead_tests::series_desk::{Desk, at};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const BOOKING_DATA: [&str; 8] = [
    "client_id",
    "ends_at",
    "room_id",
    "series_id",
    "service_id",
    "starts_at",
    "status",
    "therapist_id",
];

fn created(answer: &knead_tests::Answer) -> String {
    assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
    answer.json()["id"].as_str().expect("id").to_owned()
}

#[actix_rt::test]
async fn a_booking_created_moved_and_cancelled_raises_its_events_with_allow_listed_data_only() {
    let desk = Desk::new("events-booking").await;
    let front = desk
        .app
        .as_account(&desk.practice.front_desk)
        .with_header("If-Match", "*");
    let owner = desk.app.as_account(&desk.practice.owner);
    let booking = created(
        &front
            .post(
                "/v1/bookings",
                &json!({"client_id": desk.client, "therapist_id": desk.therapist(), "service_id": desk.service,
                    "starts_at": "2026-10-14T14:00:00Z", "outside_hours": true,
                    "override_reason": {"code": "client_request", "note": "Marathon taper week"}}),
            )
            .await,
    );
    let moved = front
        .send_json(
            "PATCH",
            &format!("/v1/bookings/{booking}"),
            &json!({"starts_at": "2026-10-14T16:00:00Z", "outside_hours": true}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", String::from_utf8_lossy(&moved.body));
    let cancel = json!({"reason": "weather", "note": "Snowed in near Boulder Creek"});
    let cancelled = front.post(&format!("/v1/bookings/{booking}/cancel"), &cancel).await;
    assert_eq!(cancelled.status, 200, "{}", String::from_utf8_lossy(&cancelled.body));

    let seen = events_until(&owner, "", |s| of(s, &booking).len() >= 3).await;
    assert_in_order(&seen);
    let events = of(&seen, &booking);
    assert_eq!(
        types(&events),
        ["booking.created", "booking.moved", "booking.cancelled"]
    );
    let allowed: BTreeSet<String> = BOOKING_DATA.iter().map(|k| (*k).to_owned()).collect();
    for event in &events {
        assert_eq!(event["resource_type"], "booking");
        assert_eq!(keys(event), allowed, "{event}");
        assert_eq!(event["data"]["client_id"], desk.client.as_str());
        assert_eq!(event["data"]["therapist_id"], desk.therapist().as_str());
    }
    let versions: Vec<i64> = events.iter().map(|e| e["version"].as_i64().expect("version")).collect();
    assert!(versions.windows(2).all(|v| v[0] < v[1]), "{versions:?}");
    assert_eq!(
        at(events[0]["data"]["starts_at"].as_str().expect("start")),
        at("2026-10-14T14:00:00Z")
    );
    assert_eq!(
        at(events[1]["data"]["starts_at"].as_str().expect("start")),
        at("2026-10-14T16:00:00Z")
    );
    assert_eq!(events[1]["data"]["status"], "scheduled");
    assert_eq!(events[2]["data"]["status"], "cancelled");
    let ids: BTreeSet<&str> = events.iter().map(|e| e["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 3, "each event its own id");

    // No free text anywhere: not the cancellation's reason or note, the override's note, nor
    // the client's name, in any event the practice has.
    let all = serde_json::to_string(&seen.iter().map(|s| &s.item).collect::<Vec<_>>()).expect("json");
    for secret in [
        "weather",
        "Snowed in",
        "Boulder",
        "Marathon",
        "client_request",
        "Alex",
        "Rivera",
    ] {
        assert!(!all.contains(secret), "{secret:?} leaked into an event: {all}");
    }
}

#[actix_rt::test]
async fn a_series_refused_for_a_double_booking_emits_nothing() {
    let desk = Desk::new("events-rollback").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let other = desk.app.add_client(desk.practice.id, "Sam", "Lee").await;
    // The third Tuesday's 10:00 (New York) is taken: the first two occurrences are booked,
    // then the third clashes and the whole transaction rolls back.
    let blocker = desk
        .app
        .add_booking(
            desk.practice.id,
            other,
            desk.practice.therapist.staff_id,
            desk.service.parse().expect("uuid"),
            at("2026-10-20T14:00:00Z"),
        )
        .await
        .to_string();
    let body = desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=4");
    let refused = desk.create(&body).await.problem(409);
    assert_eq!(refused["type"], "/problems/double-booking");

    // Control: the same series without the clash writes its events.
    let mut skip = body.clone();
    skip["on_conflict"] = json!("skip");
    let series = desk.create(&skip).await;
    assert_eq!(series.status, 201, "{}", String::from_utf8_lossy(&series.body));
    let series = series.json()["series"]["id"].as_str().expect("series").to_owned();
    let seen = events_until(&owner, "", |s| !of(s, &series).is_empty()).await;

    let serieses: Vec<&Value> = seen
        .iter()
        .map(|s| &s.item)
        .filter(|e| e["resource_type"] == "booking_series")
        .collect();
    assert_eq!(types(&serieses), ["series.created"], "the refused series left no event");
    assert_eq!(
        keys(serieses[0]),
        ["client_id", "service_id", "therapist_id"].map(String::from).into()
    );
    let booked: BTreeSet<String> = desk.booking_ids(&series).await.into_iter().collect();
    assert_eq!(booked.len(), 3, "the clashing occurrence is skipped");
    let created: BTreeSet<String> = seen
        .iter()
        .filter(|s| s.item["type"] == "booking.created")
        .map(|s| s.id().to_owned())
        .collect();
    let mut expected = booked;
    expected.insert(blocker);
    assert_eq!(created, expected, "only the committed bookings were announced");
    assert_eq!(
        desk.count("SELECT count(*) AS n FROM events WHERE type = 'booking.created'")
            .await,
        4
    );
}

#[actix_rt::test]
async fn only_owners_and_read_keys_read_events_and_clinical_ones_need_clinical_scope() {
    // Today's clock: a note's session date may not be in the future.
    let app = &TestApp::spawn().await;
    let practice = &app.seed_practice("events-clinical").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await.0;
    let client_id = client.to_string();
    let form = app
        .add_intake_form(practice.id, knead_domain::ClientId(client))
        .await
        .to_string();
    let note = app
        .add_session_note(practice.id, client, practice.therapist.staff_id, true)
        .await
        .to_string();
    let amended = app
        .as_account(&practice.therapist)
        .post(
            &format!("/v1/session-notes/{note}/amendments"),
            &json!({"reason": "Wrong side", "body": "Right calf, not left."}),
        )
        .await;
    assert_eq!(amended.status, 201, "{}", String::from_utf8_lossy(&amended.body));

    for who in [&practice.therapist, &practice.front_desk] {
        let refused = app.as_account(who).get("/v1/events").await;
        assert_eq!(refused.status, 403, "{:?}", who.role);
    }

    let clinical = app.as_key(
        &app.add_api_key(
            practice,
            KeyScope {
                write: false,
                clinical: true,
            },
        )
        .await,
    );
    let seen = events_until(&clinical, "", |s| of(s, &note).len() >= 2).await;
    assert_eq!(types(&of(&seen, &form)), ["intake.submitted"]);
    assert_eq!(types(&of(&seen, &note)), ["note.signed", "note.amended"]);
    for event in of(&seen, &form).into_iter().chain(of(&seen, &note)) {
        assert_eq!(keys(event), ["client_id".to_owned()].into(), "{event}");
        assert_eq!(event["data"]["client_id"], client_id.as_str());
    }
    let all = serde_json::to_string(&seen.iter().map(|s| &s.item).collect::<Vec<_>>()).expect("json");
    for secret in ["Wrong side", "Right calf", "Casey"] {
        assert!(!all.contains(secret), "{secret:?} leaked into an event");
    }
    let last = seen.last().expect("events").item["cursor"]
        .as_str()
        .expect("cursor")
        .to_owned();

    // A read key without clinical scope: every other event, none of intake or notes, even
    // when asked for by type; the owner (clinical) sees them.
    let plain = app.as_key(
        &app.add_api_key(
            practice,
            KeyScope {
                write: false,
                clinical: false,
            },
        )
        .await,
    );
    let (other, _) = drain_at(&plain, "/v1/events", None, "", 200).await;
    assert!(other.iter().any(|s| s.item["type"] == "client.created"));
    assert!(
        other
            .iter()
            .all(|s| s.item["resource_type"] != "session_note" && s.item["resource_type"] != "intake_form")
    );
    let (asked, _) = drain_at(&plain, "/v1/events", None, "&types=note.signed,intake.submitted", 200).await;
    assert!(asked.is_empty(), "{asked:?}");
    let (mine, _) = drain_at(
        &app.as_account(&practice.owner),
        "/v1/events",
        None,
        "&types=note.amended",
        200,
    )
    .await;
    assert_eq!(mine.len(), 1);

    // Unknown types and cursors are refused, naming the parameter; nothing new is an empty
    // page that keeps the cursor.
    assert_eq!(clinical.get("/v1/events?types=booking.exploded").await.status, 400);
    assert_eq!(clinical.get("/v1/events?since=nonsense").await.status, 422);
    let page = clinical.get(&format!("/v1/events?since={last}")).await.json();
    assert_eq!(page["items"], json!([]));
    assert_eq!(page["next_cursor"], last.as_str());
}

#[actix_rt::test]
async fn paging_by_cursor_returns_each_event_exactly_once() {
    let desk = Desk::new("events-paging").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let mut clients = vec![desk.client.clone()];
    for n in 0..4 {
        let client = owner
            .post(
                "/v1/clients",
                &json!({"given_name": format!("Runner{n}"), "family_name": "Paged"}),
            )
            .await;
        clients.push(created(&client));
    }
    let archived = owner
        .post(&format!("/v1/clients/{}/archive", clients[1]), &json!({}))
        .await;
    assert_eq!(archived.status, 200, "{}", String::from_utf8_lossy(&archived.body));
    let invited = owner
        .post(
            "/v1/staff",
            &json!({"email": "new.person@events-paging.test", "display_name": "New Person", "role": "therapist"}),
        )
        .await;
    let staff = created(&invited);
    let link = owner
        .post(&format!("/v1/staff/{staff}/links"), &json!({"purpose": "invitation"}))
        .await;
    assert_eq!(link.status, 201, "{}", String::from_utf8_lossy(&link.body));
    let token = link.json()["token"].as_str().expect("token").to_owned();

    let whole = events_until(&owner, "", |s| !of(s, &staff).is_empty()).await;
    let (paged, _) = drain_at(&owner, "/v1/events", None, "", 2).await;
    assert_in_order(&paged);
    let ids = |seen: &[Seen]| -> Vec<String> {
        seen.iter()
            .map(|s| s.item["id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(ids(&paged), ids(&whole), "the same events, in the same order");
    assert_eq!(
        ids(&paged).into_iter().collect::<BTreeSet<_>>().len(),
        paged.len(),
        "each once"
    );
    assert_eq!(types(&of(&whole, &clients[1])), ["client.created", "client.archived"]);
    assert_eq!(of(&whole, &clients[1])[1]["data"], json!({"archived": true}));
    let invitation = of(&whole, &staff);
    assert_eq!(types(&invitation), ["staff.invited"]);
    assert_eq!(invitation[0]["data"], json!({"staff_id": staff}));
    let all = serde_json::to_string(&whole.iter().map(|s| &s.item).collect::<Vec<_>>()).expect("json");
    for leak in ["Runner", "Paged", "new.person", "New Person"] {
        assert!(!all.contains(leak), "{leak:?} leaked into an event");
    }
    assert!(!all.contains(&token), "the invitation's secret leaked into an event");
    let only = events_until(&owner, "&types=client.archived", |s| !s.is_empty()).await;
    assert_eq!(only.len(), 1);
}
