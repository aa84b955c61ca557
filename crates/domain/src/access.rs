//! Access control as data: one table, operation (the OpenAPI operationId) × role → allowed.
//! Handlers authorise by naming their operation; a test walks every operation in the spec and
//! checks every role against this table, so no endpoint can be added without a row here.

use crate::StaffId;
use crate::staff::Role;

/// Whoever calls the API with a credential: a staff member's role, or an API key's scope (one
/// without clinical scope counts as non-clinical). Rules about clinical content ask this,
/// never a list of roles.
pub trait Principal {
    /// Whether this principal may read clinical content.
    fn sees_clinical(&self) -> bool;
}

impl Principal for Role {
    fn sees_clinical(&self) -> bool {
        Role::sees_clinical(*self)
    }
}

/// What an API key may do: read only or read and write, with or without clinical content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyScope {
    pub write: bool,
    pub clinical: bool,
}

impl KeyScope {
    /// Every combination, for tests and matrices.
    pub const ALL: [KeyScope; 4] = [
        KeyScope {
            write: false,
            clinical: false,
        },
        KeyScope {
            write: false,
            clinical: true,
        },
        KeyScope {
            write: true,
            clinical: false,
        },
        KeyScope {
            write: true,
            clinical: true,
        },
    ];

    /// The scope's name in the spec and the API: `read` or `write`, then `clinical` if so.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = vec![if self.write { "write" } else { "read" }];
        if self.clinical {
            names.push("clinical");
        }
        names
    }

    /// Whether this scope covers `needed`.
    pub fn covers(&self, needed: KeyScope) -> bool {
        (self.write || !needed.write) && (self.clinical || !needed.clinical)
    }
}

impl Principal for KeyScope {
    fn sees_clinical(&self) -> bool {
        self.clinical
    }
}

/// What a self-service intake link remembers of the staff member who created it, fixed at
/// creation so a later role change neither grants nor withdraws what the link shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkCreator {
    pub staff: StaffId,
    /// Whether the creator could read clinical content when the link was made.
    pub clinical: bool,
}

impl LinkCreator {
    /// The creator as `principal` is now.
    pub fn of(staff: StaffId, principal: &impl Principal) -> Self {
        Self {
            staff,
            clinical: principal.sees_clinical(),
        }
    }

    /// The creator of a link sent by email to the client's address: as [`Self::of`], except
    /// that the link carries no prefill unless the address is the one the client had when they
    /// last submitted an intake — the front desk may change an address, and the answers must
    /// not go to one the client never gave them under.
    pub fn emailed(staff: StaffId, principal: &impl Principal, address_unchanged: bool) -> Self {
        Self {
            staff,
            clinical: principal.sees_clinical() && address_unchanged,
        }
    }

    /// Whether the link's public page may show the client's last intake as prefill. Only a
    /// clinical creator's: whoever makes a link can open it (or change the client's email and
    /// send it to themselves), so a non-clinical creator's link carrying clinical prefill
    /// would be a clinical read by someone not allowed one, however it is delivered.
    pub fn may_carry_prefill(&self) -> bool {
        self.clinical
    }
}

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No staff login: probes, login, refresh, one-time links, calendar feeds.
    Public,
    /// A logged-in staff member whose role is listed.
    Roles(&'static [Role]),
    /// Clinical content: owners and therapists, and API keys with clinical scope.
    Clinical,
}

impl Access {
    /// The staff roles allowed (none for public operations, which need no login).
    pub fn roles(&self) -> &'static [Role] {
        match self {
            Access::Public => &[],
            Access::Roles(roles) => roles,
            Access::Clinical => &[Role::Owner, Role::Therapist],
        }
    }
}

const EVERYONE: Access = Access::Roles(&[Role::Owner, Role::Therapist, Role::FrontDesk]);
const OWNER: Access = Access::Roles(&[Role::Owner]);
/// Roles that see clinical content (and keys with clinical scope).
const CLINICAL: Access = Access::Clinical;

/// Owners, and therapists for their own schedule.
const SCHEDULERS: Access = Access::Roles(&[Role::Owner, Role::Therapist]);

