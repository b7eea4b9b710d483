#!/usr/bin/env bash
# Run Order Desk: PostgreSQL up, a demo database with the three addons and their
# demo data (created on the first run, updated on later ones), Odoo served on
# http://127.0.0.1:8069 (admin / admin). Ctrl-C stops it. Installs PostgreSQL and
# wkhtmltopdf (PDF reports) from Debian when they are missing.
set -euo pipefail
# shellcheck source=tools/common.sh
source "$(dirname "$0")/common.sh"

DB="${ORDER_DESK_DB:-order_desk_demo}"
HTTP_PORT="${ORDER_DESK_HTTP_PORT:-8069}"

if ! find_odoo; then
    odoo_missing_message
    exit 1
fi
say "Using $("$ODOO_BIN" --version 2>/dev/null) at $ODOO_BIN"
install_python_deps requirements.txt
ensure_postgres
ensure_wkhtmltopdf

ADDONS_PATH="$(odoo_addons_path)"
COMMON=(--addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^${DB}\$"
        --http-interface=127.0.0.1 --http-port="$HTTP_PORT")

if db_exists "$DB"; then
    say "Updating database '$DB'"
    "$ODOO_BIN" "${COMMON[@]}" -u "$ADDONS" --stop-after-init
else
    say "Creating database '$DB' with demo data (takes a few minutes)"
    # Demo data is Odoo 18's default for a new database: no --without-demo here.
    "$ODOO_BIN" "${COMMON[@]}" -i "$ADDONS" --stop-after-init
fi

say "Odoo is starting on http://127.0.0.1:$HTTP_PORT (login admin / admin); Ctrl-C stops it"
exec "$ODOO_BIN" "${COMMON[@]}" "$@"
