//! With 500,000 notes, the technique filter and the outcome report are served by indexes: the
//! report's whole months by its totals' key, a month its dates cut by the notes' date index.

use diesel_async::SimpleAsyncConnection;
use knead_domain::{ClientId, Technique};
use knead_persistence::explain::explain;
use knead_tests::TestApp;

#[actix_rt::test]
async fn technique_filter_and_report_use_indexes_at_500k_notes() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("manynotes").await;
    let clients: Vec<ClientId> = {
        let mut ids = Vec::new();
        for i in 0..50 {
            ids.push(app.add_client(practice.id, "Runner", &format!("Number {i}")).await);
        }
        ids
    };
    let client_array = clients
        .iter()
        .map(|c| format!("'{c}'::uuid"))
        .collect::<Vec<_>>()
        .join(",");
    let (p, author) = (practice.id, practice.therapist.staff_id);
    let techniques = Technique::ALL
        .iter()
        .map(|t| format!("'{}'", t.as_str()))
        .collect::<Vec<_>>()
        .join(",");
    let mut conn = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    conn.batch_execute(&format!(
        "SET session_replication_role = replica;
         INSERT INTO session_notes (practice_id, id, client_id, therapist_id, session_date, duration_minutes, status, signed_at, content_hash)
         SELECT '{p}', gen_random_uuid(), (ARRAY[{client_array}])[1 + i % 50], '{author}',
                DATE '2024-01-01' + (i % 1000), 60, 'signed', now(), '\\x00'
         FROM generate_series(1, 500000) AS i;
         INSERT INTO session_note_techniques (practice_id, note_id, position, technique, region, side, minutes, pressure)
         SELECT practice_id, id, 0, (ARRAY[{techniques}])[1 + abs(hashtext(id::text)) % 13], 'calf', 'left', 30, 'firm'
         FROM session_notes;
         INSERT INTO session_note_pain (practice_id, note_id, region, side, before, after)
         SELECT practice_id, id, 'calf', 'left', 6, 3 FROM session_notes;
         INSERT INTO outcome_totals (practice_id, month, region, technique, client_id, sessions,
                                     first_region_sessions, measurements, sum_before, sum_after)
         SELECT n.practice_id, date_trunc('month', n.session_date)::date, 'calf', t.technique, n.client_id,
                count(*), count(*), count(*), 6 * count(*), 3 * count(*)
         FROM session_notes n JOIN session_note_techniques t ON t.practice_id = n.practice_id AND t.note_id = n.id
         GROUP BY 1, 2, 3, 4, 5;
         SET session_replication_role = origin;
         ANALYZE session_notes; ANALYZE session_note_techniques; ANALYZE session_note_pain; ANALYZE outcome_totals;"
    ))
    .await
    .expect("seed 500k notes");

    let mut pg = app.pool.get().await.expect("connection");
    let filter = knead_persistence::notes::NoteFilter {
        technique: Some(Technique::Cupping),
        ..Default::default()
    };
    let plan = knead_persistence::notes::explain_list(&mut pg, p, &filter, 51)
        .await
        .expect("explain list");
    let used = knead_tests::plan_indexes(&plan);
    // With LIMIT 51 PostgreSQL may walk the date index and probe each note's techniques by key,
    // or start from the technique index: either way an index, and no sequential scan.
    assert!(
        used.iter().any(|i| i.starts_with("session_note_techniques_")),
        "technique filter used {used:?}:\n{plan:#}"
    );
    assert!(
        !plan.to_string().contains("Seq Scan"),
        "a sequential scan in:\n{plan:#}"
    );

    // A whole month of one region: its totals, through their key, and no note at all.
    let region = Some(knead_domain::clinical::BodyRegion::Calf);
    let month = knead_persistence::notes::OutcomeFilter {
        region,
        from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2025, 2, 1),
    };
    let report = explain(&mut pg, knead_persistence::notes::outcomes::outcomes_query(p, month))
        .await
        .expect("explain report");
    let used = knead_tests::plan_indexes(&report);
    assert!(
        used.iter().any(|i| i == "outcome_totals_pkey"),
        "the report used {used:?}:\n{report:#}"
    );
    assert!(
        !report.to_string().contains("session_note"),
        "a whole month read notes:\n{report:#}"
    );
    // Dates that cut January and March: February from the totals, the cut parts (about 2% of
    // the notes) through the date index.
    let cut = knead_persistence::notes::OutcomeFilter {
        from: chrono::NaiveDate::from_ymd_opt(2025, 1, 20),
        to: chrono::NaiveDate::from_ymd_opt(2025, 3, 5),
        ..month
    };
    let report = explain(&mut pg, knead_persistence::notes::outcomes::outcomes_query(p, cut))
        .await
        .expect("explain report");
    let used = knead_tests::plan_indexes(&report);
    assert!(
        used.iter().any(|i| i == "outcome_totals_pkey") && used.iter().any(|i| i == "session_notes_date_idx"),
        "the report used {used:?}:\n{report:#}"
    );
}
