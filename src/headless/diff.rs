//! `diff --env A --other-env B`: the auth of two environments (or two resources) member by
//! member. Like `git diff --exit-code`, `--exit-code` exits 1 when they differ and 0 when they
//! are the same. Secrets are masked; a secret the service did not return is listed as not
//! compared, never as a difference.

use crate::aws::overview::throttled;
use std::io::Write;

use clap::Args;
use serde_json::{Value, json};

use super::output::{Human, OutputArgs, emit, table};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::{Clients, sanitize_text};
use crate::domain::compare::{Comparison, Row, compare};
use crate::exit_code::{self, Failure, Outcome};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct DiffArgs {
    /// The environment to compare with `--env`.
    #[arg(long, value_name = "ENV")]
    pub other_env: String,
    /// The auth resource in `--env` (default: its only one).
    #[arg(long)]
    pub resource: Option<String>,
    /// The auth resource in `--other-env` (default: `--resource`, else its only one).
    #[arg(long)]
    pub other_resource: Option<String>,
    /// How to print the differences.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 1 when the configs differ, 0 when they are the same.
    #[arg(long)]
    pub exit_code: bool,
}

/// Which resource of which environment one side is.
struct SideName {
    env: String,
    resource: String,
}

impl SideName {
    fn json(&self, app: &str) -> Value {
        json!({"AppId": app, "BackendEnvironmentName": self.env, "ResourceName": self.resource})
    }
}

pub async fn run(
    args: &DiffArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "diff")?;
    let other = args.other_env.as_str();
    let left_res = resolve_resource(clients, app, env, args.resource.as_deref(), "diff").await?;
    let right_given = args.other_resource.as_deref().or(args.resource.as_deref());
    let right_res = resolve_resource(clients, app, other, right_given, "diff").await?;
    let read = |env: &str, res: &str| {
        let (env, res) = (env.to_string(), res.to_string());
        async move {
            throttled(|| clients.get_auth(app, &env, &res))
                .await
                .map_err(|e| {
                    Failure::service(
                        &format!(
                            "could not read auth resource {res} of app {app}, environment {env}"
                        ),
                        &e,
                    )
                })
        }
    };
    let left = read(env, &left_res).await?;
    let right = read(other, &right_res).await?;
    let cmp = compare(&left, &right);
    let (l, r) = (
        SideName {
            env: env.to_string(),
            resource: left_res,
        },
        SideName {
            env: other.to_string(),
            resource: right_res,
        },
    );
    let mut own = Vec::new();
    write_table(&l, &r, &cmp, &mut own, io.stderr)?;
    emit(
        io.stdout,
        &comparison_json(app, &l, &r, &cmp),
        &args.output,
        Human::Table(String::from_utf8_lossy(&own).into_owned()),
    )?;
    if args.exit_code && !cmp.is_same() {
        return Err(Failure::silent(exit_code::DIFFERENT));
    }
    Ok(())
}

fn row_json(r: &Row) -> Value {
    json!({"Path": r.path, "Left": r.left.to_json(), "Right": r.right.to_json()})
}

/// `{Same, Left, Right, Differences: [{Path, Left, Right}], NotCompared: [...]}`; `Left` and
/// `Right` name the resources, each difference has both values (secrets masked).
fn comparison_json(app: &str, l: &SideName, r: &SideName, cmp: &Comparison) -> Value {
    json!({
        "Same": cmp.is_same(),
        "Left": l.json(app),
        "Right": r.json(app),
        "Differences": cmp.differences().map(row_json).collect::<Vec<_>>(),
        "NotCompared": cmp.unknown().map(row_json).collect::<Vec<_>>(),
    })
}

fn label(s: &SideName, other: &SideName) -> String {
    if s.resource == other.resource {
        s.env.clone()
    } else {
        format!("{}/{}", s.env, s.resource)
    }
}

fn write_table(
    l: &SideName,
    r: &SideName,
    cmp: &Comparison,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let (ll, rl) = (label(l, r), label(r, l));
    let rows: Vec<Vec<String>> = cmp
        .differences()
        .map(|row| {
            vec![
                row.path.clone(),
                sanitize_text(&row.left.display()),
                sanitize_text(&row.right.display()),
            ]
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(err, "no differences between {ll} and {rl}");
    } else {
        write!(out, "{}", table(&["MEMBER", &ll, &rl], &rows))?;
    }
    let unknown: Vec<&str> = cmp.unknown().map(|r| r.path.as_str()).collect();
    if !unknown.is_empty() {
        let _ = writeln!(
            err,
            "not compared (the service did not return the secret on one side or both): {}",
            unknown.join(", ")
        );
    }
    Ok(())
}
