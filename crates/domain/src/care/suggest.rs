//! Proposing concrete sessions from a plan: a pure function of the plan, the client's races,
//! the therapist's free slots, what is already booked and the clock.
//!
//! Cadence phases (build, maintenance, rehab) place each session a cadence gap after the one
//! before (a booked or completed session counts, so does a proposal), on the free day nearest
//! the preferred gap. A taper gets one session `taper_days_min..=taper_days_max` days before
//! its race (3 days preferred), a recovery one `recovery_days_min..=recovery_days_max` days
//! after (the first preferred). Nothing is proposed on any race day, over anything taken, or
//! twice: each proposal has a stable key, and rejected keys are not proposed again.

use super::{Conventions, Phase, PhaseKind, RaceDay};
use crate::schedule::Span;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

/// A free slot for one service (from the free-slot function, closed days and time off out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub service: Uuid,
    pub span: Span,
}

/// What a suggestion is computed from.
#[derive(Debug, Clone, Copy)]
pub struct SuggestInput<'a> {
    pub zone: Tz,
    pub now: DateTime<Utc>,
    /// The last local date proposed (inclusive).
    pub until: NaiveDate,
    pub phases: &'a [Phase],
    pub races: &'a [RaceDay],
    pub conventions: &'a Conventions,
    /// The plan's service, for phases that name none.
    pub service: Uuid,
    /// The lighter service for the pre-race session; the phase's or the plan's when absent.
    pub light_service: Option<Uuid>,
    /// Starts of the client's sessions that count: completed ones and those booked ahead.
    pub sessions: &'a [DateTime<Utc>],
    pub offers: &'a [Offer],
    /// Spans nothing may be proposed over: the client's and the therapist's bookings (with
    /// their buffers) and the therapist's time off.
    pub taken: &'a [Span],
    /// Keys of proposals turned down.
    pub rejected: &'a [String],
}

/// One proposed session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Stable across calls with the same inputs: `build:2026-12-10`, `taper:<race id>`.
    pub key: String,
    pub phase: PhaseKind,
    pub service: Uuid,
    pub span: Span,
    /// Why, for a person: "taper: 3 days before Boston Marathon".
    pub reason: String,
}

/// The proposals, in time order.
pub fn suggest(input: &SuggestInput<'_>) -> Vec<Proposal> {
    let mut planner = Planner {
        input,
        tomorrow: input.now.with_timezone(&input.zone).date_naive() + TimeDelta::days(1),
        chosen: Vec::new(),
    };
    for phase in input.phases {
        match phase.kind {
            PhaseKind::Race => {}
            PhaseKind::Taper | PhaseKind::Recovery => planner.around_race(phase),
            _ => planner.by_cadence(phase),
        }
    }
    let mut proposals = planner.chosen;
    proposals.sort_by_key(|p| p.span.start);
    proposals
}

struct Planner<'a> {
    input: &'a SuggestInput<'a>,
    tomorrow: NaiveDate,
    chosen: Vec<Proposal>,
}

