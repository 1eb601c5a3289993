//! Load generator for the sandbox (issue 8): concurrent SDK clients on loopback, each with its own
//! connection pool, measuring throughput and latency percentiles. Bounded in time and count.
//!
//! ```text
//! amplify-auth serve --demo --state :memory: > /tmp/sandbox.env &   # or any running sandbox
//! sleep 1; eval "$(cat /tmp/sandbox.env)"
//! cargo run --release --example loadgen -- get-auth --clients 8 --seconds 5
//! cargo run --release --example loadgen -- poll-jobs --clients 100 --polls 20
//! ```
//!
//! Endpoint and credentials come from the export lines (`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`); `--in-process` starts a sandbox inside this process
//! instead. Prints one JSON object on stdout for scripts.
//!
//! - `get-auth`: signed GetBackendAuth of the demo resource, back to back, for `--seconds` (or
//!   `--max-requests` in all).
//! - `poll-jobs`: starts one job (CreateBackend of a new environment of the demo app), then every
//!   client polls GetBackendJob `--polls` times, `--interval-ms` apart, all at once.

use std::time::{Duration, Instant};

use amplify_auth::aws::{self, Clients};
use amplify_auth::sandbox::{self, SandboxOptions, StatePath, demo};

struct Args {
    mode: String,
    clients: usize,
    seconds: f64,
    max_requests: u64,
    polls: u32,
    interval_ms: u64,
    in_process: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        mode: it
            .next()
            .ok_or("usage: loadgen get-auth|poll-jobs [options]")?,
        clients: 8,
        seconds: 5.0,
        max_requests: 500_000,
        polls: 20,
        interval_ms: 50,
        in_process: false,
    };
    while let Some(flag) = it.next() {
        if flag == "--in-process" {
            a.in_process = true;
            continue;
        }
        let v = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {v}: {e}");
        match flag.as_str() {
            "--clients" => a.clients = v.parse().map_err(|e| bad(&e))?,
            "--seconds" => a.seconds = v.parse().map_err(|e| bad(&e))?,
            "--max-requests" => a.max_requests = v.parse().map_err(|e| bad(&e))?,
            "--polls" => a.polls = v.parse().map_err(|e| bad(&e))?,
            "--interval-ms" => a.interval_ms = v.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if a.clients == 0 || a.clients > 1000 || !(0.1..=120.0).contains(&a.seconds) {
        return Err("--clients must be 1..=1000 and --seconds 0.1..=120".into());
    }
    Ok(a)
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set (eval the sandbox's export lines)"))
}

/// Latencies in microseconds, sorted; the value at quantile `q`.
fn pct(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[derive(Default)]
struct Tally {
    lat_us: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.lat_us.extend(o.lat_us);
        self.errors += o.errors;
        if self.first_error.is_none() {
            self.first_error = o.first_error;
        }
    }
}

async fn get_auth(a: &Args, make: &dyn Fn() -> Clients) -> (Tally, f64) {
    let deadline = Instant::now() + Duration::from_secs_f64(a.seconds);
    let per_client = a.max_requests / a.clients as u64 + 1;
    let start = Instant::now();
    let tasks: Vec<_> = (0..a.clients)
        .map(|_| {
            let c = make();
            tokio::spawn(async move {
                let mut t = Tally {
                    lat_us: Vec::with_capacity(65_536),
                    ..Tally::default()
                };
                for _ in 0..per_client {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let s = Instant::now();
                    let r = c
                        .get_auth(demo::DEMO_APP_ID, "staging", demo::DEMO_AUTH_RESOURCE)
                        .await;
                    t.lat_us.push(s.elapsed().as_micros() as u64);
                    if let Err(e) = r {
                        t.errors += 1;
                        t.first_error.get_or_insert_with(|| e.to_string());
                    }
                }
                t
            })
        })
        .collect();
    let mut all = Tally::default();
    for t in tasks {
        all.merge(t.await.expect("client task"));
    }
    (all, start.elapsed().as_secs_f64())
}

async fn poll_jobs(a: &Args, make: &dyn Fn() -> Clients) -> Result<(Tally, f64), String> {
    let starter = make();
    // A new environment per run, so the job always starts, also against a long-lived sandbox.
    let env_name = format!("lg{}", std::process::id());
    let job = starter
        .create_backend(demo::DEMO_APP_ID, demo::DEMO_APP_NAME, &env_name)
        .await
        .map_err(|e| format!("could not start a job: {e}"))?;
    let job_id = job.job_id.ok_or("the job has no id")?;
    let start = Instant::now();
    let tasks: Vec<_> = (0..a.clients)
        .map(|_| {
            let c = make();
            let (job_id, env_name) = (job_id.clone(), env_name.clone());
            let (polls, every) = (a.polls, Duration::from_millis(a.interval_ms));
            tokio::spawn(async move {
                let mut t = Tally::default();
                for _ in 0..polls {
                    let s = Instant::now();
                    let r = c.get_job(demo::DEMO_APP_ID, &env_name, &job_id).await;
                    t.lat_us.push(s.elapsed().as_micros() as u64);
                    if let Err(e) = r {
                        t.errors += 1;
                        t.first_error.get_or_insert_with(|| e.to_string());
                    }
                    tokio::time::sleep(every).await;
                }
                t
            })
        })
        .collect();
    let mut all = Tally::default();
    for t in tasks {
        all.merge(t.await.expect("client task"));
    }
    Ok((all, start.elapsed().as_secs_f64()))
}

fn main() {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let code = rt.block_on(async {
        let (endpoint, key, secret, region, handle) = if a.in_process {
            let h = sandbox::start(SandboxOptions {
                state: StatePath::Memory,
                demo: true,
                ..SandboxOptions::default()
            })
            .await
            .expect("sandbox starts");
            (
                h.endpoint.clone(),
                h.access_key_id.clone(),
                h.secret_access_key.clone(),
                h.region.clone(),
                Some(h),
            )
        } else {
            match (|| {
                Ok::<_, String>((
                    env("AWS_ENDPOINT_URL")?,
                    env("AWS_ACCESS_KEY_ID")?,
                    env("AWS_SECRET_ACCESS_KEY")?,
                    env("AWS_REGION")?,
                ))
            })() {
                Ok((e, k, s, r)) => (e, k, s, r, None),
                Err(e) => {
                    eprintln!("loadgen: {e}");
                    return 2;
                }
            }
        };
        if !endpoint.starts_with("http://127.") && !endpoint.starts_with("http://localhost") {
            eprintln!("loadgen: only loopback endpoints, not {endpoint}");
            return 2;
        }
        let make = || {
            aws::clients_from_static(&endpoint, &key, &secret, &region, aws::Timeouts::default())
        };
        let result = match a.mode.as_str() {
            "get-auth" => Ok(get_auth(&a, &make).await),
            "poll-jobs" => poll_jobs(&a, &make).await,
            m => Err(format!("unknown mode {m}")),
        };
        if let Some(h) = handle {
            h.shutdown().await;
        }
        match result {
            Ok((mut t, secs)) => {
                t.lat_us.sort_unstable();
                let n = t.lat_us.len();
                let out = serde_json::json!({
                    "mode": a.mode,
                    "clients": a.clients,
                    "requests": n,
                    "errors": t.errors,
                    "seconds": secs,
                    "rps": n as f64 / secs,
                    "p50_ms": pct(&t.lat_us, 0.5),
                    "p90_ms": pct(&t.lat_us, 0.9),
                    "p99_ms": pct(&t.lat_us, 0.99),
                    "max_ms": pct(&t.lat_us, 1.0),
                    "first_error": t.first_error,
                });
                println!("{out}");
                i32::from(t.errors > 0)
            }
            Err(e) => {
                eprintln!("loadgen: {e}");
                1
            }
        }
    });
    std::process::exit(code);
}
