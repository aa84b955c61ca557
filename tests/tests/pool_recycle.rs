//! A checkout costs no statement: a one-row read is one statement, not a ping and a read. The
//! statement counter is process-wide, so this binary holds this test alone.

use knead_persistence::pool::statements_total;
use knead_tests::TestApp;

#[actix_rt::test]
async fn a_one_row_read_sends_one_statement() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("recycle").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let desk = app.as_account(&practice.front_desk);
    let path = format!("/v1/clients/{client}");
    // Warm the token's revocation cache and the pool's connection.
    assert_eq!(desk.get(&path).await.status, 200);
    let reads = 20;
    let before = statements_total();
    for _ in 0..reads {
        assert_eq!(desk.get(&path).await.status, 200);
    }
    let sent = statements_total() - before;
    assert_eq!(sent, reads, "{sent} statements for {reads} one-row reads");
}
