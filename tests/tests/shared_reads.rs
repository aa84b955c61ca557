//! Reads of a client by id share one connection per server thread, their statements pipelined:
//! sixty reads of thirty clients at once each get their own client, with its ETag, and a
//! missing or other practice's client is still 404 among them.

use futures_util::future::join_all;
use knead_tests::TestApp;

#[actix_rt::test]
async fn concurrent_reads_on_one_connection_each_get_their_own_client() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("pipelined").await;
    let other = app.seed_practice("pipelinedother").await;
    let mut clients = Vec::new();
    for i in 0..30 {
        clients.push((
            app.add_client(practice.id, "Runner", &format!("Number {i}")).await,
            format!("Number {i}"),
        ));
    }
    let elsewhere = app.add_client(other.id, "Not", "Yours").await;
    let desk = app.as_account(&practice.front_desk);
    let reads = clients.iter().chain(clients.iter()).map(|(id, family)| {
        let desk = desk.clone();
        async move {
            let answer = desk.get(&format!("/v1/clients/{id}")).await;
            (
                answer.status,
                answer.json()["family_name"].clone(),
                answer.header("etag").map(str::to_owned),
                family.clone(),
            )
        }
    });
    let misses = [elsewhere, knead_domain::ClientId(uuid::Uuid::now_v7())].map(|id| {
        let desk = desk.clone();
        async move { desk.get(&format!("/v1/clients/{id}")).await.status }
    });
    let (answers, missed) = futures_util::future::join(join_all(reads), join_all(misses)).await;
    for (status, family, etag, expected) in answers {
        assert_eq!(status, 200);
        assert_eq!(family, expected.as_str());
        assert_eq!(etag.as_deref(), Some("\"v1\""));
    }
    assert_eq!(missed, vec![404, 404]);
}
