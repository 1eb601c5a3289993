//! `update`: the only place state changes. Pure: it takes a message, changes the model and returns
//! the effects (API calls, file reads) for the runner to perform.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::domain::apple_key;

use super::app::{App, Effect, Load, Msg, Popup, Request, Screen};
use super::browse;
use super::draft;
use super::fields::FieldId;
use super::screens::job::Expect;
use super::screens::job::JobPane;
use super::widgets::{Field, KeyOutcome, TextBox};
use super::wizard::{Step, Wizard};

/// Effects to run at start-up.
pub fn init(app: &mut App) -> Vec<Effect> {
    let mut fx = vec![];
    if !matches!(app.screen, Screen::Wizard(_) | Screen::Job(_)) {
        return browse::load(app);
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
    // Whatever changed the wizard's input, its draft follows.
    fx.extend(draft::autosave(app));
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
        Msg::AppsLoaded(result) => on_apps(app, result),
        Msg::EnvsLoaded { app_id, result } => on_envs(app, app_id, result),
        Msg::KeyFileRead { path, result } => {
            if let Screen::Wizard(w) = &mut app.screen {
                load_key_file(w, &path, result);
            }
            vec![]
        }
        Msg::Submitted { generation, result } => match &mut app.screen {
            Screen::Job(j) if j.generation == generation => j.on_submitted(result, app.now_ms),
            _ => vec![],
        },
        Msg::JobPolled { generation, result } => match &mut app.screen {
            // Results of a poll chain the user has left are dropped.
            Screen::Job(j) if j.generation == generation => {
                let mut fx = j.on_polled(result, app.now_ms);
                let last_step = j.then.is_none();
                if j.phase == super::screens::job::Phase::Completed {
                    // Its draft is done with too (a delete-and-recreate keeps it for the create).
                    if last_step {
                        for s in &app.back {
                            if let Screen::Wizard(w) = s {
                                fx.extend(draft::delete(app, w));
                            }
                        }
                    }
                    // The input behind this job has reached the service: quitting loses nothing.
                    for s in &mut app.back {
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
                if j.verify == Some(super::screens::job::Verify::Matches)
                    && let Some(next) = j.then.take()
                {
                    return start_job(
                        app,
                        &next.app_id,
                        &next.env,
                        &next.resource,
                        next.request,
                        next.expect,
                    );
                }
            }
            vec![]
        }
        Msg::BackendLoaded { generation, result } => {
            browse::on_backend(app, generation, result);
            vec![]
        }
        Msg::AuthLoaded { generation, result } => {
            browse::on_auth(app, generation, result);
            draft::after_auth_loaded(app);
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

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Popups take every key first.
    match app.popup {
        Some(Popup::ConfirmQuit) => {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    app.quit = true;
                    return vec![Effect::Quit];
                }
                KeyCode::Char('c') if ctrl => {
                    app.quit = true;
                    return vec![Effect::Quit];
                }
                _ => app.popup = None,
            }
            return vec![];
        }
        Some(Popup::Help) => {
            app.popup = None;
            return vec![];
        }
        Some(Popup::ConfirmDelete { .. }) => return browse::delete_popup_key(app, key),
        Some(Popup::ConfirmDiscard) => {
            app.popup = None;
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                let mut fx: Vec<Effect> = match &app.screen {
                    Screen::Wizard(w) => draft::delete(app, w).into_iter().collect(),
                    _ => vec![],
                };
                app.pop();
                fx.extend(reload_after_pop(app));
                return fx;
            }
            return vec![];
        }
        Some(Popup::ResumeDraft { .. } | Popup::BadDraft { .. }) => {
            return draft::popup_key(app, key);
        }
        None => {}
    }
    if ctrl && key.code == KeyCode::Char('c') {
        return quit(app);
    }
    // Too small to show anything: q and Esc still leave (nothing on screen to type into).
    if (app.size.0 < super::view::MIN_WIDTH || app.size.1 < super::view::MIN_HEIGHT)
        && matches!(key.code, KeyCode::Char('q') | KeyCode::Esc)
    {
        return quit(app);
    }
    if key.code == KeyCode::F(1) {
        app.popup = Some(Popup::Help);
        return vec![];
    }
    let now = app.now_ms;
    match &mut app.screen {
        Screen::Wizard(w) => {
            w.flash = None;
            let takes_text =
                w.step != Step::Review && w.focused().is_some_and(|f| w.field(f).takes_text());
            if !takes_text && key.modifiers.difference(KeyModifiers::SHIFT).is_empty() {
                match key.code {
                    KeyCode::Char('?') => {
                        app.popup = Some(Popup::Help);
                        return vec![];
                    }
                    KeyCode::Char('q') => return quit(app),
                    _ => {}
                }
            }
            if w.step == Step::Review {
                return review_key(app, key);
            }
            wizard_key(app, key)
        }
        Screen::Job(j) => {
            let finished = j.is_finished();
            let completed = matches!(j.phase, super::screens::job::Phase::Completed);
            let retry = j.retry.clone();
            match key.code {
                KeyCode::Char('q') => quit(app),
                KeyCode::Char('w') if j.blocking.is_some() => {
                    let job = j.blocking.clone().expect("checked");
                    let generation = app.next_generation();
                    let (mut pane, fx) =
                        JobPane::follow(generation, &job, app.now_ms, app.wall_now);
                    pane.long_after_ms = app.long_job_ms;
                    app.push(Screen::Job(Box::new(pane)));
                    fx
                }
                // A job running far longer than usual: keep watching, quietly and slowly.
                KeyCode::Char('k') if j.asks_to_keep_watching(now) => {
                    j.quiet = true;
                    vec![]
                }
                // Done: back to where the change started, re-read so it shows the new state.
                KeyCode::Esc | KeyCode::Enter if completed => {
                    while app.pop() {
                        if !matches!(app.screen, Screen::Wizard(_) | Screen::Import(_)) {
                            break;
                        }
                    }
                    reload_after_pop(app)
                }
                // Failed, refused, or still running: back to the input, unchanged.
                KeyCode::Esc | KeyCode::Char('e') if finished || key.code == KeyCode::Esc => {
                    app.pop();
                    reload_after_pop(app)
                }
                KeyCode::Char('r') if finished && !completed => match retry {
                    Some(r) => {
                        app.pop();
                        start_job(app, &r.app_id, &r.env, &r.resource, r.request, r.expect)
                    }
                    None => vec![],
                },
                _ => vec![],
            }
        }
        _ => {
            // Browse screens: q, ? and Esc are global unless a text input has the keys.
            let typing = match &app.screen {
                Screen::Import(_) => true,
                Screen::Apps(v) => v.list.filtering,
                Screen::Envs(v) => v.list.filtering,
                Screen::Env(v) => v.list.filtering,
                Screen::Jobs(v) => v.list.filtering,
                _ => false,
            };
            if !typing || key.code == KeyCode::Esc {
                match key.code {
                    KeyCode::Char('q') if !typing => return quit(app),
                    KeyCode::Char('?') if !typing => {
                        app.popup = Some(Popup::Help);
                        return vec![];
                    }
                    KeyCode::Esc if !typing || matches!(app.screen, Screen::Import(_)) => {
                        if app.pop() {
                            return reload_after_pop(app);
                        }
                        return quit(app);
                    }
                    _ => {}
                }
            }
            browse::browse_key(app, key)
        }
    }
}

/// Coming back to a browse screen re-reads it, so it never shows stale state after a change.
fn reload_after_pop(app: &mut App) -> Vec<Effect> {
    match app.screen {
        Screen::Env(_) | Screen::Config(_) | Screen::Jobs(_) => browse::load(app),
        _ => vec![],
    }
}

fn wizard_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let n = w.visible(w.step).len();
    let focused = w.focused();
    let multiline = focused.is_some_and(|f| w.field(f).is_multiline());
    match key.code {
        KeyCode::Char('s') if ctrl => return next_step(app),
        KeyCode::F(2) => return next_step(app),
        KeyCode::Char('n') if ctrl => return next_step(app),
        KeyCode::Char('p') if ctrl => {
            prev_step(w);
            return vec![];
        }
        KeyCode::Esc => {
            if w.step == w.steps()[0] {
                if app.back.is_empty() {
                    return quit(app);
                }
                if w.dirty {
                    app.popup = Some(Popup::ConfirmDiscard);
                    return vec![];
                }
                app.pop();
                return reload_after_pop(app);
            }
            prev_step(w);
            return vec![];
        }
        KeyCode::Char('r') if ctrl => {
            if let Some(f) = focused {
                w.field_mut(f).toggle_reveal();
            }
            return vec![];
        }
        KeyCode::Tab => {
            w.focus = if n == 0 { 0 } else { (w.focus + 1) % n };
            return vec![];
        }
        KeyCode::BackTab => {
            w.focus = if n == 0 { 0 } else { (w.focus + n - 1) % n };
            return vec![];
        }
        KeyCode::Down if !multiline => {
            w.focus = (w.focus + 1).min(n.saturating_sub(1));
            return vec![];
        }
        KeyCode::Up if !multiline => {
            w.focus = w.focus.saturating_sub(1);
            return vec![];
        }
        KeyCode::Enter if focused == Some(FieldId::AppleKeyFile) => {
            let path = w.trimmed(FieldId::AppleKeyFile);
            if path.is_empty() {
                w.flash = Some("Type the path of the .p8 file first.".into());
                return vec![];
            }
            return vec![Effect::ReadKeyFile {
                path: expand_home(&path),
            }];
        }
        KeyCode::Enter if !multiline => {
            if w.focus + 1 >= n {
                return next_step(app);
            }
            w.focus += 1;
            return vec![];
        }
        _ => {}
    }
    let Some(id) = focused else { return vec![] };
    if w.is_read_only(id) {
        if matches!(
            key.code,
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
        ) {
            w.flash = Some(format!(
                "{} is fixed after creation; delete and recreate to change it.",
                id.meta().label.trim()
            ));
        }
        return vec![];
    }
    let outcome = w.field_mut(id).handle_key(key);
    if outcome == KeyOutcome::Changed {
        return changed(app, id);
    }
    vec![]
}

