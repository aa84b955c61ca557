//! `PUT /v1/session-notes/{id}` replaces a draft as `POST` creates one: every field of the
//! body is stored, and a reference `POST` refuses (an unknown booking, another client's) is
//! refused here too, with the same pointer, and nothing written.

use knead_tests::TestApp;
use knead_tests::booking_seed::unique_start;
use knead_tests::seed::note_body;
use serde_json::json;

#[actix_rt::test]
async fn put_stores_a_valid_booking_and_refuses_unknown_ones() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("putbooking").await;
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let other = app.add_client(practice.id, "Sam", "Other").await;
    let service = app.add_service(practice.id, "Sports massage").await;
    let therapist_id = practice.therapist.staff_id;
    let booking = app
        .add_booking(practice.id, client, therapist_id, service, unique_start())
        .await;
    let others_booking = app
        .add_booking(practice.id, other, therapist_id, service, unique_start())
        .await;
    let therapist = app.as_account(&practice.therapist);
    let created = therapist
        .post("/v1/session-notes", &note_body(&client.to_string()))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let location = created.header("location").expect("Location").to_owned();
    let put = |body: serde_json::Value| {
        let c = app.as_account(&practice.therapist).with_header("If-Match", "*");
        let path = location.clone();
        async move { c.send_json("PUT", &path, &body).await }
    };

    let mut body = note_body(&client.to_string());
    body["booking_id"] = json!(booking);
    body["plan"] = json!("Reassess in two weeks");
    let stored = put(body.clone()).await;
    assert_eq!(stored.status, 200, "{}", String::from_utf8_lossy(&stored.body));
    assert_eq!(stored.json()["booking_id"], json!(booking));
    assert_eq!(therapist.get(&location).await.json()["booking_id"], json!(booking));

    for refused in [json!(uuid::Uuid::now_v7()), json!(others_booking)] {
        let mut bad = body.clone();
        bad["booking_id"] = refused.clone();
        bad["plan"] = json!("must not be written");
        let answer = put(bad).await;
        assert_eq!(answer.pointers(), vec!["/booking_id".to_owned()], "{refused}");
    }
    let kept = therapist.get(&location).await.json();
    assert_eq!(kept["booking_id"], json!(booking), "a refused PUT wrote the booking");
    assert_eq!(kept["plan"], "Reassess in two weeks", "a refused PUT wrote the content");

    // PUT replaces the whole draft: a body without `booking_id` clears it, as the other
    // optional fields are cleared.
    let cleared = put(note_body(&client.to_string())).await;
    assert_eq!(cleared.status, 200);
    assert!(cleared.json()["booking_id"].is_null());
    assert!(cleared.json()["plan"].is_null());
}
