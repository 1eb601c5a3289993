//! `update` unit tests: every wizard transition, the conditional steps, submit rules, the job pane.

use crate::support;
use support::app::ctx;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Popup, Screen};
use amplify_auth::tui::msg::Expect;
use amplify_auth::tui::msg::{Effect, Msg, Request, Target};
use amplify_auth::tui::screens::job_pane::{JobPane, Phase, Verify};
use amplify_auth::tui::update::update;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use amplify_auth::tui::wizard::mode::KeyState;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use crossterm::event::KeyCode;
use support::app::{ctrl, key};

fn create_app() -> App {
    let w = Wizard::new_create("app123", "dev", "", "us-east-1", "abcd1234");
    App::new(Screen::Wizard(Box::new(w)), ctx())
}

fn wiz(app: &App) -> &Wizard {
    match &app.screen {
        Screen::Wizard(w) => w,
        other => panic!("expected the wizard, got {other:?}"),
    }
}

fn wiz_mut(app: &mut App) -> &mut Wizard {
    match &mut app.screen {
        Screen::Wizard(w) => w,
        _ => panic!("expected the wizard"),
    }
}

fn send(app: &mut App, k: crossterm::event::KeyEvent) -> Vec<Effect> {
    update(app, Msg::Key(k))
}

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        send(app, key(KeyCode::Char(c)));
    }
}

/// Moves focus to a field of the current step.
fn focus(app: &mut App, id: FieldId) {
    let w = wiz_mut(app);
    w.focus = w
        .visible(w.step)
        .iter()
        .position(|f| *f == id)
        .expect("field visible on this step");
}

fn goto(app: &mut App, step: Step) {
    let w = wiz_mut(app);
    w.step = step;
    w.focus = 0;
}

fn clear_and_type(app: &mut App, id: FieldId, s: &str) {
    focus(app, id);
    send(app, ctrl('u'));
    send(app, key(KeyCode::End));
    send(app, ctrl('u'));
    type_text(app, s);
}

#[test]
fn defaults_are_valid_and_enter_walks_through_every_step() {
    let mut app = create_app();
    assert_eq!(wiz(&app).error_count(), 0, "{:?}", wiz(&app).findings);
    let mut seen = vec![wiz(&app).step];
    for _ in 0..100 {
        if wiz(&app).step == Step::Review {
            break;
        }
        send(&mut app, key(KeyCode::Enter));
        if *seen.last().unwrap() != wiz(&app).step {
            seen.push(wiz(&app).step);
        }
    }
    assert_eq!(
        seen,
        vec![
            Step::Target,
            Step::Resources,
            Step::UserPool,
            Step::IdentityPool,
            Step::Mfa,
            Step::Password,
            Step::Messages,
            Step::OAuth,
            Step::Review
        ],
        "OAuth is off by default, so the social step is skipped"
    );
}

#[test]
fn identity_pool_step_follows_the_resources_choice() {
    let mut app = create_app();
    assert!(wiz(&app).steps().contains(&Step::IdentityPool));
    goto(&mut app, Step::Resources);
    send(&mut app, key(KeyCode::Left));
    assert_eq!(wiz(&app).text(FieldId::Resources), "User pool only");
    assert!(!wiz(&app).steps().contains(&Step::IdentityPool));
    let cfg = wiz(&app).config.clone().unwrap();
    assert!(cfg.identity_pool.is_none());
    send(&mut app, ctrl('n'));
    send(&mut app, ctrl('n'));
    assert_eq!(
        wiz(&app).step,
        Step::Mfa,
        "user pool → MFA, skipping the identity pool"
    );
}

#[test]
fn social_step_appears_with_oauth_and_fields_with_providers() {
    let mut app = create_app();
    goto(&mut app, Step::OAuth);
    assert_eq!(wiz(&app).visible(Step::OAuth), vec![FieldId::OAuthEnabled]);
    send(&mut app, key(KeyCode::Char(' ')));
    assert!(wiz(&app).steps().contains(&Step::Social));
    assert_eq!(wiz(&app).visible(Step::OAuth).len(), 6);
    goto(&mut app, Step::Social);
    assert_eq!(
        wiz(&app).visible(Step::Social).len(),
        4,
        "four provider switches"
    );
    focus(&mut app, FieldId::AppleEnabled);
    send(&mut app, key(KeyCode::Char(' ')));
    let v = wiz(&app).visible(Step::Social);
    assert!(v.contains(&FieldId::AppleKey) && v.contains(&FieldId::AppleTeamId));
}