/// After a field changed: re-validate, and fetch what the new value needs (an app's environments).
fn changed(app: &mut App, id: FieldId) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    w.dirty = true;
    w.refresh();
    if id == FieldId::AppId {
        let app_id = w.trimmed(FieldId::AppId);
        return match app.envs.get(&app_id) {
            Some(Load::Loaded(envs)) => {
                let envs = envs.clone();
                set_env_options(w, &envs);
                vec![]
            }
            Some(Load::Loading) => vec![],
            _ if known_app(app, &app_id) => {
                app.envs.insert(app_id.clone(), Load::Loading);
                vec![Effect::LoadEnvs { app_id }]
            }
            _ => vec![],
        };
    }
    vec![]
}

fn known_app(app: &App, id: &str) -> bool {
    matches!(&app.apps, Load::Loaded(apps) if apps.iter().any(|a| a.app_id == id))
}

fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    let Some(id) = w.focused() else { return vec![] };
    if w.step == Step::Review || w.is_read_only(id) {
        return vec![];
    }
    if w.field_mut(id).paste(text) == KeyOutcome::Changed {
        return changed(app, id);
    }
    vec![]
}

fn next_step(app: &mut App) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    if w.step == Step::Review {
        return submit(app);
    }
    w.visited.insert(w.step);
    let steps = w.steps();
    if let Some(i) = steps.iter().position(|s| *s == w.step)
        && let Some(next) = steps.get(i + 1)
    {
        w.step = *next;
        w.focus = 0;
        w.review_cursor = 0;
        w.review_scroll = 0;
    }
    vec![]
}

