//! A self-service intake link carries the client's clinical intake as prefill only when the
//! staff member who created it may read clinical records: the front desk may send links, but
//! opening its own link must not show it what it is not allowed to see. The public read and
//! the submission are audited with the link's creator.

use knead_tests::TestApp;
use knead_tests::seed::{Account, Practice, intake_body};
use serde_json::{Value, json};

/// Every clinical field of the prefill.
const CLINICAL_KEYS: [&str; 7] = [
    "chief_complaint",
    "pain_areas",
    "conditions",
    "medical_history",
    "medications",
    "contraindications",
    "goals",
];

/// Text of the seeded intake that must never reach a non-clinical link.
const CLINICAL_TEXT: [&str; 5] = ["Heel pain", "Warfarin", "plantar", "marathon", "anticoagulants"];

/// A client with one intake on file, written by the therapist.
async fn client_with_intake(app: &TestApp, practice: &Practice) -> String {
    let created = app
        .as_account(&practice.owner)
        .post("/v1/clients", &json!({"given_name": "Casey", "family_name": "Runner"}))
        .await;
    let client = created.json()["id"].as_str().expect("id").to_owned();
    let form = app
        .as_account(&practice.therapist)
        .post(&format!("/v1/clients/{client}/intake-forms"), &intake_body())
        .await;
    assert_eq!(form.status, 201, "{}", String::from_utf8_lossy(&form.body));
    client
}

/// A link created by `by`: (link id, token).
async fn link_by(app: &TestApp, by: &Account, client: &str) -> (String, String) {
    let created = app
        .as_account(by)
        .post(&format!("/v1/clients/{client}/intake-links"), &json!({}))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let body = created.json();
    (
        body["id"].as_str().expect("id").to_owned(),
        body["token"].as_str().expect("token").to_owned(),
    )
}

/// Asserts the public page carries no clinical field and no clinical text.
#[track_caller]
fn assert_no_clinical(page: &Value) {
    let prefill = &page["prefill"];
    for key in CLINICAL_KEYS {
        let value = &prefill[key];
        let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty) || value == "";
        assert!(empty, "{key} reached a non-clinical link: {value}");
    }
    let text = page.to_string();
    for clinical in CLINICAL_TEXT {
        assert!(
            !text.contains(clinical),
            "{clinical} reached a non-clinical link: {text}"
        );
    }
}

#[actix_rt::test]
async fn the_front_desks_link_shows_no_clinical_field() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("deskprefill").await;
    let client = client_with_intake(&app, &practice).await;
    let (_, token) = link_by(&app, &practice.front_desk, &client).await;
    let page = app.client().get(&format!("/v1/public/intake/{token}")).await;
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    let page = page.json();
    assert_eq!(page["client_given_name"], "Casey", "the form itself still works");
    assert_no_clinical(&page);
}

#[actix_rt::test]
async fn changing_the_clients_email_first_changes_nothing() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("deskemail").await;
    let client = client_with_intake(&app, &practice).await;
    let path = format!("/v1/clients/{client}");
    let read = app.as_account(&practice.front_desk).get(&path).await;
    let etag = read.header("etag").expect("etag").to_owned();
    let changed = app
        .patch_json(
            &practice.front_desk,
            &path,
            &etag,
            &json!({"email": "desk-controlled@example.test"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", String::from_utf8_lossy(&changed.body));
    let (_, token) = link_by(&app, &practice.front_desk, &client).await;
    let page = app.client().get(&format!("/v1/public/intake/{token}")).await.json();
    assert_no_clinical(&page);
}

#[actix_rt::test]
async fn a_therapists_link_prefills_as_before() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("therapistprefill").await;
    let client = client_with_intake(&app, &practice).await;
    for by in [&practice.therapist, &practice.owner] {
        let (_, token) = link_by(&app, by, &client).await;
        let page = app.client().get(&format!("/v1/public/intake/{token}")).await.json();
        let prefill = &page["prefill"];
        assert_eq!(
            prefill["chief_complaint"],
            "Heel pain on the first steps in the morning"
        );
        assert_eq!(prefill["pain_areas"][0]["region"], "plantar_fascia");
        assert_eq!(prefill["pain_areas"][1]["side"], "bilateral");
        assert_eq!(prefill["medications"], "Warfarin");
        assert_eq!(prefill["contraindications"], json!(["anticoagulants"]));
        assert_eq!(prefill["goals"], "Run the spring marathon");
    }
}

#[actix_rt::test]
async fn the_public_read_and_submission_name_the_links_creator() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("linkaudit").await;
    let client = client_with_intake(&app, &practice).await;
    let (link, token) = link_by(&app, &practice.front_desk, &client).await;
    let public = app.client();
    assert_eq!(public.get(&format!("/v1/public/intake/{token}")).await.status, 200);
    let submitted = public.post(&format!("/v1/public/intake/{token}"), &intake_body()).await;
    assert_eq!(submitted.status, 201, "{}", String::from_utf8_lossy(&submitted.body));

    let events = app
        .as_account(&practice.owner)
        .get(&format!("/v1/audit-events?client_id={client}&limit=200"))
        .await
        .json();
    let desk = practice.front_desk.staff_id.to_string();
    for action in ["get_public_intake", "submit_public_intake"] {
        let event = events["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("no {action} event: {events}"));
        assert_eq!(event["actor_id"], json!(link), "{action}: the link acted");
        assert_eq!(event["actor_role"], "client_link", "{action}");
        assert_eq!(event["link_creator_id"], json!(desk), "{action}: the creator is named");
    }
    // Staff calls have no link behind them.
    let staff_event = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "create_intake_form")
        .expect("the therapist's intake");
    assert!(staff_event["link_creator_id"].is_null(), "{staff_event}");
}
