//! Leaving: back one screen (re-reading the one returned to), leaving the wizard (asking first
//! when input would be lost), quitting (asking first when something is unsaved or running).

use super::app::{App, Popup, Screen};
use super::browse::reload_after_pop;
use super::msg::{Cmd, Effect};

/// Quit, back, leave (after effects), leave the wizard.
pub fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::Quit => quit(app),
        Cmd::Back => back(app),
        Cmd::Leave(mut fx) => {
            fx.extend(back(app));
            fx
        }
        Cmd::LeaveWizard => leave_wizard(app),
        _ => vec![],
    }
}

/// SIGTERM, SIGHUP, SIGQUIT: leave now, through the normal restore path (the signal is kept for
/// the exit code).
pub fn on_signal(app: &mut App, name: &'static str) -> Vec<Effect> {
    app.signal = Some(name);
    app.quit = true;
    vec![Effect::Quit]
}

/// Quits, or asks first when quitting would lose input or leave a job unfollowed.
pub fn quit(app: &mut App) -> Vec<Effect> {
    if app.is_dirty() {
        app.popup = Some(Popup::ConfirmQuit);
        vec![]
    } else {
        app.quit = true;
        vec![Effect::Quit]
    }
}

/// Back one screen, re-reading the one returned to. At the first screen there is nothing to go
/// back to: Esc pressed once too often (after clearing a filter, say) must not end the app
/// unasked, so it asks, whatever is unsaved.
pub fn back(app: &mut App) -> Vec<Effect> {
    if app.pop() {
        reload_after_pop(app)
    } else {
        app.popup = Some(Popup::ConfirmQuit);
        vec![]
    }
}

/// Esc on the wizard's first step: leave it, asking first if input would be lost.
pub fn leave_wizard(app: &mut App) -> Vec<Effect> {
    let dirty = matches!(&app.screen, Screen::Wizard(w) if w.dirty);
    if app.back.is_empty() {
        quit(app)
    } else if dirty {
        app.popup = Some(Popup::ConfirmDiscard);
        vec![]
    } else {
        app.pop();
        reload_after_pop(app)
    }
}