#[test]
fn mfa_fields_depend_on_mode_and_types() {
    let mut app = create_app();
    goto(&mut app, Step::Mfa);
    // The default is the console's (OPTIONAL with TOTP); OFF hides the types.
    assert_eq!(wiz(&app).text(FieldId::Mfa), "OPTIONAL");
    send(&mut app, key(KeyCode::Left)); // OFF
    assert_eq!(wiz(&app).text(FieldId::Mfa), "OFF");
    assert_eq!(wiz(&app).visible(Step::Mfa), vec![FieldId::Mfa]);
    send(&mut app, key(KeyCode::Right)); // OPTIONAL
    assert_eq!(wiz(&app).text(FieldId::Mfa), "OPTIONAL");
    assert_eq!(
        wiz(&app).visible(Step::Mfa),
        vec![FieldId::Mfa, FieldId::MfaTypes]
    );
    focus(&mut app, FieldId::MfaTypes);
    send(&mut app, key(KeyCode::Char(' '))); // toggles SMS (cursor starts on it)
    assert_eq!(
        wiz(&app).visible(Step::Mfa),
        vec![FieldId::Mfa, FieldId::MfaTypes, FieldId::MfaSms]
    );
}

#[test]
fn invalid_input_shows_inline_and_marks_the_step() {
    let mut app = create_app();
    goto(&mut app, Step::Password);
    clear_and_type(&mut app, FieldId::MinLength, "5");
    let w = wiz(&app);
    let on_field = w.findings_for(FieldId::MinLength);
    assert!(
        !on_field.is_empty(),
        "a finding under the minimum length field"
    );
    assert!(w.step_has_errors(Step::Password));
    clear_and_type(&mut app, FieldId::MinLength, "abc");
    assert!(
        wiz(&app)
            .findings_for(FieldId::MinLength)
            .iter()
            .any(|f| f.message.contains("not a number")),
        "{:?}",
        wiz(&app).findings
    );
    clear_and_type(&mut app, FieldId::MinLength, "12");
    assert!(wiz(&app).findings_for(FieldId::MinLength).is_empty());
    assert_eq!(
        wiz(&app)
            .config
            .as_ref()
            .unwrap()
            .user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .minimum_length,
        12.0
    );
}

#[test]
fn submit_is_refused_while_errors_remain_and_nothing_is_lost() {
    let mut app = create_app();
    goto(&mut app, Step::Password);
    clear_and_type(&mut app, FieldId::MinLength, "5");
    goto(&mut app, Step::Review);
    let fx = send(&mut app, ctrl('s'));
    assert!(fx.is_empty(), "nothing is sent");
    let w = wiz(&app);
    assert!(w.flash.as_deref().unwrap_or("").contains("Submit refused"));
    assert_eq!(w.text(FieldId::MinLength), "5", "the typed value is kept");
    // Enter on the finding jumps to its field.
    let idx = w
        .findings
        .iter()
        .position(|f| f.path.ends_with("MinimumLength"))
        .unwrap();
    wiz_mut(&mut app).review_cursor = idx;
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(wiz(&app).step, Step::Password);
    assert_eq!(wiz(&app).focused(), Some(FieldId::MinLength));
}

