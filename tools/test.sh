#!/usr/bin/env bash
# Run every Order Desk test: the linters, the tests that need no Odoo (pytest,
# tests/), and the Odoo suite of the three addons on a fresh database against a
# real PostgreSQL. Fails on a failing test and on any WARNING or ERROR line in
# the Odoo log. The last line is "N passed, N failed, N skipped".
#
#   tools/test.sh                         everything
#   tools/test.sh customer_order_review   one addon's Odoo tests (and pytest)
#   tools/test.sh --no-lint               skip the linters
#   tools/test.sh --keep-db               keep the test database afterwards
set -uo pipefail
# shellcheck source=tools/common.sh
source "$(dirname "$0")/common.sh"

RUN_LINT=1
KEEP_DB=0
SELECTED=()
for arg in "$@"; do
    case "$arg" in
        --no-lint) RUN_LINT=0 ;;
        --keep-db) KEEP_DB=1 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $arg" ;;
        *)
            [ -f "$REPO_ROOT/$arg/__manifest__.py" ] || die "'$arg' is not an addon of this repository"
            SELECTED+=("$arg") ;;
    esac
done
if [ ${#SELECTED[@]} -gt 0 ]; then
    INSTALL="$(IFS=,; echo "${SELECTED[*]}")"
else
    INSTALL="$ADDONS"
fi
TEST_TAGS="$(echo "$INSTALL" | sed 's/\([^,]*\)/\/\1/g')"

PASSED=0
FAILED=0
SKIPPED=0
PROBLEMS=()
ODOO_RAN=0

# --- 1. linters --------------------------------------------------------------
if [ "$RUN_LINT" = 1 ]; then
    say "Running the linters (pre-commit)"
    if "$REPO_ROOT/tools/lint.sh"; then
        say "Linters: clean"
    else
        FAILED=$((FAILED + 1))
        PROBLEMS+=("the linters found problems")
    fi
fi

# --- 2. tests that need no Odoo ------------------------------------------------
if find_odoo; then
    HAVE_ODOO=1
    say "Using $("$ODOO_BIN" --version 2>/dev/null) at $ODOO_BIN"
    install_python_deps requirements.txt test-requirements.txt
    PYTEST_PY="$ODOO_PYTHON"
else
    HAVE_ODOO=0
    TOOLS_VENV="$ORDER_DESK_CACHE/tools-venv"
    [ -x "$TOOLS_VENV/bin/python" ] || python3 -m venv "$TOOLS_VENV"
    "$TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check pytest
    PYTEST_PY="$TOOLS_VENV/bin/python"
fi

say "Running pytest (tests/)"
PYTEST_OUT="$(mktemp)"
(cd "$REPO_ROOT" && "$PYTEST_PY" -m pytest -q -p no:cacheprovider tests) 2>&1 | tee "$PYTEST_OUT"
PYTEST_RC=${PIPESTATUS[0]}
summary="$(tail -n1 "$PYTEST_OUT")"
rm -f "$PYTEST_OUT"
count() { echo "$summary" | grep -oE "[0-9]+ $1" | grep -oE '^[0-9]+' || echo 0; }
PASSED=$((PASSED + $(count passed)))
SKIPPED=$((SKIPPED + $(count skipped)))
py_failed=$(( $(count failed) + $(count error) ))
if [ "$PYTEST_RC" != 0 ] && [ "$PYTEST_RC" != 5 ] && [ "$py_failed" = 0 ]; then
    py_failed=1  # pytest itself broke (collection, usage): count it
fi
FAILED=$((FAILED + py_failed))
[ "$py_failed" = 0 ] || PROBLEMS+=("pytest failed")

# --- 3. the Odoo suite -----------------------------------------------------------
if [ "$HAVE_ODOO" = 1 ]; then
    ensure_postgres
    if ! command -v chromium >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
        say "Installing Chromium from Debian for the browser tours"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
            || die "could not install chromium"
    fi
    DB="order_desk_test_$$"
    LOG="$ORDER_DESK_CACHE/test-logs/$DB.log"
    mkdir -p "$(dirname "$LOG")"
    cleanup() {
        if [ "$KEEP_DB" = 1 ]; then
            say "Kept database $DB"
        else
            dropdb --if-exists "$DB" >/dev/null 2>&1 || true
        fi
    }
    trap cleanup EXIT
    say "Installing $INSTALL with demo data into a fresh database '$DB' and running tests $TEST_TAGS"
    say "Full Odoo log: $LOG"
    "$ODOO_BIN" --addons-path="$(odoo_addons_path)" -d "$DB" -i "$INSTALL" \
        --test-enable --test-tags="$TEST_TAGS" --stop-after-init \
        --http-interface=127.0.0.1 --http-port="${ORDER_DESK_TEST_HTTP_PORT:-8169}" \
        --max-cron-threads=0 --workers=0 --logfile="$LOG" &
    odoo_pid=$!
    # Show what matters while the suite runs: our addons' test lines and any problem.
    tail -n +1 --pid="$odoo_pid" -F "$LOG" 2>/dev/null | grep --line-buffered -E \
        ' (WARNING|ERROR|CRITICAL) | odoo\.addons\.(customer_order_review|order_logistics_tracking|order_analytics)| odoo\.tests\.(stats|result)|Modules loaded|Starting .*tests|when loading database' &
    tail_pid=$!
    wait "$odoo_pid"
    odoo_rc=$?
    sleep 1
    kill "$tail_pid" 2>/dev/null || true
    wait "$tail_pid" 2>/dev/null || true
    ODOO_RAN=1
    counts="$("$PYTEST_PY" "$REPO_ROOT/tools/checklog.py" "$LOG")"
    log_rc=$?
    read -r o_passed o_failed o_skipped <<<"$counts"
    if [ "$log_rc" != 0 ]; then
        if [ "${o_failed:-0}" = 0 ]; then
            # No failed test, yet the log is not clean (WARNING/ERROR lines, or no report).
            o_failed=1
            PROBLEMS+=("the Odoo log has WARNING/ERROR lines or no test report")
        else
            PROBLEMS+=("Odoo tests failed")
        fi
    elif [ "$odoo_rc" != 0 ]; then
        o_failed=$(( ${o_failed:-0} + 1 ))
        PROBLEMS+=("Odoo exited with status $odoo_rc")
    fi
    PASSED=$((PASSED + ${o_passed:-0}))
    FAILED=$((FAILED + ${o_failed:-0}))
    SKIPPED=$((SKIPPED + ${o_skipped:-0}))
else
    odoo_missing_message
    say "The Odoo suite was NOT run: no Odoo 18 was found. Only the linters and the"
    say "tests that need no Odoo ran."
    PROBLEMS+=("the Odoo suite was not run (Odoo 18 not found)")
fi

for problem in "${PROBLEMS[@]}"; do say "FAILED: $problem"; done
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
if [ "$FAILED" -gt 0 ] || [ "$ODOO_RAN" = 0 ]; then
    exit 1
fi
exit 0
