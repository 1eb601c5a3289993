#!/usr/bin/env bash
# Captures text screenshots of the real binary on a fresh embedded sandbox, with tmux, into
# assets/screenshots/. Usage: scripts/screenshots.sh [path/to/amplify-auth]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/amplify-auth}
out=assets/screenshots
data=$(mktemp -d)
trap 'tmux kill-session -t shots 2>/dev/null || true; rm -rf "$data"' EXIT
mkdir -p "$out"
tmux kill-session -t shots 2>/dev/null || true
tmux new-session -d -s shots -x 100 -y 30 "XDG_DATA_HOME=$data HOME=$data $bin --sandbox"
shot() { sleep "${2:-0.8}"; tmux capture-pane -p -t shots > "$out/$1.txt"; }
keys() { tmux send-keys -t shots "$@"; sleep 0.25; }
shot 01-apps 2
keys Enter; keys j; keys Enter; shot 02-environment 1.2
keys Enter; shot 03-config 1.2
keys Escape; keys Escape; keys Escape; keys c; shot 04-wizard-target 1.2
keys C-n; keys C-n; shot 05-wizard-user-pool
keys C-n; keys C-n; keys C-n; keys C-u End C-u; keys 5; shot 06-wizard-password-error
keys C-u; keys 1 2; keys C-n; keys C-n; keys Space; keys Tab; keys -l "my-app-auth"; keys C-n
keys Tab; keys Tab; keys Tab; keys Space; keys Tab; keys -l "com.example.app.signin"; keys Tab; keys -l "TEAM123456"
keys Tab; keys -l "ABCDEFGH12"; keys Tab; keys Tab
# A key made for the screenshot, pasted the way a terminal pastes (bracketed).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null > "$data/AuthKey_ABCDEFGH12.p8"
tmux load-buffer -b key "$data/AuthKey_ABCDEFGH12.p8"; tmux paste-buffer -p -b key -t shots; sleep 0.3
keys Up; shot 07-wizard-apple
keys C-n; shot 08-review
keys C-s; shot 09-job-running 1
shot 10-job-completed 4
# Environments: add qa cloned from staging, follow the job, then mark staging and qa and compare.
keys Enter; keys Enter; keys j; keys a; keys -l qa; shot 11-env-add
keys Enter; shot 12-env-clone-job 4
keys Enter; keys Space; keys /; keys -l qa; keys Enter; keys d; shot 13-compare 1.5
keys q
