//! The compiled binary in a pseudo-terminal: keys in, every byte it prints kept (raw, and through
//! a vt100 parser for the screen and the terminal modes), signals sent to it, and the pty's own
//! line settings read back to see whether raw mode was left.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

pub struct Pty {
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    reader: Option<std::thread::JoinHandle<()>>,
    pub pid: i32,
}

/// The environment for a run: AWS settings for `endpoint` (never the developer's own config or
/// credentials), `home` as HOME and XDG_DATA_HOME (logs, drafts and panic reports land there),
/// and anything in `extra`.
pub fn command(
    args: &[&str],
    home: &Path,
    aws: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> CommandBuilder {
    let empty = home.join("empty-aws-config");
    std::fs::write(&empty, "").unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_amplify-auth"));
    cmd.args(args);
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    cmd.env("AWS_CONFIG_FILE", &empty);
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", &empty);
    cmd.env("HOME", home);
    cmd.env("XDG_DATA_HOME", home);
    for (k, v) in aws.iter().chain(extra) {
        cmd.env(k, v);
    }
    cmd
}

/// The AWS variables for a sandbox.
pub fn sandbox_env(h: &amplify_auth::sandbox::SandboxHandle) -> Vec<(&str, &str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", h.access_key_id.as_str()),
        ("AWS_SECRET_ACCESS_KEY", h.secret_access_key.as_str()),
        ("AWS_REGION", h.region.as_str()),
    ]
}

/// The app in a terminal on the config screen of the demo's staging auth resource: a demo sandbox
/// (200 ms jobs), a fresh HOME, and a fresh project folder the app runs in (where `w` writes).
pub struct DemoConfigScreen {
    pub sb: amplify_auth::sandbox::SandboxHandle,
    pub home: tempfile::TempDir,
    pub project: tempfile::TempDir,
    pub p: Pty,
}

/// Starts [`DemoConfigScreen`] with the variables in `extra`, and waits for the config screen.
pub async fn demo_staging_config(extra: &[(&str, &str)]) -> DemoConfigScreen {
    use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
    let sb = super::sandbox(true, Duration::from_millis(200)).await;
    let home = tempfile::tempdir().unwrap();
    let project = tempfile::tempdir().unwrap();
    let mut cmd = command(
        &[
            "--endpoint-url",
            &sb.endpoint,
            "--app-id",
            DEMO_APP_ID,
            "--env",
            "staging",
        ],
        home.path(),
        &sandbox_env(&sb),
        extra,
    );
    cmd.cwd(project.path());
    let mut p = Pty::spawn(cmd);
    p.wait_for(DEMO_AUTH_RESOURCE).await;
    p.send("\r");
    p.wait_for("Hosted UI domain").await;
    DemoConfigScreen {
        sb,
        home,
        project,
        p,
    }
}

impl Pty {
    /// The binary pointed at sandbox `sb` (`--endpoint-url` and its AWS variables), with `args`
    /// after that, `home` as HOME and the variables in `extra`.
    pub fn on_sandbox(
        sb: &amplify_auth::sandbox::SandboxHandle,
        home: &Path,
        args: &[&str],
        extra: &[(&str, &str)],
    ) -> Pty {
        let mut all = vec!["--endpoint-url", sb.endpoint.as_str()];
        all.extend_from_slice(args);
        Pty::spawn(command(&all, home, &sandbox_env(sb), extra))
    }

    pub fn spawn(cmd: CommandBuilder) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let (r, s) = (raw.clone(), screen.clone());
        // Keep draining the pty so the app never blocks on a full buffer; ends when the child
        // has exited and closed its side.
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                r.lock().unwrap().extend_from_slice(&buf[..n]);
                s.lock().unwrap().process(&buf[..n]);
            }
        });
        let pid = child.process_id().expect("a pid") as i32;
        Pty {
            writer,
            raw,
            screen,
            child,
            master: pair.master,
            reader: Some(reader),
            pid,
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(40));
    }

    /// From the demo app in the apps list: opens the create wizard (on `dev`), walks the steps
    /// up to the hosted UI, turns it on with domain prefix `domain` and goes on to the social
    /// providers step.
    pub async fn create_to_social_step(&mut self, domain: &str) {
        const CTRL_N: &str = "\x0e";
        self.wait_for("demo").await;
        self.send("c");
        self.wait_for("Create auth resource").await;
        self.wait_for("dev").await;
        for _ in 0..7 {
            self.send(CTRL_N);
        }
        self.wait_for("Hosted UI / OAuth").await;
        self.send(" ");
        self.send("\t");
        self.send(domain);
        self.send(CTRL_N);
        self.wait_for("Sign in with Apple").await;
    }

    /// A bracketed paste, as a terminal sends it.
    pub fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    /// The screen as the vt100 parser sees it now.
    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Every byte the app wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw()).to_string()
    }

    pub async fn wait_for(&self, want: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let t = self.text();
            if t.contains(want) {
                return t;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {want:?}; screen:\n{t}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped yet.
        let rc = unsafe { libc::kill(self.pid, sig) };
        assert_eq!(rc, 0, "kill({}, {sig})", self.pid);
    }

    /// Waits (bounded) for the app to exit, then for its last output to be read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the app did not exit; screen:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        if let Some(r) = self.reader.take() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !r.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        status
    }

    /// Whether the terminal is in cooked mode (canonical input and echo on), as a shell needs.
    pub fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("a unix pty");
        // SAFETY: tcgetattr on an open descriptor we own, into a zeroed termios.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::tcgetattr(fd, &mut t) };
        assert_eq!(rc, 0, "tcgetattr");
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// Asserts the app is in full TUI mode: raw input, alternate screen, bracketed paste.
    pub fn assert_in_tui(&self) {
        let p = self.screen.lock().unwrap();
        let s = p.screen();
        assert!(s.alternate_screen(), "the TUI runs on the alternate screen");
        assert!(s.bracketed_paste(), "bracketed paste is on in the TUI");
        drop(p);
        assert!(!self.cooked(), "the TUI runs in raw mode");
    }

    /// Asserts everything the TUI changed is back: main screen, cursor shown, bracketed paste
    /// off, cooked mode; and that the sequences doing it came after the last frame.
    pub fn assert_restored(&self) {
        {
            let p = self.screen.lock().unwrap();
            let s = p.screen();
            assert!(!s.alternate_screen(), "left the alternate screen");
            assert!(!s.hide_cursor(), "the cursor is shown again");
            assert!(!s.bracketed_paste(), "bracketed paste is off");
        }
        assert!(self.cooked(), "raw mode is off (canonical input and echo)");
        let raw = self.raw();
        let last = |pat: &[u8]| raw.windows(pat.len()).rposition(|w| w == pat);
        let entered = last(b"\x1b[?1049h").expect("the TUI entered the alternate screen");
        let hidden = last(b"\x1b[?25l").unwrap_or(0);
        for (seq, what) in [
            (&b"\x1b[?1049l"[..], "leave alternate screen"),
            (&b"\x1b[?25h"[..], "show cursor"),
            (&b"\x1b[?2004l"[..], "bracketed paste off"),
        ] {
            let at = last(seq).unwrap_or_else(|| panic!("no {what} sequence"));
            assert!(
                at > entered && at > hidden,
                "{what} comes after the last frame"
            );
        }
    }
}
