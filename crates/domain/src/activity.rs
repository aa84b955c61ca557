//! The activity log's vocabulary: who wrote (a staff member, an API key, a client through an
//! intake link, or the system), which resources it names and the actions recorded on them.
//! Non-clinical by construction: an entry is ids, an action and an actor, never text.

use serde::{Deserialize, Serialize};

/// Who made a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ActivityActorKind))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A signed-in staff member.
    Staff,
    /// An API key (its own principal, never its creator).
    ApiKey,
    /// A client using a one-time intake link.
    ClientLink,
    /// No one signed in: background work (the series horizon, the webhook worker), the
    /// command line, migrations.
    System,
}

impl ActorKind {
    pub const ALL: [ActorKind; 4] = [Self::Staff, Self::ApiKey, Self::ClientLink, Self::System];

    /// The name in the API and in the `activity` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::ApiKey => "api_key",
            Self::ClientLink => "client_link",
            Self::System => "system",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A resource whose writes the activity log records (one trigger per table, migration 000090).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ActivityResourceType))]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    Booking,
    BookingSeries,
    Client,
    Service,
    Room,
    Staff,
    /// The practice's settings; the id is the practice's.
    Practice,
    WebhookEndpoint,
    ApiKey,
    /// A practice's wording of a client email; the id is the practice's.
    EmailTemplate,
}

impl ResourceType {
    pub const ALL: [ResourceType; 10] = [
        Self::Booking,
        Self::BookingSeries,
        Self::Client,
        Self::Service,
        Self::Room,
        Self::Staff,
        Self::Practice,
        Self::WebhookEndpoint,
        Self::ApiKey,
        Self::EmailTemplate,
    ];

    /// The name in the API and in the `activity` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booking => "booking",
            Self::BookingSeries => "booking_series",
            Self::Client => "client",
            Self::Service => "service",
            Self::Room => "room",
            Self::Staff => "staff",
            Self::Practice => "practice",
            Self::WebhookEndpoint => "webhook_endpoint",
            Self::ApiKey => "api_key",
            Self::EmailTemplate => "email_template",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// What the trigger may record after the resource type's dot (`booking.cancelled`): a row's
/// creation, deletion, a state it moved to, or any other change (`updated`).
pub const VERBS: &[&str] = &[
    "created",
    "invited",
    "updated",
    "deleted",
    "confirmed",
    "checked_in",
    "completed",
    "cancelled",
    "no_show",
    "archived",
    "restored",
    "deactivated",
    "reactivated",
    "enabled",
    "disabled",
    "revoked",
    "ended",
    "role_changed",
    "password_set",
    "secret_rotated",
];

/// An action as the log names it: `<resource type>.<verb>`, both known.
pub fn parse_action(raw: &str) -> Option<(ResourceType, &str)> {
    let (resource, verb) = raw.split_once('.')?;
    let resource = ResourceType::parse(resource)?;
    VERBS.iter().find(|v| **v == verb).map(|v| (resource, *v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in ResourceType::ALL {
            assert_eq!(ResourceType::parse(t.as_str()), Some(t));
        }
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ResourceType::parse("session_note"), None);
    }

    #[test]
    fn actions_name_a_known_resource_and_verb() {
        assert_eq!(
            parse_action("booking.cancelled"),
            Some((ResourceType::Booking, "cancelled"))
        );
        assert_eq!(parse_action("staff.invited"), Some((ResourceType::Staff, "invited")));
        assert_eq!(parse_action("booking"), None);
        assert_eq!(parse_action("note.created"), None);
        assert_eq!(parse_action("booking.exploded"), None);
        assert_eq!(parse_action("booking.cancelled.x"), None);
    }
}
