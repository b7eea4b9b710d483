# shellcheck shell=bash
# Shared helpers for tools/run.sh and tools/test.sh. Source it, do not run it.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDONS="customer_order_review,order_logistics_tracking,order_analytics"
# Where Odoo is looked for when neither ODOO_BIN nor PATH names it.
DEFAULT_ODOO_BIN="${ORDER_DESK_DEFAULT_ODOO_BIN:-/opt/odoo-venv/bin/odoo}"
ORDER_DESK_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/order-desk"

say() { printf '[order-desk] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# as_root CMD...: run a command as root (directly, or through sudo).
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "'$*' needs root and sudo is not available"
    fi
}

# as_postgres CMD...: run a command as the postgres system user.
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    else sudo -u postgres "$@"
    fi
}

# find_odoo: set ODOO_BIN and ODOO_PYTHON, or return 1 when Odoo is not installed.
# Order: $ODOO_BIN, `odoo` on PATH, /opt/odoo-venv/bin/odoo ($DEFAULT_ODOO_BIN).
find_odoo() {
    local candidate=""
    if [ -n "${ODOO_BIN:-}" ]; then
        if [ -x "$ODOO_BIN" ] || command -v "$ODOO_BIN" >/dev/null 2>&1; then
            candidate="$(command -v "$ODOO_BIN" 2>/dev/null || echo "$ODOO_BIN")"
        else
            say "ODOO_BIN is set to '$ODOO_BIN', which is not an executable file."
            return 1
        fi
    elif command -v odoo >/dev/null 2>&1; then
        candidate="$(command -v odoo)"
    elif [ -x "$DEFAULT_ODOO_BIN" ]; then
        candidate="$DEFAULT_ODOO_BIN"
    else
        return 1
    fi
    ODOO_BIN="$candidate"
    if [ -z "${ODOO_PYTHON:-}" ]; then
        # The interpreter Odoo runs with is the one its launcher names.
        local shebang
        shebang="$(head -n1 "$ODOO_BIN" | sed -n 's/^#![[:space:]]*//p')"
        case "$shebang" in
            */env\ *) ODOO_PYTHON="$(command -v "${shebang##* }" || true)" ;;
            *) ODOO_PYTHON="${shebang%% *}" ;;
        esac
    fi
    if [ -z "$ODOO_PYTHON" ] || ! "$ODOO_PYTHON" -c 'import odoo' >/dev/null 2>&1; then
        say "Found $ODOO_BIN, but its Python ('${ODOO_PYTHON:-unknown}') cannot import odoo."
        return 1
    fi
    local version
    version="$("$ODOO_PYTHON" -c 'import odoo.release as r; print(r.major_version)')"
    if [ "$version" != "18.0" ]; then
        say "Found Odoo $version at $ODOO_BIN; Order Desk needs Odoo 18.0."
        return 1
    fi
    export ODOO_BIN ODOO_PYTHON
}

odoo_missing_message() {
    cat >&2 <<'MSG'
[order-desk] Odoo 18.0 was not found. Looked for, in this order:
[order-desk]   1. the ODOO_BIN environment variable (path to the `odoo` launcher),
[order-desk]   2. an `odoo` command on PATH,
[order-desk]   3. /opt/odoo-venv/bin/odoo.
[order-desk] Install Odoo 18.0 from source into a virtualenv (see README.md, "Requirements"),
[order-desk] then run again, or point ODOO_BIN at your Odoo 18 launcher.
MSG
}

# odoo_addons_path: Odoo's own addons plus this repository.
odoo_addons_path() {
    local base
    base="$("$ODOO_PYTHON" -c 'import os, odoo.addons as a; print(os.pathsep.join(p for p in a.__path__ if os.path.isdir(os.path.join(p, "base"))))')"
    local path="$REPO_ROOT"
    [ -n "$base" ] && path="$base,$path"
    [ -n "${ORDER_DESK_EXTRA_ADDONS:-}" ] && path="$path,$ORDER_DESK_EXTRA_ADDONS"
    echo "$path"
}

# install_python_deps FILE...: install requirement files into Odoo's Python.
install_python_deps() {
    local file
    for file in "$@"; do
        if grep -qvE '^[[:space:]]*(#|$)' "$REPO_ROOT/$file"; then
            say "Installing $file into $ODOO_PYTHON"
            "$ODOO_PYTHON" -m pip install --quiet --disable-pip-version-check \
                -r "$REPO_ROOT/$file" 2> >(grep -v "is ignored: it is neither" >&2) \
                || die "could not install $file"
        fi
    done
}

# ensure_postgres: PostgreSQL installed, running, and a role for the current user.
ensure_postgres() {
    if [ -n "${PGHOST:-}" ] && [ "${PGHOST:0:1}" != "/" ]; then
        # A remote or TCP server was configured: just check that it answers.
        pg_isready -q || die "PostgreSQL at $PGHOST:${PGPORT:-5432} does not answer"
        return 0
    fi
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        say "PostgreSQL is not installed; installing it from Debian"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
            || die "could not install PostgreSQL (apt-get install postgresql)"
    fi
    local cluster
    cluster="$(pg_lsclusters --no-header | head -n1)"
    if [ -z "$cluster" ]; then
        local version
        version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
        say "Creating PostgreSQL cluster $version/main"
        as_root pg_createcluster "$version" main >/dev/null
        cluster="$(pg_lsclusters --no-header | head -n1)"
    fi
    # shellcheck disable=SC2086
    set -- $cluster
    if [ "$4" != online ]; then
        say "Starting PostgreSQL $1/$2"
        as_root pg_ctlcluster "$1" "$2" start || die "could not start PostgreSQL $1/$2"
    fi
    local i
    for i in $(seq 1 30); do
        pg_isready -q -p "$3" && break
        sleep 1
    done
    export PGPORT="$3"
    local role
    role="$(id -un)"
    if [ "$(as_postgres psql -p "$3" -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$role'")" != 1 ]; then
        say "Creating PostgreSQL role '$role' (may create databases, not a superuser)"
        as_postgres createuser -p "$3" --createdb --no-superuser --no-createrole "$role"
    fi
}

db_exists() {
    [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]
}

# ensure_wkhtmltopdf: Odoo renders PDF reports (a quotation the customer signs
# on the portal, a printed order) with wkhtmltopdf; without it Odoo answers
# "Unable to find Wkhtmltopdf on this system". Install Debian's when missing.
ensure_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null 2>&1 && return 0
    say "wkhtmltopdf is not installed; installing it from Debian (Odoo prints PDF reports with it)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wkhtmltopdf >/dev/null \
        || die "could not install wkhtmltopdf (apt-get install wkhtmltopdf)"
    command -v wkhtmltopdf >/dev/null 2>&1 || die "wkhtmltopdf is still not on PATH after installing it"
}
