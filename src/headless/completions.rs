//! `completions SHELL`: shell completion scripts, generated from the command line's definition
//! so they never fall behind it.

use std::io::Write;

use crate::exit_code;

/// Writes the completion script for `shell` and returns the exit code. The script is made in
/// memory first: the generator panics when its writer fails, and a reader that stops early
/// (`| head -1`) closes the pipe, which ends the command quietly (exit 0), as for `cat`.
pub fn write(shell: clap_complete::Shell, cmd: &mut clap::Command, out: &mut dyn Write) -> i32 {
    let mut script = Vec::new();
    clap_complete::generate(shell, cmd, "amplify-auth", &mut script);
    match out.write_all(&script).and_then(|()| out.flush()) {
        Ok(()) => exit_code::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit_code::OK,
        Err(_) => exit_code::OTHER,
    }
}