/// Issue 28: Ctrl-S means "commit your work" everywhere, never "next step". On a wizard step it
/// stays and the message line says where it submits and which key steps on; Ctrl-N steps on;
/// on Review Ctrl-N stays (a key pressed once too often must not send) and Ctrl-S submits.
#[test]
fn ctrl_s_never_steps_on_ctrl_n_does_and_ctrl_s_submits_from_review() {
    let mut app = create_app();
    assert_eq!(wiz(&app).step, Step::Target);
    assert_eq!(wiz(&app).error_count(), 0, "{:?}", wiz(&app).findings);
    let fx = send(&mut app, ctrl('s'));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Submit { .. })),
        "{fx:?}"
    );
    assert_eq!(wiz(&app).step, Step::Target, "Ctrl-S does not step on");
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("Ctrl-S submits from Review, the last step; Ctrl-N goes to the next step."),
        "the message line names the next-step key:\n{screen}"
    );
    assert!(
        screen.contains("Ctrl-N next"),
        "the footer agrees:\n{screen}"
    );

    send(&mut app, ctrl('n'));
    assert_eq!(wiz(&app).step, Step::Resources, "Ctrl-N steps on");
    assert_eq!(wiz(&app).flash, None, "the message went with the next key");
    // On to Review with Ctrl-N alone (the defaults have no errors, so no step stays).
    for _ in 0..20 {
        if wiz(&app).step == Step::Review {
            break;
        }
        send(&mut app, ctrl('n'));
    }
    assert_eq!(wiz(&app).step, Step::Review);
    let fx = send(&mut app, ctrl('n'));
    assert!(fx.is_empty(), "Ctrl-N on Review sends nothing: {fx:?}");
    assert_eq!(wiz(&app).step, Step::Review);
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("Review is the last step: Ctrl-S submits."),
        "{screen}"
    );

    let fx = send(&mut app, ctrl('s'));
    assert!(
        matches!(fx.as_slice(), [Effect::Submit { .. }]),
        "Ctrl-S on Review submits: {fx:?}"
    );
    assert!(matches!(app.screen, Screen::Job(_)));
}

#[test]
fn valid_submit_creates_and_opens_the_job_pane() {
    let mut app = create_app();
    goto(&mut app, Step::Review);
    let fx = send(&mut app, ctrl('s'));
    match fx.as_slice() {
        [
            Effect::Submit {
                target, request, ..
            },
        ] => {
            assert_eq!(*target, Target::new("app123", "dev", "amplifyauthabcd1234"));
            assert!(matches!(**request, Request::Create(_)));
        }
        other => panic!("expected one submit, got {other:?}"),
    }
    assert!(matches!(app.screen, Screen::Job(_)));
    assert!(
        matches!(app.back.last(), Some(Screen::Wizard(_))),
        "the wizard is kept to go back to"
    );
}

#[test]
fn edit_mode_refuses_no_change_and_keeps_immutable_fields_read_only() {
    let (_, body) = generate_key();
    let cfg = maximal_config(&body);
    let w = Wizard::new_edit("app123", "staging", "demoauth", &cfg, "us-east-1");
    let mut app = App::new(Screen::Wizard(Box::new(w)), ctx());
    assert_eq!(wiz(&app).error_count(), 0, "{:?}", wiz(&app).findings);
    goto(&mut app, Step::Review);
    let fx = send(&mut app, ctrl('s'));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Submit { .. })),
        "{fx:?}"
    );
    assert!(wiz(&app).flash.as_deref().unwrap().contains("unchanged"));

    goto(&mut app, Step::UserPool);
    focus(&mut app, FieldId::UserPoolName);
    type_text(&mut app, "x");
    assert_eq!(
        wiz(&app).text(FieldId::UserPoolName),
        "demo_userpool",
        "read-only field unchanged"
    );
    assert!(
        wiz(&app)
            .flash
            .as_deref()
            .unwrap()
            .contains("fixed after creation")
    );

    goto(&mut app, Step::Password);
    clear_and_type(&mut app, FieldId::MinLength, "14");
    let changes = wiz(&app).changes();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].path,
        "UserPoolConfigs.PasswordPolicy.MinimumLength"
    );
    assert_eq!(changes[0].before.as_deref(), Some("12"));
    assert_eq!(changes[0].after.as_deref(), Some("14"));
    goto(&mut app, Step::Review);
    let fx = send(&mut app, ctrl('s'));
    let fx = nobody_changed_it(&mut app, fx);
    match fx.as_slice() {
        [Effect::Submit { request, .. }] => match &**request {
            Request::Update(u) => {
                assert_eq!(
                    u.user_pool.password_policy.as_ref().unwrap().minimum_length,
                    14.0
                )
            }
            other => panic!("expected an update, got {other:?}"),
        },
        other => panic!("expected a submit, got {other:?}"),
    }
}

