//! Staff: everyone reads the list; owners invite, change roles and profiles, deactivate, and
//! issue one-time links (invitation, password reset).

pub mod draft_key;
pub mod invitation_email;
pub mod me;
pub mod schedule;
pub mod second_factor;

use crate::auth::Caller;
use crate::auth::links;
use crate::concurrency::{Created, idempotent_create, if_match, with_etag};
use crate::error::{ApiError, FieldErrors, Problem};
use crate::extract::{Json, parse};
use crate::pagination::{Page, PageQuery};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use knead_domain::client::optional_text;
use knead_domain::{DisplayName, Email, Role, StaffId, Technique};
use knead_persistence::staff::{self, NewStaff, Staff, StaffChanges};
use knead_persistence::tokens::LinkPurpose;
use knead_persistence::{Connection, accounts};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffView {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// True until the invitation link has been used to set a password.
    pub invitation_pending: bool,
    /// E.g. `LMT`.
    pub credentials: Option<String>,
    pub licence_number: Option<String>,
    pub techniques: Vec<Technique>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Staff> for StaffView {
    fn from(s: Staff) -> Self {
        Self {
            id: s.id.0,
            email: s.email.as_str().to_owned(),
            display_name: s.display_name.as_str().to_owned(),
            role: s.role,
            active: s.active,
            invitation_pending: !s.has_password,
            credentials: s.credentials,
            licence_number: s.licence_number,
            techniques: s.techniques,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// List the practice's staff.
///
/// Active and deactivated staff, oldest first, one page at a time; `invitation_pending` shows
/// who has not yet set a password.
#[utoipa::path(
    tag = "staff",
    operation_id = "list_staff",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "One page of staff.", body = Page<StaffView>))
)]
#[get("/v1/staff")]
pub async fn list_staff(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let limit = query.limit()?;
    let cursor: Option<Uuid> = query.cursor()?;
    let mut conn = state.read_conn(&req).await?;
    let rows = staff::list(&mut conn, caller.practice, cursor.map(StaffId), limit + 1).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |s| s.id.0, StaffView::from)))
}

/// Loads a staff member of the caller's practice: another practice's id is a plain 404,
/// checked before the role (404 wins over 403).
pub(super) async fn load(conn: &mut Connection, caller: &Caller, id: Uuid) -> Result<Staff, ApiError> {
    Ok(staff::find(conn, caller.practice, StaffId(id)).await?)
}

/// One staff member.
///
/// With the ETag to send as `If-Match` when updating.
#[utoipa::path(
    tag = "staff",
    operation_id = "get_staff",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses((status = 200, description = "The staff member, with its ETag.", body = StaffView))
)]
#[get("/v1/staff/{id}")]
pub async fn get_staff(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let found = caller.authorise_item(load(&mut conn, &caller, *id)).await?;
    Ok(with_etag(found.version, &StaffView::from(found)))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "jordan@stride.example", "display_name": "Jordan Diaz", "role": "therapist", "credentials": "LMT", "licence_number": "CO-MT-01021", "techniques": ["trigger_point", "active_release"]}))]
pub struct NewStaffRequest {
    #[schema(example = "jordan@stride.example", format = Email, max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    pub role: Role,
    #[schema(max_length = 100)]
    pub credentials: Option<String>,
    #[schema(max_length = 100)]
    pub licence_number: Option<String>,
    #[serde(default)]
    pub techniques: Vec<Technique>,
}

/// Credentials or a licence number: trimmed, blank as none, bounded.
fn credential(value: Option<&str>) -> Result<Option<String>, knead_domain::Invalid> {
    optional_text(value, knead_domain::staff::CREDENTIAL_MAX_CHARS)
}

/// Add a staff member.
///
/// The account has no password yet: issue an invitation link (`POST /v1/staff/{id}/links`)
/// for them to set one. 409 when the email is taken in this practice. Honours
/// `Idempotency-Key`: a retry with the same key and body gets the first answer.
#[utoipa::path(
    tag = "staff",
    operation_id = "create_staff",
    security(("bearer" = [])),
    request_body = NewStaffRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Created.", body = StaffView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The email is taken in this practice, or the Idempotency-Key is in use.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/staff")]
pub async fn create_staff(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    crate::extract::require_json(&req)?;
    let request: NewStaffRequest = parse(&body)?;
    let mut errors = FieldErrors::default();
    let email = errors.check("/email", Email::parse(&request.email));
    let name = errors.check("/display_name", DisplayName::parse(&request.display_name));
    let credentials = errors.check("/credentials", credential(request.credentials.as_deref()));
    let licence_number = errors.check("/licence_number", credential(request.licence_number.as_deref()));
    errors.finish()?;
    let (Some(email), Some(display_name)) = (email, name) else {
        return Err(ApiError::internal("checked fields went missing"));
    };
    let new = NewStaff {
        practice_id: caller.practice,
        email,
        display_name,
        role: request.role,
        password_hash: None,
        credentials: credentials.flatten(),
        licence_number: licence_number.flatten(),
        techniques: request.techniques,
    };
    idempotent_create(&req, &state, &caller, "create_staff", &body, async |conn| {
        let created = staff::insert(conn, new, state.settings.clock.now()).await?;
        let location = format!("/v1/staff/{}", created.id);
        let version = created.version;
        Created::new(&StaffView::from(created), location, Some(version))
    })
    .await
}

