//! Client request and response bodies, and the validation that turns a request into
//! [`ClientDetails`]: every bad field is named by its JSON pointer in one 422.

use crate::error::{ApiError, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use knead_domain::client::{
    PersonName, PressurePreference, RunnerProfile, check_date_of_birth, check_phone, optional_text,
};
use knead_domain::clinical::{BodyRegion, HandlingAlert};
use knead_domain::{Email, Invalid, StaffId};
use knead_persistence::clients::{Client, ClientDetails};
use knead_persistence::{Connection, StoreError, staff};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Someone to call in an emergency.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyContact {
    #[schema(max_length = 200)]
    pub name: Option<String>,
    #[schema(
        example = "+1 303 555 0142",
        pattern = r"^$|^[ +().-]*(?:[0-9][ +().-]*){5,}$",
        max_length = 32
    )]
    pub phone: Option<String>,
}

/// A new client. Only the names are required.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "given_name": "Alex", "family_name": "Rivera", "date_of_birth": "1991-04-12",
    "email": "alex.rivera@example.com", "phone": "+1 303 555 0100",
    "pressure_preference": "firm", "areas_to_avoid": ["shin"],
    "runner_profile": {"weekly_distance": {"value": 55, "unit": "km"}, "surfaces": ["road", "trail"],
        "usual_distances": ["half_marathon", "marathon"], "shoes": "Hoka Clifton 9", "goal": "Sub-3:30 marathon"}
}))]
pub struct NewClient {
    #[schema(min_length = 1, max_length = 100)]
    pub given_name: String,
    #[schema(min_length = 1, max_length = 100)]
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    /// Empty is no number (as `null`).
    #[schema(pattern = r"^$|^[ +().-]*(?:[0-9][ +().-]*){5,}$", max_length = 32)]
    pub phone: Option<String>,
    pub emergency_contact: Option<EmergencyContact>,
    /// A therapist of the practice.
    pub preferred_therapist_id: Option<Uuid>,
    pub pressure_preference: Option<PressurePreference>,
    #[serde(default)]
    pub areas_to_avoid: Vec<BodyRegion>,
    /// Practical notes (not clinical: those belong in intake and session notes).
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    pub runner_profile: Option<RunnerProfile>,
}

/// Changes to a client: absent fields stay, `null` clears an optional field.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phone": "+1 303 555 0199", "pressure_preference": "medium", "notes": null}))]
pub struct ClientPatch {
    #[schema(min_length = 1, max_length = 100)]
    pub given_name: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub family_name: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub date_of_birth: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<String>, format = Email)]
    pub email: Option<Option<String>>,
    /// Empty or `null` clears it.
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<String>, pattern = r"^$|^[ +().-]*(?:[0-9][ +().-]*){5,}$", max_length = 32)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<EmergencyContact>)]
    pub emergency_contact: Option<Option<EmergencyContact>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub preferred_therapist_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<PressurePreference>)]
    pub pressure_preference: Option<Option<PressurePreference>>,
    pub areas_to_avoid: Option<Vec<BodyRegion>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<RunnerProfile>)]
    pub runner_profile: Option<Option<RunnerProfile>>,
    /// `true`: the client is not emailed reminders (confirmations and changes still go).
    pub reminders_opt_out: Option<bool>,
}

impl ClientPatch {
    /// The request as it would stand after applying the changes to `current`.
    pub fn apply(self, current: &ClientDetails) -> NewClient {
        let contact = EmergencyContact {
            name: current.emergency_contact_name.clone(),
            phone: current.emergency_contact_phone.clone(),
        };
        NewClient {
            given_name: self.given_name.unwrap_or_else(|| current.given_name.clone()),
            family_name: self.family_name.unwrap_or_else(|| current.family_name.clone()),
            date_of_birth: self.date_of_birth.unwrap_or(current.date_of_birth),
            email: self.email.unwrap_or_else(|| current.email.clone()),
            phone: self.phone.unwrap_or_else(|| current.phone.clone()),
            emergency_contact: self.emergency_contact.unwrap_or(Some(contact)),
            preferred_therapist_id: self
                .preferred_therapist_id
                .unwrap_or(current.preferred_therapist_id.map(|s| s.0)),
            pressure_preference: self.pressure_preference.unwrap_or(current.pressure_preference),
            areas_to_avoid: self.areas_to_avoid.unwrap_or_else(|| current.areas_to_avoid.clone()),
            notes: self.notes.unwrap_or_else(|| current.notes.clone()),
            runner_profile: self.runner_profile.unwrap_or_else(|| current.runner_profile.clone()),
        }
    }
}

