//! API keys made through the API, as a practice's owner.

use crate::TestApp;
use crate::http::Client;
use crate::seed::Practice;
use knead_domain::access::KeyScope;
use serde_json::json;

/// A key the owner just created: its id and the secret shown once.
#[derive(Debug, Clone)]
pub struct SeededKey {
    pub id: String,
    pub secret: String,
    pub scope: KeyScope,
}

impl TestApp {
    /// Creates a key of `scope` as `practice`'s owner.
    pub async fn add_api_key(&self, practice: &Practice, scope: KeyScope) -> SeededKey {
        let body = json!({
            "name": format!("{} key", scope.names().join("+")),
            "can_write": scope.write,
            "clinical": scope.clinical,
        });
        let created = self.as_account(&practice.owner).post("/v1/api-keys", &body).await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        let json = created.json();
        SeededKey {
            id: json["api_key"]["id"].as_str().expect("id").to_owned(),
            secret: json["secret"].as_str().expect("secret").to_owned(),
            scope,
        }
    }

    /// A client calling with the key as its bearer credential.
    pub fn as_key(&self, key: &SeededKey) -> Client {
        self.client().with_token(&key.secret)
    }
}