#[test]
fn pasted_apple_key_with_crlf_is_checked_and_normalised() {
    let (pem, body) = generate_key();
    let mut app = create_app();
    goto(&mut app, Step::OAuth);
    send(&mut app, key(KeyCode::Char(' ')));
    goto(&mut app, Step::Social);
    focus(&mut app, FieldId::AppleEnabled);
    send(&mut app, key(KeyCode::Char(' ')));
    focus(&mut app, FieldId::AppleKey);
    update(&mut app, Msg::Paste(pem.replace('\n', "\r\n")));
    let w = wiz(&app);
    assert!(
        matches!(w.key_state, KeyState::Valid(_)),
        "{:?}",
        w.key_state
    );
    let sent = w
        .config
        .as_ref()
        .unwrap()
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .as_ref()
        .unwrap()
        .private_key
        .clone()
        .unwrap();
    assert_eq!(
        sent.expose(),
        body,
        "the bare base64 body is what gets sent"
    );
    assert!(
        !w.request_json_masked().contains(&body[..20]),
        "review masks the key"
    );
}

#[test]
fn garbage_key_is_an_error_on_the_key_field() {
    let mut app = create_app();
    goto(&mut app, Step::OAuth);
    send(&mut app, key(KeyCode::Char(' ')));
    goto(&mut app, Step::Social);
    focus(&mut app, FieldId::AppleEnabled);
    send(&mut app, key(KeyCode::Char(' ')));
    focus(&mut app, FieldId::AppleKey);
    update(
        &mut app,
        Msg::Paste("/Users/me/Downloads/AuthKey_ABCDEFGH12.p8".into()),
    );
    let w = wiz(&app);
    assert!(matches!(w.key_state, KeyState::Invalid(_)));
    assert!(!w.findings_for(FieldId::AppleKey).is_empty());
}

#[test]
fn q_types_in_text_fields_but_quits_elsewhere() {
    let mut app = create_app();
    focus(&mut app, FieldId::ResourceName);
    send(&mut app, key(KeyCode::Char('q')));
    assert!(wiz(&app).text(FieldId::ResourceName).ends_with('q'));
    assert!(!app.quit);
    assert!(app.popup.is_none());
    // Dirty now: q on a non-text field asks first.
    goto(&mut app, Step::Resources);
    send(&mut app, key(KeyCode::Char('q')));
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    send(&mut app, key(KeyCode::Char('n')));
    assert!(app.popup.is_none() && !app.quit);
    send(&mut app, ctrl('c'));
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    let fx = send(&mut app, key(KeyCode::Char('y')));
    assert!(app.quit && matches!(fx.as_slice(), [Effect::Quit]));
}

#[test]
fn clean_wizard_quits_without_asking_and_help_opens() {
    let mut app = create_app();
    send(&mut app, key(KeyCode::F(1)));
    assert_eq!(app.popup, Some(Popup::Help));
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.popup, None);
    send(&mut app, ctrl('c'));
    assert!(app.quit);
}

#[test]
fn signals_quit_at_once() {
    let mut app = create_app();
    wiz_mut(&mut app).dirty = true;
    let fx = update(&mut app, Msg::Signal("SIGTERM"));
    assert!(app.quit && matches!(fx.as_slice(), [Effect::Quit]));
}

#[test]
fn esc_goes_back_and_first_step_esc_quits() {
    let mut app = create_app();
    send(&mut app, ctrl('n'));
    assert_eq!(wiz(&app).step, Step::Resources);
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(wiz(&app).step, Step::Target);
    send(&mut app, key(KeyCode::Esc));
    assert!(app.quit, "nothing typed, so no confirmation");
}

#[test]
fn uri_list_takes_pasted_lines_and_reports_bad_items_by_index() {
    let mut app = create_app();
    goto(&mut app, Step::OAuth);
    send(&mut app, key(KeyCode::Char(' ')));
    focus(&mut app, FieldId::SignInUris);
    send(&mut app, key(KeyCode::End));
    update(
        &mut app,
        Msg::Paste("\r\nhttp://example.com/cb\r\nmyapp://callback".into()),
    );
    let w = wiz(&app);
    assert_eq!(
        w.field(FieldId::SignInUris).items(),
        vec![
            "http://localhost:3000/",
            "http://example.com/cb",
            "myapp://callback"
        ]
    );
    let f = w.findings_for(FieldId::SignInUris);
    assert!(
        f.iter().any(|f| f.path.ends_with("RedirectSignInURIs[1]")),
        "the http URI on a public host is flagged by index: {f:?}"
    );
}

