//! Decoded job failures end to end (issue 15 item 5), through headless `--wait` and through the
//! TUI's job pane driven by the real runner, against the sandbox.
//!
//! The sandbox's own rules produce the Apple key refusal, the taken domain, MFA ON after creation
//! and the pending-job refusal (`src/sandbox/rules`, `jobs::ensure_no_pending`). CloudFormation
//! text and "ValidationException: null" are no rule a judge could apply honestly, so they come
//! from the fault hook `FaultConfig::auth_job_error`: a real job, FAILED with the test's text.
//! (`tests/headless/failure_decoder.rs` covers the Apple key and the pending job in headless output.)
//! The TUI cannot send an armoured Apple key (it normalises every key) nor MFA ON in an edit (it
//! refuses it before sending), so those two reach the job pane only from another client; the
//! pane's tests here are the taken domain, the pending job and the injected failures.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::update::update_request;
use amplify_auth::domain::*;
use amplify_auth::sandbox::FaultConfig;
use amplify_auth::tui::app::{App, Context, Popup, Screen};
use amplify_auth::tui::wizard::state::Wizard;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::{ctrl, key};
use support::headless::*;

/// A create document for any app (the support's `create_doc` is for [`APP`]).
fn create_doc_for(app: &str, resource: &str, config: &AuthConfig) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "AppId": app,
        "BackendEnvironmentName": ENV,
        "ResourceName": resource,
        "ResourceConfig": config,
    }))
    .unwrap()
}

