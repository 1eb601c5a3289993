//! Two editors on one resource (issue 23, item 1): the TUI's edit started from an older read, and
//! someone else's update completed meanwhile. Keys go into the real runner loop against an
//! in-process sandbox, the other editor goes straight through the SDK, and the service is read
//! back at the end: their change must survive a submit that does not touch it, and a member both
//! changed must stop the submit (nothing sent) until the person picks.

use crate::support;

use std::time::Duration;

use amplify_auth::aws::Clients;
use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::update_plan::plan_update;
use amplify_auth::sandbox::SandboxHandle;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::Load;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::{ctrl, key};

fn loaded<T>(l: &Load<T>) -> bool {
    matches!(l, Load::Loaded(_))
}

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", loaded(&app.apps)),
        Screen::Envs(v) => format!("envs loaded={}", loaded(&v.backend)),
        Screen::Env(v) => format!("env {} loaded={}", v.env, loaded(&v.backend)),
        Screen::Config(v) => format!("config {} loaded={}", v.resource, loaded(&v.config)),
        Screen::Wizard(w) => format!(
            "wizard step={:?} min={} errors={} flash={:?}",
            w.step,
            w.trimmed(FieldId::MinLength),
            w.error_count(),
            w.flash
        ),
        Screen::Job(j) => format!(
            "job status={} phase={:?} verify={:?} timeline={:?}",
            j.status,
            j.phase,
            j.verify,
            j.timeline
                .iter()
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>()
        ),
        _ => "other".into(),
    }
}

fn min_length(c: &AuthConfig) -> f64 {
    c.user_pool.password_policy.as_ref().unwrap().minimum_length
}

fn guests(c: &AuthConfig) -> bool {
    c.identity_pool.as_ref().unwrap().unauthenticated_login
}

/// The other editor: reads, changes, sends a whole-state update, and waits for it to complete.
async fn other_editor(clients: &Clients, app: &str, res: &str, change: impl Fn(&mut AuthConfig)) {
    let read = clients.get_auth(app, "staging", res).await.unwrap();
    let mut edited = read.clone();
    change(&mut edited);
    let plan = plan_update(&read, &edited);
    assert!(!plan.has_errors(), "{:?}", plan.findings);
    let job = clients
        .update_auth(app, "staging", res, &plan.request)
        .await
        .unwrap();
    let id = job.job_id.unwrap();
    for _ in 0..600 {
        let j = clients.get_job(app, "staging", &id).await.unwrap();
        if j.status.is_finished() {
            assert_eq!(j.status.to_string(), "COMPLETED");
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the other editor's job did not finish");
}

/// Opens the demo's staging config, starts an edit, sets the minimum length to `min`, and stops
/// on the Review step (the read the edit started from is now fixed).
async fn edit_min_length_to_review(d: &mut Driver, resource: &str, min: &str) {
    d.edit_staging_min_length(resource, min).await;
    d.wait_for(&format!("min={min}")).await;
    // Password → Messages → OAuth → Social → Review.
    for _ in 0..4 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review").await;
    d.wait_for_screen("Changes (1)").await;
}

/// The demo's sandbox, and the TUI on the Review step of an edit of staging's minimum length to
/// `min`, nothing sent yet: where every test here starts.
async fn on_review_of_min_length(min: &str) -> (SandboxHandle, Clients, String, String, Driver) {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(200)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    edit_min_length_to_review(&mut d, &resource, min).await;
    (sb, clients, app_id, resource, d)
}

/// The job's timeline tells what happened in order: the read before sending, then the send
/// (seen in tmux: "SUBMITTING, CHECKING, SUBMITTING", the first one never having happened).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_of_a_checked_submit_begins_with_the_check() {
    let (sb, _, _, _, mut d) = on_review_of_min_length("14").await;
    d.key(ctrl('s'));
    let (state, _) = d.wait_for("job status=COMPLETED").await;
    assert!(
        state.contains(r#"timeline=["CHECKING", "SUBMITTING", "#),
        "{state}"
    );
    d.finish().await;
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_meanwhile_to_another_member_is_kept_by_the_tui_submit() {
    let (_sb, clients, app_id, resource, mut d) = on_review_of_min_length("14").await;
    let before = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_ne!(min_length(&before), 14.0);

    // Meanwhile, someone else turns guest access around.
    let want_guests = !guests(&before);
    other_editor(&clients, &app_id, &resource, |c| {
        c.identity_pool.as_mut().unwrap().unauthenticated_login = want_guests
    })
    .await;

    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    let screen = d
        .wait_for_screen("changed meanwhile by someone else, kept")
        .await;
    assert!(
        screen.contains("IdentityPoolConfigs.UnauthenticatedLogin"),
        "the pane names what it kept: {screen}"
    );
    d.finish().await;

    let after = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(min_length(&after), 14.0, "the TUI's change");
    assert_eq!(guests(&after), want_guests, "their change is not reverted");
}

/// The same change made meanwhile (an earlier submit of this very input): nothing is sent, and
/// the timeline does not say someone else's change was kept with an empty list ("changed
/// meanwhile by someone else, kept:", seen in tmux on a second Ctrl-S).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_change_made_meanwhile_is_not_called_someone_elses() {
    let (sb, clients, app_id, resource, mut d) = on_review_of_min_length("14").await;
    other_editor(&clients, &app_id, &resource, |c| {
        c.user_pool.password_policy.as_mut().unwrap().minimum_length = 14.0
    })
    .await;
    d.key(ctrl('s'));
    let screen = d.wait_for_screen("Nothing to send").await;
    assert!(
        screen.contains("the service already holds these values"),
        "{screen}"
    );
    assert!(!screen.contains("someone else, kept"), "{screen}");
    d.finish().await;
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_both_changed_is_a_conflict_nothing_is_sent_until_the_person_picks() {
    let (_sb, clients, app_id, resource, mut d) = on_review_of_min_length("14").await;
    let before = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();

    // Meanwhile, someone else sets the same member to 16, and guest access too.
    let want_guests = !guests(&before);
    other_editor(&clients, &app_id, &resource, |c| {
        c.user_pool.password_policy.as_mut().unwrap().minimum_length = 16.0;
        c.identity_pool.as_mut().unwrap().unauthenticated_login = want_guests;
    })
    .await;
    let jobs_before = clients
        .list_jobs(&app_id, "staging", &Default::default())
        .await
        .unwrap()
        .len();

    d.key(ctrl('s'));
    d.wait_for("job status=CONFLICT").await;
    let screen = d
        .wait_for_screen("UserPoolConfigs.PasswordPolicy.MinimumLength: theirs 16 · mine 14")
        .await;
    assert!(screen.contains("Nothing was sent"), "{screen}");
    assert!(
        screen.contains("IdentityPoolConfigs.UnauthenticatedLogin"),
        "their other change is named as kept: {screen}"
    );
    let held = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(min_length(&held), 16.0, "nothing was sent");
    let jobs_now = clients
        .list_jobs(&app_id, "staging", &Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(jobs_now, jobs_before, "no job was started");

    // Keep mine: read again, merged, sent.
    d.key(key(KeyCode::Char('m')));
    d.wait_for_screen("→ keep mine").await;
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    d.finish().await;

    let after = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(min_length(&after), 14.0, "the pick: mine");
    assert_eq!(guests(&after), want_guests, "their other change stays");
}
