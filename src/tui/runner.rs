//! The runner: feeds input and effect results to `update`, performs effects as tokio tasks, and
//! draws when something changed. Generic over the terminal backend and the input stream, so tests
//! drive this exact loop with a `TestBackend` and scripted messages.

use std::time::{Duration, Instant};

use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

use std::sync::Arc;

use crate::aws::overview::throttled;
use crate::aws::progress::{AttemptSink, report_attempts};
use crate::aws::{AwsSettings, Clients};
use crate::sandbox::SandboxHandle;
use crate::session::Session;

use super::app::App;
use super::msg::{ConnectTo, Effect, Msg, Problem, Request, Target};
use super::overview_task::OverviewTask;
use super::update::{init, update};
use super::view::render;
use super::wizard::draft_store::Writer;

/// How often the screen refreshes while something animates (a job is running). Idle: never.
const TICK: Duration = Duration::from_millis(100);
/// While messages keep coming (an account's overview streaming in), the screen is drawn at most
/// this often; what arrives between two frames is taken in first (one 60 Hz frame).
const FRAME: Duration = Duration::from_micros(16_667);

pub async fn run<B, S>(
    terminal: &mut Terminal<B>,
    app: App,
    input: S,
    clients: Clients,
) -> color_eyre::Result<App>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = Msg> + Unpin,
{
    run_observed(terminal, app, input, clients, |_, _| {}).await
}

/// [`run`], calling `observe` with the model and the terminal after every update and draw; tests
/// use it to wait for a state ("the job pane shows COMPLETED") while driving the real loop.
pub async fn run_observed<B, S, O>(
    terminal: &mut Terminal<B>,
    app: App,
    input: S,
    clients: Clients,
    observe: O,
) -> color_eyre::Result<App>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = Msg> + Unpin,
    O: FnMut(&App, &Terminal<B>),
{
    let link = Link {
        clients: Some(clients),
        sandbox: None,
        base: AwsSettings::default(),
    };
    run_linked(terminal, app, input, link, observe).await
}

/// What the runner connects with: the clients (none yet when the app starts on the setup
/// screen), the embedded sandbox they talk to if any (stopped when replaced or at the end), and
/// the settings every new connection starts from (`--endpoint-url`, `--ca-bundle`, timeouts).
pub struct Link {
    pub clients: Option<Clients>,
    pub sandbox: Option<SandboxHandle>,
    pub base: AwsSettings,
}

/// A connection the user asked for, built in a task and handed back to the loop.
type Built = (u64, Result<Session, Problem>);

/// [`run_observed`] with a [`Link`]: the loop that can replace its clients (`Effect::Connect`).
pub async fn run_linked<B, S, O>(
    terminal: &mut Terminal<B>,
    mut app: App,
    input: S,
    mut link: Link,
    mut observe: O,
) -> color_eyre::Result<App>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = Msg> + Unpin,
    O: FnMut(&App, &Terminal<B>),
{
    let start = Instant::now();
    // Drafts, profiles and connection answers: these outlive a connection.
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    // Answers of calls made with the current clients. Replaced with the clients, so answers from
    // the previous account are dropped instead of reaching the screen.
    let (mut ctx_tx, mut crx) = mpsc::unbounded_channel::<Msg>();
    let (built_tx, mut built_rx) = mpsc::unbounded_channel::<Built>();
    let mut latest_connect = 0u64;
    let drafts = Writer::spawn(tx.clone());
    let mut overview = OverviewTask::default();
    let test_crash = test_crash_mode();
    let mut input = input.fuse();
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    let mut go = Go {
        clients: link.clients.clone(),
        tx: tx.clone(),
        built: built_tx,
        base: link.base.clone(),
    };
    for fx in init(&mut app) {
        go.perform(fx, &ctx_tx, &drafts, &mut latest_connect, &mut overview);
    }
    terminal.draw(|f| render(&app, f))?;
    let mut drawn = Instant::now();
    super::user_files::links_after_draw(&app);
    observe(&app, terminal);
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let msg = tokio::select! {
            biased;
            Some((generation, result)) = built_rx.recv() => {
                match result {
                    Ok(session) if generation == latest_connect => {
                        let old = std::mem::replace(&mut link.sandbox, session.sandbox);
                        if let Some(h) = old {
                            tokio::spawn(h.shutdown());
                        }
                        link.clients = Some(session.clients);
                        go.clients = link.clients.clone();
                        (ctx_tx, crx) = mpsc::unbounded_channel::<Msg>();
                        Msg::Connected { generation, result: Ok(session.info) }
                    }
                    // Superseded by a later choice: its sandbox, if any, stops.
                    Ok(session) => {
                        if let Some(h) = session.sandbox {
                            tokio::spawn(h.shutdown());
                        }
                        continue;
                    }
                    Err(p) => Msg::Connected { generation, result: Err(p) },
                }
            }
            Some(msg) = rx.recv() => msg,
            Some(msg) = crx.recv() => msg,
            msg = input.next() => match msg {
                Some(m) => m,
                None => break,
            },
            _ = tick.tick(), if app.animating() => Msg::Tick,
        };
        if let (Some(mode), Msg::Key(k)) = (&test_crash, &msg)
            && k.code == crossterm::event::KeyCode::F(12)
        {
            crash_for_test(mode)?;
        }
        app.now_ms = start.elapsed().as_millis() as u64;
        app.wall_now = Some(std::time::SystemTime::now());
        for fx in update(&mut app, msg) {
            go.perform(fx, &ctx_tx, &drafts, &mut latest_connect, &mut overview);
        }
        if app.quit {
            break;
        }
        // Draw once per burst: when more messages are already queued (on either channel), they
        // come first, unless a frame's time has passed since the last draw.
        if (rx.is_empty() && crx.is_empty()) || drawn.elapsed() >= FRAME {
            terminal.draw(|f| render(&app, f))?;
            drawn = Instant::now();
            super::user_files::links_after_draw(&app);
        }
        observe(&app, terminal);
    }
    // The last draft is on disk before the app exits.
    drafts.finish().await;
    if let Some(h) = link.sandbox {
        h.shutdown().await;
    }
    Ok(app)
}