fn prev_step(w: &mut Wizard) {
    let steps = w.steps();
    if let Some(i) = steps.iter().position(|s| *s == w.step)
        && i > 0
    {
        w.visited.insert(w.step);
        w.step = steps[i - 1];
        w.focus = 0;
    }
}

fn review_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('s') if ctrl => return submit(app),
        KeyCode::F(2) => return submit(app),
        KeyCode::Esc => prev_step(w),
        KeyCode::Char('p') if ctrl => prev_step(w),
        KeyCode::Down | KeyCode::Char('j') => {
            w.review_cursor = (w.review_cursor + 1).min(w.findings.len().saturating_sub(1));
        }
        KeyCode::Up | KeyCode::Char('k') => w.review_cursor = w.review_cursor.saturating_sub(1),
        KeyCode::PageDown => w.review_scroll = w.review_scroll.saturating_add(10),
        KeyCode::PageUp => w.review_scroll = w.review_scroll.saturating_sub(10),
        KeyCode::Home => w.review_scroll = 0,
        KeyCode::Enter => {
            if let Some(f) = w.findings.get(w.review_cursor).cloned()
                && let Some((step, id)) = w.field_for(&f)
            {
                w.step = step;
                w.focus = w.visible(step).iter().position(|x| *x == id).unwrap_or(0);
            }
        }
        _ => {}
    }
    vec![]
}

