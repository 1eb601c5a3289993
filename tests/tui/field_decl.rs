//! One field, one place (issue 13 item 5): a wizard field is declared once, in its step's
//! `FIELDS` table, and that declaration is what the wizard renders, how it reads a config and
//! builds it back, and where validation findings land.

use crate::support;

use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::finding::{Finding, Severity};
use amplify_auth::domain::samples::{default_config, hardened_config, maximal_config};
use amplify_auth::tui::widgets::Field;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use amplify_auth::tui::wizard::review_summary::summary;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use amplify_auth::tui::wizard::steps::{STEP_FIELDS, all_fields};

fn draw(w: &Wizard) -> String {
    let app = support::app::wizard_app(w.clone(), support::app::ctx());
    support::app::screen::draw_full(&app, 120, 60)
}

fn maximal() -> AuthConfig {
    maximal_config(&support::app::fixed_key().1)
}

/// A wizard on `cfg` where every field can be edited (a recreate), so every field renders as
/// it would when created.
fn wizard_on(cfg: &AuthConfig) -> Wizard {
    Wizard::new_recreate("d1a2b3c4demo", "dev", "demoauth", cfg, "us-east-1")
}

/// Fields whose path is not in the `ResourceConfig`: where the resource goes, and a file path.
const OUTSIDE_CONFIG: [FieldId; 4] = [
    FieldId::AppId,
    FieldId::EnvName,
    FieldId::ResourceName,
    FieldId::AppleKeyFile,
];

#[test]
fn every_field_is_declared_once_and_the_wizard_holds_exactly_the_declared_fields() {
    let mut names: Vec<&str> = all_fields().map(|d| d.id.name()).collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "two declarations share a field id");
    for d in all_fields() {
        assert!(d.label.chars().count() <= 19, "{:?}: label too long", d.id);
        assert!(!d.help.is_empty() && !d.path.is_empty(), "{:?}", d.id);
        // The id's declaration is this one (the lookup goes through the same tables).
        assert!(std::ptr::eq(d.id.def(), d));
    }
    let w = wizard_on(&maximal());
    let held: Vec<FieldId> = w.fields.keys().copied().collect();
    let declared: Vec<FieldId> = all_fields().map(|d| d.id).collect();
    assert_eq!(held, declared, "the wizard's fields, in declaration order");
    // Each step shows its own declarations, in their order.
    for (step, defs) in STEP_FIELDS {
        let shown = w.visible(step);
        let own: Vec<FieldId> = defs.iter().map(|d| d.id).collect();
        assert!(!shown.is_empty(), "{step:?} shows nothing");
        assert!(
            shown.iter().all(|id| own.contains(id)),
            "{step:?} shows {shown:?}, declared {own:?}"
        );
    }
}

#[test]
fn a_fields_declaration_drives_its_rendering() {
    // The maximal config shows every field but the SMS texts; with SMS delivery they show.
    let mut by_sms = maximal();
    let up = &mut by_sms.user_pool;
    for m in [&mut up.verification_message, &mut up.forgot_password] {
        m.as_mut().unwrap().delivery_method = amplify_auth::domain::DeliveryMethod::Sms;
    }
    let mut seen = std::collections::BTreeSet::new();
    for cfg in [maximal(), by_sms] {
        let mut w = wizard_on(&cfg);
        for (step, _) in STEP_FIELDS {
            w.goto(step);
            for (i, id) in w.visible(step).into_iter().enumerate() {
                w.focus = i;
                let screen = draw(&w);
                let d = id.def();
                assert!(
                    screen.contains(d.label),
                    "{id:?}: label {:?} not on screen",
                    d.label
                );
                // The focused field's help shows (its opening words; long help wraps).
                let opening: Vec<&str> = d.help.split(' ').take(4).collect();
                assert!(
                    screen.contains(&opening.join(" ")),
                    "{id:?}: help {:?} not on screen:\n{screen}",
                    d.help
                );
                // The value shown is the one the declaration read from the config.
                let field = (d.read)(&cfg);
                if let amplify_auth::tui::widgets::Field::Text(_) = field {
                    let v = field.value();
                    assert!(screen.contains(&v), "{id:?}: value {v:?} not on screen");
                }
                seen.insert(id);
            }
        }
    }
    assert_eq!(seen.len(), all_fields().count(), "every field was shown");
}

#[test]
fn the_fields_read_a_config_and_build_the_same_config_back() {
    for cfg in [default_config("demo"), hardened_config("demo"), maximal()] {
        for w in [
            wizard_on(&cfg),
            Wizard::new_edit("d1a2b3c4demo", "dev", "demoauth", &cfg, "us-east-1"),
        ] {
            assert_eq!(w.config.as_ref(), Some(&cfg));
        }
    }
    // Changing one field changes the config at that field's path and nowhere else.
    let cfg = maximal();
    let mut w = wizard_on(&cfg);
    w.set_text(FieldId::DomainPrefix, "other-prefix");
    w.refresh();
    let mut want = cfg.clone();
    want.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("other-prefix".into());
    assert_eq!(w.config, Some(want));
}

/// The value at a dotted path (`UserPoolConfigs.OAuth.DomainPrefix`) of the config's JSON.
fn at_path<'a>(json: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(json, |v, key| v.get(key))
}

#[test]
fn every_declared_path_is_where_the_field_writes_in_the_config() {
    let json = serde_json::to_value(maximal()).unwrap();
    for d in all_fields().filter(|d| !OUTSIDE_CONFIG.contains(&d.id)) {
        assert!(
            at_path(&json, d.path).is_some(),
            "{:?}: {} is not in the config's JSON",
            d.id,
            d.path
        );
    }
}

