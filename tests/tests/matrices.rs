//! The tenant and role matrices, generated from the committed spec: every operation must be in
//! the access table; with practice A's tokens, practice B's ids answer 404 and no B data leaks
//! (B's own token on the same ids works: the positive control), and so do ids that exist
//! nowhere, whatever the role; every role gets exactly what the table grants (403 otherwise).
//! API keys are principals here too: read and read-write, clinical or not, each checked for
//! tenant isolation and against `key_allows` (the function the spec's `api_key` security is
//! generated from).

use futures_util::StreamExt;
use knead_api::auth::totp;
use knead_domain::access::{Access, KeyScope, access, key_allows};
use knead_domain::{Role, StaffId};
use knead_tests::api_key_seed::SeededKey;
use knead_tests::booking_seed::{SERIES_FIRST_START, unique_start};
use knead_tests::seed::{PASSWORD, Practice};
use knead_tests::{Answer, TestApp};
use serde_json::{Value, json};

use knead_tests::spec::SpecOp as Op;

fn operations() -> Vec<Op> {
    knead_tests::spec::operations()
}

/// The ids that fill `{id}` in one practice. A new kind of path needs a fixture here.
#[derive(Debug, Clone)]
struct Fixtures {
    spare_staff: String,
    client: String,
    intake_form: String,
    intake_link: String,
    therapist: String,
    service: String,
    room: String,
}