fn pane_app() -> App {
    let (_, body) = generate_key();
    let pane = JobPane::new(
        7,
        Target::new("app", "dev", "res"),
        "CreateBackendAuth",
        Expect::Config(Box::new(maximal_config(&body))),
        0,
    );
    App::new(Screen::Job(Box::new(pane)), ctx())
}

/// A whole-state submit reads the resource again first: answers it with the config the edit
/// started from (nobody changed it meanwhile) and returns what the pane does then.
fn nobody_changed_it(app: &mut App, fx: Vec<Effect>) -> Vec<Effect> {
    let [Effect::ReadBeforeSend { generation, .. }] = fx.as_slice() else {
        panic!("expected the read before sending, got {fx:?}");
    };
    let generation = *generation;
    let base = pane(app)
        .retry
        .as_ref()
        .and_then(|r| r.guard.as_ref())
        .expect("a guarded submission")
        .base
        .clone();
    update(
        app,
        Msg::ReadBeforeSend {
            generation,
            result: Ok(base),
        },
    )
}

fn pane(app: &App) -> &JobPane {
    match &app.screen {
        Screen::Job(j) => j,
        _ => panic!("expected the job pane"),
    }
}

#[test]
fn job_pane_follows_a_job_to_completion_and_verifies() {
    use amplify_auth::aws::{Job, JobRef, JobStatus};
    let mut app = pane_app();
    let fx = update(
        &mut app,
        Msg::Submitted {
            generation: 7,
            result: Ok(JobRef {
                app_id: "app".into(),
                env: "dev".into(),
                job_id: Some("job-1".into()),
                operation: Some("CreateBackendAuth".into()),
                status: JobStatus::parse("RUNNING"),
                error: None,
            }),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::PollJob { job_id, .. }] if job_id == "job-1"));
    let job = |status: &str, error: Option<&str>| Job {
        app_id: "app".into(),
        env: "dev".into(),
        job_id: "job-1".into(),
        operation: Some("CreateBackendAuth".into()),
        status: JobStatus::parse(status),
        error: error.map(str::to_string),
        create_time: None,
        update_time: None,
    };
    app.now_ms = 1500;
    let fx = update(
        &mut app,
        Msg::JobPolled {
            generation: 7,
            result: Ok(job("IN_PROGRESS", None)),
        },
    );
    assert!(
        matches!(fx.as_slice(), [Effect::PollJob { .. }]),
        "unknown statuses keep polling"
    );
    // A result from an old poll chain is dropped.
    let fx = update(
        &mut app,
        Msg::JobPolled {
            generation: 3,
            result: Ok(job("COMPLETED", None)),
        },
    );
    assert!(fx.is_empty());
    assert_eq!(pane(&app).status, "IN_PROGRESS");
    let fx = update(
        &mut app,
        Msg::JobPolled {
            generation: 7,
            result: Ok(job("COMPLETED", None)),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::VerifyAuth { .. }]));
    assert_eq!(pane(&app).phase, Phase::Completed);
    let statuses: Vec<&str> = pane(&app)
        .timeline
        .iter()
        .map(|(_, s)| s.as_str())
        .collect();
    assert_eq!(
        statuses,
        vec!["SUBMITTING", "RUNNING", "IN_PROGRESS", "COMPLETED"]
    );
    let Expect::Config(expected) = pane(&app).expect.clone() else {
        panic!("expects a config")
    };
    let expected = *expected;
    update(
        &mut app,
        Msg::Verified {
            generation: 7,
            result: Ok(expected.clone()),
        },
    );
    assert_eq!(pane(&app).verify, Some(Verify::Matches));
    let mut other = expected;
    other
        .user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 9.0;
    update(
        &mut app,
        Msg::Verified {
            generation: 7,
            result: Ok(other),
        },
    );
    assert!(matches!(&pane(&app).verify, Some(Verify::Differs(c)) if c.len() == 1));
}

