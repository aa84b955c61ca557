//! Assembling the actix app: routes (through utoipa-actix-web), the finished spec at
//! `/openapi.json`, Swagger UI at `/docs`, extractor error handlers, the request context and
//! security header middleware and the 404/405 fallback.

use crate::audit::audit_clinical;
use crate::extract::{CSV_LIMIT, QueryParameters, path_error, query_error};
use crate::frontend::Frontend;
use crate::middleware::{request_context, security_headers};
use crate::openapi::{ApiDoc, finish};
use crate::operations::Operations;
use crate::state::AppState;
use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpResponse, HttpServer, middleware, web};
use std::net::TcpListener;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// The spec as the code defines it; `knead openapi` writes this to `openapi/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, spec) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    finish(spec)
}

/// The spec as pretty JSON with a trailing newline, exactly as committed.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let frontend = state.settings.frontend_dir.as_deref().and_then(Frontend::at);
    let allow_cors = !state.settings.cors_origins.is_empty();
    let cors = cors(&state.settings.cors_origins);
    let (app, spec) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(CSV_LIMIT))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .configure(crate::routes::configure)
        .split_for_parts();
    let spec = finish(spec);
    app.app_data(web::Data::new(Operations::from_spec(&spec)))
        .app_data(web::Data::new(QueryParameters::from_spec(&spec)))
        .app_data(web::Data::new(frontend))
        .route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("Location", "/docs/"))
                    .finish()
            }),
        )
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", spec))
        .default_service(web::to(Operations::fallback))
        .wrap(middleware::from_fn(audit_clinical))
        .wrap(middleware::from_fn(crate::replica::commit_lsn))
        .wrap(middleware::from_fn(crate::auth::rate_limit::headers))
        .wrap(middleware::from_fn(crate::body_deadline::read_body))
        .wrap(middleware::Condition::new(allow_cors, cors))
        .wrap(middleware::from_fn(security_headers))
        .wrap(middleware::from_fn(request_context))
}

/// Browser access from the configured origins, with the headers the API reads and the ones a
/// client needs to see (ETag for If-Match, Location after creation, Retry-After on 429,
/// Knead-Lsn to read its own writes).
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            "authorization",
            "content-type",
            "if-match",
            "idempotency-key",
            "x-request-id",
            "knead-lsn",
        ])
        .expose_headers([
            "knead-lsn",
            "etag",
            "location",
            "retry-after",
            "idempotent-replayed",
            "x-request-id",
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
        ])
        .max_age(3600)
}

/// Binds the server to an already-open listener (port 0 in tests).
pub fn server(state: AppState, listener: TcpListener, workers: usize) -> std::io::Result<actix_web::dev::Server> {
    Ok(HttpServer::new(move || build_app(state.clone()))
        .workers(workers)
        .shutdown_timeout(20)
        .listen(listener)?
        .run())
}
