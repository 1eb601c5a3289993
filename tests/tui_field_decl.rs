//! One field, one place (issue 13 item 5): a wizard field is declared once, in its step's
//! `FIELDS` table, and that declaration is what the wizard renders, how it reads a config and
//! builds it back, and where validation findings land.

mod common;

use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::samples::{default_config, hardened_config, maximal_config};
use amplify_auth::domain::validate::{Finding, Severity};
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::fields::FieldId;
use amplify_auth::tui::screens::{STEP_FIELDS, all_fields};
use amplify_auth::tui::wizard::{Step, Wizard};

fn draw(w: &Wizard) -> String {
    let app = App::new(
        Screen::Wizard(Box::new(w.clone())),
        Context {
            region: "us-east-1".into(),
            target: "test".into(),
        },
    );
    common::screen::draw_full(&app, 120, 60)
}

fn maximal() -> AuthConfig {
    maximal_config(&common::fixed_key().1)
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
