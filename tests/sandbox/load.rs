//! The sandbox under concurrent load from many real SDK clients: creates, updates and polls on
//! their own environments and on one they all share. No job may be lost or duplicated, an
//! environment never has two jobs pending, every refusal is a justified pending-job refusal, and
//! every request gets an answer (no dispatch failure, no 5xx).

use crate::support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::update::update_request;
use amplify_auth::sandbox::{self, SandboxHandle, SandboxOptions, StatePath};
use aws_sdk_amplifybackend::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use support::sandbox::convert::{create_config, from_sdk, update_config};
use support::sandbox::*;

type Client = aws_sdk_amplifybackend::Client;

const CLIENTS: usize = 50;
const ROUNDS: usize = 8;
const APP: &str = "dload";
const SHARED: &str = "shared";
const CONTENDED: &str = "contended";
const RESOURCE: &str = "loadauth";
const JOB_MS: u64 = 150;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A config whose verification e-mail subject names the write that set it.
fn config_marked(marker: &str) -> AuthConfig {
    support::sandbox::config_marked("load", marker)
}

/// An acknowledged job: where, which, and the config it carries (auth jobs).
#[derive(Clone, Debug)]
struct Acked {
    env: String,
    job: String,
    op: &'static str,
    marker: Option<String>,
}

/// A pending-job refusal, with the client's clock around it.
#[derive(Clone, Debug)]
struct Refusal {
    env: String,
    sent_ms: i64,
    answered_ms: i64,
}

#[derive(Default)]
struct Tally {
    requests: AtomicUsize,
    acked: Mutex<Vec<Acked>>,
    refusals: Mutex<Vec<Refusal>>,
    /// Anything else that went wrong: a dispatch failure, a timeout, a 5xx, an unexpected error.
    failures: Mutex<Vec<String>>,
    running_seen: Mutex<BTreeMap<usize, usize>>,
}

impl Tally {
    fn fail(&self, what: String) {
        self.failures.lock().unwrap().push(what);
    }
}

/// What went wrong, in words, or `None` for a pending-job refusal.
fn describe<E: ProvideErrorMetadata + std::fmt::Debug>(
    e: &SdkError<E, HttpResponse>,
) -> Option<String> {
    match e {
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            let err = se.err();
            if status == 400
                && err.code() == Some("BadRequestException")
                && err
                    .message()
                    .is_some_and(|m| m.contains("already a pending job"))
            {
                None
            } else {
                Some(format!(
                    "HTTP {status} {:?}: {:?}",
                    err.code(),
                    err.message()
                ))
            }
        }
        other => Some(format!("no answer: {other:?}")),
    }
}

/// Sends a job-starting call and records how it ended.
async fn start_job<O, E: ProvideErrorMetadata + std::fmt::Debug>(
    tally: &Tally,
    env: &str,
    op: &'static str,
    marker: Option<String>,
    refusal_allowed: bool,
    call: impl std::future::Future<Output = Result<O, SdkError<E, HttpResponse>>>,
    job_of: impl Fn(&O) -> Option<&str>,
) -> Option<String> {
    tally.requests.fetch_add(1, Ordering::Relaxed);
    let sent_ms = now_ms();
    let r = call.await;
    let answered_ms = now_ms();
    match r {
        Ok(out) => {
            let job = job_of(&out).map(str::to_string);
            match &job {
                Some(j) => tally.acked.lock().unwrap().push(Acked {
                    env: env.to_string(),
                    job: j.clone(),
                    op,
                    marker,
                }),
                None => tally.fail(format!("{op} on {env}: answered without a job id")),
            }
            job
        }
        Err(e) => {
            match describe(&e) {
                None if refusal_allowed => tally.refusals.lock().unwrap().push(Refusal {
                    env: env.to_string(),
                    sent_ms,
                    answered_ms,
                }),
                None => tally.fail(format!(
                    "{op} on {env}: refused as pending, but it was free"
                )),
                Some(what) => tally.fail(format!("{op} on {env}: {what}")),
            }
            None
        }
    }
}

