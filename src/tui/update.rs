//! `update`: the only place state changes. Pure: it takes a message, changes the model and returns
//! the effects (API calls, file reads) for the runner to perform.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::account;
use super::app::{App, Popup, Screen};
use super::browse;
use super::keys;
use super::msg::{Cmd, Ctx, Effect, Load, Msg};
use super::popups;
use super::screens::checklist::ChecklistView;
use super::screens::compare::CompareView;
use super::screens::config_view::ConfigView;
use super::screens::env_add::EnvAddForm;
use super::screens::environment::EnvView;
use super::screens::environments::EnvsView;
use super::screens::frontend::{FrontendView, deployed_from};
use super::screens::gen2::{Gen2View, ids_from};
use super::screens::import::ImportForm;
use super::screens::job_history::JobsView;
use super::wizard::draft;
use super::wizard::fields::FieldId;
use super::wizard::fields::FieldValues;
use super::wizard::pickers;
use super::wizard::state::Wizard;

use super::browse::reload_after_pop;
use super::job_open::{follow_job, start_job};

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
        Msg::Key(_) => vec![],
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
        Msg::Tick => vec![],
        Msg::AppsLoaded(result) => pickers::on_apps(app, result),
        Msg::EnvsLoaded { app_id, result } => pickers::on_envs(app, app_id, result),
        Msg::KeyFileRead { path, result } => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.load_key_file(&path, result);
            }
            vec![]
        }
        Msg::Submitted { generation, result } => match &mut app.screen {
            Screen::Job(j) if j.generation == generation => {
                let job_id = result.as_ref().ok().and_then(|r| r.job_id.clone());
                let mut fx = j.on_submitted(result, app.now_ms);
                fx.extend(draft::job_named(app, job_id));
                fx
            }
            _ => vec![],
        },
        Msg::JobPolled { generation, result } => match &mut app.screen {
            // Results of a poll chain the user has left are dropped.
            Screen::Job(j) if j.generation == generation => {
                let mut fx = j.on_polled(result, app.now_ms);
                let last_step = j.then.is_none();
                if j.phase == super::screens::job_pane::Phase::Completed {
                    // Its draft is done with too (a delete-and-recreate keeps it for the create).
                    if last_step {
                        for s in &app.back {
                            if let Screen::Wizard(w) = s {
                                fx.extend(draft::delete(app, w));
                            }
                        }
                    }
                    // The input behind this job has reached the service: quitting loses nothing.
                    // A file-backed wizard stays dirty until its file is written (`saved`).
                    let file_backed = app.edit_file.is_some();
                    for s in app.back.iter_mut().filter(|_| !file_backed) {
                        if let Screen::Wizard(w) = s {
                            w.dirty = false;
                        }
                    }
                }
                fx
            }
            _ => vec![],
        },
        Msg::Verified { generation, result } => {
            if let Screen::Job(j) = &mut app.screen
                && j.generation == generation
            {
                j.on_verified(result);
                // Delete and recreate: the delete is confirmed, so the create goes next.
                if j.verify == Some(super::screens::job_pane::Verify::Matches)
                    && let Some(next) = j.then.take()
                {
                    return start_job(app, next);
                }
            }
            vec![]
        }
        Msg::ReadBeforeSend { generation, result } => match &mut app.screen {
            Screen::Job(j) if j.generation == generation => {
                j.on_read_before_send(result, app.now_ms)
            }
            _ => vec![],
        },
        Msg::LiveBeforeSend { generation, check } => match &mut app.screen {
            Screen::Job(j) if j.generation == generation => j.on_live_check(*check, app.now_ms),
            _ => vec![],
        },
        Msg::BackendLoaded { generation, result } => {
            if let Screen::EnvAdd(f) = &mut app.screen {
                let cmd = f.on_backend(generation, result);
                return run(app, cmd);
            }
            browse::on_backend(app, generation, result)
        }
        Msg::AuthLoaded { generation, result } => {
            if let Screen::EnvAdd(f) = &mut app.screen {
                let cmd = f.on_auth(generation, result);
                return run(app, cmd);
            }
            browse::on_auth(app, generation, result);
            draft::after_auth_loaded(app);
            vec![]
        }
        Msg::LiveLoaded { generation, live } => {
            if let Screen::Config(v) = &mut app.screen
                && v.generation == generation
            {
                v.live = Load::Loaded(*live);
            }
            vec![]
        }
        Msg::JobsLoaded { generation, result } => {
            browse::on_jobs(app, generation, result);
            vec![]
        }
        Msg::Attempt { generation, note } => {
            if let Screen::Job(j) = &mut app.screen
                && j.generation == generation
            {
                j.on_attempt(&note, app.now_ms);
            }
            vec![]
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
            vec![]
        }
        Msg::Connected { generation, result } => account::on_connected(app, generation, result),
        Msg::AccountLoaded(result) => {
            account::on_account(app, result);
            vec![]
        }
        Msg::ProfilesListed(result) => {
            account::on_profiles(app, result);
            vec![]
        }
        Msg::FileWritten { path, outcome } => {
            match &mut app.screen {
                Screen::Frontend(v) => v.on_written(&path, outcome),
                Screen::Gen2(v) => v.on_written(&path, outcome),
                Screen::Wizard(w) => super::wizard::edit_file::saved(w, &path, outcome),
                // Saved on submit: the wizard waits under the job pane, which shows the outcome.
                Screen::Job(j) => {
                    if let Some(Screen::Wizard(w)) = app.back.last_mut() {
                        super::wizard::edit_file::saved(w, &path, outcome);
                        if let Some(note) = &w.flash {
                            j.timeline.push((app.now_ms, note.clone()));
                        }
                    }
                }
                _ => {}
            }
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

/// Keys typed ahead of a load wait this many deep; more are refused (the footer says so).
pub const TYPEAHEAD_MAX: usize = 64;

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

/// Whether `key` waits for the screen's load instead of acting now. Esc never waits (it leaves
/// and drops what waited); with nothing waiting and no filter being typed, neither do the keys
/// that need nothing loaded.
fn waits(app: &App, key: &KeyEvent) -> bool {
    let drops = keys::action(keys::WAITING_KEYS, key, |_| true).is_some();
    if !app.loading() || drops {
        return false;
    }
    if !app.typeahead.is_empty() || app.screen_typing() || !key.modifiers.is_empty() {
        return true;
    }
    // Keys that need nothing loaded: quit, help, reload, and the jobs of an environment.
    let jobs = matches!(app.screen, Screen::Env(_) | Screen::Config(_));
    let acts_now = matches!(key.code, KeyCode::Char('q' | '?' | 'r'))
        || (jobs && key.code == KeyCode::Char('j'));
    !acts_now
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
    if global == Some(keys::Global::Quit) {
        return quit(app);
    }
    // Too small to show anything: q and Esc still leave (nothing on screen to type into).
    if (app.size.0 < super::view::MIN_WIDTH || app.size.1 < super::view::MIN_HEIGHT)
        && keys::action(keys::TOO_SMALL_KEYS, &key, |_| true).is_some()
    {
        return quit(app);
    }
    if global == Some(keys::Global::Help) {
        app.popup = Some(Popup::Help);
        app.help_scroll = 0;
        return vec![];
    }
    if waits(app, &key) {
        if app.typeahead.len() < TYPEAHEAD_MAX {
            app.typeahead.push_back(key);
        }
        return vec![];
    }
    if keys::action(keys::WAITING_KEYS, &key, |_| true).is_some() {
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
        Screen::Wizard(w) => match w.focused() {
            Some(id) => changed(app, id),
            None => vec![],
        },
        Screen::Import(f) => {
            f.dirty = true;
            vec![]
        }
        Screen::EnvAdd(f) => {
            f.dirty = true;
            vec![]
        }
        Screen::Frontend(v) => {
            v.path_changed();
            vec![]
        }
        Screen::Apps(v) => {
            v.list.filter_changed();
            vec![]
        }
        Screen::Envs(v) => {
            v.list.filter_changed();
            vec![]
        }
        Screen::Env(v) => {
            v.list.filter_changed();
            vec![]
        }
        Screen::Jobs(v) => {
            v.list.filter_changed();
            vec![]
        }
        Screen::Overview(v) => {
            v.filter_changed();
            vec![]
        }
        Screen::Config(_)
        | Screen::Job(_)
        | Screen::Compare(_)
        | Screen::Setup(_)
        | Screen::Switch(_)
        | Screen::Checklist(_)
        | Screen::Gen2(_) => vec![],
    }
}

/// Carries out what a screen or popup asked for.
fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::None => vec![],
        Cmd::CheckClone => {
            let generation = app.next_generation();
            match &mut app.screen {
                Screen::EnvAdd(f) => f.start_check(generation),
                _ => vec![],
            }
        }
        Cmd::Effects(fx) => fx,
        Cmd::Quit => quit(app),
        Cmd::SaveFile => super::wizard::edit_file_save::save(app),
        Cmd::Help => {
            app.popup = Some(Popup::Help);
            app.help_scroll = 0;
            vec![]
        }
        Cmd::Back => {
            if app.pop() {
                reload_after_pop(app)
            } else {
                quit(app)
            }
        }
        Cmd::Reload => browse::load(app),
        Cmd::OpenOverview => browse::open_overview(app, Default::default()),
        Cmd::Leave(mut fx) => {
            fx.extend(run(app, Cmd::Back));
            fx
        }
        Cmd::OpenEnvs { app_id } => browse::open(
            app,
            Screen::Envs(EnvsView {
                app_id,
                generation: 0,
                backend: Load::Loading,
                list: Default::default(),
            }),
        ),
        Cmd::OpenEnv { app_id, env } => {
            let generation = app.next_generation();
            browse::open(app, Screen::Env(EnvView::new(&app_id, &env, generation)))
        }
        Cmd::OpenConfig { target, meta } => {
            let view = ConfigView::new(&target.app_id, &target.env, &target.resource, meta, 0);
            browse::open(app, Screen::Config(Box::new(view)))
        }
        Cmd::OpenJobs { app_id, env } => {
            let g = app.next_generation();
            browse::open(app, Screen::Jobs(JobsView::new(&app_id, &env, g)))
        }
        Cmd::OpenImport { app_id, env } => {
            app.push(Screen::Import(ImportForm::new(&app_id, &env)));
            vec![]
        }
        Cmd::Create { app_id, env } => browse::open_create(app, &app_id, &env),
        Cmd::Edit {
            target,
            config,
            recreate,
        } => {
            let (t, region) = (&target, &app.ctx.region);
            let w = if recreate {
                Wizard::new_recreate(&t.app_id, &t.env, &t.resource, &config, region)
            } else {
                Wizard::new_edit(&t.app_id, &t.env, &t.resource, &config, region)
            };
            app.push(Screen::Wizard(Box::new(w)));
            vec![]
        }
        Cmd::ConfirmDelete(target) => {
            app.popup = Some(Popup::ConfirmDelete {
                target,
                input: Default::default(),
                then_create: None,
            });
            vec![]
        }
        Cmd::ConfirmRecreate { target, guard } => {
            app.popup = Some(Popup::ConfirmDelete {
                target,
                input: Default::default(),
                then_create: Some(guard),
            });
            vec![]
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
        Cmd::AddEnv {
            app_id,
            app_name,
            envs,
            from,
        } => {
            // CreateBackend needs the app's name; the apps list has it when GetBackend failed.
            let name = match (&app.apps, app_name.is_empty()) {
                (Load::Loaded(apps), true) => apps
                    .iter()
                    .find(|a| a.app_id == app_id)
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                _ => app_name,
            };
            let form = EnvAddForm::new(&app_id, &name, envs, from.as_deref());
            app.push(Screen::EnvAdd(form));
            vec![]
        }
        Cmd::Compare { left, right } => browse::open(
            app,
            Screen::Compare(Box::new(CompareView::new(left, right))),
        ),
        Cmd::Promote {
            source,
            source_resource,
            target,
            target_config,
        } => {
            let w = super::promote::wizard(
                &source,
                &source_resource,
                &target,
                target_config.as_deref(),
                &app.ctx.region,
            );
            app.push(Screen::Wizard(Box::new(w)));
            vec![]
        }
        Cmd::StartJob(r) => {
            // A file-backed wizard saves its file before the job starts (see edit_file_save).
            let mut fx = super::wizard::edit_file_save::save_before_submit(app);
            fx.extend(start_job(app, *r));
            fx
        }
        Cmd::Follow(job) => follow_job(app, &job),
        // Done: back to where the change started, re-read so it shows the new state.
        Cmd::JobDone => {
            // What the service now holds, confirmed by reading it back (a file-backed wizard
            // stays open on it, see below).
            let confirmed = match &app.screen {
                Screen::Job(j) if j.verify == Some(super::screens::job_pane::Verify::Matches) => {
                    match &j.expect {
                        super::msg::Expect::Config(c) => Some(c.as_ref().clone()),
                        _ => None,
                    }
                }
                _ => None,
            };
            while app.pop() {
                if !matches!(
                    app.screen,
                    Screen::Wizard(_) | Screen::Import(_) | Screen::EnvAdd(_)
                ) {
                    break;
                }
            }
            // `edit --input`: the wizard is the first screen, so it is where the job returns to;
            // from now on it edits what was just applied.
            if let (Some(cfg), Some(file), Screen::Wizard(w)) =
                (confirmed, app.edit_file.as_mut(), &mut app.screen)
            {
                super::wizard::edit_file::applied(w, file, cfg);
            }
            reload_after_pop(app)
        }
        // Failed, refused, or still running: back to the input, unchanged.
        Cmd::LeaveJob => {
            app.pop();
            reload_after_pop(app)
        }
        Cmd::RetryJob(r) => {
            app.pop();
            start_job(app, *r)
        }
        Cmd::Connect(to) => account::connect(app, to),
        Cmd::SwitchAccount => account::open_switch(app),
        Cmd::ListProfiles => account::list_profiles(app),
        Cmd::OpenFrontend {
            target,
            config,
            meta,
        } => {
            let deployed = deployed_from(meta.as_ref(), &app.ctx.region);
            app.push(Screen::Frontend(Box::new(FrontendView::new(
                target, *config, deployed,
            ))));
            vec![]
        }
        Cmd::OpenGen2 {
            target,
            config,
            meta,
            live,
        } => {
            let ids = ids_from(meta.as_ref());
            let live = live
                .map(|pool| crate::domain::gen2::from_live::gen2_live(&pool))
                .unwrap_or_default();
            app.push(Screen::Gen2(Box::new(Gen2View::new(
                target,
                *config,
                &app.ctx.region,
                ids,
                live,
            ))));
            vec![]
        }
        Cmd::OpenChecklist {
            target,
            config,
            meta,
        } => {
            let host = deployed_from(meta.as_ref(), &app.ctx.region).and_then(|d| {
                d.hosted_ui_host().ok_or_else(|| {
                    "The resource has no hosted UI domain deployed (OAuth off, or not deployed yet): providers have nothing to point at.".to_string()
                })
            });
            app.push(Screen::Checklist(Box::new(ChecklistView::new(
                target, &config, host,
            ))));
            vec![]
        }
        Cmd::FixField { field, retry } => {
            super::wizard::fix_field::reopen(app, field.as_deref(), &retry)
        }
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
