#!/usr/bin/env python3
# Issue 24: 1,100 idle connections to `amplify-auth serve`, then a signed request (`jobs`) with the
# binary; then whether the sandbox closed the idle ones after its 10 s header/idle timeout.
# Usage: python3 scripts/sandbox-idle-connections.py  (uses target/debug/amplify-auth)
import socket, subprocess, time, os, resource, sys, re
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "debug", "amplify-auth")
serve = subprocess.Popen([binary, "serve", "--state", ":memory:", "--demo"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
env = {}
for _ in range(5):
    line = serve.stdout.readline()
    k, v = line.replace("export ", "").strip().split("=", 1)
    env[k] = v
port = int(env["AWS_ENDPOINT_URL"].rsplit(":", 1)[1])
socks = []
for i in range(1100):
    s = socket.socket(); s.connect(("127.0.0.1", port)); socks.append(s)
time.sleep(0.5)
e = {"HOME": "/tmp", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", **env}
t = time.time()
r = subprocess.run([binary, "--app-id", "d1a2b3c4demo", "--env", "dev", "jobs", "--output", "json"], env=e, capture_output=True, text=True)
print("1100 idle connections held: jobs exit", r.returncode, "in %.2f s" % (time.time() - t), r.stderr.strip()[:200])
time.sleep(11)
closed = 0
for s in socks:
    s.setblocking(False)
    try:
        if s.recv(1) == b"": closed += 1
    except BlockingIOError: pass
    except OSError: closed += 1
print("after 11 s:", closed, "of 1100 idle connections closed by the sandbox")
t = time.time()
r = subprocess.run([binary, "--app-id", "d1a2b3c4demo", "--env", "dev", "jobs", "--output", "json"], env=e, capture_output=True, text=True)
print("then: jobs exit", r.returncode, "in %.2f s" % (time.time() - t))
serve.terminate()
