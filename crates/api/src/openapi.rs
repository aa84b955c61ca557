//! The spec's frame (info, server, tags, shared schemas) and the finishing pass that declares,
//! on every operation, the error answers the shared machinery can give: 408 and 500
//! everywhere; 503 wherever the database is used; 400, 413, 415 and 422 where there is a JSON
//! body; 400 where there are parameters. It also declares the `api_key` scheme and, on every
//! operation a key may call, the scope it needs (from `knead_domain::access::key_scope`, the
//! function that authorises keys, so the spec and the behaviour cannot drift); marks public
//! operations with an empty security requirement; and ends each operation's description with
//! who may call it, read from the same access table.

use crate::error::{BookingClash, FieldError, Problem};
use knead_domain::Role;
use knead_domain::access::{Access, access, key_scope};
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Components, Content, Ref, RefOr, Response};

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Knead API",
        description = "Practice management for massage therapists who treat runners: clients, \
                       intake with pain areas, SOAP notes by technique, recurring bookings.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    servers((
        url = "/",
        description = "The server this spec is read from (`/openapi.json`): `knead serve` and `knead dev` listen \
                       on http://127.0.0.1:8080 unless `--bind` says otherwise."
    )),
    components(schemas(Problem, FieldError, BookingClash)),
    tags(
        (name = "operations", description = "Health and readiness probes."),
        (name = "auth", description = "Login, token refresh, logout and one-time password links."),
        (name = "me", description = "The logged-in staff member."),
        (name = "practice", description = "The practice (tenant) and its settings."),
        (name = "staff", description = "Owners, therapists and front desk."),
        (name = "audit", description = "The hash-chained audit log of clinical operations."),
        (name = "activity", description = "The activity log: who wrote what (bookings, clients, services, staff, settings, …), ids only."),
        (name = "changes", description = "The change feed: what changed, for integrators that mirror Knead's resources."),
        (name = "events", description = "The events outbox: what happened (a booking created, cancelled or moved, a note signed, …), with each type's allow-listed data."),
        (name = "webhooks", description = "Endpoints that receive the practice's events as signed HTTPS requests (Standard Webhooks), and their delivery logs."),
        (name = "clients", description = "Clients (runners): demographics, runner profile, races, alerts."),
        (name = "intake", description = "Versioned intake forms with pain areas and contraindications (clinical), and self-service links."),
        (name = "public", description = "What a client opens from a one-time link, without a staff login."),
        (name = "session notes", description = "SOAP notes by technique: drafts, signing, amendments (clinical)."),
        (name = "reports", description = "Outcomes by technique and pain trends (clinical)."),
        (name = "services", description = "Services (length, price, buffer, preparation) and treatment rooms."),
        (name = "schedule", description = "Therapists' weekly working hours and time off."),
        (name = "bookings", description = "The calendar, bookings without double booking, and free slots."),
        (name = "booking-series", description = "Recurring bookings: weekly rules whose occurrences are bookings, edited one, this-and-following or all future at a time."),
        (name = "care plans", description = "A runner's treatment in phases around their races, its proposed sessions and progress flags (clinical)."),
        (name = "calendar feeds", description = "Secret iCalendar URLs that calendar apps subscribe to: a therapist's sessions, a client's upcoming bookings."),
        (name = "vocabulary", description = "The closed lists (body regions, pain qualities, contraindications, …) with labels."),
    )
)]
pub struct ApiDoc;

fn problem(description: &str) -> RefOr<Response> {
    let mut response = Response::new(description);
    response.content.insert(
        crate::error::PROBLEM_JSON.to_owned(),
        RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))),
    );
    RefOr::T(response)
}

fn declare(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem(description));
}

/// Adds the bearer scheme and the shared error answers to every operation.
/// An optional header is absent or has a value: never JSON null (utoipa makes `Option<String>`
/// headers nullable).
fn not_null_headers(op: &mut Operation) {
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    for param in op.parameters.iter_mut().flatten() {
        let RefOr::T(param) = param else { continue };
        if !matches!(param.parameter_in, ParameterIn::Header) {
            continue;
        }
        if let Some(RefOr::T(Schema::Object(schema))) = param.schema.as_mut()
            && matches!(&schema.schema_type, SchemaType::Array(types) if types.contains(&Type::Null))
        {
            schema.schema_type = SchemaType::Type(Type::String);
        }
    }
}

/// Lists the `api_key` scheme with the scopes the operation needs, when a key may call it.
fn key_security(op: &mut Operation, reads: bool) {
    let Some(security) = op.security.as_mut() else {
        return;
    };
    let needed = op
        .operation_id
        .as_deref()
        .and_then(|id| knead_domain::access::key_scope(id, reads));
    if let Some(scope) = needed {
        security.push(SecurityRequirement::new("api_key", scope.names()));
        declare(
            op,
            "429",
            "The API key's rate limit is spent: retry after `Retry-After` seconds.",
        );
    }
}

/// A public operation needs no credential: an empty security requirement says so explicitly
/// (the spec has no global requirement, so an operation without `security` would say nothing).
fn public_security(op: &mut Operation) {
    let public = op
        .operation_id
        .as_deref()
        .and_then(access)
        .is_some_and(|rule| matches!(rule, Access::Public));
    if public {
        op.security = Some(vec![SecurityRequirement::default()]);
    }
}

/// Whether the operation asks for a credential (a requirement naming a scheme).
fn needs_credential(op: &Operation) -> bool {
    op.security
        .iter()
        .flatten()
        .any(|requirement| *requirement != SecurityRequirement::default())
}

