//! Knead's business vocabulary: typed ids and value types that cannot hold a bad value, the
//! access table and the audit chain.
//!
//! Nothing here knows about SQL or HTTP; the persistence and API crates convert at their edges.

pub mod access;
pub mod activity;
pub mod amendments;
pub mod audit;
pub mod booking;
pub mod calendar_feed;
pub mod care;
pub mod changes;
pub mod client;
pub mod client_import;
pub mod clinical;
pub mod closed_days;
pub mod events;
pub mod ids;
pub mod mail_template;
pub mod notes;
pub mod practice;
pub mod reasons;
pub mod recurrence;
pub mod schedule;
pub mod session;
pub mod staff;
pub mod webhooks;
pub mod whole;

pub use ids::{ClientId, IntakeFormId, PracticeId, StaffId};
pub use practice::{CancellationWindow, IdleLogoff, PracticeName, PracticeSlug, TimeZone};
pub use session::SessionLength;
pub use staff::{DisplayName, Email, NewPassword, Role, Technique};

/// Why a raw value was refused by a domain type; the message is meant for the end user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
