#!/usr/bin/env bash
# Whole-process benchmarks (issue 8) with a release build: headless `get` against a running
# sandbox (and the AWS CLI's `get-backend-auth` beside it when installed), the TUI in a
# pseudo-terminal (start-up, keypress latency, idle CPU, CPU while following a job, peak RSS),
# and sandbox throughput from concurrent SDK clients. Prints a table of target vs measured.
#
# Also `audit` over `serve --demo-apps 150` against the same reads made sequentially with boto3,
# and under `--rate-limit 20` against the floor (issue 16); and the TUI's `--overview` of
# `serve --demo-apps N` for N = 150, 1,000 and 10,000 in a pseudo-terminal beside headless `audit`
# of the same account in the same run: first rows, all loaded and its ratio to the audit, key →
# frame for j/k, sort, filter and findings, peak RSS (issue 29).
#
# Usage: scripts/bench.sh [--quick] [--json FILE] [--audit-only] [--overview-sizes 150,1000]
#   --quick       fewer runs and shorter windows (about 1 minute instead of 3, plus the audit's ~1
#                 and the overview's ~3)
#   --json F      also write the raw figures to F
#   --audit-only  only the audit and overview benchmarks
#   --overview-sizes  the account sizes of the overview benchmarks (default 150,1000,10000)
# boto3 comes from the system Python when it has it, else from a venv made once in
# ${TMPDIR:-/tmp}/amplify-auth-bench-venv (pip install boto3).
# Exit status: 0 when every target is met, 1 when one is missed, 2 on a setup error.
# Micro-benchmarks (rendering, update, validation, one sandbox round trip): `cargo bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3 runs the measurements, GNU time reads peak RSS, openssl makes the Apple key pasted in the
# wizard. Installed from Debian only when missing (the script may run on a fresh machine as root).
missing=()
command -v python3 >/dev/null || missing+=(python3)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v openssl >/dev/null || missing+=(openssl)
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "bench.sh: please install ${missing[*]}" >&2
        exit 2
    fi
fi

# --audit-only needs no load generator (an example, which pulls in the dev-dependencies).
examples=(--example loadgen)
for arg in "$@"; do [[ $arg == --audit-only ]] && examples=(); done
echo "building the release binary${examples:+ and the load generator}…" >&2
cargo build --release --quiet --bin amplify-auth "${examples[@]}"
target=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

boto3_python=python3
if ! python3 -c 'import boto3' 2>/dev/null; then
    venv="${TMPDIR:-/tmp}/amplify-auth-bench-venv"
    if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import boto3' 2>/dev/null; then
        echo "installing boto3 into $venv for the audit comparison…" >&2
        python3 -m venv "$venv" && "$venv/bin/pip" install --quiet boto3 || {
            echo "bench.sh: could not install boto3 (python3-venv missing?)" >&2
            exit 2
        }
    fi
    boto3_python="$venv/bin/python"
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other builds on the machine skew every figure)" >&2
exec python3 scripts/bench_run.py \
    --bin "$target/release/amplify-auth" \
    --loadgen "$target/release/examples/loadgen" --boto3-python "$boto3_python" "$@"
