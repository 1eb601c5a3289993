//! The runner: feeds input and effect results to `update`, performs effects as tokio tasks, and
//! draws when something changed. Generic over the terminal backend and the input stream, so tests
//! drive this exact loop with a `TestBackend` and scripted messages.

use std::time::{Duration, Instant};

use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

use crate::aws::{AwsSettings, Clients};
use crate::sandbox::SandboxHandle;
use crate::session::Session;

use super::app::App;
use super::msg::{ConnectTo, Effect, Msg, Problem};
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

/// The channel the current connection's answers come back on.
type Channel = (mpsc::UnboundedSender<Msg>, mpsc::UnboundedReceiver<Msg>);

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
            Some(built) = built_rx.recv() => {
                match connected(&mut link, &mut go, latest_connect, built) {
                    Some((msg, channel)) => {
                        if let Some(channel) = channel {
                            (ctx_tx, crx) = channel;
                        }
                        msg
                    }
                    None => continue,
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

/// A connection built in a task. The latest one asked for replaces the clients (and the
/// sandbox, which stops) and gets a new channel for its answers, so answers from the previous
/// account are dropped; one superseded by a later choice is stopped (`None`).
fn connected(
    link: &mut Link,
    go: &mut Go,
    latest: u64,
    (generation, result): Built,
) -> Option<(Msg, Option<Channel>)> {
    match result {
        Ok(session) if generation == latest => {
            let old = std::mem::replace(&mut link.sandbox, session.sandbox);
            if let Some(h) = old {
                tokio::spawn(h.shutdown());
            }
            link.clients = Some(session.clients);
            go.clients = link.clients.clone();
            let msg = Msg::Connected {
                generation,
                result: Ok(session.info),
            };
            Some((msg, Some(mpsc::unbounded_channel::<Msg>())))
        }
        Ok(session) => {
            if let Some(h) = session.sandbox {
                tokio::spawn(h.shutdown());
            }
            None
        }
        // The current connection stays, and its channel with it.
        Err(p) => Some((
            Msg::Connected {
                generation,
                result: Err(p),
            },
            None,
        )),
    }
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
            // The request goes out only once the draft naming it is on disk.
            Effect::SubmitAfterDraft { dir, draft, submit } => {
                let written = drafts.save_acked(dir, draft);
                match &self.clients {
                    Some(c) => {
                        let (c, tx) = (c.clone(), ctx_tx.clone());
                        tokio::spawn(async move {
                            let _ = written.await;
                            super::calls::perform(*submit, &c, &tx);
                        });
                    }
                    None => tracing::warn!("no connection yet; submit dropped"),
                }
            }
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
                Some(c) => super::calls::perform(fx, c, ctx_tx),
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
