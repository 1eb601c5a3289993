//! Drives the real runner loop in-process: keys go in through a channel, the model's state comes
//! out through a watch channel after every update, and the test waits for what it expects.
#![allow(dead_code)]

use std::time::Duration;

use amplify_auth::aws::Clients;
use amplify_auth::tui::app::App;
use amplify_auth::tui::msg::Msg;
use amplify_auth::tui::runner::run_observed;
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::{mpsc, watch};

pub struct Driver {
    keys: mpsc::UnboundedSender<Msg>,
    state: watch::Receiver<(String, String)>,
    task: tokio::task::JoinHandle<App>,
}

/// Renders the test terminal's buffer as text.
pub fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

impl Driver {
    /// Starts the runner; `describe` turns the model into a string tests match against.
    pub fn start(app: App, clients: Clients, describe: fn(&App) -> String) -> Driver {
        let (ktx, krx) = mpsc::unbounded_channel::<Msg>();
        let (stx, srx) = watch::channel((String::new(), String::new()));
        let task = tokio::spawn(async move {
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            let input = tokio_stream_from(krx);
            run_observed(&mut terminal, app, input, clients, move |app, t| {
                let _ = stx.send((describe(app), screen_text(t)));
            })
            .await
            .expect("runner ends cleanly")
        });
        Driver {
            keys: ktx,
            state: srx,
            task,
        }
    }

    pub fn key(&self, k: KeyEvent) {
        self.keys.send(Msg::Key(k)).expect("runner alive");
    }

    pub fn keys(&self, ks: &[KeyEvent]) {
        for k in ks {
            self.key(*k);
        }
    }

    pub fn paste(&self, text: &str) {
        self.keys
            .send(Msg::Paste(text.to_string()))
            .expect("runner alive");
    }

    pub fn type_text(&self, s: &str) {
        for c in s.chars() {
            self.key(KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            ));
        }
    }

    /// Waits until the model description contains `want` (generous bound: a failing test ends).
    pub async fn wait_for(&mut self, want: &str) -> (String, String) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            {
                let s = self.state.borrow_and_update();
                if s.0.contains(want) {
                    return s.clone();
                }
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                let s = self.state.borrow();
                panic!(
                    "timed out waiting for {want:?}; state: {}\nscreen:\n{}",
                    s.0, s.1
                );
            }
            let _ = tokio::time::timeout(left, self.state.changed()).await;
        }
    }

    /// Waits until the rendered screen contains `want`.
    pub async fn wait_for_screen(&mut self, want: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            {
                let s = self.state.borrow_and_update();
                if s.1.contains(want) {
                    return s.1.clone();
                }
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                let s = self.state.borrow();
                panic!(
                    "timed out waiting for screen text {want:?}; state {}\nscreen:\n{}",
                    s.0, s.1
                );
            }
            let _ = tokio::time::timeout(left, self.state.changed()).await;
        }
    }

    /// From the apps list of a demo sandbox: opens the staging config of `resource` (filtering the
    /// environments as a user would), starts an edit and types `min` as the password's minimum
    /// length. The `describe` function must report `apps loaded=`, `envs loaded=`, `env NAME
    /// loaded=`, `config NAME loaded=` and the wizard's `step=`, as the flow tests' do.
    pub async fn edit_staging_min_length(&mut self, resource: &str, min: &str) {
        use super::{ctrl, key};
        use crossterm::event::KeyCode;
        self.wait_for("apps loaded=true").await;
        self.key(key(KeyCode::Enter));
        self.wait_for("envs loaded=true").await;
        self.key(key(KeyCode::Char('/')));
        self.type_text("stag");
        self.key(key(KeyCode::Enter));
        self.key(key(KeyCode::Enter));
        self.wait_for("env staging loaded=true").await;
        self.key(key(KeyCode::Enter));
        self.wait_for(&format!("config {resource} loaded=true"))
            .await;
        self.wait_for_screen("Minimum length").await;
        self.key(key(KeyCode::Char('e')));
        self.wait_for("wizard step=Mfa").await;
        self.key(ctrl('n'));
        self.wait_for("step=Password").await;
        self.keys(&[ctrl('u'), key(KeyCode::End), ctrl('u')]);
        self.type_text(min);
    }

    /// Ends the input; the runner returns the final model.
    pub async fn finish(self) -> App {
        drop(self.keys);
        self.task.await.expect("runner task")
    }
}

fn tokio_stream_from(
    mut rx: mpsc::UnboundedReceiver<Msg>,
) -> impl futures::Stream<Item = Msg> + Unpin {
    Box::pin(futures::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}
