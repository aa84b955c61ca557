//! Runner-aware care: a treatment plan in phases around the client's races, the sessions it
//! proposes ([`suggest`]), when a client on a window cadence is due for rebooking
//! ([`rebooking`]) and the progress flags read from signed notes ([`flags`]).
//!
//! The practice conventions the plans encode are data ([`Conventions::DEFAULT`]), overridable
//! per practice, not constants spread through the code.

pub mod conventions;
pub mod flags;
pub mod rebooking;
pub mod suggest;

pub use conventions::Conventions;

use crate::Invalid;
use crate::client::RacePriority;
use crate::clinical::vocabulary;
use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

vocabulary! {
    /// Where a runner stands in their season.
    PhaseKind {
        /// Training for a goal race: regular sessions.
        Build => ("build", "Build"),
        /// The last days before a race: one lighter session.
        Taper => ("taper", "Taper"),
        /// Race day: no session.
        Race => ("race", "Race"),
        /// The days after a race: one recovery session.
        Recovery => ("recovery", "Recovery"),
        /// Outside a training block: a session every few weeks.
        Maintenance => ("maintenance", "Maintenance"),
        /// Injury rehabilitation: weekly or biweekly.
        Rehab => ("rehab", "Rehab"),
    }
}

impl PhaseKind {
    /// Whether the phase's sessions are placed relative to its race, not by a cadence.
    pub fn race_relative(self) -> bool {
        matches!(self, PhaseKind::Taper | PhaseKind::Race | PhaseKind::Recovery)
    }
}

/// How often sessions come in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Cadence {
    /// Every `days` days (7 weekly, 14 biweekly), a day either side allowed.
    Every {
        #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 90))]
        days: u16,
    },
    /// A window, not a fixed interval: the next session between `min_days` and `max_days`
    /// after the last (e.g. 21–28).
    Window {
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 180))]
        min_days: u16,
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 180))]
        max_days: u16,
    },
    /// Placed relative to the phase's race: taper, race day (no session) and recovery.
    RaceRelative,
}

impl Cadence {
    /// The days after the last session the next may fall on, and the preferred one:
    /// `(earliest, latest, preferred)`. `None` for race-relative phases.
    pub fn gap(self) -> Option<(i64, i64, i64)> {
        match self {
            Cadence::Every { days } => {
                let days = i64::from(days);
                Some(((days - 1).max(1), days + 1, days))
            }
            Cadence::Window { min_days, max_days } => {
                Some((i64::from(min_days), i64::from(max_days), i64::from(min_days)))
            }
            Cadence::RaceRelative => None,
        }
    }

    /// Checks the numbers are in range.
    pub fn check(self) -> Result<Self, Invalid> {
        match self {
            Cadence::Every { days } if !(2..=90).contains(&days) => {
                Err(Invalid::new("`days` must be between 2 and 90"))
            }
            Cadence::Window { min_days, max_days } if min_days < 1 || max_days > 180 || min_days > max_days => {
                Err(Invalid::new("the window must satisfy 1 ≤ min_days ≤ max_days ≤ 180"))
            }
            other => Ok(other),
        }
    }
}

/// One phase of a plan: a kind over local dates `starts_on..=ends_on`, its cadence, the
/// service to book (the plan's when absent) and, for taper, race and recovery, its race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub kind: PhaseKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub cadence: Cadence,
    /// The service booked in this phase; the plan's when absent (a taper uses the plan's
    /// lighter service first).
    pub service_id: Option<Uuid>,
    /// The race a build, taper, race or recovery phase leads to or follows.
    pub race_id: Option<Uuid>,
}

