//! `update`: the only place state changes. Pure: it takes a message, changes the model and returns
//! the effects (API calls, file reads) for the runner to perform. It routes: each message and
//! command goes to the module that owns it (the screen on display, the job pane's flow, the
//! browse loads, the account, the popups).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::account;
use super::app::{App, Popup, Screen};
use super::browse;
use super::draft;
use super::fields::FieldId;
use super::help;
use super::job_flow;
use super::keys;
use super::msg::{Cmd, Ctx, Effect, Load, Msg};
use super::open;
use super::pickers;
use super::popups;
use super::typeahead;

/// Kept here for callers that re-read a browse screen after leaving the one above it.
pub use super::browse::reload_after_pop;
/// Kept here for callers that open job panes (tests start jobs through `update`).
pub use super::job_open::{follow_job, start_job};
/// Kept here for callers that fill the pickers after opening a wizard.
pub use super::pickers::fill_pickers;

/// Effects to run at start-up.
pub fn init(app: &mut App) -> Vec<Effect> {
    let mut fx = account::init(app);
    if !matches!(app.screen, Screen::Wizard(_) | Screen::Job(_)) {
        fx.extend(browse::load(app));
        return fx;
    }
    if let Screen::Wizard(w) = &app.screen
        && !w.is_edit()
    {
        app.apps = Load::Loading;
        fx.push(Effect::LoadApps);
        let id = w.trimmed(FieldId::AppId);
        if !id.is_empty() {
            app.envs.insert(id.clone(), Load::Loading);
            fx.push(Effect::LoadEnvs { app_id: id });
        }
    }
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
        Msg::Signal(name) => {
            app.signal = Some(name);
            app.quit = true;
            vec![Effect::Quit]
        }
        Msg::AppsLoaded(result) => pickers::on_apps(app, result),
        Msg::EnvsLoaded { app_id, result } => pickers::on_envs(app, app_id, result),
        Msg::KeyFileRead { path, result } => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.load_key_file(&path, result);
            }
            vec![]
        }
        m @ (Msg::Submitted { .. }
        | Msg::JobPolled { .. }
        | Msg::Verified { .. }
        | Msg::ReadBeforeSend { .. }
        | Msg::Attempt { .. }) => job_flow::on_msg(app, m),
        m @ (Msg::BackendLoaded { .. }
        | Msg::AuthLoaded { .. }
        | Msg::LiveLoaded { .. }
        | Msg::JobsLoaded { .. }
        | Msg::Overview { .. }) => {
            let cmd = browse::on_msg(app, m);
            run(app, cmd)
        }
        m @ (Msg::Connected { .. } | Msg::AccountLoaded(_) | Msg::ProfilesListed(_)) => {
            account::on_msg(app, m)
        }
        Msg::FileWritten { path, outcome } => {
            super::edit_file_save::on_written(app, &path, outcome);
            vec![]
        }
        Msg::Copied(result) => {
            if let Screen::Checklist(v) = &mut app.screen {
                v.on_copied(result);
            }
            vec![]
        }
        Msg::DraftError(e) => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.flash = Some(format!("Draft not saved ({e}); your input is still here."));
            }
            vec![]
        }
    }
}

