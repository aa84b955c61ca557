// @generated automatically by Diesel CLI.

diesel::table! {
    activity (practice_id, seq) {
        practice_id -> Uuid,
        seq -> Int8,
        occurred_at -> Timestamptz,
        actor_kind -> Text,
        actor_staff_id -> Nullable<Uuid>,
        actor_api_key_id -> Nullable<Uuid>,
        actor_role -> Nullable<Text>,
        action -> Text,
        resource_type -> Text,
        resource_id -> Uuid,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    api_keys (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        name -> Text,
        secret_hash -> Bytea,
        hint -> Text,
        can_write -> Bool,
        clinical -> Bool,
        expires_at -> Nullable<Timestamptz>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    audit_events (practice_id, seq) {
        practice_id -> Uuid,
        seq -> Int8,
        id -> Uuid,
        occurred_at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        actor_role -> Nullable<Text>,
        action -> Text,
        resource_type -> Text,
        resource_id -> Nullable<Uuid>,
        client_id -> Nullable<Uuid>,
        request_id -> Text,
        ip -> Nullable<Text>,
        outcome -> Text,
        status -> Int4,
        prev_hash -> Bytea,
        hash -> Bytea,
        link_creator_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    audit_heads (practice_id) {
        practice_id -> Uuid,
        seq -> Int8,
        hash -> Bytea,
    }
}

diesel::table! {
    booking_links (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        booking_id -> Uuid,
        secret_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    booking_series (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        therapist_id -> Uuid,
        service_id -> Uuid,
        room_id -> Nullable<Uuid>,
        first_local -> Timestamp,
        time_zone -> Text,
        rrule -> Text,
        duration_minutes -> Int4,
        buffer_minutes -> Int4,
        outside_hours -> Bool,
        previous_id -> Nullable<Uuid>,
        materialised_until -> Timestamptz,
        ended_at -> Nullable<Timestamptz>,
        created_by -> Uuid,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        override_by -> Nullable<Uuid>,
        override_reason -> Nullable<Text>,
        override_note -> Nullable<Text>,
    }
}

diesel::table! {
    booking_series_exceptions (practice_id, series_id, recurrence_id) {
        practice_id -> Uuid,
        series_id -> Uuid,
        recurrence_id -> Timestamp,
        kind -> Text,
        moved_local -> Nullable<Timestamp>,
        moved_minutes -> Nullable<Int4>,
    }
}

diesel::table! {
    bookings (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        therapist_id -> Uuid,
        service_id -> Uuid,
        room_id -> Nullable<Uuid>,
        starts_at -> Timestamptz,
        ends_at -> Timestamptz,
        buffer_minutes -> Int4,
        occupied_until -> Timestamptz,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        cancelled_late -> Nullable<Bool>,
        cancelled_at -> Nullable<Timestamptz>,
        outside_hours -> Bool,
        created_by -> Uuid,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        series_id -> Nullable<Uuid>,
        recurrence_id -> Nullable<Timestamp>,
        cancel_note -> Nullable<Text>,
        override_by -> Nullable<Uuid>,
        override_reason -> Nullable<Text>,
        override_note -> Nullable<Text>,
    }
}

diesel::table! {
    calendar_feeds (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        staff_id -> Nullable<Uuid>,
        client_id -> Nullable<Uuid>,
        secret_hash -> Bytea,
        created_by -> Uuid,
        created_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    care_plan_rejections (practice_id, plan_id, proposal_key) {
        practice_id -> Uuid,
        plan_id -> Uuid,
        proposal_key -> Text,
        rejected_by -> Uuid,
        rejected_at -> Timestamptz,
    }
}

diesel::table! {
    care_plans (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        therapist_id -> Uuid,
        service_id -> Uuid,
        light_service_id -> Nullable<Uuid>,
        phases -> Jsonb,
        from_races -> Bool,
        active -> Bool,
        version -> Int8,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    changes (practice_id, seq) {
        practice_id -> Uuid,
        seq -> Int8,
        xid -> Int8,
        resource_type -> Text,
        resource_id -> Uuid,
        version -> Nullable<Int8>,
        change -> Text,
        changed_at -> Timestamptz,
    }
}

diesel::table! {
    clients (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        given_name -> Text,
        family_name -> Text,
        date_of_birth -> Nullable<Date>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        emergency_contact_name -> Nullable<Text>,
        emergency_contact_phone -> Nullable<Text>,
        preferred_therapist_id -> Nullable<Uuid>,
        pressure_preference -> Nullable<Text>,
        areas_to_avoid -> Array<Nullable<Text>>,
        notes -> Nullable<Text>,
        runner_profile -> Nullable<Jsonb>,
        alerts -> Jsonb,
        last_visit_at -> Nullable<Timestamptz>,
        archived -> Bool,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        search_text -> Nullable<Text>,
        reminders_opt_out -> Bool,
    }
}

diesel::table! {
    closed_days (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        day -> Date,
        name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    email_messages (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        intent -> Text,
        staff_id -> Nullable<Uuid>,
        dedupe_key -> Text,
        message_id -> Text,
        status -> Text,
        attempts -> Int4,
        due_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        error -> Nullable<Text>,
        created_at -> Timestamptz,
        client_id -> Nullable<Uuid>,
        booking_id -> Nullable<Uuid>,
        booking_version -> Nullable<Int8>,
        booking_starts_at -> Nullable<Timestamptz>,
        sent_by -> Nullable<Uuid>,
        link_hours -> Nullable<Int4>,
        webhook_endpoint_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    email_templates (practice_id, intent) {
        practice_id -> Uuid,
        intent -> Text,
        subject -> Text,
        body -> Text,
        updated_at -> Timestamptz,
        updated_by -> Uuid,
    }
}

diesel::table! {
    events (id) {
        id -> Uuid,
        practice_id -> Uuid,
        seq -> Int8,
        xid -> Int8,
        #[sql_name = "type"]
        type_ -> Text,
        resource_type -> Text,
        resource_id -> Uuid,
        version -> Nullable<Int8>,
        clinical -> Bool,
        data -> Jsonb,
        occurred_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (practice_id, staff_id, api_key_id, key) {
        practice_id -> Uuid,
        staff_id -> Uuid,
        key -> Text,
        operation -> Text,
        request_hash -> Bytea,
        response_status -> Nullable<Int4>,
        response_body -> Nullable<Jsonb>,
        response_location -> Nullable<Text>,
        created_at -> Timestamptz,
        api_key_id -> Uuid,
    }
}

diesel::table! {
    intake_forms (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        form_version -> Int4,
        chief_complaint -> Nullable<Text>,
        pain_areas -> Jsonb,
        conditions -> Nullable<Text>,
        medical_history -> Nullable<Text>,
        medications -> Nullable<Text>,
        contraindications -> Array<Nullable<Text>>,
        goals -> Nullable<Text>,
        consent_name -> Text,
        consent_text_version -> Text,
        consented_at -> Timestamptz,
        submitted_by_staff_id -> Nullable<Uuid>,
        submitted_via_link_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        client_email -> Nullable<Text>,
    }
}

diesel::table! {
    intake_links (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        secret_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        creator_clinical -> Bool,
    }
}

diesel::table! {
    login_throttles (key) {
        key -> Text,
        window_started_at -> Timestamptz,
        failures -> Int4,
        locked_until -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    outcome_totals (practice_id, month, region, technique, client_id) {
        practice_id -> Uuid,
        month -> Date,
        region -> Text,
        technique -> Text,
        client_id -> Uuid,
        sessions -> Int4,
        first_region_sessions -> Int4,
        measurements -> Int4,
        sum_before -> Int8,
        sum_after -> Int8,
    }
}

diesel::table! {
    practices (id) {
        id -> Uuid,
        name -> Text,
        slug -> Text,
        time_zone -> Text,
        cancellation_window_hours -> Int4,
        address -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int8,
        idle_logoff_minutes -> Int4,
        care_conventions -> Nullable<Jsonb>,
        require_second_factor -> Bool,
        reminder_lead_hours -> Nullable<Int4>,
    }
}

diesel::table! {
    races (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        name -> Text,
        race_date -> Date,
        distance_meters -> Int4,
        priority -> Text,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        staff_id -> Uuid,
        family_id -> Uuid,
        secret_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        second_factor -> Bool,
    }
}

diesel::table! {
    rooms (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        name -> Text,
        active -> Bool,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    services (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        name -> Text,
        duration_minutes -> Int4,
        price_cents -> Int4,
        buffer_minutes -> Int4,
        preparation -> Nullable<Text>,
        active -> Bool,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    session_note_amendment_links (practice_id, amendment_id) {
        practice_id -> Uuid,
        amendment_id -> Uuid,
        note_id -> Uuid,
        seq -> Int4,
        hash -> Bytea,
    }
}

diesel::table! {
    session_note_amendments (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        note_id -> Uuid,
        author_id -> Uuid,
        reason -> Text,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    session_note_chain_heads (practice_id, note_id) {
        practice_id -> Uuid,
        note_id -> Uuid,
        amendments -> Int4,
        hash -> Bytea,
    }
}

diesel::table! {
    session_note_pain (practice_id, note_id, region, side) {
        practice_id -> Uuid,
        note_id -> Uuid,
        region -> Text,
        side -> Text,
        before -> Int4,
        after -> Int4,
    }
}

diesel::table! {
    session_note_techniques (practice_id, note_id, position, region, side) {
        practice_id -> Uuid,
        note_id -> Uuid,
        position -> Int4,
        technique -> Text,
        region -> Text,
        side -> Text,
        minutes -> Int4,
        pressure -> Text,
    }
}

diesel::table! {
    session_notes (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        client_id -> Uuid,
        therapist_id -> Uuid,
        booking_id -> Nullable<Uuid>,
        session_date -> Date,
        duration_minutes -> Int4,
        subjective -> Nullable<Text>,
        objective -> Nullable<Text>,
        assessment -> Nullable<Text>,
        plan -> Nullable<Text>,
        home_care -> Jsonb,
        next_visit_in_days -> Nullable<Int4>,
        status -> Text,
        signed_at -> Nullable<Timestamptz>,
        content_hash -> Nullable<Bytea>,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    staff (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        email -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Nullable<Text>,
        active -> Bool,
        credentials -> Nullable<Text>,
        licence_number -> Nullable<Text>,
        techniques -> Array<Nullable<Text>>,
        valid_after -> Timestamptz,
        version -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    staff_links (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        staff_id -> Uuid,
        purpose -> Text,
        secret_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    staff_recovery_codes (practice_id, staff_id, code_hash) {
        practice_id -> Uuid,
        staff_id -> Uuid,
        code_hash -> Bytea,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    staff_second_factors (practice_id, staff_id) {
        practice_id -> Uuid,
        staff_id -> Uuid,
        secret -> Text,
        confirmed_at -> Nullable<Timestamptz>,
        last_step -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    time_off (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        staff_id -> Uuid,
        starts_at -> Timestamptz,
        ends_at -> Timestamptz,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_deliveries (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        endpoint_id -> Uuid,
        event_id -> Uuid,
        event_type -> Text,
        attempt -> Int4,
        status -> Text,
        due_at -> Timestamptz,
        response_status -> Nullable<Int4>,
        error -> Nullable<Text>,
        attempted_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_endpoints (practice_id, id) {
        practice_id -> Uuid,
        id -> Uuid,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Array<Nullable<Text>>,
        clinical -> Bool,
        enabled -> Bool,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamptz>,
        consecutive_failures -> Int4,
        disabled_reason -> Nullable<Text>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    working_hours (practice_id, staff_id, weekday, starts) {
        practice_id -> Uuid,
        staff_id -> Uuid,
        weekday -> Int2,
        starts -> Time,
        ends -> Time,
    }
}

diesel::joinable!(api_keys -> practices (practice_id));
diesel::joinable!(audit_events -> practices (practice_id));
diesel::joinable!(audit_heads -> practices (practice_id));
diesel::joinable!(clients -> practices (practice_id));
diesel::joinable!(closed_days -> practices (practice_id));
diesel::joinable!(email_messages -> practices (practice_id));
diesel::joinable!(email_templates -> practices (practice_id));
diesel::joinable!(events -> practices (practice_id));
diesel::joinable!(rooms -> practices (practice_id));
diesel::joinable!(services -> practices (practice_id));
diesel::joinable!(staff -> practices (practice_id));
diesel::joinable!(webhook_endpoints -> practices (practice_id));

diesel::allow_tables_to_appear_in_same_query!(
    activity,
    api_keys,
    audit_events,
    audit_heads,
    booking_links,
    booking_series,
    booking_series_exceptions,
    bookings,
    calendar_feeds,
    care_plan_rejections,
    care_plans,
    changes,
    clients,
    closed_days,
    email_messages,
    email_templates,
    events,
    idempotency_keys,
    intake_forms,
    intake_links,
    login_throttles,
    outcome_totals,
    practices,
    races,
    refresh_tokens,
    rooms,
    services,
    session_note_amendment_links,
    session_note_amendments,
    session_note_chain_heads,
    session_note_pain,
    session_note_techniques,
    session_notes,
    staff,
    staff_links,
    staff_recovery_codes,
    staff_second_factors,
    time_off,
    webhook_deliveries,
    webhook_endpoints,
    working_hours,
);
