//! Intake forms entered by staff, and their history (clinical: therapists and owners only,
//! every call audited).

pub mod body;
pub mod emailed;
pub mod links;

use self::body::{IntakeFormView, IntakeInput};
use crate::audit::{AuditTarget, note};
use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create};
use crate::error::{ApiError, Problem};
use crate::extract::{parse, require_json};
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use knead_domain::IntakeFormId;
use knead_persistence::intake::{self, Submitter};
use uuid::Uuid;

/// A client's intake forms.
///
/// Every version of the client's intake (complaint, pain areas, history, medications,
/// contraindications, goals, consent), newest first. Clinical: every call is audited.
#[utoipa::path(
    tag = "intake",
    operation_id = "list_intake_forms",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "Every version, newest first.", body = Vec<IntakeFormView>))
)]
#[get("/v1/clients/{id}/intake-forms")]
pub async fn list_intake_forms(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, None));
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let forms = intake::for_client(&mut conn, caller.practice, client.id).await?;
    Ok(HttpResponse::Ok().json(forms.into_iter().map(IntakeFormView::from).collect::<Vec<_>>()))
}

/// Record a new intake version for a client.
///
/// As entered with the client by staff; earlier versions are kept. Clinical: every call is
/// audited. Honours `Idempotency-Key`: a retry with the same key and body gets the first
/// answer.
#[utoipa::path(
    tag = "intake",
    operation_id = "create_intake_form",
    security(("bearer" = [])),
    request_body = IntakeInput,
    params(
        ("id" = Uuid, Path, description = "Client id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$"),
    ),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 201, description = "The new version.", body = IntakeFormView, headers(("Location" = String))),
        (status = 409, description = "The Idempotency-Key belongs to a request that never finished.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/clients/{id}/intake-forms")]
pub async fn create_intake_form(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, None));
    let client = {
        let mut conn = state.conn().await?;
        caller.authorise_item(load_client(&mut conn, &caller, *id)).await?
    };
    require_json(&req)?;
    let content = parse::<IntakeInput>(&body)?.validate(state.settings.clock.now().date_naive())?;
    let response = idempotent_create(&req, &state, &caller, "create_intake_form", &body, async |conn| {
        let form = intake::submit(
            conn,
            caller.practice,
            client.id,
            content,
            Submitter::Staff(caller.staff),
            state.settings.clock.now(),
        )
        .await?;
        note(&req, AuditTarget::client(client.id.0, Some(form.id.0)));
        let location = format!("/v1/intake-forms/{}", form.id.0);
        Created::new(&IntakeFormView::from(form), location, None)
    })
    .await?;
    Ok(response)
}

/// One intake form version.
///
/// The form as submitted, by staff or by the client through a link. Clinical: every call is
/// audited.
#[utoipa::path(
    tag = "intake",
    operation_id = "get_intake_form",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Intake form id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "The form.", body = IntakeFormView))
)]
#[get("/v1/intake-forms/{id}")]
pub async fn get_intake_form(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let form = caller
        .authorise_item(async {
            let form = intake::find(&mut conn, caller.practice, IntakeFormId(*id)).await?;
            note(&req, AuditTarget::client(form.client_id.0, Some(form.id.0)));
            Ok::<_, ApiError>(form)
        })
        .await?;
    Ok(HttpResponse::Ok().json(IntakeFormView::from(form)))
}
