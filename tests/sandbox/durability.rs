//! The sandbox store against kill -9: the real `amplify-auth serve` binary takes a burst of
//! concurrent SDK writes (new environments, auth creates and updates), is killed with SIGKILL in the
//! middle of it, and is restarted on the same state file. Everything it acknowledged must be there,
//! jobs it acknowledged must finish after the restart, and the file must stay sound. Unusable state
//! files must stop `serve` with a clear error and stay untouched.

use crate::support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::update::update_request;
use aws_sdk_amplifybackend::error::{ProvideErrorMetadata, SdkError};
use futures::StreamExt;
use support::sandbox::convert::{create_config, from_sdk, update_config};
use support::sandbox::process::Serve;

type Client = aws_sdk_amplifybackend::Client;

const APP: &str = "dburst";
const RESOURCE: &str = "burstauth";
const JOB_SECONDS: &str = "0.3";
/// A job's run time plus a margin: an environment whose last job started this long ago is free.
const JOB_DONE_AFTER: Duration = Duration::from_millis(360);
const WORKERS: usize = 24;
const ENVS_PER_WORKER: usize = 5;

/// What the test knows about one environment: acknowledged facts only, plus the one request that
/// had been sent without an answer when the server died (it may or may not have been committed).
#[derive(Clone, Debug, Default)]
struct EnvLog {
    /// The CreateBackend job, once acknowledged.
    created: Option<String>,
    /// Acknowledged jobs, oldest first: (job id, operation).
    jobs: Vec<(String, &'static str)>,
    /// The config of the last acknowledged auth job (all of them are meant to complete).
    config: Option<AuthConfig>,
    /// Sent, never answered: (operation, the config it carried).
    in_flight: Option<(&'static str, Option<AuthConfig>)>,
}

#[derive(Default)]
struct Burst {
    requests: AtomicUsize,
    acked: AtomicUsize,
    refused: AtomicUsize,
    killed: AtomicBool,
    unexpected: Mutex<Vec<String>>,
}

/// A config whose verification e-mail subject names the write that set it.
fn config_marked(marker: &str) -> AuthConfig {
    support::sandbox::config_marked("burst", marker)
}

/// How a write ended, as far as the client can tell.
enum Answer {
    Job(String),
    /// The environment still had a job running (the service's own refusal).
    Pending,
    /// Any other service error: a bug.
    Refused(String),
    /// No answer (connection refused, reset or closed): expected only once the server is killed.
    Lost(String),
}

fn answer<O, E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    r: Result<O, SdkError<E, R>>,
    job_id: impl Fn(&O) -> Option<&str>,
) -> Answer {
    match r {
        Ok(out) => match job_id(&out) {
            Some(j) => Answer::Job(j.to_string()),
            None => Answer::Refused("an answer without a job id".into()),
        },
        Err(SdkError::ServiceError(e)) => {
            let e = e.into_err();
            if e.code() == Some("BadRequestException")
                && e.message().is_some_and(|m| m.contains("pending job"))
            {
                Answer::Pending
            } else {
                Answer::Refused(format!("{:?}: {:?}", e.code(), e.message()))
            }
        }
        Err(e) => Answer::Lost(format!("{e:?}")),
    }
}

/// One client writing as fast as its environments allow until the server dies under it.
async fn worker(c: Client, cycle: usize, w: usize, burst: Arc<Burst>) -> BTreeMap<String, EnvLog> {
    let mut envs: BTreeMap<String, EnvLog> = BTreeMap::new();
    let mut last_job: HashMap<String, Instant> = HashMap::new();
    for n in 0.. {
        let marker = format!("c{cycle}w{w}n{n}");
        let ready = last_job
            .iter()
            .filter(|(_, t)| t.elapsed() >= JOB_DONE_AFTER)
            .min_by_key(|(_, t)| **t)
            .map(|(e, _)| e.clone());
        let (env, op) = match ready {
            Some(env) if envs[&env].config.is_some() => (env, "UpdateBackendAuth"),
            Some(env) => (env, "CreateBackendAuth"),
            None if envs.len() < ENVS_PER_WORKER => (
                format!(
                    "c{}w{}e{}",
                    letters(cycle.to_string()),
                    letters(w.to_string()),
                    letters(envs.len().to_string())
                ),
                "CreateBackend",
            ),
            None => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let cfg = (op != "CreateBackend").then(|| config_marked(&marker));
        let log = envs.entry(env.clone()).or_default();
        log.in_flight = Some((op, cfg.clone()));
        burst.requests.fetch_add(1, Ordering::Relaxed);
        let ans = match op {
            "CreateBackend" => answer(
                c.create_backend()
                    .app_id(APP)
                    .app_name("burst")
                    .backend_environment_name(&env)
                    .send()
                    .await,
                |o| o.job_id(),
            ),
            "CreateBackendAuth" => answer(
                c.create_backend_auth()
                    .app_id(APP)
                    .backend_environment_name(&env)
                    .resource_name(RESOURCE)
                    .resource_config(create_config(cfg.as_ref().unwrap()))
                    .send()
                    .await,
                |o| o.job_id(),
            ),
            _ => answer(
                c.update_backend_auth()
                    .app_id(APP)
                    .backend_environment_name(&env)
                    .resource_name(RESOURCE)
                    .resource_config(update_config(&update_request(cfg.as_ref().unwrap())))
                    .send()
                    .await,
                |o| o.job_id(),
            ),
        };
        match ans {
            Answer::Job(job) => {
                burst.acked.fetch_add(1, Ordering::Relaxed);
                log.in_flight = None;
                if op == "CreateBackend" {
                    log.created = Some(job.clone());
                } else {
                    log.config = cfg;
                }
                log.jobs.push((job, op));
                last_job.insert(env, Instant::now());
            }
            Answer::Pending => {
                burst.refused.fetch_add(1, Ordering::Relaxed);
                log.in_flight = None;
                last_job.insert(env, Instant::now());
            }
            Answer::Refused(e) => {
                log.in_flight = None;
                burst
                    .unexpected
                    .lock()
                    .unwrap()
                    .push(format!("{op} on {env}: {e}"));
                break;
            }
            Answer::Lost(e) => {
                if !burst.killed.load(Ordering::SeqCst) {
                    burst
                        .unexpected
                        .lock()
                        .unwrap()
                        .push(format!("{op} on {env} failed before the kill: {e}"));
                }
                break;
            }
        }
    }
    envs
}

#[derive(Debug, Default)]
struct Checked {
    envs: usize,
    jobs: usize,
    running_at_restart: usize,
    in_flight_committed: usize,
    in_flight_not_committed: usize,
}

/// Everything acknowledged so far is there and consistent; the answerless requests are resolved
/// (committed or not) from what the server holds, so later rounds check exactly.
async fn verify(c: &Client, all: &mut BTreeMap<String, EnvLog>) -> Checked {
    let mut checked = Checked::default();
    if all.is_empty() {
        return checked;
    }
    let backend = c
        .get_backend()
        .app_id(APP)
        .send()
        .await
        .expect("the app survives");
    let existing: HashSet<String> = backend.backend_environment_list().iter().cloned().collect();
    // A quick first look at every acknowledged job, before the careful pass below lets time run
    // on: the jobs the kill caught RUNNING are seen so, and must then complete.
    let all_ids: Vec<(String, String)> = all
        .iter()
        .flat_map(|(env, log)| log.jobs.iter().map(move |(j, _)| (env.clone(), j.clone())))
        .collect();
    checked.running_at_restart = futures::stream::iter(all_ids)
        .map(|(env, job)| async move {
            let out = c
                .get_backend_job()
                .app_id(APP)
                .backend_environment_name(env)
                .job_id(job)
                .send()
                .await;
            out.is_ok_and(|o| o.status() == Some("RUNNING"))
        })
        .buffer_unordered(32)
        .filter(|running| std::future::ready(*running))
        .count()
        .await;
    let mut gone = Vec::new();
    for (env, log) in all.iter_mut() {
        if !existing.contains(env) {
            assert!(
                log.created.is_none(),
                "{env} was acknowledged, then lost: {log:?}"
            );
            assert!(matches!(log.in_flight, Some(("CreateBackend", _))));
            checked.in_flight_not_committed += 1;
            gone.push(env.clone());
            continue;
        }
        checked.envs += 1;

        // Each acknowledged job is there and finishes, after the restart if need be.
        for (job, op) in &log.jobs {
            let done = loop {
                let out = c
                    .get_backend_job()
                    .app_id(APP)
                    .backend_environment_name(env)
                    .job_id(job)
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("acknowledged job {job} on {env}: {e:?}"));
                assert_eq!(out.operation(), Some(*op), "{job}");
                if out.status() != Some("RUNNING") {
                    break out;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            assert_eq!(
                done.status(),
                Some("COMPLETED"),
                "{job} on {env}: {:?}",
                done.error()
            );
            checked.jobs += 1;
        }

        // No job lost, none invented: the acknowledged ones, plus at most the answerless one.
        let listed = support::sandbox::all_jobs(c, APP, env).await;
        let ids: Vec<&str> = listed.iter().map(|j| j.job_id().unwrap()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate jobs on {env}: {ids:?}");
        for (job, _) in &log.jobs {
            assert!(unique.contains(job.as_str()), "{job} missing on {env}");
        }
        let extra: Vec<_> = listed
            .iter()
            .filter(|j| {
                !log.jobs
                    .iter()
                    .any(|(id, _)| Some(id.as_str()) == j.job_id())
            })
            .collect();
        match (&log.in_flight, extra.as_slice()) {
            (_, []) => {
                if log.in_flight.is_some() {
                    checked.in_flight_not_committed += 1;
                }
            }
            (Some((op, cfg)), [job]) => {
                // Committed just before the kill, answer lost: it is the newest job.
                assert_eq!(job.operation(), Some(*op));
                assert_eq!(listed[0].job_id(), job.job_id(), "newest first");
                let id = job.job_id().unwrap().to_string();
                let done = support::sandbox::wait_job(c, APP, env, &id).await;
                assert_eq!(done.status(), Some("COMPLETED"), "{:?}", done.error());
                if *op == "CreateBackend" {
                    log.created = Some(id.clone());
                } else {
                    log.config = cfg.clone();
                }
                log.jobs.push((id, op));
                checked.in_flight_committed += 1;
            }
            (_, more) => panic!("jobs nobody asked for on {env}: {more:?} ({log:?})"),
        }
        log.in_flight = None;

        // The data is the last acknowledged write's (or the answerless one's, resolved above).
        let auth = c
            .get_backend_auth()
            .app_id(APP)
            .backend_environment_name(env)
            .resource_name(RESOURCE)
            .send()
            .await;
        match &log.config {
            Some(cfg) => {
                let got = auth.unwrap_or_else(|e| panic!("auth of {env}: {e:?}"));
                assert_eq!(&from_sdk(got.resource_config().unwrap()), cfg, "{env}");
            }
            None => {
                let e = auth.expect_err("no auth was created");
                assert_eq!(e.code(), Some("NotFoundException"), "{env}");
            }
        }
    }
    for env in gone {
        all.remove(&env);
    }
    checked
}

/// `PRAGMA integrity_check` on a copy of the state and its WAL as the kill left them, so the
/// check itself (which replays the WAL) changes nothing the restart will see.
fn integrity_of_copy(state: &Path, scratch: &Path) -> (String, u64) {
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).unwrap();
    let copy = scratch.join("copy.sqlite3");
    std::fs::copy(state, &copy).unwrap();
    let wal = state.with_extension("sqlite3-wal");
    let wal_bytes = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    if wal_bytes > 0 {
        std::fs::copy(&wal, scratch.join("copy.sqlite3-wal")).unwrap();
    }
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (check, wal_bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9_and_nothing_is_corrupted() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("states").join("burst.sqlite3");
    let state_arg = state.to_str().unwrap().to_string();
    let args = [
        "--state",
        &state_arg,
        "--listen",
        "127.0.0.1:0",
        "--job-seconds",
        JOB_SECONDS,
    ];
    // The app exists before the first burst, as the Amplify console would have made it
    // (CreateBackend answers 404 for an app that does not exist).
    let seeding = amplify_auth::sandbox::start(amplify_auth::sandbox::SandboxOptions {
        state: amplify_auth::sandbox::StatePath::File(state.clone()),
        ..Default::default()
    })
    .await
    .expect("the state is created");
    seeding
        .seed_app(APP, "burst")
        .await
        .expect("the app is seeded");
    seeding.shutdown().await;
    let mut all: BTreeMap<String, EnvLog> = BTreeMap::new();
    // Acknowledged writes before each kill: the kill lands at a different point of each burst.
    let kill_after = [150, 500, 300];
    let started = Instant::now();
    let mut totals = (0usize, 0usize, 0usize);
    for (cycle, &target) in kill_after.iter().enumerate() {
        let serve = Serve::start(home.path(), &args).expect("serve starts on the state");
        let checked = verify(&serve.client(), &mut all).await;
        if cycle > 0 {
            println!("restart {cycle}: {checked:?}");
        }

        let burst = Arc::new(Burst::default());
        let t0 = Instant::now();
        let tasks: Vec<_> = (0..WORKERS)
            .map(|w| tokio::spawn(worker(serve.client(), cycle, w, burst.clone())))
            .collect();
        while burst.acked.load(Ordering::Relaxed) < target && tasks.iter().any(|t| !t.is_finished())
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        burst.killed.store(true, Ordering::SeqCst);
        serve.kill9();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let unexpected = burst.unexpected.lock().unwrap().clone();
        assert!(unexpected.is_empty(), "{unexpected:#?}");
        let in_flight = all.values().filter(|l| l.in_flight.is_some()).count();
        let (check, wal_bytes) = integrity_of_copy(&state, &home.path().join("scratch"));
        assert_eq!(check, "ok", "the state as the kill left it");
        let (req, ack, refused) = (
            burst.requests.load(Ordering::Relaxed),
            burst.acked.load(Ordering::Relaxed),
            burst.refused.load(Ordering::Relaxed),
        );
        println!(
            "burst {cycle}: {req} requests, {ack} acknowledged, {refused} pending refusals, {in_flight} unanswered at the kill, {:.2} s, WAL {wal_bytes} bytes",
            t0.elapsed().as_secs_f64()
        );
        assert!(ack >= target, "the burst was cut short: {ack} < {target}");
        totals = (totals.0 + req, totals.1 + ack, totals.2 + in_flight);
    }

    let serve = Serve::start(home.path(), &args).expect("serve starts after the last kill");
    let checked = verify(&serve.client(), &mut all).await;
    println!("final restart: {checked:?}");
    let jobs: usize = all.values().map(|l| l.jobs.len()).sum();
    assert_eq!(checked.jobs + checked.in_flight_committed, jobs);
    let status = serve.terminate();
    assert!(status.success(), "{status:?}");
    let conn = rusqlite::Connection::open(&state).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    println!(
        "kill -9 x{}: {} requests, {} acknowledged, {} unanswered, {} environments and {jobs} jobs checked after each restart, {:.1} s in all",
        kill_after.len(),
        totals.0,
        totals.1,
        totals.2,
        all.len(),
        started.elapsed().as_secs_f64()
    );
}

/// `serve` on a file it cannot use: exit non-zero, a message naming the problem, no export lines,
/// the file byte for byte as it was.
fn refused(home: &Path, file: &Path, expect: &str) {
    let before = std::fs::read(file).unwrap();
    let failed = match Serve::start(home, &["--state", file.to_str().unwrap()]) {
        Ok(s) => panic!("serve started on {}: {}", file.display(), s.stderr()),
        Err(f) => f,
    };
    assert!(!failed.status.success(), "{failed:?}");
    assert!(failed.stderr.contains(expect), "{failed:?}");
    assert!(
        failed.stderr.contains("refusing") || failed.stderr.contains("version"),
        "{failed:?}"
    );
    assert!(!failed.stdout.contains("export"), "{failed:?}");
    assert_eq!(std::fs::read(file).unwrap(), before, "{}", file.display());
}

#[test]
fn serve_refuses_corrupt_foreign_and_newer_state_files_and_leaves_them_alone() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("files");
    std::fs::create_dir_all(&dir).unwrap();

    let random = dir.join("random.bin");
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, &bytes).unwrap();
    refused(
        home.path(),
        &random,
        "is not an amplify-auth sandbox state file",
    );

    let foreign = dir.join("notes.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    drop(conn);
    refused(home.path(), &foreign, "application id");

    // A state written by a later build (its version bumped by hand).
    let newer = dir.join("newer.sqlite3");
    let serve = Serve::start(home.path(), &["--state", newer.to_str().unwrap()]).unwrap();
    assert!(serve.terminate().success());
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'version'", [])
        .unwrap();
    drop(conn);
    refused(home.path(), &newer, "holds sandbox state version 7");
}

/// A number in letters (`0`→`a` … `9`→`j`): environment names must be lower-case letters only
/// (the Amplify CLI's rule, which the sandbox's CreateBackend applies).
fn letters(digits: String) -> String {
    digits
        .chars()
        .map(|d| char::from(b'a' + d.to_digit(10).unwrap_or(0) as u8))
        .collect()
}
