"""Benchmarks of `amplify-auth audit` (issue 16); run by scripts/bench_run.py.

Against `serve --demo-apps 150` (1 to 3 environments each, about 300 in all):
- `audit --output json` against scripts/audit_boto3.py --live making the same reads one after
  another (the record's and, as the audit does by default since issue 26, each live Cognito
  pool's), in the same run, whole processes timed alike; both must list the same environments;
- `audit` against `serve --demo-apps 150 --rate-limit 20`, against the floor: the reads the
  boto3 script counted, divided by 20 per second.
"""

import json
import statistics
import subprocess
import time

APPS = 150
RATE = 20


def timed(cmd, env):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed (exit {p.returncode}): {p.stderr[-800:]}")
    return wall, json.loads(p.stdout), p.stderr


def audit_pairs(doc):
    return {(r["AppId"], r["BackendEnvironmentName"]) for r in doc["Resources"]}


def audit_cmd(binary, sb):
    return [binary, "--endpoint-url", sb.endpoint, "audit", "--output", "json"]


def run(binary, base_env, boto3_python, boto3_script, sandbox_cls, quick):
    """Returns (raw figures, table rows as (name, target, value, unit, ok, note))."""
    res, rows = {}, []
    runs = 3 if quick else 5

    sb = sandbox_cls(binary, base_env, job_seconds=3, extra=["--demo-apps", str(APPS)], demo=False)
    try:
        env = sb.env(base_env)
        # Warm both (page cache, the sandbox's SQLite pages), then alternate so load drifts
        # hit both alike.
        timed(audit_cmd(binary, sb), env)
        # --live: the same reads as the audit's default, so the ratio and the rate-limited floor
        # compare like with like (without it boto3 skipped two thirds of the requests).
        boto3 = [boto3_python, boto3_script, "--live"]
        timed(boto3, env)
        ours, theirs = [], []
        for _ in range(runs):
            w, doc, _ = timed(audit_cmd(binary, sb), env)
            ours.append(w)
            w2, b, _ = timed(boto3, env)
            theirs.append(w2)
        boto_pairs = {tuple(p) for p in b["Environments"]}
        missing = boto_pairs - audit_pairs(doc)
        if missing:
            raise SystemExit(f"audit missed {len(missing)} environments boto3 lists, e.g. {sorted(missing)[:3]}")
        errors = sum(1 for r in doc["Resources"] if r.get("Errors"))
        o, t = statistics.median(ours), statistics.median(theirs)
        res["audit_150"] = {
            "apps": APPS, "environments": len(boto_pairs), "rows": len(doc["Resources"]),
            "findings": len(doc["Findings"]), "row_errors": errors, "requests": b["Requests"],
            "audit_s": ours, "boto3_s": theirs, "boto3_in_script_s": b["Seconds"],
            "ratio": t / o,
        }
        rows.append((f"audit, {APPS} apps / {len(boto_pairs)} envs: median wall", "(vs boto3)", o * 1000, "ms", None,
                     f"n={runs}, {min(ours)*1000:.0f}–{max(ours)*1000:.0f} ms; {len(doc['Resources'])} rows, "
                     f"{len(doc['Findings'])} findings, {errors} row errors"))
        rows.append(("boto3, same reads sequentially: median wall", "(reference)", t * 1000, "ms", None,
                     f"n={runs}, {b['Requests']} requests; {b['Seconds']*1000:.0f} ms after imports"))
        rows.append(("audit speed-up vs sequential boto3", "≥ 4×", t / o, "x", t / o >= 4 and errors == 0))
    finally:
        sb.stop()

    requests = res["audit_150"]["requests"]
    floor = requests / RATE
    sb = sandbox_cls(binary, base_env, job_seconds=3,
                     extra=["--demo-apps", str(APPS), "--rate-limit", str(RATE)], demo=False)
    try:
        env = sb.env(base_env)
        time.sleep(1.2)  # let the bucket fill, as it would be for a first caller
        w, doc, err = timed(audit_cmd(binary, sb), env)
        errors = sum(1 for r in doc["Resources"] if r.get("Errors"))
        complete = not ({tuple(p) for p in b["Environments"]} - audit_pairs(doc))
        over = w / floor - 1
        res["audit_rate_limited"] = {"rate": RATE, "requests": requests, "floor_s": floor, "wall_s": w,
                                     "over_floor": over, "row_errors": errors, "complete": complete}
        rows.append((f"audit under --rate-limit {RATE}: wall vs floor", "≤ +15 %", over * 100, "%",
                     over <= 0.15 and errors == 0 and complete,
                     f"{w:.1f} s vs {requests} requests ÷ {RATE}/s = {floor:.1f} s; {errors} row errors"))
    finally:
        sb.stop()
    return res, rows
