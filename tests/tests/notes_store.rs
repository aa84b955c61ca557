//! Session notes at the repository level: draft → edit → sign → edits refused (by the
//! repository and by the database) → amend → verify; a superuser's edit with triggers off
//! makes verification fail.

use diesel_async::SimpleAsyncConnection;
use knead_domain::Technique;
use knead_domain::client::PressurePreference;
use knead_domain::clinical::{BodyRegion, PainIntensity, Side};
use knead_domain::notes::{HomeCare, HomeCareKind, NoteContent, PainChange, RegionSide, TechniqueApplied};
use knead_persistence::notes::{self, NoteStatus};
use knead_persistence::{StoreError, admin};
use knead_tests::TestApp;

fn content(minutes: u16) -> NoteContent {
    NoteContent {
        session_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 18).expect("date"),
        duration_minutes: 60,
        subjective: Some("Left heel sore on first steps, better after 10 min".into()),
        objective: Some("Taut band medial gastrocnemius; tender plantar fascia insertion".into()),
        assessment: Some("Plantar fasciopathy with calf tightness".into()),
        plan: Some("Two more sessions, reassess".into()),
        techniques: vec![
            TechniqueApplied {
                technique: Technique::TriggerPoint,
                regions: vec![
                    RegionSide {
                        region: BodyRegion::Calf,
                        side: Side::Left,
                    },
                    RegionSide {
                        region: BodyRegion::AchillesTendon,
                        side: Side::Left,
                    },
                ],
                minutes,
                pressure: PressurePreference::Firm,
            },
            TechniqueApplied {
                technique: Technique::MyofascialRelease,
                regions: vec![RegionSide {
                    region: BodyRegion::PlantarFascia,
                    side: Side::Left,
                }],
                minutes: 20,
                pressure: PressurePreference::Medium,
            },
        ],
        pain: vec![PainChange {
            region: BodyRegion::PlantarFascia,
            side: Side::Left,
            before: PainIntensity::new(6).expect("pain"),
            after: PainIntensity::new(3).expect("pain"),
        }],
        home_care: vec![HomeCare {
            kind: HomeCareKind::BallRelease,
            details: Some("2 min each morning".into()),
        }],
        next_visit_in_days: Some(14),
    }
}

#[actix_rt::test]
async fn a_note_is_drafted_signed_protected_amended_and_verified() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("notes").await;
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let mut conn = app.pool.get().await.expect("connection");
    let (p, author) = (practice.id, practice.therapist.staff_id);
    let now = app.clock.now();

    let draft = notes::insert_draft(&mut conn, p, client, author, None, content(30), now)
        .await
        .expect("draft");
    assert_eq!(draft.status, NoteStatus::Draft);
    assert_eq!(draft.content.techniques[0].regions.len(), 2);
    assert_eq!(notes::verify(&draft).expect("verify"), None);

    let stale = notes::update_draft(&mut conn, p, draft.id, Some(draft.version + 5), None, content(35), now).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    let edited = notes::update_draft(&mut conn, p, draft.id, Some(draft.version), None, content(35), now)
        .await
        .expect("edit");
    assert_eq!(edited.content.techniques[0].minutes, 35);
    assert_eq!(edited.content.pain[0].after.get(), 3);

    let signed = notes::sign(&mut conn, p, draft.id, Some(edited.version), now)
        .await
        .expect("sign");
    assert!(matches!(signed.status, NoteStatus::Signed { .. }));
    assert_eq!(notes::verify(&signed).expect("verify"), Some(true));

    let refused = notes::update_draft(&mut conn, p, draft.id, None, None, content(40), now).await;
    assert!(matches!(refused, Err(StoreError::Conflict { .. })), "{refused:?}");
    assert!(matches!(
        notes::sign(&mut conn, p, draft.id, None, now).await,
        Err(StoreError::Conflict { .. })
    ));
    for sql in [
        format!("UPDATE session_notes SET plan = 'rewritten' WHERE id = '{}'", draft.id),
        format!("DELETE FROM session_notes WHERE id = '{}'", draft.id),
        format!("UPDATE session_note_pain SET after = 0 WHERE note_id = '{}'", draft.id),
        format!("DELETE FROM session_note_techniques WHERE note_id = '{}'", draft.id),
    ] {
        assert!(conn.batch_execute(&sql).await.is_err(), "the database allowed: {sql}");
    }

    let amendment = notes::amend(
        &mut conn,
        p,
        draft.id,
        author,
        "Wrong side recorded",
        "Pain was right heel, not left.",
        now,
    )
    .await
    .expect("amend");
    let read = notes::find(&mut conn, p, draft.id).await.expect("read");
    assert_eq!(read.amendments, vec![amendment.clone()]);
    assert_eq!(notes::verify(&read).expect("verify"), Some(true));
    let amendment_sql = format!(
        "UPDATE session_note_amendments SET body = 'x' WHERE id = '{}'",
        amendment.id
    );
    assert!(
        conn.batch_execute(&amendment_sql).await.is_err(),
        "amendments are append-only"
    );

    // Someone with database access edits the note with triggers off: verification notices.
    let mut superuser = admin::connect(&app.db.url).await.expect("connect");
    superuser
        .batch_execute(&format!(
            "SET session_replication_role = replica; UPDATE session_note_pain SET after = 1 WHERE note_id = '{}'",
            draft.id
        ))
        .await
        .expect("superuser edit");
    let tampered = notes::find(&mut conn, p, draft.id).await.expect("read");
    assert_eq!(notes::verify(&tampered).expect("verify"), Some(false));

    // A draft is edited, not amended.
    let other = notes::insert_draft(&mut conn, p, client, author, None, content(10), now)
        .await
        .expect("draft");
    let early = notes::amend(&mut conn, p, other.id, author, "x", "y", now).await;
    assert!(matches!(early, Err(StoreError::Conflict { .. })));
}
