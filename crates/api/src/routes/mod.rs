//! Route registration: every handler goes through utoipa-actix-web so the spec and the
//! router come from one list.

pub mod health;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}
