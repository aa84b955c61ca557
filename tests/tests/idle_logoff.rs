//! Automatic logoff: the practice's idle time, which the web app reads to sign its user out.

use knead_tests::TestApp;
use serde_json::json;

#[actix_rt::test]
async fn the_owner_sets_the_idle_time_everyone_reads_it() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("idle").await;
    let owner = app.as_account(&practice.owner);
    let read = owner.get("/v1/practice").await;
    assert_eq!(
        read.json()["idle_logoff_minutes"],
        15,
        "15 minutes unless the owner sets another"
    );
    let etag = read.header("etag").expect("ETag").to_owned();

    for (minutes, accepted) in [(1, false), (2, true), (240, true), (241, false)] {
        let current = owner.get("/v1/practice").await.header("etag").expect("ETag").to_owned();
        let answer = app
            .patch_json(
                &practice.owner,
                "/v1/practice",
                &current,
                &json!({"idle_logoff_minutes": minutes}),
            )
            .await;
        if accepted {
            assert_eq!(answer.status, 200, "{minutes} minutes");
            assert_eq!(answer.json()["idle_logoff_minutes"], minutes);
        } else {
            let problem = answer.problem(422);
            assert_eq!(
                problem["errors"][0]["pointer"], "/idle_logoff_minutes",
                "{minutes} minutes"
            );
            // Nothing of the refused update was written.
            assert_eq!(owner.get("/v1/practice").await.header("etag"), Some(current.as_str()));
        }
    }
    assert_ne!(owner.get("/v1/practice").await.header("etag"), Some(etag.as_str()));

    let therapist = app.as_account(&practice.therapist);
    assert_eq!(therapist.get("/v1/practice").await.json()["idle_logoff_minutes"], 240);
    let mine = therapist
        .get("/v1/practice")
        .await
        .header("etag")
        .expect("ETag")
        .to_owned();
    app.patch_json(
        &practice.therapist,
        "/v1/practice",
        &mine,
        &json!({"idle_logoff_minutes": 60}),
    )
    .await
    .problem(403);
}