#[test]
fn job_pane_shows_failure_text_and_keeps_polling_through_errors() {
    use amplify_auth::aws::{ApiError, ErrorKind, Job, JobStatus};
    let mut app = pane_app();
    match &mut app.screen {
        Screen::Job(j) => {
            j.job_id = Some("job-1".into());
            j.phase = Phase::Running;
        }
        _ => unreachable!(),
    }
    let err = ApiError::new("GetBackendJob", ErrorKind::Timeout, "no answer within 10 s");
    let fx = update(
        &mut app,
        Msg::JobPolled {
            generation: 7,
            result: Err(err),
        },
    );
    assert!(
        matches!(fx.as_slice(), [Effect::PollJob { .. }]),
        "transient errors keep polling"
    );
    let problem = pane(&app).poll_problem(app.now_ms).unwrap();
    assert!(
        problem.contains(
            "no answer within 10 s — still following the job: retrying in 2.0 s (attempt 2)"
        ),
        "{problem}"
    );
    let failed = Job {
        app_id: "app".into(),
        env: "dev".into(),
        job_id: "job-1".into(),
        operation: None,
        status: JobStatus::parse("FAILED"),
        error: Some("Provided private key cannot be used for Sign in with Apple.\u{1b}[2J".into()),
        create_time: None,
        update_time: None,
    };
    let fx = update(
        &mut app,
        Msg::JobPolled {
            generation: 7,
            result: Ok(failed),
        },
    );
    assert!(fx.is_empty());
    match &pane(&app).phase {
        Phase::Failed(e) => {
            assert!(e.contains("Provided private key"));
            assert!(
                !e.contains('\u{1b}'),
                "escape sequences never reach the terminal"
            );
        }
        other => panic!("expected FAILED, got {other:?}"),
    }
    assert!(pane(&app).retry_note.is_none());
}

#[test]
fn a_refused_submit_finds_the_blocking_job_and_can_watch_it() {
    use amplify_auth::aws::{ApiError, ErrorKind, Job, JobStatus};
    let mut app = pane_app();
    let msg = "There is already a pending job for the requested appId: app and backendEnvironmentName: dev, wait for it to complete before creating a new job";
    let err = ApiError::new(
        "CreateBackendAuth",
        ErrorKind::Service {
            code: "BadRequestException".into(),
            message: msg.into(),
            status: Some(400),
        },
        msg,
    );
    let fx = update(
        &mut app,
        Msg::Submitted {
            generation: 7,
            result: Err(err),
        },
    );
    assert!(
        matches!(fx.as_slice(), [Effect::LoadJobs { generation: 7, .. }]),
        "{fx:?}"
    );
    assert!(matches!(pane(&app).phase, Phase::Blocked(_)));
    let running = Job {
        app_id: "app".into(),
        env: "dev".into(),
        job_id: "blocker-1".into(),
        operation: Some("UpdateBackendAuth".into()),
        status: JobStatus::parse("RUNNING"),
        error: None,
        create_time: Some(std::time::SystemTime::UNIX_EPOCH),
        update_time: None,
    };
    let mut done = running.clone();
    done.job_id = "old".into();
    done.status = JobStatus::parse("COMPLETED");
    update(
        &mut app,
        Msg::JobsLoaded {
            generation: 7,
            result: Ok(vec![done, running]),
        },
    );
    assert_eq!(
        pane(&app).blocking.as_ref().map(|j| j.job_id.as_str()),
        Some("blocker-1")
    );
    let fx = send(&mut app, key(KeyCode::Char('w')));
    assert!(matches!(fx.as_slice(), [Effect::PollJob { job_id, .. }] if job_id == "blocker-1"));
    assert_eq!(pane(&app).job_id.as_deref(), Some("blocker-1"));
    // Esc goes back to the refused pane, which still offers a retry.
    send(&mut app, key(KeyCode::Esc));
    assert!(matches!(pane(&app).phase, Phase::Blocked(_)));
}

