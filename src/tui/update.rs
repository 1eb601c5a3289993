//! `update`: the only place state changes. Pure: it takes a message, changes the model and returns
//! the effects (API calls, file reads) for the runner to perform. It routes: each message and
//! command goes to the module that owns it (the screen on display, the job pane's flow, the
//! browse loads, the account, the popups).

use crossterm::event::{KeyEvent, KeyEventKind};

use super::account;
use super::app::{App, Screen};
use super::browse;
use super::help;
use super::job_flow;
use super::keys;
use super::msg::{Cmd, Effect, Msg};
use super::nav;
use super::open;
use super::popups;
use super::typeahead;
use super::user_files;
use super::wizard::draft;
use super::wizard::pickers;

/// Effects to run at start-up: the account, and what the first screen shows.
pub fn init(app: &mut App) -> Vec<Effect> {
    let mut fx = account::init(app);
    fx.extend(match app.screen {
        Screen::Wizard(_) | Screen::Job(_) => pickers::at_start(app),
        _ => browse::load(app),
    });
    fx
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut fx = handle(app, msg);
    // A resumed edit waits for its config to be read; then its wizard opens on it.
    draft::after_auth_loaded(app);
    fx.extend(replay(app));
    fx.extend(pickers::check_target(app));
    // Whatever changed the wizard's input, its draft follows.
    fx.extend(draft::autosave(app));
    draft::mark_submits(app, &mut fx);
    fx
}

fn handle(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Press => on_key(app, key),
        Msg::Key(_) | Msg::Tick => vec![],
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            vec![]
        }
        Msg::Signal(name) => nav::on_signal(app, name),
        Msg::AppsLoaded(result) => pickers::on_apps(app, result),
        Msg::EnvsLoaded { app_id, result } => pickers::on_envs(app, app_id, result),
        m @ (Msg::Submitted { .. }
        | Msg::JobPolled { .. }
        | Msg::Verified { .. }
        | Msg::ReadBeforeSend { .. }
        | Msg::LiveBeforeSend { .. }
        | Msg::Attempt { .. }) => job_flow::on_msg(app, m),
        m @ (Msg::BackendLoaded { .. }
        | Msg::AuthLoaded { .. }
        | Msg::LiveLoaded { .. }
        | Msg::JobsLoaded { .. }
        | Msg::Overview { .. }) => {
            let cmd = browse::on_msg(app, m);
            run(app, cmd)
        }
        m @ (Msg::Connected { .. }
        | Msg::AccountLoaded(_)
        | Msg::ProfilesListed(_)
        | Msg::DraftsChecked(_)) => account::on_msg(app, m),
        m @ (Msg::FileWritten { .. }
        | Msg::KeyFileRead { .. }
        | Msg::Copied(_)
        | Msg::DraftError(_)) => {
            user_files::on_msg(app, m);
            vec![]
        }
    }
}

/// Keys that waited for the screen's load act now, in order, until one opens a screen that
/// loads in turn (the rest wait for that one) or a popup.
fn replay(app: &mut App) -> Vec<Effect> {
    let mut fx = vec![];
    while !app.loading() && app.popup.is_none() && !app.quit {
        let Some(k) = app.typeahead.pop_front() else {
            break;
        };
        fx.extend(on_key(app, k));
    }
    fx
}

/// A key: the popup's table, else the keys every screen shares (Ctrl-C, F1), else the screen's
/// own table; a key none of them binds goes to the focused text input. While the screen loads,
/// its keys wait (`typeahead`) and act once it has loaded.
fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.popup.is_some() {
        let cmd = popups::on_key(app, &key);
        if matches!(cmd, Cmd::None) && app.popup.is_some() {
            return type_into_focused(app, key);
        }
        return run(app, cmd);
    }
    let global = keys::action(keys::GLOBAL_KEYS, &key, |_| true);
    // Too small to show anything: q and Esc still leave (nothing on screen to type into).
    let small_quit =
        app.too_small() && keys::action(keys::TOO_SMALL_KEYS, &key, |_| true).is_some();
    if global == Some(keys::Global::Quit) || small_quit {
        return nav::quit(app);
    }
    if global == Some(keys::Global::Help) {
        help::open(app);
        return vec![];
    }
    if typeahead::waits(app, &key) {
        typeahead::hold(app, key);
        return vec![];
    }
    if keys::action(keys::WAITING_KEYS, &key, |_| true).is_some() {
        app.typeahead.clear();
        if app.list_mut().is_some_and(|l| l.clear_kept_filter(&key)) {
            return vec![];
        }
    }
    let (screen, cx) = app.screen_and_ctx();
    let cmd = screen.on_key(&key, &cx);
    match cmd {
        Some(cmd) => run(app, cmd),
        None => type_into_focused(app, key),
    }
}

/// Typing and editing keys for the focused text input (see `App::focused_input`).
fn type_into_focused(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.popup.is_none() && app.screen.view_mut().refuses_typing(&key) {
        return vec![];
    }
    let changed = app.focused_input().is_some_and(|i| i.edit_key(key));
    if changed { input_changed(app) } else { vec![] }
}

/// A paste goes where typing would go: the focused text input, on any screen or popup.
fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let changed = app.focused_input().is_some_and(|i| i.paste_text(text));
    if changed { input_changed(app) } else { vec![] }
}

/// After the focused input's text changed: what depends on it follows.
fn input_changed(app: &mut App) -> Vec<Effect> {
    if app.popup.is_some() {
        return vec![];
    }
    match app.screen.view_mut().input_changed() {
        Some(cmd) => run(app, cmd),
        None => vec![],
    }
}

/// Carries out what a screen or popup asked for.
fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::None => vec![],
        Cmd::Effects(fx) => fx,
        c @ (Cmd::Quit | Cmd::Back | Cmd::Leave(_) | Cmd::LeaveWizard) => nav::run(app, c),
        c @ (Cmd::Help
        | Cmd::ScrollHelp(_)
        | Cmd::ConfirmDelete(_)
        | Cmd::ConfirmRecreate { .. }) => {
            popups::open(app, c);
            vec![]
        }
        Cmd::Reload => browse::load(app),
        Cmd::SaveFile => super::wizard::edit_file_save::save(app),
        Cmd::AppChanged => pickers::app_changed(app),
        Cmd::CheckClone => browse::check_clone(app),
        c @ (Cmd::StartJob(_)
        | Cmd::Follow(_)
        | Cmd::JobDone
        | Cmd::LeaveJob
        | Cmd::RetryJob(_)
        | Cmd::FixField { .. }) => job_flow::run(app, c),
        c @ (Cmd::Connect(_) | Cmd::SwitchAccount | Cmd::ListProfiles) => account::run(app, c),
        c => open::run(app, c),
    }
}
