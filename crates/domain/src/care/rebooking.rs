//! When a client on a window cadence ("every 3–4 weeks") should be called: *due* once the
//! window opens after their last completed session, *overdue* once it has closed, and not
//! listed at all while a session is booked since that last one.

use super::Cadence;
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

/// Where a client stands against their window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// The window opens later in the range asked about.
    Upcoming,
    /// Inside the window today.
    Due,
    /// The window closed without a session.
    Overdue,
}

/// A client's window and where today falls in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub status: DueStatus,
}

/// What the window is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The local date of the last completed session.
    pub last_session: Option<NaiveDate>,
    /// When the window phase began: the window opens then when no session was ever completed.
    pub phase_starts_on: NaiveDate,
    /// Whether a session (not cancelled, not a no-show) is booked after the last completed
    /// one: then the client has been rebooked and is not listed.
    pub rebooked: bool,
}

/// The client's window on `cadence` as of `today`, when they should be called about it by
/// `until`; `None` when they need no call (rebooked, not on a window, or not yet due by then).
pub fn due(standing: Standing, cadence: Cadence, today: NaiveDate, until: NaiveDate) -> Option<Due> {
    let Cadence::Window { min_days, max_days } = cadence else {
        return None;
    };
    if standing.rebooked {
        return None;
    }
    let (opens_on, closes_on) = match standing.last_session {
        Some(last) => (
            last + TimeDelta::days(i64::from(min_days)),
            last + TimeDelta::days(i64::from(max_days)),
        ),
        None => (
            standing.phase_starts_on,
            standing.phase_starts_on + TimeDelta::days(i64::from(max_days - min_days)),
        ),
    };
    if opens_on > until {
        return None;
    }
    let status = if today < opens_on {
        DueStatus::Upcoming
    } else if today <= closes_on {
        DueStatus::Due
    } else {
        DueStatus::Overdue
    };
    Some(Due {
        opens_on,
        closes_on,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Cadence = Cadence::Window {
        min_days: 21,
        max_days: 28,
    };

    fn day(d: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap() + TimeDelta::days(d)
    }

    fn standing(last: Option<i64>, rebooked: bool) -> Standing {
        Standing {
            last_session: last.map(day),
            phase_starts_on: day(-60),
            rebooked,
        }
    }

    #[test]
    fn due_inside_the_window_and_overdue_after_it() {
        let today = day(0);
        let week = day(7);
        assert_eq!(
            due(standing(Some(-22), false), WINDOW, today, week).map(|d| d.status),
            Some(DueStatus::Due)
        );
        assert_eq!(
            due(standing(Some(-28), false), WINDOW, today, week).map(|d| d.status),
            Some(DueStatus::Due)
        );
        assert_eq!(
            due(standing(Some(-30), false), WINDOW, today, week).map(|d| d.status),
            Some(DueStatus::Overdue)
        );
        assert_eq!(
            due(standing(Some(-16), false), WINDOW, today, week).map(|d| d.status),
            Some(DueStatus::Upcoming)
        );
        assert_eq!(
            due(standing(Some(-10), false), WINDOW, today, week),
            None,
            "opens after the range"
        );
    }

    #[test]
    fn rebooked_or_not_on_a_window_is_not_listed() {
        assert_eq!(due(standing(Some(-22), true), WINDOW, day(0), day(7)), None);
        assert_eq!(
            due(standing(Some(-22), false), Cadence::Every { days: 7 }, day(0), day(7)),
            None
        );
    }

    #[test]
    fn never_seen_is_due_from_the_phase_start() {
        let found = due(standing(None, false), WINDOW, day(0), day(7)).unwrap();
        assert_eq!((found.opens_on, found.status), (day(-60), DueStatus::Overdue));
    }
}
