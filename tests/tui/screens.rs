//! Snapshots of every screen, rendered with the real view into a TestBackend, at 80×24 and 120×40,
//! in normal and error states, plus the too-small and popup states.

use crate::support;

use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Context, Popup, Screen};
use amplify_auth::tui::msg::Expect;
use amplify_auth::tui::msg::{Msg, Target};
use amplify_auth::tui::screens::job_pane::{JobPane, Phase, Verify};
use amplify_auth::tui::update::update;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use crossterm::event::KeyCode;
use support::app::screen::draw;
use support::app::{fixed_key, key, wizard_app};

fn ctx() -> Context {
    support::app::context("us-east-1", "sandbox http://127.0.0.1:PORT")
}

fn create() -> Wizard {
    let mut w = Wizard::new_create("d1a2b3c4demo", "dev", "", "us-east-1", "abcd1234");
    // Everything on, so every conditional field shows.
    w.set_text(FieldId::DomainPrefix, "myapp-auth");
    w
}

fn on(w: &mut Wizard, id: FieldId) {
    *w.field_mut(id) = amplify_auth::tui::widgets::Field::Toggle(true);
    w.refresh();
}

fn at(mut w: Wizard, step: Step) -> Wizard {
    w.step = step;
    w.focus = 0;
    w.visited
        .extend(Step::ALL.iter().copied().filter(|s| *s < step));
    w.refresh();
    w
}

/// Each step of a full wizard (OAuth and every provider on, an Apple key pasted).
fn full_wizard() -> Wizard {
    let mut w = create();
    for id in [
        FieldId::OAuthEnabled,
        FieldId::FacebookEnabled,
        FieldId::GoogleEnabled,
        FieldId::AmazonEnabled,
        FieldId::AppleEnabled,
        FieldId::ForgotEnabled,
    ] {
        on(&mut w, id);
    }
    w.set_text(FieldId::GoogleId, "1234-abc.apps.googleusercontent.com");
    w.set_text(FieldId::GoogleSecret, "google-secret");
    w.set_text(FieldId::FacebookId, "1234567890");
    w.set_text(FieldId::FacebookSecret, "fb-secret");
    w.set_text(FieldId::AmazonId, "amzn1.application-oa2-client.abc");
    w.set_text(FieldId::AmazonSecret, "amzn-secret");
    w.set_text(FieldId::AppleServicesId, "com.example.app.signin");
    w.set_text(FieldId::AppleTeamId, "TEAM123456");
    w.set_text(FieldId::AppleKeyId, "ABCDEFGH12");
    let (pem, _) = fixed_key();
    if let amplify_auth::tui::widgets::Field::Key { text, .. } = w.field_mut(FieldId::AppleKey) {
        text.paste(&pem);
    }
    w.refresh();
    w
}

const STEPS: [Step; 10] = Step::ALL;

#[test]
fn every_step_normal_at_80x24_and_120x40() {
    for step in STEPS {
        let app = wizard_app(at(full_wizard(), step), ctx());
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("step_{:?}_{w}x{h}", step), draw(&app, w, h));
        }
    }
}

/// One broken value per step, so each step's error state is shown.
fn broken(step: Step) -> Wizard {
    let mut w = full_wizard();
    match step {
        Step::Target => w.set_text(FieldId::ResourceName, "my-auth!"),
        Step::Resources => {
            w.set_text(FieldId::IdentityPoolName, "bad/name");
        }
        Step::UserPool => {
            // Erased by hand: a blank field shows its error once touched.
            w.set_text(FieldId::UserPoolName, "");
            w.touched.touch(FieldId::UserPoolName);
        }
        Step::IdentityPool => w.set_text(FieldId::IdentityPoolName, "has/slash"),
        Step::Mfa => {
            *w.field_mut(FieldId::Mfa) =
                amplify_auth::tui::widgets::Field::choice(&["OFF", "OPTIONAL", "ON"], 2);
            *w.field_mut(FieldId::MfaTypes) =
                amplify_auth::tui::widgets::Field::multi(&["SMS", "TOTP"], &["SMS"]);
            w.set_text(FieldId::MfaSms, "no code here");
        }
        Step::Password => w.set_text(FieldId::MinLength, "5"),
        Step::Messages => w.set_text(FieldId::VerifyBody, "Hi {username}"),
        Step::OAuth => w.set_text(FieldId::DomainPrefix, "-aws-"),
        Step::Social => {
            w.set_text(FieldId::AppleTeamId, "team");
            w.set_text(FieldId::GoogleId, "not-google");
        }
        Step::Review => w.set_text(FieldId::MinLength, "5.5"),
    }
    w.refresh();
    w
}

#[test]
fn every_step_with_errors_at_80x24_and_120x40() {
    for step in STEPS {
        let mut w = at(broken(step), step);
        // Focus the broken field where there is one, so its error shows under it.
        if let Some(pos) = w
            .visible(step)
            .iter()
            .position(|id| !w.findings_for(*id).is_empty())
        {
            w.focus = pos;
        }
        let app = wizard_app(w, ctx());
        for (wd, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("step_{:?}_errors_{wd}x{h}", step),
                draw(&app, wd, h)
            );
        }
    }
}

