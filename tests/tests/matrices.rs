//! The tenant and role matrices, generated from the committed spec: every operation must be in
//! the access table; with practice A's tokens, practice B's ids answer 404 and no B data leaks
//! (B's own token on the same ids works: the positive control); every role gets exactly what
//! the table grants (403 otherwise).

use futures_util::StreamExt;
use knead_domain::Role;
use knead_domain::access::{Access, access};
use knead_tests::seed::{PASSWORD, Practice};
use knead_tests::{Answer, TestApp, workspace_root};
use serde_json::{Value, json};

/// One operation of the spec.
#[derive(Debug, Clone)]
struct Op {
    id: String,
    method: String,
    path: String,
}

fn operations() -> Vec<Op> {
    let raw = std::fs::read_to_string(workspace_root().join("openapi/openapi.json")).expect("spec");
    let spec: Value = serde_json::from_str(&raw).expect("spec JSON");
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if let Some(id) = op["operationId"].as_str() {
                ops.push(Op {
                    id: id.to_owned(),
                    method: method.to_uppercase(),
                    path: path.clone(),
                });
            }
        }
    }
    ops
}

/// The id that fills `{id}` for this path, in `practice`. A new kind of path needs a line here.
fn path_for(op: &Op, practice: &Practice, spare: &str) -> String {
    if !op.path.contains('{') {
        return op.path.clone();
    }
    let id = match op.path.as_str() {
        p if p.starts_with("/v1/staff/{id}") => spare.to_owned(),
        other => panic!("no fixture id for {other}: add one to tests/tests/matrices.rs"),
    };
    let _ = practice;
    op.path.replace("{id}", &id)
}

/// A valid body for each operation that takes one. A new operation with a body needs a line here.
fn body_for(op: &Op, role: Role) -> Option<Value> {
    let unique = uuid::Uuid::now_v7().simple().to_string();
    match op.id.as_str() {
        "update_practice" => Some(json!({"name": "Renamed Practice"})),
        "create_staff" => Some(
            json!({"email": format!("{unique}@matrix.test"), "display_name": "New", "role": "front_desk"}),
        ),
        "update_staff" => Some(json!({"display_name": format!("Renamed {}", role.as_str())})),
        "deactivate_staff" => Some(json!({})),
        "create_staff_link" => Some(json!({"purpose": "password_reset"})),
        "change_my_password" => Some(
            json!({"current_password": PASSWORD, "new_password": format!("new passphrase {unique}")}),
        ),
        _ if op.method == "GET" => None,
        other => panic!("no fixture body for {other}: add one to tests/tests/matrices.rs"),
    }
}

struct World {
    app: TestApp,
    a: Practice,
    b: Practice,
    a_spare: String,
    b_spare: String,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let a = app.seed_practice("alpha").await;
        let b = app.seed_practice("bravo").await;
        let a_spare = app
            .add_staff(a.id, "spare@alpha.test", Role::Therapist)
            .await
            .to_string();
        let b_spare = app
            .add_staff(b.id, "spare@bravo.test", Role::Therapist)
            .await
            .to_string();
        Self {
            app,
            a,
            b,
            a_spare,
            b_spare,
        }
    }

    /// Calls `op` as `role` of `caller` against `target`'s resources.
    async fn call(&self, op: &Op, role: Role, caller: &Practice, target: &Practice) -> Answer {
        let spare = if target.id == self.a.id {
            &self.a_spare
        } else {
            &self.b_spare
        };
        let path = path_for(op, target, spare);
        let account = caller.account(role);
        let mut client = self.app.as_account(account);
        if op.method == "PATCH" || op.method == "PUT" {
            // The current ETag, as the target practice's owner reads it (a stale one would 412).
            let read_path = if path.starts_with("/v1/staff/") {
                path.clone()
            } else {
                "/v1/practice".into()
            };
            let current = self.app.as_account(&target.owner).get(&read_path).await;
            client = client.with_header("If-Match", current.header("etag").unwrap_or("\"v0\""));
        }
        match body_for(op, role) {
            Some(body) => client.send_json(&op.method, &path, &body).await,
            None => client.raw(&op.method, &path, None, Vec::new()).await,
        }
    }

    /// Strings that belong to practice B and must never reach A.
    fn b_secrets(&self) -> Vec<String> {
        let b = &self.b;
        vec![
            b.id.to_string(),
            b.slug.clone(),
            self.b_spare.clone(),
            b.owner.staff_id.to_string(),
            b.therapist.staff_id.to_string(),
            b.front_desk.staff_id.to_string(),
            b.owner.email.clone(),
        ]
    }
}

fn allowed_roles(op: &Op) -> Option<Vec<Role>> {
    match access(&op.id)? {
        Access::Public => Some(Vec::new()),
        Access::Roles(roles) => Some(roles.to_vec()),
    }
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
    let tenant_roles: &[Role] = if has_id || op.method == "GET" {
        &Role::ALL
    } else {
        &[]
    };
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
                failures.push(format!(
                    "{} as A's {}: B's {secret} leaked",
                    op.id,
                    role.as_str()
                ));
            }
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
    // (b) roles: non-owners first, so an owner's change cannot hide a wrong answer.
    for role in [Role::FrontDesk, Role::Therapist, Role::Owner] {
        let answer = world.call(&op, role, &world.a, &world.a).await;
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
                if expected_allowed {
                    "allowed"
                } else {
                    "forbidden"
                },
                body_text(&answer)
            ));
        }
    }
    failures
}

#[actix_rt::test]
async fn every_operation_obeys_the_tenant_and_role_matrices() {
    let ops = operations();
    assert!(ops.len() >= 17, "the spec lists {} operations", ops.len());
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
