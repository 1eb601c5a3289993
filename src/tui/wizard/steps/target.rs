//! Step 1: which app, environment and resource name.

use crate::tui::keys;
use crate::tui::widgets::field_keys::{COMBO_KEYS, FieldKey};
use ratatui::text::Line;

use crate::aws::{ApiError, BackendInfo, Job};
use crate::domain::finding::{Finding, Severity};
use crate::tui::msg::Load;
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId, Fixed, writes_nothing};
use crate::tui::wizard::mode::Mode;

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const AppId: FieldId = FieldId::named("AppId");
    pub const EnvName: FieldId = FieldId::named("EnvName");
    pub const ResourceName: FieldId = FieldId::named("ResourceName");
}

fn picker(_: &crate::domain::AuthConfig) -> Field {
    Field::Combo {
        input: Default::default(),
        options: vec![],
    }
}

/// None of these is in the config: they say where it goes (`Wizard::target`).
pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::AppId,
        "App",
        "AppId",
        "The Amplify app: pick one of the apps in this account and region, or type an id.",
        picker,
        writes_nothing,
    )
    .fixed(Fixed::Target),
    FieldDef::new(
        FieldId::EnvName,
        "Environment",
        "BackendEnvironmentName",
        "The backend environment: pick one of the app's environments, or type a new name.",
        picker,
        writes_nothing,
    )
    .fixed(Fixed::Target),
    FieldDef::new(
        FieldId::ResourceName,
        "Resource name",
        "ResourceName",
        "Name of the auth resource in the Amplify project: letters and digits.",
        |_| Field::text(""),
        writes_nothing,
    )
    .fixed(Fixed::Target),
];

pub fn notes(w: &dyn FieldValues) -> Vec<Line<'static>> {
    if w.is_edit() {
        return vec![Line::from(
            "Editing an existing resource: its app, environment and name are fixed.",
        )];
    }
    vec![Line::from(
        "Where the new auth resource goes. Amplify keeps one pending job per environment.",
    )]
}

/// What the service says of the wizard's target, read as it is picked, so the Target step
/// refuses what the service would refuse at the end: an app that is not in the account, an
/// environment that already has its auth resource, an environment with a job running.
#[derive(Clone, Debug, Default)]
pub struct TargetFacts {
    /// The account's app IDs (ListApps), once listed.
    pub app_ids: Option<Vec<String>>,
    /// The app and environment the two reads below are about, and their generation.
    pub env: Option<(String, String)>,
    pub generation: u64,
    /// The environment's auth resources (GetBackend).
    pub auth: Load<Vec<String>>,
    /// Its newest job still running (ListBackendJobs), if any.
    pub running: Load<Option<Job>>,
    /// Read again at the next chance (a next step refused for a running job checks again).
    pub stale: bool,
}

impl TargetFacts {
    /// The (app, env) to read now, if it is not the one read (or the reading is stale).
    pub fn wanted(&self, app_id: &str, env: &str, known_envs: Option<&[String]>) -> bool {
        let known = known_envs.is_some_and(|e| e.iter().any(|x| x == env));
        !app_id.is_empty()
            && known
            && (self.stale || self.env.as_ref() != Some(&(app_id.to_string(), env.to_string())))
    }

    pub fn start(&mut self, app_id: &str, env: &str, generation: u64) {
        self.env = Some((app_id.to_string(), env.to_string()));
        self.generation = generation;
        self.auth = Load::Loading;
        self.running = Load::Loading;
        self.stale = false;
    }

    pub fn on_backend(&mut self, result: Result<BackendInfo, ApiError>) {
        self.auth =
            Load::from_api(result.map(|b| b.auth_resources.into_iter().map(|r| r.name).collect()));
    }

    pub fn on_jobs(&mut self, result: Result<Vec<Job>, ApiError>) {
        self.running = Load::from_api(result.map(|jobs| {
            jobs.into_iter()
                .filter(|j| !j.status.is_finished())
                .max_by_key(|j| j.create_time)
        }));
    }
}

fn error(id: FieldId, message: String, fix: String) -> Finding {
    Finding {
        path: id.meta().path.to_string(),
        severity: Severity::Error,
        message,
        fix,
    }
}

/// The Target step's refusals from what the service said (see [`TargetFacts`]).
pub fn facts_findings(w: &dyn FieldValues, facts: &TargetFacts) -> Vec<Finding> {
    let (app_id, env) = (w.trimmed(FieldId::AppId), w.trimmed(FieldId::EnvName));
    let create = *w.mode() == Mode::Create;
    let mut out = vec![];
    if let Some(ids) = &facts.app_ids
        && create
        && !app_id.is_empty()
        && !ids.contains(&app_id)
    {
        out.push(error(
            FieldId::AppId,
            format!(
                "No app {app_id} in this account and region (ListApps lists {}).",
                crate::tui::time_text::count(ids.len(), "app")
            ),
            format!(
                "Pick one with {}, or check the profile and region (the header shows them).",
                keys::hint(COMBO_KEYS, FieldKey::Next)
            ),
        ));
    }
    if facts.env.as_ref() != Some(&(app_id.clone(), env.clone())) {
        return out;
    }
    if let (true, Load::Loaded(names)) = (create, &facts.auth)
        && let Some(name) = names.first()
    {
        out.push(error(
            FieldId::EnvName,
            format!("{env} already has its auth resource, {name}: an environment holds one."),
            // The wizard's and the config view's keys, written out: their tables would be
            // imported into the wizard's own step, closing an import loop.
            format!(
                "Pick another environment, or go back and open {name} there to edit it or to delete and recreate it."
            ),
        ));
    }
    if let Some((message, fix)) = running_job(&env, facts) {
        // The Target step refuses it (any finding here stops that step). Later it is a warning:
        // the read may be stale by the time of the submit (each next-step attempt reads it
        // again), and the job pane handles a job that is still running when the request arrives
        // (it offers to wait).
        out.push(Finding {
            severity: Severity::Warning,
            ..error(FieldId::EnvName, message, fix)
        });
    }
    out
}

/// The job running on the target, as a finding's message and fix.
fn running_job(env: &str, facts: &TargetFacts) -> Option<(String, String)> {
    let Load::Loaded(Some(job)) = &facts.running else {
        return None;
    };
    Some((
        format!(
            "{env} has a job running ({} {}): Amplify runs one job per environment.",
            job.operation.as_deref().unwrap_or("a job"),
            job.job_id
        ),
        format!(
            "Wait until it ends (the environment's {} lists its jobs), then submit again: it checks again.",
            keys::hint(
                crate::tui::screens::environment::KEYS,
                crate::tui::screens::environment::Action::Jobs
            ),
        ),
    ))
}

/// Said above every other step while the target has a job running: an edit opens past the
/// Target step (where a new resource is refused), so without this the first word of the job
/// came at Review.
pub fn running_note(w: &dyn FieldValues, facts: &TargetFacts) -> Option<String> {
    let (app_id, env) = (w.trimmed(FieldId::AppId), w.trimmed(FieldId::EnvName));
    if facts.env.as_ref() != Some(&(app_id, env.clone())) {
        return None;
    }
    running_job(&env, facts).map(|(message, fix)| format!("! {message} {fix}"))
}