fn submit(app: &mut App) -> Vec<Effect> {
    let generation = app.next_generation();
    let now = app.now_ms;
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    let errors = w.error_count();
    if errors > 0 {
        w.flash = Some(format!(
            "Submit refused: {errors} error(s) remain. Review lists them; Enter on one jumps to its field."
        ));
        w.step = Step::Review;
        return vec![];
    }
    if w.is_edit() && w.changes().is_empty() {
        w.flash = Some("Nothing to submit: the config is unchanged.".into());
        return vec![];
    }
    if w.is_recreate() {
        // The destructive part is confirmed by typing the resource name.
        let Some(cfg) = w.config.clone() else {
            return vec![];
        };
        app.popup = Some(Popup::ConfirmDelete {
            app_id: w.trimmed(FieldId::AppId),
            env: w.trimmed(FieldId::EnvName),
            resource: w.trimmed(FieldId::ResourceName),
            input: Default::default(),
            then_create: Some(Box::new(cfg)),
        });
        return vec![];
    }
    let (Some(request), Some(expected)) = (w.request(), w.expected_after()) else {
        return vec![];
    };
    let (app_id, env, resource) = (
        w.trimmed(FieldId::AppId),
        w.trimmed(FieldId::EnvName),
        w.trimmed(FieldId::ResourceName),
    );
    let _ = (generation, now);
    start_job(
        app,
        &app_id,
        &env,
        &resource,
        request,
        Expect::Config(Box::new(expected)),
    )
}

/// Opens a job pane over the current screen (which waits on the back stack, unchanged) and
/// sends the request.
pub fn start_job(
    app: &mut App,
    app_id: &str,
    env: &str,
    resource: &str,
    request: Request,
    expect: Expect,
) -> Vec<Effect> {
    let generation = app.next_generation();
    let mut pane = JobPane::new(
        generation,
        app_id,
        env,
        resource,
        request.operation(),
        expect.clone(),
        app.now_ms,
    );
    pane.long_after_ms = app.long_job_ms;
    pane.retry = Some(super::screens::job::Retry {
        app_id: app_id.into(),
        env: env.into(),
        resource: resource.into(),
        request: request.clone(),
        expect,
    });
    app.push(Screen::Job(Box::new(pane)));
    vec![Effect::Submit {
        generation,
        app_id: app_id.into(),
        env: env.into(),
        resource: resource.into(),
        request: Box::new(request),
    }]
}

