//! The demo practice's runner care: races on the season's calendar (an A marathon ten weeks
//! out, a trail 50K, a training 5K), a care plan built from them for the first runner, a
//! lighter pre-race service, and two more clients on a maintenance window — one due, one
//! overdue — with their last session held weeks ago, for the front desk's rebooking list.

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use knead_domain::booking::BookingStatus;
use knead_domain::care::{Phase, PhaseKind, RaceDay, derive_phases};
use knead_domain::client::RacePriority;
use knead_domain::recurrence::resolve_local;
use knead_domain::{ClientId, PracticeId, Role, StaffId};
use knead_persistence::bookings::{self, Slot};
use knead_persistence::care_plans::{self, PlanDetails};
use knead_persistence::clients::{self, ClientDetails};
use knead_persistence::races::{self, RaceDetails};
use knead_persistence::services::{self, ServiceDetails};
use knead_persistence::{Connection, StoreError, practices, staff};

/// (runner index, race, days ahead, metres, priority).
const RACES: &[(usize, &str, i64, i32, RacePriority)] = &[
    (0, "Boston Marathon", 72, 42_195, RacePriority::A),
    (0, "Bolder Boulder 10K", 20, 10_000, RacePriority::C),
    (1, "Moab Trail 50K", 45, 50_000, RacePriority::A),
    (2, "Turkey Trot 5K", 12, 5_000, RacePriority::C),
];

/// (given, family, days since the last held session): one due, one overdue on 21–28 days.
const ON_WINDOW: &[(&str, &str, i64)] = &[("Jamie", "Lee", 24), ("Morgan", "Blake", 33)];

pub async fn load(
    conn: &mut Connection,
    practice: PracticeId,
    runners: &[ClientId],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let found = practices::find(conn, practice).await?;
    let zone = found.time_zone.tz();
    let today = now.with_timezone(&zone).date_naive();
    let therapist: Option<StaffId> = staff::list(conn, practice, None, 10)
        .await?
        .into_iter()
        .find(|s| s.role == Role::Therapist)
        .map(|s| s.id);
    let Some(therapist) = therapist else { return Ok(()) };
    let all = services::list_services(conn, practice, false).await?;
    let Some(sports) = all.iter().find(|s| s.details.duration_minutes == 60) else {
        return Ok(());
    };
    let flush = ServiceDetails {
        name: "Pre-race flush 30".into(),
        duration_minutes: 30,
        price_cents: 5500,
        buffer_minutes: 10,
        preparation: Some("Light pressure only, two to four days before your race.".into()),
        active: true,
    };
    let light = services::insert_service(conn, practice, flush, now).await?;

    let mut first_races = Vec::new();
    for &(runner, name, days, metres, priority) in RACES {
        let Some(client) = runners.get(runner) else { continue };
        let details = RaceDetails {
            name: name.into(),
            date: today + TimeDelta::days(days),
            distance_meters: metres,
            priority,
        };
        let race = races::insert(conn, practice, *client, details, now).await?;
        if runner == 0 {
            first_races.push(RaceDay {
                id: race.id,
                name: race.details.name,
                date: race.details.date,
                priority,
            });
        }
    }
    if let Some(first) = runners.first() {
        let ends_on = today + TimeDelta::weeks(26);
        let details = PlanDetails {
            therapist,
            service: sports.id,
            light_service: Some(light.id),
            phases: derive_phases(&first_races, &found.care, today, ends_on),
            from_races: true,
        };
        care_plans::insert(conn, practice, *first, details, therapist, now).await?;
    }

    for (i, &(given, family, days_ago)) in ON_WINDOW.iter().enumerate() {
        let client = clients::insert(conn, practice, window_client(given, family, therapist), now).await?;
        let held = resolve_local(
            zone,
            (today - TimeDelta::days(days_ago))
                .and_time(NaiveTime::from_hms_opt(11 + i as u32, 0, 0).unwrap_or(NaiveTime::MIN)),
        );
        let slot = Slot {
            client_id: client.id,
            therapist_id: therapist,
            service_id: sports.id,
            room_id: None,
            starts_at: held,
            ends_at: held + TimeDelta::minutes(60),
            buffer_minutes: sports.details.buffer_minutes,
            outside_hours: true,
        };
        let booked = bookings::insert(conn, practice, &slot, therapist, held - TimeDelta::days(7)).await?;
        bookings::update(
            conn,
            practice,
            booked.id,
            booked.version,
            &slot,
            BookingStatus::Completed,
            false,
            held,
        )
        .await?;
        let details = PlanDetails {
            therapist,
            service: sports.id,
            light_service: None,
            phases: vec![Phase {
                kind: PhaseKind::Maintenance,
                starts_on: today - TimeDelta::days(60),
                ends_on: today + TimeDelta::days(180),
                cadence: found.care.maintenance,
                service_id: None,
                race_id: None,
            }],
            from_races: false,
        };
        care_plans::insert(conn, practice, client.id, details, therapist, now).await?;
    }
    Ok(())
}

fn window_client(given: &str, family: &str, therapist: StaffId) -> ClientDetails {
    ClientDetails {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 3, 2),
        email: Some(format!(
            "{}.{}@example.com",
            given.to_lowercase(),
            family.to_lowercase()
        )),
        phone: Some("+1 303 555 0188".into()),
        emergency_contact_name: None,
        emergency_contact_phone: None,
        preferred_therapist_id: Some(therapist),
        pressure_preference: None,
        areas_to_avoid: Vec::new(),
        notes: None,
        runner_profile: None,
    }
}
