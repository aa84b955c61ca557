//! Staff: roles, login emails, passwords as policy, and the techniques a therapist offers.

use crate::Invalid;
use serde::{Deserialize, Serialize};

/// The longest credentials ("LMT, CSCS") or licence number a staff member may carry.
pub const CREDENTIAL_MAX_CHARS: usize = 100;

/// What a staff member may do: owners run the practice, therapists treat and see clinical
/// records, the front desk runs the calendar and never sees clinical content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Therapist,
    FrontDesk,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Therapist, Role::FrontDesk];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Therapist => "therapist",
            Role::FrontDesk => "front_desk",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == raw)
            .ok_or_else(|| Invalid::new("must be one of owner, therapist, front_desk"))
    }

    /// Whether this role may read clinical content (intake health details, notes, pain).
    pub fn sees_clinical(self) -> bool {
        matches!(self, Role::Owner | Role::Therapist)
    }

    /// Whether staff in this role hold sessions: be booked, have availability, a calendar feed
    /// of their sessions, and be a client's preferred therapist. Owners treat clients too.
    pub fn takes_bookings(self) -> bool {
        matches!(self, Role::Owner | Role::Therapist)
    }
}

/// A login email, stored lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            });
        if valid {
            Ok(Self(email))
        } else {
            Err(Invalid::new("must be an email address"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the policy: 12–128 characters (long passphrases welcome; the
/// upper bound keeps hashing cost bounded).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.chars().count() {
            0..=11 => Err(Invalid::new("must be at least 12 characters")),
            12..=128 => Ok(Self(raw.to_owned())),
            _ => Err(Invalid::new("must be at most 128 characters")),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A staff member's name as shown in the app: 1–200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        match trimmed.chars().count() {
            0 => Err(Invalid::new("must not be blank")),
            1..=200 => Ok(Self(trimmed.to_owned())),
            _ => Err(Invalid::new("must be at most 200 characters")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A massage technique, from the fixed list session notes and therapist profiles share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Technique {
    DeepTissue,
    TriggerPoint,
    MyofascialRelease,
    Cupping,
    SportsMassage,
    CrossFibreFriction,
    ActiveRelease,
    Reflexology,
    LymphaticDrainage,
    Swedish,
    Stretching,
    InstrumentAssisted,
    Percussive,
}

impl Technique {
    pub const ALL: [Technique; 13] = [
        Technique::DeepTissue,
        Technique::TriggerPoint,
        Technique::MyofascialRelease,
        Technique::Cupping,
        Technique::SportsMassage,
        Technique::CrossFibreFriction,
        Technique::ActiveRelease,
        Technique::Reflexology,
        Technique::LymphaticDrainage,
        Technique::Swedish,
        Technique::Stretching,
        Technique::InstrumentAssisted,
        Technique::Percussive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Technique::DeepTissue => "deep_tissue",
            Technique::TriggerPoint => "trigger_point",
            Technique::MyofascialRelease => "myofascial_release",
            Technique::Cupping => "cupping",
            Technique::SportsMassage => "sports_massage",
            Technique::CrossFibreFriction => "cross_fibre_friction",
            Technique::ActiveRelease => "active_release",
            Technique::Reflexology => "reflexology",
            Technique::LymphaticDrainage => "lymphatic_drainage",
            Technique::Swedish => "swedish",
            Technique::Stretching => "stretching",
            Technique::InstrumentAssisted => "instrument_assisted",
            Technique::Percussive => "percussive",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == raw)
            .ok_or_else(|| Invalid::new(format!("unknown technique {raw:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn therapists_and_owners_take_bookings() {
        assert!(Role::Therapist.takes_bookings());
        assert!(Role::Owner.takes_bookings());
        assert!(!Role::FrontDesk.takes_bookings());
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        for technique in Technique::ALL {
            assert_eq!(Technique::parse(technique.as_str()), Ok(technique));
        }
    }

    #[test]
    fn emails_and_passwords() {
        assert_eq!(
            Email::parse(" Ana@Example.COM ").map(|e| e.as_str().to_owned()),
            Ok("ana@example.com".into())
        );
        for bad in ["", "ana", "ana@", "@x.com", "ana@x", "a b@x.com", "ana@.com"] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("correct horse battery")),
            "Ok(NewPassword(***))"
        );
    }
}