/// The SDK's retries during a job pane's calls come back as messages for that pane.
fn attempts_to(tx: &mpsc::UnboundedSender<Msg>, generation: u64) -> AttemptSink {
    let tx = tx.clone();
    Arc::new(move |note| {
        let _ = tx.send(Msg::Attempt { generation, note });
    })
}

/// A hidden hook for the tests that prove the terminal is restored on a crash: with
/// `AMPLIFY_AUTH_TEST_PANIC` set, F12 panics in the main loop (`1`), panics in a spawned task
/// (`task`), or makes the runner return an error (`error`). Unset, F12 does nothing.
const TEST_CRASH_VAR: &str = "AMPLIFY_AUTH_TEST_PANIC";

/// Debug builds only (what `cargo test` runs, PTY tests included, which start the binary): a
/// release build has no hook, whatever its environment says.
#[cfg(debug_assertions)]
fn test_crash_mode() -> Option<String> {
    std::env::var(TEST_CRASH_VAR).ok()
}

#[cfg(not(debug_assertions))]
fn test_crash_mode() -> Option<String> {
    None
}

fn crash_for_test(mode: &str) -> color_eyre::Result<()> {
    match mode {
        "task" => {
            tokio::spawn(async { panic!("test panic in a task ({TEST_CRASH_VAR}=task)") });
            Ok(())
        }
        "error" => Err(color_eyre::eyre::eyre!(
            "test error ({TEST_CRASH_VAR}=error)"
        )),
        _ => panic!("test panic ({TEST_CRASH_VAR}={mode})"),
    }
}

/// What effects run with: the current clients and the channels answers go back on.
struct Go {
    clients: Option<Clients>,
    /// For answers that outlive a connection (profiles).
    tx: mpsc::UnboundedSender<Msg>,
    built: mpsc::UnboundedSender<Built>,
    base: AwsSettings,
}

