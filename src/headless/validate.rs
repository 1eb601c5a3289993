//! `validate --input FILE|-`: the local rules alone, offline. Every finding is printed on stdout
//! with its JSON path and position (`file:line:column`), so it works as a pre-commit hook.

use super::args::ValidateArgs;
use super::output::{Human, emit, finding_line, findings_json};
use super::secrets::missing_secret_paths;
use super::{Streams, rules};
use crate::config_file::read::{ConfigInput, parse, read_source};
use crate::domain::finding::Severity;
use crate::exit_code::{Failure, Outcome};

/// `env` is `--env`; without it the file's BackendEnvironmentName, if any. With an environment a
/// whole config's hosted UI domain is judged as it will be made there, `<prefix>-<env>`.
pub fn run(args: &ValidateArgs, env: Option<&str>, io: &mut Streams<'_>) -> Outcome {
    let source = read_source(&args.input, io.stdin)?;
    let mut doc = parse(source)?;
    // With --allow-missing-secrets an unresolved reference counts as a secret left out.
    super::secret_refs::resolve_document(
        &mut doc,
        args.allow_missing_secrets,
        &args.secrets.access(),
        io.stderr,
    )?;
    let mut findings = rules::check_ids(
        doc.app_id.as_deref(),
        doc.env.as_deref(),
        doc.resource_name.as_deref(),
    );
    let env = env.map(str::to_string).or_else(|| doc.env.clone());
    let (config_findings, oauth) = match &doc.config {
        ConfigInput::Full(cfg) => {
            let mut f = rules::check_config(cfg);
            if let Some(env) = &env {
                f.extend(rules::check_domain_in_env(cfg, env));
            }
            (f, cfg.user_pool.oauth.as_ref())
        }
        ConfigInput::Update(u) => (
            rules::check_update_alone(u),
            u.user_pool.oauth.as_ref().and_then(|o| o.config()),
        ),
    };
    let left_out: Vec<String> = if args.allow_missing_secrets {
        missing_secret_paths(oauth)
            .into_iter()
            .map(|p| format!("UserPoolConfigs.OAuth.{p}"))
            .collect()
    } else {
        Vec::new()
    };
    findings.extend(
        config_findings
            .into_iter()
            .filter(|f| !left_out.contains(&f.path)),
    );
    let (shown, more) = super::output::first_findings(&findings);
    let mut lines: String = shown.iter().map(|f| finding_line(Some(&doc), f)).collect();
    if let Some(line) = super::output::more_findings_line(more) {
        if args.output.is_own_table() {
            lines.push_str(&line);
        } else {
            let _ = io.stderr.write_all(line.as_bytes());
        }
    }
    emit(
        io.stdout,
        &findings_json(Some(&doc), &findings),
        &args.output,
        Human::Table(lines),
    )?;
    rules::print_notes(&doc.config, io.stderr);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let kind = match &doc.config {
        ConfigInput::Full(_) => "config",
        ConfigInput::Update(_) => "update request",
    };
    let _ = writeln!(
        io.stderr,
        "{}: {kind} with {}, {}",
        doc.source.name,
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if errors > 0 {
        Err(Failure::silent(crate::exit_code::INVALID_INPUT))
    } else {
        Ok(())
    }
}
