// @generated automatically by Diesel CLI.

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
    }
}
