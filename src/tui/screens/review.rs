//! Step 10: a readable summary, every finding (Enter jumps to its field), the diff when editing,
//! and the exact request with secrets masked. Submit is refused while errors remain.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use serde_json::Value;

use crate::domain::diff::{Change, diff};
use crate::domain::secret::mask_json;
use crate::domain::update::UpdateAuthInput;
use crate::domain::update_plan::plan_update;
use crate::domain::validate::Severity;
use crate::domain::{AuthConfig, CreateAuthInput};
use crate::tui::app::Request;
use crate::tui::fields::FieldId;
use crate::tui::theme;
use crate::tui::wizard::{KeyState, Mode, Wizard};

impl Wizard {
    /// The request the wizard would send now.
    pub fn request(&self) -> Option<Request> {
        let cfg = self.config.clone()?;
        Some(match &self.mode {
            Mode::Create | Mode::Recreate { .. } => Request::Create(cfg),
            Mode::Edit { original } => Request::Update(plan_update(original, &cfg).request),
        })
    }

    /// What the service should hold after the job completes.
    pub fn expected_after(&self) -> Option<AuthConfig> {
        let cfg = self.config.clone()?;
        Some(match &self.mode {
            Mode::Create | Mode::Recreate { .. } => cfg,
            Mode::Edit { original } => plan_update(original, &cfg).expected,
        })
    }

    /// The changes an edit makes (empty when creating).
    pub fn changes(&self) -> Vec<Change> {
        match (&self.mode, &self.expected_after()) {
            (Mode::Edit { original } | Mode::Recreate { original }, Some(after)) => {
                diff(original.as_ref(), after)
            }
            _ => vec![],
        }
    }

    /// The request as the AWS CLI's `--cli-input-json` would carry it, secrets masked.
    pub fn request_json_masked(&self) -> String {
        let (app, env, res) = (
            self.trimmed(FieldId::AppId),
            self.trimmed(FieldId::EnvName),
            self.trimmed(FieldId::ResourceName),
        );
        let mut v: Value = match self.request() {
            Some(Request::Create(cfg)) => serde_json::to_value(CreateAuthInput {
                app_id: app,
                backend_environment_name: env,
                resource_config: cfg,
                resource_name: res,
            }),
            Some(Request::Update(cfg)) => serde_json::to_value(UpdateAuthInput {
                app_id: app,
                backend_environment_name: env,
                resource_config: cfg,
                resource_name: res,
            }),
            _ => Ok(Value::Null),
        }
        .unwrap_or(Value::Null);
        mask_json(&mut v);
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

fn summary(w: &Wizard) -> Vec<Line<'static>> {
    use FieldId::*;
    let row = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<18}"), theme::dim()),
            Span::raw(v),
        ])
    };
    let mut out = vec![
        row(
            "Target",
            format!(
                "{} / {} / {}",
                w.trimmed(AppId),
                w.trimmed(EnvName),
                w.trimmed(ResourceName)
            ),
        ),
        row(
            "User pool",
            format!(
                "{} · sign in with {} · requires {}",
                w.trimmed(UserPoolName),
                w.text(SignIn),
                w.text(RequiredAttributes).replace(',', ", ")
            ),
        ),
    ];
    if w.with_identity_pool() {
        out.push(row(
            "Identity pool",
            format!(
                "{} · guests {}",
                w.trimmed(IdentityPoolName),
                if w.on(Unauthenticated) {
                    "allowed"
                } else {
                    "not allowed"
                }
            ),
        ));
    }
    let mfa = w.text(Mfa);
    out.push(row(
        "MFA",
        if mfa == "OFF" {
            mfa
        } else {
            format!("{mfa} · {}", w.text(MfaTypes).replace(',', ", "))
        },
    ));
    let classes = w.text(Constraints).replace(',', ", ");
    out.push(row(
        "Password",
        format!(
            "min {} · {}",
            w.trimmed(MinLength),
            if classes.is_empty() {
                "no character classes required".into()
            } else {
                classes
            }
        ),
    ));
    out.push(row(
        "Verification",
        format!("by {}", w.text(VerifyDelivery)),
    ));
    if w.on(OAuthEnabled) {
        out.push(row(
            "OAuth",
            format!(
                "{} · {} · {} sign-in / {} sign-out URIs",
                w.trimmed(DomainPrefix),
                w.text(GrantType),
                w.field(SignInUris).items().len(),
                w.field(SignOutUris).items().len()
            ),
        ));
        let mut providers = vec![];
        for (on, name) in [
            (FacebookEnabled, "Facebook"),
            (GoogleEnabled, "Google"),
            (AmazonEnabled, "Amazon"),
        ] {
            if w.on(on) {
                providers.push(name.to_string());
            }
        }
        if w.on(AppleEnabled) {
            providers.push(match &w.key_state {
                KeyState::Valid(k) => format!("Apple (key {})", k.fingerprint),
                _ => "Apple (no valid key)".into(),
            });
        }
        out.push(row(
            "Providers",
            if providers.is_empty() {
                "none".into()
            } else {
                providers.join(", ")
            },
        ));
    } else {
        out.push(row("OAuth", "off".into()));
    }
    out
}

