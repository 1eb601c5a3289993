//! `delete`: DeleteBackendAuth, after a confirmation on a terminal (`--yes` skips it; without a
//! terminal `--yes` is required, so a script never hangs on a prompt nobody sees).

use super::args::DeleteArgs;
use super::jobrun::{after_start, start_refused};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::Clients;
use crate::exit_code::{self, Failure, Outcome};

pub async fn run(
    args: &DeleteArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "delete")?;
    if !args.yes && !io.terminal.can_prompt() {
        return Err(Failure::usage(
            "delete asks for confirmation, but there is no terminal to ask on; pass --yes to delete without asking",
        ));
    }
    let resource = resolve_resource(clients, app, env, args.resource.as_deref(), "delete").await?;
    if !args.yes && !confirm(io, app, env, &resource)? {
        return Err(Failure::new(
            exit_code::OTHER,
            format!("not confirmed; auth resource {resource} was not deleted"),
        ));
    }
    let what = format!("delete auth resource {resource} from app {app}, environment {env}");
    let started = clients
        .delete_auth(app, env, &resource)
        .await
        .map_err(|e| start_refused(&what, app, env, &e))?;
    after_start(clients, started, &what, &args.wait, &args.output, io).await
}

/// Asks on stderr, reads one line from stdin; only `y` or `yes` confirms.
fn confirm(io: &mut Streams<'_>, app: &str, env: &str, resource: &str) -> Result<bool, Failure> {
    write!(
        io.stderr,
        "Delete auth resource {resource} from app {app}, environment {env}? This deletes its Cognito user pool and every user in it. [y/N] "
    )?;
    io.stderr.flush()?;
    let mut line = String::new();
    io.stdin
        .read_line(&mut line)
        .map_err(|e| Failure::new(exit_code::OTHER, format!("could not read the answer: {e}")))?;
    let answer = line.trim().to_ascii_lowercase();
    Ok(answer == "y" || answer == "yes")
}
