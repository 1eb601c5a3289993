//! `update` for the browse screens: apps → environments → auth resources → config, with create,
//! edit, delete, import and job history reached from there.

use crate::aws::{ApiError, BackendInfo, Job};
use crate::domain::AuthConfig;

use super::app::{App, Screen};
use super::msg::{Cmd, Effect, Load, Msg};
use super::screen::LoadCx;
use super::wizard::state::Wizard;

/// The effects that (re)load what the current screen shows (each screen's `load`).
pub fn load(app: &mut App) -> Vec<Effect> {
    let generation = app.next_generation();
    let mut cx = LoadCx {
        apps: &mut app.apps,
        next_gen: &mut app.next_gen,
    };
    app.screen.view_mut().load(generation, &mut cx)
}

/// Opens the account overview (its rows stream in; see `screens::overview`).
pub fn open_overview(app: &mut App, request: crate::aws::overview::OverviewRequest) -> Vec<Effect> {
    let view = super::screens::overview::OverviewView::new(request, 0);
    open(app, Screen::Overview(Box::new(view)))
}

/// Opens a screen and loads it.
pub fn open(app: &mut App, screen: Screen) -> Vec<Effect> {
    app.push(screen);
    load(app)
}

/// Opens the wizard to create a resource in an app and environment.
pub fn open_create(app: &mut App, app_id: &str, env: &str) -> Vec<Effect> {
    let short: String = format!("{:08x}", short_id(app.now_ms ^ app.next_generation()));
    let name = match &app.apps {
        Load::Loaded(apps) => apps
            .iter()
            .find(|a| a.app_id == app_id)
            .map(|a| a.name.clone()),
        _ => None,
    }
    .unwrap_or_default();
    let w = Wizard::new_create(app_id, env, &name, &app.ctx.region, &short);
    app.push(Screen::Wizard(Box::new(w)));
    super::wizard::pickers::fill_pickers(app);
    let mut fx = vec![];
    if matches!(app.apps, Load::NotAsked | Load::Failed(_)) {
        app.apps = Load::Loading;
        fx.push(Effect::LoadApps);
    }
    if !app_id.is_empty() && !app.envs.contains_key(app_id) {
        app.envs.insert(app_id.to_string(), Load::Loading);
        fx.push(Effect::LoadEnvs {
            app_id: app_id.to_string(),
        });
    }
    fx
}

/// A short id for default names; not security relevant, only distinct between wizards.
fn short_id(seed: u64) -> u32 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 29;
    (x as u32) ^ std::process::id()
}

/// What the browse screens (and the add-environment form, the wizard's target facts, the
/// overview below a config) read from the service; a `Cmd` since the form's answer may start its
/// clone.
pub fn on_msg(app: &mut App, msg: Msg) -> Cmd {
    match msg {
        Msg::BackendLoaded { generation, result } => {
            if let Screen::EnvAdd(f) = &mut app.screen {
                return f.on_backend(generation, result);
            }
            Cmd::Effects(on_backend(app, generation, result))
        }
        Msg::AuthLoaded { generation, result } => {
            if let Screen::EnvAdd(f) = &mut app.screen {
                return f.on_auth(generation, result);
            }
            on_auth(app, generation, result);
            Cmd::None
        }
        Msg::LiveLoaded { generation, live } => {
            if let Screen::Config(v) = &mut app.screen
                && v.generation == generation
            {
                v.live = Load::Loaded(*live);
            }
            Cmd::None
        }
        Msg::JobsLoaded { generation, result } => {
            on_jobs(app, generation, result);
            Cmd::None
        }
        Msg::Overview { generation, event } => {
            // Rows keep arriving while a config opened from the overview is on top of it.
            let overview = std::iter::once(&mut app.screen)
                .chain(app.back.iter_mut())
                .find_map(|s| match s {
                    Screen::Overview(v) => Some(v),
                    _ => None,
                });
            if let Some(v) = overview {
                v.on_event(generation, event);
            }
            Cmd::None
        }
        _ => Cmd::None,
    }
}

/// The add-environment form's clone: re-judge the source's auth in the new environment before
/// sending (`EnvAddForm::start_check`).
pub fn check_clone(app: &mut App) -> Vec<Effect> {
    let generation = app.next_generation();
    match &mut app.screen {
        Screen::EnvAdd(f) => f.start_check(generation),
        _ => vec![],
    }
}

pub fn on_backend(
    app: &mut App,
    generation: u64,
    result: Result<BackendInfo, ApiError>,
) -> Vec<Effect> {
    match &mut app.screen {
        Screen::Envs(v) if v.generation == generation => v.backend = Load::from_api(result),
        Screen::Env(v) if v.generation == generation => v.backend = Load::from_api(result),
        Screen::Config(v) if v.generation == generation => {
            v.on_backend(result);
            return v.live_load(generation).into_iter().collect();
        }
        Screen::Wizard(w) if w.target_facts.generation == generation => {
            w.target_facts.on_backend(result);
            w.refresh();
        }
        Screen::Compare(v) => return v.on_backend(generation, result),
        _ => {}
    }
    vec![]
}

pub fn on_jobs(app: &mut App, generation: u64, result: Result<Vec<Job>, ApiError>) {
    if let Screen::Job(pane) = &mut app.screen {
        if pane.generation == generation
            && let Ok(jobs) = &result
        {
            pane.blocking = jobs
                .iter()
                .filter(|j| !j.status.is_finished())
                .max_by_key(|j| j.create_time)
                .cloned();
        }
        return;
    }
    if let Screen::Wizard(w) = &mut app.screen
        && w.target_facts.generation == generation
    {
        w.target_facts.on_jobs(result);
        w.refresh();
        return;
    }
    let load = Load::from_api(result);
    match &mut app.screen {
        Screen::Env(v) if v.generation == generation => v.jobs = load,
        Screen::Jobs(v) if v.generation == generation => v.jobs = load,
        _ => {}
    }
}

pub fn on_auth(app: &mut App, generation: u64, result: Result<AuthConfig, ApiError>) {
    if let Screen::Compare(v) = &mut app.screen {
        v.on_auth(generation, result);
        return;
    }
    if let Screen::Config(v) = &mut app.screen
        && v.generation == generation
    {
        v.config = Load::from_api(result);
    }
}

/// Coming back to a browse screen re-reads it, so it never shows stale state after a change.
pub fn reload_after_pop(app: &mut App) -> Vec<Effect> {
    if app.screen.view().reloads_on_return(&app.ctx()) {
        load(app)
    } else {
        vec![]
    }
}
