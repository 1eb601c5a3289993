//! `update` for the browse screens: apps → environments → auth resources → config, with create,
//! edit, delete, import and job history reached from there.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::aws::{ApiError, BackendInfo, Job};
use crate::domain::AuthConfig;
use crate::domain::validate::has_errors;

use super::app::{App, Effect, Load, Popup, Request, Screen};
use super::screens::config_view::ConfigView;
use super::screens::env::EnvView;
use super::screens::envs::EnvsView;
use super::screens::import::ImportForm;
use super::screens::job::{Expect, JobPane};
use super::screens::jobs::{JobsView, OPERATION_FILTERS, STATUS_FILTERS};
use super::screens::list::ListKey;
use super::wizard::Wizard;

/// The effects that (re)load what the current screen shows.
pub fn load(app: &mut App) -> Vec<Effect> {
    let generation = app.next_generation();
    match &mut app.screen {
        Screen::Apps(_) => {
            app.apps = Load::Loading;
            vec![Effect::LoadApps]
        }
        Screen::Envs(v) => {
            v.generation = generation;
            v.backend = Load::Loading;
            vec![Effect::LoadBackend {
                generation,
                app_id: v.app_id.clone(),
                env: None,
            }]
        }
        Screen::Env(v) => {
            v.generation = generation;
            v.backend = Load::Loading;
            v.jobs = Load::Loading;
            vec![
                Effect::LoadBackend {
                    generation,
                    app_id: v.app_id.clone(),
                    env: Some(v.env.clone()),
                },
                Effect::LoadJobs {
                    generation,
                    app_id: v.app_id.clone(),
                    env: v.env.clone(),
                },
            ]
        }
        Screen::Config(v) => {
            v.generation = generation;
            v.config = Load::Loading;
            vec![Effect::LoadAuth {
                generation,
                app_id: v.app_id.clone(),
                env: v.env.clone(),
                resource: v.resource.clone(),
            }]
        }
        Screen::Jobs(v) => {
            v.generation = generation;
            v.jobs = Load::Loading;
            vec![Effect::LoadJobs {
                generation,
                app_id: v.app_id.clone(),
                env: v.env.clone(),
            }]
        }
        _ => vec![],
    }
}

