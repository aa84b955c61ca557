//! Session notes over HTTP: the lifecycle, author-only edits, clinical access and audit, the
//! outcome report against numbers worked out by hand, and the pain trend.

use knead_tests::TestApp;
use knead_tests::seed::{Practice, note_body};
use serde_json::{Value, json};

async fn client(app: &TestApp, practice: &Practice) -> String {
    app.add_client(practice.id, "Alex", "Rivera").await.to_string()
}

#[actix_rt::test]
async fn the_note_lifecycle() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("lifecycle").await;
    let client = client(&app, &practice).await;
    let therapist = app.as_account(&practice.therapist);

    let created = therapist.post("/v1/session-notes", &note_body(&client)).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let location = created.header("location").expect("Location").to_owned();
    let etag = created.header("etag").expect("ETag").to_owned();
    assert_eq!(created.json()["status"], "draft");

    let mut edited = note_body(&client);
    edited["plan"] = json!("Reassess in two weeks");
    let put = |etag: String, body: Value| {
        let c = app.as_account(&practice.therapist).with_header("If-Match", &etag);
        let path = location.clone();
        async move { c.send_json("PUT", &path, &body).await }
    };
    let after_edit = put(etag.clone(), edited.clone()).await;
    assert_eq!(after_edit.status, 200);
    put(etag, edited.clone()).await.problem(412);
    // Only the author edits or signs.
    app.as_account(&practice.owner)
        .with_header("If-Match", "*")
        .send_json("PUT", &location, &edited)
        .await
        .problem(403);
    app.as_account(&practice.owner)
        .post(&format!("{location}/sign"), &json!({}))
        .await
        .problem(403);

    let signed = therapist.post(&format!("{location}/sign"), &json!({})).await;
    assert_eq!(signed.status, 200);
    assert_eq!(signed.json()["status"], "signed");
    assert_eq!(signed.json()["plan"], "Reassess in two weeks");
    put("*".into(), edited.clone()).await.problem(409);
    therapist
        .post(&format!("{location}/sign"), &json!({}))
        .await
        .problem(409);

    let id = location.rsplit('/').next().expect("id").to_owned();
    let mut conn = app.pool.get().await.expect("connection");
    let raw = diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!("UPDATE session_notes SET plan = 'x' WHERE id = '{id}'")),
        &mut conn,
    )
    .await;
    assert!(raw.is_err(), "the database let a signed note change");

    let amended = therapist
        .post(
            &format!("{location}/amendments"),
            &json!({"reason": "Wrong side", "body": "Right calf, not left."}),
        )
        .await;
    assert_eq!(amended.status, 201);
    let read = therapist.get(&location).await.json();
    assert_eq!(read["amendments"][0]["body"], "Right calf, not left.");
    assert_eq!(therapist.get(&format!("{location}/verify")).await.json()["valid"], true);

    let mut superuser = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut superuser,
        &format!(
            "SET session_replication_role = replica; UPDATE session_notes SET plan = 'rewritten' WHERE id = '{id}'"
        ),
    )
    .await
    .expect("superuser edit");
    assert_eq!(
        therapist.get(&format!("{location}/verify")).await.json()["valid"],
        false
    );
    // `knead notes verify` finds it too.
    let mut superuser = knead_persistence::Connection::from(superuser);
    let (checked, broken) = knead_api::admin::verify_signed_notes(&mut superuser)
        .await
        .expect("verify all");
    assert_eq!((checked, broken.len()), (1, 1));
    assert_eq!(broken[0].1.to_string(), id);
}

