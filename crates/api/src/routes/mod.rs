//! Route registration: every handler goes through utoipa-actix-web so the spec and the
//! router come from one list.
//!
//! A resource with request or response bodies of its own is a folder (`mod.rs` the handlers,
//! `body.rs` what they read and write, sub-resources beside them); a small one is a file.
//! Routes never import one another: what several share (reference checks) is
//! `crate::references`, and the domain's constants are the domain's.

pub mod activity;
pub mod api_keys;
pub mod audit_events;
pub mod auth;
pub mod availability;
pub mod bookings;
pub mod calendar_feeds;
pub mod care;
pub mod changes;
pub mod client_imports;
pub mod clients;
pub mod closed_days;
pub mod email_templates;
pub mod events;
pub mod health;
pub mod intake;
pub mod manage_booking;
pub mod notes;
pub mod password_reset;
pub mod practice;
pub mod rebooking;
pub mod reports;
pub mod rooms;
pub mod second_step;
pub mod series;
pub mod services;
pub mod staff;
pub mod vocabulary;
pub mod webhook_endpoints;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(auth::login)
        .service(auth::refresh_token)
        .service(auth::logout)
        .service(auth::set_password_with_link)
        .service(password_reset::request_password_reset)
        .service(second_step::verify_second_factor)
        .service(second_step::begin_enrolment_at_login)
        .service(second_step::confirm_enrolment_at_login)
        .service(staff::me::get_me)
        .service(staff::me::change_my_password)
        .service(staff::second_factor::get_my_second_factor)
        .service(staff::second_factor::begin_my_enrolment)
        .service(staff::second_factor::confirm_my_enrolment)
        .service(staff::draft_key::get_draft_key)
        .service(practice::get_practice)
        .service(practice::update_practice)
        .service(email_templates::list_email_templates)
        .service(email_templates::update_email_template)
        .service(email_templates::reset_email_template)
        .service(email_templates::preview_email_template)
        .service(staff::list_staff)
        .service(staff::get_staff)
        .service(staff::create_staff)
        .service(staff::update_staff)
        .service(staff::deactivate_staff)
        .service(staff::create_staff_link)
        .service(staff::invitation_email::email_staff_invitation)
        .service(api_keys::list_api_keys)
        .service(api_keys::create_api_key)
        .service(api_keys::revoke_api_key)
        .service(webhook_endpoints::list_webhook_endpoints)
        .service(webhook_endpoints::create_webhook_endpoint)
        .service(webhook_endpoints::get_webhook_endpoint)
        .service(webhook_endpoints::update_webhook_endpoint)
        .service(webhook_endpoints::delete_webhook_endpoint)
        .service(webhook_endpoints::deliveries::rotate_webhook_secret)
        .service(webhook_endpoints::deliveries::list_webhook_deliveries)
        .service(webhook_endpoints::deliveries::redeliver_webhook)
        .service(staff::second_factor::reset_staff_second_factor)
        .service(audit_events::list_audit_events)
        .service(activity::list_activity)
        .service(changes::list_changes)
        .service(events::list_events)
        .service(clients::list_clients)
        .service(clients::create_client)
        .service(client_imports::import_clients)
        .service(clients::get_client)
        .service(clients::update_client)
        .service(clients::archive_client)
        .service(clients::unarchive_client)
        .service(clients::get_client_alerts)
        .service(clients::races::list_races)
        .service(clients::races::create_race)
        .service(clients::races::get_race)
        .service(clients::races::update_race)
        .service(clients::races::delete_race)
        .service(intake::list_intake_forms)
        .service(intake::create_intake_form)
        .service(intake::get_intake_form)
        .service(intake::links::create_intake_link)
        .service(intake::links::revoke_intake_link)
        .service(intake::emailed::email_intake_link)
        .service(intake::links::get_public_intake)
        .service(intake::links::submit_public_intake)
        .service(manage_booking::get_public_booking)
        .service(manage_booking::cancel_public_booking)
        .service(vocabulary::get_vocabulary)
        .service(notes::list_session_notes)
        .service(notes::create_session_note)
        .service(notes::get_session_note)
        .service(notes::update_session_note)
        .service(notes::sign_session_note)
        .service(notes::amend_session_note)
        .service(notes::verify_session_note)
        .service(reports::technique_outcomes)
        .service(reports::pain_trend)
        .service(services::list_services)
        .service(services::create_service)
        .service(services::get_service)
        .service(services::update_service)
        .service(rooms::list_rooms)
        .service(rooms::create_room)
        .service(rooms::update_room)
        .service(staff::schedule::get_working_hours)
        .service(staff::schedule::replace_working_hours)
        .service(staff::schedule::list_time_off)
        .service(staff::schedule::create_time_off)
        .service(staff::schedule::delete_time_off)
        .service(closed_days::list_closed_days)
        .service(closed_days::create_closed_day)
        .service(closed_days::delete_closed_day)
        .service(bookings::list_bookings)
        .service(bookings::create_booking)
        .service(bookings::get_booking)
        .service(bookings::update_booking)
        .service(bookings::cancel_booking)
        .service(availability::get_availability)
        .service(series::list_booking_series)
        .service(series::preview::preview_booking_series)
        .service(series::create_booking_series)
        .service(series::get_booking_series)
        .service(series::update_booking_series)
        .service(series::split_booking_series)
        .service(series::end_booking_series)
        .service(calendar_feeds::issue_staff_calendar_feed)
        .service(calendar_feeds::revoke_staff_calendar_feed)
        .service(calendar_feeds::issue_client_calendar_feed)
        .service(calendar_feeds::revoke_client_calendar_feed)
        .service(calendar_feeds::get_calendar_feed)
        .service(care::list_care_plans)
        .service(care::create_care_plan)
        .service(care::get_care_plan)
        .service(care::update_care_plan)
        .service(care::proposals::suggest_care_plan_sessions)
        .service(care::proposals::accept_care_plan_proposals)
        .service(care::proposals::reject_care_plan_proposals)
        .service(care::flags::get_client_flags)
        .service(rebooking::list_rebooking_due);
}
