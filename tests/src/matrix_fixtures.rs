//! The role and tenant matrices' fixtures (`tests/tests/matrices.rs`): the ids that fill
//! `{id}` in one practice, the path of each call and a valid body for each operation.

use crate::TestApp;
use crate::booking_seed::{SERIES_FIRST_START, unique_start};
use crate::seed::{PASSWORD, Practice};
use crate::spec::SpecOp as Op;
use knead_domain::access::KeyScope;
use knead_domain::{Role, StaffId};
use serde_json::{Value, json};

/// The ids that fill `{id}` in one practice. A new kind of path needs a fixture here.
#[derive(Debug, Clone)]
pub struct Fixtures {
    pub spare_staff: String,
    /// Invited, without a password: an invitation can still be emailed to them.
    pub invited_staff: String,
    pub client: String,
    pub intake_form: String,
    pub intake_link: String,
    pub therapist: String,
    pub service: String,
    pub room: String,
}

impl Fixtures {
    pub async fn seed(app: &TestApp, practice: &Practice) -> Self {
        let spare = app
            .add_staff(practice.id, &format!("spare@{}.test", practice.slug), Role::Therapist)
            .await;
        let invited = app
            .add_invited_staff(practice.id, &format!("invited@{}.test", practice.slug), Role::Therapist)
            .await;
        let client = app.add_client(practice.id, "Casey", "Runner").await;
        // With an address, so an intake link can be emailed to them.
        app.set_client_email(practice.id, client, &format!("casey@{}.test", practice.slug))
            .await;
        let intake_form = app.add_intake_form(practice.id, client).await;
        let intake_link = app.add_intake_link(practice.id, client, practice.owner.staff_id).await;
        let service = app.add_service(practice.id, "Sports massage").await;
        let room = app.add_room(practice.id, "Room 1").await;
        Self {
            spare_staff: spare.to_string(),
            invited_staff: invited.to_string(),
            client: client.to_string(),
            intake_form: intake_form.to_string(),
            intake_link: intake_link.to_string(),
            therapist: practice.therapist.staff_id.to_string(),
            service: service.to_string(),
            room: room.to_string(),
        }
    }
}

