#!/usr/bin/env python3
"""Benchmark of issue 26: `amplify-auth audit` with its live Cognito reads, against the same reads
(scripts/audit_boto3.py --live) made one after another with boto3, over `serve --demo-apps 150`.

Usage: python3 scripts/bench_live.py --bin target/release/amplify-auth [--runs 5]
(run it with a Python that has boto3). Whole processes are timed alike and alternated, after one
warm-up each; both must list the same environments, and the audit's rows must have no errors.
Prints the medians and the speed-up (target: at least 4x).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_run  # noqa: E402  (the sandbox starter and the clean environment)
from bench_audit import audit_pairs, timed  # noqa: E402

APPS = 150


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "audit_boto3.py")
    with tempfile.TemporaryDirectory() as tmp:
        base = bench_run.base_env(tmp)
        sb = bench_run.Sandbox(a.bin, base, job_seconds=3, extra=["--demo-apps", str(APPS)], demo=False)
        try:
            env = sb.env(base)
            audit = [a.bin, "--endpoint-url", sb.endpoint, "audit", "--output", "json"]
            boto = [sys.executable, script, "--live"]
            timed(audit, env)
            timed(boto, env)
            ours, theirs = [], []
            for _ in range(a.runs):
                w, doc, _ = timed(audit, env)
                ours.append(w)
                w2, b, _ = timed(boto, env)
                theirs.append(w2)
        finally:
            sb.stop()
    missing = {tuple(p) for p in b["Environments"]} - audit_pairs(doc)
    errors = sum(1 for r in doc["Resources"] if r.get("Errors"))
    live = sum(1 for f in doc["Findings"] if f["RuleId"].startswith("live-"))
    o, t = statistics.median(ours), statistics.median(theirs)
    print(json.dumps({
        "apps": APPS, "environments": len(b["Environments"]), "resources": b["Resources"],
        "boto3_requests": b["Requests"], "audit_s": ours, "boto3_s": theirs,
        "audit_median_ms": round(o * 1000, 1), "boto3_median_ms": round(t * 1000, 1),
        "speedup": round(t / o, 2), "live_findings": live, "row_errors": errors,
        "missing_environments": len(missing),
    }, indent=2))
    if missing or errors or t / o < 4:
        raise SystemExit("the audit with live reads is not at least 4x faster, or incomplete")


if __name__ == "__main__":
    main()