#[actix_rt::test]
async fn bad_notes_are_named_and_clinical_access_is_audited() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("badnotes").await;
    let client = client(&app, &practice).await;
    let therapist = app.as_account(&practice.therapist);
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = note_body(&client);
        edit(&mut body);
        body
    };
    let cases: Vec<(Value, &str)> = vec![
        (with(&|b| b["techniques"][0]["minutes"] = json!(50)), "/techniques"),
        (with(&|b| b["pain"][0]["after"] = json!(11)), "/pain/0/after"),
        (
            with(&|b| b["techniques"][0]["regions"][0]["region"] = json!("elbow")),
            "/techniques/0/regions/0/region",
        ),
        (
            with(&|b| b["techniques"][0]["regions"][0] = json!({"region": "neck", "side": "left"})),
            "/techniques/0/regions/0/side",
        ),
        (
            with(&|b| b["techniques"][0]["technique"] = json!("reiki")),
            "/techniques/0/technique",
        ),
        (with(&|b| b["session_date"] = json!("2999-01-01")), "/session_date"),
        (with(&|b| b["client_id"] = json!(uuid::Uuid::now_v7())), "/client_id"),
        (with(&|b| b["status"] = json!("signed")), "/status"),
    ];
    for (body, pointer) in cases {
        let pointers = therapist.post("/v1/session-notes", &body).await.pointers();
        assert!(
            pointers.iter().any(|p| p == pointer),
            "expected {pointer}, got {pointers:?}"
        );
    }
    let listed = therapist
        .get(&format!("/v1/session-notes?client_id={client}"))
        .await
        .json();
    assert_eq!(listed["items"], json!([]), "a refused note wrote something");

    let desk = app.as_account(&practice.front_desk);
    desk.post("/v1/session-notes", &note_body(&client)).await.problem(403);
    desk.get(&format!("/v1/session-notes?client_id={client}"))
        .await
        .problem(403);
    therapist
        .get(&format!("/v1/session-notes/{}", uuid::Uuid::now_v7()))
        .await
        .problem(404);
    let owner = app.as_account(&practice.owner);
    let actions = |path: String| {
        let owner = owner.clone();
        async move {
            let events = owner.get(&path).await.json();
            events["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|e| {
                    (
                        e["action"].as_str().unwrap_or("").to_owned(),
                        e["outcome"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect::<Vec<(String, String)>>()
        }
    };
    let by_desk = actions(format!(
        "/v1/audit-events?actor_id={}&limit=200",
        practice.front_desk.staff_id
    ))
    .await;
    assert!(
        by_desk.contains(&("create_session_note".into(), "denied".into())),
        "{by_desk:?}"
    );
    assert!(
        by_desk.contains(&("list_session_notes".into(), "denied".into())),
        "{by_desk:?}"
    );
    let by_therapist = actions(format!(
        "/v1/audit-events?actor_id={}&limit=200",
        practice.therapist.staff_id
    ))
    .await;
    assert!(
        by_therapist.contains(&("create_session_note".into(), "failed".into())),
        "{by_therapist:?}"
    );
    assert!(
        by_therapist.contains(&("get_session_note".into(), "not_found".into())),
        "{by_therapist:?}"
    );
    // One event per clinical call: 8 refused creates, 1 list and 1 missing note by the
    // therapist; 1 create and 1 list by the front desk.
    assert_eq!(by_therapist.len(), 10, "{by_therapist:?}");
    assert_eq!(by_desk.len(), 2, "{by_desk:?}");
}

fn note(client: &str, date: &str, techniques: Value, pain: Value) -> Value {
    json!({"client_id": client, "session_date": date, "duration_minutes": 60, "techniques": techniques, "pain": pain})
}

#[actix_rt::test]
async fn outcomes_by_technique_match_the_hand_count() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("outcomes").await;
    let (alex, bea) = (
        client(&app, &practice).await,
        app.add_client(practice.id, "Bea", "Okafor").await.to_string(),
    );
    let therapist = app.as_account(&practice.therapist);
    let tp = |region: &str, side: &str| json!({"technique": "trigger_point", "regions": [{"region": region, "side": side}], "minutes": 20, "pressure": "firm"});
    let mfr = |region: &str, side: &str| json!({"technique": "myofascial_release", "regions": [{"region": region, "side": side}], "minutes": 20, "pressure": "medium"});
    let pain = |region: &str, side: &str, before: u8, after: u8| json!({"region": region, "side": side, "before": before, "after": after});
    let seeded = [
        // Trigger point on the left calf, 6→3; MFR on the plantar fascia, 5→4.
        note(
            &alex,
            "2026-10-01",
            json!([tp("calf", "left"), mfr("plantar_fascia", "left")]),
            json!([pain("calf", "left", 6, 3), pain("plantar_fascia", "left", 5, 4)]),
        ),
        // Trigger point on the left calf, 4→2; a knee score nobody treated (not an outcome).
        note(
            &alex,
            "2026-10-15",
            json!([tp("calf", "left")]),
            json!([pain("calf", "left", 4, 2), pain("knee", "right", 7, 7)]),
        ),
        // Bea: trigger point on the right calf, 8→4.
        note(
            &bea,
            "2026-10-20",
            json!([tp("calf", "right")]),
            json!([pain("calf", "right", 8, 4)]),
        ),
        // Outside the date range.
        note(
            &bea,
            "2026-11-10",
            json!([tp("calf", "right")]),
            json!([pain("calf", "right", 9, 9)]),
        ),
    ];
    for body in &seeded {
        let created = therapist.post("/v1/session-notes", body).await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        let location = created.header("location").expect("Location").to_owned();
        assert_eq!(
            therapist.post(&format!("{location}/sign"), &json!({})).await.status,
            200
        );
    }
    // An unsigned draft does not count.
    therapist
        .post(
            "/v1/session-notes",
            &note(
                &alex,
                "2026-10-16",
                json!([tp("calf", "left")]),
                json!([pain("calf", "left", 10, 0)]),
            ),
        )
        .await;

    let report = therapist
        .get("/v1/reports/technique-outcomes?from=2026-10-01&to=2026-11-01")
        .await
        .json();
    let row = |t: &str| {
        report
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["technique"] == t)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let trigger = row("trigger_point");
    assert_eq!(
        (
            trigger["sessions"].clone(),
            trigger["clients"].clone(),
            trigger["measurements"].clone()
        ),
        (json!(3), json!(2), json!(3))
    );
    assert_eq!(trigger["mean_pain_before"], json!(6.0)); // (6 + 4 + 8) / 3
    assert_eq!(trigger["mean_pain_after"], json!(3.0)); // (3 + 2 + 4) / 3
    assert_eq!(trigger["mean_change"], json!(-3.0));
    let release = row("myofascial_release");
    assert_eq!(
        (
            release["sessions"].clone(),
            release["mean_pain_before"].clone(),
            release["mean_pain_after"].clone()
        ),
        (json!(1), json!(5.0), json!(4.0))
    );

    let calf_only = therapist
        .get("/v1/reports/technique-outcomes?region=plantar_fascia&to=2026-11-01")
        .await
        .json();
    assert_eq!(calf_only.as_array().map(|r| r.len()), Some(1));
    assert_eq!(calf_only[0]["technique"], "myofascial_release");

    let trend = therapist
        .get(&format!("/v1/clients/{alex}/pain-trend?region=calf"))
        .await
        .json();
    let points: Vec<(String, String, i64)> = trend
        .as_array()
        .expect("points")
        .iter()
        .map(|p| {
            (
                p["date"].as_str().unwrap_or("").to_owned(),
                p["source"].as_str().unwrap_or("").to_owned(),
                p["intensity"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        points[..4],
        [
            ("2026-10-01".into(), "session_before".into(), 6),
            ("2026-10-01".into(), "session_after".into(), 3),
            ("2026-10-15".into(), "session_before".into(), 4),
            ("2026-10-15".into(), "session_after".into(), 2),
        ]
    );
}