impl Phase {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

/// The longest a plan may run.
pub const LONGEST_PLAN: TimeDelta = TimeDelta::days(366);

/// Checks phases entered by hand: each in order, ending on or after it starts, not
/// overlapping the one before, with a cadence that fits its kind, the whole within
/// [`LONGEST_PLAN`]. On failure, the index of the bad phase and why.
pub fn check_phases(phases: &[Phase]) -> Result<(), (usize, Invalid)> {
    if phases.is_empty() {
        return Err((0, Invalid::new("a plan needs at least one phase")));
    }
    for (i, phase) in phases.iter().enumerate() {
        if phase.ends_on < phase.starts_on {
            return Err((i, Invalid::new("must end on or after the day it starts")));
        }
        if let Some(before) = i.checked_sub(1).map(|j| phases[j])
            && phase.starts_on <= before.ends_on
        {
            return Err((i, Invalid::new("must start after the phase before it ends")));
        }
        match (phase.kind.race_relative(), phase.cadence) {
            (true, Cadence::RaceRelative) if phase.race_id.is_none() => {
                return Err((i, Invalid::new("a taper, race or recovery phase names its race")));
            }
            (true, Cadence::RaceRelative) => {}
            (true, _) => {
                return Err((
                    i,
                    Invalid::new("a taper, race or recovery phase has the race_relative cadence"),
                ));
            }
            (false, Cadence::RaceRelative) => {
                return Err((
                    i,
                    Invalid::new("only taper, race and recovery phases are race_relative"),
                ));
            }
            (false, cadence) => {
                cadence.check().map_err(|e| (i, e))?;
            }
        }
    }
    let first = phases[0].starts_on;
    let last = phases[phases.len() - 1].ends_on;
    if last - first > LONGEST_PLAN {
        return Err((phases.len() - 1, Invalid::new("a plan covers at most 366 days")));
    }
    Ok(())
}

/// A race as plans see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaceDay {
    pub id: Uuid,
    pub name: String,
    pub date: NaiveDate,
    pub priority: RacePriority,
}

/// Phases built from a client's races: for each A or B race from `today` on, in date order, a
/// build block before it, a taper, race day and recovery; maintenance fills the time between
/// blocks and runs to `ends_on`. A race inside another's block cuts that block short (its own
/// taper, race and recovery come first); C races shape nothing but are never booked on.
pub fn derive_phases(races: &[RaceDay], conventions: &Conventions, today: NaiveDate, ends_on: NaiveDate) -> Vec<Phase> {
    let mut goals: Vec<&RaceDay> = races
        .iter()
        .filter(|r| r.priority != RacePriority::C && r.date > today && r.date <= ends_on)
        .collect();
    goals.sort_by_key(|r| r.date);
    let mut phases = Vec::new();
    let mut free_from = today;
    let day = TimeDelta::days(1);
    for race in goals {
        let taper_from = race.date - TimeDelta::days(i64::from(conventions.taper_days_max));
        let build_from = race.date - TimeDelta::weeks(i64::from(conventions.build_weeks(race.priority)));
        let relative = |kind, starts_on, ends_on| Phase {
            kind,
            starts_on,
            ends_on,
            cadence: Cadence::RaceRelative,
            service_id: None,
            race_id: Some(race.id),
        };
        let mut block = Vec::new();
        if build_from.max(free_from) < taper_from {
            if free_from < build_from {
                block.push(maintenance(conventions, free_from, build_from - day));
            }
            block.push(Phase {
                kind: PhaseKind::Build,
                starts_on: build_from.max(free_from),
                ends_on: taper_from - day,
                cadence: conventions.build_cadence(race.priority),
                service_id: None,
                race_id: Some(race.id),
            });
        }
        if taper_from.max(free_from) < race.date {
            block.push(relative(PhaseKind::Taper, taper_from.max(free_from), race.date - day));
        }
        if race.date < free_from {
            continue;
        }
        let recovery_ends = race.date + TimeDelta::days(i64::from(conventions.recovery_days_max));
        block.push(relative(PhaseKind::Race, race.date, race.date));
        block.push(relative(
            PhaseKind::Recovery,
            race.date + day,
            recovery_ends.min(ends_on),
        ));
        phases.extend(block.into_iter().filter(|p| p.starts_on <= p.ends_on));
        free_from = recovery_ends + day;
    }
    if free_from <= ends_on {
        phases.push(maintenance(conventions, free_from, ends_on));
    }
    phases
}

fn maintenance(conventions: &Conventions, starts_on: NaiveDate, ends_on: NaiveDate) -> Phase {
    Phase {
        kind: PhaseKind::Maintenance,
        starts_on,
        ends_on,
        cadence: conventions.maintenance,
        service_id: None,
        race_id: None,
    }
}

#[cfg(test)]
mod tests;
