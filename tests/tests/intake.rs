//! Intake forms: versions, validation with pointers and nothing written on refusal, alerts on
//! the client, clinical access, audit events, and the one-time public link.

use knead_tests::TestApp;
use knead_tests::seed::intake_body;
use serde_json::{Value, json};

async fn client_of(app: &TestApp, practice: &knead_tests::seed::Practice) -> String {
    let created = app
        .as_account(&practice.owner)
        .post("/v1/clients", &json!({"given_name": "Casey", "family_name": "Runner"}))
        .await;
    created.json()["id"].as_str().expect("id").to_owned()
}

#[actix_rt::test]
async fn intake_versions_alerts_and_clinical_access() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("intake").await;
    let client = client_of(&app, &practice).await;
    let therapist = app.as_account(&practice.therapist);
    let path = format!("/v1/clients/{client}/intake-forms");
    let first = therapist.post(&path, &intake_body()).await;
    assert_eq!(first.status, 201, "{}", String::from_utf8_lossy(&first.body));
    let form = first.json();
    assert_eq!(form["form_version"], 1);
    assert_eq!(form["pain_areas"][0]["region"], "plantar_fascia");
    assert_eq!(form["pain_areas"][1]["intensity"], 3);
    assert_eq!(form["submitted_by"]["kind"], "staff");

    let mut second_body = intake_body();
    second_body["contraindications"] = json!(["deep_vein_thrombosis", "anticoagulants"]);
    let second = therapist.post(&path, &second_body).await;
    assert_eq!(second.json()["form_version"], 2);
    let history = therapist.get(&path).await.json();
    assert_eq!(
        history
            .as_array()
            .map(|h| h.iter().map(|f| f["form_version"].clone()).collect::<Vec<_>>()),
        Some(vec![json!(2), json!(1)])
    );
    let old = therapist
        .get(&format!("/v1/intake-forms/{}", form["id"].as_str().expect("id")))
        .await;
    assert_eq!(old.json()["form_version"], 1);

    // The front desk sees handling instructions, not conditions, and no clinical screens.
    let desk = app.as_account(&practice.front_desk);
    let seen = desk.get(&format!("/v1/clients/{client}")).await;
    let text = String::from_utf8_lossy(&seen.body).to_string();
    assert_eq!(
        seen.json()["alerts"][0],
        json!({"severity": "avoid", "handling": "clearance required before treatment"})
    );
    assert!(
        !text.contains("thrombosis") && !text.contains("anticoagulant") && !text.contains("plantar"),
        "{text}"
    );
    desk.get(&path).await.problem(403);
    desk.get(&format!("/v1/clients/{client}/alerts")).await.problem(403);
    desk.post(&path, &intake_body()).await.problem(403);
    let alerts = therapist.get(&format!("/v1/clients/{client}/alerts")).await.json();
    assert_eq!(alerts[0]["condition"], "deep_vein_thrombosis");
    assert_eq!(alerts[1]["severity"], "caution");

    // Every clinical call, allowed or not, is in the audit log with the client's id.
    let events = app
        .as_account(&practice.owner)
        .get(&format!("/v1/audit-events?client_id={client}&limit=200"))
        .await
        .json();
    let actions: Vec<(&str, &str)> = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or(""), e["outcome"].as_str().unwrap_or("")))
        .collect();
    assert!(actions.contains(&("create_intake_form", "success")), "{actions:?}");
    assert!(actions.contains(&("list_intake_forms", "denied")), "{actions:?}");
    assert!(actions.contains(&("get_client_alerts", "success")), "{actions:?}");
    let dump = events.to_string();
    assert!(
        !dump.contains("Heel pain") && !dump.contains("Warfarin"),
        "clinical text in the audit log"
    );
}