impl Planner<'_> {
    fn local(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.input.zone).date_naive()
    }

    /// Local dates of the sessions that count, proposals so far included, sorted.
    fn session_days(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self.input.sessions.iter().map(|s| self.local(*s)).collect();
        days.extend(self.chosen.iter().map(|p| self.local(p.span.start)));
        days.sort();
        days
    }

    fn race_day(&self, day: NaiveDate) -> bool {
        self.input.races.iter().any(|r| r.date == day)
    }

    /// The first free slot of `service` on `day` clear of everything taken and chosen.
    fn slot_on(&self, day: NaiveDate, service: Uuid) -> Option<Span> {
        if day < self.tomorrow || day > self.input.until || self.race_day(day) {
            return None;
        }
        self.input
            .offers
            .iter()
            .filter(|o| o.service == service && self.local(o.span.start) == day)
            .map(|o| o.span)
            .filter(|s| s.start > self.input.now)
            .find(|s| {
                !self.input.taken.iter().any(|t| t.overlaps(s)) && !self.chosen.iter().any(|p| p.span.overlaps(s))
            })
    }

    /// The first of `days` with a slot, as a proposal.
    fn first_fit(
        &mut self,
        days: &[NaiveDate],
        phase: &Phase,
        service: Uuid,
        key: String,
        reason: impl Fn(NaiveDate) -> String,
    ) -> bool {
        let found = days.iter().find_map(|d| self.slot_on(*d, service).map(|s| (*d, s)));
        if let Some((day, span)) = found {
            self.chosen.push(Proposal {
                key,
                phase: phase.kind,
                service,
                span,
                reason: reason(day),
            });
        }
        found.is_some()
    }

    fn around_race(&mut self, phase: &Phase) {
        let input = self.input;
        let Some(race) = input.races.iter().find(|r| Some(r.id) == phase.race_id) else {
            return;
        };
        let c = input.conventions;
        let (kind, low, high, preferred) = match phase.kind {
            PhaseKind::Taper => ("taper", -i64::from(c.taper_days_max), -i64::from(c.taper_days_min), -3),
            _ => (
                "recovery",
                i64::from(c.recovery_days_min),
                i64::from(c.recovery_days_max),
                1,
            ),
        };
        let key = format!("{kind}:{}", race.id);
        let window = |d: &NaiveDate| (low..=high).contains(&(*d - race.date).num_days());
        if self.input.rejected.contains(&key) || self.session_days().iter().any(window) {
            return;
        }
        let mut offsets: Vec<i64> = (low..=high).collect();
        offsets.sort_by_key(|o| ((o - preferred).abs(), o.abs()));
        let days: Vec<NaiveDate> = offsets.iter().map(|o| race.date + TimeDelta::days(*o)).collect();
        let service = match phase.kind {
            PhaseKind::Taper => self
                .input
                .light_service
                .or(phase.service_id)
                .unwrap_or(self.input.service),
            _ => phase.service_id.unwrap_or(self.input.service),
        };
        let name = race.name.clone();
        self.first_fit(&days, phase, service, key, |day| {
            let apart = (day - race.date).num_days().abs();
            let unit = if apart == 1 { "day" } else { "days" };
            let side = if kind == "taper" { "before" } else { "after" };
            format!("{kind}: {apart} {unit} {side} {name}")
        });
    }

    fn by_cadence(&mut self, phase: &Phase) {
        let Some((low, high, preferred)) = phase.cadence.gap() else {
            return;
        };
        let first = phase.starts_on.max(self.tomorrow);
        let last = phase.ends_on.min(self.input.until);
        let service = phase.service_id.unwrap_or(self.input.service);
        let days = self.session_days();
        let mut prev = days
            .iter()
            .copied()
            .rfind(|d| *d < first && *d + TimeDelta::days(high) >= first);
        loop {
            let (from, to, target) = match prev {
                Some(p) => (
                    (p + TimeDelta::days(low)).max(first),
                    p + TimeDelta::days(high),
                    p + TimeDelta::days(preferred),
                ),
                None => (first, first + TimeDelta::days(high - low), first),
            };
            if from > last {
                return;
            }
            let next_held = self
                .session_days()
                .into_iter()
                .find(|d| prev.is_none_or(|p| *d > p) && *d >= first.min(from));
            // With nothing before, a session already held within one full gap starts the run.
            let held_by = if prev.is_some() {
                to
            } else {
                first + TimeDelta::days(high)
            };
            if let Some(held) = next_held.filter(|d| *d <= held_by) {
                prev = Some(held);
                continue;
            }
            let key = format!("{}:{target}", phase.kind.as_str());
            if !self.input.rejected.contains(&key) {
                let mut candidates: Vec<NaiveDate> = (0..=(to - from).num_days())
                    .map(|i| from + TimeDelta::days(i))
                    .filter(|d| *d <= last)
                    .collect();
                candidates.sort_by_key(|d| ((*d - target).num_days().abs(), *d));
                let label = phase.kind.as_str();
                let every = cadence_words(phase);
                if self.first_fit(&candidates, phase, service, key, |_| format!("{label}: {every}")) {
                    prev = self.chosen.last().map(|p| self.local(p.span.start));
                    continue;
                }
            }
            prev = Some(target.max(from));
        }
    }
}

/// "weekly", "every 14 days", "every 21–28 days".
fn cadence_words(phase: &Phase) -> String {
    match phase.cadence {
        super::Cadence::Every { days: 7 } => "weekly".to_owned(),
        super::Cadence::Every { days: 14 } => "every two weeks".to_owned(),
        super::Cadence::Every { days } => format!("every {days} days"),
        super::Cadence::Window { min_days, max_days } => format!("every {min_days}–{max_days} days"),
        super::Cadence::RaceRelative => String::new(),
    }
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