fn on_apps(
    app: &mut App,
    result: Result<Vec<crate::aws::AppSummary>, crate::aws::ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(apps) => {
            let mut fx = vec![];
            if let Screen::Wizard(w) = &mut app.screen {
                let options: Vec<(String, String)> = apps
                    .iter()
                    .map(|a| (a.app_id.clone(), format!("{} ({})", a.name, a.app_id)))
                    .collect();
                if let Field::Combo { options: o, .. } = w.field_mut(FieldId::AppId) {
                    *o = options;
                }
                // Enter-Enter-Enter: with no app given, start from the first one.
                if w.trimmed(FieldId::AppId).is_empty()
                    && let Some(first) = apps.first()
                {
                    w.set_text(FieldId::AppId, &first.app_id);
                    w.refresh();
                }
                let id = w.trimmed(FieldId::AppId);
                if !id.is_empty() && !app.envs.contains_key(&id) {
                    app.envs.insert(id.clone(), Load::Loading);
                    fx.push(Effect::LoadEnvs { app_id: id });
                }
            }
            app.apps = Load::Loaded(apps);
            fx
        }
        Err(e) => {
            let text = crate::aws::sanitize_text(&e.to_string());
            if let Screen::Wizard(w) = &mut app.screen {
                w.flash = Some(format!(
                    "Could not list apps ({text}); type the app id instead."
                ));
            }
            app.apps = Load::Failed(text);
            vec![]
        }
    }
}

fn on_envs(
    app: &mut App,
    app_id: String,
    result: Result<Vec<String>, crate::aws::ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(envs) => {
            if let Screen::Wizard(w) = &mut app.screen
                && w.trimmed(FieldId::AppId) == app_id
            {
                set_env_options(w, &envs);
            }
            app.envs.insert(app_id, Load::Loaded(envs));
        }
        Err(e) => {
            let text = crate::aws::sanitize_text(&e.to_string());
            if let Screen::Wizard(w) = &mut app.screen {
                w.flash = Some(format!("Could not list environments of {app_id} ({text})."));
            }
            app.envs.insert(app_id, Load::Failed(text));
        }
    }
    vec![]
}

/// Fills the wizard's app and environment pickers from what is already loaded.
pub fn fill_pickers(app: &mut App) {
    let apps = match &app.apps {
        Load::Loaded(a) => Some(a.clone()),
        _ => None,
    };
    let Screen::Wizard(w) = &mut app.screen else {
        return;
    };
    if let Some(apps) = apps
        && let Field::Combo { options, .. } = w.field_mut(FieldId::AppId)
    {
        *options = apps
            .iter()
            .map(|a| (a.app_id.clone(), format!("{} ({})", a.name, a.app_id)))
            .collect();
    }
    if let Some(Load::Loaded(envs)) = app.envs.get(&w.trimmed(FieldId::AppId)) {
        let envs = envs.clone();
        set_env_options(w, &envs);
    }
}

fn set_env_options(w: &mut Wizard, envs: &[String]) {
    if let Field::Combo { options, .. } = w.field_mut(FieldId::EnvName) {
        *options = envs.iter().map(|e| (e.clone(), e.clone())).collect();
    }
    if w.trimmed(FieldId::EnvName).is_empty()
        && let Some(first) = envs.first()
    {
        w.set_text(FieldId::EnvName, first);
    }
    w.refresh();
}

fn load_key_file(w: &mut Wizard, path: &std::path::Path, result: Result<Vec<u8>, String>) {
    let bytes = match result {
        Ok(b) => b,
        Err(e) => {
            w.flash = Some(format!("Could not read {}: {e}", path.display()));
            return;
        }
    };
    match apple_key::parse_apple_key(&bytes) {
        Ok(key) => {
            // The box holds the normalised body: what will be sent, nothing more.
            *w.field_mut(FieldId::AppleKey) = Field::Key {
                text: TextBox::from_lines(vec![key.body.expose().to_string()]),
                revealed: false,
            };
            w.key_file_id = apple_key::key_id_from_filename(path);
            if let Some(id) = w.key_file_id.clone()
                && w.trimmed(FieldId::AppleKeyId).is_empty()
            {
                w.set_text(FieldId::AppleKeyId, &id);
            }
            w.flash = Some(format!(
                "Loaded {} (fingerprint {}).",
                path.display(),
                key.fingerprint
            ));
            w.dirty = true;
            w.refresh();
        }
        Err(e) => w.flash = Some(format!("{}: {e}", path.display())),
    }
}

fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => std::path::PathBuf::from(path),
    }
}
