//! Client import from a CSV export: a file with a bad row previews that row's error and
//! commits nothing; a good one imports every new row once, even when committed twice, and
//! skips people the practice already has. Only owners import; only `text/csv` is read.

use knead_tests::TestApp;
use knead_tests::seed::Practice;
use serde_json::Value;

async fn send(app: &TestApp, practice: &Practice, path: &str, csv: &str, key: Option<&str>) -> knead_tests::Answer {
    let mut owner = app.as_account(&practice.owner);
    if let Some(key) = key {
        owner = owner.with_header("Idempotency-Key", key);
    }
    owner.raw("POST", path, Some("text/csv"), csv.as_bytes().to_vec()).await
}

async fn client_count(app: &TestApp, practice: &Practice) -> usize {
    let list = app
        .as_account(&practice.owner)
        .get("/v1/clients?limit=200")
        .await
        .json();
    list["items"].as_array().expect("items").len()
}

const BAD: &str = "First name,Last name,Email,DOB\n\
Alex,Rivera,alex@example.com,1990-04-23\n\
Sam,Lee,not-an-email,\n\
Jo,Park,,31/12/1985\n";

const GOOD: &str = "Name,E-mail,Mobile,Date of birth,Balance\n\
Alex Rivera,ALEX@example.com,+1 303 555 0100,1990-04-23,0\n\
Sam Lee,sam@example.com,,,12\n\
Jo Park,,,31/12/1985,\n\
Samuel Lee,sam@example.com,,,\n\
Casey Runner,casey@example.test,,,\n";

#[actix_rt::test]
async fn a_bad_row_is_previewed_and_nothing_is_committed() {
    let (app, _clock) = TestApp::spawn_at("2026-12-03T17:00:00Z").await;
    let practice = app.seed_practice("import-bad").await;
    let before = client_count(&app, &practice).await;
    let preview = send(&app, &practice, "/v1/client-imports", BAD, None).await;
    assert_eq!(preview.status, 200, "{}", String::from_utf8_lossy(&preview.body));
    let body = preview.json();
    assert_eq!(body["rows"], 3);
    assert_eq!(
        body["errors"],
        serde_json::json!([{"row": 2, "field": "email", "message": "must be an email address"}])
    );
    assert_eq!(body["importable"], 2);
    let committed = send(&app, &practice, "/v1/client-imports?commit=true", BAD, None).await;
    assert_eq!(committed.pointers(), ["/rows/2/email"]);
    assert_eq!(client_count(&app, &practice).await, before, "nothing imported");
}

#[actix_rt::test]
async fn a_good_file_imports_each_person_once() {
    let (app, _clock) = TestApp::spawn_at("2026-12-03T17:00:00Z").await;
    let practice = app.seed_practice("import-good").await;
    // Casey is already a client (by email).
    let casey = app
        .as_account(&practice.owner)
        .post(
            "/v1/clients",
            &serde_json::json!({"given_name": "Casey", "family_name": "Runner", "email": "casey@example.test"}),
        )
        .await;
    assert_eq!(casey.status, 201);
    let casey_id = casey.json()["id"].clone();
    let before = client_count(&app, &practice).await;

    let preview = send(&app, &practice, "/v1/client-imports", GOOD, None).await.json();
    assert_eq!(preview["ignored_columns"], serde_json::json!(["Balance"]));
    assert_eq!(preview["errors"], serde_json::json!([]));
    let duplicates: Vec<(u64, Value, Value)> = preview["duplicates"]
        .as_array()
        .expect("duplicates")
        .iter()
        .map(|d| {
            (
                d["row"].as_u64().expect("row"),
                d["client_id"].clone(),
                d["same_as_row"].clone(),
            )
        })
        .collect();
    assert_eq!(
        duplicates,
        [(4, Value::Null, serde_json::json!(2)), (5, casey_id, Value::Null)],
        "row 4 repeats row 2's email; row 5 is Casey"
    );
    assert_eq!(preview["importable"], 3);

    let first = send(
        &app,
        &practice,
        "/v1/client-imports?commit=true",
        GOOD,
        Some("import-1"),
    )
    .await;
    assert_eq!(first.status, 201, "{}", String::from_utf8_lossy(&first.body));
    assert_eq!(
        (
            first.json()["imported"].clone(),
            first.json()["skipped_duplicates"].clone()
        ),
        (3.into(), 2.into())
    );
    let replay = send(
        &app,
        &practice,
        "/v1/client-imports?commit=true",
        GOOD,
        Some("import-1"),
    )
    .await;
    assert_eq!(replay.json(), first.json(), "the same key answers the first answer");
    let again = send(&app, &practice, "/v1/client-imports?commit=true", GOOD, None).await;
    assert_eq!(again.status, 201);
    assert_eq!(
        (
            again.json()["imported"].clone(),
            again.json()["skipped_duplicates"].clone()
        ),
        (0.into(), 5.into())
    );
    assert_eq!(client_count(&app, &practice).await, before + 3);
    let list = app.as_account(&practice.owner).get("/v1/clients?q=Park").await.json();
    assert_eq!(list["items"][0]["date_of_birth"], "1985-12-31");
}

#[actix_rt::test]
async fn only_owners_and_only_csv() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("import-rules").await;
    let json = app
        .as_account(&practice.owner)
        .raw("POST", "/v1/client-imports", Some("application/json"), b"{}".to_vec())
        .await;
    json.problem(415);
    let desk = app
        .as_account(&practice.front_desk)
        .raw("POST", "/v1/client-imports", Some("text/csv"), GOOD.as_bytes().to_vec())
        .await;
    desk.problem(403);
    let huge = format!("name\n{}", "Alex Rivera\n".repeat(100_000));
    send(&app, &practice, "/v1/client-imports", &huge, None)
        .await
        .problem(413);
    let no_names = send(&app, &practice, "/v1/client-imports", "email\na@example.com\n", None).await;
    no_names.problem(422);
    // A malformed Idempotency-Key is refused naming it, on a preview as on a commit.
    for path in ["/v1/client-imports", "/v1/client-imports?commit=true"] {
        let empty = send(&app, &practice, path, GOOD, Some("")).await;
        let problem = empty.problem(400);
        assert_eq!(
            problem["errors"][0]["parameter"], "Idempotency-Key",
            "{path}: {problem}"
        );
    }
}
