"""Benchmarks of the TUI's account overview (issue 16); run by scripts/bench_run.py.

`amplify-auth --overview` in a pseudo-terminal against `serve --demo-apps 150`:
- start → the first rows on screen (a frame showing a row of a demo app), target ≤ 300 ms;
- start → every environment read ("Loaded: …" on the progress line), for reference;
- the process's peak RSS (VmHWM) once everything is loaded and the all-findings pane has been
  drawn over every row, target ≤ 40 MiB.
"""

import statistics

APPS = 150
FIRST_ROWS_MS = 300
PEAK_MIB = 40


def run(binary, base_env, sandbox_cls, tui_cls, quick):
    """Returns (raw figures, table rows as (name, target, value, unit, ok, note))."""
    runs = 3 if quick else 7
    first, loaded, peak = [], [], []
    sb = sandbox_cls(binary, base_env, job_seconds=3, extra=["--demo-apps", str(APPS)], demo=False)
    try:
        env = sb.env(base_env)
        for i in range(runs + 1):
            t = tui_cls(binary, env, ["--endpoint-url", sb.endpoint, "--overview"])
            try:
                # Demo app names are fleet-app-001…; any of them on screen is a row.
                shown = t.wait_for("fleet-app-")
                done = t.wait_for("Loaded: ", timeout=120)
                # Draw every finding of every row once, the most the screen ever holds.
                t.key("f")
                t.key("f")
                hwm = t.hwm_mib()
                t.key("q")
                t.proc.wait(timeout=5)
            finally:
                t.close()
            if i == 0:
                continue  # warm-up: page cache, the sandbox's SQLite pages
            first.append((shown - t.t0) * 1000)
            loaded.append((done - t.t0) * 1000)
            peak.append(hwm)
    finally:
        sb.stop()
    f, l, p = statistics.median(first), statistics.median(loaded), max(peak)
    res = {"tui_overview": {"apps": APPS, "runs": runs, "first_rows_ms": first, "loaded_ms": loaded,
                            "peak_rss_mib": peak}}
    rows = [
        (f"TUI overview, {APPS} apps: start → first rows", f"≤ {FIRST_ROWS_MS} ms", f, "ms",
         f <= FIRST_ROWS_MS, f"median of {runs}, {min(first):.0f}–{max(first):.0f} ms"),
        (f"TUI overview, {APPS} apps: start → all loaded", "(reference)", l, "ms", None,
         f"median of {runs}, {min(loaded):.0f}–{max(loaded):.0f} ms"),
        (f"TUI overview, {APPS} apps: peak RSS", f"≤ {PEAK_MIB} MiB", p, "MiB", p <= PEAK_MIB,
         f"largest of {runs}; loaded, all-findings pane drawn"),
    ]
    return res, rows
