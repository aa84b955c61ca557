//! The caller's practice: everyone reads it, owners change its settings.

use crate::auth::Caller;
use crate::concurrency::{if_match, with_etag};
use crate::error::{ApiError, FieldErrors, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, web};
use chrono::{DateTime, Utc};
use knead_domain::care::Conventions;
use knead_domain::client::optional_text;
use knead_domain::{CancellationWindow, IdleLogoff, PracticeName, TimeZone};
use knead_persistence::practices::{self, Practice, PracticeChanges};
use knead_persistence::second_factors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeView {
    pub id: Uuid,
    pub name: String,
    /// The practice's handle in logins and links.
    pub slug: String,
    /// IANA time zone; every local date and time of the practice is in it.
    #[schema(example = "America/Denver")]
    pub time_zone: String,
    /// Cancellations closer than this to the start are late.
    pub cancellation_window_hours: u8,
    pub address: Option<String>,
    /// Minutes without a keystroke, click or touch before the web app signs its user out
    /// (automatic logoff); it warns a minute before.
    #[schema(minimum = 2, maximum = 240, example = 15)]
    pub idle_logoff_minutes: u8,
    /// How care plans are built and when progress flags fire (the documented defaults unless
    /// the practice changed them).
    pub care: Conventions,
    /// Whether everyone must sign in with a second factor (TOTP); staff without one enrol at
    /// their next sign-in.
    pub require_second_factor: bool,
    /// Hours before a session its client is emailed a reminder (with the service's
    /// preparation); `null`: no reminders.
    #[schema(minimum = 1, maximum = 168, example = 24)]
    pub reminder_lead_hours: Option<u8>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Practice> for PracticeView {
    fn from(p: &Practice) -> Self {
        Self {
            id: p.id.0,
            name: p.name.as_str().to_owned(),
            slug: p.slug.as_str().to_owned(),
            time_zone: p.time_zone.name().to_owned(),
            cancellation_window_hours: p.cancellation_window.get(),
            address: p.address.clone(),
            idle_logoff_minutes: p.idle_logoff.get(),
            care: p.care,
            require_second_factor: p.require_second_factor,
            reminder_lead_hours: p.reminder_lead_hours,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Your practice and its settings.
///
/// Name, slug, time zone, cancellation window, address, automatic-logoff time, care
/// conventions and whether a second factor is required, with the ETag to send as `If-Match`
/// when updating.
#[utoipa::path(
    tag = "practice",
    operation_id = "get_practice",
    security(("bearer" = [])),
    responses((status = 200, description = "The practice, with its ETag.", body = PracticeView,
        headers(("ETag" = String, description = "Send as If-Match to update"))))
)]
#[get("/v1/practice")]
pub async fn get_practice(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let practice = practices::find(&mut conn, caller.practice).await?;
    Ok(with_etag(practice.version, &PracticeView::from(&practice)))
}

/// Changes to the practice's settings; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Stride Sports Massage", "cancellation_window_hours": 24, "address": null}))]
pub struct PracticeUpdate {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// An IANA time zone such as `Europe/London`.
    #[schema(example = "America/Denver")]
    pub time_zone: Option<String>,
    #[schema(minimum = 0, maximum = 168)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub cancellation_window_hours: Option<i64>,
    /// `null` clears the address.
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub address: Option<Option<String>>,
    /// Minutes of inactivity before automatic logoff.
    #[schema(minimum = 2, maximum = 240)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub idle_logoff_minutes: Option<i64>,
    /// The care conventions as a whole (every field).
    pub care: Option<Conventions>,
    /// Require a second factor of everyone. Turning it on needs the owner's own login to have
    /// passed one; every login without it ends at once.
    pub require_second_factor: Option<bool>,
    /// Hours before a session its client is emailed a reminder; `null` turns reminders off.
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 168)]
    pub reminder_lead_hours: Option<Option<i64>>,
}

/// Change the practice's settings.
///
/// Any of name, time zone, cancellation window, address, automatic-logoff time, care
/// conventions and the two-factor requirement; absent fields stay as they are. `If-Match` is
/// required (428 without it, 412 when the practice changed since it was read). Requiring a
/// second factor needs your own login to have passed one (422 otherwise) and ends every login
/// without one at once.
#[utoipa::path(
    tag = "practice",
    operation_id = "update_practice",
    security(("bearer" = [])),
    request_body = PracticeUpdate,
    params(("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = PracticeView),
        (status = 412, description = "The practice changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/practice")]
pub async fn update_practice(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<PracticeUpdate>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let body = body.0;
    let mut errors = FieldErrors::default();
    let changes = PracticeChanges {
        name: body
            .name
            .as_deref()
            .and_then(|n| errors.check("/name", PracticeName::parse(n))),
        time_zone: body
            .time_zone
            .as_deref()
            .and_then(|z| errors.check("/time_zone", TimeZone::parse(z))),
        cancellation_window: body
            .cancellation_window_hours
            .and_then(|h| errors.check("/cancellation_window_hours", CancellationWindow::hours(h))),
        address: match body.address {
            Some(address) => errors
                .check(
                    "/address",
                    optional_text(address.as_deref(), knead_domain::practice::ADDRESS_MAX_CHARS),
                )
                .map(Some)
                .unwrap_or_default(),
            None => None,
        },
        idle_logoff: body
            .idle_logoff_minutes
            .and_then(|m| errors.check("/idle_logoff_minutes", IdleLogoff::minutes(m))),
        care: body.care.and_then(|c| match c.check() {
            Ok(care) => Some(care),
            Err((field, why)) => errors.check(&format!("/care/{field}"), Err(why)),
        }),
        require_second_factor: body.require_second_factor,
        reminder_lead_hours: match body.reminder_lead_hours {
            Some(Some(hours)) => {
                match u8::try_from(hours)
                    .ok()
                    .filter(|h| practices::REMINDER_LEAD_HOURS.contains(h))
                {
                    Some(hours) => Some(Some(hours)),
                    None => {
                        errors.push("/reminder_lead_hours", "must be a whole number of hours from 1 to 168");
                        None
                    }
                }
            }
            Some(None) => Some(None),
            None => None,
        },
    };
    if body.require_second_factor == Some(true) && !caller.second_factor {
        errors.push(
            "/require_second_factor",
            "sign in with your own second factor (enrol in your settings) before requiring it",
        );
    }
    errors.finish()?;
    let expected = if_match(&req)?;
    let mut conn = state.conn().await?;
    let practice = second_factors::update_practice(
        &mut conn,
        caller.practice,
        expected,
        changes,
        state.settings.clock.now(),
    )
    .await?;
    if body.require_second_factor.is_some() {
        state.accounts.forget_practice(caller.practice);
    }
    Ok(with_etag(practice.version, &PracticeView::from(&practice)))
}
