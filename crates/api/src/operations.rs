//! The operations table, built from the generated spec so it cannot drift from the routes:
//! which methods a path answers (for 405 with `Allow`, else 404) and which operations are
//! tagged `x-clinical` (for the audit middleware), and which operation a matched route is (for
//! authorisation, so a handler never names its own operation).

use crate::error::ApiError;
use crate::frontend::Frontend;
use actix_web::dev::ResourceDef;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::Operation;

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct OperationInfo {
    pub method: &'static str,
    pub operation_id: String,
    pub clinical: bool,
    /// The operation's first tag, used as the audited resource type.
    pub tag: String,
}

/// The spec's paths in its order (matched against a raw path only on the fallback's 404/405
/// and a bad path segment), and their index by pattern (what every routed request asks, once
/// actix has matched it: a hash lookup, not a scan of every path's pattern).
#[derive(Debug)]
struct Table {
    paths: Vec<(ResourceDef, Vec<OperationInfo>)>,
    by_pattern: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Operations(Arc<Table>);

pub const CLINICAL_EXTENSION: &str = "x-clinical";

fn is_clinical(op: &Operation) -> bool {
    op.extensions
        .as_ref()
        .and_then(|ext| ext.get(CLINICAL_EXTENSION))
        .is_some_and(|v| v == &serde_json::Value::Bool(true))
}

impl Operations {
    pub fn from_spec(spec: &OpenApi) -> Self {
        let paths: Vec<(ResourceDef, Vec<OperationInfo>)> = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let ops = [
                    ("GET", &item.get),
                    ("PUT", &item.put),
                    ("POST", &item.post),
                    ("DELETE", &item.delete),
                    ("PATCH", &item.patch),
                ];
                let infos = ops
                    .into_iter()
                    .filter_map(|(method, op)| {
                        let op = op.as_ref()?;
                        Some(OperationInfo {
                            method,
                            operation_id: op.operation_id.clone().unwrap_or_default(),
                            clinical: is_clinical(op),
                            tag: op.tags.iter().flatten().next().cloned().unwrap_or_default(),
                        })
                    })
                    .collect();
                (ResourceDef::new(path.as_str()), infos)
            })
            .collect();
        let by_pattern = paths
            .iter()
            .enumerate()
            .filter_map(|(index, (def, _))| Some((def.pattern()?.to_owned(), index)))
            .collect();
        Self(Arc::new(Table { paths, by_pattern }))
    }

    fn at(&self, path: &str) -> Option<&[OperationInfo]> {
        self.0
            .paths
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, ops)| ops.as_slice())
    }

    /// The `Allow` value of the operations at `path`.
    fn allow(ops: &[OperationInfo]) -> String {
        let mut methods: Vec<&str> = ops.iter().map(|op| op.method).collect();
        if methods.contains(&"GET") {
            methods.push("HEAD");
        }
        methods.join(", ")
    }

    /// When `path` is a spec path without parameters (`/v1/booking-series/preview`), the methods
    /// it answers. A request with another method reaches the parameterised route beside it
    /// (`/v1/booking-series/{id}`) only because the literal segment fits `{id}`: that is a wrong
    /// method on the literal path (405), not a bad id (400).
    pub fn allowed_on_literal(&self, path: &str) -> Option<String> {
        self.0
            .paths
            .iter()
            .find(|(def, _)| def.pattern().is_some_and(|p| !p.contains('{')) && def.is_match(path))
            .map(|(_, ops)| Self::allow(ops))
    }

    /// The operation of a matched route, by its pattern (`HttpRequest::match_pattern`) and
    /// method; `HEAD` is answered by the `GET` operation.
    pub fn of_route(&self, method: &str, pattern: &str) -> Option<&OperationInfo> {
        let method = if method == "HEAD" { "GET" } else { method };
        let index = *self.0.by_pattern.get(pattern)?;
        self.0.paths[index].1.iter().find(|op| op.method == method)
    }

    /// The operation of the route a request was routed to: for middleware, once the inner
    /// service has answered (before that, actix has not matched the request yet).
    pub fn of_request(&self, req: &HttpRequest) -> Option<&OperationInfo> {
        self.of_route(req.method().as_str(), &req.match_pattern()?)
    }

    /// The app's default service: 405 with `Allow` on a known path, the built frontend for
    /// other page loads, else 404.
    pub async fn fallback(
        req: HttpRequest,
        table: actix_web::web::Data<Operations>,
        frontend: actix_web::web::Data<Option<Frontend>>,
    ) -> HttpResponse {
        if let Some(frontend) = frontend.as_ref()
            && let Some(page) = frontend.serve(&req).await
        {
            return page;
        }
        match table.at(req.path()) {
            Some(ops) => ApiError::MethodNotAllowed {
                allow: Self::allow(ops),
            }
            .error_response(),
            None => ApiError::NotFound.error_response(),
        }
    }
}