#[actix_rt::test]
async fn bad_intake_input_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("badintake").await;
    let client = client_of(&app, &practice).await;
    let therapist = app.as_account(&practice.therapist);
    let path = format!("/v1/clients/{client}/intake-forms");
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = intake_body();
        edit(&mut body);
        body
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            with(&|b| b["pain_areas"][0]["intensity"] = json!(11)),
            "/pain_areas/0/intensity",
        ),
        (
            with(&|b| b["pain_areas"][0]["intensity"] = json!(-1)),
            "/pain_areas/0/intensity",
        ),
        (
            with(&|b| b["pain_areas"][1]["region"] = json!("elbow_of_doom")),
            "/pain_areas/1/region",
        ),
        (
            with(&|b| b["pain_areas"][0] = json!({"region": "lower_back", "side": "left", "intensity": 4})),
            "/pain_areas/0/side",
        ),
        (
            with(&|b| b["pain_areas"][0]["side"] = json!("midline")),
            "/pain_areas/0/side",
        ),
        (
            with(&|b| b["pain_areas"][0]["qualities"] = json!(["sharp", "sharp"])),
            "/pain_areas/0/qualities",
        ),
        (
            with(&|b| b["pain_areas"][0]["onset"] = json!("2999-01-01")),
            "/pain_areas/0/onset",
        ),
        (
            with(&|b| b["contraindications"] = json!(["bad_vibes"])),
            "/contraindications/0",
        ),
        (
            with(&|b| {
                b.as_object_mut().expect("object").remove("consent");
            }),
            "/consent",
        ),
        (with(&|b| b["consent"]["agreed"] = json!(false)), "/consent/agreed"),
        (
            with(&|b| b["consent"]["signer_name"] = json!(" ")),
            "/consent/signer_name",
        ),
        (
            with(&|b| b["consent"]["text_version"] = json!("1999")),
            "/consent/text_version",
        ),
        (with(&|b| b["form_version"] = json!(7)), "/form_version"),
        (
            with(&|b| b["pain_areas"][0]["mood"] = json!("grumpy")),
            "/pain_areas/0/mood",
        ),
    ];
    for (body, pointer) in cases {
        let pointers = therapist.post(&path, &body).await.pointers();
        assert!(
            pointers.iter().any(|p| p == pointer),
            "expected {pointer}, got {pointers:?}"
        );
    }
    assert_eq!(
        therapist.get(&path).await.json(),
        json!([]),
        "a refused intake wrote something"
    );
    assert_eq!(
        app.as_account(&practice.owner)
            .get(&format!("/v1/clients/{client}"))
            .await
            .json()["alerts"],
        json!([])
    );
}

