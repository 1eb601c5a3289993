//! Step 6: password policy.

use ratatui::text::Line;

use crate::domain::finding::{Finding, Severity};
use crate::domain::{PasswordConstraint, PasswordPolicy};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId};

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const MinLength: FieldId = FieldId::named("MinLength");
    pub const Constraints: FieldId = FieldId::named("Constraints");
}

pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::MinLength,
        "Minimum length",
        "UserPoolConfigs.PasswordPolicy.MinimumLength",
        "A whole number from 6 to 99.",
        |c| {
            let min = c
                .user_pool
                .password_policy
                .as_ref()
                .map_or(8.0, |p| p.minimum_length);
            Field::text(render_number(min))
        },
        // Not a number: a finding, and the default so the rest of the config still builds.
        |w, c, findings| {
            let typed = w.trimmed(FieldId::MinLength);
            let minimum_length = typed.parse::<f64>().unwrap_or_else(|_| {
                findings.push(Finding {
                    path: FieldId::MinLength.meta().path.into(),
                    severity: Severity::Error,
                    message: format!("\"{typed}\" is not a number."),
                    fix: "Type a whole number from 6 to 99.".into(),
                });
                8.0
            });
            c.user_pool.password_policy = Some(PasswordPolicy {
                minimum_length,
                ..Default::default()
            });
        },
    ),
    FieldDef::new(
        FieldId::Constraints,
        "Must contain",
        "UserPoolConfigs.PasswordPolicy.AdditionalConstraints",
        "Character classes every password needs.",
        |c| {
            let all: Vec<&str> = PasswordConstraint::ALL.iter().map(|c| c.as_str()).collect();
            let chosen: Vec<&str> = c
                .user_pool
                .password_policy
                .iter()
                .flat_map(|p| p.additional_constraints.iter().flatten())
                .map(|c| c.as_str())
                .collect();
            Field::multi(&all, &chosen)
        },
        |w, c, _| {
            if let Some(p) = c.user_pool.password_policy.as_mut() {
                p.additional_constraints = Some(
                    w.field(FieldId::Constraints)
                        .selected_options()
                        .iter()
                        .map(|s| PasswordConstraint::parse(s))
                        .collect(),
                );
            }
        },
    ),
];

pub fn notes(_w: &dyn FieldValues) -> Vec<Line<'static>> {
    vec![Line::from(
        "Cognito accepts a minimum from 6 to 99 characters.",
    )]
}

/// Whole numbers without a trailing `.0`, as a person would type them.
pub fn render_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}
