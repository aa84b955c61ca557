//! Email on the server side: where mail goes (`KNEAD_SMTP_URL`, or `.eml` files in
//! `KNEAD_MAIL_DIR` for development), who it is from (`KNEAD_MAIL_FROM`), how a message is
//! composed, and the worker that sends what the outbox holds (see [`worker`]).

pub mod booking;
pub mod intake;
pub mod webhook;
pub mod worker;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MessageBuilder};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server (`smtp://`, `smtps://`; STARTTLS with `?tls=required`).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per message in a folder: development and tests.
    Dir(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The URL may hold a password: never printed.
            Self::Smtp(_) => f.write_str("Smtp"),
            Self::Dir(_, dir) => f.debug_tuple("Dir").field(dir).finish(),
        }
    }
}

impl Transport {
    /// An SMTP transport from a URL in lettre's form (`smtp://user:pass@host:port`,
    /// `smtps://…`), each step bounded by `timeout`.
    pub fn smtp(url: &str, timeout: Duration) -> anyhow::Result<Self> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("KNEAD_SMTP_URL is not an SMTP URL: {e}"))?;
        Ok(Self::Smtp(builder.timeout(Some(timeout)).build()))
    }

    /// Files in `dir`, made if missing.
    pub fn dir(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("KNEAD_MAIL_DIR {}: {e}", dir.display()))?;
        Ok(Self::Dir(AsyncFileTransport::new(dir), dir.to_path_buf()))
    }

    /// Sends one message; the error is the transport's, for the outbox's `error`.
    pub async fn send(&self, message: lettre::Message) -> Result<(), String> {
        match self {
            Self::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| e.to_string()),
            Self::Dir(files, _) => files.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }
}

/// How mail is sent.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `None`: no mail is sent, and queued messages wait (a warning at start says so).
    pub transport: Option<Transport>,
    pub from: Mailbox,
    /// The right-hand side of each `Message-ID`.
    pub domain: String,
    /// How often a worker looks for due messages.
    pub poll: Duration,
    /// How long one step of an SMTP exchange may take.
    pub timeout: Duration,
    /// Attempts per message before it is given up as failed.
    pub max_attempts: i32,
    /// The wait after the first failed attempt; each further one twice as long.
    pub retry_base: Duration,
}

impl Default for MailSettings {
    /// No transport, from `Knead <no-reply@localhost>`.
    fn default() -> Self {
        #[allow(clippy::expect_used)]
        let address = lettre::Address::new("no-reply", "localhost").expect("a valid address");
        Self {
            transport: None,
            from: Mailbox::new(Some("Knead".into()), address),
            domain: "localhost".into(),
            poll: Duration::from_secs(2),
            timeout: Duration::from_secs(20),
            max_attempts: 8,
            retry_base: Duration::from_secs(30),
        }
    }
}

impl MailSettings {
    /// From the settings: `smtp_url` wins over `dir`; `from` defaults to `Knead
    /// <no-reply@HOST>`, HOST being `public_url`'s, which also names the Message-IDs.
    pub fn configure(
        smtp_url: Option<&str>,
        dir: Option<&Path>,
        from: Option<&str>,
        public_url: &str,
    ) -> anyhow::Result<Self> {
        let defaults = Self::default();
        // An empty setting (`KNEAD_MAIL_FROM=` in a compose file) is an unset one.
        let from = from.filter(|f| !f.trim().is_empty());
        let dir = dir.filter(|d| !d.as_os_str().is_empty());
        let host = url::Url::parse(public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| defaults.domain.clone());
        let from = match from {
            Some(text) => text
                .parse::<Mailbox>()
                .map_err(|e| anyhow::anyhow!("KNEAD_MAIL_FROM `{text}` is not an address: {e}"))?,
            None => format!("Knead <no-reply@{host}>")
                .parse::<Mailbox>()
                .unwrap_or_else(|_| defaults.from.clone()),
        };
        let domain = from.email.domain().to_owned();
        let transport = match (smtp_url.filter(|u| !u.trim().is_empty()), dir) {
            (Some(url), _) => Some(Transport::smtp(url, defaults.timeout)?),
            (None, Some(dir)) => Some(Transport::dir(dir)?),
            (None, None) => {
                tracing::warn!(
                    "neither KNEAD_SMTP_URL nor KNEAD_MAIL_DIR is set: no email is sent (password-reset requests wait)"
                );
                None
            }
        };
        Ok(Self {
            transport,
            from,
            domain,
            ..defaults
        })
    }

