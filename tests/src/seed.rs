//! Test fixtures written straight through the repositories: practices with one staff member of
//! each role, logged in over HTTP so each carries real tokens.

use crate::{Client, TestApp};
use knead_domain::{
    CancellationWindow, DisplayName, Email, PracticeId, PracticeName, PracticeSlug, Role, StaffId, TimeZone,
};
use knead_persistence::practices::{self, NewPractice};
use knead_persistence::staff::{self, NewStaff};
use serde_json::json;
use std::sync::OnceLock;

pub const PASSWORD: &str = "correct horse battery staple";

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| knead_api::auth::passwords::hash_blocking(PASSWORD).expect("hash"))
}

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct Account {
    pub staff_id: StaffId,
    pub email: String,
    pub role: Role,
    pub access_token: String,
    pub refresh_token: String,
}

/// A practice with an owner, a therapist and a front-desk account.
#[derive(Debug, Clone)]
pub struct Practice {
    pub id: PracticeId,
    pub slug: String,
    pub owner: Account,
    pub therapist: Account,
    pub front_desk: Account,
}

impl Practice {
    pub fn account(&self, role: Role) -> &Account {
        match role {
            Role::Owner => &self.owner,
            Role::Therapist => &self.therapist,
            Role::FrontDesk => &self.front_desk,
        }
    }
}

impl TestApp {
    /// Inserts a staff member with the shared test password (no login).
    pub async fn add_staff(&self, practice: PracticeId, email: &str, role: Role) -> StaffId {
        self.add_staff_with(practice, email, role, Some(password_hash().to_owned()))
            .await
    }

    /// A staff member invited and not yet in: no password.
    pub async fn add_invited_staff(&self, practice: PracticeId, email: &str, role: Role) -> StaffId {
        self.add_staff_with(practice, email, role, None).await
    }

    async fn add_staff_with(
        &self,
        practice: PracticeId,
        email: &str,
        role: Role,
        password_hash: Option<String>,
    ) -> StaffId {
        let mut conn = self.pool.get().await.expect("connection");
        let new = NewStaff {
            practice_id: practice,
            email: Email::parse(email).expect("email"),
            display_name: DisplayName::parse(&format!("{} {}", role.as_str(), email)).expect("name"),
            role,
            password_hash,
            credentials: None,
            licence_number: None,
            techniques: Vec::new(),
        };
        staff::insert(&mut conn, new, self.clock.now())
            .await
            .expect("insert staff")
            .id
    }

    /// Logs in over HTTP and returns the token pair.
    pub async fn login(&self, email: &str, slug: Option<&str>) -> (String, String) {
        let mut body = json!({"email": email, "password": PASSWORD});
        if let Some(slug) = slug {
            body["practice"] = json!(slug);
        }
        let answer = self.client().post("/v1/auth/login", &body).await;
        assert_eq!(
            answer.status,
            200,
            "login {email}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let pair = answer.json();
        (
            pair["access_token"].as_str().expect("access").to_owned(),
            pair["refresh_token"].as_str().expect("refresh").to_owned(),
        )
    }

    /// A practice named after `slug`, with one logged-in account per role.
    pub async fn seed_practice(&self, slug: &str) -> Practice {
        let id = {
            let mut conn = self.pool.get().await.expect("connection");
            let new = NewPractice {
                name: PracticeName::parse(&format!("Practice {slug}")).expect("name"),
                slug: PracticeSlug::parse(slug).expect("slug"),
                time_zone: TimeZone::parse("America/Denver").expect("zone"),
                cancellation_window: CancellationWindow::DEFAULT,
                address: None,
            };
            practices::insert(&mut conn, new, self.clock.now())
                .await
                .expect("insert practice")
                .id
        };
        let mut accounts = Vec::new();
        for role in Role::ALL {
            let email = format!("{}@{slug}.test", role.as_str().replace('_', "-"));
            let staff_id = self.add_staff(id, &email, role).await;
            let (access_token, refresh_token) = self.login(&email, None).await;
            accounts.push(Account {
                staff_id,
                email,
                role,
                access_token,
                refresh_token,
            });
        }
        let front_desk = accounts.pop().expect("front desk");
        let therapist = accounts.pop().expect("therapist");
        let owner = accounts.pop().expect("owner");
        Practice {
            id,
            slug: slug.to_owned(),
            owner,
            therapist,
            front_desk,
        }
    }

    /// A client carrying the account's access token, renewed at the app's clock when a test
    /// moves the clock outside the token's lifetime.
    pub fn as_account(&self, account: &Account) -> Client {
        self.client()
            .with_token(&account.access_token)
            .renewing(&self.keys, &self.clock)
    }
}

impl TestApp {
    /// PATCH with `If-Match`.
    pub async fn patch_json(
        &self,
        account: &Account,
        path: &str,
        etag: &str,
        body: &serde_json::Value,
    ) -> crate::Answer {
        self.as_account(account)
            .with_header("If-Match", etag)
            .send_json("PATCH", path, body)
            .await
    }
}

/// A valid intake form body with two pain areas and one contraindication.
pub fn intake_body() -> serde_json::Value {
    json!({
        "chief_complaint": "Heel pain on the first steps in the morning",
        "pain_areas": [
            {"region": "plantar_fascia", "side": "left", "intensity": 6, "qualities": ["sharp"],
             "aggravating": ["first_steps_in_the_morning", "after_long_runs"]},
            {"region": "calf", "side": "bilateral", "intensity": 3, "qualities": ["tight"], "aggravating": ["hills"]}
        ],
        "medications": "Warfarin",
        "contraindications": ["anticoagulants"],
        "goals": "Run the spring marathon",
        "consent": {"signer_name": "Casey Runner", "agreed": true, "text_version": "2026-11-01"}
    })
}

impl TestApp {
    /// Gives a client an email address, directly.
    pub async fn set_client_email(&self, practice: PracticeId, client: knead_domain::ClientId, email: &str) {
        use diesel_async::RunQueryDsl;
        let mut conn = self.pool.get().await.expect("connection");
        diesel::sql_query("UPDATE clients SET email = $3 WHERE practice_id = $1 AND id = $2")
            .bind::<diesel::sql_types::Uuid, _>(practice.0)
            .bind::<diesel::sql_types::Uuid, _>(client.0)
            .bind::<diesel::sql_types::Text, _>(email)
            .execute(&mut conn)
            .await
            .expect("set the client's email");
    }

