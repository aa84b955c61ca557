//! With 100,000 clients, search and list pages are served by their indexes: the plans of the
//! exact queries the repository runs name the trigram and keyset indexes.

use diesel_async::SimpleAsyncConnection;
use knead_domain::PracticeId;
use knead_persistence::clients::{ClientCursor, ClientOrder, ClientQuery, explain_list};
use knead_tests::TestApp;

#[actix_rt::test]
async fn search_and_pages_use_their_indexes_at_100k_clients() {
    let app = TestApp::spawn().await;
    let a = app.seed_practice("bigpractice").await;
    let b = app.seed_practice("otherpractice").await;
    let mut conn = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    let seed = |practice: PracticeId, count: u32| {
        format!(
            "INSERT INTO clients (practice_id, id, given_name, family_name, email, phone, last_visit_at)
             SELECT '{practice}', gen_random_uuid(),
                    (ARRAY['Ana','Bea','Cai','Dev','Eli','Fay','Gus','Hal','Ida','Jon'])[1 + i % 10],
                    (ARRAY['Rivera','Núñez','Okafor','Lindqvist','Tanaka','Dubois','Kowalski','Haddad'])[1 + i % 8] || ' ' || i,
                    'runner' || i || '@example.com',
                    '+1 303 555 ' || lpad((i % 10000)::text, 4, '0'),
                    CASE WHEN i % 3 = 0 THEN NULL ELSE now() - (i || ' minutes')::interval END
             FROM generate_series(1, {count}) AS i"
        )
    };
    conn.batch_execute(&seed(a.id, 100_000)).await.expect("seed A");
    conn.batch_execute(&seed(b.id, 20_000)).await.expect("seed B");
    conn.batch_execute("ANALYZE clients").await.expect("analyze");

    let query = |q: Option<&str>, order, after| ClientQuery {
        q: q.map(str::to_owned),
        archived: false,
        order,
        after,
        limit: 51,
    };
    let cases = [
        (
            "search",
            query(Some("núñez 4242"), ClientOrder::Name, None),
            "clients_search_idx",
        ),
        (
            "search by email",
            query(Some("runner77777@"), ClientOrder::Name, None),
            "clients_search_idx",
        ),
        (
            "search by phone digits",
            query(Some("(303) 555-4242"), ClientOrder::Name, None),
            "clients_search_idx",
        ),
        (
            "many hits",
            query(Some("rivera"), ClientOrder::Name, None),
            "clients_search_idx",
        ),
        (
            "many hits by visit",
            query(Some("rivera"), ClientOrder::LastVisit, None),
            "clients_search_idx",
        ),
        (
            "first page by name",
            query(None, ClientOrder::Name, None),
            "clients_name_idx",
        ),
        (
            "later page by name",
            query(
                None,
                ClientOrder::Name,
                Some(ClientCursor::Name {
                    family: "Okafor 5".into(),
                    given: "Fay".into(),
                    id: uuid::Uuid::nil(),
                }),
            ),
            "clients_name_idx",
        ),
        (
            "first page by last visit",
            query(None, ClientOrder::LastVisit, None),
            "clients_last_visit_idx",
        ),
    ];
    let mut pg = app.pool.get().await.expect("connection");
    for (name, q, index) in cases {
        let plan = explain_list(&mut pg, a.id, &q).await.expect("explain");
        let used = knead_tests::plan_indexes(&plan);
        assert!(
            used.iter().any(|i| i == index),
            "{name}: expected {index}, plan used {used:?}:\n{plan:#}"
        );
    }
}
