//! Generated data at scale, for benchmarks (`knead demo --scale N`): a practice with an owner,
//! a front desk and ten therapists; at N = 1, 10,000 clients, 100,000 bookings and 100,000
//! signed notes. The few rows a practice needs go through the usual repository functions;
//! clients, bookings and notes through the bulk ones, many rows per statement, with every
//! constraint and trigger (change feed, events) in force.
//!
//! Each therapist has 20 sessions a week (Monday to Friday, four a day). The week that starts
//! next Monday is filled first (200 sessions with ten therapists), then the weeks after it up
//! to a tenth of the total, then the weeks before it, going back. Each booking in the past is
//! completed and has a signed note; the notes beyond those have no booking.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use knead_domain::booking::{BookingStatus, Slot};
use knead_domain::client::{DistanceUnit, PressurePreference, RunnerProfile, Surface, WeeklyDistance};
use knead_domain::clinical::{BodyRegion, PainIntensity, Side};
use knead_domain::notes::{NoteContent, PainChange, RegionSide, TechniqueApplied};
use knead_domain::{
    CancellationWindow, ClientId, DisplayName, Email, PracticeId, PracticeName, PracticeSlug, Role, StaffId, Technique,
    TimeZone,
};
use knead_persistence::bulk::{self, BulkBooking};
use knead_persistence::clients::ClientDetails;
use knead_persistence::notes::{self, SignedNote};
use knead_persistence::practices::{self, NewPractice};
use knead_persistence::services::{self, ServiceDetails};
use knead_persistence::staff::{self, NewStaff};
use knead_persistence::{Connection, StoreError};
use uuid::Uuid;

/// Sessions per therapist per week: Monday to Friday at these local times.
const DAY_STARTS: [(u32, u32); 4] = [(9, 0), (10, 30), (13, 0), (14, 30)];
const SESSION_MINUTES: i64 = 60;
const BUFFER_MINUTES: i32 = 15;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub therapists: usize,
    pub clients: usize,
    pub bookings: usize,
    pub notes: usize,
}

impl Scale {
    /// N = 1: ten therapists, 10,000 clients, 100,000 bookings, 100,000 signed notes; the
    /// counts grow with N, the therapists stay ten.
    pub fn times(n: usize) -> Self {
        Self {
            therapists: 10,
            clients: 10_000 * n,
            bookings: 100_000 * n,
            notes: 100_000 * n,
        }
    }
}

/// What was generated, for the benchmark to use.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub practice_id: PracticeId,
    pub slug: String,
    /// The owner's login (the password is the one given).
    pub owner_email: String,
    /// A client with bookings and notes, to read.
    pub client_id: ClientId,
    /// The week filled first: next Monday 00:00 to the Monday after, local time.
    pub week_from: DateTime<Utc>,
    pub week_to: DateTime<Utc>,
    pub clients: usize,
    pub bookings: usize,
    pub notes: usize,
}

fn parsed<T>(field: &str, result: Result<T, knead_domain::Invalid>) -> Result<T, StoreError> {
    result.map_err(|e| StoreError::Corrupt(format!("generated {field}: {e}")))
}

