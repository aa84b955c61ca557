//! Route registration: every handler goes through utoipa-actix-web so the spec and the
//! router come from one list.

pub mod audit_events;
pub mod auth;
pub mod health;
pub mod me;
pub mod practice;
pub mod staff;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(auth::login)
        .service(auth::refresh_token)
        .service(auth::logout)
        .service(auth::set_password_with_link)
        .service(me::get_me)
        .service(me::change_my_password)
        .service(practice::get_practice)
        .service(practice::update_practice)
        .service(staff::list_staff)
        .service(staff::get_staff)
        .service(staff::create_staff)
        .service(staff::update_staff)
        .service(staff::deactivate_staff)
        .service(staff::create_staff_link)
        .service(audit_events::list_audit_events);
}
