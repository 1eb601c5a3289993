//! What the commands print: jobs, findings and configs, in the format `--output` asks for, after
//! `--query` picked what to show.
//!
//! # One mechanism for `--output` and `--query` (adopting it in a command)
//!
//! Every command that prints data takes the same two flags, as the AWS CLI does:
//! `--output json|yaml|text|table` and `--query JMESPATH`. To adopt them:
//!
//! 1. flatten [`OutputArgs`] into the command's clap args:
//!    `#[command(flatten)] pub out: OutputArgs,`
//! 2. build the data as a `serde_json::Value` in the AWS CLI's JSON shape, and print it with one
//!    call: `emit(io.stdout, &value, &args.out, Human::Table(my_table))?;`, where `my_table` is the
//!    command's own table for people (the default format), or `Human::Document` for a command
//!    whose output is a document meant to be saved and edited (JSON by default, as `get`).
//!
//! [`emit`] applies the query to the JSON first (as the AWS CLI does), then formats the result:
//! `json` pretty, `yaml` (reads back with `--input`), `text` (the AWS CLI's tab-separated records,
//! see [`super::formats`]), `table` (the command's own table, or a generic one once a query has
//! reshaped the data). A malformed query is refused by clap while parsing the command line
//! (exit 2), with a caret under the place it breaks.

use std::io::Write;
use std::time::SystemTime;

use serde_json::{Map, Value, json};

use super::formats;
use crate::exit_code::{self, Failure};
// The column aligner lives with the other formats; re-exported for the commands' own tables.
pub use super::formats::columns as table;
use crate::aws::{Job, JobRef};
use crate::config_file::read::Document;
use crate::domain::finding::{Finding, Severity};

/// `--output`: the AWS CLI's four formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// The AWS CLI's JSON shape.
    Json,
    /// YAML; `get --output yaml` feeds `update --input` unchanged.
    Yaml,
    /// Tab-separated values, one record a line, as the AWS CLI prints them.
    Text,
}

/// `--output` and `--query`, flattened into each command's args (see the module comment).
#[derive(clap::Args, Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputArgs {
    /// How to print: table (for people), json, yaml or text (tab-separated, one record a line).
    /// Default: table, or json for a document like `get`'s.
    #[arg(long, value_enum)]
    pub output: Option<OutputFormat>,
    /// A JMESPath expression applied to the JSON output before formatting, as in the AWS CLI,
    /// e.g. `Jobs[0].Status` or `Jobs[?Status=='FAILED'].JobId`.
    #[arg(long, value_name = "JMESPATH", value_parser = parse_query)]
    pub query: Option<Query>,
}

/// A JMESPath expression that compiled when the command line was parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The query applied to `value`; errors (a function given the wrong type) are usage errors.
    pub fn apply(&self, value: &Value) -> Result<Value, Failure> {
        let usage = |e: String| {
            Failure::new(
                exit_code::USAGE,
                format!("--query {:?} could not be applied: {e}", self.0),
            )
        };
        let expr =
            jmespath::compile(&legacy_literals(&self.0)).map_err(|e| usage(e.to_string()))?;
        let result = expr.search(value).map_err(|e| usage(e.to_string()))?;
        serde_json::to_value(&*result).map_err(|e| usage(e.to_string()))
    }
}

/// clap's parser for `--query`: compiles it, so a malformed one is a usage error (exit 2) that
/// shows where it breaks.
pub fn parse_query(s: &str) -> Result<Query, String> {
    match jmespath::compile(&legacy_literals(s)) {
        Ok(_) => Ok(Query(s.to_string())),
        Err(e) => Err(format!(
            "not a JMESPath expression: {}\n  {s}\n  {}^",
            reason(&e),
            " ".repeat(e.column)
        )),
    }
}

