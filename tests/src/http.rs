//! A small HTTP client for tests: raw requests in, status + headers + parsed body out.

use awc::http::{Method, StatusCode};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    bearer: Option<String>,
    headers: Vec<(String, String)>,
    renewal: Option<Renewal>,
}

/// The app's clock and token issuer, for a client that stands for a logged-in account.
#[derive(Debug, Clone)]
struct Renewal {
    keys: knead_api::auth::tokens::TokenKeys,
    clock: knead_api::clock::Clock,
}

impl Renewal {
    /// `token`, or — when a test has moved the clock outside its 15-minute lifetime — a token
    /// the app's issuer gives the same login at the clock's now, as logging in again would.
    /// A token that fails for any other reason (signature, kind) is sent as it is.
    fn current(&self, token: &str) -> String {
        use base64::Engine;
        let now = self.clock.now();
        if self.keys.verify(token, now).is_some() {
            return token.to_owned();
        }
        let claims: Option<Value> = token
            .split('.')
            .nth(1)
            .and_then(|p| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(p).ok())
            .and_then(|p| serde_json::from_slice(&p).ok());
        let issued = claims
            .as_ref()
            .and_then(|c| c["iat"].as_i64())
            .and_then(|iat| chrono::DateTime::from_timestamp(iat, 0));
        let Some(valid) = issued.and_then(|at| self.keys.verify(token, at)) else {
            return token.to_owned();
        };
        let practice = valid.prt;
        let staff = valid.sub;
        self.keys
            .issue(practice, staff, valid.rol, now)
            .expect("issue a token")
            .0
    }
}

/// A response, fully read.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: awc::http::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    /// Asserts a 422 problem and returns the JSON pointers it names.
    #[track_caller]
    pub fn pointers(&self) -> Vec<String> {
        self.problem(422)["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["pointer"].as_str().map(str::to_owned))
            .collect()
    }

    /// Asserts the answer is a problem+json with this status and returns the problem.
    #[track_caller]
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.content_type(), "application/problem+json");
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert!(problem["type"].is_string() && problem["title"].is_string());
        problem
    }
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            bearer: None,
            headers: Vec::new(),
            renewal: None,
        }
    }

    /// The same client, its token renewed at the app's clock when a test moves the clock
    /// outside the token's lifetime (see [`Renewal::current`]).
    pub fn renewing(&self, keys: &knead_api::auth::tokens::TokenKeys, clock: &knead_api::clock::Clock) -> Self {
        Self {
            renewal: Some(Renewal {
                keys: keys.clone(),
                clock: clock.clone(),
            }),
            ..self.clone()
        }
    }

    pub fn with_token(&self, token: &str) -> Self {
        Self {
            bearer: Some(token.to_owned()),
            ..self.clone()
        }
    }

    /// The same client, sending one more header on every request.
    pub fn with_header(&self, name: &str, value: &str) -> Self {
        let mut next = self.clone();
        next.headers.push((name.to_owned(), value.to_owned()));
        next
    }

    /// Sends `body` as-is with the given content type (None: no body).
    pub async fn raw(&self, method: &str, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let client = awc::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .disable_redirects()
            .finish();
        let mut req = client.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.bearer {
            let token = match &self.renewal {
                Some(renewal) => renewal.current(token),
                None => token.clone(),
            };
            req = req.insert_header(("Authorization", format!("Bearer {token}")));
        }
        for (name, value) in &self.headers {
            req = req.insert_header((name.as_str(), value.as_str()));
        }
        if let Some(ct) = content_type {
            req = req.insert_header(("Content-Type", ct));
        }
        let mut res = req.send_body(body).await.expect("the request is answered");
        let body = res
            .body()
            .limit(16 * 1024 * 1024)
            .await
            .expect("a readable body")
            .to_vec();
        Answer {
            status: res.status(),
            headers: res.headers().clone(),
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.raw("GET", path, None, Vec::new()).await
    }

    pub async fn send_json(&self, method: &str, path: &str, body: &Value) -> Answer {
        self.raw(method, path, Some("application/json"), body.to_string().into_bytes())
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send_json("POST", path, body).await
    }
}
