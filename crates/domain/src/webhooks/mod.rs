//! Webhooks: which URLs and addresses may receive them, the event types, and how a delivery
//! is signed (Standard Webhooks).

pub mod address;
pub mod signing;
pub mod target;

pub use address::{Refused, classify};
pub use target::{AllowList, WebhookUrl};