impl Fixtures {
    async fn seed(app: &TestApp, practice: &Practice) -> Self {
        let spare = app
            .add_staff(practice.id, &format!("spare@{}.test", practice.slug), Role::Therapist)
            .await;
        let client = app.add_client(practice.id, "Casey", "Runner").await;
        let intake_form = app.add_intake_form(practice.id, client).await;
        let intake_link = app.add_intake_link(practice.id, client, practice.owner.staff_id).await;
        let service = app.add_service(practice.id, "Sports massage").await;
        let room = app.add_room(practice.id, "Room 1").await;
        Self {
            spare_staff: spare.to_string(),
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
async fn path_for(app: &TestApp, op: &Op, practice: &Practice, fixtures: &Fixtures, author: StaffId) -> String {
    if op.id == "get_availability" {
        return format!(
            "{}?service_id={}&from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z",
            op.path, fixtures.service
        );
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
        p if p.starts_with("/v1/staff/{id}") => fixtures.spare_staff.clone(),
        p if p.starts_with("/v1/services/{id}") => fixtures.service.clone(),
        // A fresh key each call: revoking one must not spoil the next caller's.
        p if p.starts_with("/v1/api-keys/{id}") => app.add_api_key(practice, KeyScope::ALL[0]).await.id,
        p if p.starts_with("/v1/rooms/{id}") => fixtures.room.clone(),
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
            .add_closed_day(
                practice.id,
                knead_tests::closed_day_seed::unique_closed_date(),
                "Holiday",
            )
            .await
            .to_string(),
        other => panic!("no fixture id for {other}: add one to tests/tests/matrices.rs"),
    };
    op.path.replace("{id}", &id)
}

/// A valid body for each operation that takes one. A new operation with a body needs a line here.
fn body_for(op: &Op, role: Role, fixtures: &Fixtures) -> Option<Value> {
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
        "create_intake_form" => Some(knead_tests::seed::intake_body()),
        "create_intake_link" => Some(json!({"expires_in_hours": 24})),
        "create_session_note" | "update_session_note" => Some(knead_tests::seed::note_body(&fixtures.client)),
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
            "date": knead_tests::closed_day_seed::unique_closed_date(),
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
            let start = knead_tests::care_seed::unique_care_start();
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
        "issue_staff_calendar_feed" | "issue_client_calendar_feed" | "begin_my_enrolment" => None,
        _ if op.method == "GET" || op.method == "DELETE" => None,
        other => panic!("no fixture body for {other}: add one to tests/tests/matrices.rs"),
    }
}

struct World {
    app: TestApp,
    a: Practice,
    b: Practice,
    a_fixtures: Fixtures,
    b_fixtures: Fixtures,
    /// A's keys, one of each scope.
    a_keys: Vec<SeededKey>,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let a = app.seed_practice("alpha").await;
        let b = app.seed_practice("bravo").await;
        let a_fixtures = Fixtures::seed(&app, &a).await;
        let b_fixtures = Fixtures::seed(&app, &b).await;
        let mut a_keys = Vec::new();
        for scope in KeyScope::ALL {
            a_keys.push(app.add_api_key(&a, scope).await);
        }
        Self {
            a_keys,
            app,
            a,
            b,
            a_fixtures,
            b_fixtures,
        }
    }

    /// Calls `op` as `role` of `caller` against `target`'s resources.
    async fn call(&self, op: &Op, role: Role, caller: &Practice, target: &Practice) -> Answer {
        let fixtures = if target.id == self.a.id {
            &self.a_fixtures
        } else {
            &self.b_fixtures
        };
        let author = if caller.id == target.id {
            caller.account(role).staff_id
        } else {
            target.therapist.staff_id
        };
        let path = path_for(&self.app, op, target, fixtures, author).await;
        self.send(op, role, caller, &path, fixtures).await
    }

    /// Calls `op` with one of A's keys against `target`'s resources (its notes are A's owner's,
    /// in whose name the key acts).
    async fn call_key(&self, op: &Op, key: &SeededKey, target: &Practice, missing: bool) -> Answer {
        let fixtures = if target.id == self.a.id {
            &self.a_fixtures
        } else {
            &self.b_fixtures
        };
        let path = if missing {
            op.path.replace("{id}", &uuid::Uuid::new_v4().to_string())
        } else {
            let author = if target.id == self.a.id {
                self.a.owner.staff_id
            } else {
                target.therapist.staff_id
            };
            path_for(&self.app, op, target, fixtures, author).await
        };
        let mut client = self.app.as_key(key);
        if op.method == "PATCH" || op.method == "PUT" || op.id == "split_booking_series" {
            client = client.with_header("If-Match", "*");
        }
        // A key may not enrol a second factor: any well-formed code will do to be refused.
        let body = match op.id.as_str() {
            "confirm_my_enrolment" => Some(json!({"code": "000000"})),
            _ => body_for(op, Role::Owner, fixtures),
        };
        match body {
            Some(body) => client.send_json(&op.method, &path, &body).await,
            None => client.raw(&op.method, &path, None, Vec::new()).await,
        }
    }

    /// Calls `op` as A's `role` on an id that exists in no practice.
    async fn call_missing(&self, op: &Op, role: Role) -> Answer {
        let path = op.path.replace("{id}", &uuid::Uuid::new_v4().to_string());
        self.send(op, role, &self.a, &path, &self.a_fixtures).await
    }

    async fn send(&self, op: &Op, role: Role, caller: &Practice, path: &str, fixtures: &Fixtures) -> Answer {
        let mut client = self.app.as_account(caller.account(role));
        if op.method == "PATCH" || op.method == "PUT" || op.id == "split_booking_series" {
            // Any version: stale ETags are tested elsewhere; here only access is.
            client = client.with_header("If-Match", "*");
        }
        if op.id == "confirm_my_enrolment" {
            // A code of a secret just issued to this account: the confirmation then succeeds.
            let started = client.post("/v1/me/second-factor", &json!({})).await.json();
            let secret = started["secret"]
                .as_str()
                .and_then(totp::from_base32)
                .unwrap_or_default();
            let code = totp::code_at_step(&secret, totp::step_at(self.app.clock.now()));
            return client.send_json(&op.method, path, &json!({"code": code})).await;
        }
        match body_for(op, role, fixtures) {
            Some(body) => client.send_json(&op.method, path, &body).await,
            None => client.raw(&op.method, path, None, Vec::new()).await,
        }
    }

    /// Strings that belong to practice B and must never reach A.
    fn b_secrets(&self) -> Vec<String> {
        let b = &self.b;
        let f = &self.b_fixtures;
        vec![
            b.id.to_string(),
            b.slug.clone(),
            f.spare_staff.clone(),
            f.client.clone(),
            f.intake_form.clone(),
            f.intake_link.clone(),
            f.service.clone(),
            f.room.clone(),
            b.owner.staff_id.to_string(),
            b.therapist.staff_id.to_string(),
            b.front_desk.staff_id.to_string(),
            b.owner.email.clone(),
        ]
    }
}

fn allowed_roles(op: &Op) -> Option<Vec<Role>> {
    access(&op.id).map(|rule| rule.roles().to_vec())
}

fn body_text(answer: &Answer) -> String {
    String::from_utf8_lossy(&answer.body).into_owned()
}

/// Checks one operation in a world of its own; returns the failures.
async fn check(op: Op) -> Vec<String> {
    let mut failures = Vec::new();
    let Some(roles) = allowed_roles(&op) else {
        return vec![format!("{} is missing from the access table", op.id)];
    };
    if matches!(access(&op.id), Some(Access::Public)) {
        return failures;
    }
    let world = World::new().await;
    let has_id = op.path.contains('{');
    // (a) tenant isolation, every role, before anything mutates. An operation without an id
    // addresses only the caller's own practice; its reads are checked for leaks (its writes
    // would change the caller's own account before the role checks below).
    let tenant_roles: &[Role] = if has_id || op.method == "GET" { &Role::ALL } else { &[] };
    for &role in tenant_roles {
        let answer = world.call(&op, role, &world.a, &world.b).await;
        let text = body_text(&answer);
        if has_id && answer.status != 404 {
            failures.push(format!(
                "{} as A's {}: B's id answered {} (expected 404)",
                op.id,
                role.as_str(),
                answer.status
            ));
        }
        for secret in world.b_secrets() {
            if text.contains(&secret) {
                failures.push(format!("{} as A's {}: B's {secret} leaked", op.id, role.as_str()));
            }
        }
    }
    for key in world.a_keys.iter().filter(|_| has_id || op.method == "GET") {
        let answer = world.call_key(&op, key, &world.b, false).await;
        let text = body_text(&answer);
        if has_id && answer.status != 404 {
            failures.push(format!(
                "{} as A's {:?} key: B's id answered {} (expected 404)",
                op.id, key.scope, answer.status
            ));
        }
        for secret in world.b_secrets() {
            if text.contains(&secret) {
                failures.push(format!("{} as A's {:?} key: B's {secret} leaked", op.id, key.scope));
            }
        }
    }
    for key in world.a_keys.iter().filter(|_| has_id) {
        let answer = world.call_key(&op, key, &world.a, true).await;
        if answer.status != 404 {
            failures.push(format!(
                "{} as a {:?} key: a missing id answered {} (expected 404)",
                op.id, key.scope, answer.status
            ));
        }
    }
    // (a') 404 before 403: an id that exists nowhere answers 404 to every role, those the
    // table forbids included, as another practice's id does (`Caller::authorise_item`).
    for role in Role::ALL.into_iter().filter(|_| has_id) {
        let answer = world.call_missing(&op, role).await;
        if answer.status != 404 {
            failures.push(format!(
                "{} as {}: a missing id answered {} (expected 404)",
                op.id,
                role.as_str(),
                answer.status
            ));
        }
    }
    if has_id {
        let role = roles[0];
        let answer = world.call(&op, role, &world.b, &world.b).await;
        if !answer.status.is_success() {
            failures.push(format!(
                "{} positive control: B's {} on B's id answered {}: {}",
                op.id,
                role.as_str(),
                answer.status,
                body_text(&answer)
            ));
        }
    }
    // (b) roles: non-owners first, so an owner's change cannot hide a wrong answer; then keys.
    for role in [Role::FrontDesk, Role::Therapist] {
        check_role(&world, &op, role, &roles, &mut failures).await;
    }
    for key in &world.a_keys {
        let answer = world.call_key(&op, key, &world.a, false).await;
        let expected_allowed = key_allows(&op.id, op.method == "GET", key.scope) == Some(true);
        let ok = if expected_allowed {
            answer.status.is_success()
        } else {
            answer.status == 403
        };
        if !ok {
            failures.push(format!(
                "{} as a {:?} key: answered {} (table says {}): {}",
                op.id,
                key.scope,
                answer.status,
                if expected_allowed { "allowed" } else { "forbidden" },
                body_text(&answer)
            ));
        }
    }
    check_role(&world, &op, Role::Owner, &roles, &mut failures).await;
    failures
}

/// One role's call of `op` in its own practice, against the table.
async fn check_role(world: &World, op: &Op, role: Role, roles: &[Role], failures: &mut Vec<String>) {
    {
        let answer = world.call(op, role, &world.a, &world.a).await;
        let expected_allowed = roles.contains(&role);
        let ok = if expected_allowed {
            answer.status.is_success()
        } else {
            answer.status == 403
        };
        if !ok {
            failures.push(format!(
                "{} as {}: answered {} (table says {}): {}",
                op.id,
                role.as_str(),
                answer.status,
                if expected_allowed { "allowed" } else { "forbidden" },
                body_text(&answer)
            ));
        }
    }
}

#[actix_rt::test]
async fn every_operation_obeys_the_tenant_and_role_matrices() {
    let ops = operations();
    assert!(ops.len() >= 45, "the spec lists {} operations", ops.len());
    let results: Vec<Vec<String>> = futures_util::stream::iter(ops.into_iter().map(check))
        .buffer_unordered(3)
        .collect()
        .await;
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} matrix failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A public intake page is a clinical read on behalf of whoever created the link: for every
/// role, the link it creates carries the client's intake as prefill exactly when the access
/// table lets that role read intake forms itself (the front desk's link: no clinical field).
#[actix_rt::test]
async fn a_link_shows_clinical_prefill_only_to_roles_that_may_read_it() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("linkmatrix").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    app.add_intake_form(practice.id, client).await;
    let clinical = "chief_complaint pain_areas conditions medical_history medications contraindications goals";
    let mut failures = Vec::new();
    for role in Role::ALL {
        let path = format!("/v1/clients/{client}/intake-links");
        let created = app.as_account(practice.account(role)).post(&path, &json!({})).await;
        let token = created.json()["token"].as_str().expect("token").to_owned();
        let page = app.client().get(&format!("/v1/public/intake/{token}")).await;
        assert_eq!(page.status, 200, "{}", body_text(&page));
        let prefill = &page.json()["prefill"];
        let may_read = access("get_intake_form").is_some_and(|rule| rule.roles().contains(&role));
        let shown: Vec<&str> = clinical
            .split(' ')
            .filter(|key| !(prefill[*key].is_null() || prefill[*key].as_array().is_some_and(Vec::is_empty)))
            .collect();
        // The seeded intake fills five of the seven fields.
        if may_read != (shown.len() == 5) || (!may_read && !shown.is_empty()) {
            failures.push(format!("{}'s link shows {shown:?}", role.as_str()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
