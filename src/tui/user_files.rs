//! The runner's side of the files and clipboards the user asks for: the frontend config file
//! (`screens/frontend.rs`) and copied checklist values (`screens/checklist.rs`). The sequences
//! themselves are `crate::osc`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::app::{App, Screen};
use super::msg::{Msg, WriteOutcome};

/// Writes `text` to `path`. An existing file is replaced only with `overwrite` (the screen asks
/// first); a missing directory is an error, not created, so a typo does not scatter files.
pub async fn write(path: &Path, text: &str, overwrite: bool) -> WriteOutcome {
    let mut opts = tokio::fs::OpenOptions::new();
    opts.write(true);
    if overwrite {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    let mut file = match opts.open(path).await {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return WriteOutcome::Exists,
        Err(e) => return WriteOutcome::Failed(e.to_string()),
    };
    use tokio::io::AsyncWriteExt;
    match file.write_all(text.as_bytes()).await {
        Ok(()) => match file.flush().await {
            Ok(()) => WriteOutcome::Written,
            Err(e) => WriteOutcome::Failed(e.to_string()),
        },
        Err(e) => WriteOutcome::Failed(e.to_string()),
    }
}

/// Copies `text`: OSC 52 to the terminal (when the app draws on one), and the system clipboard
/// tool on a local session. `Ok` says how, for the status line.
pub fn copy(label: &str, text: &str) -> Result<String, String> {
    let mut how = Vec::new();
    let mut out = std::io::stdout();
    if out.is_terminal() {
        match crate::osc::osc52_copy(text) {
            Some(seq) => {
                if out
                    .write_all(seq.as_bytes())
                    .and_then(|_| out.flush())
                    .is_ok()
                {
                    how.push("the terminal's clipboard (OSC 52)".to_string());
                }
            }
            None => return Err(format!("{label} is too long to copy through the terminal.")),
        }
    }
    let env = |k: &str| std::env::var(k).ok();
    if let Some((cmd, args)) = crate::osc::system_clipboard_command(&env, &crate::osc::on_path) {
        match crate::osc::copy_with_command(cmd, args, text) {
            Ok(()) => how.push(format!("the system clipboard ({cmd})")),
            Err(e) if how.is_empty() => return Err(format!("Could not copy {label}: {e}")),
            Err(_) => {}
        }
    }
    if how.is_empty() {
        return Err(format!(
            "No clipboard here: select {label} with the mouse instead."
        ));
    }
    Ok(format!("Copied {label} to {}.", how.join(" and ")))
}

/// Draws `url` as an OSC 8 hyperlink over its plain text at (`x`, `y`), after a frame, where the
/// terminal shows hyperlinks. The cursor is moved there and the same visible text written, so
/// the screen looks the same either way.
pub fn overlay_link(x: u16, y: u16, url: &str) {
    let env = |k: &str| std::env::var(k).ok();
    let mut out = std::io::stdout();
    if !out.is_terminal() || !crate::osc::hyperlinks_supported(&env) {
        return;
    }
    let seq = format!(
        "\x1b7\x1b[{};{}H{}\x1b8",
        y + 1,
        x + 1,
        crate::osc::osc8_link(url, url)
    );
    let _ = out.write_all(seq.as_bytes()).and_then(|_| out.flush());
}

/// After a frame: the hyperlinks of the screen shown, drawn over their text.
pub fn links_after_draw(app: &App) {
    let (w, h) = app.size;
    if app.popup.is_some() || app.too_small() {
        return;
    }
    if let Screen::Checklist(v) = &app.screen {
        // The body as `view::render` lays it out: below the header line, above the footer.
        let body = ratatui::layout::Rect::new(0, 1, w, h.saturating_sub(3));
        if let Some((x, y, url)) = v.link(body) {
            overlay_link(x, y, url);
        }
    }
}

/// What came back of the user's own files and clipboard: a write, a key file read, a copy, a
/// draft that could not be saved; the screen that asked shows it.
pub fn on_msg(app: &mut App, msg: Msg) {
    match (msg, &mut app.screen) {
        (Msg::FileWritten { path, outcome }, _) => on_written(app, &path, outcome),
        (Msg::KeyFileRead { path, result }, Screen::Wizard(w)) => w.load_key_file(&path, result),
        (Msg::Copied(result), Screen::Checklist(v)) => v.on_copied(result),
        (Msg::DraftError(e), Screen::Wizard(w)) => {
            w.flash = Some(format!("Draft not saved ({e}); your input is still here."));
        }
        _ => {}
    }
}

/// The runner wrote (or could not write) a file: the screen that asked shows the outcome.
fn on_written(app: &mut App, path: &Path, outcome: WriteOutcome) {
    match &mut app.screen {
        Screen::Frontend(v) => v.on_written(path, outcome),
        Screen::Gen2(v) => v.on_written(path, outcome),
        Screen::Wizard(w) => super::wizard::edit_file::saved(w, path, outcome),
        // Saved on submit: the wizard waits under the job pane, which shows the outcome.
        Screen::Job(j) => {
            if let Some(Screen::Wizard(w)) = app.back.last_mut() {
                super::wizard::edit_file::saved(w, path, outcome);
                if let Some(note) = &w.flash {
                    j.timeline.push((app.now_ms, note.clone()));
                }
            }
        }
        _ => {}
    }
}
