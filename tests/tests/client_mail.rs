//! Clients' email beyond the booking messages themselves, end to end through a real SMTP
//! server (aiosmtpd): the manage-booking link in a confirmation opens the booking without a
//! login and cancels it once, late inside the practice's window, in the activity log as the
//! client's; a practice's template is checked at its field, previewed, used for the next
//! message with every value put in as typed, and restored; an emailed intake link shows the
//! client's last answers only for a clinical sender and an address unchanged since that intake;
//! and the owners are emailed once when the server disables a webhook after its failures.

use knead_tests::mail_world::{World, assert_nothing_typed, token_after};
use knead_tests::seed::intake_body;
use serde_json::{Value, json};

/// The last message received.
fn last(world: &World) -> String {
    world.received().pop().expect("a message")
}

#[actix_rt::test]
async fn a_confirmations_manage_link_shows_the_booking_and_cancels_it_once_late_inside_the_window() {
    let world = World::new("mailmanage").await;
    let client = world.client(Some("rae@client.test")).await;
    // Saturday 21 November 2026, 03:00 in Denver: 22 hours ahead, inside the 24-hour window.
    let booking = world.book(client, "2026-11-21T10:00:00Z").await;
    world.send().await;
    let confirmation = world
        .received()
        .into_iter()
        .find(|m| m.contains("is booked for"))
        .expect("a confirmation");
    assert!(confirmation.contains("http://knead.test/manage#kb1."), "{confirmation}");
    let token = token_after(&confirmation, "/manage#");
    let public = world.app.client();

    let page = public.get(&format!("/v1/public/bookings/{token}")).await;
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let page = page.json();
    assert_eq!(page["status"], "scheduled");
    assert_eq!(page["time_zone"], "America/Denver");
    assert_eq!(page["starts_at"], "2026-11-21T10:00:00Z");
    assert_eq!(page["service_name"], "Sports massage 60");
    assert_eq!(
        (page["can_cancel"].as_bool(), page["late"].as_bool()),
        (Some(true), Some(true))
    );
    assert_nothing_typed(&page.to_string());

    let cancelled = public
        .post(&format!("/v1/public/bookings/{token}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", String::from_utf8_lossy(&cancelled.body));
    let cancelled = cancelled.json();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["late_cancellation"], true);
    assert_eq!(cancelled["can_cancel"], false);
    let again = public
        .post(&format!("/v1/public/bookings/{token}/cancel"), &json!({}))
        .await;
    assert_eq!(again.status, 409, "the link cancels once");
    let staff_view: Value = world.front().get(&format!("/v1/bookings/{booking}")).await.json();
    assert_eq!(staff_view["status"], "cancelled");
    assert_eq!(staff_view["cancellation"]["late"], true, "{staff_view}");
    assert_eq!(staff_view["cancellation"]["reason"], "client_request");

    // The client is told, about this one session.
    world.send().await;
    let told = last(&world);
    assert!(
        told.contains("Your session on Sat 21 Nov at 03:00 is cancelled."),
        "{told}"
    );
    assert!(!told.contains("/manage#"), "a cancellation carries no link");

    // Who cancelled: the client, through a link.
    let activity: Value = world
        .app
        .as_account(&world.practice.owner)
        .get(&format!("/v1/activity?resource_type=booking&resource_id={booking}"))
        .await
        .json();
    let cancel = activity["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "booking.cancelled")
        .unwrap_or_else(|| panic!("no cancellation in {activity}"));
    assert_eq!(cancel["actor"]["kind"], "client_link");

    // A wrong token is 404; after the session, the link is gone.
    let forged = format!("{}x", &token[..token.len() - 1]);
    assert_eq!(public.get(&format!("/v1/public/bookings/{forged}")).await.status, 404);
    world.clock.set("2026-11-21T11:00:01Z".parse().expect("instant"));
    assert_eq!(public.get(&format!("/v1/public/bookings/{token}")).await.status, 410);
}

#[actix_rt::test]
async fn a_manage_link_outside_the_window_cancels_on_time() {
    let world = World::new("mailontime").await;
    let client = world.client(Some("ola@client.test")).await;
    world.book(client, "2026-11-25T17:00:00Z").await;
    world.send().await;
    let token = token_after(&last(&world), "/manage#");
    let public = world.app.client();
    let page = public.get(&format!("/v1/public/bookings/{token}")).await.json();
    assert_eq!(
        (page["can_cancel"].as_bool(), page["late"].as_bool()),
        (Some(true), Some(false))
    );
    let cancelled = public
        .post(&format!("/v1/public/bookings/{token}/cancel"), &json!({}))
        .await
        .json();
    assert_eq!(cancelled["late_cancellation"], false, "{cancelled}");
}

#[actix_rt::test]
async fn a_template_is_checked_previewed_used_as_typed_and_restored() {
    let world = World::new("mailwording").await;
    let owner = world.app.as_account(&world.practice.owner);
    let list: Value = owner.get("/v1/email-templates").await.json();
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 6);
    assert!(items.iter().all(|t| t["custom"] == false));

    let bad = owner
        .send_json(
            "PUT",
            "/v1/email-templates/booking_confirmed",
            &json!({"subject": "Hi", "body": "Your notes: {{session_notes}}"}),
        )
        .await;
    assert_eq!(bad.pointers(), vec!["/body"], "{}", String::from_utf8_lossy(&bad.body));
    assert!(
        bad.problem(422)["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("{{session_notes}}")
    );
    let foreign = owner
        .send_json(
            "PUT",
            "/v1/email-templates/booking_cancelled",
            &json!({"subject": "Cancelled: {{manage_link}}", "body": "x"}),
        )
        .await;
    assert_eq!(foreign.pointers(), vec!["/subject"]);
    assert_eq!(
        owner
            .send_json(
                "PUT",
                "/v1/email-templates/password_reset",
                &json!({"subject": "a", "body": "b"})
            )
            .await
            .status,
        404
    );

    let draft = json!({
        "subject": "See you {{when}}, {{client_given_name}}",
        "body": "{{client_given_name}}: {{service_name}} at {{practice_name}}.\nManage: {{manage_link}}\n",
    });
    let preview = owner
        .post("/v1/email-templates/booking_confirmed/preview", &draft)
        .await;
    assert_eq!(preview.status, 200, "{}", String::from_utf8_lossy(&preview.body));
    let preview = preview.json();
    assert!(
        preview["subject"]
            .as_str()
            .expect("subject")
            .starts_with("See you Sun 22 Nov at 10:00, Alex"),
        "{preview}"
    );
    assert!(
        preview["body"].as_str().expect("body").contains("Practice mailwording"),
        "{preview}"
    );
    let saved = owner
        .send_json("PUT", "/v1/email-templates/booking_confirmed", &draft)
        .await;
    assert_eq!(saved.status, 200, "{}", String::from_utf8_lossy(&saved.body));
    assert_eq!(saved.json()["custom"], true);

    // A client whose name looks like a placeholder, or a header: put in as typed, once.
    let mut conn = world.app.pool.get().await.expect("connection");
    let client = world.client(Some("odd@client.test")).await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE clients SET given_name = 'Jo {{practice_name}}' WHERE id = $1")
            .bind::<diesel::sql_types::Uuid, _>(client.0),
        &mut conn,
    )
    .await
    .expect("rename");
    world.book(client, "2026-11-24T17:00:00Z").await;
    world.send().await;
    let sent = last(&world);
    assert!(
        sent.contains("Subject: See you Tue 24 Nov at 10:00, Jo {{practice_name}}"),
        "{sent}"
    );
    assert!(
        sent.contains("Jo {{practice_name}}: Sports massage 60 at Practice mailwording."),
        "{sent}"
    );
    assert!(sent.contains("Manage: http://knead.test/manage#kb1."), "{sent}");

    let restored = owner
        .send_json("DELETE", "/v1/email-templates/booking_confirmed", &json!({}))
        .await;
    assert_eq!(restored.status, 200);
    assert_eq!(restored.json()["custom"], false);
    let activity: Value = owner.get("/v1/activity?resource_type=email_template").await.json();
    let actions: Vec<_> = activity["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or("").to_owned(), e["actor"]["id"].clone()))
        .collect();
    let owner_id = json!(world.practice.owner.staff_id.to_string());
    assert!(
        actions.contains(&("email_template.updated".into(), owner_id.clone())),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("email_template.deleted".into(), owner_id)),
        "{actions:?}"
    );
}