/// The table. Keep it sorted by area; every operationId of the API appears exactly once.
pub const ACCESS: &[(&str, Access)] = &[
    ("healthz", Access::Public),
    ("readyz", Access::Public),
    ("login", Access::Public),
    ("refresh_token", Access::Public),
    ("logout", Access::Public),
    ("set_password_with_link", Access::Public),
    ("request_password_reset", Access::Public),
    // The second step of a login: the challenge from the password step is the credential.
    ("verify_second_factor", Access::Public),
    ("begin_enrolment_at_login", Access::Public),
    ("confirm_enrolment_at_login", Access::Public),
    ("get_me", EVERYONE),
    ("change_my_password", EVERYONE),
    ("get_my_second_factor", EVERYONE),
    ("begin_my_enrolment", EVERYONE),
    ("confirm_my_enrolment", EVERYONE),
    // The key that encrypts offline note drafts: only for those who write notes.
    ("get_draft_key", CLINICAL),
    ("get_practice", EVERYONE),
    ("update_practice", OWNER),
    // The wording of clients' emails: a practice setting.
    ("list_email_templates", OWNER),
    ("update_email_template", OWNER),
    ("reset_email_template", OWNER),
    ("preview_email_template", OWNER),
    // A lost device: owners reset anyone's second factor (and end their logins).
    ("reset_staff_second_factor", OWNER),
    ("list_staff", EVERYONE),
    ("get_staff", EVERYONE),
    ("create_staff", OWNER),
    ("update_staff", OWNER),
    ("deactivate_staff", OWNER),
    ("create_staff_link", OWNER),
    ("email_staff_invitation", OWNER),
    ("list_api_keys", OWNER),
    ("create_api_key", OWNER),
    ("revoke_api_key", OWNER),
    ("list_webhook_endpoints", OWNER),
    ("create_webhook_endpoint", OWNER),
    ("get_webhook_endpoint", OWNER),
    ("update_webhook_endpoint", OWNER),
    ("delete_webhook_endpoint", OWNER),
    ("rotate_webhook_secret", OWNER),
    ("list_webhook_deliveries", OWNER),
    ("redeliver_webhook", OWNER),
    ("list_audit_events", OWNER),
    // Who wrote what: names staff and keys, so it is the owner's, never an integration's.
    ("list_activity", OWNER),
    // The change feed is an integration's surface, not a screen: owners, who set integrations
    // up, until API keys are principals of their own. Should another role get it, the front
    // desk still never hears of session notes (`ResourceType::visible_to`).
    ("list_changes", OWNER),
    // The events outbox, likewise: owners and read keys; clinical events only to those that
    // see clinical content (`EventType::visible_to`).
    ("list_events", OWNER),
    ("get_vocabulary", Access::Public),
    ("list_clients", EVERYONE),
    ("create_client", EVERYONE),
    ("get_client", EVERYONE),
    ("update_client", EVERYONE),
    ("archive_client", EVERYONE),
    ("unarchive_client", EVERYONE),
    ("get_client_alerts", CLINICAL),
    // A whole practice's clients at once, from another product's export: the owner's call.
    ("import_clients", OWNER),
    ("list_races", EVERYONE),
    ("create_race", EVERYONE),
    ("get_race", EVERYONE),
    ("update_race", EVERYONE),
    ("delete_race", EVERYONE),
    ("list_intake_forms", CLINICAL),
    ("create_intake_form", CLINICAL),
    ("get_intake_form", CLINICAL),
    ("create_intake_link", EVERYONE),
    ("revoke_intake_link", EVERYONE),
    // Emailed by a person: whether the link shows the last answers depends on who sent it.
    ("email_intake_link", EVERYONE),
    ("get_public_intake", Access::Public),
    ("submit_public_intake", Access::Public),
    ("list_session_notes", CLINICAL),
    ("create_session_note", CLINICAL),
    ("get_session_note", CLINICAL),
    ("update_session_note", CLINICAL),
    ("sign_session_note", CLINICAL),
    ("amend_session_note", CLINICAL),
    ("verify_session_note", CLINICAL),
    // Care plans, their proposals and progress flags name phases, injuries and pain: clinical.
    ("list_care_plans", CLINICAL),
    ("create_care_plan", CLINICAL),
    ("get_care_plan", CLINICAL),
    ("update_care_plan", CLINICAL),
    ("suggest_care_plan_sessions", CLINICAL),
    ("accept_care_plan_proposals", CLINICAL),
    ("reject_care_plan_proposals", CLINICAL),
    ("get_client_flags", CLINICAL),
    ("technique_outcomes", CLINICAL),
    ("pain_trend", CLINICAL),
    ("list_services", EVERYONE),
    ("get_service", EVERYONE),
    ("create_service", OWNER),
    ("update_service", OWNER),
    ("list_rooms", EVERYONE),
    ("create_room", OWNER),
    ("update_room", OWNER),
    // Therapists change only their own schedule (checked in the handler).
    ("get_working_hours", EVERYONE),
    ("replace_working_hours", SCHEDULERS),
    ("list_time_off", EVERYONE),
    ("create_time_off", SCHEDULERS),
    ("delete_time_off", SCHEDULERS),
    ("list_closed_days", EVERYONE),
    ("create_closed_day", OWNER),
    ("delete_closed_day", OWNER),
    // Therapists manage only their own bookings (checked in the handler) and read the calendar.
    ("list_bookings", EVERYONE),
    ("get_booking", EVERYONE),
    ("create_booking", EVERYONE),
    ("update_booking", EVERYONE),
    ("cancel_booking", EVERYONE),
    // Who to call for their next session: names and slots only, for the front desk.
    ("list_rebooking_due", EVERYONE),
    ("get_availability", EVERYONE),
    ("list_booking_series", EVERYONE),
    ("get_booking_series", EVERYONE),
    ("create_booking_series", EVERYONE),
    ("preview_booking_series", EVERYONE),
    ("update_booking_series", EVERYONE),
    ("split_booking_series", EVERYONE),
    ("end_booking_series", EVERYONE),
    // A therapist's feed URL is their own credential: owners, or the therapist themself
    // (checked in the handler). Front desk book for everyone and send clients their feeds.
    ("issue_staff_calendar_feed", SCHEDULERS),
    ("revoke_staff_calendar_feed", SCHEDULERS),
    ("issue_client_calendar_feed", EVERYONE),
    ("revoke_client_calendar_feed", EVERYONE),
    // The URL's secret is the credential.
    ("get_calendar_feed", Access::Public),
    // A client's one-time manage-booking link from their email: the token is the credential.
    ("get_public_booking", Access::Public),
    ("cancel_public_booking", Access::Public),
];

