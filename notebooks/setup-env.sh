#!/usr/bin/env bash
# Creates (or reuses) a Python virtual environment with what the notebooks need and prints its
# bin/ directory on stdout. Idempotent: when the venv already matches requirements.txt it
# returns in a second or two without calling pip.
#
#   notebooks/setup-env.sh [VENV_DIR]        # default: notebooks/.venv
#   "$(notebooks/setup-env.sh)/jupyter" lab notebooks/
#
# Python: $CUTOVER_PYTHON, else the first python3 on PATH (>= 3.9, with the venv module).
# Packages: pip's own configuration applies. When pip is configured only with local (file://)
# indexes, as on the build machines, those are passed as --index-url so pip does not spend
# minutes retrying an unreachable PyPI. CUTOVER_PIP_ARGS replaces that choice, e.g.
#   CUTOVER_PIP_ARGS="--index-url https://pypi.org/simple" notebooks/setup-env.sh
# Exit 0 ready; 3 no usable Python; 4 the packages could not be installed (pip's log is kept
# in VENV_DIR/pip.log). The tests skip the notebooks on 3 and 4 only.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=${1:-"$here/.venv"}
requirements="$here/requirements.txt"
log() { echo "setup-env: $*" >&2; }

python=${CUTOVER_PYTHON:-$(command -v python3 || true)}
if [ -z "$python" ] || ! "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  log "no usable python3 (>= 3.9 with the venv and ensurepip modules); set CUTOVER_PYTHON"
  exit 3
fi

mkdir -p "$venv"
venv=$(cd "$venv" && pwd)
# One set-up at a time per venv (two test runs, or a test and a person).
if command -v flock >/dev/null; then
  exec 9>"$venv/.setup.lock"
  flock 9
fi

stamp="$venv/.cutover-requirements"
ready() {
  [ -x "$venv/bin/python" ] && [ -x "$venv/bin/jupyter" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"
}
if ready; then
  echo "$venv/bin"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  log "creating $venv with $python ($("$python" --version 2>&1))"
  if ! "$python" -m venv "$venv" >&2; then
    log "could not create a venv with $python"
    exit 3
  fi
fi

pip_args=()
if [ -n "${CUTOVER_PIP_ARGS+x}" ]; then
  read -r -a pip_args <<<"$CUTOVER_PIP_ARGS"
else
  indexes=()
  for key in global.index-url global.extra-index-url; do
    value=$("$venv/bin/python" -m pip config get "$key" 2>/dev/null || true)
    [ -n "$value" ] && read -r -a more <<<"$value" && indexes+=("${more[@]}")
  done
  local_only=${#indexes[@]}
  for url in "${indexes[@]}"; do [[ $url == file://* ]] || local_only=0; done
  if [ "$local_only" -gt 0 ]; then
    pip_args=(--index-url "${indexes[0]}")
    for url in "${indexes[@]:1}"; do pip_args+=(--extra-index-url "$url"); done
    log "pip is configured with local indexes only: ${indexes[*]}"
  fi
fi

log "installing requirements.txt into $venv (a minute or two)"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check "${pip_args[@]}" -r "$requirements" \
     >"$venv/pip.log" 2>&1; then
  tail -n 20 "$venv/pip.log" >&2
  log "pip could not install $requirements (full log: $venv/pip.log); offline? set CUTOVER_PIP_ARGS"
  exit 4
fi
if ! "$venv/bin/python" -c 'import pandas, pyarrow, matplotlib, nbconvert, nbformat, ipykernel' >&2; then
  log "installed, but the packages do not import"
  exit 4
fi
# The kernel the notebooks name ("python3") is this venv's interpreter. ipykernel writes the spec
# through a tmp*_kernels directory that it leaves behind: it gets one inside the venv instead of /tmp.
mkdir -p "$venv/tmp"
TMPDIR="$venv/tmp" "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 \
  --display-name "Python 3 (cutover notebooks)" >&2
rm -rf "$venv/tmp"
cp "$requirements" "$stamp"
echo "$venv/bin"