impl Go {
    fn perform(
        &self,
        fx: Effect,
        ctx_tx: &mpsc::UnboundedSender<Msg>,
        drafts: &Writer,
        latest_connect: &mut u64,
        overview: &mut OverviewTask,
    ) {
        match fx {
            Effect::Connect { generation, to } => {
                *latest_connect = generation;
                let (built, base) = (self.built.clone(), self.base.clone());
                tokio::spawn(async move {
                    let _ = built.send((generation, open(to, base).await));
                });
            }
            Effect::ListProfiles => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = crate::aws::list_profiles().await.map_err(|e| e.to_string());
                    let _ = tx.send(Msg::ProfilesListed(result));
                });
            }
            Effect::SaveDraft { dir, draft } => drafts.save(dir, draft),
            Effect::DeleteDraft { dir, id } => drafts.delete(dir, id),
            // The overview's loader runs until it ends or is stopped; its rows go back on the
            // current connection's channel, so a switch of account drops them.
            Effect::StopOverview { generation } => overview.stop(generation),
            Effect::LoadOverview {
                generation,
                request,
            } => match &self.clients {
                Some(c) => overview.start(generation, c.clone(), request, ctx_tx.clone()),
                None => tracing::warn!("no connection yet; overview not loaded"),
            },
            // The user's own files and clipboard need no connection.
            Effect::WriteFile {
                path,
                text,
                overwrite,
            } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let outcome = super::user_files::write(&path, &text, overwrite).await;
                    let _ = tx.send(Msg::FileWritten { path, outcome });
                });
            }
            Effect::WriteProjectFiles { files } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    for (path, text, overwrite) in files {
                        let outcome = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
                            Some(dir) => match tokio::fs::create_dir_all(dir).await {
                                Ok(()) => super::user_files::write(&path, &text, overwrite).await,
                                Err(e) => super::msg::WriteOutcome::Failed(e.to_string()),
                            },
                            None => super::user_files::write(&path, &text, overwrite).await,
                        };
                        let _ = tx.send(Msg::FileWritten { path, outcome });
                    }
                });
            }
            // In this task, not a spawned one: the OSC 52 sequence goes to the terminal between
            // two draws, never inside one.
            Effect::Copy { label, text } => {
                let _ = self
                    .tx
                    .send(Msg::Copied(super::user_files::copy(&label, &text)));
            }
            // Calls on the service need clients; the setup screen asks for none before it has
            // them.
            fx => match &self.clients {
                Some(c) => perform(fx, c, ctx_tx),
                None => tracing::warn!(?fx, "no connection yet; effect dropped"),
            },
        }
    }
}

/// Builds the connection the user picked: the embedded sandbox, or a profile and region on top
/// of the start's settings.
async fn open(to: ConnectTo, base: AwsSettings) -> Result<Session, Problem> {
    match to {
        ConnectTo::Sandbox => crate::session::embedded_sandbox()
            .await
            .map_err(|e| Problem {
                message: format!("the sandbox could not start: {e}"),
                exit_code: crate::exit_code::OTHER,
            }),
        ConnectTo::Aws { profile, region } => {
            let settings = AwsSettings {
                profile,
                region,
                ..base
            };
            crate::session::connect(&settings)
                .await
                .map_err(|p| Problem {
                    message: p.to_string(),
                    exit_code: p.exit_code(),
                })
        }
    }
}