/// Long findings wrap under their text, not under their mark (seen in tmux: a posture finding's
/// wrapped lines started at the pane's edge).
#[test]
fn review_findings_wrap_under_their_text() {
    let app = wizard_app(at(broken(Step::Review), Step::Review), ctx());
    let screen = draw(&app, 80, 24);
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    // The review pane's text starts right of the steps list: "…││text".
    let pane = |l: &[char]| l.windows(2).position(|w| w == ['│', '│']).map(|c| c + 2);
    let mut wrapped = 0;
    for (i, line) in lines.iter().enumerate() {
        // A finding: "› ✗ text" or "  ! text", its mark in the pane's third column.
        let Some(mark) = pane(line).map(|p| p + 2) else {
            continue;
        };
        if !(line.get(mark).is_some_and(|c| matches!(c, '!' | '✗'))
            && line.get(mark + 1) == Some(&' '))
        {
            continue;
        }
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        if pane(next) != Some(mark - 2) || next.get(mark).is_some_and(|c| matches!(c, '!' | '✗'))
        {
            continue; // the next finding, or below the pane
        }
        if next[mark - 2..].iter().all(|c| *c == ' ' || *c == '│') {
            continue; // a blank line after the finding
        }
        assert!(
            next[mark - 2..mark + 2].iter().all(|c| *c == ' ') && next[mark + 2] != ' ',
            "line {} does not continue under the text of line {i}:\n{screen}",
            i + 1
        );
        wrapped += 1;
    }
    assert!(wrapped > 0, "no finding wrapped at 80 columns:\n{screen}");
}

#[test]
fn edit_mode_screens() {
    let (_, body) = fixed_key();
    let cfg = maximal_config(&body);
    let mut w = Wizard::new_edit("d1a2b3c4demo", "staging", "demoauth", &cfg, "us-east-1");
    w = at(w, Step::UserPool);
    insta::assert_snapshot!(
        "edit_user_pool_read_only",
        draw(&wizard_app(w.clone(), ctx()), 100, 30)
    );
    w.set_text(FieldId::MinLength, "14");
    let w = at(w, Step::Review);
    insta::assert_snapshot!(
        "edit_review_with_diff",
        draw(&wizard_app(w, ctx()), 120, 40)
    );
}

fn job_app(phase: Phase, verify: Option<Verify>) -> App {
    let (_, body) = fixed_key();
    let mut j = JobPane::new(
        2,
        Target::new("d1a2b3c4demo", "dev", "amplifyauthabcd1234"),
        "CreateBackendAuth",
        Expect::Config(Box::new(maximal_config(&body))),
        0,
    );
    j.job_id = Some("8f3e2a10-0000-4000-8000-000000000001".into());
    // A submit: the pane keeps what was sent, to go back to it or send it again.
    j.retry = Some(amplify_auth::tui::msg::Submission {
        target: j.target.clone(),
        request: amplify_auth::tui::msg::Request::Create(maximal_config(&body)),
        expect: j.expect.clone(),
        guard: None,
    });
    j.timeline.push((800, "RUNNING".into()));
    j.status = "RUNNING".into();
    j.last_update_ms = Some(2800);
    if matches!(phase, Phase::Completed) {
        j.timeline.push((3900, "COMPLETED".into()));
        j.status = "COMPLETED".into();
    }
    if matches!(phase, Phase::Failed(_)) {
        j.timeline.push((3900, "FAILED".into()));
        j.status = "FAILED".into();
    }
    j.phase = phase;
    j.verify = verify;
    let mut app = App::new(Screen::Job(Box::new(j)), ctx());
    app.now_ms = 4200;
    app
}

#[test]
fn job_pane_states() {
    let cases = [
        ("job_running", job_app(Phase::Running, None)),
        ("job_completed_verified", job_app(Phase::Completed, Some(Verify::Matches))),
        (
            "job_failed",
            job_app(
                Phase::Failed("InvalidParameterException: Provided private key cannot be used for Sign in with Apple.".into()),
                None,
            ),
        ),
        (
            "job_blocked",
            job_app(
                Phase::Blocked("CreateBackendAuth failed: BadRequestException: There is already a pending job for the requested appId: d1a2b3c4demo and backendEnvironmentName: dev, wait for it to complete before creating a new job".into()),
                None,
            ),
        ),
    ];
    for (name, app) in cases {
        insta::assert_snapshot!(name, draw(&app, 100, 30));
    }
}