fn quit(app: &mut App) -> Vec<Effect> {
    if app.is_dirty() {
        app.popup = Some(Popup::ConfirmQuit);
        vec![]
    } else {
        app.quit = true;
        vec![Effect::Quit]
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
    let small_quit = app.too_small() && matches!(key.code, KeyCode::Char('q') | KeyCode::Esc);
    if global == Some(keys::Global::Quit) || small_quit {
        return quit(app);
    }
    if global == Some(keys::Global::Help) {
        help::open(app);
        return vec![];
    }
    // A file-backed wizard (`edit --input`): Ctrl-S saves the file instead of stepping on.
    if app.edit_file.is_some()
        && matches!(app.screen, Screen::Wizard(_))
        && keys::Pat::Ctrl('s').matches(&key)
    {
        return super::edit_file_save::save(app);
    }
    if typeahead::waits(app, &key) {
        typeahead::hold(app, key);
        return vec![];
    }
    if key.code == KeyCode::Esc {
        app.typeahead.clear();
        if app.list_mut().is_some_and(|l| l.clear_kept_filter(&key)) {
            return vec![];
        }
    }
    let ctx = Ctx {
        apps: &app.apps,
        now_ms: app.now_ms,
        wall_now: app.wall_now,
    };
    let cmd = match &mut app.screen {
        Screen::Apps(v) => v.on_key(&key, ctx),
        Screen::Envs(v) => v.on_key(&key),
        Screen::Env(v) => v.on_key(&key),
        Screen::Config(v) => Some(v.on_key(&key)),
        Screen::Jobs(v) => v.on_key(&key, ctx.wall_now),
        Screen::Import(f) => f.on_key(&key),
        Screen::Wizard(w) => w.on_key(&key),
        Screen::Job(j) => Some(j.on_key(&key, ctx.now_ms)),
        Screen::EnvAdd(f) => f.on_key(&key),
        Screen::Compare(v) => v.on_key(&key),
        Screen::Overview(v) => v.on_key(&key),
        Screen::Setup(v) => v.on_key(&key),
        Screen::Switch(v) => v.on_key(&key),
        Screen::Frontend(v) => v.on_key(&key),
        Screen::Checklist(v) => v.on_key(&key),
        Screen::Gen2(v) => v.on_key(&key),
    };
    match cmd {
        Some(cmd) => run(app, cmd),
        None => type_into_focused(app, key),
    }
}

/// Typing and editing keys for the focused text input (see `App::focused_input`).
fn type_into_focused(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Screen::Wizard(w) = &mut app.screen
        && app.popup.is_none()
        && w.focused().is_some_and(|id| w.is_read_only(id))
    {
        w.refuse_read_only(&key);
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
    match &mut app.screen {
        Screen::Wizard(w) => {
            return match w.focused() {
                Some(id) => changed(app, id),
                None => vec![],
            };
        }
        Screen::Import(f) => f.dirty = true,
        Screen::EnvAdd(f) => f.dirty = true,
        Screen::Frontend(v) => v.path_changed(),
        Screen::Apps(v) => v.list.filter_changed(),
        Screen::Envs(v) => v.list.filter_changed(),
        Screen::Env(v) => v.list.filter_changed(),
        Screen::Jobs(v) => v.list.filter_changed(),
        Screen::Overview(v) => v.filter_changed(),
        Screen::Config(_)
        | Screen::Job(_)
        | Screen::Compare(_)
        | Screen::Setup(_)
        | Screen::Switch(_)
        | Screen::Checklist(_)
        | Screen::Gen2(_) => {}
    }
    vec![]
}

/// Carries out what a screen or popup asked for.
fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::None => vec![],
        Cmd::Effects(fx) => fx,
        Cmd::Quit => quit(app),
        Cmd::Help => {
            help::open(app);
            vec![]
        }
        Cmd::ScrollHelp(n) => {
            help::scroll(app, n);
            vec![]
        }
        Cmd::Back => {
            if app.pop() {
                reload_after_pop(app)
            } else {
                quit(app)
            }
        }
        Cmd::Leave(mut fx) => {
            fx.extend(run(app, Cmd::Back));
            fx
        }
        Cmd::LeaveWizard => {
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
        Cmd::Reload => browse::load(app),
        Cmd::CheckClone => {
            let generation = app.next_generation();
            match &mut app.screen {
                Screen::EnvAdd(f) => f.start_check(generation),
                _ => vec![],
            }
        }
        Cmd::ConfirmDelete(target) => {
            app.popup = Some(Popup::delete(target, None));
            vec![]
        }
        Cmd::ConfirmRecreate { target, guard } => {
            app.popup = Some(Popup::delete(target, Some(guard)));
            vec![]
        }
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

/// After a field changed: re-validate, and fetch what the new value needs (an app's environments).
fn changed(app: &mut App, id: FieldId) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    w.dirty = true;
    w.refresh();
    if id == FieldId::AppId {
        return pickers::app_changed(app);
    }
    vec![]
}
