//! SOAP session notes (clinical: therapists and owners, every call audited). Only a note's
//! author edits or signs it; a signed note never changes and is corrected by amendments.

pub mod body;

use self::body::{AmendmentInput, AmendmentView, NoteInput, NoteView, VerifyView};
use crate::audit::{AuditTarget, note};
use crate::auth::Caller;
use crate::concurrency::{Created, etag, idempotent_create, if_match, with_etag};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, parse, require_json};
use crate::pagination::{Page, PageQuery, encode_cursor};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::NaiveDate;
use knead_domain::clinical::BodyRegion;
use knead_domain::{ClientId, StaffId, Technique};
use knead_persistence::notes::{self, NoteFilter, SessionNote};
use knead_persistence::{Connection, StoreError, clients};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NoteListQuery {
    pub client_id: Option<Uuid>,
    pub therapist_id: Option<Uuid>,
    /// Notes where this technique was applied.
    #[param(inline)]
    pub technique: Option<Technique>,
    /// Notes with a technique applied to this region.
    #[param(inline)]
    pub region: Option<BodyRegion>,
    /// Sessions on or after this date.
    pub from: Option<NaiveDate>,
    /// Sessions before this date.
    pub to: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

async fn load(req: &HttpRequest, conn: &mut Connection, caller: &Caller, id: Uuid) -> Result<SessionNote, ApiError> {
    let found = notes::find(conn, caller.practice, id).await?;
    note(req, AuditTarget::client(found.client_id.0, Some(found.id)));
    Ok(found)
}

/// A note may name a booking only of its own client in the caller's practice (422 on
/// `/booking_id` otherwise), on create and on replace alike.
async fn check_booking(
    conn: &mut Connection,
    caller: &Caller,
    client: ClientId,
    booking: Option<Uuid>,
) -> Result<(), ApiError> {
    let Some(booking) = booking else { return Ok(()) };
    match knead_persistence::bookings::find(conn, caller.practice, booking).await {
        Err(StoreError::NotFound) => Err(ApiError::invalid("/booking_id", "no such booking in this practice")),
        Ok(found) if found.slot.client_id != client => {
            Err(ApiError::invalid("/booking_id", "that booking is another client's"))
        }
        other => other.map(|_| ()).map_err(ApiError::from),
    }
}

fn author_only(caller: &Caller, found: &SessionNote) -> Result<(), ApiError> {
    if found.therapist_id == caller.staff {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// List session notes.
///
/// Newest session first, filtered by client, therapist, technique, body region and session
/// dates, one page at a time. Clinical: every call is audited.
#[utoipa::path(
    tag = "session notes",
    operation_id = "list_session_notes",
    security(("bearer" = [])),
    params(NoteListQuery),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "One page of notes.", body = Page<NoteView>))
)]
#[get("/v1/session-notes")]
pub async fn list_session_notes(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<NoteListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    if let Some(client) = query.client_id {
        note(&req, AuditTarget::client(client, None));
    }
    caller.authorise()?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let after: Option<(NaiveDate, Uuid)> = page.cursor()?;
    let filter = NoteFilter {
        client_id: query.client_id.map(ClientId),
        therapist_id: query.therapist_id.map(StaffId),
        technique: query.technique,
        region: query.region,
        from: query.from,
        to: query.to,
    };
    let mut conn = state.read_conn(&req).await?;
    let mut rows = notes::list(&mut conn, caller.practice, &filter, after, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|n| encode_cursor(&(n.content.session_date, n.id)))
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(NoteView::from).collect(),
        next_cursor,
    }))
}

/// Write a draft session note.
///
/// A SOAP note for a client (subjective, objective, assessment, plan) with the techniques
/// applied by region, pain before and after, and home care. The caller is its author (for an
/// API key, the owner who created the key). `booking_id`, when given, must be one of the
/// client's bookings (422 otherwise). Honours `Idempotency-Key`: a retry with the same key
/// and body gets the first answer.
#[utoipa::path(
    tag = "session notes",
    operation_id = "create_session_note",
    security(("bearer" = [])),
    request_body = NoteInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 201, description = "The draft.", body = NoteView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The Idempotency-Key belongs to a request that never finished.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/session-notes")]
pub async fn create_session_note(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    require_json(&req)?;
    let input: NoteInput = parse(&body)?;
    let (client_id, booking) = (ClientId(input.client_id), input.booking_id);
    note(&req, AuditTarget::client(client_id.0, None));
    let content = input.content(state.settings.clock.now().date_naive())?;
    {
        let mut conn = state.conn().await?;
        match clients::find(&mut conn, caller.practice, client_id).await {
            Err(StoreError::NotFound) => {
                return Err(ApiError::invalid("/client_id", "no such client in this practice"));
            }
            other => other?,
        };
        check_booking(&mut conn, &caller, client_id, booking).await?;
    }
    idempotent_create(&req, &state, &caller, "create_session_note", &body, async |conn| {
        let now = state.settings.clock.now();
        let draft = notes::insert_draft(conn, caller.practice, client_id, caller.staff, booking, content, now).await?;
        note(&req, AuditTarget::client(client_id.0, Some(draft.id)));
        let (location, version) = (format!("/v1/session-notes/{}", draft.id), draft.version);
        Created::new(&NoteView::from(draft), location, Some(version))
    })
    .await
}

