//! The real terminal: set up (raw mode, alternate screen, bracketed paste), always restored (normal
//! exit, error, panic, signals), and its events turned into `Msg`s.

use std::io::stdout;
use std::path::PathBuf;

use crossterm::cursor::Show;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use crossterm::execute;
use futures::{Stream, StreamExt};
use ratatui::DefaultTerminal;

use super::msg::Msg;

/// Enters the TUI. `ratatui::init` installs a panic hook that restores the terminal before the
/// previous hook (color-eyre's) prints, so call this after `color_eyre::install`.
///
/// Our hook goes around it: it leaves the TUI completely (bracketed paste, alternate screen, raw
/// mode, cursor), lets color-eyre print, writes a panic report to `report_dir` and prints its path,
/// then exits. Exiting matters for a panic in a spawned task: tokio would catch it and the app
/// would go on drawing into a terminal that has just been restored.
pub fn enter(report_dir: Option<PathBuf>) -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    // Without bracketed paste a pasted PEM arrives as key presses, and its newlines as Enter.
    execute!(stdout(), EnableBracketedPaste)?;
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Held until exit: a panic in a task leaves the main loop running, and its next frame
        // must not land on the restored screen. (The lock is re-entrant for this thread.)
        let _stdout = stdout().lock();
        leave();
        prev(info);
        if let Some(dir) = &report_dir {
            match super::panic_report::write(dir, info) {
                Ok(path) => eprintln!(
                    "amplify-auth crashed. A report (no input, no secrets) is in {}",
                    path.display()
                ),
                Err(e) => eprintln!("amplify-auth crashed; the report could not be written: {e}"),
            }
        }
        std::process::exit(101);
    }));
    Ok(terminal)
}

/// Leaves the TUI; safe to call more than once.
pub fn leave() {
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    // ratatui's restore leaves the cursor as the last frame set it (hidden, most of the time).
    let _ = execute!(stdout(), Show);
}

/// Terminal events and OS signals as one stream of messages.
pub fn input_stream() -> impl Stream<Item = Msg> + Unpin {
    let events = EventStream::new().filter_map(|e| async move {
        match e {
            Ok(Event::Key(k)) => Some(Msg::Key(k)),
            Ok(Event::Paste(p)) => Some(Msg::Paste(p)),
            Ok(Event::Resize(w, h)) => Some(Msg::Resize(w, h)),
            _ => None,
        }
    });
    futures::stream::select(Box::pin(events), Box::pin(signals()))
}

/// SIGTERM, SIGHUP (terminal closed) and SIGQUIT become `Msg::Signal`, so the normal restore path
/// runs. (In raw mode Ctrl-C is a key, not SIGINT; SIGINT from `kill` is handled too.)
fn signals() -> impl Stream<Item = Msg> {
    use tokio::signal::unix::{SignalKind, signal};
    let kinds = [
        (SignalKind::terminate(), "SIGTERM"),
        (SignalKind::hangup(), "SIGHUP"),
        (SignalKind::quit(), "SIGQUIT"),
        (SignalKind::interrupt(), "SIGINT"),
    ];
    let streams = kinds.into_iter().filter_map(|(kind, name)| {
        let mut s = signal(kind).ok()?;
        Some(Box::pin(async_stream_once(async move {
            s.recv().await;
            Msg::Signal(name)
        })))
    });
    futures::stream::select_all(streams)
}

fn async_stream_once<F: std::future::Future<Output = Msg>>(f: F) -> impl Stream<Item = Msg> {
    futures::stream::once(f)
}