#[test]
fn too_small_and_popups() {
    let app = wizard_app(create(), ctx());
    for (w, h) in [(1, 1), (20, 5), (79, 24), (80, 23)] {
        let out = draw(&app, w, h);
        if w >= 20 {
            insta::assert_snapshot!(format!("too_small_{w}x{h}"), out);
        }
    }
    // Exactly the minimum renders the wizard.
    assert!(draw(&app, 80, 24).contains("Steps"));
    let mut app = wizard_app(create(), ctx());
    update(&mut app, Msg::Key(key(KeyCode::F(1))));
    assert_eq!(app.popup, Some(Popup::Help));
    insta::assert_snapshot!("help_popup", draw(&app, 100, 30));
    app.popup = Some(Popup::ConfirmQuit);
    insta::assert_snapshot!("confirm_quit_popup", draw(&app, 80, 24));
}

#[test]
fn escape_sequences_in_service_values_leave_no_residue_in_the_wizard() {
    let (_, body) = fixed_key();
    let mut cfg = maximal_config(&body);
    cfg.user_pool.user_pool_name = "pool\u{1b}[5mblink\u{1b}]0;owned\u{7}".into();
    cfg.user_pool.oauth.as_mut().unwrap().redirect_sign_in_uris[0] =
        "https://x.example/\u{1b}[2Jcb".into();
    let w = Wizard::new_edit("d1a2b3c4demo", "staging", "demoauth", &cfg, "us-east-1");
    for step in [Step::UserPool, Step::OAuth, Step::Review] {
        let mut w = at(w.clone(), step);
        w.set_text(FieldId::MinLength, "14");
        w.refresh();
        let out = draw(&wizard_app(w, ctx()), 120, 40);
        assert!(!out.contains('\u{1b}'), "no raw escape reaches the screen");
        // Findings quote the value with visible `\u{1b}` escapes, which is safe and readable;
        // anywhere else a sequence must be gone whole, not leave `[5m` behind.
        let shown = out
            .replace("\\u{1b}[5m", "")
            .replace("\\u{1b}]0;", "")
            .replace("\\u{1b}[2J", "");
        for residue in ["[5m", "]0;", "[2J"] {
            assert!(
                !shown.contains(residue),
                "{step:?} shows {residue:?}:\n{out}"
            );
        }
    }
}

/// The wizard's own defaults deploy every day (the Amplify CLI's are the same), so Review lists
/// nothing for them; the SES caveat about email text is a note on the Messages step instead.
#[test]
fn defaults_have_no_review_findings_and_the_ses_note_is_on_the_messages_step() {
    use amplify_auth::domain::validate::CUSTOM_EMAIL_TEXT_NOTE;
    use amplify_auth::tui::wizard::form_view::step_lines;

    let defaults = Wizard::new_create("d1a2b3c4demo", "dev", "", "us-east-1", "abcd1234");
    let review = at(defaults, Step::Review);
    assert!(review.findings.is_empty(), "{:?}", review.findings);
    let screen = draw(&wizard_app(review.clone(), ctx()), 120, 40);
    assert!(
        screen.contains("Findings: 0 errors, 0 warnings")
            && screen.contains("✓ Everything checks out against Cognito's rules.")
            && !screen.contains("SES"),
        "{screen}"
    );

    let messages = at(review, Step::Messages);
    // Wide enough that no line wraps, so the note is one line of the step as drawn.
    let lines: Vec<String> = step_lines(&messages, 1000)
        .lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let note = format!("Note: {CUSTOM_EMAIL_TEXT_NOTE}");
    assert!(lines.contains(&note), "{lines:#?}");
    // A note, not a finding: no field of the step carries the text.
    assert_eq!(
        lines.iter().filter(|l| l.contains("SES")).count(),
        1,
        "{lines:#?}"
    );
}

/// A message longer than the footer's line is wrapped above the keys, never cut off.
#[test]
fn a_long_message_wraps_above_the_keys_80x24() {
    let mut w = create();
    w.flash = Some(
        "Editing auth.yaml: its resource exists, submit updates it. Unresolved, left empty: \
         Google.ClientSecret, SignInWithApple.PrivateKey. Saving drops its 1 comment line(s)."
            .into(),
    );
    let shown = draw(&wizard_app(w, ctx()), 80, 24);
    let tail: Vec<&str> = shown.lines().rev().take(3).collect();
    assert!(tail[1].ends_with("comment line(s)."), "{shown}");
    assert!(
        tail[0].contains("F1"),
        "the keys stay on the last line: {shown}"
    );
    insta::assert_snapshot!(shown);
}

/// The footer is as tall as the message wraps, not as its length divided by the width: words
/// that do not fit move down whole, so five 30-letter words take three lines at 80 columns
/// where 155 characters would suggest two. Every word is still on screen.
#[test]
fn a_word_wrapped_message_is_never_cut() {
    let words: Vec<String> = (0..5)
        .map(|i| char::from(b'a' + i).to_string().repeat(30))
        .collect();
    let mut w = create();
    w.flash = Some(words.join(" "));
    let shown = draw(&wizard_app(w, ctx()), 80, 24);
    for word in &words {
        assert!(shown.contains(word.as_str()), "{word} cut off:\n{shown}");
    }
    let tail: Vec<&str> = shown.lines().rev().take(1).collect();
    assert!(
        tail[0].contains("F1"),
        "the keys stay on the last line:\n{shown}"
    );
}
