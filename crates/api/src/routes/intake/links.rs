//! Self-service intake: staff issue a one-time, expiring, revocable link; the client opens it
//! without a login, sees the form (prefilled from their last intake only when a clinical
//! staff member created the link: see `LinkCreator::may_carry_prefill`), and submits once. The
//! token is 256 random bits, stored hashed; failed lookups are throttled per client IP.

use super::body::IntakeInput;
use crate::audit::{AuditTarget, LinkActor, note};
use crate::auth::Caller;
use crate::auth::link_throttle::LinkThrottle;
use crate::auth::secrets;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Duration, Utc};
use knead_domain::access::LinkCreator;
use knead_domain::clinical::{CONSENT_TEXT, CONSENT_TEXT_VERSION};
use knead_domain::clinical::{Contraindication, PainArea};
use knead_domain::{ClientId, PracticeId, StaffId};
use knead_persistence::intake::{self, IntakeLink};
use knead_persistence::{Connection, StoreError, clients, practices};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub const INTAKE_PREFIX: &str = "ki1";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"expires_in_hours": 72}))]
pub struct NewIntakeLink {
    /// How long the link stays valid: 1–336 hours (default 72).
    #[schema(minimum = 1, maximum = 336)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub expires_in_hours: Option<i64>,
}

/// A link's state (its secret is shown only once, at creation).
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeLinkView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<&IntakeLink> for IntakeLinkView {
    fn from(l: &IntakeLink) -> Self {
        Self {
            id: l.id,
            client_id: l.client_id,
            expires_at: l.expires_at,
            used_at: l.used_at,
            revoked_at: l.revoked_at,
            created_at: l.created_at,
        }
    }
}

/// A new link: send `url` to the client.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedIntakeLink {
    #[serde(flatten)]
    pub link: IntakeLinkView,
    pub url: String,
    pub token: String,
}

/// Create a self-service intake link for a client.
///
/// A one-time link, valid 1 to 336 hours (default 72), that the client opens without a login
/// to fill in their intake; its URL and token are in this answer only. Its page shows the
/// client's last intake as prefill only when the creator may read clinical records (owners,
/// therapists): the front desk's links open an empty form. 409 when the client is archived.
#[utoipa::path(
    tag = "intake",
    operation_id = "create_intake_link",
    security(("bearer" = [])),
    request_body = NewIntakeLink,
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 201, description = "The link; its secret is not shown again.", body = CreatedIntakeLink),
        (status = 409, description = "The client is archived.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/clients/{id}/intake-links")]
pub async fn create_intake_link(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<NewIntakeLink>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let hours = body.0.expires_in_hours.unwrap_or(72);
    if !(1..=336).contains(&hours) {
        return Err(ApiError::invalid("/expires_in_hours", "must be between 1 and 336"));
    }
    if client.archived {
        return Err(ApiError::Conflict("the client is archived".into()));
    }
    let minted = secrets::mint(INTAKE_PREFIX, caller.practice);
    let now = state.settings.clock.now();
    let link = IntakeLink {
        practice_id: caller.practice.0,
        id: minted.id,
        client_id: client.id.0,
        secret_hash: minted.hash,
        expires_at: now + Duration::hours(hours),
        used_at: None,
        revoked_at: None,
        created_by: caller.staff.0,
        created_at: now,
        creator_clinical: LinkCreator::of(caller.staff, &caller).clinical,
    };
    intake::insert_link(&mut conn, &link).await?;
    let url = format!(
        "{}/intake#{}",
        state.settings.public_url.trim_end_matches('/'),
        minted.token
    );
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(CreatedIntakeLink {
            link: IntakeLinkView::from(&link),
            url,
            token: minted.token,
        }))
}

/// Revoke an intake link.
///
/// The link stops working at once (its page answers 410).
#[utoipa::path(
    tag = "intake",
    operation_id = "revoke_intake_link",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Intake link id")),
    responses((status = 200, description = "Revoked.", body = IntakeLinkView))
)]
#[post("/v1/intake-links/{id}/revoke")]
pub async fn revoke_intake_link(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let link = caller
        .authorise_item(intake::find_link(&mut conn, caller.practice, *id))
        .await?;
    let revoked = intake::revoke_link(&mut conn, caller.practice, link.id, state.settings.clock.now()).await?;
    Ok(HttpResponse::Ok().json(IntakeLinkView::from(&revoked)))
}

const NO_SUCH_LINK: &str = "this intake link is invalid, expired, revoked or already used";

