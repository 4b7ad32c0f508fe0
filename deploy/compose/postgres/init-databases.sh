#!/bin/bash
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d): one login role
# and one database per service, each database owned by its service's role and closed to the
# others. Passwords come from the environment (<SERVICE>_DB_PASSWORD, from deploy/compose/.env);
# psql quotes them (:'password'), so any character is safe.
set -euo pipefail

for service in project fund housing audit; do
  variable="${service^^}_DB_PASSWORD"
  password="${!variable:?set ${variable}}"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname postgres \
    -v role="${service}" -v password="${password}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
