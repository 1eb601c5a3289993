//! Promote in the TUI: the wizard on the target, filled with the source's values, opened on
//! Review so the first thing shown is the diff against the target.
//!
//! It is the ordinary edit wizard (or create, for a target without auth) built through the
//! wizard's public constructors: what it refuses (members fixed at creation, removals the API
//! cannot express, secrets the change needs) comes from the same `plan_update` as every edit and
//! as headless `promote`, each finding naming its member.

use crate::domain::AuthConfig;

use super::msg::Target;
use super::wizard::mode::Mode;
use super::wizard::state::Wizard;
use super::wizard::steps::Step;

/// The wizard that applies `source` to `target` (`target_config`: what the target holds now;
/// `None` when it has no auth, then the wizard creates `source_resource` there).
pub fn wizard(
    source: &AuthConfig,
    source_resource: &str,
    target: &Target,
    target_config: Option<&AuthConfig>,
    region: &str,
) -> Wizard {
    let (app, env) = (&target.app_id, &target.env);
    let mut w = match target_config {
        Some(current) => {
            // Filled from the source, judged and diffed against the target's config.
            let mut w = Wizard::new_edit(app, env, &target.resource, source, region);
            w.mode = Mode::Edit {
                original: Box::new(current.clone()),
            };
            w
        }
        None => {
            // Every field editable and filled from the source; submitted as a create.
            let mut w = Wizard::new_recreate(app, env, source_resource, source, region);
            w.mode = Mode::Create;
            w
        }
    };
    w.goto(Step::Review);
    w.visited = w.steps().into_iter().collect();
    // The target does not hold these values yet: leaving asks first.
    w.dirty = true;
    w.refresh();
    w.flash = Some(match target_config {
        Some(_) => format!("Promote to {env}: the changes below are against what {env} holds now."),
        None => format!("{env} has no auth yet: promote creates {source_resource} there."),
    });
    w
}
