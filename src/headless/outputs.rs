//! `outputs`: the frontend config file (`amplifyconfiguration.json`, `aws-exports.js` or
//! `amplify_outputs.json`) of a deployed auth resource, on stdout or into `--out FILE`.
//!
//! Two reads: GetBackend for what the deployment assigned (ids, region, the hosted UI domain with
//! its env suffix) and GetBackendAuth for the settings. The mapping is `domain::frontend`.

use super::args::OutputsArgs;
use super::resource_reads::{read_config, read_deployed};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::Clients;
use crate::domain::frontend::render;
use crate::exit_code::{self, Failure, Outcome};

pub async fn run(
    args: &OutputsArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "outputs")?;
    let resource = resolve_resource(clients, app, env, args.resource.as_deref(), "outputs").await?;
    let deployed = read_deployed(clients, app, env, &resource)
        .await
        .map_err(|e| prefix(e, args.format.file_name()))?;
    let config = read_config(clients, app, env, &resource).await?;
    let text = render(args.format, &config, &deployed).map_err(|e| {
        Failure::new(
            exit_code::SERVICE,
            format!("cannot write {}: {e}", args.format.file_name()),
        )
    })?;
    match &args.out {
        None => io.stdout.write_all(text.as_bytes())?,
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| Failure::usage(format!("could not write {path}: {e}")))?;
            let _ = writeln!(
                io.stderr,
                "wrote {path} ({}) for auth resource {resource} of app {app}, environment {env}",
                args.format.file_name()
            );
        }
    }
    Ok(())
}

fn prefix(mut f: Failure, file: &str) -> Failure {
    f.message = format!("cannot write {file}: {}", f.message);
    f
}
