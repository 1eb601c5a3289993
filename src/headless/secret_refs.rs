//! Secret references (`file://PATH`, `env://NAME`) in an input file, resolved before anything is
//! validated or sent (see `domain::secret_ref`). Relative paths start at the input file's
//! directory (the current directory for stdin). A reference that does not resolve is an input
//! error (exit 3) naming its member, located in the file like any finding.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::write_findings;
use crate::config_file::read::{ConfigInput, Document};
use crate::domain::OAuthConfig;
use crate::domain::finding::{Finding, Severity};
use crate::domain::secret_ref::{Resolution, Resolved, SecretAccess, resolve_secret_refs};
use crate::domain::update::OAuthUpdate;
use crate::exit_code::Failure;

/// The directory relative `file://` paths of this input start from.
pub fn base_dir(doc: &Document) -> PathBuf {
    if doc.source.name == "<stdin>" {
        return PathBuf::from(".");
    }
    match Path::new(&doc.source.name).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn oauth_mut(doc: &mut Document) -> Option<&mut OAuthConfig> {
    match &mut doc.config {
        ConfigInput::Full(c) => c.user_pool.oauth.as_mut(),
        // A removal (`OAuth: {}`) carries no secrets to resolve.
        ConfigInput::Update(u) => match u.user_pool.oauth.as_mut() {
            Some(OAuthUpdate::Set(o)) => Some(o),
            _ => None,
        },
    }
}

/// What resolving a document's references did: the members left out (`--allow-missing-secrets`)
/// and every reference read (no values).
#[derive(Debug, Default)]
pub struct DocumentSecrets {
    pub left_out: Vec<String>,
    pub read: Vec<Resolved>,
}

/// Lists every reference read, by member, name, size and fingerprint (never the value), for a
/// dry run: what would be sent, from where.
pub fn write_reads(stderr: &mut dyn Write, doc: &Document, read: &[Resolved]) {
    for r in read {
        let _ = writeln!(
            stderr,
            "read secret reference {}: {}",
            doc.json_path(&r.path),
            r.summary()
        );
    }
}

/// Resolves what it can within what `access` allows (see `domain::secret_ref`) and prints the
/// warnings (a key file named for another key); returns the references that did not resolve
/// (their members are left out) and every reference read.
fn resolve_and_warn(
    doc: &mut Document,
    access: &SecretAccess,
    stderr: &mut dyn Write,
) -> Result<(Vec<crate::domain::secret_ref::RefProblem>, Vec<Resolved>), Failure> {
    let base = base_dir(doc);
    let env = |name: &str| std::env::var(name).ok();
    let Resolution { resolved, problems } =
        resolve_secret_refs(oauth_mut(doc), &base, &env, access);
    let warnings: Vec<Finding> = resolved
        .iter()
        .filter_map(|r| {
            r.warning.as_ref().map(|w| Finding {
                path: r.path.clone(),
                severity: Severity::Warning,
                message: format!("{w} (read from {})", r.from),
                fix: "Check that the key file and KeyId belong together.".into(),
            })
        })
        .collect();
    write_findings(stderr, Some(doc), &warnings)?;
    Ok((problems, resolved))
}

/// For `update`: the references that do not resolve are left out and returned as findings
/// (errors) instead of failing here, because whether a secret is needed depends on what is
/// deployed: an unchanged provider is sent without it (the service keeps the stored one), a
/// changed or new one needs it (then the caller refuses with the finding).
/// Returns those findings and every reference read.
pub fn resolve_document_deferred(
    doc: &mut Document,
    access: &SecretAccess,
    stderr: &mut dyn Write,
) -> Result<(Vec<Finding>, Vec<Resolved>), Failure> {
    let (problems, read) = resolve_and_warn(doc, access, stderr)?;
    // A reference refused by the containment rules (or unreadable) is an error here too: only
    // a variable that is not set can wait for what is deployed to decide.
    let (unset, refused): (Vec<_>, Vec<_>) = problems.into_iter().partition(|p| p.unset_variable);
    if !refused.is_empty() {
        let findings = as_errors(refused);
        write_findings(stderr, Some(doc), &findings)?;
        return Err(Failure::invalid(format!(
            "{}: {} secret reference{} refused or unreadable; nothing was sent",
            doc.source.name,
            findings.len(),
            if findings.len() == 1 {
                " was"
            } else {
                "s were"
            }
        )));
    }
    Ok((as_errors(unset), read))
}

/// References that did not resolve, as error findings on their members.
fn as_errors(problems: Vec<crate::domain::secret_ref::RefProblem>) -> Vec<Finding> {
    problems
        .into_iter()
        .map(|p| Finding {
            path: p.path,
            severity: Severity::Error,
            message: p.message,
            fix: p.fix,
        })
        .collect()
}

/// Resolves the document's references from the process environment and the file system, within
/// what `access` allows. Unresolved ones fail with exit 3, unless `allow_unresolved` (offline
/// `validate --allow-missing-secrets`), which leaves those members out and returns their paths.
pub fn resolve_document(
    doc: &mut Document,
    allow_unresolved: bool,
    access: &SecretAccess,
    stderr: &mut dyn Write,
) -> Result<DocumentSecrets, Failure> {
    let (problems, resolved) = resolve_and_warn(doc, access, stderr)?;
    if problems.is_empty() {
        return Ok(DocumentSecrets {
            left_out: Vec::new(),
            read: resolved,
        });
    }
    if allow_unresolved {
        for p in &problems {
            let _ = writeln!(
                stderr,
                "note: {}: {} (left out: --allow-missing-secrets)",
                doc.json_path(&p.path),
                p.message
            );
        }
        return Ok(DocumentSecrets {
            left_out: problems.into_iter().map(|p| p.path).collect(),
            read: resolved,
        });
    }
    let findings = as_errors(problems);
    write_findings(stderr, Some(doc), &findings)?;
    Err(Failure::invalid(format!(
        "{}: {} secret reference{} could not be resolved; nothing was sent",
        doc.source.name,
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    )))
}
