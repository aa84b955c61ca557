//! The activity log (`GET /v1/activity`): every write names who made it (a staff member with
//! their role, an API key, or the system), written by the database in the writing
//! transaction, so a write that rolls back leaves nothing; ids and actions only, never the
//! text a write carried; owners only.

use knead_domain::access::KeyScope;
use knead_tests::series_desk::{Desk, at};
use knead_tests::{Answer, Client};
use serde_json::{Value, json};

fn created(answer: &Answer) -> String {
    assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
    answer.json()["id"].as_str().expect("id").to_owned()
}

async fn entries(owner: &Client, query: &str) -> Vec<Value> {
    let page = owner.get(&format!("/v1/activity?limit=200{query}")).await;
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    page.json()["items"].as_array().expect("items").clone()
}

fn about<'a>(all: &'a [Value], action: &str, resource: &str) -> Vec<&'a Value> {
    all.iter()
        .filter(|e| e["action"] == action && e["resource_id"] == resource)
        .collect()
}

#[actix_rt::test]
async fn writes_name_their_actor_and_action_and_never_their_text() {
    let desk = Desk::new("activity-actors").await;
    let front = desk
        .app
        .as_account(&desk.practice.front_desk)
        .with_header("If-Match", "*");
    let owner = desk.app.as_account(&desk.practice.owner).with_header("If-Match", "*");
    let front_id = desk.practice.front_desk.staff_id.0.to_string();
    let owner_id = desk.practice.owner.staff_id.0.to_string();

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
    let cancel = json!({"reason": "weather", "note": "Snowed in near Boulder Creek"});
    let cancelled = front.post(&format!("/v1/bookings/{booking}/cancel"), &cancel).await;
    assert_eq!(cancelled.status, 200, "{}", String::from_utf8_lossy(&cancelled.body));
    let cancel_request = cancelled.header("x-request-id").expect("request id").to_owned();

    let changed = owner
        .send_json(
            "PATCH",
            &format!("/v1/services/{}", desk.service),
            &json!({"price_cents": 11000}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", String::from_utf8_lossy(&changed.body));
    let invited = created(
        &owner
            .post(
                "/v1/staff",
                &json!({"email": "new.therapist@activity.test", "display_name": "New Therapist", "role": "therapist"}),
            )
            .await,
    );
    let key = desk.app.add_api_key(&desk.practice, KeyScope::ALL[2]).await;
    let by_key = created(
        &desk
            .app
            .as_key(&key)
            .post("/v1/clients", &json!({"given_name": "Kim", "family_name": "Keyed"}))
            .await,
    );

    let all = entries(&owner, "").await;
    let cancels = about(&all, "booking.cancelled", &booking);
    assert_eq!(cancels.len(), 1, "{all:#?}");
    let cancel_entry = cancels[0];
    assert_eq!(cancel_entry["resource_type"], "booking");
    assert_eq!(cancel_entry["actor"]["kind"], "staff");
    assert_eq!(cancel_entry["actor"]["id"], front_id.as_str());
    assert_eq!(cancel_entry["actor"]["role"], "front_desk");
    assert!(cancel_entry["actor"]["display_name"].is_string(), "{cancel_entry}");
    assert_eq!(cancel_entry["request_id"], cancel_request.as_str());
    assert_eq!(
        about(&all, "booking.created", &booking)[0]["actor"]["id"],
        front_id.as_str()
    );

    let service = about(&all, "service.updated", &desk.service);
    assert_eq!(service.len(), 1, "{all:#?}");
    assert_eq!(service[0]["actor"]["id"], owner_id.as_str());
    assert_eq!(service[0]["actor"]["role"], "owner");
    // The seed wrote the service straight to the database: no one signed in.
    let seeded = about(&all, "service.created", &desk.service);
    assert_eq!(
        seeded[0]["actor"],
        json!({"kind": "system", "id": null, "display_name": null, "role": null})
    );

    let invite = about(&all, "staff.invited", &invited);
    assert_eq!(invite.len(), 1, "{all:#?}");
    assert_eq!(invite[0]["actor"]["id"], owner_id.as_str());
    assert_eq!(invite[0]["resource_type"], "staff");

    let keyed = about(&all, "client.created", &by_key);
    assert_eq!(keyed[0]["actor"]["kind"], "api_key");
    assert_eq!(keyed[0]["actor"]["id"], key.id.as_str());
    assert_eq!(keyed[0]["actor"]["role"], Value::Null);

    // Ids and actions only: nothing a write carried as text.
    let text = serde_json::to_string(&all).expect("json");
    for secret in [
        "Snowed",
        "Boulder",
        "Marathon",
        "taper",
        "weather",
        "Rivera",
        "Keyed",
        "activity.test",
    ] {
        assert!(!text.contains(secret), "{secret:?} leaked into the activity log");
    }

    // Filters.
    let only_cancels = entries(&owner, "&action=booking.cancelled").await;
    assert_eq!(only_cancels.len(), 1);
    assert_eq!(only_cancels[0]["resource_id"], booking.as_str());
    let by_front = entries(&owner, &format!("&actor={front_id}")).await;
    assert!(by_front.len() >= 2);
    assert!(by_front.iter().all(|e| e["actor"]["id"] == front_id.as_str()));
    let of_service = entries(&owner, &format!("&resource_type=service&resource_id={}", desk.service)).await;
    let actions: Vec<&str> = of_service
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["service.updated", "service.created"], "newest first");
    let before_all = entries(&owner, "&to=2000-01-01T00:00:00Z").await;
    assert!(before_all.is_empty());
    let since = at(cancel_entry["occurred_at"].as_str().expect("time"));
    let later = entries(&owner, &format!("&from={}", since.to_rfc3339().replace('+', "%2B"))).await;
    assert!(
        later
            .iter()
            .all(|e| at(e["occurred_at"].as_str().expect("time")) >= since)
    );
    assert!(!about(&later, "booking.cancelled", &booking).is_empty());

    // Pages of one, following the cursor, give the same entries in the same order.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = owner
            .get(&format!("/v1/activity?limit=1&actor={front_id}&cursor={cursor}"))
            .await
            .json();
        paged.extend(page["items"].as_array().expect("items").clone());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(paged, by_front);
}

#[actix_rt::test]
async fn a_write_that_rolls_back_leaves_no_entry() {
    let desk = Desk::new("activity-rollback").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let other = desk.app.add_client(desk.practice.id, "Sam", "Lee").await;
    // The third Tuesday's 10:00 (New York) is taken: the first two occurrences are booked,
    // then the third clashes and the whole transaction rolls back.
    desk.app
        .add_booking(
            desk.practice.id,
            other,
            desk.practice.therapist.staff_id,
            desk.service.parse().expect("uuid"),
            at("2026-10-20T14:00:00Z"),
        )
        .await;
    let body = desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=4");
    let refused = desk.create(&body).await.problem(409);
    assert_eq!(refused["type"], "/problems/double-booking");
    let front_id = desk.practice.front_desk.staff_id.0.to_string();
    let by_front = entries(&owner, &format!("&actor={front_id}")).await;
    assert_eq!(by_front, Vec::<Value>::new(), "the refused series left entries");

    // Control: the same series without the clash is recorded, bookings and all.
    let mut skip = body.clone();
    skip["on_conflict"] = json!("skip");
    let series = desk.create(&skip).await;
    assert_eq!(series.status, 201, "{}", String::from_utf8_lossy(&series.body));
    let series = series.json()["series"]["id"].as_str().expect("series").to_owned();
    let by_front = entries(&owner, &format!("&actor={front_id}")).await;
    let actions: Vec<&str> = by_front.iter().map(|e| e["action"].as_str().expect("action")).collect();
    assert_eq!(
        about(&by_front, "booking_series.created", &series).len(),
        1,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| **a == "booking.created").count(),
        3,
        "{actions:?}"
    );
}