/// One session note.
///
/// With its amendments and the ETag to send as `If-Match` when replacing a draft. Clinical:
/// every call is audited.
#[utoipa::path(
    tag = "session notes",
    operation_id = "get_session_note",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Note id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "The note.", body = NoteView, headers(("ETag" = String))))
)]
#[get("/v1/session-notes/{id}")]
pub async fn get_session_note(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let found = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    Ok(with_etag(found.version, &NoteView::from(found)))
}

/// Replace a draft note.
///
/// Its author only (403 for anyone else); `If-Match` required. Every field of the body is
/// stored and an omitted optional one (such as `booking_id`) is cleared; the client cannot
/// change. `booking_id` must be one of the client's bookings (422 otherwise, as on create). A
/// signed note answers 409: amend it instead.
#[utoipa::path(
    tag = "session notes",
    operation_id = "update_session_note",
    security(("bearer" = [])),
    request_body = NoteInput,
    params(("id" = Uuid, Path, description = "Note id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 200, description = "Updated.", body = NoteView, headers(("ETag" = String))),
        (status = 422, description = "A field is invalid, or `booking_id` is not one of the client's bookings.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The note is signed: add an amendment instead.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/session-notes/{id}")]
pub async fn update_session_note(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<NoteInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let found = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    author_only(&caller, &found)?;
    if body.0.client_id != found.client_id.0 {
        return Err(ApiError::invalid("/client_id", "a note stays with its client"));
    }
    let booking = body.0.booking_id;
    let content = body.0.content(state.settings.clock.now().date_naive())?;
    check_booking(&mut conn, &caller, found.client_id, booking).await?;
    let expected = if_match(&req)?;
    let now = state.settings.clock.now();
    let updated = notes::update_draft(&mut conn, caller.practice, found.id, expected, booking, content, now).await?;
    Ok(with_etag(updated.version, &NoteView::from(updated)))
}

/// Sign a draft note.
///
/// Its author only (403 for anyone else). From then on the note never changes: its hash is
/// kept (`verify_session_note`) and corrections are amendments. 409 when already signed.
#[utoipa::path(
    tag = "session notes",
    operation_id = "sign_session_note",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Note id")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 200, description = "Signed.", body = NoteView),
        (status = 409, description = "Already signed.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/session-notes/{id}/sign")]
pub async fn sign_session_note(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let found = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    author_only(&caller, &found)?;
    let signed = notes::sign(&mut conn, caller.practice, found.id, None, state.settings.clock.now()).await?;
    Ok(with_etag(signed.version, &NoteView::from(signed)))
}

/// Amend a signed note.
///
/// A correction with a reason, appended and chained to the note's hash; the note itself never
/// changes. By its author or an owner (403 for anyone else). 409 while the note is a draft:
/// edit it instead.
#[utoipa::path(
    tag = "session notes",
    operation_id = "amend_session_note",
    security(("bearer" = [])),
    request_body = AmendmentInput,
    params(("id" = Uuid, Path, description = "Note id")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 201, description = "Appended.", body = AmendmentView),
        (status = 409, description = "The note is still a draft: edit it instead.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/session-notes/{id}/amendments")]
pub async fn amend_session_note(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<AmendmentInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let found = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    if caller.role != knead_domain::Role::Owner {
        author_only(&caller, &found)?;
    }
    let input = body.0;
    let mut errors = crate::error::FieldErrors::default();
    let reason = errors
        .check("/reason", knead_domain::client::optional_text(Some(&input.reason), 500))
        .flatten();
    let text = errors
        .check("/body", knead_domain::client::optional_text(Some(&input.body), 10_000))
        .flatten();
    if reason.is_none() {
        errors.check::<()>("/reason", Err(knead_domain::Invalid::new("must not be blank")));
    }
    if text.is_none() {
        errors.check::<()>("/body", Err(knead_domain::Invalid::new("must not be blank")));
    }
    errors.finish()?;
    let amendment = notes::amend(
        &mut conn,
        caller.practice,
        found.id,
        caller.staff,
        &reason.unwrap_or_default(),
        &text.unwrap_or_default(),
        state.settings.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/session-notes/{}", found.id)))
        .insert_header(("ETag", etag(found.version)))
        .json(AmendmentView::from(amendment)))
}

/// Check a signed note against its signature.
///
/// Recomputes the note's hash and compares it with the one taken at signing, and checks its
/// amendments: each is chained over the previous hash (the note's for the first) and the
/// note's chain head counts them, so an edited or deleted amendment makes the note invalid. A
/// draft answers `valid: null`.
#[utoipa::path(
    tag = "session notes",
    operation_id = "verify_session_note",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Note id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "Whether the note is as signed.", body = VerifyView))
)]
#[get("/v1/session-notes/{id}/verify")]
pub async fn verify_session_note(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let found = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    let verdict = notes::verify_notes(&mut conn, caller.practice, std::slice::from_ref(&found))
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("no verdict for the note"))?;
    Ok(HttpResponse::Ok().json(VerifyView {
        valid: verdict.valid(),
        problem: verdict.problem(),
    }))
}