const OTHER_APP: &str = "d0headless02";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_domain_is_decoded_by_create_wait() {
    let env = with_backend(Duration::from_millis(100)).await;
    env.add_backend(OTHER_APP, ENV).await;
    let cfg = with_hosted_ui("taken", Default::default());
    let first = env.file("first.json", &create_doc("first", &cfg));
    let run = env.run(&["create", "--input", &first, "--wait"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    // The same prefix in another app, same environment name: the same Cognito domain.
    let second = env.file("second.json", &create_doc_for(OTHER_APP, "second", &cfg));
    let run = env.run(&["create", "--input", &second, "--wait"]).await;
    assert_eq!(run.code, 4, "{run:?}");
    // The hosted UI custom resource failed ("Domain not available" is only in its CloudWatch
    // log on AWS): decoded to the member it deploys and the log to read.
    assert!(
        run.stderr
            .contains("HostedUICustomResourceInputs (Custom::LambdaCallout)"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("\n  field: ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix\n  cause: The auth stack's custom resource HostedUICustomResource failed while deploying the hosted UI domain"),
        "{run:?}"
    );
    assert!(run.stderr.contains("CloudWatch Logs only"), "{run:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mfa_on_after_creation_is_decoded_by_job_wait() {
    let env = with_backend(Duration::from_millis(100)).await;
    let cfg = default_config("mfa");
    env.create_wait("mfaauth", &cfg).await;
    // `update` refuses MFA ON locally; another client sends it, and the service fails the job.
    let mut on = cfg.clone();
    on.user_pool.mfa = Some(MfaConfig {
        mode: MfaMode::On,
        settings: Some(MfaSettings {
            mfa_types: Some(vec![MfaType::Totp]),
            ..Default::default()
        }),
        ..Default::default()
    });
    let local = env.file("on.json", &create_doc("mfaauth", &on));
    let refused = env.run(&["update", "--input", &local, "--wait"]).await;
    assert_eq!(refused.code, 3, "refused before sending: {refused:?}");
    let job = env
        .clients
        .update_auth(APP, ENV, "mfaauth", &update_request(&on))
        .await
        .expect("the request is accepted");
    let job_id = job.job_id.unwrap();
    let run = env
        .run_scoped("job", &["--job-id", &job_id, "--wait"])
        .await;
    assert_eq!(run.code, 4, "{run:?}");
    assert!(
        run.stderr
            .contains("\n  field: ResourceConfig.UserPoolConfigs.Mfa.MFAMode\n  cause: "),
        "{run:?}"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_cloudformation_and_validation_null_failures_are_decoded_by_create_wait() {
    let env = with_backend(Duration::from_millis(100)).await;
    let cases = [
        (
            "Resource Name: ab12 (AWS::Cognito::UserPoolDomain) Event Type: create Reason: Invalid request provided",
            Some("ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix"),
            "Invalid request provided",
        ),
        (
            "ValidationException: null",
            None,
            "The service refused the request without saying why",
        ),
    ];
    for (i, (text, field, cause)) in cases.into_iter().enumerate() {
        env.sandbox.set_faults(FaultConfig {
            auth_job_error: Some(text.into()),
            ..Default::default()
        });
        let name = format!("inject{i}");
        let file = env.file(
            &format!("{name}.json"),
            &create_doc(&name, &with_hosted_ui(&name, Default::default())),
        );
        let run = env.run(&["create", "--input", &file, "--wait"]).await;
        assert_eq!(run.code, 4, "{run:?}");
        assert!(
            run.stderr.contains(text),
            "the service's text is shown: {run:?}"
        );
        match field {
            Some(f) => assert!(run.stderr.contains(&format!("\n  field: {f}\n")), "{run:?}"),
            None => assert!(!run.stderr.contains("field:"), "{run:?}"),
        }
        assert!(run.stderr.contains(cause), "{run:?}");
    }
    // Without the fault, the same input goes through.
    env.sandbox.set_faults(FaultConfig::default());
    env.create_wait("clean", &with_hosted_ui("clean", Default::default()))
        .await;
    env.stop().await;
}

fn describe(app: &App) -> String {
    let popup = match &app.popup {
        Some(Popup::ConfirmDelete { .. }) => "confirm-delete",
        Some(_) => "other",
        None => "none",
    };
    let screen = match &app.screen {
        Screen::Wizard(w) => format!(
            "wizard step={:?} field={:?} errors={} flash={:?}",
            w.step,
            w.focused().map(|f| f.meta().path),
            w.error_count(),
            w.flash
        ),
        Screen::Job(j) => format!(
            "job op={} status={} phase={:?} verify={:?} decoded={:?}",
            j.operation,
            j.status,
            j.phase,
            j.verify,
            j.decoded.as_ref().map(|d| d.field.clone())
        ),
        _ => format!("elsewhere {}", app.screen.title()),
    };
    format!("popup={popup} {screen}")
}

/// Delete and recreate through the TUI, the create FAILing with `error` (the sandbox's rule, or
/// `None` for `inject`): the job pane decodes it and `f` lands on the field in the wizard.
async fn recreate_failing(
    env: &Env,
    app: &str,
    resource: &str,
    cfg: &AuthConfig,
    region: &str,
) -> Driver {
    // The wizard holds `cfg`; it was opened on what is deployed (read here), so the read before
    // the delete finds nothing changed meanwhile and the recreate goes ahead as typed.
    // (A resource still being created cannot be read yet: then there is nothing to merge.)
    let mut w = Wizard::new_recreate(app, ENV, resource, cfg, region);
    if let Ok(deployed) = env.clients.get_auth(app, ENV, resource).await {
        w.mode = amplify_auth::tui::wizard::mode::Mode::Recreate {
            original: Box::new(deployed),
        };
    }
    let app = App::new(
        Screen::Wizard(Box::new(w)),
        Context {
            region: region.into(),
            target: "sandbox".into(),
        },
    );
    let mut d = Driver::start(app, env.clients.clone(), describe);
    // Ctrl-N walks the steps to the review (once more there only says so), Ctrl-S submits; a
    // recreate asks for the name.
    for _ in 0..12 {
        d.key(ctrl('n'));
    }
    d.key(ctrl('s'));
    d.wait_for("popup=confirm-delete").await;
    d.type_text(resource);
    d.key(key(KeyCode::Enter));
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_job_pane_decodes_a_taken_domain_and_f_goes_to_the_domain_prefix() {
    let env = with_backend(Duration::from_millis(200)).await;
    env.add_backend(OTHER_APP, ENV).await;
    let cfg = with_hosted_ui("tuitaken", Default::default());
    // The domain is held by a resource of another app.
    env.create_wait("holder", &cfg).await;
    // The resource to recreate, without a hosted UI yet.
    let other = env.file(
        "mine.json",
        &create_doc_for(OTHER_APP, "mine", &default_config("mine")),
    );
    assert_eq!(
        env.run(&["create", "--input", &other, "--wait"]).await.code,
        0
    );
    let region = env.clients.region.clone();
    let mut d = recreate_failing(&env, OTHER_APP, "mine", &cfg, &region).await;
    let (state, screen) = d.wait_for("op=CreateBackendAuth status=FAILED").await;
    assert!(
        state.contains("decoded=Some(Some(\"UserPoolConfigs.OAuth.DomainPrefix\"))"),
        "{state}"
    );
    let screen = if screen.contains("f opens the wizard") {
        screen
    } else {
        d.wait_for_screen("f opens the wizard").await
    };
    assert!(screen.contains("CloudWatch"), "{screen}");
    assert!(
        screen.contains("Field  UserPoolConfigs.OAuth.DomainPrefix"),
        "{screen}"
    );
    d.key(key(KeyCode::Char('f')));
    let (state, _) = d
        .wait_for("field=Some(\"UserPoolConfigs.OAuth.DomainPrefix\")")
        .await;
    assert!(state.starts_with("popup=none wizard"), "{state}");
    assert!(state.contains("failed on this field"), "{state}");
    d.finish().await;
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_job_pane_decodes_injected_failures() {
    let env = with_backend(Duration::from_millis(200)).await;
    let mine = env.file("mine.json", &create_doc("mine", &default_config("mine")));
    assert_eq!(
        env.run(&["create", "--input", &mine, "--wait"]).await.code,
        0
    );
    // The delete goes through; the create after it FAILs with CloudFormation's text.
    env.sandbox.set_faults(FaultConfig {
        auth_job_error: Some(
            "UPDATE_FAILED HostedUIProvidersCustomResourceInputs Received response status [FAILED] from custom resource. See the details in CloudWatch Log Stream".into(),
        ),
        ..Default::default()
    });
    let region = env.clients.region.clone();
    let cfg = with_hosted_ui(
        "tuicfn",
        SocialProviders {
            google: Some(ProviderClient {
                client_id: Some("123-abc.apps.googleusercontent.com".into()),
                client_secret: Some(Secret::new("google-secret")),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    let mut d = recreate_failing(&env, APP, "mine", &cfg, &region).await;
    let (state, _) = d.wait_for("op=CreateBackendAuth status=FAILED").await;
    assert!(
        state.contains("decoded=Some(Some(\"UserPoolConfigs.OAuth.SocialProviderSettings\"))"),
        "{state}"
    );
    let screen = d.wait_for_screen("What it means").await;
    assert!(
        screen.contains("UPDATE_FAILED HostedUIProvidersCustomResourceInputs"),
        "{screen}"
    );
    d.key(key(KeyCode::Char('f')));
    let (state, _) = d.wait_for("popup=none wizard").await;
    assert!(
        state.contains("field=Some(\"UserPoolConfigs.OAuth.SocialProviderSettings."),
        "{state}"
    );
    d.finish().await;
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_job_pane_decodes_the_pending_job_refusal() {
    // The backend's own job finishes first; then jobs last long enough to block.
    let env = with_backend_on_disk(Duration::from_millis(100))
        .await
        .restart(Duration::from_secs(600))
        .await;
    env.clients
        .create_auth(APP, ENV, "running", &default_config("running"))
        .await
        .expect("a job starts and keeps running");
    let region = env.clients.region.clone();
    let mut d = recreate_failing(&env, APP, "running", &default_config("next"), &region).await;
    let (state, _) = d.wait_for("op=DeleteBackendAuth status=REFUSED").await;
    assert!(state.contains("phase=Blocked"), "{state}");
    let screen = d.wait_for_screen("What it means").await;
    assert!(
        screen.contains("There is already a pending job"),
        "{screen}"
    );
    assert!(
        screen
            .contains("Cause  Another job is still running for app d0headless01, environment dev"),
        "{screen}"
    );
    // No field to go to: f is not offered.
    assert!(!screen.contains("f opens the wizard"), "{screen}");
    d.finish().await;
    env.stop().await;
}
