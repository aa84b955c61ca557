#!/bin/sh
# Runs once, when the PostgreSQL container initialises its data folder: the role the API
# connects as, with its password. Knead's migrations (run as the owner, POSTGRES_USER) find
# it and grant it only the DML it needs.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=app_password="$KNEAD_APP_PASSWORD" <<'SQL'
CREATE ROLE knead_app LOGIN PASSWORD :'app_password';
SQL