/// Runs one call on the service in its own task; its result comes back as a message.
fn perform(fx: Effect, clients: &Clients, tx: &mpsc::UnboundedSender<Msg>) {
    let c = clients.clone();
    let tx = tx.clone();
    match fx {
        Effect::Quit
        | Effect::SaveDraft { .. }
        | Effect::DeleteDraft { .. }
        | Effect::Connect { .. }
        | Effect::ListProfiles
        | Effect::LoadOverview { .. }
        | Effect::StopOverview { .. }
        | Effect::WriteFile { .. }
        | Effect::WriteProjectFiles { .. }
        | Effect::Copy { .. } => {}
        Effect::LoadAccount => {
            tokio::spawn(async move {
                let result = c
                    .caller_identity()
                    .await
                    .map(|id| id.account)
                    .map_err(|e| crate::aws::sanitize_text(&e.to_string()));
                let _ = tx.send(Msg::AccountLoaded(result));
            });
        }
        Effect::LoadApps => {
            tokio::spawn(async move {
                let result = throttled(|| c.list_apps()).await.map(|apps| {
                    apps.into_iter()
                        .map(|mut a| {
                            a.app_id = for_screen(&a.app_id);
                            a
                        })
                        .collect()
                });
                let _ = tx.send(Msg::AppsLoaded(result));
            });
        }
        Effect::LoadEnvs { app_id } => {
            tokio::spawn(async move {
                let result = throttled(|| c.get_backend(&app_id, None))
                    .await
                    .map(|b| b.environments.iter().map(|e| for_screen(e)).collect());
                let _ = tx.send(Msg::EnvsLoaded { app_id, result });
            });
        }
        Effect::ReadKeyFile { path } => {
            tokio::spawn(async move {
                let result = read_bounded(&path).await;
                let _ = tx.send(Msg::KeyFileRead { path, result });
            });
        }
        Effect::Submit {
            generation,
            target:
                Target {
                    app_id,
                    env,
                    resource,
                },
            request,
        } => {
            let sink = attempts_to(&tx, generation);
            tokio::spawn(async move {
                let call = async move {
                    match *request {
                        Request::Create(cfg) => {
                            match c.existing_auth(&app_id, &env).await {
                                Ok(Some(name)) => {
                                    return Err(one_auth_refusal("CreateBackendAuth", &env, &name));
                                }
                                Ok(None) => {}
                                Err(e) => return Err(not_checked("CreateBackendAuth", &env, e)),
                            }
                            c.create_auth(&app_id, &env, &resource, &cfg).await
                        }
                        Request::Update(cfg) => {
                            // Never revert unseen a change made to the live pool outside
                            // Amplify (issue 26): such an update is not sent, each member named.
                            if let Some(e) =
                                Box::pin(live_refusal(&c, &app_id, &env, &resource, &cfg)).await
                            {
                                return Err(e);
                            }
                            c.update_auth(&app_id, &env, &resource, &cfg).await
                        }
                        Request::Delete => c.delete_auth(&app_id, &env, &resource).await,
                        Request::Import {
                            user_pool_id,
                            web_client_id,
                            native_client_id,
                            identity_pool_id,
                        } => {
                            match c.existing_auth(&app_id, &env).await {
                                Ok(Some(name)) => {
                                    return Err(one_auth_refusal("ImportBackendAuth", &env, &name));
                                }
                                Ok(None) => {}
                                Err(e) => return Err(not_checked("ImportBackendAuth", &env, e)),
                            }
                            c.import_auth(
                                &app_id,
                                &env,
                                &user_pool_id,
                                &web_client_id,
                                &native_client_id,
                                identity_pool_id.as_deref(),
                            )
                            .await
                        }
                        Request::CreateBackend { app_name } => {
                            c.create_backend(&app_id, &app_name, &env).await
                        }
                        Request::CloneBackend { from } => {
                            c.clone_backend(&app_id, &from, &env).await
                        }
                    }
                };
                let result = report_attempts(sink, call).await;
                let _ = tx.send(Msg::Submitted { generation, result });
            });
        }
        Effect::PollJob {
            generation,
            app_id,
            env,
            job_id,
            after,
        } => {
            let sink = attempts_to(&tx, generation);
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                // The receiver is gone when the app quit; nothing to do then.
                if tx.is_closed() {
                    return;
                }
                let result = report_attempts(sink, c.get_job(&app_id, &env, &job_id)).await;
                let _ = tx.send(Msg::JobPolled { generation, result });
            });
        }
        Effect::LoadBackend {
            generation,
            app_id,
            env,
        } => {
            tokio::spawn(async move {
                let result = throttled(|| c.get_backend(&app_id, env.as_deref()))
                    .await
                    .map(|mut b| {
                        b.app_id = for_screen(&b.app_id);
                        b.app_name = for_screen(&b.app_name);
                        b.env = b.env.as_deref().map(for_screen);
                        b.environments = b.environments.iter().map(|e| for_screen(e)).collect();
                        for r in &mut b.auth_resources {
                            r.name = for_screen(&r.name);
                        }
                        b
                    });
                let _ = tx.send(Msg::BackendLoaded { generation, result });
            });
        }
        Effect::LoadAuth {
            generation,
            target:
                Target {
                    app_id,
                    env,
                    resource,
                },
        } => {
            tokio::spawn(async move {
                let result = throttled(|| c.get_auth(&app_id, &env, &resource)).await;
                let _ = tx.send(Msg::AuthLoaded { generation, result });
            });
        }
        Effect::LoadLive { generation, meta } => {
            tokio::spawn(async move {
                let live = Box::new(c.read_live_pool(&meta).await);
                let _ = tx.send(Msg::LiveLoaded { generation, live });
            });
        }
        Effect::LoadJobs {
            generation,
            app_id,
            env,
        } => {
            tokio::spawn(async move {
                let all = Default::default();
                let result = throttled(|| c.list_jobs(&app_id, &env, &all))
                    .await
                    .map(|jobs| {
                        jobs.into_iter()
                            .map(|mut j| {
                                j.app_id = for_screen(&j.app_id);
                                j.env = for_screen(&j.env);
                                j.job_id = for_screen(&j.job_id);
                                j
                            })
                            .collect()
                    });
                let _ = tx.send(Msg::JobsLoaded { generation, result });
            });
        }
        Effect::ReadBeforeSend { generation, target } => {
            read_auth(c, tx, generation, target, |generation, result| {
                Msg::ReadBeforeSend { generation, result }
            })
        }
        Effect::VerifyAuth { generation, target } => {
            read_auth(c, tx, generation, target, |generation, result| {
                Msg::Verified { generation, result }
            })
        }
    }
}

