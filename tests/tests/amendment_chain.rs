//! Amendments are inside the tamper evidence: each is chained over the previous hash (the
//! note's own for the first), and the note's chain head counts them. An edited or deleted
//! amendment (superuser, triggers off) is reported by `GET /v1/session-notes/{id}/verify`
//! and by `knead notes verify` (its library function), naming the note.

use diesel_async::SimpleAsyncConnection;
use knead_tests::TestApp;
use knead_tests::seed::{Practice, note_body};
use serde_json::json;

/// A signed note with two amendments: (location, note id, second amendment id).
async fn amended_note(app: &TestApp, practice: &Practice) -> (String, String, String) {
    let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
    let therapist = app.as_account(&practice.therapist);
    let created = therapist.post("/v1/session-notes", &note_body(&client)).await;
    let location = created.header("location").expect("Location").to_owned();
    assert_eq!(
        therapist.post(&format!("{location}/sign"), &json!({})).await.status,
        200
    );
    let mut last = String::new();
    for (reason, body) in [
        ("Wrong side", "Right calf, not left."),
        ("Duration", "It was 50 minutes."),
    ] {
        let amended = therapist
            .post(
                &format!("{location}/amendments"),
                &json!({"reason": reason, "body": body}),
            )
            .await;
        assert_eq!(amended.status, 201, "{}", String::from_utf8_lossy(&amended.body));
        last = amended.json()["id"].as_str().expect("id").to_owned();
    }
    let id = location.rsplit('/').next().expect("id").to_owned();
    (location, id, last)
}

async fn tamper(app: &TestApp, sql: &str) {
    let mut superuser = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    superuser
        .batch_execute(&format!("SET session_replication_role = replica; {sql}"))
        .await
        .expect("superuser change");
}

async fn broken_notes(app: &TestApp) -> Vec<String> {
    let mut conn = knead_persistence::connect(&app.db.url).await.expect("connect");
    let (checked, broken) = knead_api::admin::verify_signed_notes(&mut conn)
        .await
        .expect("verify all");
    assert_eq!(checked, 1);
    broken.iter().map(|b| b.1.to_string()).collect()
}

#[actix_rt::test]
async fn an_untouched_chain_verifies() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("chainok").await;
    let (location, _, _) = amended_note(&app, &practice).await;
    let verdict = app
        .as_account(&practice.therapist)
        .get(&format!("{location}/verify"))
        .await;
    assert_eq!(
        verdict.json()["valid"],
        true,
        "{}",
        String::from_utf8_lossy(&verdict.body)
    );
    assert!(broken_notes(&app).await.is_empty());
}

#[actix_rt::test]
async fn an_edited_amendment_breaks_the_chain() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("chainedit").await;
    let (location, id, _) = amended_note(&app, &practice).await;
    tamper(
        &app,
        &format!("UPDATE session_note_amendments SET body = 'Left calf after all.' WHERE note_id = '{id}' AND reason = 'Wrong side'"),
    )
    .await;
    let verdict = app
        .as_account(&practice.therapist)
        .get(&format!("{location}/verify"))
        .await
        .json();
    assert_eq!(verdict["valid"], false, "{verdict}");
    assert_eq!(broken_notes(&app).await, vec![id]);
}

#[actix_rt::test]
async fn a_deleted_amendment_breaks_the_chain() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("chaindelete").await;
    let (location, id, last) = amended_note(&app, &practice).await;
    tamper(
        &app,
        &format!("DELETE FROM session_note_amendments WHERE id = '{last}'"),
    )
    .await;
    let verdict = app
        .as_account(&practice.therapist)
        .get(&format!("{location}/verify"))
        .await
        .json();
    assert_eq!(verdict["valid"], false, "{verdict}");
    assert_eq!(broken_notes(&app).await, vec![id]);
}

/// Notes signed before amendments were chained have no links and no head: the one-time step
/// run after migrating seals them with the same hashing, after which edits are caught; until
/// then they are reported as unverifiable, not as intact.
#[actix_rt::test]
async fn notes_from_before_the_chain_are_sealed_once() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("chainlegacy").await;
    let (location, id, _) = amended_note(&app, &practice).await;
    tamper(
        &app,
        &format!(
            "DELETE FROM session_note_amendment_links WHERE note_id = '{id}'; \
             DELETE FROM session_note_chain_heads WHERE note_id = '{id}'"
        ),
    )
    .await;
    assert_eq!(
        broken_notes(&app).await,
        vec![id.clone()],
        "an unsealed note is not intact"
    );

    let mut conn = app.pool.get().await.expect("connection");
    assert_eq!(
        knead_persistence::notes::seal_unchained(&mut conn).await.expect("seal"),
        1
    );
    assert_eq!(
        knead_persistence::notes::seal_unchained(&mut conn).await.expect("seal"),
        0
    );
    drop(conn);
    let therapist = app.as_account(&practice.therapist);
    assert_eq!(therapist.get(&format!("{location}/verify")).await.json()["valid"], true);
    let amended = therapist
        .post(
            &format!("{location}/amendments"),
            &json!({"reason": "Third", "body": "And a third."}),
        )
        .await;
    assert_eq!(amended.status, 201);
    assert!(broken_notes(&app).await.is_empty());

    tamper(
        &app,
        &format!("UPDATE session_note_amendments SET reason = 'Other' WHERE note_id = '{id}' AND reason = 'Duration'"),
    )
    .await;
    assert_eq!(broken_notes(&app).await, vec![id]);
}