pub fn render(w: &Wizard, frame: &mut Frame, area: Rect) {
    let mut lines = summary(w);
    if w.is_edit() || w.is_recreate() {
        if w.is_recreate() {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                "DELETE AND RECREATE: submit deletes this resource (its users and pools are lost), then creates it with this config.",
                theme::error(),
            ));
        }
        lines.push(Line::from(""));
        let changes = w.changes();
        lines.push(Line::styled(
            format!("Changes ({})", changes.len()),
            theme::title(),
        ));
        if changes.is_empty() {
            lines.push(Line::from(
                "  No changes yet: submitting is refused until something differs.",
            ));
        }
        for c in changes {
            lines.push(Line::from(format!(
                "  {} [{}]: {} → {}",
                c.path,
                c.kind(),
                c.before.as_deref().unwrap_or("(none)"),
                c.after.as_deref().unwrap_or("(none)")
            )));
        }
    }
    lines.push(Line::from(""));
    let errors = w.error_count();
    let warnings = w.findings.len() - errors;
    lines.push(Line::styled(
        format!("Findings: {errors} error(s), {warnings} warning(s)  (↑/↓ select, Enter jumps to the field)"),
        theme::title(),
    ));
    if w.findings.is_empty() {
        lines.push(Line::styled(
            "  ✓ Everything checks out against Cognito's rules.",
            theme::ok(),
        ));
    }
    for (i, f) in w.findings.iter().enumerate() {
        let (mark, style) = match f.severity {
            Severity::Error => ("✗", theme::error()),
            Severity::Warning => ("!", theme::warning()),
        };
        let sel = i == w.review_cursor;
        let text = format!(
            "{} {mark} {}: {} {}",
            if sel { "›" } else { " " },
            f.path,
            f.message,
            f.fix
        );
        lines.push(Line::styled(
            text,
            if sel {
                style.patch(theme::focus())
            } else {
                style
            },
        ));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            "Request: {} (secrets masked)",
            if w.is_edit() {
                "UpdateBackendAuth"
            } else {
                "CreateBackendAuth"
            }
        ),
        theme::title(),
    ));
    lines.extend(
        w.request_json_masked()
            .lines()
            .map(|l| Line::from(format!("  {l}"))),
    );
    let title = if errors > 0 {
        format!(" Review: {errors} error(s) to fix before submit ")
    } else {
        " Review: Ctrl-S submits ".to_string()
    };
    let lines: Vec<Line<'static>> = lines
        .into_iter()
        .map(crate::tui::safe_text::clean_line)
        .collect();
    let p = Paragraph::new(lines)
        .block(Block::bordered().title(title))
        .wrap(Wrap { trim: false })
        .scroll((w.review_scroll, 0));
    frame.render_widget(p, area);
}
