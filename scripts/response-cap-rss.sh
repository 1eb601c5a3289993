#!/usr/bin/env bash
# Issue 24: peak memory of a command given a 1 GiB answer (Content-Length declared, and chunked
# without one). Starts a local Python server that streams the answer, runs `amplify-auth jobs`
# against it under /usr/bin/time, and prints the exit code and the peak RSS.
# Usage: scripts/response-cap-rss.sh [path/to/amplify-auth]   (default: target/debug/amplify-auth)
set -euo pipefail
BIN=${1:-target/debug/amplify-auth}
tmp=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cat > "$tmp/flood.py" <<'PY'
import socket, sys, threading
GIB = 1 << 30
piece = b'{"jobs":[' + b'"xxxxxxxxxxxxxxxx",' * 3000
def serve(conn, chunked):
    try:
        conn.recv(65536)
        if chunked:
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
            frame = b"%x\r\n" % len(piece) + piece + b"\r\n"
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % GIB)
            frame = piece
        for _ in range(GIB // len(frame)):
            conn.sendall(frame)
    except OSError:
        pass
    finally:
        conn.close()
for port_file, chunked in ((sys.argv[1], False), (sys.argv[2], True)):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
    open(port_file, "w").write(str(s.getsockname()[1]))
    threading.Thread(target=lambda s=s, c=chunked: [threading.Thread(target=serve, args=(s.accept()[0], c), daemon=True).start() for _ in iter(int, 1)], daemon=True).start()
threading.Event().wait()
PY
python3 "$tmp/flood.py" "$tmp/declared" "$tmp/chunked" & server=$!
while [ ! -s "$tmp/chunked" ]; do sleep 0.1; done
for kind in declared chunked; do
  port=$(cat "$tmp/$kind")
  set +e
  env -i HOME="$tmp" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret AWS_REGION=us-east-1 \
    /usr/bin/time -f "%M" -o "$tmp/rss" "$BIN" --endpoint-url "http://127.0.0.1:$port" \
    --app-id d0abc --env dev jobs >/dev/null 2>"$tmp/err"
  code=$?
  set -e
  echo "1 GiB answer, $kind length: exit $code, peak RSS $(tail -n1 "$tmp/rss") KB; $(grep -m1 error: "$tmp/err" | cut -c1-400)"
done