fn role_names(roles: &[Role]) -> String {
    let names: Vec<&str> = roles
        .iter()
        .map(|role| match role {
            Role::Owner => "owners",
            Role::Therapist => "therapists",
            Role::FrontDesk => "front desk",
        })
        .collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Who may call an operation, in words, from the access table: the staff roles, and the API
/// key scope it needs (or that no key may call it). Handlers' finer rules (a therapist's own
/// schedule, bookings and feeds) are in the operations' own descriptions.
fn who_may_call(operation_id: &str, reads: bool) -> Option<String> {
    let rule = access(operation_id)?;
    let staff = match rule {
        Access::Public => return Some("**Who may call it:** anyone; no login is needed.".to_owned()),
        Access::Clinical => format!("{} (clinical content)", role_names(rule.roles())),
        Access::Roles(roles) => role_names(roles),
    };
    let keys = match key_scope(operation_id, reads) {
        Some(scope) => {
            let names = scope.names();
            let plural = if names.len() > 1 { "s" } else { "" };
            format!("API keys with the `{}` scope{plural}", names.join("` and `"))
        }
        None => "no API key".to_owned(),
    };
    Some(format!("**Who may call it:** {staff}; {keys}."))
}

/// Ends the operation's description with who may call it. Only a description written in the
/// handler's doc comment is extended: an operation without one keeps none, so the spec lint
/// (`operation-description`) still finds it.
fn describe_access(op: &mut Operation, reads: bool) {
    let Some(id) = op.operation_id.as_deref() else { return };
    let Some(who) = who_may_call(id, reads) else { return };
    if let Some(description) = op.description.as_mut().filter(|d| !d.trim().is_empty()) {
        description.push_str("\n\n");
        description.push_str(&who);
    }
}

/// A page (`Page_<Item>`) refers to its item's schema instead of repeating it inline (utoipa
/// inlines generic arguments), so each item type is described once and used.
fn page_items_by_reference(components: &mut Components) {
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    for name in names {
        let Some(item) = name.strip_prefix("Page_") else {
            continue;
        };
        let Some(RefOr::T(item_schema)) = components.schemas.get(item).cloned() else {
            continue;
        };
        let Some(RefOr::T(Schema::Object(page))) = components.schemas.get_mut(&name) else {
            continue;
        };
        let Some(RefOr::T(Schema::Array(items))) = page.properties.get_mut("items") else {
            continue;
        };
        if let ArrayItems::RefOrSchema(inline) = &mut items.items
            && **inline == RefOr::T(item_schema)
        {
            **inline = RefOr::Ref(Ref::from_schema_name(item));
        }
    }
}

pub fn finish(mut spec: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    if let Some(components) = spec.components.as_mut() {
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("kk1_<64 hex digits>")
                    .description(Some(
                        "An API key (owners create them). Its scopes: `read` or `write`, and \
                         `clinical`; each operation a key may call lists the scopes it needs. \
                         Answers carry `RateLimit-Limit`, `RateLimit-Remaining` and \
                         `RateLimit-Reset`; past the limit, 429 with `Retry-After`.",
                    ))
                    .build(),
            ),
        );
        page_items_by_reference(components);
        use utoipa::PartialSchema;
        components
            .schemas
            .insert("WebhookEvent".into(), crate::webhooks::spec::WebhookEvent::schema());
        components.schemas.insert(
            "WebhookEventData".into(),
            crate::webhooks::spec::WebhookEventData::schema(),
        );
    }
    spec.webhooks = Some(crate::webhooks::spec::paths());
    for (path, item) in spec.paths.paths.iter_mut() {
        let has_id = path.contains('{');
        let ops = [
            (true, &mut item.get),
            (false, &mut item.put),
            (false, &mut item.post),
            (false, &mut item.delete),
            (false, &mut item.patch),
        ];
        for (reads, op) in ops.into_iter().filter_map(|(reads, op)| Some((reads, op.as_mut()?))) {
            not_null_headers(op);
            public_security(op);
            key_security(op, reads);
            describe_access(op, reads);
            if op.request_body.is_some() {
                declare(op, "400", "The body is not valid JSON.");
                declare(op, "413", "The body is larger than allowed.");
                declare(op, "415", "The body is not application/json.");
                declare(op, "422", "A field is missing, of the wrong type or out of range.");
            }
            let has_params = op.parameters.iter().flatten().any(|p| match p {
                RefOr::T(p) => matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query),
                RefOr::Ref(_) => true,
            });
            if has_params {
                declare(op, "400", "A path or query parameter is malformed.");
            }
            let has_cursor = op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p, RefOr::T(p) if p.name == "cursor" || p.name == "since"));
            if has_cursor {
                declare(
                    op,
                    "422",
                    "The cursor was not issued by this API, or the filters contradict each other.",
                );
            }
            if needs_credential(op) {
                declare(op, "401", "No valid access token.");
                declare(op, "403", "Your role may not do this.");
            }
            if has_id {
                declare(op, "404", "No such record in your practice.");
            }
            // Every request's announced body is read within a deadline first (`body_deadline`),
            // whatever the operation.
            declare(
                op,
                "408",
                "The request announced a body that did not arrive in time; the connection is closed.",
            );
            declare(
                op,
                "500",
                "An unexpected error; it has been logged with the request id.",
            );
            let without_database = ["healthz", "get_vocabulary"];
            if !op
                .operation_id
                .as_deref()
                .is_some_and(|id| without_database.contains(&id))
            {
                declare(
                    op,
                    "503",
                    "The database is unreachable or cannot write now; retry after `Retry-After` seconds.",
                );
            }
        }
    }
    spec
}
