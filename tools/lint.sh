#!/usr/bin/env bash
# Run every linter and formatter of .pre-commit-config.yaml on the whole
# repository, the way CI does. Exits with pre-commit's status: non-zero when a
# check failed or a fixer changed a file (the diff is shown; review it and
# commit it).
#
# pre-commit itself lives in a tools virtualenv under
#   ${XDG_CACHE_HOME:-$HOME/.cache}/order-desk/tools-venv
# created on the first run, and so do the hooks' own environments (under
# .../order-desk/pre-commit unless PRE_COMMIT_HOME is set). The first run
# installs them from PyPI and npm and takes a few minutes; later runs reuse them.
# Needs python3 (with venv), git, and Node.js with npm for the prettier hook.
# Only files git knows about are checked: `git add` new files first.
set -euo pipefail

PRE_COMMIT_VERSION="4.7.0"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORDER_DESK_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/order-desk"
TOOLS_VENV="$ORDER_DESK_CACHE/tools-venv"
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$ORDER_DESK_CACHE/pre-commit}"

say() { printf '[order-desk] %s\n' "$*" >&2; }

if [ ! -x "$TOOLS_VENV/bin/python" ]; then
    say "Creating the tools virtualenv at $TOOLS_VENV"
    mkdir -p "$ORDER_DESK_CACHE"
    python3 -m venv "$TOOLS_VENV"
fi

installed="$("$TOOLS_VENV/bin/python" -m pre_commit --version 2>/dev/null || true)"
if [ "$installed" != "pre-commit $PRE_COMMIT_VERSION" ]; then
    say "Installing pre-commit $PRE_COMMIT_VERSION into $TOOLS_VENV"
    "$TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pre-commit==$PRE_COMMIT_VERSION"
fi

cd "$REPO_ROOT"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    say "ERROR: $REPO_ROOT is not a git work tree; pre-commit needs one"
    exit 1
fi

say "Running pre-commit on all files (first run installs the hook environments)"
status=0
"$TOOLS_VENV/bin/python" -m pre_commit run --all-files --show-diff-on-failure \
    --color=never </dev/null || status=$?
if [ "$status" = 0 ]; then
    say "Lint: all hooks passed"
else
    say "Lint: some hooks failed (exit status $status); see above"
fi
exit "$status"