    /// Inserts a client directly.
    pub async fn add_client(&self, practice: PracticeId, given: &str, family: &str) -> knead_domain::ClientId {
        let mut conn = self.pool.get().await.expect("connection");
        let details = knead_persistence::clients::ClientDetails {
            given_name: given.into(),
            family_name: family.into(),
            date_of_birth: None,
            email: None,
            phone: None,
            emergency_contact_name: None,
            emergency_contact_phone: None,
            preferred_therapist_id: None,
            pressure_preference: None,
            areas_to_avoid: Vec::new(),
            notes: None,
            runner_profile: None,
        };
        knead_persistence::clients::insert(&mut conn, practice, details, self.clock.now())
            .await
            .expect("insert client")
            .id
    }

    pub async fn add_intake_form(&self, practice: PracticeId, client: knead_domain::ClientId) -> uuid::Uuid {
        let input: knead_api::routes::intake::body::IntakeInput =
            serde_json::from_value(intake_body()).expect("intake body");
        let content = input.validate(self.clock.now().date_naive()).expect("valid intake");
        let owner = self
            .add_staff(
                practice,
                &format!("intake-{}@seed.test", uuid::Uuid::now_v7().simple()),
                Role::Therapist,
            )
            .await;
        let mut conn = self.pool.get().await.expect("connection");
        let form = knead_persistence::intake::submit(
            &mut conn,
            practice,
            client,
            content,
            knead_persistence::intake::Submitter::Staff(owner),
            self.clock.now(),
        )
        .await
        .expect("submit intake");
        form.id.0
    }

    pub async fn add_intake_link(
        &self,
        practice: PracticeId,
        client: knead_domain::ClientId,
        by: StaffId,
    ) -> uuid::Uuid {
        let minted = knead_api::auth::secrets::mint("ki1", practice);
        let now = chrono::Utc::now();
        let link = knead_persistence::intake::IntakeLink {
            practice_id: practice.0,
            id: minted.id,
            client_id: client.0,
            secret_hash: minted.hash,
            expires_at: now + chrono::Duration::hours(1),
            used_at: None,
            revoked_at: None,
            created_by: by.0,
            created_at: now,
            creator_clinical: false,
        };
        let mut conn = self.pool.get().await.expect("connection");
        knead_persistence::intake::insert_link(&mut conn, &link)
            .await
            .expect("insert link");
        link.id
    }

    pub async fn add_race(&self, practice: PracticeId, client: uuid::Uuid) -> uuid::Uuid {
        let details = knead_persistence::races::RaceDetails {
            name: "Boulder Half".into(),
            date: chrono::NaiveDate::from_ymd_opt(2027, 4, 18).expect("date"),
            distance_meters: 21_097,
            priority: knead_domain::client::RacePriority::B,
        };
        let mut conn = self.pool.get().await.expect("connection");
        knead_persistence::races::insert(
            &mut conn,
            practice,
            knead_domain::ClientId(client),
            details,
            self.clock.now(),
        )
        .await
        .expect("insert race")
        .id
    }
}

/// A valid session note body for `client`.
pub fn note_body(client: &str) -> serde_json::Value {
    json!({
        "client_id": client,
        "session_date": "2026-11-18",
        "duration_minutes": 60,
        "subjective": "Left calf tight after the long run",
        "techniques": [
            {"technique": "trigger_point", "regions": [{"region": "calf", "side": "left"}], "minutes": 25, "pressure": "firm"},
            {"technique": "stretching", "regions": [{"region": "hamstrings", "side": "bilateral"}], "minutes": 15, "pressure": "light"}
        ],
        "pain": [{"region": "calf", "side": "left", "before": 6, "after": 3}],
        "home_care": [{"kind": "foam_rolling", "details": "calves, 2 minutes a side"}],
        "next_visit_in_days": 14
    })
}

impl TestApp {
    /// A session note by `author` for `client`, signed if asked.
    pub async fn add_session_note(
        &self,
        practice: PracticeId,
        client: uuid::Uuid,
        author: StaffId,
        signed: bool,
    ) -> uuid::Uuid {
        let input: knead_api::routes::notes::body::NoteInput =
            serde_json::from_value(note_body(&client.to_string())).expect("note body");
        let content = input.content(self.clock.now().date_naive()).expect("valid note");
        let mut conn = self.pool.get().await.expect("connection");
        let client = knead_domain::ClientId(client);
        let note = knead_persistence::notes::insert_draft(
            &mut conn,
            practice,
            client,
            author,
            None,
            content,
            self.clock.now(),
        )
        .await
        .expect("draft");
        if signed {
            knead_persistence::notes::sign(&mut conn, practice, note.id, None, self.clock.now())
                .await
                .expect("sign");
        }
        note.id
    }
}