async fn link(app: &TestApp, by: &knead_tests::seed::Account, client: &str) -> (String, String) {
    let created = app
        .as_account(by)
        .post(
            &format!("/v1/clients/{client}/intake-links"),
            &json!({"expires_in_hours": 48}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let body = created.json();
    assert!(
        body["url"]
            .as_str()
            .expect("url")
            .starts_with("http://knead.test/intake#ki1.")
    );
    (
        body["id"].as_str().expect("id").to_owned(),
        body["token"].as_str().expect("token").to_owned(),
    )
}

#[actix_rt::test]
async fn the_public_link_works_once() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("public").await;
    let client = client_of(&app, &practice).await;
    app.as_account(&practice.therapist)
        .post(&format!("/v1/clients/{client}/intake-forms"), &intake_body())
        .await;
    // A therapist's link prefills (a front desk's never does: tests/tests/intake_link_privacy.rs).
    let (_, token) = link(&app, &practice.therapist, &client).await;
    let public = app.client();
    let page = public.get(&format!("/v1/public/intake/{token}")).await;
    assert_eq!(page.status, 200);
    let page = page.json();
    assert_eq!(page["client_given_name"], "Casey");
    assert_eq!(page["prefill"]["pain_areas"][0]["region"], "plantar_fascia");
    assert!(
        page.get("family_name").is_none() && !page.to_string().contains(&client),
        "reveals only what the client needs"
    );

    let mut bad = intake_body();
    bad["pain_areas"][0]["intensity"] = json!(12);
    public
        .post(&format!("/v1/public/intake/{token}"), &bad)
        .await
        .problem(422);
    let submitted = public.post(&format!("/v1/public/intake/{token}"), &intake_body()).await;
    assert_eq!(submitted.status, 201);
    assert_eq!(submitted.json()["form_version"], 2);
    public.get(&format!("/v1/public/intake/{token}")).await.problem(410);
    public
        .post(&format!("/v1/public/intake/{token}"), &intake_body())
        .await
        .problem(410);
    let history = app
        .as_account(&practice.therapist)
        .get(&format!("/v1/clients/{client}/intake-forms"))
        .await
        .json();
    assert_eq!(history[0]["submitted_by"]["kind"], "client_link");
    assert_eq!(history.as_array().map(Vec::len), Some(2));

    let mut tampered = token.clone();
    tampered.pop();
    public.get(&format!("/v1/public/intake/{tampered}x")).await.problem(404);
    public.get("/v1/public/intake/garbage").await.problem(404);
}

#[actix_rt::test]
async fn revoked_and_expired_links_fail() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("expired").await;
    let client = client_of(&app, &practice).await;
    let (id, token) = link(&app, &practice.front_desk, &client).await;
    let revoked = app
        .as_account(&practice.front_desk)
        .post(&format!("/v1/intake-links/{id}/revoke"), &json!({}))
        .await;
    assert!(revoked.json()["revoked_at"].is_string());
    app.client()
        .get(&format!("/v1/public/intake/{token}"))
        .await
        .problem(410);
    app.client()
        .post(&format!("/v1/public/intake/{token}"), &intake_body())
        .await
        .problem(410);

    let (id, token) = link(&app, &practice.front_desk, &client).await;
    let mut conn = app.pool.get().await.expect("connection");
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE intake_links SET expires_at = now() - interval '1 minute' WHERE id = '{id}'"
        )),
        &mut conn,
    )
    .await
    .expect("expire the link");
    app.client()
        .get(&format!("/v1/public/intake/{token}"))
        .await
        .problem(410);
    let forms = app
        .as_account(&practice.owner)
        .get(&format!("/v1/clients/{client}/intake-forms"))
        .await
        .json();
    assert_eq!(forms, json!([]));
}

#[actix_rt::test]
async fn failed_token_lookups_are_throttled() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        app.client()
            .get(&format!("/v1/public/intake/ki1.bogus{i}"))
            .await
            .problem(404);
    }
    let limited = app.client().get("/v1/public/intake/ki1.bogus").await;
    limited.problem(429);
    assert!(limited.header("retry-after").is_some());
}

#[actix_rt::test]
async fn failed_manage_link_lookups_are_throttled_apart_from_intake_links() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        app.client()
            .get(&format!("/v1/public/bookings/kb1.bogus{i}"))
            .await
            .problem(404);
    }
    let limited = app
        .client()
        .post("/v1/public/bookings/kb1.bogus/cancel", &json!({}))
        .await;
    limited.problem(429);
    assert!(limited.header("retry-after").is_some());
    // Each kind of link counts on its own.
    app.client().get("/v1/public/intake/ki1.bogus").await.problem(404);
}

#[actix_rt::test]
async fn the_vocabulary_draws_a_body_map() {
    let app = TestApp::spawn().await;
    let vocabulary = app.client().get("/v1/vocabulary").await.json();
    let regions = vocabulary["body_regions"].as_array().expect("regions");
    let find = |id: &str| regions.iter().find(|r| r["id"] == id).cloned().unwrap_or(Value::Null);
    assert_eq!(find("plantar_fascia")["view"], "back");
    assert_eq!(find("plantar_fascia")["sides"], json!(["left", "right", "bilateral"]));
    assert_eq!(find("lower_back")["sides"], json!(["midline"]));
    assert_eq!(find("it_band")["label"], "IT band");
    assert!(
        vocabulary["contraindications"]
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["id"] == "anticoagulants" && c["severity"] == "caution")
    );
}
