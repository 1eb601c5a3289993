//! Opening a job pane over the current screen: for a new submission (which sends the request), or
//! following a job that already exists. Here rather than in `update`, so the popups that start a
//! job (the delete confirmation) need not import `update`.

use super::app::{App, Screen};
use super::msg::{Effect, Submission};
use super::screens::job_pane::JobPane;

/// Opens a job pane following a job that already exists (from the history, or the one that
/// blocked a submit).
pub fn follow_job(app: &mut App, job: &crate::aws::Job) -> Vec<Effect> {
    let generation = app.next_generation();
    let (mut pane, fx) = JobPane::follow(generation, job, app.now_ms, app.wall_now);
    pane.long_after_ms = app.long_job_ms;
    app.push(Screen::Job(Box::new(pane)));
    fx
}

/// Opens a job pane over the current screen (which waits on the back stack, unchanged) and
/// sends the request; a whole-state change (with a guard) first reads the resource again, and
/// the pane sends once the merge allows it (`JobPane::on_read_before_send`).
pub fn start_job(app: &mut App, submission: Submission) -> Vec<Effect> {
    start_job_then(app, submission, None)
}

/// [`start_job`], with a job to start once this one completes and is verified (the create of a
/// delete-and-recreate).
pub fn start_job_then(
    app: &mut App,
    submission: Submission,
    then: Option<Submission>,
) -> Vec<Effect> {
    let generation = app.next_generation();
    let mut pane = JobPane::new(
        generation,
        submission.target.clone(),
        submission.request.operation(),
        submission.expect.clone(),
        app.now_ms,
    );
    pane.long_after_ms = app.long_job_ms;
    pane.then = then;
    let fx = pane.send(submission, app.now_ms);
    app.push(Screen::Job(Box::new(pane)));
    fx
}
