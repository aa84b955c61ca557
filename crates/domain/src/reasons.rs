//! Why a booking was cancelled, and why someone booked outside the usual rules (outside working
//! hours, in time off, on a closed day). Closed lists, so reports can count them; a short
//! free-text note may add detail. The front desk and emails see both: no health details.

use crate::Invalid;
use crate::clinical::vocabulary;

vocabulary! {
    /// Why a booking was cancelled.
    CancellationReason {
        ClientRequest => ("client_request", "Client asked to cancel"),
        Illness => ("illness", "Illness"),
        Injury => ("injury", "Injury"),
        Weather => ("weather", "Weather"),
        TherapistUnavailable => ("therapist_unavailable", "Therapist unavailable"),
        PracticeClosed => ("practice_closed", "Practice closed"),
        SchedulingError => ("scheduling_error", "Booked by mistake"),
        Other => ("other", "Other"),
    }
}

vocabulary! {
    /// Why a booking was made outside working hours, in time off or on a closed day.
    OverrideReason {
        ClientRequest => ("client_request", "Client asked for this time"),
        TherapistAgreed => ("therapist_agreed", "Therapist agreed to work then"),
        UrgentCare => ("urgent_care", "Needed soon (e.g. before a race)"),
        MakeUp => ("make_up", "Making up a cancelled session"),
        Other => ("other", "Other"),
    }
}

/// An optional note beside a reason: trimmed, at most 200 characters, blank as none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonNote(String);

impl ReasonNote {
    pub const MAX: usize = 200;

    pub fn parse(raw: Option<&str>) -> Result<Option<Self>, Invalid> {
        let Some(trimmed) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if trimmed.chars().count() > Self::MAX {
            return Err(Invalid::new(format!("must be at most {} characters", Self::MAX)));
        }
        Ok(Some(Self(trimmed.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_notes_are_short() {
        for reason in CancellationReason::ALL {
            assert_eq!(CancellationReason::parse(reason.as_str()), Ok(*reason));
        }
        for reason in OverrideReason::ALL {
            assert_eq!(OverrideReason::parse(reason.as_str()), Ok(*reason));
        }
        assert!(CancellationReason::parse("bored").is_err());
        assert_eq!(ReasonNote::parse(Some("   ")), Ok(None));
        assert_eq!(ReasonNote::parse(None), Ok(None));
        assert!(ReasonNote::parse(Some(&"x".repeat(201))).is_err());
        assert_eq!(
            ReasonNote::parse(Some(" race on Sunday ")).map(|n| n.map(|n| n.as_str().to_owned())),
            Ok(Some("race on Sunday".to_owned()))
        );
    }
}