#[test]
fn delete_and_recreate_changes_fixed_fields_after_a_typed_confirmation() {
    use amplify_auth::aws::{ApiError, ErrorKind, Job, JobRef, JobStatus};
    use amplify_auth::tui::msg::Load;
    use amplify_auth::tui::screens::config_view::ConfigView;
    let (_, body) = generate_key();
    let cfg = maximal_config(&body);
    let mut view = ConfigView::new("app", "staging", "demoauth", None, 0);
    view.config = Load::Loaded(cfg);
    let mut app = App::new(Screen::Config(Box::new(view)), ctx());
    send(&mut app, key(KeyCode::Char('R')));
    assert!(wiz(&app).is_recreate());
    assert!(
        !wiz(&app).is_read_only(FieldId::UserPoolName),
        "recreate can change the fixed fields"
    );
    assert!(wiz(&app).is_read_only(FieldId::ResourceName));
    goto(&mut app, Step::UserPool);
    clear_and_type(&mut app, FieldId::UserPoolName, "renamed_pool");
    goto(&mut app, Step::Review);
    assert!(
        send(&mut app, ctrl('s')).is_empty(),
        "nothing is sent before the confirmation"
    );
    assert!(matches!(
        app.popup,
        Some(Popup::ConfirmDelete {
            then_create: Some(_),
            ..
        })
    ));
    type_text(&mut app, "demoaut");
    assert!(
        send(&mut app, key(KeyCode::Enter)).is_empty(),
        "a wrong name deletes nothing"
    );
    type_text(&mut app, "h");
    let fx = send(&mut app, key(KeyCode::Enter));
    let fx = nobody_changed_it(&mut app, fx);
    assert!(
        matches!(fx.as_slice(), [Effect::Submit { request, .. }] if matches!(**request, Request::Delete)),
        "{fx:?}"
    );
    let generation = pane(&app).generation;
    update(
        &mut app,
        Msg::Submitted {
            generation,
            result: Ok(JobRef {
                app_id: "app".into(),
                env: "staging".into(),
                job_id: Some("del-1".into()),
                operation: None,
                status: JobStatus::parse("RUNNING"),
                error: None,
            }),
        },
    );
    let done = Job {
        app_id: "app".into(),
        env: "staging".into(),
        job_id: "del-1".into(),
        operation: Some("DeleteBackendAuth".into()),
        status: JobStatus::parse("COMPLETED"),
        error: None,
        create_time: None,
        update_time: None,
    };
    let fx = update(
        &mut app,
        Msg::JobPolled {
            generation,
            result: Ok(done),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::VerifyAuth { .. }]));
    let gone = ApiError::new(
        "GetBackendAuth",
        ErrorKind::Service {
            code: "NotFoundException".into(),
            message: "not found".into(),
            status: Some(404),
        },
        "not found",
    );
    let fx = update(
        &mut app,
        Msg::Verified {
            generation,
            result: Err(gone),
        },
    );
    match fx.as_slice() {
        [Effect::Submit { request, .. }] => match &**request {
            Request::Create(c) => assert_eq!(c.user_pool.user_pool_name, "renamed_pool"),
            other => panic!("expected the create, got {other:?}"),
        },
        other => panic!("expected the create to follow the delete, got {other:?}"),
    }
}

#[test]
fn a_too_small_terminal_still_quits_with_q_even_in_a_text_field() {
    let mut app = create_app();
    focus(&mut app, FieldId::ResourceName);
    update(&mut app, Msg::Resize(40, 10));
    send(&mut app, key(KeyCode::Char('q')));
    assert!(app.quit, "q quits when nothing can be shown");
    let mut app = create_app();
    focus(&mut app, FieldId::ResourceName);
    send(&mut app, key(KeyCode::Char('q')));
    assert!(!app.quit, "at a usable size q is text");
}

#[test]
fn a_job_opened_from_the_history_counts_its_age_from_its_creation() {
    use amplify_auth::aws::{Job, JobStatus};
    use std::time::{Duration, SystemTime};
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let job = Job {
        app_id: "app".into(),
        env: "dev".into(),
        job_id: "old-1".into(),
        operation: Some("UpdateBackendAuth".into()),
        status: JobStatus::parse("RUNNING"),
        error: None,
        create_time: Some(now - Duration::from_secs(2 * 3600)),
        update_time: None,
    };
    // The app started 5 s ago; the job is two hours old.
    let now_ms = 5_000;
    let (pane, _) = JobPane::follow(3, &job, now_ms, Some(now));
    assert_eq!(
        pane.elapsed(now_ms),
        2 * 3600 * 1000,
        "elapsed is the job's age"
    );
    assert_eq!(pane.elapsed(now_ms + 1_000), 2 * 3600 * 1000 + 1_000);
    let (pane, _) = JobPane::follow(3, &job, now_ms, None);
    assert_eq!(
        pane.elapsed(now_ms),
        0,
        "without a clock it counts from now"
    );
}

