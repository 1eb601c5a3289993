#!/usr/bin/env bash
# Makes the README pictures from the REAL binary on a fresh embedded sandbox: stills of the main
# screens and an animation of creating auth with Sign in with Apple through to the COMPLETED job
# pane, as SVG under assets/pictures/. The terminal is a tmux pane of fixed size; each screen is
# captured with its colours (`capture-pane -e`) and drawn by scripts/ansi_svg.py.
#
# Usage: scripts/pictures.sh [path/to/amplify-auth]   (default: builds and uses the debug binary)
# Needs: tmux, python3, openssl (a throwaway Apple key made for the pictures).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in tmux python3 openssl; do
  command -v "$tool" >/dev/null || { echo "pictures.sh needs $tool" >&2; exit 1; }
done
if [ $# -ge 1 ]; then
  bin=$1
else
  cargo build --quiet
  bin=${CARGO_TARGET_DIR:-target}/debug/amplify-auth
fi
out=assets/pictures
work=$(mktemp -d)
session=pictures$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out" "$work/frames" "$work/home"

# Fixed size, a plain 256-colour terminal, no user config: the same pictures on every machine.
tmux -f /dev/null new-session -d -s "$session" -x 100 -y 30 \
  "env -i PATH=$PATH TERM=xterm-256color LANG=C.UTF-8 HOME=$work/home XDG_DATA_HOME=$work/home \
   AWS_CONFIG_FILE=$work/home/none AWS_SHARED_CREDENTIALS_FILE=$work/home/none $bin --sandbox"

n=0
# frame SECONDS: the screen now, shown that long in the animation.
frame() {
  n=$((n + 1))
  local f; f=$(printf '%s/frames/%03d.ansi' "$work" "$n")
  tmux capture-pane -e -p -t "$session" > "$f"
  echo "$f $1" >> "$work/flow.list"
}
# still NAME: the screen now as a picture of its own.
still() { tmux capture-pane -e -p -t "$session" > "$work/$1.ansi"; python3 scripts/ansi_svg.py still "$work/$1.ansi" "$out/$1.svg"; }
keys() { tmux send-keys -t "$session" "$@"; sleep 0.3; }
# wait_for TEXT: until the screen shows TEXT (at most 20 s), so slow machines get the same pictures.
wait_for() {
  for _ in $(seq 200); do
    tmux capture-pane -p -t "$session" | grep -q -- "$1" && return 0
    sleep 0.1
  done
  echo "pictures.sh: the screen never showed '$1':" >&2
  tmux capture-pane -p -t "$session" >&2
  exit 1
}

wait_for "demo-app"; sleep 0.5; still apps
keys Enter; keys j; keys Enter; sleep 1; still environment
keys Enter; sleep 1; still config
keys Escape; keys Escape; keys Escape; sleep 0.5

# The animated flow: create auth with Sign in with Apple on the dev environment.
frame 1.5
keys c; sleep 0.8; frame 2; still wizard
keys C-n; frame 1.2
keys C-n; frame 1.5
keys C-n; frame 1
keys C-n; frame 1
keys C-n; keys C-u End C-u; keys 5; sleep 0.3; frame 2.5
keys C-u; keys 1 2; frame 1.5
keys C-n; frame 1
keys C-n; frame 1
keys Space; keys Tab; keys -l "my-app-auth"; frame 1.5
keys C-n; frame 1.2
keys Tab; keys Tab; keys Tab; keys Space; frame 1.2
keys Tab; keys -l "com.example.app.signin"; frame 0.8
keys Tab; keys -l "TEAM123456"; frame 0.8
keys Tab; keys -l "ABCDEFGH12"; keys Tab; keys Tab; frame 0.8
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null > "$work/AuthKey_ABCDEFGH12.p8"
tmux load-buffer -b key "$work/AuthKey_ABCDEFGH12.p8"; tmux paste-buffer -p -b key -t "$session"; sleep 0.4
keys Up; frame 2.5; still wizard-apple
keys C-n; sleep 0.5; frame 3; still review
keys C-s; sleep 0.6; frame 1
wait_for "COMPLETED"; sleep 1.5; frame 5; still job-completed
keys q

python3 scripts/ansi_svg.py anim "$work/flow.list" "$out/create-auth-with-apple.svg"
echo "wrote $(ls "$out" | wc -l) pictures to $out/"
