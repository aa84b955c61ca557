//! What therapists who treat runners do, as data: how long a build block runs before an A or
//! B race and how often sessions come in it, the lighter session a few days before a race,
//! the recovery session after it, the window between sessions outside a training block,
//! rehabilitation's cadence, and after how many sessions without improvement a flag is
//! raised. [`Conventions::DEFAULT`] is the practice's starting point; a practice may override
//! any of it.

use super::Cadence;
use crate::Invalid;
use crate::client::RacePriority;
use serde::{Deserialize, Serialize};

/// A practice's care conventions. Every field is documented with the convention it encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Conventions {
    /// Weeks of build before an A race (a marathon block is 12–16 weeks).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 26))]
    pub build_weeks_a: u8,
    /// Weeks of build before a B race.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 26))]
    pub build_weeks_b: u8,
    /// Sessions while building for an A race: weekly by default.
    pub build_cadence_a: Cadence,
    /// Sessions while building for a B race: biweekly by default.
    pub build_cadence_b: Cadence,
    /// The light pre-race session falls this many days before the race at the latest (2)…
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 14))]
    pub taper_days_min: u8,
    /// …and at the earliest (4).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 14))]
    pub taper_days_max: u8,
    /// The recovery session falls this many days after the race at the earliest (1: 24 h)…
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 14))]
    pub recovery_days_min: u8,
    /// …and at the latest (2: 48 h).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 14))]
    pub recovery_days_max: u8,
    /// Outside a training block: every 3–4 weeks, a window rather than a fixed interval.
    pub maintenance: Cadence,
    /// Injury rehabilitation: weekly by default (biweekly is common too).
    pub rehab: Cadence,
    /// Sessions of one technique on one region without improvement before a flag (4).
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 20))]
    pub no_improvement_sessions: u8,
}

impl Conventions {
    pub const DEFAULT: Conventions = Conventions {
        build_weeks_a: 12,
        build_weeks_b: 6,
        build_cadence_a: Cadence::Every { days: 7 },
        build_cadence_b: Cadence::Every { days: 14 },
        taper_days_min: 2,
        taper_days_max: 4,
        recovery_days_min: 1,
        recovery_days_max: 2,
        maintenance: Cadence::Window {
            min_days: 21,
            max_days: 28,
        },
        rehab: Cadence::Every { days: 7 },
        no_improvement_sessions: 4,
    };

    pub fn build_weeks(&self, priority: RacePriority) -> u8 {
        match priority {
            RacePriority::A => self.build_weeks_a,
            _ => self.build_weeks_b,
        }
    }

    pub fn build_cadence(&self, priority: RacePriority) -> Cadence {
        match priority {
            RacePriority::A => self.build_cadence_a,
            _ => self.build_cadence_b,
        }
    }

    /// Checks every number; on failure, the field's name and why.
    pub fn check(self) -> Result<Self, (&'static str, Invalid)> {
        let within = |name, value: u8, low: u8, high: u8| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err((name, Invalid::new(format!("must be between {low} and {high}"))))
            }
        };
        within("build_weeks_a", self.build_weeks_a, 1, 26)?;
        within("build_weeks_b", self.build_weeks_b, 1, 26)?;
        within("taper_days_min", self.taper_days_min, 1, 14)?;
        within("taper_days_max", self.taper_days_max, self.taper_days_min, 14)?;
        within("recovery_days_min", self.recovery_days_min, 1, 14)?;
        within("recovery_days_max", self.recovery_days_max, self.recovery_days_min, 14)?;
        within("no_improvement_sessions", self.no_improvement_sessions, 2, 20)?;
        for (name, cadence) in [
            ("build_cadence_a", self.build_cadence_a),
            ("build_cadence_b", self.build_cadence_b),
            ("maintenance", self.maintenance),
            ("rehab", self.rehab),
        ] {
            if cadence == Cadence::RaceRelative {
                return Err((name, Invalid::new("must be `every` or `window`")));
            }
            cadence.check().map_err(|e| (name, e))?;
        }
        Ok(self)
    }
}

impl Default for Conventions {
    fn default() -> Self {
        Self::DEFAULT
    }
}