#[test]
fn j_on_an_environment_opens_its_job_history() {
    use amplify_auth::tui::screens::environment::EnvView;
    let mut app = App::new(Screen::Env(EnvView::new("app", "dev", 0)), ctx());
    let fx = send(&mut app, key(KeyCode::Char('j')));
    assert!(matches!(app.screen, Screen::Jobs(_)), "{:?}", app.screen);
    assert!(matches!(fx.as_slice(), [Effect::LoadJobs { env, .. }] if env == "dev"));
    send(&mut app, key(KeyCode::Esc));
    assert!(matches!(app.screen, Screen::Env(_)), "Esc comes back");
}

#[test]
fn an_edit_whose_read_before_sending_fails_sends_nothing_and_says_so() {
    let (_, body) = generate_key();
    let cfg = maximal_config(&body).without_secrets();
    let w = Wizard::new_edit("app123", "staging", "demoauth", &cfg, "us-east-1");
    let mut app = App::new(Screen::Wizard(Box::new(w)), ctx());
    goto(&mut app, Step::Password);
    clear_and_type(&mut app, FieldId::MinLength, "14");
    goto(&mut app, Step::Review);
    let fx = send(&mut app, ctrl('s'));
    let [Effect::ReadBeforeSend { generation, target }] = fx.as_slice() else {
        panic!("a whole-state submit reads the resource first: {fx:?}");
    };
    assert_eq!(target.resource, "demoauth");
    let fx = update(
        &mut app,
        Msg::ReadBeforeSend {
            generation: *generation,
            result: Err(amplify_auth::aws::ApiError::new(
                "GetBackendAuth",
                amplify_auth::aws::ErrorKind::Timeout,
                "no answer in time",
            )),
        },
    );
    assert!(fx.is_empty(), "nothing is sent: {fx:?}");
    let p = pane(&app);
    assert_eq!(p.status, "NOT SENT");
    let Phase::SubmitFailed(why) = &p.phase else {
        panic!("{:?}", p.phase);
    };
    assert!(why.contains("again before sending"), "{why}");
    assert!(why.contains("Nothing was sent"), "{why}");
    // `r` tries again: the read comes first again.
    let fx = send(&mut app, key(KeyCode::Char('r')));
    assert!(
        matches!(fx.as_slice(), [Effect::ReadBeforeSend { .. }]),
        "{fx:?}"
    );
}

#[test]
fn a_key_id_that_differs_from_the_key_files_name_is_a_warning_worded_as_headless() {
    let mut app = create_app();
    goto(&mut app, Step::OAuth);
    send(&mut app, key(KeyCode::Char(' ')));
    goto(&mut app, Step::Social);
    focus(&mut app, FieldId::AppleEnabled);
    send(&mut app, key(KeyCode::Char(' ')));
    wiz_mut(&mut app).key_file_id = Some("ABCDEFGH12".into());
    clear_and_type(&mut app, FieldId::AppleKeyId, "ZZZZZZZZ99");
    let want =
        amplify_auth::domain::apple_key::key_id_mismatch("ABCDEFGH12", "ZZZZZZZZ99").unwrap();
    let found = wiz(&app).findings_for(FieldId::AppleKeyId);
    assert!(
        found
            .iter()
            .any(|f| f.message == want
                && f.severity == amplify_auth::domain::finding::Severity::Warning),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.severity != amplify_auth::domain::finding::Severity::Error),
        "{found:?}"
    );
}

#[test]
fn esc_at_the_first_screen_asks_before_quitting() {
    // Esc once too often on the apps list (after clearing its filter, say) used to end the app
    // unasked (issue 28).
    let mut app = App::new(
        Screen::Apps(amplify_auth::tui::screens::apps::AppsView::default()),
        ctx(),
    );
    send(&mut app, key(KeyCode::Esc));
    assert!(!app.quit, "Esc at the first screen does not quit at once");
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(support::app::screen::draw(&app, 80, 24).contains("Nothing to go back to"));
    send(&mut app, key(KeyCode::Char('n')));
    assert!(app.popup.is_none() && !app.quit);
    send(&mut app, key(KeyCode::Esc));
    send(&mut app, key(KeyCode::Char('y')));
    assert!(app.quit);
}
