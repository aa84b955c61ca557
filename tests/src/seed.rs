//! Test fixtures written straight through the repositories: practices with one staff member of
//! each role, logged in over HTTP so each carries real tokens.

use crate::{Client, TestApp};
use knead_domain::{
    CancellationWindow, DisplayName, Email, PracticeId, PracticeName, PracticeSlug, Role, StaffId,
    TimeZone,
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
        let mut conn = self.pool.get().await.expect("connection");
        let new = NewStaff {
            practice_id: practice,
            email: Email::parse(email).expect("email"),
            display_name: DisplayName::parse(&format!("{} {}", role.as_str(), email))
                .expect("name"),
            role,
            password_hash: Some(password_hash().to_owned()),
            credentials: None,
            licence_number: None,
            techniques: Vec::new(),
        };
        staff::insert(&mut conn, new)
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
            practices::insert(&mut conn, new)
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

    pub fn as_account(&self, account: &Account) -> Client {
        self.client().with_token(&account.access_token)
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
