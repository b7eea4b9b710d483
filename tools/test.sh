#!/usr/bin/env bash
# Run every Order Desk test: the linters, the tests that need no Odoo (pytest,
# tests/), and the Odoo suite of the three addons on a fresh database against a
# real PostgreSQL. Fails on a failing test and on any WARNING or ERROR line in
# the Odoo log. Then customer_order_review's manufacturing hook tests in a
# fresh database with mrp installed as well (without demo data; mrp is not a
# dependency), judged the same way. Then Odoo's own sale, sale_stock and
# sale_management suites in another database with the three addons installed
# and the order review off: they must fail exactly the tests plain Odoo fails
# (tools/core_baseline.txt). The last line is "N passed, N failed, N skipped".
#
#   tools/test.sh                         everything
#   tools/test.sh customer_order_review   one addon's Odoo tests (and pytest)
#   tools/test.sh --no-lint               skip the linters
#   tools/test.sh --no-mrp                skip the run with mrp (1-2 minutes)
#   tools/test.sh --no-core               skip Odoo's core suites
#   tools/test.sh --core-only             only Odoo's core suites (8-12 minutes)
#   tools/test.sh --keep-db               keep the test databases afterwards
#   tools/test.sh --core-baseline         the core suites on plain Odoo (without
#                                         our addons): prints the failing test ids
set -uo pipefail
# shellcheck source=tools/common.sh
source "$(dirname "$0")/common.sh"

RUN_LINT=1
RUN_MRP=1
RUN_CORE=1
CORE_ONLY=0
CORE_PLAIN=0
KEEP_DB=0
SELECTED=()
for arg in "$@"; do
    case "$arg" in
        --no-lint) RUN_LINT=0 ;;
        --no-mrp) RUN_MRP=0 ;;
        --no-core) RUN_CORE=0 ;;
        --core-only) CORE_ONLY=1 ;;
        --core-baseline) CORE_ONLY=1; CORE_PLAIN=1 ;;
        --keep-db) KEEP_DB=1 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