/// Reads one auth resource for the job pane (before a whole-state submit, or to verify a job),
/// its retries shown in the pane; `answer` says which message carries the result.
fn read_auth(
    c: Clients,
    tx: mpsc::UnboundedSender<Msg>,
    generation: u64,
    target: Target,
    answer: fn(u64, Result<crate::domain::AuthConfig, crate::aws::ApiError>) -> Msg,
) {
    let sink = attempts_to(&tx, generation);
    tokio::spawn(async move {
        let Target {
            app_id,
            env,
            resource,
        } = target;
        let read = throttled(|| c.get_auth(&app_id, &env, &resource));
        let result = report_attempts(sink, read).await;
        let _ = tx.send(answer(generation, result));
    });
}

async fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    // The domain's bounded reader: refuses big files from their metadata and bounds the read too.
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        crate::domain::apple_key::read_p8_file(&path)
            .map(|b| b.to_vec())
            .map_err(|e| e.problem())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// A create or import whose "environment already has auth" check could not be answered (after
/// waiting throttling out): not sent, since the job would FAIL wherever there is auth.
fn not_checked(
    operation: &'static str,
    env: &str,
    e: crate::aws::ApiError,
) -> crate::aws::ApiError {
    crate::aws::ApiError::new(
        operation,
        crate::aws::ErrorKind::Other,
        format!(
            "not sent: could not check whether environment {env} already has auth (one per environment): {}",
            crate::aws::sanitize_text(&e.to_string())
        ),
    )
}

/// A create or import where the environment already has auth (`Clients::existing_auth`): not
/// sent, and the job pane says why and the way on, instead of a job that would FAIL later.
/// The refusal of an update that would set back members changed in the live Cognito pool outside
/// Amplify: the record and the meta are read, then the live pool, and the update applied to the
/// record is compared with both. `None` when nothing would be reverted, or when the live pool
/// could not be read (the TUI then sends as before; the headless commands refuse instead).
async fn live_refusal(
    c: &Clients,
    app_id: &str,
    env: &str,
    resource: &str,
    update: &crate::domain::update::UpdateAuthConfig,
) -> Option<crate::aws::ApiError> {
    use crate::domain::drift;
    let (record, backend) = tokio::join!(
        c.get_auth(app_id, env, resource),
        c.get_backend(app_id, Some(env))
    );
    let record = record.ok()?;
    let meta = backend
        .ok()?
        .auth_resources
        .into_iter()
        .find(|r| r.name == resource)?;
    let live = c.read_live_pool(&meta).await;
    let edited = crate::domain::update::apply_update(&record, update);
    let found = drift::conflicts(&record, &edited, &live);
    if found.is_empty() {
        return None;
    }
    let members: Vec<String> = found
        .iter()
        .map(|x| {
            format!(
                "{}: live {} (the record says {}), the update sets {}",
                x.path,
                drift::show(&x.live),
                drift::show(&x.record),
                drift::show(&x.update)
            )
        })
        .collect();
    Some(crate::aws::ApiError::new(
        "UpdateBackendAuth",
        crate::aws::ErrorKind::Other,
        format!(
            "not sent: the update would revert what was changed in the live Cognito pool outside Amplify. {}. To keep the live values, set those fields to them in the form; to revert them, run `amplify-auth update --overwrite-live`.",
            members.join("; ")
        ),
    ))
}

fn one_auth_refusal(operation: &'static str, env: &str, existing: &str) -> crate::aws::ApiError {
    crate::aws::ApiError::new(
        operation,
        crate::aws::ErrorKind::Other,
        format!(
            "not sent: environment {env} already has auth resource {existing} (one per environment). Open it from the environment screen to change it, or delete it first."
        ),
    )
}

/// Identifiers come from the service exactly (`aws` keeps them, so headless commands use the real
/// name); the screens still get them with whole escape sequences removed, as before issue 24, since
/// ratatui drops only the control characters and would leave the rest of a sequence on screen.
fn for_screen(s: &str) -> String {
    crate::aws::sanitize_text(s)
}