#[test]
fn a_domain_finding_on_a_fields_path_shows_under_it() {
    // A real finding from the domain's validation: a minimum below 6.
    let mut w = wizard_on(&default_config("demo"));
    w.set_text(FieldId::MinLength, "3");
    w.refresh();
    let path = FieldId::MinLength.def().path;
    let under = w.findings_for(FieldId::MinLength);
    let finding = under
        .iter()
        .find(|f| f.path == path && f.severity == Severity::Error)
        .map(|f| f.message.clone())
        .unwrap_or_else(|| panic!("no finding on {path} under the field: {:?}", w.findings));
    w.goto(Step::Password);
    let screen = draw(&w);
    let opening: String = finding.chars().take(30).collect();
    assert!(
        screen.contains(&opening),
        "{opening:?} not on screen:\n{screen}"
    );

    // Any finding on a field's declared path, or below it, lands on that field.
    let mut w = wizard_on(&maximal());
    for (step, _) in STEP_FIELDS {
        for id in w.visible(step) {
            for path in [id.def().path.to_string(), format!("{}[1]", id.def().path)] {
                w.findings = vec![Finding {
                    path,
                    severity: Severity::Error,
                    message: "marker".into(),
                    fix: String::new(),
                }];
                assert_eq!(w.field_for(&w.findings[0]), Some((step, id)));
                assert_eq!(w.findings_for(id).len(), 1, "{id:?}");
            }
        }
    }
}

/// The Review summary as plain text for a pane `width` columns wide.
fn summary_text(w: &Wizard, width: u16) -> String {
    summary(w, width)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the summary must show right after a field's `Label: `: the opening of its value as the
/// step shows it (choices by label, toggles yes/no, lists from their first item), or the mask.
fn value_opening(field: &Field) -> String {
    let opening = |s: &str| s.trim().chars().take(7).collect::<String>();
    match field {
        _ if field.is_secret() => "•".into(),
        Field::Toggle(on) => if *on { "yes" } else { "no" }.into(),
        Field::Multi { .. } => field
            .selected_options()
            .first()
            .map_or("none".into(), |o| opening(o)),
        Field::Lines(_) => opening(&field.items()[0]),
        _ => opening(&field.value()),
    }
}

#[test]
fn every_field_a_step_shows_is_in_the_review_summary_with_its_value() {
    let cfg = maximal();
    let mut w = wizard_on(&cfg);
    // The one field no config fills: the path the Apple key was loaded from.
    w.set_text(FieldId::AppleKeyFile, "/home/me/AuthKey_ABCDEFGH12.p8");
    w.refresh();
    // Reveal every secret, as Ctrl-R on its step does: the summary still masks it.
    for d in all_fields().filter(|d| d.secret.is_some()) {
        assert!(w.field_mut(d.id).toggle_reveal(), "{:?} is a secret", d.id);
    }
    assert_eq!(w.steps().len(), STEP_FIELDS.len() + 1, "every step applies");
    // The pane at 120 and at 80 columns (wide and narrow layout).
    for width in [93, 53] {
        let text = summary_text(&w, width);
        let mut checked = 0;
        for (step, _) in STEP_FIELDS {
            assert!(text.contains(step.title()), "{step:?} missing:\n{text}");
            for id in w.visible(step) {
                let d = id.def();
                let shown = format!("{}: {}", d.label.trim_start(), value_opening(w.field(id)));
                assert!(
                    text.contains(&shown),
                    "{id:?}: {shown:?} not in the summary ({width} columns):\n{text}"
                );
                checked += 1;
            }
        }
        // The maximal config shows every field but the SMS texts (its delivery is email).
        assert!(checked >= all_fields().count() - 3, "{checked} fields");
        // No secret value, nor any line of the Apple key, is in it.
        for d in all_fields().filter(|d| d.secret.is_some()) {
            let value = (d.read)(&cfg).value();
            for part in value.lines().filter(|l| l.len() >= 8) {
                assert!(!text.contains(part), "{:?} leaks into the summary", d.id);
            }
            assert!(!value.is_empty(), "{:?}: the config has the secret", d.id);
        }
    }
}

#[test]
fn the_review_summary_leaves_out_what_the_steps_hide() {
    // MFA off, no OAuth: their fields are hidden, the Social step skipped.
    let w = wizard_on(&default_config("demo"));
    let text = summary_text(&w, 93);
    for d in all_fields() {
        let shown = w.steps().iter().any(|s| w.visible(*s).contains(&d.id));
        let label = format!("{}:", d.label.trim_start());
        let shared = all_fields()
            .filter(|o| o.id != d.id && o.label.trim_start() == d.label.trim_start())
            .any(|o| w.steps().iter().any(|s| w.visible(*s).contains(&o.id)));
        if !shown && !shared && !w.kept_channels.contains(&d.id) {
            assert!(!text.contains(&label), "{:?} is hidden:\n{text}", d.id);
        }
    }
    assert!(!text.contains(Step::Social.title()), "{text}");

    // Editing a config read back without its secrets: each secret is kept by the service.
    let read = maximal().without_secrets();
    let w = Wizard::new_edit("d1a2b3c4demo", "dev", "demoauth", &read, "us-east-1");
    let text = summary_text(&w, 93);
    assert!(
        text.contains("App secret: kept as stored"),
        "the kept Facebook secret:\n{text}"
    );
}