/// Opens a screen and loads it.
fn open(app: &mut App, screen: Screen) -> Vec<Effect> {
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
    super::update::fill_pickers(app);
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

pub fn browse_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let reload = key.code == KeyCode::Char('r') && !ctrl;
    match &mut app.screen {
        Screen::Apps(v) => {
            let rows = match &app.apps {
                Load::Loaded(a) => super::screens::apps::rows(a),
                _ => vec![],
            };
            let filtering = v.list.filtering;
            match v.list.handle_key(key, &rows) {
                ListKey::Open(i) => {
                    let Load::Loaded(apps) = &app.apps else {
                        return vec![];
                    };
                    let id = apps[i].app_id.clone();
                    return open(
                        app,
                        Screen::Envs(EnvsView {
                            app_id: id,
                            generation: 0,
                            backend: Load::Loading,
                            list: Default::default(),
                        }),
                    );
                }
                ListKey::Used => return vec![],
                ListKey::Ignored if filtering => return vec![],
                ListKey::Ignored => {}
            }
            if reload {
                return load(app);
            }
            if key.code == KeyCode::Char('c') {
                let id = v
                    .list
                    .selected(&rows)
                    .and_then(|i| match &app.apps {
                        Load::Loaded(a) => Some(a[i].app_id.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                return open_create(app, &id, "");
            }
            vec![]
        }
        Screen::Envs(v) => {
            let rows = v.rows();
            let filtering = v.list.filtering;
            match v.list.handle_key(key, &rows) {
                ListKey::Open(i) => {
                    let generation = app.next_generation();
                    let Screen::Envs(v) = &app.screen else {
                        return vec![];
                    };
                    let view = EnvView::new(&v.app_id, &rows[i], generation);
                    return open(app, Screen::Env(view));
                }
                ListKey::Used => return vec![],
                ListKey::Ignored if filtering => return vec![],
                ListKey::Ignored => {}
            }
            if reload {
                return load(app);
            }
            if key.code == KeyCode::Char('c') {
                let (id, env) = (
                    v.app_id.clone(),
                    v.list
                        .selected(&rows)
                        .map(|i| rows[i].clone())
                        .unwrap_or_default(),
                );
                return open_create(app, &id, &env);
            }
            vec![]
        }
        Screen::Env(v) => {
            let rows = v.rows();
            let filtering = v.list.filtering;
            // `j` is "jobs" here (the footer says so), not the list's vim-style down: an
            // environment has one or two resources, and ↓ still moves.
            if key.code == KeyCode::Char('j') && !filtering {
                let (id, env) = (v.app_id.clone(), v.env.clone());
                let g = app.next_generation();
                return open(app, Screen::Jobs(JobsView::new(&id, &env, g)));
            }
            match v.list.handle_key(key, &rows) {
                ListKey::Open(i) => {
                    let Load::Loaded(b) = &v.backend else {
                        return vec![];
                    };
                    let meta = b.auth_resources.get(i).cloned();
                    let name = meta.as_ref().map(|m| m.name.clone()).unwrap_or_default();
                    let view = ConfigView::new(&v.app_id, &v.env, &name, meta, 0);
                    return open(app, Screen::Config(Box::new(view)));
                }
                ListKey::Used => return vec![],
                ListKey::Ignored if filtering => return vec![],
                ListKey::Ignored => {}
            }
            let (id, env) = (v.app_id.clone(), v.env.clone());
            match key.code {
                KeyCode::Char('r') if !ctrl => load(app),
                KeyCode::Char('c') => open_create(app, &id, &env),
                KeyCode::Char('i') => {
                    app.push(Screen::Import(ImportForm::new(&id, &env)));
                    vec![]
                }
                KeyCode::Char('j') => {
                    let g = app.next_generation();
                    open(app, Screen::Jobs(JobsView::new(&id, &env, g)))
                }
                _ => vec![],
            }
        }
        Screen::Config(v) => match key.code {
            KeyCode::Char('r') if ctrl => {
                v.revealed = !v.revealed;
                vec![]
            }
            KeyCode::Char('r') => load(app),
            KeyCode::Down | KeyCode::Char('j') if key.code == KeyCode::Down => {
                v.scroll = v.scroll.saturating_add(1);
                vec![]
            }
            KeyCode::Up => {
                v.scroll = v.scroll.saturating_sub(1);
                vec![]
            }
            KeyCode::PageDown => {
                v.scroll = v.scroll.saturating_add(10);
                vec![]
            }
            KeyCode::PageUp => {
                v.scroll = v.scroll.saturating_sub(10);
                vec![]
            }
            KeyCode::Char('e') => {
                let Load::Loaded(cfg) = &v.config else {
                    return vec![];
                };
                let w = Wizard::new_edit(&v.app_id, &v.env, &v.resource, cfg, &app.ctx.region);
                app.push(Screen::Wizard(Box::new(w)));
                vec![]
            }
            KeyCode::Char('d') => {
                app.popup = Some(Popup::ConfirmDelete {
                    app_id: v.app_id.clone(),
                    env: v.env.clone(),
                    resource: v.resource.clone(),
                    input: Default::default(),
                    then_create: None,
                });
                vec![]
            }
            KeyCode::Char('R') => {
                let Load::Loaded(cfg) = &v.config else {
                    return vec![];
                };
                let w = Wizard::new_recreate(&v.app_id, &v.env, &v.resource, cfg, &app.ctx.region);
                app.push(Screen::Wizard(Box::new(w)));
                vec![]
            }
            KeyCode::Char('j') => {
                let (id, env) = (v.app_id.clone(), v.env.clone());
                let g = app.next_generation();
                open(app, Screen::Jobs(JobsView::new(&id, &env, g)))
            }
            _ => vec![],
        },
        Screen::Jobs(v) => {
            let rows = v.rows(app.wall_now);
            let filtering = v.list.filtering;
            match v.list.handle_key(key, &rows) {
                ListKey::Open(i) => {
                    let job = v.shown()[i].clone();
                    let generation = app.next_generation();
                    let (mut pane, fx) =
                        JobPane::follow(generation, &job, app.now_ms, app.wall_now);
                    pane.long_after_ms = app.long_job_ms;
                    app.push(Screen::Job(Box::new(pane)));
                    return fx;
                }
                ListKey::Used => return vec![],
                ListKey::Ignored if filtering => return vec![],
                ListKey::Ignored => {}
            }
            match key.code {
                KeyCode::Char('s') => {
                    v.status_filter = (v.status_filter + 1) % STATUS_FILTERS.len();
                    v.list.cursor = 0;
                    vec![]
                }
                KeyCode::Char('o') => {
                    v.operation_filter = (v.operation_filter + 1) % OPERATION_FILTERS.len();
                    v.list.cursor = 0;
                    vec![]
                }
                KeyCode::Char('r') => load(app),
                _ => vec![],
            }
        }
        Screen::Import(f) => {
            match key.code {
                KeyCode::Tab | KeyCode::Down | KeyCode::Enter => f.focus = (f.focus + 1) % 4,
                KeyCode::BackTab | KeyCode::Up => f.focus = (f.focus + 3) % 4,
                KeyCode::Char('s') if ctrl => {
                    let findings = f.findings();
                    if has_errors(&findings) {
                        return vec![];
                    }
                    let ip = f.value(3);
                    let request = Request::Import {
                        user_pool_id: f.value(0),
                        web_client_id: f.value(1),
                        native_client_id: f.value(2),
                        identity_pool_id: (!ip.is_empty()).then_some(ip),
                    };
                    let (id, env) = (f.app_id.clone(), f.env.clone());
                    return super::update::start_job(app, &id, &env, "", request, Expect::Nothing);
                }
                _ => {
                    if f.inputs[f.focus].handle_key(key) {
                        f.dirty = true;
                    }
                }
            }
            vec![]
        }
        _ => vec![],
    }
}

/// Typing in the delete confirmation; Enter deletes only when the name matches exactly.
pub fn delete_popup_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(Popup::ConfirmDelete {
        resource, input, ..
    }) = &mut app.popup
    else {
        return vec![];
    };
    match key.code {
        KeyCode::Esc => app.popup = None,
        KeyCode::Enter if input.value() == resource.as_str() => {
            let Some(Popup::ConfirmDelete {
                app_id,
                env,
                resource,
                then_create,
                ..
            }) = app.popup.take()
            else {
                return vec![];
            };
            let fx = super::update::start_job(
                app,
                &app_id,
                &env,
                &resource,
                Request::Delete,
                Expect::Deleted,
            );
            if let (Some(cfg), Screen::Job(pane)) = (then_create, &mut app.screen) {
                pane.then = Some(super::screens::job::Retry {
                    app_id,
                    env,
                    resource,
                    request: Request::Create((*cfg).clone()),
                    expect: Expect::Config(cfg),
                });
            }
            return fx;
        }
        _ => {
            input.handle_key(key);
        }
    }
    vec![]
}

pub fn on_backend(app: &mut App, generation: u64, result: Result<BackendInfo, ApiError>) {
    let load = |r: Result<BackendInfo, ApiError>| match r {
        Ok(b) => Load::Loaded(b),
        Err(e) => Load::Failed(crate::aws::sanitize_text(&e.to_string())),
    };
    match &mut app.screen {
        Screen::Envs(v) if v.generation == generation => v.backend = load(result),
        Screen::Env(v) if v.generation == generation => v.backend = load(result),
        _ => {}
    }
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
    let load = match result {
        Ok(j) => Load::Loaded(j),
        Err(e) => Load::Failed(crate::aws::sanitize_text(&e.to_string())),
    };
    match &mut app.screen {
        Screen::Env(v) if v.generation == generation => v.jobs = load,
        Screen::Jobs(v) if v.generation == generation => v.jobs = load,
        _ => {}
    }
}

pub fn on_auth(app: &mut App, generation: u64, result: Result<AuthConfig, ApiError>) {
    if let Screen::Config(v) = &mut app.screen
        && v.generation == generation
    {
        v.config = match result {
            Ok(c) => Load::Loaded(c),
            Err(e) => Load::Failed(crate::aws::sanitize_text(&e.to_string())),
        };
    }
}