/// Emails an intake link as `who` and returns the public page it opens.
async fn emailed_intake_page(world: &World, who: &knead_tests::seed::Account, client: &str) -> Value {
    let queued = world
        .app
        .as_account(who)
        .post(
            &format!("/v1/clients/{client}/intake-link-emails"),
            &json!({"expires_in_hours": 48}),
        )
        .await;
    assert_eq!(queued.status, 202, "{}", String::from_utf8_lossy(&queued.body));
    assert_eq!(world.send().await, 1);
    let message = last(world);
    assert_nothing_typed(&message);
    for clinical in ["Heel pain", "Warfarin", "marathon"] {
        assert!(!message.contains(clinical), "{clinical} in the email:\n{message}");
    }
    let token = token_after(&message, "/intake#");
    let page = world.app.client().get(&format!("/v1/public/intake/{token}")).await;
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    page.json()
}

#[actix_rt::test]
async fn an_emailed_intake_link_carries_the_last_answers_only_for_a_clinical_sender_and_the_same_address() {
    let world = World::new("mailintake").await;
    let client = world.client(Some("casey@client.test")).await.to_string();
    let form = world
        .app
        .as_account(&world.practice.therapist)
        .post(&format!("/v1/clients/{client}/intake-forms"), &intake_body())
        .await;
    assert_eq!(form.status, 201, "{}", String::from_utf8_lossy(&form.body));

    let page = emailed_intake_page(&world, &world.practice.therapist, &client).await;
    assert_eq!(page["prefill"]["medications"], "Warfarin", "{page}");
    assert!(last(&world).contains("To: casey@client.test"));

    let from_desk = emailed_intake_page(&world, &world.practice.front_desk, &client).await;
    assert!(from_desk["prefill"].is_null(), "{from_desk}");

    // The front desk changes the address: the therapist's next link starts empty.
    let changed = world
        .front()
        .with_header("If-Match", "*")
        .send_json(
            "PATCH",
            &format!("/v1/clients/{client}"),
            &json!({"email": "new@elsewhere.test"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", String::from_utf8_lossy(&changed.body));
    world.clock.set("2026-11-20T12:20:00Z".parse().expect("instant"));
    let page = emailed_intake_page(&world, &world.practice.therapist, &client).await;
    assert!(page["prefill"].is_null(), "{page}");
    assert!(last(&world).contains("To: new@elsewhere.test"));

    // Without an address there is nothing to send.
    let silent = world.client(None).await;
    let refused = world
        .front()
        .post(&format!("/v1/clients/{silent}/intake-link-emails"), &json!({}))
        .await;
    assert_eq!(refused.status, 409);
}

#[actix_rt::test]
async fn the_owners_are_emailed_when_a_webhook_is_disabled_after_its_failures() {
    use knead_api::webhooks::WebhookSettings;
    use knead_api::webhooks::worker::deliver_due;
    use knead_domain::webhooks::AllowList;
    use knead_tests::webhook_receiver::{Receiver, Reply};
    let world = World::with(
        "mailhookoff",
        knead_api::state::Settings {
            webhooks: WebhookSettings {
                allow: AllowList::parse("127.0.0.1"),
                backoff_base: std::time::Duration::from_millis(20),
                max_attempts: 1,
                disable_after: 2,
                timeout: std::time::Duration::from_secs(5),
                ..WebhookSettings::default()
            },
            ..knead_tests::test_settings()
        },
    )
    .await;
    // The delivery queue runs on the database's clock: the app's follows it here.
    world.clock.set(chrono::Utc::now());
    let receiver = Receiver::start(vec![Reply::Status(500); 2]);
    let url = receiver.url("/in");
    world
        .app
        .add_webhook_endpoint(&world.practice, &url, &["booking.created"])
        .await;
    let client = world.client(None).await;
    for (n, start) in [(1, "2030-03-05T17:00:00Z"), (2, "2030-03-06T17:00:00Z")] {
        world.book(client, start).await;
        for _ in 0..100 {
            world.clock.set(chrono::Utc::now());
            deliver_due(&world.worker).await.expect("a delivery run");
            if receiver.requests().len() >= n {
                break;
            }
            actix_rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    assert_eq!(receiver.requests().len(), 2);
    assert_eq!(world.send().await, 1, "one owner, one message");
    let message = last(&world);
    assert!(
        message.contains(&format!("<{}>", world.practice.owner.email)),
        "{message}"
    );
    assert!(message.contains(&url), "{message}");
    assert!(message.contains("2 deliveries in a row failed"), "{message}");
    assert!(message.contains("500"), "{message}");
    assert_eq!(world.send().await, 0, "told once");
}
