//! `import`: ImportBackendAuth, with the Cognito IDs checked locally first.

use super::args::ImportArgs;
use super::jobrun::{after_start, refuse_if_auth_exists, start_refused};
use super::{Scope, Streams, refuse_on_errors, require_scope, rules};
use crate::aws::Clients;
use crate::exit_code::Outcome;

/// The flag for each ImportBackendAuth member, so findings name what the user typed.
const FLAGS: &[(&str, &str)] = &[
    ("UserPoolId", "--user-pool-id"),
    ("WebClientId", "--web-client-id"),
    ("NativeClientId", "--native-client-id"),
    ("IdentityPoolId", "--identity-pool-id"),
];

pub async fn run(
    args: &ImportArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "import")?;
    let mut findings = rules::check_import(
        &args.user_pool_id,
        &args.web_client_id,
        &args.native_client_id,
        args.identity_pool_id.as_deref(),
    );
    for f in &mut findings {
        if let Some((_, flag)) = FLAGS.iter().find(|(m, _)| *m == f.path) {
            f.path = flag.to_string();
        }
    }
    refuse_on_errors(None, &[], &findings, "import", io.stderr)?;
    refuse_if_auth_exists(clients, app, env, |existing| {
        format!(
            "this import would fail; nothing was sent. Remove {existing} first (`amplify-auth delete`), or import into another environment (`amplify-auth env add`)"
        )
    })
    .await?;
    let what = format!(
        "import user pool {} into app {app}, environment {env}",
        args.user_pool_id
    );
    let started = clients
        .import_auth(
            app,
            env,
            &args.user_pool_id,
            &args.web_client_id,
            &args.native_client_id,
            args.identity_pool_id.as_deref(),
        )
        .await
        .map_err(|e| start_refused(&what, app, env, &e))?;
    after_start(clients, started, &what, &args.wait, &args.output, io).await
}
