//! The wizard's app and environment pickers: filled from the apps and environments the app has
//! loaded (shared with the browse screens, so each list is fetched once), and the loads they
//! start. Kept out of `update.rs`, which only routes.

use crate::aws::{ApiError, AppSummary};
use crate::tui::app::{App, Screen};
use crate::tui::msg::{Effect, Load};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldId;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::state::Wizard;

impl Wizard {
    /// The app picker's options, labelled `name (id)`.
    pub fn set_app_options(&mut self, apps: &[AppSummary]) {
        if let Field::Combo { options, .. } = self.field_mut(FieldId::AppId) {
            *options = apps
                .iter()
                .map(|a| (a.app_id.clone(), format!("{} ({})", a.name, a.app_id)))
                .collect();
        }
    }

    /// The account's apps, for the app picker and the check that the app ID is one of them.
    fn know_apps(&mut self, apps: &[AppSummary]) {
        self.set_app_options(apps);
        self.target_facts.app_ids = Some(apps.iter().map(|a| a.app_id.clone()).collect());
        self.refresh();
    }

    /// The environment picker's options, and the first one when none is chosen yet.
    pub fn set_env_options(&mut self, envs: &[String]) {
        if let Field::Combo { options, .. } = self.field_mut(FieldId::EnvName) {
            *options = envs.iter().map(|e| (e.clone(), e.clone())).collect();
        }
        if self.trimmed(FieldId::EnvName).is_empty()
            && let Some(first) = envs.first()
        {
            self.set_text(FieldId::EnvName, first);
        }
        self.refresh();
    }
}

/// The account's apps arrived: remember them, and fill the wizard's app picker (starting from
/// the first app when none is given, so Enter-Enter-Enter works) and ask for its environments.
pub fn on_apps(app: &mut App, result: Result<Vec<AppSummary>, ApiError>) -> Vec<Effect> {
    let load = Load::from_api(result);
    let mut fx = vec![];
    if let Screen::Wizard(w) = &mut app.screen {
        match &load {
            Load::Loaded(apps) => {
                w.know_apps(apps);
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
            Load::Failed(text) => {
                w.flash = Some(format!(
                    "Could not list apps ({text}); type the app id instead."
                ));
            }
            _ => {}
        }
    }
    app.apps = load;
    fx
}

/// An app's environments arrived: remember them, and fill the picker if the wizard is on that app.
pub fn on_envs(
    app: &mut App,
    app_id: String,
    result: Result<Vec<String>, ApiError>,
) -> Vec<Effect> {
    let load = Load::from_api(result);
    if let Screen::Wizard(w) = &mut app.screen {
        match &load {
            Load::Loaded(envs) if w.trimmed(FieldId::AppId) == app_id => w.set_env_options(envs),
            Load::Failed(text) => {
                w.flash = Some(format!("Could not list environments of {app_id} ({text})."));
            }
            _ => {}
        }
    }
    app.envs.insert(app_id, load);
    vec![]
}

/// A wizard at start-up (`create`): the apps for its app picker, and the environments of the
/// app it names (an edit's target is fixed: it reads none).
pub fn at_start(app: &mut App) -> Vec<Effect> {
    let Screen::Wizard(w) = &app.screen else {
        return vec![];
    };
    if w.is_edit() {
        return vec![];
    }
    let id = w.trimmed(FieldId::AppId);
    app.apps = Load::Loading;
    let mut fx = vec![Effect::LoadApps];
    if !id.is_empty() {
        app.envs.insert(id.clone(), Load::Loading);
        fx.push(Effect::LoadEnvs { app_id: id });
    }
    fx
}

/// The app field changed: fill the environment picker from what is loaded, or load the app's
/// environments when it is one of the account's apps (a half-typed id is not looked up).
pub fn app_changed(app: &mut App) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    let app_id = w.trimmed(FieldId::AppId);
    match app.envs.get(&app_id) {
        Some(Load::Loaded(envs)) => {
            let envs = envs.clone();
            w.set_env_options(&envs);
            vec![]
        }
        Some(Load::Loading) => vec![],
        _ if matches!(&app.apps, Load::Loaded(apps) if apps.iter().any(|a| a.app_id == app_id)) => {
            app.envs.insert(app_id.clone(), Load::Loading);
            vec![Effect::LoadEnvs { app_id }]
        }
        _ => vec![],
    }
}

/// Fills the wizard's app and environment pickers from what is already loaded.
pub fn fill_pickers(app: &mut App) {
    let Screen::Wizard(w) = &mut app.screen else {
        return;
    };
    if let Load::Loaded(apps) = &app.apps {
        w.know_apps(apps);
    }
    if let Some(Load::Loaded(envs)) = app.envs.get(&w.trimmed(FieldId::AppId)) {
        let envs = envs.clone();
        w.set_env_options(&envs);
    }
}

/// After any message: when the wizard's app and environment are a known pair not read yet (or
/// the reading is stale), read whether the environment has auth and a running job, so the
/// Target step says so before the nine steps are filled in (`steps::target::TargetFacts`).
pub fn check_target(app: &mut App) -> Vec<Effect> {
    let Screen::Wizard(w) = &app.screen else {
        return vec![];
    };
    let (app_id, env) = (w.trimmed(FieldId::AppId), w.trimmed(FieldId::EnvName));
    let known = match app.envs.get(&app_id) {
        Some(Load::Loaded(envs)) => Some(envs.as_slice()),
        _ => None,
    };
    // An edit's environment is the one its resource is in.
    let known = if w.mode == crate::tui::wizard::mode::Mode::Create {
        known
    } else {
        Some(std::slice::from_ref(&env))
    };
    if !w.target_facts.wanted(&app_id, &env, known) {
        return vec![];
    }
    let generation = app.next_generation();
    let Screen::Wizard(w) = &mut app.screen else {
        return vec![];
    };
    w.target_facts.start(&app_id, &env, generation);
    vec![
        Effect::LoadBackend {
            generation,
            app_id: app_id.clone(),
            env: Some(env.clone()),
        },
        Effect::LoadJobs {
            generation,
            app_id,
            env,
        },
    ]
}
