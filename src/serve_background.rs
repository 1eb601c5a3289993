//! `serve --background`: the sandbox for scripts. `eval "$(amplify-auth serve --demo
//! --background)"` must return: command substitution waits for the process it started to end,
//! so this process starts the same `serve` again without `--background` as its own process group
//! (stdin and stderr on /dev/null, stdout a pipe to here), copies the export lines it prints,
//! adds `export AMPLIFY_AUTH_SANDBOX_PID=…` (what to `kill` to stop it) and exits. The server
//! writes nothing to stdout after its export lines, so it never writes into the closed pipe.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::exit_code;

/// The last line `serve` prints before it only serves (see `sandbox::export_lines`).
const LAST_EXPORT: &str = "export AWS_DEFAULT_REGION=";

/// Starts the detached server and prints its export lines; returns the exit code.
pub fn run() -> i32 {
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("amplify-auth: serve --background: cannot find this program's path: {e}");
            return exit_code::OTHER;
        }
    };
    let mut child = match Command::new(exe)
        .args(std::env::args_os().skip(1).filter(|a| a != "--background"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        // Its own process group: Ctrl-C in the shell that started it does not stop it.
        .process_group(0)
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("amplify-auth: serve --background: could not start the sandbox: {e}");
            return exit_code::OTHER;
        }
    };
    let mut lines = Vec::new();
    let mut complete = false;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            complete = line.starts_with(LAST_EXPORT);
            lines.push(line);
            if complete {
                break;
            }
        }
    }
    if !complete {
        let status = child
            .wait()
            .map(|s| s.to_string())
            .unwrap_or_else(|e| e.to_string());
        eprintln!(
            "amplify-auth: the sandbox could not start ({status}); run the same `serve` without --background to see why"
        );
        return exit_code::OTHER;
    }
    let pid = child.id();
    let mut stdout = std::io::stdout().lock();
    for line in &lines {
        let _ = writeln!(stdout, "{line}");
    }
    let _ = writeln!(stdout, "export AMPLIFY_AUTH_SANDBOX_PID={pid}");
    let _ = stdout.flush();
    eprintln!(
        "amplify-auth sandbox running in the background as process {pid}; `kill $AMPLIFY_AUTH_SANDBOX_PID` stops it"
    );
    exit_code::OK
}
