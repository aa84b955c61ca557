//! The role the app connects as (`knead_app`) holds only the DML it needs: it cannot disable
//! the triggers that keep signed notes and the audit log immutable, change or delete audit
//! events, amendments and activity entries, truncate, create or alter tables, or leave the
//! replication role that enforces triggers. The rest of the suite runs the app as this role end to end.

use diesel_async::SimpleAsyncConnection;
use knead_tests::TestApp;

#[actix_rt::test]
async fn the_app_role_cannot_undo_what_keeps_records_immutable() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("leastpriv").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let note = app
        .add_session_note(practice.id, client.0, practice.therapist.staff_id, true)
        .await;
    let forms = app
        .as_account(&practice.therapist)
        .get(&format!("/v1/clients/{client}/intake-forms"))
        .await;
    assert_eq!(
        forms.status, 200,
        "a clinical read as the app role writes its audit event"
    );

    let mut superuser = knead_persistence::admin::connect(&app.db.url).await.expect("superuser");
    superuser
        .batch_execute("SELECT 1 FROM audit_events LIMIT 1")
        .await
        .expect("control: the owner reads");
    let mut role = knead_persistence::admin::connect(&app.db.app_url)
        .await
        .expect("app role");
    role.batch_execute("SELECT count(*) FROM audit_events")
        .await
        .expect("the app role reads");
    role.batch_execute("SELECT count(*) FROM activity")
        .await
        .expect("the app role reads the activity log");

    let refused = [
        "ALTER TABLE session_notes DISABLE TRIGGER ALL",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "SET session_replication_role = replica",
        "UPDATE audit_events SET outcome = 'success'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "TRUNCATE clients CASCADE",
        "UPDATE session_note_amendments SET body = 'changed'",
        "DELETE FROM session_note_amendments",
        "UPDATE session_note_amendment_links SET seq = seq + 1",
        "DELETE FROM session_note_amendment_links",
        // The change feed: a change once written stays, and its triggers stay on.
        "UPDATE changes SET change = 'upsert'",
        "DELETE FROM changes",
        "TRUNCATE changes",
        "ALTER TABLE races DISABLE TRIGGER races_change",
        "DROP TRIGGER bookings_change ON bookings",
        // The events outbox likewise: an event once written stays, and its triggers stay on.
        "UPDATE events SET data = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
        "ALTER TABLE bookings DISABLE TRIGGER bookings_event",
        "DROP TRIGGER clients_event ON clients",
        // The activity log likewise: who wrote what stays written, and its triggers stay on.
        "UPDATE activity SET actor_kind = 'system'",
        "DELETE FROM activity",
        "TRUNCATE activity",
        "ALTER TABLE bookings DISABLE TRIGGER bookings_activity",
        "DROP TRIGGER staff_activity ON staff",
        "CREATE TABLE stolen (id int)",
        "ALTER TABLE clients ADD COLUMN stolen text",
        "DROP TABLE clients CASCADE",
        "CREATE ROLE intruder",
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('99999999999999')",
    ];
    for sql in refused {
        let err = role
            .batch_execute(sql)
            .await
            .expect_err(&format!("the app role may not: {sql}"));
        let message = err.to_string();
        assert!(
            message.contains("permission denied") || message.contains("must be owner"),
            "{sql}: refused for another reason: {message}"
        );
    }
    // The signed note is as it was, and its trigger still refuses a change from the app role.
    let err = role
        .batch_execute(&format!(
            "UPDATE session_notes SET subjective = 'x' WHERE id = '{note}'"
        ))
        .await
        .expect_err("a signed note never changes");
    assert!(err.to_string().contains("signed"), "{err}");
    let verified = app
        .as_account(&practice.therapist)
        .get(&format!("/v1/session-notes/{note}/verify"))
        .await
        .json();
    assert_eq!(verified["valid"], true, "{verified}");
}
