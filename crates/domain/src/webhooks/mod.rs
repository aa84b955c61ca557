//! Webhooks: which URLs and addresses may receive them, the event types, and how a delivery
//! is signed (Standard Webhooks).

pub mod address;
pub mod signing;
pub mod target;

pub use address::{Refused, classify};
pub use target::{AllowList, WebhookUrl};

use crate::Invalid;
use crate::events::EventType;

/// Whether events of this type concern clinical records (intake forms, session notes): only
/// an endpoint marked clinical may receive them. An unknown type is not clinical.
pub fn is_clinical_type(event_type: &str) -> bool {
    EventType::parse(event_type).is_some_and(EventType::is_clinical)
}

/// Reads an endpoint's subscription: at least one known type, each once (sorted), and no
/// clinical type unless the endpoint is clinical.
pub fn event_types(requested: &[String], clinical: bool) -> Result<Vec<String>, Invalid> {
    if requested.is_empty() {
        return Err(Invalid::new("must name at least one event type"));
    }
    let mut types = Vec::with_capacity(requested.len());
    for t in requested {
        if EventType::parse(t).is_none() {
            return Err(Invalid::new(format!("`{t}` is not an event type")));
        }
        if is_clinical_type(t) && !clinical {
            return Err(Invalid::new(format!(
                "`{t}` is clinical: only a clinical endpoint may subscribe to it"
            )));
        }
        types.push(t.clone());
    }
    types.sort();
    types.dedup();
    Ok(types)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn subscriptions_are_checked() {
        assert_eq!(
            event_types(&owned(&["client.created", "booking.created", "client.created"]), false),
            Ok(owned(&["booking.created", "client.created"]))
        );
        assert!(event_types(&[], false).is_err());
        assert!(event_types(&owned(&["booking.exploded"]), true).is_err());
        assert!(event_types(&owned(&["note.signed"]), false).is_err());
        assert!(event_types(&owned(&["intake.submitted"]), false).is_err());
        assert!(event_types(&owned(&["note.signed", "intake.submitted"]), true).is_ok());
        let clinical: Vec<_> = EventType::ALL
            .iter()
            .filter(|t| t.is_clinical())
            .map(|t| t.as_str())
            .collect();
        assert_eq!(clinical, ["intake.submitted", "note.signed", "note.amended"]);
    }
}
