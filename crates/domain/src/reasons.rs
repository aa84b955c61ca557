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

/// A booking or series placed outside the usual rules on purpose: who decided, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub by: crate::StaffId,
    pub reason: OverrideReason,
    pub note: Option<ReasonNote>,
}

impl Override {
    /// The override a request asks for, checked against whether it books outside the rules:
    /// a reason is required exactly when it does (the error says which way it failed).
    pub fn required(
        outside_hours: bool,
        by: crate::StaffId,
        given: Option<(OverrideReason, Option<ReasonNote>)>,
    ) -> Result<Option<Self>, Invalid> {
        match (outside_hours, given) {
            (true, Some((reason, note))) => Ok(Some(Self { by, reason, note })),
            (true, None) => Err(Invalid::new(
                "say why this goes outside working hours, time off or a closed day (a code of override_reasons in /v1/vocabulary)",
            )),
            (false, Some(_)) => Err(Invalid::new("only with outside_hours: true")),
            (false, None) => Ok(None),
        }
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

    #[test]
    fn an_override_reason_comes_exactly_with_outside_hours() {
        let by = crate::StaffId::new();
        let reason = Some((OverrideReason::UrgentCare, None));
        assert_eq!(
            Override::required(true, by, reason.clone()),
            Ok(Some(Override {
                by,
                reason: OverrideReason::UrgentCare,
                note: None
            }))
        );
        assert!(Override::required(true, by, None).is_err());
        assert!(Override::required(false, by, reason).is_err());
        assert_eq!(Override::required(false, by, None), Ok(None));
    }
}
