//! `audit`: every app, backend environment and auth resource of the account (or of `--app-id`,
//! `--env`), with the posture findings of each (issue 16).
//!
//! The rows come from the overview loader (`aws::overview`), which reads concurrently and
//! absorbs throttling. Output is printed once everything is read, sorted by app, environment and
//! resource, so two runs diff cleanly. JSON is `{"Resources": [...], "Findings": [...]}` with
//! the AWS CLI's member names; progress goes to stderr only.

use std::collections::HashSet;
use std::time::SystemTime;

use clap::Args;
use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

use super::output::{Human, OutputArgs, emit, job_json, table};
use super::wait::Progress;
use super::{Scope, Streams};
use crate::aws::Clients;
use crate::aws::overview::{
    DEFAULT_CONCURRENCY, OverviewEvent, OverviewProgress, OverviewRequest, OverviewRow, Word,
    load_overview,
};
use crate::domain::finding::Severity;
use crate::domain::posture::{self, PostureFinding};
use crate::exit_code::{self, Failure, Outcome};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct AuditArgs {
    /// How to print the resources and findings.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 8 when a finding of this severity or worse exists (`warning` counts errors too).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Requests in flight at most.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY as u16,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Do not read the live Cognito pools (no live posture findings; fewer calls and IAM
    /// actions).
    #[arg(long)]
    pub no_live: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Warning,
    Error,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Warning => Severity::Warning,
            FailOn::Error => Severity::Error,
        }
    }
}

/// How often a plain progress line is printed when stderr is not a terminal.
const PLAIN_PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

pub async fn run(
    args: &AuditArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    let request = OverviewRequest {
        app_id: nonempty(&scope.app_id),
        env: nonempty(&scope.env),
        concurrency: args.concurrency.into(),
        live: !args.no_live,
    };
    let (tx, mut rx) = mpsc::channel(request.concurrency * 2);
    // A spinner with the counts on a terminal (indicatif, as `--wait` draws it); elsewhere only
    // the summary line below. Never on stdout.
    // Without a terminal (CI logs) a plain progress line every few seconds, the first at once,
    // so a long audit does not look hung.
    let plain = !io.terminal.stderr;
    let mut next_line = std::time::Instant::now();
    let mut spinner = Progress::new(&mut *io.stderr, io.terminal.stderr);
    let mut rows: Vec<OverviewRow> = Vec::new();
    let mut last = OverviewProgress::default();
    let mut failed = None;
    let consume = async {
        while let Some(ev) = rx.recv().await {
            let progress = match ev {
                OverviewEvent::Rows {
                    rows: new,
                    progress,
                } => {
                    rows.extend(new);
                    progress
                }
                OverviewEvent::Progress(p) => p,
                OverviewEvent::Done(p) => {
                    last = p;
                    break;
                }
                OverviewEvent::Failed(e) => {
                    failed = Some(e);
                    break;
                }
            };
            spinner.status(&format!("auditing: {}", progress.describe()));
            if plain && std::time::Instant::now() >= next_line {
                spinner.line(&format!("auditing: {}", progress.describe()));
                next_line = std::time::Instant::now() + PLAIN_PROGRESS_EVERY;
            }
            last = progress;
        }
    };
    tokio::join!(load_overview(clients, &request, tx), consume);
    drop(spinner);
    if let Some(e) = failed {
        let what = match &request.app_id {
            Some(app) => format!("could not read app {app}"),
            None => "could not list the apps".to_string(),
        };
        return Err(Failure::service(&what, &e));
    }
    rows.sort_by(|a, b| (&a.app_id, &a.env, &a.resource).cmp(&(&b.app_id, &b.env, &b.resource)));
    let findings = unique_findings(&rows);
    let now = SystemTime::now();
    let mut own = rows_table(&rows, now);
    if !findings.is_empty() {
        own.push('\n');
        own.push_str(&findings_table(&findings));
    }
    emit(
        io.stdout,
        &audit_json(&rows, &findings),
        &args.output,
        Human::Table(own),
    )?;
    for r in rows.iter().filter(|r| !r.errors.is_empty()) {
        for e in &r.errors {
            let _ = writeln!(io.stderr, "warning: {}: {e}", place(r));
        }
    }
    verdict(args, &findings, rows.len(), &last, &mut *io.stderr)
}