impl NewClient {
    /// Validates every field as of `today` (a birth date may not lie after it); the preferred
    /// therapist must be an active therapist of the practice.
    pub async fn validate(
        self,
        conn: &mut Connection,
        practice: knead_domain::PracticeId,
        today: NaiveDate,
    ) -> Result<ClientDetails, ApiError> {
        let mut errors = FieldErrors::default();
        let given = errors.check("/given_name", PersonName::parse(&self.given_name));
        let family = errors.check("/family_name", PersonName::parse(&self.family_name));
        if let Some(dob) = self.date_of_birth {
            errors.check("/date_of_birth", check_date_of_birth(dob, today));
        }
        let email = self
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .and_then(|e| errors.check("/email", Email::parse(e)));
        let phone = self
            .phone
            .as_deref()
            .filter(|p| !p.is_empty())
            .and_then(|p| errors.check("/phone", check_phone(p)));
        let contact = self.emergency_contact.unwrap_or_default();
        let contact_name = errors
            .check("/emergency_contact/name", optional_text(contact.name.as_deref(), 200))
            .flatten();
        let contact_phone = contact
            .phone
            .as_deref()
            .filter(|p| !p.is_empty())
            .and_then(|p| errors.check("/emergency_contact/phone", check_phone(p)));
        let notes = errors
            .check("/notes", optional_text(self.notes.as_deref(), 2000))
            .flatten();
        let runner_profile = match self.runner_profile.map(RunnerProfile::checked).transpose() {
            Ok(profile) => profile,
            Err((field, e)) => {
                errors.check::<()>(&format!("/runner_profile{field}"), Err(e));
                None
            }
        };
        if let Some(therapist) = self.preferred_therapist_id {
            let found = match staff::find(conn, practice, StaffId(therapist)).await {
                Ok(s) => Ok(s.active && s.role.takes_bookings()),
                Err(StoreError::NotFound) => Ok(false),
                Err(other) => Err(other),
            }?;
            if !found {
                errors.check::<()>(
                    "/preferred_therapist_id",
                    Err(Invalid::new("is not an active therapist or owner of this practice")),
                );
            }
        }
        errors.finish()?;
        let (Some(given), Some(family)) = (given, family) else {
            return Err(ApiError::internal("checked names went missing"));
        };
        let mut areas = self.areas_to_avoid;
        areas.sort();
        areas.dedup();
        Ok(ClientDetails {
            given_name: given.as_str().to_owned(),
            family_name: family.as_str().to_owned(),
            date_of_birth: self.date_of_birth,
            email: email.map(|e| e.as_str().to_owned()),
            phone,
            emergency_contact_name: contact_name,
            emergency_contact_phone: contact_phone,
            preferred_therapist_id: self.preferred_therapist_id.map(StaffId),
            pressure_preference: self.pressure_preference,
            areas_to_avoid: areas,
            notes,
            runner_profile,
        })
    }
}

/// A client, without clinical content: demographics, preferences, runner profile, and the
/// severities and handling instructions of their alerts (the conditions are at
/// `/v1/clients/{id}/alerts`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientView {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub emergency_contact: EmergencyContact,
    pub preferred_therapist_id: Option<Uuid>,
    pub pressure_preference: Option<PressurePreference>,
    pub areas_to_avoid: Vec<BodyRegion>,
    pub notes: Option<String>,
    pub runner_profile: Option<RunnerProfile>,
    /// Most severe first.
    pub alerts: Vec<HandlingAlert>,
    pub last_visit_at: Option<DateTime<Utc>>,
    pub archived: bool,
    /// The client asked not to be emailed reminders.
    pub reminders_opt_out: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Client> for ClientView {
    fn from(c: Client) -> Self {
        let d = c.details;
        Self {
            id: c.id.0,
            given_name: d.given_name,
            family_name: d.family_name,
            date_of_birth: d.date_of_birth,
            email: d.email,
            phone: d.phone,
            emergency_contact: EmergencyContact {
                name: d.emergency_contact_name,
                phone: d.emergency_contact_phone,
            },
            preferred_therapist_id: d.preferred_therapist_id.map(|s| s.0),
            pressure_preference: d.pressure_preference,
            areas_to_avoid: d.areas_to_avoid,
            notes: d.notes,
            runner_profile: d.runner_profile,
            alerts: c.alerts,
            last_visit_at: c.last_visit_at,
            archived: c.archived,
            reminders_opt_out: c.reminders_opt_out,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}