/// Resolves a public token to an open link, throttling failed lookups per client IP.
async fn open_link(
    req: &HttpRequest,
    state: &AppState,
    conn: &mut Connection,
    token: &str,
) -> Result<IntakeLink, ApiError> {
    let throttle = LinkThrottle::check(req, state, conn, "intake").await?;
    let now = state.settings.clock.now();
    let found = match secrets::parse(INTAKE_PREFIX, token) {
        Some(parsed) => match intake::find_link(conn, parsed.practice, parsed.id).await {
            Ok(link) if parsed.matches(&link.secret_hash) => Some(link),
            Ok(_) | Err(StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    let Some(link) = found else {
        return Err(throttle.missed(state, conn).await?);
    };
    // From here on the call is the client's, in the link's practice: audit it there.
    req.extensions_mut().insert(LinkActor {
        practice: PracticeId(link.practice_id),
        link_id: link.id,
        creator: StaffId(link.created_by),
    });
    note(req, AuditTarget::client(link.client_id, Some(link.id)));
    knead_persistence::activity::act_as(knead_persistence::activity::Actor::ClientLink);
    knead_persistence::activity::attribute(conn).await?;
    if !link.is_open(now) {
        return Err(ApiError::Gone(NO_SUCH_LINK));
    }
    Ok(link)
}

/// What the client may change on the form, prefilled from their last intake.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakePrefill {
    pub chief_complaint: Option<String>,
    pub pain_areas: Vec<PainArea>,
    pub conditions: Option<String>,
    pub medical_history: Option<String>,
    pub medications: Option<String>,
    pub contraindications: Vec<Contraindication>,
    pub goals: Option<String>,
}

/// The page a client sees when opening their link.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicIntake {
    pub practice_name: String,
    pub client_given_name: String,
    pub expires_at: DateTime<Utc>,
    pub consent_text: String,
    pub consent_text_version: String,
    /// From the client's last intake, if any — and only when the link was created by someone
    /// who may read clinical records (an owner or therapist). A link from the front desk never
    /// carries clinical prefill: the form starts empty.
    pub prefill: Option<IntakePrefill>,
}

/// Open a self-service intake link.
///
/// What the client sees: the practice's name, their given name, the consent text and, for a
/// link a clinical staff member created, their last intake as prefill. The token from the
/// link is the credential: 404 for an unknown one, 410 once the link was used, revoked or
/// expired, and 429 after too many failed lookups from one address. Audited as the client's.
#[utoipa::path(
    tag = "public",
    operation_id = "get_public_intake",
    params(("token" = String, Path, description = "The token from the link")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 200, description = "The form to fill in.", body = PublicIntake),
        (status = 404, description = "No such link.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link was used, revoked or has expired.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed lookups from this address.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/public/intake/{token}")]
pub async fn get_public_intake(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let link = open_link(&req, &state, &mut conn, &token).await?;
    let (practice, client) = (PracticeId(link.practice_id), ClientId(link.client_id));
    let client_row = clients::find(&mut conn, practice, client).await?;
    let practice_row = practices::find(&mut conn, practice).await?;
    // Only a clinical creator's link shows the last intake; it is not even read otherwise.
    let latest = if link.creator().may_carry_prefill() {
        intake::latest(&mut conn, practice, client).await?
    } else {
        None
    };
    let prefill = latest.map(|form| {
        let c = form.content;
        IntakePrefill {
            chief_complaint: c.chief_complaint,
            pain_areas: c.pain_areas,
            conditions: c.conditions,
            medical_history: c.medical_history,
            medications: c.medications,
            contraindications: c.contraindications,
            goals: c.goals,
        }
    });
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(PublicIntake {
            practice_name: practice_row.name.as_str().to_owned(),
            client_given_name: client_row.details.given_name,
            expires_at: link.expires_at,
            consent_text: CONSENT_TEXT.to_owned(),
            consent_text_version: CONSENT_TEXT_VERSION.to_owned(),
            prefill,
        }))
}

/// The receipt for a submitted form.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeReceipt {
    pub form_version: i32,
    pub submitted_at: DateTime<Utc>,
}

/// Submit the intake form through a link.
///
/// Records a new intake version for the link's client; the link then stops working. Token
/// rules as for opening it: 404 unknown, 410 used, revoked or expired, 429 after too many
/// failed lookups. Audited as the client's.
#[utoipa::path(
    tag = "public",
    operation_id = "submit_public_intake",
    params(("token" = String, Path, description = "The token from the link")),
    request_body = IntakeInput,
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 201, description = "Received.", body = IntakeReceipt),
        (status = 404, description = "No such link.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link was used, revoked or has expired.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed lookups from this address.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/public/intake/{token}")]
pub async fn submit_public_intake(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: Json<IntakeInput>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0.validate(state.settings.clock.now().date_naive())?;
    let mut conn = state.conn().await?;
    let link = open_link(&req, &state, &mut conn, &token).await?;
    let client = ClientId(link.client_id);
    let now = state.settings.clock.now();
    let form = intake::submit_through_link(&mut conn, &link, content, now)
        .await?
        .ok_or(ApiError::Gone(NO_SUCH_LINK))?;
    note(&req, AuditTarget::client(client.0, Some(form.id.0)));
    Ok(HttpResponse::Created().json(IntakeReceipt {
        form_version: form.form_version,
        submitted_at: form.created_at,
    }))
}