/// `author` writes any session note the call needs (the caller, when in the same practice),
/// because only a note's author edits and signs it.
pub async fn path_for(app: &TestApp, op: &Op, practice: &Practice, fixtures: &Fixtures, author: StaffId) -> String {
    if op.id == "get_availability" {
        return format!(
            "{}?service_id={}&from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z",
            op.path, fixtures.service
        );
    }
    if op.path.contains("{intent}") {
        return op.path.replace("{intent}", "booking_confirmed");
    }
    if !op.path.contains('{') {
        return op.path.clone();
    }
    let id = match op.path.as_str() {
        // A therapist changes only their own schedule and feed: the practice's therapist's.
        p if p.starts_with("/v1/staff/{id}/working-hours")
            || p.starts_with("/v1/staff/{id}/time-off")
            || p.starts_with("/v1/staff/{id}/calendar-feed") =>
        {
            fixtures.therapist.clone()
        }
        "/v1/staff/{id}/invitation-emails" => fixtures.invited_staff.clone(),
        p if p.starts_with("/v1/staff/{id}") => fixtures.spare_staff.clone(),
        p if p.starts_with("/v1/services/{id}") => fixtures.service.clone(),
        // A fresh key each call: revoking one must not spoil the next caller's.
        p if p.starts_with("/v1/api-keys/{id}") => app.add_api_key(practice, KeyScope::ALL[0]).await.id,
        p if p.starts_with("/v1/rooms/{id}") => fixtures.room.clone(),
        // A fresh endpoint (and attempt) each call: deleting one must not spoil the next call.
        p if p.starts_with("/v1/webhook-endpoints/deliveries/{id}") => app.add_webhook_delivery(practice).await,
        p if p.starts_with("/v1/webhook-endpoints/{id}") => {
            app.add_webhook_endpoint(practice, "https://hooks.example.com/in", &["booking.created"])
                .await
                .id
        }
        // A fresh time off and booking each call (the therapist's own, so every role may act).
        p if p.starts_with("/v1/time-off/{id}") => app
            .add_time_off(practice.id, practice.therapist.staff_id)
            .await
            .to_string(),
        p if p.starts_with("/v1/bookings/{id}") => {
            let client = knead_domain::ClientId(fixtures.client.parse().expect("client id"));
            let service = fixtures.service.parse().expect("service id");
            app.add_booking(
                practice.id,
                client,
                practice.therapist.staff_id,
                service,
                unique_start(),
            )
            .await
            .to_string()
        }
        p if p.starts_with("/v1/booking-series/{id}") => {
            let client = knead_domain::ClientId(fixtures.client.parse().expect("client id"));
            let service = fixtures.service.parse().expect("service id");
            app.add_series(practice.id, client, practice.therapist.staff_id, service)
                .await
                .to_string()
        }
        // A fresh active plan each call, with the practice's therapist (who may book from it).
        p if p.starts_with("/v1/care-plans/{id}") => {
            let client = knead_domain::ClientId(fixtures.client.parse().expect("client id"));
            let service = fixtures.service.parse().expect("service id");
            app.add_care_plan(practice.id, client, practice.therapist.staff_id, service)
                .await
                .to_string()
        }
        p if p.starts_with("/v1/clients/{id}") => fixtures.client.clone(),
        p if p.starts_with("/v1/intake-forms/{id}") => fixtures.intake_form.clone(),
        p if p.starts_with("/v1/intake-links/{id}") => fixtures.intake_link.clone(),
        // A fresh note each call, signed where the operation needs a signed one.
        p if p.starts_with("/v1/session-notes/{id}") => {
            let client = fixtures.client.parse().expect("client id");
            let signed = op.path.ends_with("/amendments");
            app.add_session_note(practice.id, client, author, signed)
                .await
                .to_string()
        }
        // A fresh race each call: deleting one must not spoil the next role's call.
        p if p.starts_with("/v1/races/{id}") => app
            .add_race(practice.id, fixtures.client.parse().expect("client id"))
            .await
            .to_string(),
        // A fresh closed day each call: deleting one must not spoil the next role's call.
        p if p.starts_with("/v1/closed-days/{id}") => app
            .add_closed_day(practice.id, crate::closed_day_seed::unique_closed_date(), "Holiday")
            .await
            .to_string(),
        other => panic!("no fixture id for {other}: add one to tests/src/matrix_fixtures.rs"),
    };
    op.path.replace("{id}", &id)
}