#[actix_rt::test]
async fn only_owners_read_it_and_bad_filters_are_named() {
    let desk = Desk::new("activity-access").await;
    let app = &desk.app;
    for account in [&desk.practice.front_desk, &desk.practice.therapist] {
        app.as_account(account).get("/v1/activity").await.problem(403);
    }
    for scope in KeyScope::ALL {
        let key = app.add_api_key(&desk.practice, scope).await;
        app.as_key(&key).get("/v1/activity").await.problem(403);
    }
    let owner = app.as_account(&desk.practice.owner);
    for (query, parameter) in [
        ("resource_type=session_note", "resource_type"),
        ("action=booking.exploded", "action"),
        ("action=note.created", "action"),
        ("from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z", "from"),
        ("cursor=not-ours", "cursor"),
    ] {
        let problem = owner.get(&format!("/v1/activity?{query}")).await.problem(422);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
    }
}

#[actix_rt::test]
async fn every_source_table_has_its_trigger_and_the_check_sees_a_disabled_one() {
    use knead_persistence::activity::{SOURCES, triggered_tables};
    let desk = Desk::new("activity-triggers").await;
    let mut expected: Vec<String> = SOURCES.iter().map(|(table, _)| (*table).to_owned()).collect();
    expected.sort();
    let mut owner = knead_persistence::admin::connect(&desk.app.db.url)
        .await
        .expect("owner");
    assert_eq!(triggered_tables(&mut owner).await.expect("triggers"), expected);
    let every_type: std::collections::BTreeSet<&str> = SOURCES.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(every_type.len(), knead_domain::activity::ResourceType::ALL.len());
    // Control: a disabled trigger is missed.
    diesel_async::SimpleAsyncConnection::batch_execute(&mut owner, "ALTER TABLE rooms DISABLE TRIGGER rooms_activity")
        .await
        .expect("disable");
    let found = triggered_tables(&mut owner).await.expect("triggers");
    assert!(!found.contains(&"rooms".to_owned()), "{found:?}");
    assert_eq!(found.len(), expected.len() - 1);
}

/// One connection for everything: the actor a writing request left on it never reaches a later
/// write that is not that request's (a background write, another caller's), and a read in
/// between sends no statement of its own to clear it yet still leaves nothing behind.
#[actix_rt::test]
async fn a_connection_never_lends_one_callers_name_to_another_write() {
    let options = knead_persistence::pool::Options {
        max_size: 1,
        ..knead_tests::test_pool()
    };
    let app = knead_tests::TestApp::spawn_with_pool(knead_tests::test_settings(), options).await;
    let practice = app.seed_practice("activity-one-connection").await;
    let front = app.as_account(&practice.front_desk);
    let owner = app.as_account(&practice.owner);
    let body = json!({"given_name": "Robin", "family_name": "Hill"});
    let by_front = created(&front.post("/v1/clients", &body).await);
    assert_eq!(front.get(&format!("/v1/clients/{by_front}")).await.status, 200);
    // Outside any request, on the same (only) connection: the system's.
    let by_system = app.add_client(practice.id, "Sam", "Lee").await.to_string();
    let by_owner = created(&owner.post("/v1/clients", &body).await);

    let all = entries(&owner, "&resource_type=client").await;
    let actor = |id: &str| about(&all, "client.created", id)[0]["actor"].clone();
    assert_eq!(actor(&by_front)["id"], practice.front_desk.staff_id.0.to_string());
    assert_eq!(actor(&by_system)["kind"], "system", "{all:#?}");
    assert_eq!(actor(&by_owner)["id"], practice.owner.staff_id.0.to_string());
}