if [ "$CORE_ONLY" = 1 ]; then
    [ "$RUN_CORE" = 1 ] || die "--core-only and --no-core contradict each other"
    [ ${#SELECTED[@]} = 0 ] || die "--core-only runs no addon's own tests: name no addon"
    RUN_LINT=0
elif [ ${#SELECTED[@]} -gt 0 ]; then
    RUN_CORE=0  # one addon's tests: the core suites belong to the full run
fi
# The manufacturing hook tests of customer_order_review need mrp: they run in a
# database of their own (step 3b), not in the main suite, where they would skip.
MRP_TEST_CLASS=TestWorkcenterLoad
if [ "$CORE_ONLY" = 1 ] || [[ ",$INSTALL," != *,customer_order_review,* ]]; then
    RUN_MRP=0
fi
[ "$RUN_MRP" = 0 ] || TEST_TAGS="$TEST_TAGS,-/customer_order_review:$MRP_TEST_CLASS"

PASSED=0
FAILED=0
SKIPPED=0
PROBLEMS=()
ODOO_RAN=0
DATABASES=()
LOG_DIR="$ORDER_DESK_CACHE/test-logs"
HTTP_PORT="${ORDER_DESK_TEST_HTTP_PORT:-8169}"

cleanup() {
    local db
    for db in "${DATABASES[@]}"; do
        if [ "$KEEP_DB" = 1 ]; then
            say "Kept database $db"
        else
            dropdb --if-exists "$db" >/dev/null 2>&1 || true
        fi
    done
}
trap cleanup EXIT

# What matters in the log of our addons' tests while they run: their test lines
# and any problem.
OUR_SHOW=' (WARNING|ERROR|CRITICAL) | odoo\.addons\.(customer_order_review|order_logistics_tracking|order_analytics)| odoo\.tests\.(stats|result)|Modules loaded|Starting .*tests|when loading database'

# odoo_logged LOG GREP_PATTERN ODOO_ARGS...: run Odoo (stop after init) with its
# log in LOG, showing the lines matching GREP_PATTERN while it runs; sets ODOO_RC.
odoo_logged() {
    local log="$1" pattern="$2"
    shift 2
    : >"$log"
    "$ODOO_BIN" --addons-path="$(odoo_addons_path)" --stop-after-init \
        --http-interface=127.0.0.1 --http-port="$HTTP_PORT" \
        --max-cron-threads=0 --workers=0 --logfile="$log" "$@" &
    local odoo_pid=$!
    tail -n +1 --pid="$odoo_pid" -F "$log" 2>/dev/null | grep --line-buffered -E "$pattern" &
    local tail_pid=$!
    wait "$odoo_pid"
    ODOO_RC=$?
    sleep 1
    kill "$tail_pid" 2>/dev/null || true
    wait "$tail_pid" 2>/dev/null || true
}

# add_odoo_results LOG ODOO_RC PREFIX [require_a_pass]: judge the log of a run of
# our addons' tests with tools/checklog.py (failed tests, WARNING/ERROR lines, no
# report), add its counts to the totals and its problems, each starting with
# PREFIX, to PROBLEMS. With require_a_pass, a run where no test passed or a test
# was skipped fails too (the tests it selects must really run).
add_odoo_results() {
    local log="$1" odoo_rc="$2" prefix="$3" require="${4:-}"
    local counts log_rc o_passed o_failed o_skipped
    counts="$("$PYTEST_PY" "$REPO_ROOT/tools/checklog.py" "$log")"
    log_rc=$?
    read -r o_passed o_failed o_skipped <<<"$counts"
    if [ "$log_rc" != 0 ]; then
        if [ "${o_failed:-0}" = 0 ]; then
            # No failed test, yet the log is not clean (WARNING/ERROR lines, or no report).
            o_failed=1
            PROBLEMS+=("${prefix}the Odoo log has WARNING/ERROR lines or no test report")
        else
            PROBLEMS+=("${prefix}Odoo tests failed")
        fi
    elif [ "$odoo_rc" != 0 ]; then
        o_failed=$(( ${o_failed:-0} + 1 ))
        PROBLEMS+=("${prefix}Odoo exited with status $odoo_rc")
    elif [ -n "$require" ] && { [ "${o_passed:-0}" = 0 ] || [ "${o_skipped:-0}" != 0 ]; }; then
        o_failed=$(( ${o_failed:-0} + 1 ))
        PROBLEMS+=("${prefix}no test passed or a test was skipped (${o_passed:-0} passed, ${o_skipped:-0} skipped; see $log)")
    fi
    PASSED=$((PASSED + ${o_passed:-0}))
    FAILED=$((FAILED + ${o_failed:-0}))
    SKIPPED=$((SKIPPED + ${o_skipped:-0}))
}

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
    "$TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check pytest -r "$REPO_ROOT/requirements.txt"
    PYTEST_PY="$TOOLS_VENV/bin/python"
fi

if [ "$CORE_ONLY" = 0 ]; then
    say "Running pytest (tests/)"
    PYTEST_OUT="$(mktemp)"
    # -p no:odoo: these tests need no Odoo database; pytest-odoo (installed from
    # test-requirements.txt for running one Odoo test, README.md) would open one.
    (cd "$REPO_ROOT" && "$PYTEST_PY" -m pytest -q -p no:cacheprovider -p no:odoo tests) 2>&1 | tee "$PYTEST_OUT"
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
fi

if [ "$HAVE_ODOO" = 1 ]; then
    ensure_postgres
    # Odoo renders PDF reports with wkhtmltopdf, and warns at start-up without it.
    ensure_wkhtmltopdf
    # Our tours and Odoo's core suites' tours drive Chromium.
    if ! command -v chromium >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
        say "Installing Chromium from Debian for the browser tours"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
            || die "could not install chromium"
    fi
    mkdir -p "$LOG_DIR"
fi

# --- 3. the Odoo suite of our addons ---------------------------------------------
if [ "$HAVE_ODOO" = 1 ] && [ "$CORE_ONLY" = 0 ]; then
    DB="order_desk_test_$$"
    DATABASES+=("$DB")
    LOG="$LOG_DIR/$DB.log"
    say "Installing $INSTALL with demo data into a fresh database '$DB' and running tests $TEST_TAGS"
    say "Full Odoo log: $LOG"
    odoo_logged "$LOG" "$OUR_SHOW" \
        -d "$DB" -i "$INSTALL" --test-enable --test-tags="$TEST_TAGS"
    ODOO_RAN=1
    add_odoo_results "$LOG" "$ODOO_RC" ""
fi

# --- 3b. the manufacturing hook, with mrp installed ---------------------------
# mrp is not a dependency of customer_order_review, so the suite above skips
# TestWorkcenterLoad (the capacity check's work-order hook). It runs here in a
# database of its own where mrp is installed too; it builds its own records, so
# without demo data (about 1.5 minutes on 2 cores, mostly installing mrp).
if [ "$HAVE_ODOO" = 1 ] && [ "$RUN_MRP" = 1 ]; then
    mrp_start=$SECONDS
    MRP_DB="order_desk_mrp_$$"
    DATABASES+=("$MRP_DB")
    MRP_LOG="$LOG_DIR/$MRP_DB.log"
    say "Installing customer_order_review and mrp without demo data into a fresh database"
    say "'$MRP_DB' and running /customer_order_review:$MRP_TEST_CLASS"
    say "Full Odoo log: $MRP_LOG"
    odoo_logged "$MRP_LOG" "$OUR_SHOW" \
        -d "$MRP_DB" -i customer_order_review,mrp --without-demo=all \
        --test-enable --test-tags="/customer_order_review:$MRP_TEST_CLASS"
    ODOO_RAN=1
    add_odoo_results "$MRP_LOG" "$ODOO_RC" "with mrp: " require_a_pass
    say "The mrp step took $(( (SECONDS - mrp_start) / 60 )) min $(( (SECONDS - mrp_start) % 60 )) s"
fi

# --- 4. Odoo's own sale suites with our addons installed, review off -------------
# Odoo's usual run of a module's tests: at_install tests while the modules are
# installed, post_install tests once everything is. Our demo data turns the order
# review on for the main company, so the run is split where Odoo's would run the
# post_install tests: install (with the at_install tests), switch the review off
# for every company, then the post_install tests in a second Odoo run.
if [ "$HAVE_ODOO" = 1 ] && [ "$RUN_CORE" = 1 ]; then
    core_start=$SECONDS
    CORE_MODULES="sale sale_stock sale_management"
    at_tags="" post_tags=""
    for module in $CORE_MODULES; do
        at_tags="$at_tags${at_tags:+,}at_install/$module"
        post_tags="$post_tags${post_tags:+,}post_install/$module"
    done
    CORE_DB="order_desk_core_$$"
    CORE_INSTALL="sale_management,sale_stock,$ADDONS"
    CORE_WITH="with $ADDONS installed and the order review off"
    if [ "$CORE_PLAIN" = 1 ]; then
        CORE_DB="order_desk_core_plain_$$"
        CORE_INSTALL="sale_management,sale_stock"
        CORE_WITH="on plain Odoo (without our addons)"
    fi
    DATABASES+=("$CORE_DB")
    CORE_LOG_INSTALL="$LOG_DIR/$CORE_DB-install.log"
    CORE_LOG_POST="$LOG_DIR/$CORE_DB-post_install.log"
    core_show=' CRITICAL | FAIL: | ERROR: | odoo\.tests\.(stats|result)|Modules loaded|when loading database'
    say "Odoo's own suites ($CORE_MODULES) $CORE_WITH,"
    say "in a fresh database '$CORE_DB'; their failures must be plain Odoo's (tools/core_baseline.txt)"
    say "Full Odoo logs: $CORE_LOG_INSTALL, $CORE_LOG_POST"
    say "Installing $CORE_INSTALL with demo data (and the at_install tests of $CORE_MODULES)"
    odoo_logged "$CORE_LOG_INSTALL" "$core_show" \
        -d "$CORE_DB" -i "$CORE_INSTALL" --test-enable --test-tags="$at_tags"
    ODOO_RAN=1
    not_installed="$(psql -d "$CORE_DB" -tAc "SELECT string_agg(m, ', ') FROM unnest(string_to_array('$CORE_INSTALL', ',')) AS m WHERE m NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')" 2>/dev/null)"
    if ! db_exists "$CORE_DB" || [ -n "$not_installed" ]; then
        FAILED=$((FAILED + 1))
        PROBLEMS+=("core suites: the addons did not install (${not_installed:-no database}; see $CORE_LOG_INSTALL)")
    else
        has_setting="$(psql -d "$CORE_DB" -tAc "SELECT 1 FROM information_schema.columns WHERE table_name = 'res_company' AND column_name = 'order_review_enabled'")"
        if [ "$CORE_PLAIN" = 1 ]; then
            :
        elif [ "$has_setting" = 1 ]; then
            psql -q -d "$CORE_DB" -c "UPDATE res_company SET order_review_enabled = false" >/dev/null
            say "Order review switched off for every company (res_company.order_review_enabled = false)"
        else
            say "NOTE: res.company has no order_review_enabled setting: the review stays on"
        fi
        say "Running the post_install tests of $CORE_MODULES"
        odoo_logged "$CORE_LOG_POST" "$core_show" \
            -d "$CORE_DB" --test-enable --test-tags="$post_tags"
        core_counts="$("$PYTEST_PY" "$REPO_ROOT/tools/core_suites.py" check \
            "$CORE_LOG_INSTALL" "$CORE_LOG_POST")"
        core_rc=$?
        if [ "$CORE_PLAIN" = 1 ]; then
            say "Failing test ids on plain Odoo (for tools/core_baseline.txt):"
            "$PYTEST_PY" "$REPO_ROOT/tools/core_suites.py" failures \
                "$CORE_LOG_INSTALL" "$CORE_LOG_POST"
        fi
        read -r c_passed c_failed c_skipped <<<"$core_counts"
        if [ "$core_rc" != 0 ]; then
            [ "${c_failed:-0}" -gt 0 ] || c_failed=1
            PROBLEMS+=("core suites: failures that plain Odoo does not have (or no test report)")
        fi
        PASSED=$((PASSED + ${c_passed:-0}))
        FAILED=$((FAILED + ${c_failed:-0}))
        SKIPPED=$((SKIPPED + ${c_skipped:-0}))
    fi
    say "Core suites step took $(( (SECONDS - core_start) / 60 )) min $(( (SECONDS - core_start) % 60 )) s"
fi

if [ "$HAVE_ODOO" = 0 ]; then
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