/// The AWS CLI's legacy literals: a backtick literal that is not JSON (`` `COMPLETED` ``) is the
/// string it holds, as jmespath.py reads it (with a deprecation note) and the AWS CLI's
/// documented examples write it (`Jobs[?Status==`COMPLETED`]`). The Rust jmespath crate follows
/// the specification strictly, so such literals are rewritten as JSON strings first; raw string
/// literals (`'…'`) and quoted identifiers (`"…"`) are left alone, backticks in them included.
fn legacy_literals(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    let mut chars = q.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            '`' => {
                let mut body = String::new();
                let mut closed = false;
                while let Some(d) = chars.next() {
                    match d {
                        '\\' if chars.peek() == Some(&'`') => {
                            body.push('`');
                            chars.next();
                        }
                        '`' => {
                            closed = true;
                            break;
                        }
                        d => body.push(d),
                    }
                }
                let literal = if !closed || serde_json::from_str::<Value>(&body).is_ok() {
                    body
                } else {
                    Value::String(body.trim().to_string()).to_string()
                };
                out.push('`');
                out.push_str(&literal.replace('`', "\\`"));
                if closed {
                    out.push('`');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The reason of a JMESPath error without its own position drawing (ours is indented under the
/// flag).
fn reason(e: &jmespath::JmespathError) -> String {
    let text = e.reason.to_string();
    format!("{text} (column {})", e.column + 1)
}

/// What a command prints by default, when no `--output` and no `--query` say otherwise.
pub enum Human {
    /// The command's own table (the default format is `table`).
    Table(String),
    /// A document to save and edit, like `get`'s config (the default format is `json`).
    Document,
}

impl OutputArgs {
    /// The format in effect for a command whose default is `human`.
    pub fn format(&self, human: &Human) -> OutputFormat {
        self.output.unwrap_or(match human {
            Human::Table(_) => OutputFormat::Table,
            Human::Document => OutputFormat::Json,
        })
    }

    /// Whether the command's own table is what will be printed (no query, table format).
    pub fn is_own_table(&self) -> bool {
        self.query.is_none() && self.output.unwrap_or_default() == OutputFormat::Table
    }
}

/// Prints `value` (the AWS CLI's JSON shape) on `out` as `args` ask: the query first, then the
/// format. The one place every command's data goes through.
pub fn emit(
    out: &mut dyn Write,
    value: &Value,
    args: &OutputArgs,
    human: Human,
) -> Result<(), Failure> {
    let format = args.format(&human);
    let queried;
    let shown = match &args.query {
        Some(q) => {
            queried = q.apply(value)?;
            &queried
        }
        None => value,
    };
    match (format, human) {
        (OutputFormat::Json, _) => write_json(out, shown)?,
        (OutputFormat::Yaml, _) => {
            out.write_all(crate::config_file::yaml_write::yaml(shown).as_bytes())?
        }
        (OutputFormat::Text, _) => out.write_all(formats::text(shown).as_bytes())?,
        (OutputFormat::Table, Human::Table(own)) if args.query.is_none() => {
            out.write_all(own.as_bytes())?
        }
        (OutputFormat::Table, _) => out.write_all(formats::table(shown).as_bytes())?,
    }
    Ok(())
}

/// A time as RFC 3339 in UTC, to the second.
pub fn format_time(t: SystemTime) -> String {
    let dt = aws_smithy_types::DateTime::from(t);
    aws_smithy_types::DateTime::from_secs(dt.secs())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| dt.secs().to_string())
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        map.insert(key.to_string(), Value::String(v.to_string()));
    }
}

/// A job as `aws amplifybackend get-backend-job` prints it (times as RFC 3339).
pub fn job_json(job: &Job) -> Value {
    let mut m = Map::new();
    put(&mut m, "AppId", Some(&job.app_id));
    put(&mut m, "BackendEnvironmentName", Some(&job.env));
    put(&mut m, "JobId", Some(&job.job_id));
    put(&mut m, "Operation", job.operation.as_deref());
    put(&mut m, "Status", Some(job.status.as_str()));
    put(&mut m, "Error", job.error.as_deref());
    let create = job.create_time.map(format_time);
    let update = job.update_time.map(format_time);
    put(&mut m, "CreateTime", create.as_deref());
    put(&mut m, "UpdateTime", update.as_deref());
    Value::Object(m)
}

/// A started job as `aws amplifybackend create-backend-auth` (and the other mutating calls)
/// print it.
pub fn job_ref_json(job: &JobRef) -> Value {
    let mut m = Map::new();
    put(&mut m, "AppId", Some(&job.app_id));
    put(&mut m, "BackendEnvironmentName", Some(&job.env));
    put(&mut m, "JobId", job.job_id.as_deref());
    put(&mut m, "Operation", job.operation.as_deref());
    put(&mut m, "Status", Some(job.status.as_str()));
    put(&mut m, "Error", job.error.as_deref());
    Value::Object(m)
}

/// The list as `aws amplifybackend list-backend-jobs` prints it (all pages in one).
pub fn jobs_json(jobs: &[Job]) -> Value {
    json!({ "Jobs": jobs.iter().map(job_json).collect::<Vec<_>>() })
}

const JOB_HEADER: &[&str] = &[
    "JOB ID",
    "OPERATION",
    "STATUS",
    "CREATED",
    "UPDATED",
    "ERROR",
];

fn job_row(job: &Job) -> Vec<String> {
    let dash = || "-".to_string();
    vec![
        job.job_id.clone(),
        job.operation.clone().unwrap_or_else(dash),
        job.status.to_string(),
        job.create_time.map(format_time).unwrap_or_else(dash),
        job.update_time.map(format_time).unwrap_or_else(dash),
        job.error.clone().unwrap_or_default(),
    ]
}

pub fn jobs_table(jobs: &[Job]) -> String {
    table(JOB_HEADER, &jobs.iter().map(job_row).collect::<Vec<_>>())
}

pub fn job_ref_table(job: &JobRef) -> String {
    let dash = || "-".to_string();
    table(
        &["JOB ID", "OPERATION", "STATUS", "ERROR"],
        &[vec![
            job.job_id.clone().unwrap_or_else(dash),
            job.operation.clone().unwrap_or_else(dash),
            job.status.to_string(),
            job.error.clone().unwrap_or_default(),
        ]],
    )
}

/// Pretty JSON and a final newline.
pub fn write_json(out: &mut dyn Write, v: &Value) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
    // C1, DEL and bidi controls as `\uXXXX`: still the same JSON, safe on a terminal.
    writeln!(out, "{}", crate::term_text::json_text(text))
}

pub fn write_job(out: &mut dyn Write, job: &Job, args: &OutputArgs) -> Result<(), Failure> {
    let table = jobs_table(std::slice::from_ref(job));
    emit(out, &job_json(job), args, Human::Table(table))
}

pub fn write_job_ref(out: &mut dyn Write, job: &JobRef, args: &OutputArgs) -> Result<(), Failure> {
    emit(
        out,
        &job_ref_json(job),
        args,
        Human::Table(job_ref_table(job)),
    )
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One finding located in its input: `file:line:column: error: PATH: message`, then the fix.
/// Without a document (flags, not a file) the path stands alone.
pub fn finding_line(doc: Option<&Document>, f: &Finding) -> String {
    match doc {
        Some(d) => {
            let path = d.json_path(&f.path);
            let (line, col) = d.source.position(&path);
            format!(
                "{}:{line}:{col}: {}: {path}: {}\n  fix: {}\n",
                d.source.name,
                severity_word(f.severity),
                f.message,
                f.fix
            )
        }
        None => format!(
            "{}: {}: {}\n  fix: {}\n",
            severity_word(f.severity),
            f.path,
            f.message,
            f.fix
        ),
    }
}

pub fn write_findings(
    out: &mut dyn Write,
    doc: Option<&Document>,
    findings: &[Finding],
) -> std::io::Result<()> {
    let (shown, more) = first_findings(findings);
    for f in shown {
        out.write_all(finding_line(doc, f).as_bytes())?;
    }
    if let Some(line) = more_findings_line(more) {
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// At most this many findings are located and printed per run: each is located in the input by
/// a scan of the text, and a file of 100,000 repeated values would otherwise take minutes to
/// report (issue 24); nobody reads past the first few hundred anyway. The counts stay whole.
pub const MAX_FINDINGS_SHOWN: usize = 200;

/// The findings to print and how many are left out.
pub fn first_findings(findings: &[Finding]) -> (&[Finding], usize) {
    let n = findings.len().min(MAX_FINDINGS_SHOWN);
    (&findings[..n], findings.len() - n)
}

/// The line that says findings were left out, if any were.
pub fn more_findings_line(more: usize) -> Option<String> {
    (more > 0).then(|| {
        format!(
            "… and {more} more finding{} not shown (the first {MAX_FINDINGS_SHOWN} are above; fix those first)\n",
            if more == 1 { "" } else { "s" }
        )
    })
}

/// Findings as a JSON array, each with its path in the file and its position.
/// Like the printed findings, at most [`MAX_FINDINGS_SHOWN`] of them.
pub fn findings_json(doc: Option<&Document>, findings: &[Finding]) -> Value {
    Value::Array(
        first_findings(findings)
            .0
            .iter()
            .map(|f| {
                let mut m = Map::new();
                let path = doc.map_or_else(|| f.path.clone(), |d| d.json_path(&f.path));
                if let Some(d) = doc {
                    let (line, col) = d.source.position(&path);
                    m.insert("File".into(), json!(d.source.name));
                    m.insert("Line".into(), json!(line));
                    m.insert("Column".into(), json!(col));
                }
                m.insert("Path".into(), json!(path));
                m.insert("Severity".into(), json!(severity_word(f.severity)));
                m.insert("Message".into(), json!(f.message));
                m.insert("Fix".into(), json!(f.fix));
                Value::Object(m)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::JobStatus;
    use std::time::{Duration, UNIX_EPOCH};

    fn job(id: &str, status: &str, error: Option<&str>) -> Job {
        Job {
            app_id: "d1".into(),
            env: "dev".into(),
            job_id: id.into(),
            operation: Some("CreateBackendAuth".into()),
            status: JobStatus::parse(status),
            error: error.map(str::to_string),
            create_time: Some(UNIX_EPOCH + Duration::from_millis(1_610_499_932_490)),
            update_time: None,
        }
    }

    #[test]
    fn tables_align_columns() {
        let t = jobs_table(&[
            job("j-1", "COMPLETED", None),
            job("j-22", "FAILED", Some("bad")),
        ]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        let col = lines[0].find("OPERATION").unwrap();
        assert_eq!(lines[1].find("CreateBackendAuth"), Some(col));
        assert_eq!(lines[2].find("CreateBackendAuth"), Some(col));
        assert!(lines[1].contains("2021-01-13T01:05:32Z"));
        assert!(lines[2].ends_with("bad"));
        assert!(!lines[1].ends_with(' '));
    }

    #[test]
    fn job_json_has_the_cli_member_names() {
        let v = job_json(&job("j-1", "FAILED", Some("boom")));
        assert_eq!(v["JobId"], "j-1");
        assert_eq!(v["Status"], "FAILED");
        assert_eq!(v["Error"], "boom");
        assert_eq!(v["CreateTime"], "2021-01-13T01:05:32Z");
        assert!(v.get("UpdateTime").is_none());
        assert_eq!(jobs_json(&[])["Jobs"], json!([]));
    }
}

#[cfg(test)]
mod legacy_literal_tests {
    use super::*;

    fn run(q: &str, v: Value) -> Value {
        parse_query(q).unwrap().apply(&v).unwrap()
    }

    #[test]
    fn backtick_literals_that_are_not_json_are_strings_as_in_the_aws_cli() {
        let jobs = serde_json::json!({"Jobs": [
            {"JobId": "a", "Status": "COMPLETED"},
            {"JobId": "b", "Status": "FAILED"},
        ]});
        assert_eq!(
            run("Jobs[?Status==`COMPLETED`].JobId", jobs.clone()),
            serde_json::json!(["a"])
        );
        // JSON literals keep their meaning; raw strings and quoted identifiers are untouched.
        assert_eq!(
            run("Jobs[?Status==`\"FAILED\"`].JobId", jobs.clone()),
            serde_json::json!(["b"])
        );
        assert_eq!(run("length(Jobs) == `2`", jobs.clone()), Value::Bool(true));
        assert_eq!(
            run("Jobs[?Status=='COMPLETED'].JobId", jobs.clone()),
            serde_json::json!(["a"])
        );
        assert_eq!(legacy_literals("'a`b'"), "'a`b'");
        assert_eq!(legacy_literals("`foo`"), "`\"foo\"`");
        // Still a usage error when malformed elsewhere.
        assert!(parse_query("Jobs[?Status==`COMPLETED`").is_err());
    }
}