    /// The wait before attempt `attempts + 1`: `retry_base · 2^(attempts-1)`, at most a day.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let exponent = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(16);
        self.retry_base
            .saturating_mul(1u32 << exponent)
            .min(Duration::from_secs(24 * 3600))
    }

    /// A plain-text message from this server, with its stable `Message-ID`.
    pub fn message(&self, message_id: &str, at: chrono::DateTime<chrono::Utc>) -> MessageBuilder {
        lettre::Message::builder()
            .from(self.from.clone())
            .message_id(Some(message_id.to_owned()))
            .date(std::time::SystemTime::from(at))
            .header(ContentType::TEXT_PLAIN)
    }
}

/// A composed message: to whom, and what.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub name: Option<String>,
    pub email: String,
    pub subject: String,
    pub body: String,
}

/// The practice's wording of `kind`, or the built-in one.
pub async fn template_for(
    conn: &mut knead_persistence::Connection,
    practice: knead_domain::PracticeId,
    kind: knead_domain::mail_template::ClientMessage,
) -> Result<knead_domain::mail_template::Template, crate::error::ApiError> {
    Ok(
        match knead_persistence::client_mail::template(conn, practice, kind.as_str()).await? {
            Some(stored) => knead_domain::mail_template::Template {
                subject: stored.subject,
                body: stored.body,
            },
            None => kind.default_text(),
        },
    )
}

/// The text of a password-reset message: the practice's name and the link, nothing else
/// about the account, and nothing clinical.
pub fn password_reset_text(display_name: &str, practice_name: &str, url: &str) -> (String, String) {
    let subject = format!("Choose a new password for {practice_name}");
    let body = format!(
        "Hello {display_name},\n\n\
         Someone asked to reset the password of your {practice_name} account on Knead.\n\
         To choose a new one, open this link within 24 hours (it works once):\n\n\
         {url}\n\n\
         If it was not you, ignore this message: your password stays as it is, and your\n\
         two-factor sign-in, if you have one, is still asked for.\n"
    );
    (subject, body)
}

/// An invitation's subject and body; `url` is the one-time link to choose a first password.
pub fn invitation_text(display_name: &str, practice_name: &str, url: &str) -> (String, String) {
    let subject = format!("You are invited to {practice_name} on Knead");
    let body = format!(
        "Hello {display_name},\n\n\
         You have been invited to join {practice_name} on Knead, where the practice keeps its\n\
         calendar and session notes. To choose your password and sign in, open this link\n\
         within 7 days (it works once):\n\n\
         {url}\n\n\
         If you were not expecting this, ignore this message: nothing is set up until the link\n\
         is used.\n"
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_defaults_to_the_public_host_and_names_message_ids() {
        let settings = MailSettings::configure(None, None, None, "https://app.example.com").expect("settings");
        assert_eq!(settings.from.email.to_string(), "no-reply@app.example.com");
        assert_eq!(settings.domain, "app.example.com");
        assert!(settings.transport.is_none());
        let named =
            MailSettings::configure(None, None, Some("Stride <desk@stride.example>"), "http://x").expect("settings");
        assert_eq!(named.domain, "stride.example");
        assert!(MailSettings::configure(None, None, Some("not an address"), "http://x").is_err());
        let blank =
            MailSettings::configure(Some(""), Some(Path::new("")), Some(" "), "http://x").expect("blank is unset");
        assert!(blank.transport.is_none());
        assert_eq!(blank.from.email.to_string(), "no-reply@x");
        assert!(MailSettings::configure(Some("ftp://x"), None, None, "http://x").is_err());
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let settings = MailSettings::default();
        assert_eq!(settings.backoff(1), Duration::from_secs(30));
        assert_eq!(settings.backoff(3), Duration::from_secs(120));
        assert_eq!(settings.backoff(40), Duration::from_secs(24 * 3600));
    }
}
