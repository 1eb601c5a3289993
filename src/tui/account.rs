//! `update` for the connection: the setup screen, the account picker, connecting to another
//! profile, region or the sandbox, and asking for the account id (the header shows it).
//!
//! A new connection replaces everything that came from the old one: the screens (back to the
//! app list), the loaded apps and environments, the account id. The runner drops the results of
//! calls still in flight on the old clients, so nothing of the previous account comes back.

use super::app::{App, Screen};
use super::msg::Load;
use super::msg::{Cmd, ConnectTo, Effect, Msg, Problem};
use super::screens::apps::AppsView;
use super::screens::environment::EnvView;
use super::screens::environments::EnvsView;
use super::screens::setup::SetupView;
use super::screens::switch::SwitchView;
use super::widgets::account_picker::AccountPicker;
use crate::session::SessionInfo;

/// A connection works: the header names it, and the account id is to be asked for (the
/// effect comes from [`init`] at start, or with the new connection's loads).
pub fn started(app: &mut App, info: &SessionInfo) {
    app.ctx.target = info.label();
    app.ctx.region = info.region.clone();
    app.account.sandbox = info.sandbox;
    // The sandbox stands for no account: nothing to ask.
    app.account.id = if info.sandbox {
        Load::NotAsked
    } else {
        Load::Loading
    };
}

/// At start: ask for the account id if [`started`] said to.
pub fn init(app: &App) -> Vec<Effect> {
    match app.account.id {
        Load::Loading => vec![Effect::LoadAccount],
        _ => vec![],
    }
}

/// The setup screen for a start that could not connect; `profiles` as read at start.
pub fn setup_app(
    problem: Problem,
    profiles: Load<crate::aws::Profiles>,
    env_region: Option<String>,
    ctx: super::app::Context,
) -> App {
    let picker = AccountPicker::new(profiles, env_region.clone());
    let mut app = App::new(
        Screen::Setup(Box::new(SetupView::new(problem, picker))),
        ctx,
    );
    app.account.env_region = env_region;
    app
}

fn picker_mut(app: &mut App) -> Option<&mut AccountPicker> {
    match &mut app.screen {
        Screen::Setup(v) => Some(&mut v.picker),
        Screen::Switch(v) => Some(&mut v.picker),
        _ => None,
    }
}

/// Starts connecting to what the user picked; the picker says so until the answer comes.
/// The connection's answers: a connection built, the account behind it, the profiles.
pub fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Connected { generation, result } => return on_connected(app, generation, result),
        Msg::AccountLoaded(result) => on_account(app, result),
        Msg::ProfilesListed(result) => on_profiles(app, result),
        Msg::DraftsChecked(found) => super::wizard::draft::offer_checked(app, found),
        _ => {}
    }
    vec![]
}

/// Connecting, and the profile and region picker.
pub fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::Connect(to) => connect(app, to),
        Cmd::SwitchAccount => open_switch(app),
        Cmd::ListProfiles => list_profiles(app),
        _ => vec![],
    }
}

pub fn connect(app: &mut App, to: ConnectTo) -> Vec<Effect> {
    let generation = app.next_generation();
    app.account.connecting = Some(generation);
    let what = match &to {
        ConnectTo::Sandbox => "Starting the local sandbox…".to_string(),
        ConnectTo::Aws { profile, region } => format!(
            "Connecting with {}{}…",
            profile
                .as_deref()
                .map_or("no profile".to_string(), |p| format!("profile {p}")),
            region
                .as_deref()
                .map_or(String::new(), |r| format!(" in {r}"))
        ),
    };
    if let Some(p) = picker_mut(app) {
        p.connecting = true;
        p.note = Some(what);
    }
    vec![Effect::Connect { generation, to }]
}

/// The answer to a connect: on success a fresh start on the app list of the new account; on
/// failure the picker stays, with the problem in plain words.
pub fn on_connected(
    app: &mut App,
    generation: u64,
    result: Result<SessionInfo, Problem>,
) -> Vec<Effect> {
    if app.account.connecting != Some(generation) {
        return vec![];
    }
    app.account.connecting = None;
    let info = match result {
        Ok(info) => info,
        Err(problem) => {
            match &mut app.screen {
                Screen::Setup(v) => v.problem = problem,
                Screen::Switch(v) => v.problem = Some(problem.message),
                _ => {}
            }
            if let Some(p) = picker_mut(app) {
                p.connecting = false;
                p.note = None;
            }
            return vec![];
        }
    };
    let then_open = match &mut app.screen {
        Screen::Setup(v) => Some(v.then_open.take()),
        _ => None,
    };
    // Nothing of the previous connection stays: screens, apps, environments, account id.
    app.back.clear();
    app.screen = Screen::Apps(AppsView::default());
    app.envs.clear();
    app.apps = Load::Loading;
    let mut fx = vec![Effect::LoadApps];
    started(app, &info);
    fx.extend(init(app));
    if let Some(then_open) = then_open {
        if let Some((app_id, env)) = then_open {
            fx.extend(open_start_screens(app, &app_id, env.as_deref()));
        }
        // Drafts wait until a connection works: resuming one needs the service, and a submitted
        // one is checked against its job first (issue 24).
        fx.extend(super::wizard::draft::check_waiting(app));
    }
    fx
}

/// `--app-id` and `--env` given at start, opened once the setup screen has connected.
fn open_start_screens(app: &mut App, app_id: &str, env: Option<&str>) -> Vec<Effect> {
    app.push(Screen::Envs(EnvsView {
        app_id: app_id.to_string(),
        generation: 0,
        backend: Load::Loading,
        list: Default::default(),
    }));
    if let Some(env) = env {
        app.push(Screen::Env(EnvView::new(app_id, env, 0)));
    }
    super::browse::load(app)
}

/// Opens the account picker over the app list; the profiles are read afresh.
pub fn open_switch(app: &mut App) -> Vec<Effect> {
    let picker = AccountPicker::new(Load::Loading, app.account.env_region.clone());
    let current = format!("{} · {}", app.ctx.target, app.ctx.region);
    app.push(Screen::Switch(Box::new(SwitchView::new(current, picker))));
    vec![Effect::ListProfiles]
}

pub fn list_profiles(app: &mut App) -> Vec<Effect> {
    match picker_mut(app) {
        Some(p) => {
            p.profiles = Load::Loading;
            vec![Effect::ListProfiles]
        }
        None => vec![],
    }
}

pub fn on_profiles(app: &mut App, result: Result<crate::aws::Profiles, String>) {
    if let Some(p) = picker_mut(app) {
        p.profiles = match result {
            Ok(ps) => Load::Loaded(ps),
            Err(e) => Load::Failed(e),
        };
        p.select_current();
    }
}

pub fn on_account(app: &mut App, result: Result<String, String>) {
    app.account.id = match result {
        Ok(id) => Load::Loaded(id),
        Err(e) => Load::Failed(e),
    };
}