/// Generates a practice `slug` of `scale`'s size, as of `now`, its logins sharing
/// `password_hash`. Refused (a conflict) when the slug is taken.
pub async fn seed(
    conn: &mut Connection,
    slug: &str,
    password_hash: &str,
    scale: Scale,
    now: DateTime<Utc>,
) -> Result<Seeded, StoreError> {
    if scale.therapists == 0 || scale.clients < scale.therapists {
        return Err(StoreError::Corrupt(
            "a generated practice needs a therapist and at least as many clients as therapists".into(),
        ));
    }
    let zone = parsed("zone", TimeZone::parse("America/Denver"))?;
    let practice = practices::insert(
        conn,
        NewPractice {
            name: parsed("name", PracticeName::parse("Benchmark Sports Massage"))?,
            slug: parsed("slug", PracticeSlug::parse(slug))?,
            time_zone: zone,
            cancellation_window: CancellationWindow::DEFAULT,
            address: None,
        },
        now,
    )
    .await?;
    let person = |email: String, name: String, role: Role| -> Result<NewStaff, StoreError> {
        Ok(NewStaff {
            practice_id: practice.id,
            email: parsed("email", Email::parse(&email))?,
            display_name: parsed("name", DisplayName::parse(&name))?,
            role,
            password_hash: Some(password_hash.to_owned()),
            credentials: (role == Role::Therapist).then(|| "LMT".to_owned()),
            licence_number: None,
            techniques: if role == Role::Therapist {
                vec![Technique::SportsMassage, Technique::DeepTissue]
            } else {
                Vec::new()
            },
        })
    };
    let owner_email = format!("owner@{slug}.example");
    let owner = staff::insert(
        conn,
        person(owner_email.clone(), "Bench Owner".into(), Role::Owner)?,
        now,
    )
    .await?;
    staff::insert(
        conn,
        person(format!("desk@{slug}.example"), "Bench Desk".into(), Role::FrontDesk)?,
        now,
    )
    .await?;
    let mut therapists = Vec::with_capacity(scale.therapists);
    for t in 1..=scale.therapists {
        let new = person(
            format!("therapist{t}@{slug}.example"),
            format!("Therapist {t}"),
            Role::Therapist,
        )?;
        therapists.push(staff::insert(conn, new, now).await?.id);
    }
    let service = services::insert_service(
        conn,
        practice.id,
        ServiceDetails {
            name: "Sports massage 60".into(),
            duration_minutes: SESSION_MINUTES as i32,
            price_cents: 9_500,
            buffer_minutes: BUFFER_MINUTES,
            preparation: None,
            active: true,
        },
        now,
    )
    .await?;

    let clients: Vec<(ClientId, ClientDetails)> = (0..scale.clients)
        .map(|i| (ClientId::new(), client(i, therapists[i % therapists.len()])))
        .collect();
    let client_ids: Vec<ClientId> = clients.iter().map(|(id, _)| *id).collect();
    let written_clients = bulk::insert_clients(conn, practice.id, clients, now).await?;

    let tz = zone.tz();
    let today = now.with_timezone(&tz).date_naive();
    let monday = today + TimeDelta::days(7 - i64::from(today.weekday().num_days_from_monday()));
    let local = |date: NaiveDate, time: NaiveTime| -> Result<DateTime<Utc>, StoreError> {
        date.and_time(time)
            .and_local_timezone(tz)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| StoreError::Corrupt(format!("no local time {date} {time}")))
    };
    let midnight = NaiveTime::MIN;
    let (week_from, week_to) = (local(monday, midnight)?, local(monday + TimeDelta::days(7), midnight)?);

    let per_week = therapists.len() * 5 * DAY_STARTS.len();
    let weeks = scale.bookings.div_ceil(per_week).max(1) as i64;
    let ahead = (weeks / 10).max(1);
    let order = (0..ahead).chain((1..=weeks - ahead).map(|w| -w));
    let mut rows = Vec::with_capacity(scale.bookings);
    'weeks: for week in order {
        for day in 0..5 {
            let date = monday + TimeDelta::days(week * 7 + day);
            for (hour, minute) in DAY_STARTS {
                let starts_at = local(date, NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(midnight))?;
                for therapist in &therapists {
                    if rows.len() == scale.bookings {
                        break 'weeks;
                    }
                    // Ten sessions at one time have ten clients: a client's index repeats only
                    // every `clients` bookings, and there are at least as many clients as
                    // therapists.
                    let client_id = client_ids[rows.len() % client_ids.len()];
                    let status = if starts_at < now {
                        BookingStatus::Completed
                    } else {
                        BookingStatus::Scheduled
                    };
                    rows.push(BulkBooking {
                        id: Uuid::now_v7(),
                        slot: Slot {
                            client_id,
                            therapist_id: *therapist,
                            service_id: service.id,
                            room_id: None,
                            starts_at,
                            ends_at: starts_at + TimeDelta::minutes(SESSION_MINUTES),
                            buffer_minutes: BUFFER_MINUTES,
                            outside_hours: false,
                        },
                        status,
                    });
                }
            }
        }
    }
    let written_bookings = bulk::insert_bookings(conn, practice.id, &rows, owner.id, now).await?;

    let past: Vec<&BulkBooking> = rows.iter().filter(|b| b.status == BookingStatus::Completed).collect();
    let signed: Vec<SignedNote> = (0..scale.notes)
        .map(|i| note(i, &past, &client_ids, &therapists, (tz, today), now))
        .collect();
    let written_notes = notes::insert_signed(conn, practice.id, &signed).await?;

    Ok(Seeded {
        practice_id: practice.id,
        slug: slug.to_owned(),
        owner_email,
        client_id: client_ids[0],
        week_from,
        week_to,
        clients: written_clients,
        bookings: written_bookings,
        notes: written_notes,
    })
}

const GIVEN: [&str; 12] = [
    "Ana", "Ben", "Chloé", "Dara", "Élodie", "Finn", "Grace", "Hugo", "Inés", "Jonas", "Priya", "Tomás",
];
const FAMILY: [&str; 10] = [
    "Rivera",
    "Okafor",
    "Núñez",
    "Lindqvist",
    "Kowalski",
    "Brennan",
    "Müller",
    "Yamamoto",
    "Haddad",
    "Castro",
];