/// The rule for an operation, or `None` when the table has no row for it.
pub fn access(operation_id: &str) -> Option<Access> {
    ACCESS
        .iter()
        .find(|(op, _)| *op == operation_id)
        .map(|(_, access)| *access)
}

/// Whether `role` may call the operation; `None` when the operation is not in the table.
pub fn allows(operation_id: &str, role: Role) -> Option<bool> {
    access(operation_id).map(|rule| match rule {
        Access::Public => true,
        rule => rule.roles().contains(&role),
    })
}

/// Operations no API key may call, whatever its scope: a signature is a therapist's (signing
/// and amending notes), and account and credential operations (the caller's own login and
/// second factor, the note-draft key, staff and their links and roles, API keys, calendar
/// feed URLs, practice settings) need a person — a key must never mint a reset link for an
/// owner or a key for itself. Webhook endpoints too: a key must not send the practice's events
/// elsewhere, nor read a signing secret. Nor the activity log: who on the staff did what is
/// an owner's question, not an integration's.
pub const STAFF_ONLY: &[&str] = &[
    "get_me",
    "change_my_password",
    "get_my_second_factor",
    "begin_my_enrolment",
    "confirm_my_enrolment",
    "get_draft_key",
    "update_practice",
    "list_email_templates",
    "update_email_template",
    "reset_email_template",
    "preview_email_template",
    "email_intake_link",
    "reset_staff_second_factor",
    "create_staff",
    "update_staff",
    "deactivate_staff",
    "create_staff_link",
    "email_staff_invitation",
    "list_api_keys",
    "create_api_key",
    "revoke_api_key",
    "list_webhook_endpoints",
    "create_webhook_endpoint",
    "get_webhook_endpoint",
    "update_webhook_endpoint",
    "delete_webhook_endpoint",
    "rotate_webhook_secret",
    "list_webhook_deliveries",
    "redeliver_webhook",
    "list_activity",
    "sign_session_note",
    "amend_session_note",
    "issue_staff_calendar_feed",
    "revoke_staff_calendar_feed",
    "issue_client_calendar_feed",
    "revoke_client_calendar_feed",
];

