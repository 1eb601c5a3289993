//! `man`: the manual page, generated from the command line's definition (like the completions),
//! so it never falls behind the flags.

use std::io::Write;
use std::path::Path;

use crate::exit_code;

/// Writes the main page on `out`, or every page into `dir`; returns the exit code.
pub fn write(cmd: clap::Command, dir: Option<&Path>, out: &mut dyn Write) -> i32 {
    let result = match dir {
        Some(d) => std::fs::create_dir_all(d)
            .and_then(|()| clap_mangen::generate_to(cmd, d))
            .map(|()| {
                let _ = writeln!(std::io::stderr(), "wrote the man pages to {}", d.display());
            }),
        None => clap_mangen::Man::new(cmd)
            .render(out)
            .and_then(|()| out.flush()),
    };
    match result {
        Ok(()) => exit_code::OK,
        // The reader stopped early (`| head -1`): that is not a failure here.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && dir.is_none() => exit_code::OK,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: could not write the man page: {e}"
            );
            exit_code::OTHER
        }
    }
}