/// Polls GetBackendJob until the job leaves RUNNING; every poll counts and must succeed.
async fn poll_until_done(c: &Client, tally: &Tally, env: &str, job: &str) {
    for _ in 0..1000 {
        tally.requests.fetch_add(1, Ordering::Relaxed);
        match c
            .get_backend_job()
            .app_id(APP)
            .backend_environment_name(env)
            .job_id(job)
            .send()
            .await
        {
            Ok(out) if out.status() == Some("RUNNING") => {}
            Ok(out) if out.status() == Some("COMPLETED") => return,
            Ok(out) => {
                return tally.fail(format!(
                    "{job} on {env} ended {:?}: {:?}",
                    out.status(),
                    out.error()
                ));
            }
            Err(e) => {
                return tally.fail(format!(
                    "GetBackendJob {job} on {env}: {}",
                    describe(&e).unwrap_or_default()
                ));
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tally.fail(format!("{job} on {env} never finished"));
}

/// ListBackendJobs filtered to RUNNING: never more than one.
async fn check_running(c: &Client, tally: &Tally, env: &str) {
    tally.requests.fetch_add(1, Ordering::Relaxed);
    match c
        .list_backend_jobs()
        .app_id(APP)
        .backend_environment_name(env)
        .status("RUNNING")
        .send()
        .await
    {
        Ok(out) => {
            let n = out.jobs().len();
            *tally.running_seen.lock().unwrap().entry(n).or_default() += 1;
            if n > 1 {
                tally.fail(format!("{n} jobs RUNNING at once on {env}"));
            }
        }
        Err(e) => tally.fail(format!(
            "ListBackendJobs on {env}: {}",
            describe(&e).unwrap_or_default()
        )),
    }
}

async fn update(
    c: &Client,
    tally: &Tally,
    env: &str,
    marker: String,
    refusal_allowed: bool,
) -> Option<String> {
    let cfg = config_marked(&marker);
    start_job(
        tally,
        env,
        "UpdateBackendAuth",
        Some(marker),
        refusal_allowed,
        c.update_backend_auth()
            .app_id(APP)
            .backend_environment_name(env)
            .resource_name(RESOURCE)
            .resource_config(update_config(&update_request(&cfg)))
            .send(),
        |o| o.job_id(),
    )
    .await
}

/// One client: its own environment (created, then an auth created and updated round after
/// round, each job polled to the end), and updates on the shared one between.
async fn client_run(c: Client, i: usize, tally: &Tally, gate: &tokio::sync::Barrier) {
    let own = format!("own{}", letters(format!("{i:02}")));
    gate.wait().await;
    let created = start_job(
        tally,
        &own,
        "CreateBackend",
        None,
        false,
        c.create_backend()
            .app_id(APP)
            .app_name("load")
            .backend_environment_name(&own)
            .send(),
        |o| o.job_id(),
    )
    .await;
    // Everyone tries to create the same environment too: one wins, the rest are told it exists.
    tally.requests.fetch_add(1, Ordering::Relaxed);
    match c
        .create_backend()
        .app_id(APP)
        .app_name("load")
        .backend_environment_name(CONTENDED)
        .send()
        .await
    {
        Ok(out) => tally.acked.lock().unwrap().push(Acked {
            env: CONTENDED.into(),
            job: out.job_id().unwrap_or_default().into(),
            op: "CreateBackend",
            marker: None,
        }),
        Err(SdkError::ServiceError(se))
            if se
                .err()
                .message()
                .is_some_and(|m| m.contains("already exists")) => {}
        Err(e) => tally.fail(format!("CreateBackend {CONTENDED}: {e:?}")),
    }
    let Some(created) = created else { return };
    poll_until_done(&c, tally, &own, &created).await;

    for round in 0..ROUNDS {
        let marker = format!("own{i:02}r{round}");
        let job = if round == 0 {
            let cfg = config_marked(&marker);
            start_job(
                tally,
                &own,
                "CreateBackendAuth",
                Some(marker),
                false,
                c.create_backend_auth()
                    .app_id(APP)
                    .backend_environment_name(&own)
                    .resource_name(RESOURCE)
                    .resource_config(create_config(&cfg))
                    .send(),
                |o| o.job_id(),
            )
            .await
        } else {
            update(&c, tally, &own, marker, false).await
        };
        update(&c, tally, SHARED, format!("c{i:02}r{round}"), true).await;
        check_running(&c, tally, SHARED).await;
        check_running(&c, tally, &own).await;
        match job {
            Some(job) => poll_until_done(&c, tally, &own, &job).await,
            None => return,
        }
    }
}

fn ms(s: Option<&str>) -> i64 {
    s.and_then(|s| s.parse().ok()).expect("a time in ms")
}

async fn file_sandbox(dir: &tempfile::TempDir) -> SandboxHandle {
    sandbox::start(SandboxOptions {
        state: StatePath::File(dir.path().join("load.sqlite3")),
        job_duration: Duration::from_millis(JOB_MS),
        ..Default::default()
    })
    .await
    .expect("sandbox starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_create_update_and_poll_without_losing_or_doubling_a_job() {
    let dir = tempfile::tempdir().unwrap();
    let h = file_sandbox(&dir).await;
    let setup = backend_client(&h);
    seed_app(&h, APP).await;
    let tally = Tally::default();

    // The shared environment starts with an auth resource for everyone to update.
    let created = setup
        .create_backend()
        .app_id(APP)
        .app_name("load")
        .backend_environment_name(SHARED)
        .send()
        .await
        .unwrap();
    wait_job(&setup, APP, SHARED, created.job_id().unwrap()).await;
    let first = config_marked("setup");
    let auth = setup
        .create_backend_auth()
        .app_id(APP)
        .backend_environment_name(SHARED)
        .resource_name(RESOURCE)
        .resource_config(create_config(&first))
        .send()
        .await
        .unwrap();
    wait_job(&setup, APP, SHARED, auth.job_id().unwrap()).await;
    tally.acked.lock().unwrap().extend([
        Acked {
            env: SHARED.into(),
            job: created.job_id().unwrap().into(),
            op: "CreateBackend",
            marker: None,
        },
        Acked {
            env: SHARED.into(),
            job: auth.job_id().unwrap().into(),
            op: "CreateBackendAuth",
            marker: Some("setup".into()),
        },
    ]);

    // Each client on its own task (and its own connection), released together.
    let tally = Arc::new(tally);
    let gate = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let t0 = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (c, tally, gate) = (backend_client(&h), tally.clone(), gate.clone());
            tokio::spawn(async move { client_run(c, i, &tally, &gate).await })
        })
        .collect();
    for t in tasks {
        t.await.expect("a client task panicked");
    }
    let elapsed = t0.elapsed();

    let failures = tally.failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );

    // Every environment once, and each one's jobs exactly the acknowledged ones.
    let acked = tally.acked.lock().unwrap().clone();
    let mut by_env: BTreeMap<String, Vec<Acked>> = BTreeMap::new();
    for a in &acked {
        by_env.entry(a.env.clone()).or_default().push(a.clone());
    }
    assert_eq!(
        by_env[CONTENDED].len(),
        1,
        "one CreateBackend of {CONTENDED} wins"
    );
    let backend = setup.get_backend().app_id(APP).send().await.unwrap();
    let mut envs: Vec<String> = backend.backend_environment_list().to_vec();
    let listed = envs.len();
    envs.sort();
    envs.dedup();
    assert_eq!(envs.len(), listed, "an environment listed twice");
    assert_eq!(
        envs,
        by_env.keys().cloned().collect::<Vec<_>>(),
        "environments"
    );

    let mut jobs_checked = 0;
    for (env, mine) in &by_env {
        // Let the last jobs finish (bounded), then read the whole history.
        let mut history = all_jobs(&setup, APP, env).await;
        for _ in 0..200 {
            if history.iter().all(|j| j.status() != Some("RUNNING")) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
            history = all_jobs(&setup, APP, env).await;
        }
        let ids: Vec<&str> = history.iter().map(|j| j.job_id().unwrap()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate jobs on {env}");
        let expected: HashSet<&str> = mine.iter().map(|a| a.job.as_str()).collect();
        assert_eq!(unique, expected, "jobs of {env}: listed vs acknowledged");
        for j in &history {
            assert_eq!(j.status(), Some("COMPLETED"), "{j:?}");
            let a = mine
                .iter()
                .find(|a| Some(a.job.as_str()) == j.job_id())
                .unwrap();
            assert_eq!(j.operation(), Some(a.op));
        }
        // One at a time: each job started no earlier than the one before it finished.
        let mut timeline: Vec<(i64, i64)> = history
            .iter()
            .map(|j| (ms(j.create_time()), ms(j.update_time())))
            .collect();
        timeline.sort();
        for w in timeline.windows(2) {
            assert!(w[1].0 >= w[0].1, "overlapping jobs on {env}: {w:?}");
        }
        // The data is the newest job's.
        let newest = &history[0];
        let marker = mine
            .iter()
            .find(|a| Some(a.job.as_str()) == newest.job_id())
            .and_then(|a| a.marker.clone());
        if let Some(marker) = marker {
            let got = setup
                .get_backend_auth()
                .app_id(APP)
                .backend_environment_name(env)
                .resource_name(RESOURCE)
                .send()
                .await
                .unwrap();
            assert_eq!(
                from_sdk(got.resource_config().unwrap()),
                config_marked(&marker),
                "{env} holds the last write"
            );
        }
        // Each pending-job refusal happened while a job of this environment was running.
        let spans: Vec<(i64, i64)> = timeline.clone();
        for r in tally
            .refusals
            .lock()
            .unwrap()
            .iter()
            .filter(|r| &r.env == env)
        {
            assert!(
                spans
                    .iter()
                    .any(|(start, end)| *start <= r.answered_ms && *end >= r.sent_ms),
                "refused with no job running on {env}: {r:?}"
            );
        }
        jobs_checked += history.len();
    }

    let refusals = tally.refusals.lock().unwrap().len();
    let shared_updates = by_env[SHARED].len() - 2;
    assert!(shared_updates >= 1);
    assert_eq!(
        shared_updates + refusals,
        CLIENTS * ROUNDS,
        "every shared update either started a job or was refused as pending"
    );
    println!(
        "{CLIENTS} clients: {} requests in {:.2} s, {} jobs acknowledged and found once each in {} environments, \
         {shared_updates} shared updates started and {refusals} refused as pending, RUNNING counts seen {:?}",
        tally.requests.load(Ordering::Relaxed),
        elapsed.as_secs_f64(),
        jobs_checked,
        by_env.len(),
        tally.running_seen.lock().unwrap()
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_clients_poll_one_job_at_once_and_all_get_answers() {
    const POLLERS: usize = 100;
    const POLLS: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let h = file_sandbox(&dir).await;
    let setup = backend_client(&h);
    create_backend(&h, "dpoll", "dev").await;
    h.set_job_duration(Duration::from_millis(400));
    let job = setup
        .create_backend_auth()
        .app_id("dpoll")
        .backend_environment_name("dev")
        .resource_name("pollauth")
        .resource_config(create_config(&config_marked("poll")))
        .send()
        .await
        .unwrap()
        .job_id()
        .unwrap()
        .to_string();

    let gate = tokio::sync::Barrier::new(POLLERS);
    let requests = AtomicUsize::new(0);
    let t0 = Instant::now();
    let seen: Vec<Result<HashMap<String, usize>, String>> =
        futures::future::join_all((0..POLLERS).map(|_| {
            let c = backend_client(&h);
            let (gate, job, requests) = (&gate, &job, &requests);
            async move {
                gate.wait().await;
                let mut statuses: Vec<String> = Vec::new();
                for _ in 0..POLLS {
                    requests.fetch_add(1, Ordering::Relaxed);
                    let out = c
                        .get_backend_job()
                        .app_id("dpoll")
                        .backend_environment_name("dev")
                        .job_id(job)
                        .send()
                        .await
                        .map_err(|e| describe(&e).unwrap_or_else(|| "pending?".into()))?;
                    statuses.push(out.status().unwrap_or_default().to_string());
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                // Once COMPLETED, never RUNNING again.
                if let Some(done) = statuses.iter().position(|s| s == "COMPLETED")
                    && statuses[done..].iter().any(|s| s != "COMPLETED")
                {
                    return Err(format!("status went back: {statuses:?}"));
                }
                let mut counts = HashMap::new();
                for s in statuses {
                    *counts.entry(s).or_insert(0) += 1;
                }
                Ok(counts)
            }
        }))
        .await;
    let elapsed = t0.elapsed();
    let errors: Vec<&String> = seen.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        errors.is_empty(),
        "{} pollers failed: {errors:#?}",
        errors.len()
    );
    let mut total: HashMap<String, usize> = HashMap::new();
    for counts in seen.into_iter().flatten() {
        for (s, n) in counts {
            *total.entry(s).or_default() += n;
        }
    }
    assert_eq!(total.values().sum::<usize>(), POLLERS * POLLS);
    assert!(
        total.keys().all(|s| s == "RUNNING" || s == "COMPLETED"),
        "{total:?}"
    );
    let done = wait_job(&setup, "dpoll", "dev", &job).await;
    assert_eq!(done.status(), Some("COMPLETED"));
    println!(
        "{POLLERS} pollers: {} GetBackendJob requests in {:.2} s, all answered; statuses seen {total:?}",
        requests.load(Ordering::Relaxed),
        elapsed.as_secs_f64()
    );
    h.shutdown().await;
}

/// A number in letters (`0`→`a` … `9`→`j`): environment names must be lower-case letters only
/// (the Amplify CLI's rule, which the sandbox's CreateBackend applies).
fn letters(digits: String) -> String {
    digits
        .chars()
        .map(|d| char::from(b'a' + d.to_digit(10).unwrap_or(0) as u8))
        .collect()
}
