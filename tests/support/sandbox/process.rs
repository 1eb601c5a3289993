//! The real `amplify-auth serve` binary as a child process: started in a private home (no AWS
//! files, no data directory of the developer's), read for its `export` lines, then killed with
//! SIGKILL or stopped with SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `amplify-auth serve`.
pub struct Serve {
    pub child: Child,
    pub endpoint: String,
    pub key: String,
    pub secret: String,
    pub region: String,
    pub stderr: PathBuf,
}

/// What a `serve` that did not come up left behind.
#[derive(Debug)]
pub struct Failed {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// The child's environment: nothing inherited but PATH, a home of its own, empty AWS files.
pub fn command(home: &Path, args: &[&str]) -> Command {
    let aws = home.join("aws-empty");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(aws.join("config"), "").unwrap();
    std::fs::write(aws.join("credentials"), "").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amplify-auth"));
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("AWS_CONFIG_FILE", aws.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"));
    cmd
}

impl Serve {
    /// Starts `amplify-auth serve ARGS` and waits (30 s at most) for its export lines.
    pub fn start(home: &Path, args: &[&str]) -> Result<Serve, Failed> {
        let stderr = home.join(format!("serve-stderr-{}.txt", rand_suffix()));
        let mut child = command(
            home,
            &["serve"].iter().chain(args).copied().collect::<Vec<_>>(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("the amplify-auth binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<Option<String>>();
        // The reader thread ends when the child closes stdout (on exit or kill).
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(Some(line)).is_err() {
                    return;
                }
            }
            let _ = tx.send(None);
        });
        let mut lines = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while lines.len() < 5 {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(Some(l)) => lines.push(l),
                Ok(None) | Err(_) => {
                    let _ = child.kill();
                    let status = child.wait().unwrap();
                    return Err(Failed {
                        status,
                        stdout: lines.join("\n"),
                        stderr: std::fs::read_to_string(&stderr).unwrap_or_default(),
                    });
                }
            }
        }
        let var = |name: &str| {
            let prefix = format!("export {name}=");
            lines
                .iter()
                .find_map(|l| l.strip_prefix(&prefix))
                .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
                .to_string()
        };
        Ok(Serve {
            endpoint: var("AWS_ENDPOINT_URL"),
            key: var("AWS_ACCESS_KEY_ID"),
            secret: var("AWS_SECRET_ACCESS_KEY"),
            region: var("AWS_REGION"),
            child,
            stderr,
        })
    }

    pub fn client(&self) -> aws_sdk_amplifybackend::Client {
        super::backend_client_at(&self.endpoint, &self.key, &self.secret, &self.region, false)
    }

    pub fn amplify_client(&self) -> aws_sdk_amplify::Client {
        super::amplify_client_at(&self.endpoint, &self.key, &self.secret)
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Stderr once it contains `needle` (the banner is written after the export lines, so it can
    /// lag behind them); gives up after 10 s and returns what is there.
    pub fn stderr_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.stderr();
            if text.contains(needle) || Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: no chance to flush, close or clean up anything.
    pub fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().unwrap();
    }

    /// SIGTERM, then the exit status (waits 20 s at most, then kills).
    pub fn terminate(mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("serve ignored SIGTERM for 20 s: {}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // A failing test must not leave a server behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}
