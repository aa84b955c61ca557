//! The demo practice's calendar: services, rooms, both therapists' working hours, and a weekly
//! series of twelve sessions for each runner client, so the calendar, availability and series
//! show something on first run.

use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, Utc, Weekday};
use knead_domain::recurrence::{RecurrenceRule, Series, SeriesPattern};
use knead_domain::schedule::{WeeklyHours, WorkInterval};
use knead_domain::{ClientId, PracticeId, Role};
use knead_persistence::series::SeriesTerms;
use knead_persistence::series::edit::{self, OnConflict, SeriesError};
use knead_persistence::services::{self, ServiceDetails};
use knead_persistence::{Connection, StoreError, practices, schedule, staff};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn week() -> Result<WeeklyHours, StoreError> {
    let mut intervals = Vec::new();
    for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri] {
        for (from, to) in [(time(9, 0), time(12, 0)), (time(13, 0), time(18, 0))] {
            intervals.push(WorkInterval {
                weekday: day,
                starts: from,
                ends: to,
            });
        }
    }
    intervals.push(WorkInterval {
        weekday: Weekday::Sat,
        starts: time(8, 0),
        ends: time(12, 0),
    });
    WeeklyHours::new(intervals).map_err(|(_, e)| StoreError::Corrupt(format!("demo hours: {e}")))
}

/// Loads the calendar as of `now`: the series start on the coming working days.
pub async fn load(
    conn: &mut Connection,
    practice: PracticeId,
    clients: &[ClientId],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let service = |name: &str, minutes, cents, buffer, prep: Option<&str>| ServiceDetails {
        name: name.into(),
        duration_minutes: minutes,
        price_cents: cents,
        buffer_minutes: buffer,
        preparation: prep.map(str::to_owned),
        active: true,
    };
    let sports = services::insert_service(
        conn,
        practice,
        service(
            "Sports massage 60",
            60,
            9500,
            15,
            Some("Wear shorts; come with legs un-oiled."),
        ),
        now,
    )
    .await?;
    services::insert_service(
        conn,
        practice,
        service(
            "Myofascial release 90",
            90,
            13500,
            15,
            Some("No oil or lotion before; wear shorts."),
        ),
        now,
    )
    .await?;
    services::insert_service(conn, practice, service("Recovery flush 30", 30, 5000, 10, None), now).await?;
    let room = services::insert_room(conn, practice, "Treatment room 1".into(), true, now).await?;
    services::insert_room(conn, practice, "Treatment room 2".into(), true, now).await?;

    let zone = practices::find(conn, practice).await?.time_zone.tz();
    let hours = week()?;
    let therapists: Vec<_> = staff::list(conn, practice, None, 10)
        .await?
        .into_iter()
        .filter(|s| s.role == Role::Therapist)
        .map(|s| s.id)
        .collect();
    for therapist in &therapists {
        schedule::replace_hours(conn, practice, *therapist, &hours).await?;
    }
    // Each client in a weekly series at a time of their own, twelve weeks from one of the
    // coming six working days (tomorrow on; Sundays have no hours), so the calendar of the
    // week the demo is loaded in already shows sessions.
    let today = now.with_timezone(&zone).date_naive();
    let starts: Vec<_> = (1..=7)
        .map(|d| today + TimeDelta::days(d))
        .filter(|d| d.weekday() != Weekday::Sun)
        .collect();
    let rule = RecurrenceRule::parse("FREQ=WEEKLY;COUNT=12").map_err(|e| StoreError::Corrupt(e.0))?;
    for (i, client) in clients.iter().enumerate() {
        let Some(therapist) = therapists.get(i % therapists.len().max(1)) else {
            break;
        };
        let Some(day) = starts.get(i % starts.len()).copied() else {
            break;
        };
        let first = day.and_time(time(9 + 2 * (i as u32 / 2), 0));
        let pattern = SeriesPattern::new(first, zone, rule.clone()).map_err(|e| StoreError::Corrupt(e.0))?;
        let series = Series::new(pattern, TimeDelta::minutes(60)).map_err(|e| StoreError::Corrupt(e.0))?;
        let terms = SeriesTerms {
            client_id: *client,
            therapist_id: *therapist,
            service_id: sports.id,
            room_id: (i % 2 == 0).then_some(room.id),
            buffer_minutes: 15,
            outside_hours: false,
        };
        edit::create(conn, practice, &terms, &series, OnConflict::Skip, now, *therapist)
            .await
            .map_err(|e| match e {
                SeriesError::Store(e) => e,
                SeriesError::Clashes(_) => StoreError::Corrupt("demo series clash".into()),
            })?;
    }
    Ok(())
}
