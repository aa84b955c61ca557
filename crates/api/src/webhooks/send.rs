//! One delivery attempt, and the guard against server-side request forgery around it.
//!
//! The URL is judged again (it was judged when stored, but the allow-list may have changed);
//! its host name is resolved here, every address it resolves to is judged
//! ([`knead_domain::webhooks::classify`]), and the connection goes to the address that was
//! judged (reqwest's `resolve` override), so a name that resolves differently a moment later
//! (DNS rebinding) cannot redirect it. Redirects are not followed (a 3xx is a failure),
//! proxies from the environment are not used, and an attempt takes at most the timeout.

use knead_domain::webhooks::target::refusal;
use knead_domain::webhooks::{AllowList, WebhookUrl, classify};
use std::net::SocketAddr;
use std::time::Duration;

/// A signed request, ready to send.
#[derive(Debug, Clone)]
pub struct Signed {
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
    pub body: Vec<u8>,
}

/// How an attempt went: the status the receiver answered, or why there was none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: Option<u16>,
    pub error: Option<String>,
}

impl Answer {
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    fn refused(why: impl Into<String>) -> Self {
        Self {
            status: None,
            error: Some(why.into()),
        }
    }
}

/// The address to connect to for `url`: `None` when the host is allow-listed (connect as the
/// URL says) or an address literal already judged; else the first resolved address, once every
/// resolved address passed.
async fn checked_address(url: &WebhookUrl, timeout: Duration) -> Result<Option<SocketAddr>, String> {
    if url.allow_listed() {
        return Ok(None);
    }
    let Some(url::Host::Domain(host)) = url.url().host() else {
        return Ok(None);
    };
    let port = url.url().port_or_known_default().unwrap_or(443);
    // Bounded, so an attempt never outlives the worker's lease on it.
    let resolved: Vec<SocketAddr> = tokio::time::timeout(timeout, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| format!("{host} did not resolve within {} s", timeout.as_secs()))?
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    if resolved.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    for addr in &resolved {
        classify(addr.ip()).map_err(|why| format!("{host} {} ({})", refusal(why), addr.ip()))?;
    }
    Ok(resolved.first().copied())
}

/// Makes one attempt: POSTs `signed` to `raw_url` with the Standard Webhooks headers.
pub async fn attempt(raw_url: &str, allow: &AllowList, timeout: Duration, signed: &Signed) -> Answer {
    let url = match WebhookUrl::parse(raw_url, allow) {
        Ok(url) => url,
        Err(why) => return Answer::refused(format!("the URL {why}")),
    };
    let pinned = match checked_address(&url, timeout).await {
        Ok(pinned) => pinned,
        Err(why) => return Answer::refused(why),
    };
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent("Knead-Webhooks/1");
    if let (Some(addr), Some(host)) = (pinned, url.url().host_str()) {
        builder = builder.resolve(host, addr);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => return Answer::refused(format!("HTTP client: {e}")),
    };
    let sent = client
        .post(url.url().clone())
        .header("content-type", "application/json")
        .header("webhook-id", &signed.id)
        .header("webhook-timestamp", signed.timestamp.to_string())
        .header("webhook-signature", &signed.signature)
        .body(signed.body.clone())
        .send()
        .await;
    match sent {
        Ok(response) => {
            let status = response.status();
            let error = if status.is_success() {
                None
            } else if status.is_redirection() {
                Some(format!("answered {} (redirects are not followed)", status.as_u16()))
            } else {
                Some(format!("answered {}", status.as_u16()))
            };
            Answer {
                status: Some(status.as_u16()),
                error,
            }
        }
        Err(e) if e.is_timeout() => Answer::refused(format!("no answer within {} s", timeout.as_secs())),
        Err(e) if e.is_connect() => Answer::refused("could not connect"),
        Err(e) => Answer::refused(format!("request failed: {e}")),
    }
}
