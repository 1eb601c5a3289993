//! From a decoded job failure back to the field to fix: the job pane's `f`.
//!
//! The wizard that submitted waits on the back stack under the job pane (and, for delete and
//! recreate, under the delete's pane too), holding exactly what was submitted, secrets typed
//! included. So "reopen the wizard with what was submitted" is: leave the job panes, and focus
//! the decoded field in that wizard. Only the wizard's public face is used (`field_for`, `goto`,
//! `visible`), so its field declarations can change underneath.

use crate::domain::finding::{Finding, Severity};
use crate::tui::app::{App, Screen};
use crate::tui::msg::{Effect, Submission};
use crate::tui::wizard::state::Wizard;
use crate::tui::wizard::steps::Step;

/// Leaves the job pane(s) for the wizard below and puts it on `field` (a JSON path below
/// `ResourceConfig`). Without a wizard below, it goes back as `e` would.
pub fn reopen(app: &mut App, field: Option<&str>, retry: &Submission) -> Vec<Effect> {
    while matches!(app.screen, Screen::Job(_)) {
        if !app.pop() {
            break;
        }
    }
    let Screen::Wizard(w) = &mut app.screen else {
        return crate::tui::browse::reload_after_pop(app);
    };
    let why = match field {
        Some(path) if focus_path(w, path) => format!(
            "{} failed on this field ({path}). Fix it and submit again.",
            retry.request.operation()
        ),
        Some(path) => {
            w.goto(Step::Review);
            format!(
                "{} failed on {path}, which this wizard has no field for: check the request here.",
                retry.request.operation()
            )
        }
        None => {
            w.goto(Step::Review);
            format!(
                "{} failed: check the request here.",
                retry.request.operation()
            )
        }
    };
    w.flash = Some(why);
    vec![]
}

/// Puts the wizard on the field a JSON path names; false when no visible field holds it. A path
/// that names a group (`…SocialProviderSettings`) goes to the group's first field rather than to
/// an enclosing one (`…OAuth`), so the cursor lands where the fix is typed.
pub fn focus_path(w: &mut Wizard, path: &str) -> bool {
    let probe = Finding {
        path: path.to_string(),
        severity: Severity::Error,
        message: String::new(),
        fix: String::new(),
    };
    let exact = w.field_for(&probe).filter(|(_, id)| id.meta().path == path);
    let inside = || {
        let group = format!("{path}.");
        w.steps().into_iter().find_map(|step| {
            w.visible(step)
                .into_iter()
                .find(|id| id.meta().path.starts_with(&group))
                .map(|id| (step, id))
        })
    };
    let Some((step, id)) = exact.or_else(inside).or_else(|| w.field_for(&probe)) else {
        return false;
    };
    w.goto(step);
    w.focus = w.visible(step).iter().position(|x| *x == id).unwrap_or(0);
    true
}
