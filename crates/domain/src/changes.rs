//! The change feed's vocabulary: which resources an integrator mirrors, and which of them a
//! principal may hear about. Session notes are clinical: even their ids and versions (that a
//! note about a client was written or amended) reach only principals that see clinical content.

use crate::access::Principal;
use serde::{Deserialize, Serialize};

/// A resource the change feed reports. Its id and version are what an integrator needs to
/// fetch it from the resource's own endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    Client,
    Race,
    Booking,
    BookingSeries,
    Service,
    Room,
    Staff,
    /// A staff member's weekly template; the id is the staff member's.
    WorkingHours,
    TimeOff,
    ClosedDay,
    /// Metadata only (id, version): the note itself is read at `/v1/session-notes/{id}`.
    SessionNote,
}

impl ResourceType {
    pub const ALL: [ResourceType; 11] = [
        Self::Client,
        Self::Race,
        Self::Booking,
        Self::BookingSeries,
        Self::Service,
        Self::Room,
        Self::Staff,
        Self::WorkingHours,
        Self::TimeOff,
        Self::ClosedDay,
        Self::SessionNote,
    ];

    /// The name used in the API and in the `changes` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Race => "race",
            Self::Booking => "booking",
            Self::BookingSeries => "booking_series",
            Self::Service => "service",
            Self::Room => "room",
            Self::Staff => "staff",
            Self::WorkingHours => "working_hours",
            Self::TimeOff => "time_off",
            Self::ClosedDay => "closed_day",
            Self::SessionNote => "session_note",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether the fact that such a resource changed is itself clinical.
    pub fn is_clinical(self) -> bool {
        matches!(self, Self::SessionNote)
    }

    /// The types `principal` may be told about, of those asked for (`None`: every type).
    pub fn visible_to(principal: &impl Principal, asked: Option<&[ResourceType]>) -> Vec<ResourceType> {
        let clinical = principal.sees_clinical();
        let mut types: Vec<ResourceType> = asked
            .map(<[ResourceType]>::to_vec)
            .unwrap_or_else(|| Self::ALL.to_vec())
            .into_iter()
            .filter(|t| clinical || !t.is_clinical())
            .collect();
        types.sort();
        types.dedup();
        types
    }
}

/// What happened to the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Created or changed (archived and cancelled included): fetch it.
    Upsert,
    /// Deleted: it will not be found again.
    Delete,
}

impl ChangeKind {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "upsert" => Some(Self::Upsert),
            "delete" => Some(Self::Delete),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    #[test]
    fn names_round_trip() {
        for t in ResourceType::ALL {
            assert_eq!(ResourceType::parse(t.as_str()), Some(t));
        }
        assert_eq!(ResourceType::parse("note"), None);
    }

    #[test]
    fn session_notes_reach_only_clinical_principals() {
        assert!(!ResourceType::visible_to(&Role::FrontDesk, None).contains(&ResourceType::SessionNote));
        assert!(ResourceType::visible_to(&Role::Owner, None).contains(&ResourceType::SessionNote));
        let asked = [ResourceType::SessionNote, ResourceType::Booking, ResourceType::Booking];
        assert_eq!(
            ResourceType::visible_to(&Role::FrontDesk, Some(&asked)),
            vec![ResourceType::Booking]
        );
        assert_eq!(ResourceType::visible_to(&Role::Therapist, Some(&asked)).len(), 2);
    }
}