fn client(i: usize, therapist: StaffId) -> ClientDetails {
    ClientDetails {
        given_name: GIVEN[i % GIVEN.len()].into(),
        family_name: format!("{} {}", FAMILY[(i / GIVEN.len()) % FAMILY.len()], i + 1),
        date_of_birth: NaiveDate::from_ymd_opt(1970 + (i % 35) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
        email: Some(format!("runner{}@example.com", i + 1)),
        phone: Some(format!("+1 303 555 {:04}", i % 10_000)),
        emergency_contact_name: None,
        emergency_contact_phone: None,
        preferred_therapist_id: Some(therapist),
        pressure_preference: Some(PressurePreference::Firm),
        areas_to_avoid: Vec::new(),
        notes: None,
        runner_profile: Some(RunnerProfile {
            weekly_distance: Some(WeeklyDistance {
                value: 20.0 + (i % 80) as f64,
                unit: DistanceUnit::Km,
            }),
            surfaces: vec![Surface::Road],
            usual_distances: Vec::new(),
            shoes: None,
            goal: Some("Marathon PR".into()),
        }),
    }
}

/// Note `i`: on the `i`-th past booking while there are any, else on a day in the past year
/// with no booking.
fn note(
    i: usize,
    past: &[&BulkBooking],
    clients: &[ClientId],
    therapists: &[StaffId],
    (tz, today): (chrono_tz::Tz, NaiveDate),
    now: DateTime<Utc>,
) -> SignedNote {
    let (client_id, therapist_id, booking_id, session_date, signed_at) = match past.get(i) {
        Some(b) => (
            b.slot.client_id,
            b.slot.therapist_id,
            Some(b.id),
            b.slot.starts_at.with_timezone(&tz).date_naive().min(today),
            b.slot.ends_at + TimeDelta::minutes(30),
        ),
        None => (
            clients[i % clients.len()],
            therapists[i % therapists.len()],
            None,
            today - TimeDelta::days(1 + (i % 365) as i64),
            now,
        ),
    };
    let (techniques, pain) = treatment(i, client_id);
    SignedNote {
        id: Uuid::now_v7(),
        client_id,
        therapist_id,
        booking_id,
        content: NoteContent {
            session_date,
            duration_minutes: SESSION_MINUTES as u16,
            subjective: Some("Tight calves after the long run; left heel sore on first steps.".into()),
            objective: Some("Reduced dorsiflexion on the left; trigger points in the medial gastrocnemius.".into()),
            assessment: Some("Calf overload in a marathon build.".into()),
            plan: Some("Deep tissue to both calves; review in two weeks.".into()),
            techniques,
            pain,
            home_care: Vec::new(),
            next_visit_in_days: Some(14),
        },
        signed_at,
    }
}

/// A runner's complaint: the techniques applied (each to its regions) and the region scored.
type Complaint = (
    &'static [(Technique, &'static [(BodyRegion, Side)])],
    &'static [(BodyRegion, Side)],
);

/// Four complaints runners bring, in the order the database reads a note's rows back (regions
/// and sides in text order), so a generated note hashes as one signed through the API does.
const COMPLAINTS: [Complaint; 4] = [
    (
        &[(Technique::DeepTissue, &[(BodyRegion::Calf, Side::Bilateral)])],
        &[(BodyRegion::Calf, Side::Bilateral)],
    ),
    (
        &[
            (
                Technique::TriggerPoint,
                &[(BodyRegion::Calf, Side::Left), (BodyRegion::PlantarFascia, Side::Left)],
            ),
            (Technique::Cupping, &[(BodyRegion::PlantarFascia, Side::Left)]),
        ],
        &[(BodyRegion::Calf, Side::Left), (BodyRegion::PlantarFascia, Side::Left)],
    ),
    (
        &[
            (
                Technique::MyofascialRelease,
                &[(BodyRegion::Glutes, Side::Right), (BodyRegion::ItBand, Side::Right)],
            ),
            (Technique::DeepTissue, &[(BodyRegion::ItBand, Side::Right)]),
        ],
        &[(BodyRegion::ItBand, Side::Right), (BodyRegion::Knee, Side::Right)],
    ),
    (
        &[(
            Technique::SportsMassage,
            &[
                (BodyRegion::Quadriceps, Side::Left),
                (BodyRegion::Quadriceps, Side::Right),
            ],
        )],
        &[(BodyRegion::Quadriceps, Side::Bilateral)],
    ),
];

/// Note `i`'s techniques and pain scores: the client's complaint, pain easing by one to three
/// points over the session.
fn treatment(i: usize, client: ClientId) -> (Vec<TechniqueApplied>, Vec<PainChange>) {
    let (applied, scored) = COMPLAINTS[client.0.as_u128() as usize % COMPLAINTS.len()];
    let techniques = applied
        .iter()
        .map(|(technique, regions)| TechniqueApplied {
            technique: *technique,
            regions: regions
                .iter()
                .map(|&(region, side)| RegionSide { region, side })
                .collect(),
            minutes: 20,
            pressure: PressurePreference::Firm,
        })
        .collect();
    let score = |v: usize| PainIntensity::new(v as i64).unwrap_or(PainIntensity::MIN);
    let pain = scored
        .iter()
        .enumerate()
        .map(|(k, &(region, side))| {
            let before = 4 + (i + k) % 5;
            PainChange {
                region,
                side,
                before: score(before),
                after: score(before - 1 - (i + k) % 3),
            }
        })
        .collect();
    (techniques, pain)
}