/// The summary line on stderr, then the outcome: incomplete rows are a service failure, and
/// `--fail-on` turns findings at or above its level into a failure of their own.
fn verdict(
    args: &AuditArgs,
    findings: &[Located<'_>],
    rows: usize,
    last: &OverviewProgress,
    stderr: &mut dyn std::io::Write,
) -> Outcome {
    let errors = findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let _ = writeln!(
        stderr,
        "audited {} environments in {} apps: {} rows, {errors} error and {warnings} warning findings{}",
        last.envs_done,
        last.apps_listed,
        rows,
        match last.rows_with_errors {
            0 => String::new(),
            n => format!(", {n} rows incomplete (reads failed)"),
        }
    );
    if last.rows_with_errors > 0 {
        return Err(Failure::new(
            exit_code::SERVICE,
            format!(
                "{} rows could not be read completely (see the warnings above); the audit is incomplete",
                last.rows_with_errors
            ),
        ));
    }
    if let Some(level) = args.fail_on {
        let hits = findings
            .iter()
            .filter(|f| posture::at_least(f.finding.severity, level.severity()))
            .count();
        if hits > 0 {
            return Err(Failure::new(
                exit_code::FINDINGS,
                format!(
                    "{hits} finding{} at or above {}",
                    if hits == 1 { "" } else { "s" },
                    severity_word(level.severity()).to_ascii_lowercase()
                ),
            ));
        }
    }
    Ok(())
}

/// A finding and where it is. Job findings belong to the environment, so they are listed once
/// per environment (without a resource) even when it has several resources.
struct Located<'a> {
    app_id: &'a str,
    env: Option<&'a str>,
    resource: Option<&'a str>,
    finding: &'a PostureFinding,
}

fn is_job_finding(f: &PostureFinding) -> bool {
    matches!(
        f.id,
        posture::ids::LAST_JOB_FAILED | posture::ids::JOB_RUNNING_LONG
    )
}

fn unique_findings(rows: &[OverviewRow]) -> Vec<Located<'_>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in rows {
        for f in &r.findings {
            let resource = if is_job_finding(f) {
                None
            } else {
                r.resource.as_deref()
            };
            let key = (&r.app_id, &r.env, resource, f.id, &f.message);
            if seen.insert(key) {
                out.push(Located {
                    app_id: &r.app_id,
                    env: r.env.as_deref(),
                    resource,
                    finding: f,
                });
            }
        }
    }
    out
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
    }
}

fn place(r: &OverviewRow) -> String {
    let mut s = format!("app {}", r.app_id);
    if let Some(e) = &r.env {
        s.push_str(&format!(", environment {e}"));
    }
    if let Some(res) = &r.resource {
        s.push_str(&format!(", auth resource {res}"));
    }
    s
}

fn strs(v: &[Word]) -> Value {
    Value::Array(v.iter().map(|s| Value::String(s.to_string())).collect())
}

/// One resource row in the AWS CLI's style (PascalCase, the model's member names where it has
/// them).
fn row_json(r: &OverviewRow) -> Value {
    let mut m = Map::new();
    m.insert("AppId".into(), json!(r.app_id));
    if !r.app_name.is_empty() {
        m.insert("AppName".into(), json!(r.app_name));
    }
    m.insert("BackendEnvironmentName".into(), json!(r.env));
    if let Some(res) = &r.resource {
        m.insert("ResourceName".into(), json!(res));
    }
    if let Some(a) = &r.auth {
        m.insert("AuthResources".into(), json!(a.auth_resources));
        m.insert("SignInMethod".into(), json!(a.sign_in_method));
        if let Some(mode) = &a.mfa_mode {
            m.insert("MFAMode".into(), json!(mode));
        }
        m.insert("MfaTypes".into(), strs(&a.mfa_types));
        if let Some(min) = a.password_minimum {
            m.insert("MinimumLength".into(), json!(min));
        }
        m.insert("AdditionalConstraints".into(), strs(&a.password_classes));
        m.insert("SocialProviders".into(), strs(&a.providers));
        m.insert("UnauthenticatedLogin".into(), json!(a.guest_access));
        if let Some(g) = &a.oauth_grant {
            m.insert("OAuthGrantType".into(), json!(g));
        }
        if let Some(d) = &a.domain_prefix {
            m.insert("DomainPrefix".into(), json!(d));
        }
    }
    if let Some(j) = &r.last_job {
        m.insert("LastJob".into(), job_json(j));
    }
    m.insert("FindingCount".into(), json!(r.findings.len()));
    if !r.errors.is_empty() {
        let errors: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        m.insert("Errors".into(), json!(errors));
    }
    Value::Object(m)
}

