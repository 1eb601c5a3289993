//! The README's inline screen captures are today's screens: each ```text block after a
//! `<!-- capture: NAME … -->` line must be NAME drawn by the current code, so a change to a
//! screen fails here until the README shows it. `UPDATE_README=1 cargo test --test docs
//! readme_captures::` rewrites the blocks (review them with `git diff README.md`).

use crate::support;

use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::msg::Expect;
use amplify_auth::tui::msg::Target;
use amplify_auth::tui::screens::job_pane::{JobPane, Phase, Verify};
use amplify_auth::tui::widgets::Field;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

fn ctx() -> Context {
    support::app::context("us-east-1", "sandbox http://127.0.0.1:45637")
}

/// A create wizard on the demo app's `dev`, hosted UI `myapp-auth`, Sign in with Apple with a
/// pasted key, on `step`.
fn apple_wizard(step: Step) -> App {
    let (pem, _) = support::app::fixed_key();
    let mut w = Wizard::new_create("d1a2b3c4demo", "dev", "my-app", "us-east-1", "70b826e8");
    for id in [FieldId::OAuthEnabled, FieldId::AppleEnabled] {
        *w.field_mut(id) = Field::Toggle(true);
        w.refresh();
    }
    w.set_text(FieldId::DomainPrefix, "myapp-auth");
    w.set_text(FieldId::AppleServicesId, "com.example.app.signin");
    w.set_text(FieldId::AppleTeamId, "TEAM123456");
    w.set_text(FieldId::AppleKeyId, "ABCDEFGH12");
    if let Field::Key { text, .. } = w.field_mut(FieldId::AppleKey) {
        text.paste(&pem);
    }
    w.step = step;
    w.visited
        .extend(Step::ALL.iter().copied().filter(|s| *s < step));
    w.focus = w
        .visible(step)
        .iter()
        .position(|id| *id == FieldId::AppleKey)
        .unwrap_or(0);
    w.refresh();
    App::new(Screen::Wizard(Box::new(w)), ctx())
}

fn job_completed() -> App {
    let (_, body) = support::app::fixed_key();
    let mut j = JobPane::new(
        2,
        Target::new("d1a2b3c4demo", "dev", "myapp70b826e8"),
        "CreateBackendAuth",
        Expect::Config(Box::new(maximal_config(&body))),
        0,
    );
    j.job_id = Some("0219d855-4dcd-455c-a655-25f743756481".into());
    j.timeline.push((20, "RUNNING".into()));
    j.timeline.push((3020, "COMPLETED".into()));
    j.status = "COMPLETED".into();
    j.last_update_ms = Some(3020);
    j.phase = Phase::Completed;
    j.verify = Some(Verify::Matches);
    let mut app = App::new(Screen::Job(Box::new(j)), ctx());
    app.now_ms = 3020;
    app
}

fn capture(name: &str) -> String {
    let app = match name {
        "social-apple" => apple_wizard(Step::Social),
        "review" => apple_wizard(Step::Review),
        "job-completed" => job_completed(),
        other => panic!("README names an unknown capture {other:?}"),
    };
    support::app::screen::draw(&app, 120, 32)
}

/// The README with every capture block replaced by the current drawing, and the names found.
fn current(readme: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut names = vec![];
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let Some(rest) = line.strip_prefix("<!-- capture: ") else {
            continue;
        };
        let name = rest
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let open = lines.next().unwrap_or_default();
        assert_eq!(
            open, "```text",
            "{name}: a ```text block follows the marker"
        );
        out.push_str("```text\n");
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
        }
        out.push_str(&capture(&name));
        out.push_str("```\n");
        names.push(name);
    }
    (out, names)
}

#[test]
fn the_readmes_captures_are_what_the_screens_draw_now() {
    let readme = std::fs::read_to_string(README).unwrap();
    let (now, names) = current(&readme);
    assert_eq!(names, ["social-apple", "review", "job-completed"]);
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(README, &now).unwrap();
        return;
    }
    for (i, (a, b)) in readme.lines().zip(now.lines()).enumerate() {
        assert_eq!(
            a,
            b,
            "README.md line {}: a capture is stale; UPDATE_README=1 cargo test --test docs readme_captures:: rewrites it",
            i + 1
        );
    }
    assert_eq!(
        readme.lines().count(),
        now.lines().count(),
        "a capture is stale"
    );
}

#[test]
fn the_readme_shows_the_redirect_url_with_the_environment_suffix() {
    let readme = std::fs::read_to_string(README).unwrap();
    let social = capture("social-apple");
    assert!(
        social
            .contains("https://myapp-auth-dev.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"),
        "{social}"
    );
    assert!(readme.contains("myapp-auth-dev.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"));
    assert!(
        !readme.contains("my-app-auth.auth."),
        "no redirect URL without the environment's suffix"
    );
}

#[test]
fn the_readmes_first_30_lines_answer_a_newcomers_questions() {
    let readme = std::fs::read_to_string(README).unwrap();
    let top: String = readme.lines().take(30).collect::<Vec<_>>().join("\n");
    for needed in [
        "Gen 1",
        "1 May 2027",
        "amplify_outputs.json",
        "amplifybackend:",
        "CloudFormation",
        "every user is lost",
        "without Rust",
        "d1a2b3c4demo",
        "Five keys",
        "~/.local/share/amplify-auth/",
        "docs/headless.md",
        "docs/ci.md",
        "docs/sandbox.md",
    ] {
        assert!(top.contains(needed), "the top lacks {needed:?}:\n{top}");
    }
    for doc in ["docs/headless.md", "docs/ci.md", "docs/sandbox.md"] {
        let path = format!("{}/{doc}", env!("CARGO_MANIFEST_DIR"));
        assert!(std::path::Path::new(&path).exists(), "{doc}");
    }
}
