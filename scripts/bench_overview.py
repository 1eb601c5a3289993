"""Benchmarks of the TUI's account overview (issues 16 and 29); run by scripts/bench_run.py.

For each account size (`serve --demo-apps N` for N in 150, 1,000 and 10,000; one to three
environments per app), in the same run and against the same sandbox:
- headless `audit --output json`: the same reads, whole process, the yardstick;
- `amplify-auth --overview` in a pseudo-terminal: start → the first rows on screen (a frame
  showing a row of a demo app), target ≤ 300 ms; start → every environment read ("Loaded: …" on
  the progress line), target ≤ 1.5× the audit's median, the ratio taken from this run;
- once loaded, key → updated frame for j/k, s/S (sort), typing and deleting in the `/` filter,
  and f (the findings pane, including the all-findings pane), p99 target ≤ 16 ms (one 60 Hz frame);
- the TUI's peak RSS (VmHWM) after all that, target ≤ 40 MiB at 150 apps, ≤ 60 MiB at 10,000.

Runs alternate audit and TUI so that load drifts from other work on the machine hit both alike.
"""

import json
import statistics
import subprocess
import time

SIZES = (150, 1000, 10000)
FIRST_ROWS_MS = 300
LOADED_RATIO = 1.5
KEY_P99_MS = 16
PEAK_MIB = {150: 40, 10000: 60}


def quantile(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, round((len(s) - 1) * q))]


def audit_once(binary, sb, env):
    cmd = [binary, "--endpoint-url", sb.endpoint, "audit", "--output", "json"]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    # Findings are no failure without --fail-on; a row that could not be read is.
    if p.returncode != 0:
        raise SystemExit(f"audit failed (exit {p.returncode}): {p.stderr[-800:]}")
    doc = json.loads(p.stdout)
    errors = sum(1 for r in doc["Resources"] if r.get("Errors"))
    return wall, len(doc["Resources"]), errors


def keys(t, latencies):
    """Every kind of key once the overview is loaded; latencies per kind, in ms."""

    def press(kind, data):
        d = t.key(data)
        if d is not None:
            latencies.setdefault(kind, []).append(d * 1000)

    for _ in range(10):
        press("j/k", "j")
    for _ in range(10):
        press("j/k", "k")
    for _ in range(11):  # through every column and back to APP
        press("sort", "s")
        press("sort", "S")
    t.key("/")
    for ch in "fleet-app-00":
        press("filter", ch)
    for _ in range(6):
        press("filter", "\x7f")  # Backspace: a wider filter, matched again over every row
    for _ in range(6):
        press("filter", "\x7f")
    t.key("\r")
    for _ in range(4):
        press("findings", "f")  # the selected row's findings
        press("findings", "j")
        press("findings", "f")  # every row's findings from the selected one down
        press("findings", "j")
        press("findings", "f")  # off


def run_size(binary, base_env, sandbox_cls, tui_cls, apps, runs):
    first, loaded, audits, peak, lat = [], [], [], [], {}
    rows = envs = row_errors = 0
    t_seed = time.perf_counter()
    sb = sandbox_cls(binary, base_env, job_seconds=3, extra=["--demo-apps", str(apps)], demo=False)
    seed_s = time.perf_counter() - t_seed
    try:
        env = sb.env(base_env)
        # Warm-up of both (page cache, the sandbox's SQLite pages); not counted.
        audit_once(binary, sb, env)
        for i in range(runs + 1):
            if i > 0:
                wall, rows, row_errors = audit_once(binary, sb, env)
                audits.append(wall * 1000)
            t = tui_cls(binary, env, ["--endpoint-url", sb.endpoint, "--overview"])
            try:
                # Demo app names are fleet-app-001…; any of them on screen is a row.
                shown = t.wait_for("fleet-app-")
                done = t.wait_for("Loaded: ", timeout=max(120, apps * 0.1))
                text = t.screen.text()
                if i > 0:
                    keys(t, lat)
                hwm = t.hwm_mib()
                t.key("q")
                t.proc.wait(timeout=10)
            finally:
                t.close()
            if i == 0:
                # "Loaded: 1999 of 1999 environments read (1000 apps)"
                line = next(l for l in text.splitlines() if "Loaded: " in l)
                envs = int(line.split("Loaded: ")[1].split()[0])
                continue
            first.append((shown - t.t0) * 1000)
            loaded.append((done - t.t0) * 1000)
            peak.append(hwm)
    finally:
        sb.stop()
    return {
        "apps": apps, "environments": envs, "rows": rows, "row_errors": row_errors, "runs": runs,
        "serve_start_s": seed_s, "audit_ms": audits, "first_rows_ms": first, "loaded_ms": loaded,
        "ratio": statistics.median(loaded) / statistics.median(audits),
        # The fastest of each: what is left when load from other work hits neither.
        "ratio_fastest": min(loaded) / min(audits),
        "keys_ms": lat, "peak_rss_mib": peak,
    }


def run(binary, base_env, sandbox_cls, tui_cls, quick, sizes=SIZES):
    """Returns (raw figures, table rows as (name, target, value, unit, ok, note))."""
    res, out = {}, []
    for apps in sizes:
        runs = (2 if quick else 5) if apps <= 1000 else (1 if quick else 2)
        r = run_size(binary, base_env, sandbox_cls, tui_cls, apps, runs)
        res[f"tui_overview_{apps}"] = r
        name = f"overview, {apps:,} apps / {r['environments']:,} envs"
        a, f, l = (statistics.median(r[k]) for k in ("audit_ms", "first_rows_ms", "loaded_ms"))
        out.append((f"{name}: headless audit", "(yardstick)", a, "ms", None,
                    f"median of {runs}, {min(r['audit_ms']):.0f}–{max(r['audit_ms']):.0f} ms; "
                    f"{r['rows']} rows, {r['row_errors']} with errors; serve up in {r['serve_start_s']:.1f} s"))
        out.append((f"{name}: TUI start → first rows", f"≤ {FIRST_ROWS_MS} ms", f, "ms",
                    f <= FIRST_ROWS_MS, f"median of {runs}, {min(r['first_rows_ms']):.0f}–{max(r['first_rows_ms']):.0f} ms"))
        out.append((f"{name}: TUI all loaded ÷ audit", f"≤ {LOADED_RATIO}×", r["ratio"], "x",
                    r["ratio"] <= LOADED_RATIO,
                    f"loaded in {l:.0f} ms (median of {runs}, {min(r['loaded_ms']):.0f}–{max(r['loaded_ms']):.0f}); "
                    f"fastest ÷ fastest {r['ratio_fastest']:.2f}×"))
        for kind, xs in r["keys_ms"].items():
            p99 = quantile(xs, 0.99)
            out.append((f"{name}: key → frame, {kind}, p99", f"≤ {KEY_P99_MS} ms", p99, "ms",
                        p99 <= KEY_P99_MS, f"n={len(xs)}, p50 {quantile(xs, 0.5):.1f} ms, max {max(xs):.1f} ms"))
        p = max(r["peak_rss_mib"])
        limit = PEAK_MIB.get(apps)
        out.append((f"{name}: TUI peak RSS", f"≤ {limit} MiB" if limit else "(reference)", p, "MiB",
                    p <= limit if limit else None, f"largest of {runs}; loaded, every key above pressed"))
    return res, out