/// The scope an API key needs for an operation: `None` when no key may call it (public
/// operations need no credential; [`STAFF_ONLY`] ones need a person) or it is not in the
/// table. `reads` is whether the operation only reads (a GET): every other needs `write`.
/// Clinical operations need `clinical`; the audit log, which names who read which client's
/// notes, does too. The spec's `security` is generated from this, and keys are authorised by
/// it, so the two cannot drift.
pub fn key_scope(operation_id: &str, reads: bool) -> Option<KeyScope> {
    let rule = access(operation_id)?;
    if matches!(rule, Access::Public) || STAFF_ONLY.contains(&operation_id) {
        return None;
    }
    let clinical = matches!(rule, Access::Clinical) || operation_id == "list_audit_events";
    Some(KeyScope {
        write: !reads,
        clinical,
    })
}

/// Whether a key of `scope` may call the operation; `None` when it is not in the table.
pub fn key_allows(operation_id: &str, reads: bool, scope: KeyScope) -> Option<bool> {
    access(operation_id)?;
    Some(key_scope(operation_id, reads).is_some_and(|needed| scope.covers(needed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (op, _) in ACCESS {
            assert!(seen.insert(op), "{op} is listed twice");
        }
        assert_eq!(allows("update_practice", Role::Therapist), Some(false));
        assert_eq!(allows("update_practice", Role::Owner), Some(true));
        assert_eq!(allows("no_such_operation", Role::Owner), None);
    }

    /// A link carries prefill exactly when its creator may read intake forms themselves.
    #[test]
    fn only_clinical_creators_links_carry_prefill() {
        for role in Role::ALL {
            let creator = LinkCreator::of(StaffId(uuid::Uuid::nil()), &role);
            assert_eq!(
                Some(creator.may_carry_prefill()),
                allows("get_intake_form", role),
                "{role:?}"
            );
        }
        assert!(!LinkCreator::of(StaffId(uuid::Uuid::nil()), &Role::FrontDesk).may_carry_prefill());
        let nil = StaffId(uuid::Uuid::nil());
        assert!(LinkCreator::emailed(nil, &Role::Therapist, true).may_carry_prefill());
        assert!(!LinkCreator::emailed(nil, &Role::Therapist, false).may_carry_prefill());
        assert!(!LinkCreator::emailed(nil, &Role::Owner, false).may_carry_prefill());
        assert!(!LinkCreator::emailed(nil, &Role::FrontDesk, true).may_carry_prefill());
        for scope in KeyScope::ALL {
            let creator = LinkCreator::of(StaffId(uuid::Uuid::nil()), &scope);
            assert_eq!(
                Some(creator.may_carry_prefill()),
                key_allows("get_intake_form", true, scope),
                "{scope:?}"
            );
        }
    }

    #[test]
    fn keys_never_sign_or_manage_credentials() {
        for scope in KeyScope::ALL {
            for op in STAFF_ONLY {
                assert_eq!(key_allows(op, false, scope), Some(false), "{op}");
                assert_eq!(key_allows(op, true, scope), Some(false), "{op}");
            }
            assert_eq!(key_allows("list_clients", true, scope), Some(true));
            assert_eq!(key_allows("create_client", false, scope), Some(scope.write));
            assert_eq!(key_allows("list_session_notes", true, scope), Some(scope.clinical));
        }
        for op in STAFF_ONLY {
            assert!(access(op).is_some(), "{op} is not in the table");
        }
    }
}
