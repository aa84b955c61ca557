//! 404 before 403 (`Caller::authorise_item`): an id of another practice and an id that does not
//! exist answer the same 404 whatever the role, so no id tells what another practice holds;
//! only an item of the caller's own practice earns a 403 from a role that may not read it.
//! The matrices check every operation for the statuses; these spell the rule out for the
//! clinical reads the front desk is refused, and check that the two 404s cannot be told apart.

use knead_domain::Role;
use knead_tests::TestApp;
use serde_json::Value;
use uuid::Uuid;

/// The parts of a problem that describe it (not `instance`, which echoes the path).
fn described(problem: &Value) -> Value {
    serde_json::json!([problem["status"], problem["type"], problem["title"], problem["detail"]])
}

#[actix_rt::test]
async fn the_front_desk_gets_404_for_missing_and_foreign_clinical_items_and_403_for_its_own() {
    let app = TestApp::spawn().await;
    let a = app.seed_practice("order-a").await;
    let b = app.seed_practice("order-b").await;
    let (a_client, b_client) = (
        app.add_client(a.id, "Casey", "Runner").await.0,
        app.add_client(b.id, "Robin", "Miler").await.0,
    );
    let a_note = app.add_session_note(a.id, a_client, a.therapist.staff_id, true).await;
    let b_note = app.add_session_note(b.id, b_client, b.therapist.staff_id, true).await;
    let a_form = app.add_intake_form(a.id, knead_domain::ClientId(a_client)).await;
    let b_form = app.add_intake_form(b.id, knead_domain::ClientId(b_client)).await;
    let cases = [
        ("/v1/session-notes/{id}", a_note, b_note),
        ("/v1/session-notes/{id}/verify", a_note, b_note),
        ("/v1/intake-forms/{id}", a_form, b_form),
        ("/v1/clients/{id}/intake-forms", a_client, b_client),
        ("/v1/clients/{id}/pain-trend", a_client, b_client),
    ];
    let desk = app.as_account(a.account(Role::FrontDesk));
    let therapist = app.as_account(a.account(Role::Therapist));
    for (path, own, foreign) in cases {
        let at = |id: Uuid| path.replace("{id}", &id.to_string());
        let forbidden = desk.get(&at(own)).await.problem(403);
        let missing = desk.get(&at(Uuid::new_v4())).await.problem(404);
        let elsewhere = desk.get(&at(foreign)).await.problem(404);
        assert_eq!(described(&missing), described(&elsewhere), "{path}");
        assert_ne!(described(&forbidden), described(&missing), "{path}");
        // Control: the same item is there for a role that may read it.
        let read = therapist.get(&at(own)).await;
        assert_eq!(
            read.status.as_u16(),
            200,
            "{path}: {}",
            String::from_utf8_lossy(&read.body)
        );
    }
}

/// The same order for API keys: a key without clinical scope gets 404 for missing and foreign
/// items, 403 for its own practice's, exactly as the front desk does; a clinical key reads.
#[actix_rt::test]
async fn a_non_clinical_key_gets_404_before_403_like_the_front_desk() {
    use knead_domain::access::KeyScope;
    let app = TestApp::spawn().await;
    let a = app.seed_practice("keyorder-a").await;
    let b = app.seed_practice("keyorder-b").await;
    let (a_client, b_client) = (
        app.add_client(a.id, "Casey", "Runner").await.0,
        app.add_client(b.id, "Robin", "Miler").await.0,
    );
    let a_note = app.add_session_note(a.id, a_client, a.therapist.staff_id, true).await;
    let b_note = app.add_session_note(b.id, b_client, b.therapist.staff_id, true).await;
    let plain = app
        .add_api_key(
            &a,
            KeyScope {
                write: true,
                clinical: false,
            },
        )
        .await;
    let clinical = app
        .add_api_key(
            &a,
            KeyScope {
                write: false,
                clinical: true,
            },
        )
        .await;
    let at = |id: Uuid| format!("/v1/session-notes/{id}");
    let forbidden = app.as_key(&plain).get(&at(a_note)).await.problem(403);
    let missing = app.as_key(&plain).get(&at(Uuid::new_v4())).await.problem(404);
    let elsewhere = app.as_key(&plain).get(&at(b_note)).await.problem(404);
    assert_eq!(described(&missing), described(&elsewhere));
    assert_ne!(described(&forbidden), described(&missing));
    assert_eq!(app.as_key(&clinical).get(&at(a_note)).await.status.as_u16(), 200);
    app.as_key(&clinical).get(&at(b_note)).await.problem(404);
}
