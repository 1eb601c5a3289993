//! Opening a screen a screen asked for (a `Cmd::Open…`, `Create`, `Edit`, …): each is built from
//! what the command carries and what the app knows (the region, the apps list), then pushed over
//! the current screen; the browse screens load as they open.

use super::app::{App, Screen};
use super::browse;
use super::msg::{Cmd, Effect, Load};
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
use super::wizard::state::Wizard;

/// Opens what `cmd` names (commands that open nothing do nothing here).
pub fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::OpenOverview => browse::open_overview(app, Default::default()),
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
            push(app, Screen::Import(ImportForm::new(&app_id, &env)))
        }
        Cmd::Create { app_id, env } => browse::open_create(app, &app_id, &env),
        Cmd::AddEnv {
            app_id,
            app_name,
            envs,
            from,
        } => add_env(app, app_id, app_name, envs, from),
        Cmd::Compare { left, right } => browse::open(
            app,
            Screen::Compare(Box::new(CompareView::new(left, right))),
        ),
        cmd => wizard_or_tool(app, cmd),
    }
}

/// The wizards (edit, recreate, promote) and the config screen's tools (frontend file, Gen 2,
/// provider checklist).
fn wizard_or_tool(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    let region = app.ctx.region.clone();
    let screen = match cmd {
        Cmd::Edit {
            target: t,
            config,
            recreate,
        } => Screen::Wizard(Box::new(if recreate {
            Wizard::new_recreate(&t.app_id, &t.env, &t.resource, &config, &region)
        } else {
            Wizard::new_edit(&t.app_id, &t.env, &t.resource, &config, &region)
        })),
        Cmd::Promote {
            source,
            source_resource,
            target,
            target_config,
        } => Screen::Wizard(Box::new(super::promote::wizard(
            &source,
            &source_resource,
            &target,
            target_config.as_deref(),
            &region,
        ))),
        Cmd::OpenFrontend {
            target,
            config,
            meta,
        } => {
            let deployed = deployed_from(meta.as_ref(), &region);
            Screen::Frontend(Box::new(FrontendView::new(target, *config, deployed)))
        }
        Cmd::OpenGen2 {
            target,
            config,
            meta,
            live,
        } => {
            let live = live
                .map(|pool| crate::domain::gen2::from_live::gen2_live(&pool))
                .unwrap_or_default();
            let ids = ids_from(meta.as_ref());
            Screen::Gen2(Box::new(Gen2View::new(target, *config, &region, ids, live)))
        }
        Cmd::OpenChecklist {
            target,
            config,
            meta,
        } => {
            let host = deployed_from(meta.as_ref(), &region).and_then(|d| {
                d.hosted_ui_host().ok_or_else(|| {
                    "The resource has no hosted UI domain deployed (OAuth off, or not deployed yet): providers have nothing to point at.".to_string()
                })
            });
            Screen::Checklist(Box::new(ChecklistView::new(target, &config, host)))
        }
        _ => return vec![],
    };
    push(app, screen)
}

fn push(app: &mut App, screen: Screen) -> Vec<Effect> {
    app.push(screen);
    vec![]
}

/// The form adding a backend environment. CreateBackend needs the app's name; the apps list has
/// it when GetBackend failed.
fn add_env(
    app: &mut App,
    app_id: String,
    app_name: String,
    envs: Vec<String>,
    from: Option<String>,
) -> Vec<Effect> {
    let name = match (&app.apps, app_name.is_empty()) {
        (Load::Loaded(apps), true) => apps
            .iter()
            .find(|a| a.app_id == app_id)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        _ => app_name,
    };
    let form = EnvAddForm::new(&app_id, &name, envs, from.as_deref());
    push(app, Screen::EnvAdd(form))
}
