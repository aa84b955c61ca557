//! Demo data for a first look: loaded by `knead dev` when the database holds no practice.
//! A practice in Boulder with an owner, two therapists and a front-desk login.

use knead_domain::{CancellationWindow, DisplayName, Email, PracticeName, PracticeSlug, Role, Technique, TimeZone};
use knead_persistence::practices::{self, NewPractice};
use knead_persistence::staff::{self, NewStaff};
use knead_persistence::{Connection, StoreError};

/// The demo logins' shared password.
pub const DEMO_PASSWORD: &str = "stride-demo-2026";

/// What the demo loader created, for the start-up banner.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub practice_slug: Option<String>,
    /// (email, role) of each demo login.
    pub logins: Vec<(String, Role)>,
}

/// email, name, role, credentials, techniques
type DemoPerson = (
    &'static str,
    &'static str,
    Role,
    Option<&'static str>,
    &'static [Technique],
);

fn parsed<T>(field: &str, result: Result<T, knead_domain::Invalid>) -> Result<T, StoreError> {
    result.map_err(|e| StoreError::Corrupt(format!("demo {field}: {e}")))
}

/// Loads the demo practice, as of `now`, unless the database already holds a practice.
pub async fn load_if_empty(
    conn: &mut Connection,
    password_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DemoSummary, StoreError> {
    if practices::count(conn).await? > 0 {
        return Ok(DemoSummary::default());
    }
    let practice = practices::insert(
        conn,
        NewPractice {
            name: parsed("name", PracticeName::parse("Stride Sports Massage"))?,
            slug: parsed("slug", PracticeSlug::parse("stride"))?,
            time_zone: parsed("zone", TimeZone::parse("America/Denver"))?,
            cancellation_window: CancellationWindow::DEFAULT,
            address: Some("1850 Folsom St, Boulder, CO 80302".into()),
        },
        now,
    )
    .await?;
    let people: [DemoPerson; 4] = [
        ("owner@stride.example", "Riley Owens", Role::Owner, None, &[]),
        (
            "maya@stride.example",
            "Maya Chen",
            Role::Therapist,
            Some("LMT"),
            &[
                Technique::SportsMassage,
                Technique::DeepTissue,
                Technique::MyofascialRelease,
                Technique::Cupping,
            ],
        ),
        (
            "jordan@stride.example",
            "Jordan Diaz",
            Role::Therapist,
            Some("LMT, CSCS"),
            &[
                Technique::TriggerPoint,
                Technique::ActiveRelease,
                Technique::Stretching,
                Technique::InstrumentAssisted,
            ],
        ),
        ("sam@stride.example", "Sam Patel", Role::FrontDesk, None, &[]),
    ];
    let mut logins = Vec::new();
    for (email, name, role, credentials, techniques) in people {
        staff::insert(
            conn,
            NewStaff {
                practice_id: practice.id,
                email: parsed("email", Email::parse(email))?,
                display_name: parsed("display_name", DisplayName::parse(name))?,
                role,
                password_hash: Some(password_hash.to_owned()),
                credentials: credentials.map(str::to_owned),
                licence_number: credentials.map(|_| format!("CO-MT-{:05}", logins.len() * 7919 + 1021)),
                techniques: techniques.to_vec(),
            },
            now,
        )
        .await?;
        logins.push((email.to_owned(), role));
    }
    let clients = load_clients(conn, practice.id, now).await?;
    crate::demo_calendar::load(conn, practice.id, &clients, now).await?;
    crate::demo_history::load(conn, practice.id, &clients, now).await?;
    crate::demo_care::load(conn, practice.id, &clients, now).await?;
    Ok(DemoSummary {
        practice_slug: Some(practice.slug.as_str().to_owned()),
        logins,
    })
}

/// Runner clients, two of them with an intake on file.
async fn load_clients(
    conn: &mut Connection,
    practice: knead_domain::PracticeId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<knead_domain::ClientId>, StoreError> {
    use knead_domain::client::{
        DistanceUnit, PressurePreference, RunnerProfile, Surface, UsualDistance, WeeklyDistance,
    };
    use knead_persistence::clients::{self, ClientDetails};
    let therapist = staff::list(conn, practice, None, 10)
        .await?
        .into_iter()
        .find(|s| s.role == Role::Therapist)
        .map(|s| s.id);
    let runners = [
        (
            "Alex",
            "Rivera",
            "alex.rivera@example.com",
            55.0,
            "Sub-3:30 at the California International Marathon",
            Some("plantar"),
        ),
        (
            "Priya",
            "Natarajan",
            "priya.n@example.com",
            40.0,
            "First trail 50k",
            Some("itband"),
        ),
        (
            "Tomás",
            "Núñez",
            "tomas.nunez@example.com",
            30.0,
            "Half marathon PR",
            None,
        ),
        (
            "Grace",
            "Okafor",
            "grace.okafor@example.com",
            70.0,
            "Olympic Trials qualifier",
            None,
        ),
    ];
    let mut ids = Vec::new();
    for (given, family, email, km, goal, complaint) in runners {
        let details = ClientDetails {
            given_name: given.into(),
            family_name: family.into(),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1988, 6, 14),
            email: Some(email.into()),
            phone: Some("+1 303 555 0142".into()),
            emergency_contact_name: None,
            emergency_contact_phone: None,
            preferred_therapist_id: therapist,
            pressure_preference: Some(PressurePreference::Firm),
            areas_to_avoid: Vec::new(),
            notes: None,
            runner_profile: Some(RunnerProfile {
                weekly_distance: Some(WeeklyDistance {
                    value: km,
                    unit: DistanceUnit::Km,
                }),
                surfaces: vec![Surface::Road, Surface::Trail],
                usual_distances: vec![UsualDistance::HalfMarathon, UsualDistance::Marathon],
                shoes: Some("Hoka Clifton 9".into()),
                goal: Some(goal.into()),
            }),
        };
        let client = clients::insert(conn, practice, details, now).await?;
        ids.push(client.id);
        if let (Some(kind), Some(by)) = (complaint, therapist) {
            let content = demo_intake(kind, given, family);
            let by = knead_persistence::intake::Submitter::Staff(by);
            knead_persistence::intake::submit(conn, practice, client.id, content, by, now).await?;
        }
    }
    Ok(ids)
}

fn demo_intake(kind: &str, given: &str, family: &str) -> knead_persistence::intake::IntakeContent {
    use knead_domain::clinical::{AggravatingFactor as A, BodyRegion as R, Contraindication, PainArea, PainIntensity};
    use knead_domain::clinical::{PainQuality as Q, Side};
    let area = |region, side, intensity: i64, qualities: Vec<Q>, aggravating: Vec<A>| PainArea {
        region,
        side,
        intensity: PainIntensity::new(intensity).unwrap_or(PainIntensity::MIN),
        qualities,
        onset: None,
        aggravating,
        notes: None,
    };
    let (complaint, pain_areas, contraindications) = if kind == "plantar" {
        (
            "Heel pain on the first steps in the morning since building mileage",
            vec![
                area(
                    R::PlantarFascia,
                    Side::Left,
                    6,
                    vec![Q::Sharp],
                    vec![A::FirstStepsInTheMorning, A::AfterLongRuns],
                ),
                area(R::Calf, Side::Bilateral, 4, vec![Q::Tight], vec![A::Hills]),
            ],
            vec![],
        )
    } else {
        (
            "Outside-of-knee pain after 15 km, worse downhill",
            vec![
                area(
                    R::ItBand,
                    Side::Right,
                    5,
                    vec![Q::Burning],
                    vec![A::Downhill, A::AfterLongRuns],
                ),
                area(R::Glutes, Side::Right, 3, vec![Q::Aching], vec![A::Sitting]),
            ],
            vec![Contraindication::Anticoagulants],
        )
    };
    knead_persistence::intake::IntakeContent {
        chief_complaint: Some(complaint.into()),
        pain_areas,
        conditions: None,
        medical_history: None,
        medications: None,
        contraindications,
        goals: Some("Keep training through the build".into()),
        consent_name: format!("{given} {family}"),
        consent_text_version: knead_domain::clinical::CONSENT_TEXT_VERSION.into(),
    }
}
