//! `completions SHELL`: shell completion scripts, generated from the command line's definition
//! so they never fall behind it.

use std::io::Write;

use super::exit;

/// Writes the completion script for `shell` and returns the exit code.
pub fn write(shell: clap_complete::Shell, cmd: &mut clap::Command, out: &mut dyn Write) -> i32 {
    clap_complete::generate(shell, cmd, "amplify-auth", out);
    match out.flush() {
        Ok(()) => exit::OK,
        Err(_) => exit::OTHER,
    }
}
