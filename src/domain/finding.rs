//! The vocabulary of verdicts on a config: a [`Finding`] names a member, says what is wrong and
//! how to fix it, and carries a [`Severity`].
//!
//! It sits below the rules that produce findings (`validate`, `update_plan`, `promote`,
//! `kept_secrets`, `hosted_ui`, `posture`), so those rules depend on the domain's words and the
//! domain never on a rule module for them.

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

/// Whether any finding is an error (warnings never block a submit).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// The findings for one path, e.g. for the wizard to show next to a field.
pub fn findings_at<'a>(findings: &'a [Finding], path: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.path == path).collect()
}
