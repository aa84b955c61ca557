//! The tenant and role matrices, generated from the committed spec: every operation must be in
//! the access table; with practice A's tokens, practice B's ids answer 404 and no B data leaks
//! (B's own token on the same ids works: the positive control), and so do ids that exist
//! nowhere, whatever the role; every role gets exactly what the table grants (403 otherwise).
//! API keys are principals here too: read and read-write, clinical or not, each checked for
//! tenant isolation and against `key_allows` (the function the spec's `api_key` security is
//! generated from).

use futures_util::StreamExt;
use knead_api::auth::totp;
use knead_domain::Role;
use knead_domain::access::{Access, KeyScope, access, key_allows};
use knead_tests::api_key_seed::SeededKey;
use knead_tests::seed::Practice;
use knead_tests::{Answer, TestApp};
use serde_json::json;

use knead_tests::matrix_fixtures::{Fixtures, body_for, path_for};
use knead_tests::spec::SpecOp as Op;

fn operations() -> Vec<Op> {
    knead_tests::spec::operations()
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
        if op.id == "import_clients" {
            return client.raw(&op.method, &path, Some("text/csv"), import_csv()).await;
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
        if op.id == "import_clients" {
            return client.raw(&op.method, path, Some("text/csv"), import_csv()).await;
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
    // A practice resource's id; `{intent}` (an email template) names one of a fixed list that
    // every practice has, so it has no other practice's id to check.
    let has_id = op.path.contains("{id}");
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

/// The operations are checked in four parts, each a test of its own, so that a runner that
/// runs tests side by side (cargo nextest) spreads them; together they check every operation.
const PARTS: usize = 4;

async fn operations_obey_the_matrices(part: usize) {
    let ops = operations();
    assert!(ops.len() >= 45, "the spec lists {} operations", ops.len());
    let mine = ops.into_iter().enumerate().filter(|(i, _)| i % PARTS == part);
    let results: Vec<Vec<String>> = futures_util::stream::iter(mine.map(|(_, op)| check(op)))
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

#[actix_rt::test]
async fn every_operation_obeys_the_tenant_and_role_matrices_part_1() {
    operations_obey_the_matrices(0).await;
}

#[actix_rt::test]
async fn every_operation_obeys_the_tenant_and_role_matrices_part_2() {
    operations_obey_the_matrices(1).await;
}

#[actix_rt::test]
async fn every_operation_obeys_the_tenant_and_role_matrices_part_3() {
    operations_obey_the_matrices(2).await;
}

#[actix_rt::test]
async fn every_operation_obeys_the_tenant_and_role_matrices_part_4() {
    operations_obey_the_matrices(3).await;
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

/// A one-row client import (its own content type, text/csv), a new email each call.
fn import_csv() -> Vec<u8> {
    format!("name,email\nNew Client,{}@import.test\n", uuid::Uuid::now_v7().simple()).into_bytes()
}
