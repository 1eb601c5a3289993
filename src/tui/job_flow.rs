//! The job pane's part in the app beyond its own screen: its results arriving (stale ones
//! dropped by generation), what a completed job means for the wizards under it (their drafts go,
//! their input is no longer unsaved), and where each way out of the pane leads.

use super::app::{App, Screen};
use super::browse::reload_after_pop;
use super::job_open::{follow_job, start_job};
use super::msg::{Cmd, Effect, Expect, Msg};
use super::screens::job_pane::{Phase, Verify};
use super::wizard::draft;

/// A job pane's message: to the pane on display if it is the one that asked (its generation).
pub fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let now = app.now_ms;
    let Screen::Job(j) = &mut app.screen else {
        return vec![];
    };
    match msg {
        Msg::Submitted { generation, result } if j.generation == generation => {
            let job_id = result.as_ref().ok().and_then(|r| r.job_id.clone());
            let mut fx = j.on_submitted(result, now);
            fx.extend(draft::job_named(app, job_id));
            fx
        }
        Msg::JobPolled { generation, result } if j.generation == generation => {
            let fx = j.on_polled(result, now);
            let (completed, last_step) = (j.phase == Phase::Completed, j.then.is_none());
            let mut fx = fx;
            if completed {
                fx.extend(completed_under(app, last_step));
            }
            fx
        }
        Msg::Verified { generation, result } if j.generation == generation => {
            j.on_verified(result);
            // Delete and recreate: the delete is confirmed, so the create goes next.
            if j.verify == Some(Verify::Matches)
                && let Some(next) = j.then.take()
            {
                return start_job(app, next);
            }
            vec![]
        }
        Msg::LiveBeforeSend { generation, check } if j.generation == generation => {
            j.on_live_check(*check, now)
        }
        Msg::ReadBeforeSend { generation, result } if j.generation == generation => {
            j.on_read_before_send(result, now)
        }
        Msg::Attempt { generation, note } if j.generation == generation => {
            j.on_attempt(&note, now);
            vec![]
        }
        // Results of a poll chain the user has left are dropped.
        _ => vec![],
    }
}

/// The job completed: the wizards waiting under it have reached the service.
fn completed_under(app: &mut App, last_step: bool) -> Vec<Effect> {
    let mut fx = vec![];
    // Its draft is done with too (a delete-and-recreate keeps it for the create).
    if last_step {
        for s in &app.back {
            if let Screen::Wizard(w) = s {
                fx.extend(draft::delete(app, w));
            }
        }
    }
    // The input behind this job has reached the service: quitting loses nothing. A
    // file-backed wizard stays dirty until its file is written (`saved`).
    let file_backed = app.edit_file.is_some();
    for s in app.back.iter_mut().filter(|_| !file_backed) {
        if let Screen::Wizard(w) = s {
            w.dirty = false;
        }
    }
    fx
}

/// Starting, following and leaving job panes.
pub fn run(app: &mut App, cmd: Cmd) -> Vec<Effect> {
    match cmd {
        Cmd::StartJob(r) => {
            // A file-backed wizard saves its file before the job starts (see edit_file_save).
            let mut fx = super::wizard::edit_file_save::save_before_submit(app);
            fx.extend(start_job(app, *r));
            fx
        }
        Cmd::Follow(job) => follow_job(app, &job),
        Cmd::JobDone => done(app),
        // Failed, refused, or still running: back to the input, unchanged.
        Cmd::LeaveJob => {
            app.pop();
            reload_after_pop(app)
        }
        Cmd::RetryJob(r) => {
            app.pop();
            start_job(app, *r)
        }
        Cmd::FixField { field, retry } => {
            super::wizard::fix_field::reopen(app, field.as_deref(), &retry)
        }
        _ => vec![],
    }
}

/// Done: back to where the change started, re-read so it shows the new state.
fn done(app: &mut App) -> Vec<Effect> {
    // What the service now holds, confirmed by reading it back (a file-backed wizard stays open
    // on it, see below).
    let confirmed = match &app.screen {
        Screen::Job(j) if j.verify == Some(Verify::Matches) => match &j.expect {
            Expect::Config(c) => Some(c.as_ref().clone()),
            _ => None,
        },
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
    // `edit --input`: the wizard is the first screen, so it is where the job returns to; from
    // now on it edits what was just applied.
    if let (Some(cfg), Some(file), Screen::Wizard(w)) =
        (confirmed, app.edit_file.as_mut(), &mut app.screen)
    {
        super::wizard::edit_file::applied(w, file, cfg);
    }
    reload_after_pop(app)
}