/// Changes to a staff member; absent fields stay as they are, `null` clears.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "therapist", "techniques": ["sports_massage", "cupping"]}))]
pub struct StaffUpdate {
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub credentials: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub licence_number: Option<Option<String>>,
    pub techniques: Option<Vec<Technique>>,
}

/// Change a staff member's role or profile.
///
/// Display name, role, credentials, licence number or techniques; absent fields stay as they
/// are and `null` clears credentials or licence number. A role change ends their current
/// logins. 409 when this would leave the practice without an owner. `If-Match` is required
/// (428 without it, 412 when they changed since they were read).
#[utoipa::path(
    tag = "staff",
    operation_id = "update_staff",
    security(("bearer" = [])),
    request_body = StaffUpdate,
    params(("id" = Uuid, Path, description = "Staff id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = StaffView),
        (status = 409, description = "This would leave the practice without an owner.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/staff/{id}")]
pub async fn update_staff(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<StaffUpdate>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller.authorise_item(load(&mut conn, &caller, *id)).await?;
    let body = body.0;
    let display_name = match body.display_name.as_deref().map(DisplayName::parse) {
        Some(Err(e)) => return Err(ApiError::invalid("/display_name", e.0)),
        other => other.and_then(Result::ok),
    };
    let mut errors = FieldErrors::default();
    let credentials = body
        .credentials
        .map(|c| errors.check("/credentials", credential(c.as_deref())));
    let licence_number = body
        .licence_number
        .map(|l| errors.check("/licence_number", credential(l.as_deref())));
    errors.finish()?;
    let expected = if_match(&req)?;
    let demotes_owner = current.role == Role::Owner && body.role.is_some_and(|r| r != Role::Owner);
    let changes = StaffChanges {
        display_name,
        role: body.role,
        credentials: credentials.map(Option::flatten),
        licence_number: licence_number.map(Option::flatten),
        techniques: body.techniques,
    };
    let now = state.settings.clock.now();
    let updated = accounts::update_staff(
        &mut conn,
        caller.practice,
        current.id,
        expected,
        changes,
        demotes_owner,
        now,
    )
    .await?;
    state.accounts.forget(caller.practice, updated.id);
    Ok(with_etag(updated.version, &StaffView::from(updated)))
}

/// Deactivate a staff member.
///
/// Their logins end at once (refresh tokens) or within a minute (access tokens); their
/// records are kept. 409 when this would leave the practice without an owner.
#[utoipa::path(
    tag = "staff",
    operation_id = "deactivate_staff",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses(
        (status = 200, description = "Deactivated.", body = StaffView),
        (status = 409, description = "This would leave the practice without an owner.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/staff/{id}/deactivate")]
pub async fn deactivate_staff(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let target = caller.authorise_item(load(&mut conn, &caller, *id)).await?;
    let now = state.settings.clock.now();
    let done = accounts::deactivate_staff(&mut conn, caller.practice, target.id, target.role, now).await?;
    state.accounts.forget(caller.practice, done.id);
    Ok(with_etag(done.version, &StaffView::from(done)))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// First password for an invited staff member (valid 7 days).
    Invitation,
    /// A new password chosen by the staff member (valid 24 hours).
    PasswordReset,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"purpose": "invitation"}))]
pub struct NewLinkRequest {
    pub purpose: LinkKind,
}

/// A one-time link: hand `url` (or `token`) to the staff member; it is shown only once.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    pub url: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Issue an invitation or password-reset link for a staff member.
///
/// A one-time link to set a password: an invitation is valid 7 days, a reset 24 hours. The
/// URL and token are in this answer only (`Cache-Control: no-store`): hand them to the staff
/// member. 409 when the account is deactivated.
#[utoipa::path(
    tag = "staff",
    operation_id = "create_staff_link",
    security(("bearer" = [])),
    request_body = NewLinkRequest,
    params(("id" = Uuid, Path, description = "Staff id")),
    responses(
        (status = 201, description = "The link; its secret is not shown again.", body = LinkView),
        (status = 409, description = "The account is deactivated.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/staff/{id}/links")]
pub async fn create_staff_link(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<NewLinkRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let target = caller.authorise_item(load(&mut conn, &caller, *id)).await?;
    if !target.active {
        return Err(ApiError::Conflict("the account is deactivated".into()));
    }
    let purpose = match body.0.purpose {
        LinkKind::Invitation => LinkPurpose::Invitation,
        LinkKind::PasswordReset => LinkPurpose::PasswordReset,
    };
    let now = state.settings.clock.now();
    let issued = links::issue(
        &mut conn,
        caller.practice,
        target.id,
        purpose,
        &state.settings.public_url,
        now,
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(LinkView {
            url: issued.url,
            token: issued.token,
            expires_at: issued.expires_at,
        }))
}
