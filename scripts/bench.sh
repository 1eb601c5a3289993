#!/usr/bin/env bash
# Whole-process benchmarks (issue 8) with a release build: headless `get` against a running
# sandbox (and the AWS CLI's `get-backend-auth` beside it when installed), the TUI in a
# pseudo-terminal (start-up, keypress latency, idle CPU, CPU while following a job, peak RSS),
# and sandbox throughput from concurrent SDK clients. Prints a table of target vs measured.
#
# Usage: scripts/bench.sh [--quick] [--json FILE]
#   --quick     fewer runs and shorter windows (about 1 minute instead of 3)
#   --json F    also write the raw figures to F
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

echo "building the release binary and the load generator…" >&2
cargo build --release --quiet --bin amplify-auth --example loadgen
target=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other builds on the machine skew every figure)" >&2
exec python3 scripts/bench_run.py \
    --bin "$target/release/amplify-auth" \
    --loadgen "$target/release/examples/loadgen" "$@"
