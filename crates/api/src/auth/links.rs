//! One-time password links (invitations and resets): minted, stored as a hash, and the URL of
//! the web app's page that takes them. An owner hands one out (`create_staff_link`); the mail
//! worker sends a reset one to the account's own address.

use super::secrets::{self, LINK_PREFIX};
use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use knead_domain::{PracticeId, StaffId};
use knead_persistence::Connection;
use knead_persistence::tokens::{self, LinkPurpose, StaffLink};

/// A link just issued: its secret is here only.
#[derive(Debug)]
pub struct Issued {
    pub url: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// How long a link works: an invitation 7 days, a reset 24 hours.
pub fn lifetime(purpose: LinkPurpose) -> Duration {
    match purpose {
        LinkPurpose::Invitation => Duration::days(7),
        LinkPurpose::PasswordReset => Duration::hours(24),
    }
}

/// Mints a link for `staff`, stores its hash, and answers its URL under `public_url`.
pub async fn issue(
    conn: &mut Connection,
    practice: PracticeId,
    staff: StaffId,
    purpose: LinkPurpose,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Issued, ApiError> {
    let minted = secrets::mint(LINK_PREFIX, practice);
    let link = StaffLink {
        practice_id: practice.0,
        id: minted.id,
        staff_id: staff.0,
        purpose: purpose.as_str().to_owned(),
        secret_hash: minted.hash,
        expires_at: now + lifetime(purpose),
        used_at: None,
        created_at: now,
    };
    tokens::insert_link(conn, &link).await?;
    // The purpose lets the page word itself ("Welcome" or "Choose a new password"); the
    // token stays in the fragment, which browsers never send to a server.
    let url = format!(
        "{}/set-password#purpose={}&token={}",
        public_url.trim_end_matches('/'),
        purpose.as_str(),
        minted.token
    );
    Ok(Issued {
        url,
        token: minted.token,
        expires_at: link.expires_at,
    })
}
