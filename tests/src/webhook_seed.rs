//! Webhook endpoints made through the API as a practice's owner, and delivery log rows.

use crate::TestApp;
use crate::seed::Practice;
use diesel_async::RunQueryDsl;
use serde_json::json;

/// An endpoint the owner just created: its id and the secret shown once.
#[derive(Debug, Clone)]
pub struct SeededEndpoint {
    pub id: String,
    pub secret: String,
}

impl TestApp {
    /// Creates an endpoint for `url` receiving `types` as `practice`'s owner.
    pub async fn add_webhook_endpoint(&self, practice: &Practice, url: &str, types: &[&str]) -> SeededEndpoint {
        let clinical = types.iter().any(|t| knead_domain::webhooks::is_clinical_type(t));
        let body = json!({"url": url, "event_types": types, "clinical": clinical});
        let created = self
            .as_account(&practice.owner)
            .post("/v1/webhook-endpoints", &body)
            .await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        let json = created.json();
        SeededEndpoint {
            id: json["endpoint"]["id"].as_str().expect("id").to_owned(),
            secret: json["secret"].as_str().expect("secret").to_owned(),
        }
    }

    /// A made (failed) attempt in the log of a fresh endpoint; returns the attempt's id.
    pub async fn add_webhook_delivery(&self, practice: &Practice) -> String {
        let endpoint = self
            .add_webhook_endpoint(practice, "https://hooks.example.com/in", &["booking.created"])
            .await;
        let id = uuid::Uuid::now_v7();
        let mut conn = self.pool.get().await.expect("connection");
        diesel::sql_query(format!(
            "INSERT INTO webhook_deliveries (practice_id, id, endpoint_id, event_id, event_type, attempt,
                 status, due_at, response_status, error, attempted_at, created_at)
             VALUES ('{}', '{id}', '{}', gen_random_uuid(), 'booking.created', 1, 'failed', now(), 500,
                 'answered 500', now(), now())",
            practice.id.0, endpoint.id
        ))
        .execute(&mut conn)
        .await
        .expect("a delivery");
        id.to_string()
    }
}