fn finding_json(f: &Located<'_>) -> Value {
    let mut m = Map::new();
    m.insert("AppId".into(), json!(f.app_id));
    m.insert("BackendEnvironmentName".into(), json!(f.env));
    if let Some(res) = f.resource {
        m.insert("ResourceName".into(), json!(res));
    }
    m.insert("RuleId".into(), json!(f.finding.id));
    m.insert("Severity".into(), json!(severity_word(f.finding.severity)));
    m.insert("Message".into(), json!(f.finding.message));
    m.insert("Fix".into(), json!(f.finding.fix));
    Value::Object(m)
}

fn audit_json(rows: &[OverviewRow], findings: &[Located<'_>]) -> Value {
    json!({
        "Resources": rows.iter().map(row_json).collect::<Vec<_>>(),
        "Findings": findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

/// "42s", "17m", "5h", "3d": how long ago.
fn age(t: Option<SystemTime>, now: SystemTime) -> String {
    let Some(secs) = t
        .and_then(|t| now.duration_since(t).ok())
        .map(|d| d.as_secs())
    else {
        return "?".into();
    };
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

const ROW_HEADER: &[&str] = &[
    "APP",
    "ENV",
    "RESOURCE",
    "SIGN-IN",
    "MFA",
    "PASSWORD",
    "PROVIDERS",
    "GUEST",
    "OAUTH",
    "LAST JOB",
    "FINDINGS",
];

fn row_cells(r: &OverviewRow, now: SystemTime) -> Vec<String> {
    let dash = || "-".to_string();
    let list = |v: &[Word]| if v.is_empty() { dash() } else { v.join(",") };
    let (sign_in, mfa, password, providers, guest, oauth) = match &r.auth {
        Some(a) => (
            a.sign_in_method.to_string(),
            match (&a.mfa_mode, a.mfa_types.is_empty()) {
                (Some(m), true) => m.to_string(),
                (Some(m), false) => format!("{m} ({})", a.mfa_types.join(",")),
                (None, _) => "OFF".into(),
            },
            match a.password_minimum {
                Some(min) => format!("{min} +{} classes", a.password_classes.len()),
                None => "default".into(),
            },
            list(&a.providers),
            if a.guest_access { "yes" } else { "no" }.to_string(),
            match (&a.oauth_grant, &a.domain_prefix) {
                (Some(g), Some(d)) => format!("{g} {d}"),
                (Some(g), None) => g.to_string(),
                _ => dash(),
            },
        ),
        None => (dash(), dash(), dash(), dash(), dash(), dash()),
    };
    let job = match &r.last_job {
        Some(j) => format!(
            "{} {} {}",
            j.status,
            j.operation.as_deref().unwrap_or("?"),
            age(j.create_time, now)
        ),
        None => dash(),
    };
    let findings = if r.errors.is_empty() {
        r.findings.len().to_string()
    } else {
        format!("{} (read failed)", r.findings.len())
    };
    let app = if r.app_name.is_empty() {
        r.app_id.clone()
    } else {
        format!("{} ({})", r.app_name, r.app_id)
    };
    vec![
        app,
        r.env.clone().unwrap_or_else(dash),
        // A row whose reads failed may have auth the service did not let us see.
        r.resource.clone().unwrap_or_else(|| {
            if r.errors.is_empty() {
                "(no auth)"
            } else {
                "(not read)"
            }
            .into()
        }),
        sign_in,
        mfa,
        password,
        providers,
        guest,
        oauth,
        job,
        findings,
    ]
}

fn rows_table(rows: &[OverviewRow], now: SystemTime) -> String {
    let cells: Vec<Vec<String>> = rows.iter().map(|r| row_cells(r, now)).collect();
    table(ROW_HEADER, &cells)
}

fn findings_table(findings: &[Located<'_>]) -> String {
    let cells: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                severity_word(f.finding.severity).to_string(),
                f.app_id.to_string(),
                f.env.unwrap_or("-").to_string(),
                f.resource.unwrap_or("-").to_string(),
                f.finding.id.to_string(),
                format!("{} (fix: {})", f.finding.message, f.finding.fix),
            ]
        })
        .collect();
    table(
        &["SEVERITY", "APP", "ENV", "RESOURCE", "RULE", "FINDING"],
        &cells,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        let now = SystemTime::now();
        let ago = |s: u64| age(Some(now - Duration::from_secs(s)), now);
        assert_eq!(ago(5), "5s");
        assert_eq!(ago(125), "2m");
        assert_eq!(ago(2 * 3600 + 5), "2h");
        assert_eq!(ago(3 * 86_400), "3d");
        assert_eq!(age(None, now), "?");
    }
}