/// A valid body for each operation that takes one. A new operation with a body needs a line here.
pub fn body_for(op: &Op, role: Role, fixtures: &Fixtures) -> Option<Value> {
    let unique = uuid::Uuid::now_v7().simple().to_string();
    match op.id.as_str() {
        "update_practice" => Some(json!({"name": "Renamed Practice"})),
        "create_staff" => {
            Some(json!({"email": format!("{unique}@matrix.test"), "display_name": "New", "role": "front_desk"}))
        }
        "update_staff" => Some(json!({"display_name": format!("Renamed {}", role.as_str())})),
        "deactivate_staff" => Some(json!({})),
        "create_staff_link" => Some(json!({"purpose": "password_reset"})),
        "create_api_key" => Some(json!({"name": format!("Key {unique}"), "can_write": true, "clinical": true})),
        "change_my_password" => {
            Some(json!({"current_password": PASSWORD, "new_password": format!("new passphrase {unique}")}))
        }
        "create_client" => Some(json!({"given_name": "New", "family_name": format!("Client {unique}")})),
        "update_client" => Some(json!({"notes": format!("prefers mornings ({})", role.as_str())})),
        "archive_client" | "unarchive_client" | "revoke_intake_link" => Some(json!({})),
        "create_race" | "update_race" => {
            Some(json!({"name": "Bolder Boulder", "date": "2027-05-31", "distance_meters": 10000, "priority": "b"}))
        }
        "create_intake_form" => Some(crate::seed::intake_body()),
        "create_intake_link" | "email_intake_link" => Some(json!({"expires_in_hours": 24})),
        "update_email_template" => Some(json!({"subject": "See you {{when}}", "body": "Hello {{client_given_name}}"})),
        "preview_email_template" => Some(json!({})),
        "create_session_note" | "update_session_note" => Some(crate::seed::note_body(&fixtures.client)),
        "amend_session_note" => Some(json!({"reason": "Wrong side", "body": "It was the right calf."})),
        "sign_session_note" => Some(json!({})),
        "create_service" => {
            Some(json!({"name": format!("Service {unique}"), "duration_minutes": 45, "price_cents": 7000}))
        }
        "update_service" => Some(json!({"price_cents": 8000})),
        "create_room" => Some(json!({"name": format!("Room {unique}")})),
        "update_room" => Some(json!({"active": true})),
        "replace_working_hours" => {
            Some(json!({"intervals": [{"weekday": "monday", "starts": "09:00:00", "ends": "17:00:00"}]}))
        }
        "create_time_off" => Some(json!({"starts_at": unique_start(), "ends_at": unique_start(), "reason": "Race"})),
        "create_closed_day" => Some(json!({
            "date": crate::closed_day_seed::unique_closed_date(),
            "name": "Holiday",
        })),
        "create_booking" => Some(json!({
            "client_id": fixtures.client,
            "therapist_id": fixtures.therapist,
            "service_id": fixtures.service,
            "room_id": fixtures.room,
            "starts_at": unique_start(),
            "outside_hours": true, "override_reason": {"code": "client_request"},
        })),
        "update_booking" => Some(json!({"status": "confirmed"})),
        "cancel_booking" => Some(json!({"reason": "illness"})),
        "create_booking_series" | "preview_booking_series" => Some(json!({
            "client_id": fixtures.client,
            "therapist_id": fixtures.therapist,
            "service_id": fixtures.service,
            "first_start": SERIES_FIRST_START,
            "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=1",
            "outside_hours": true, "override_reason": {"code": "client_request"},
        })),
        "update_booking_series" => Some(json!({"duration_minutes": 45})),
        "split_booking_series" => Some(json!({"from": SERIES_FIRST_START, "duration_minutes": 30})),
        "end_booking_series" => Some(json!({})),
        "create_care_plan" => Some(json!({"service_id": fixtures.service, "therapist_id": fixtures.therapist})),
        "update_care_plan" => Some(json!({
            "therapist_id": fixtures.therapist,
            "service_id": fixtures.service,
            "phases": [{"kind": "rehab", "starts_on": "2030-01-07", "ends_on": "2030-03-01", "cadence": {"kind": "every", "days": 7}}],
        })),
        "suggest_care_plan_sessions" => Some(json!({"weeks": 2})),
        "accept_care_plan_proposals" => {
            let start = crate::care_seed::unique_care_start();
            Some(json!({"proposals": [{
                "key": format!("maintenance:{}", start.date_naive()),
                "phase": "maintenance",
                "therapist_id": fixtures.therapist,
                "service_id": fixtures.service,
                "starts_at": start,
                "ends_at": start + chrono::TimeDelta::minutes(60),
                "reason": "maintenance: every 21–28 days",
            }]}))
        }
        "reject_care_plan_proposals" => Some(json!({"keys": ["maintenance:2031-01-06"]})),
        "create_webhook_endpoint" => Some(json!({
            "url": format!("https://{unique}.example.com/in"), "event_types": ["booking.created"], "clinical": false,
        })),
        "update_webhook_endpoint" => Some(json!({"event_types": ["booking.created", "client.created"]})),
        "issue_staff_calendar_feed" | "issue_client_calendar_feed" | "begin_my_enrolment" => None,
        "rotate_webhook_secret" | "redeliver_webhook" | "email_staff_invitation" => None,
        _ if op.method == "GET" || op.method == "DELETE" => None,
        other => panic!("no fixture body for {other}: add one to tests/src/matrix_fixtures.rs"),
    }
}
