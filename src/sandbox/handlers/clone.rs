//! CloneBackend: a new backend environment holding a copy of another's auth resources.
//!
//! What the evidence says the service does (service-behaviour-evidence §3.3, §5):
//! - the new environment exists as soon as the call is answered (it lists in Amplify's
//!   ListBackendEnvironments), and a job copies the source's categories into it;
//! - a failed clone leaves that new environment behind, empty;
//! - an existing target name is refused.
//!
//! The copy is of the source as stored when the clone starts; each copied resource gets new
//! Cognito ids (new pools), except imported ones, which keep pointing at the pools they import.
//!
//! The job FAILS (leaving the empty environment) when:
//! - the target name breaks the Amplify CLI's environment name rule (2 to 10 lower-case
//!   letters): the service runs the CLI, which refuses such a name (rule env-name);
//! - a copied auth resource fails the create rules in the new environment, e.g. its hosted UI
//!   domain `<prefix>-<target>` is too long or contains a reserved word (rule clone-rejudged); or
//! - the fault `FaultConfig::clone_failure_rate` hits (1.0: every clone fails), so clients can
//!   test the failure path deterministically.

use rusqlite::Transaction;
use serde_json::Value;

use super::{Ctx, In, check_amplify, env_call, new_env};
use crate::sandbox::errors::ApiError;
use crate::sandbox::jobs::{self, Effect, Outcome};
use crate::sandbox::meta::AuthIds;
use crate::sandbox::rules::events::{Deploy, job_error};
use crate::sandbox::rules::{self, Place};
use crate::sandbox::store;

/// The CLI's answer to a name it refuses (amplify-cli `s0-analyzeProject.ts`).
pub(super) const ENV_NAME_FAILURE: &str =
    "Environment name must be between 2 and 10 characters, and lowercase only.";

/// The Amplify CLI's environment name rule (`^[a-z]{2,10}$`), stated here on its own: the
/// sandbox judges clients, it does not borrow their rules (rule env-name).
pub(super) fn cli_accepts(name: &str) -> bool {
    (2..=10).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase())
}

pub(super) fn clone_backend(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
    now: i64,
) -> Result<Value, ApiError> {
    let (app_id, source, target, app) = env_call(tx, inp, "TargetEnvironmentName")?;
    check_amplify("EnvironmentName", target, "targetEnvironmentName")?;
    new_env(tx, app_id, target, now)?;

    let failed = |why: &str| {
        Outcome::fail(format!(
            "Cloning env:{source} to env:{target} in app:{} failed: {why}",
            app.app_id
        ))
    };
    let fault = ctx.clone_failure_rate > 0.0 && rand::random::<f64>() < ctx.clone_failure_rate;
    let outcome = if !cli_accepts(target) {
        failed(ENV_NAME_FAILURE)
    } else if fault {
        failed(
            "An error occurred during the push operation (injected by the sandbox: clone_failure_rate)",
        )
    } else {
        let mut effects = Vec::new();
        let mut failure = None;
        for a in store::list_auth(tx, app_id, source)? {
            let ids = if a.imported.is_some() {
                a.ids
            } else {
                AuthIds::generate(&ctx.region, a.config.identity_pool.is_some())
            };
            // Rule clone-rejudged: the copy is deployed by the create rules in the new
            // environment (its domain becomes `<prefix>-<target>`). Imported pools deploy nothing.
            if a.imported.is_none() && failure.is_none() {
                let taken = store::hosted_ui_domains_except(tx, app_id, target, &a.resource_name)?;
                let place = Place {
                    env: target,
                    taken_domains: &taken,
                    user_pool_id: &ids.user_pool_id,
                    providers_not_created: &[],
                };
                failure = rules::create_failure(&a.config, &place)
                    .map(|f| job_error(&f, Deploy::Create, now));
            }
            effects.push(Effect::CreateAuth {
                ids,
                resource: a.resource_name,
                config: a.config,
                imported: a.imported,
            });
        }
        match failure {
            Some(why) => failed(&why),
            None => Outcome::complete(Effect::Many { effects }),
        }
    };
    let job = jobs::start(
        tx,
        app_id,
        target,
        "CloneBackend",
        &outcome,
        now,
        ctx.job_duration_ms,
    )?;
    Ok(job.to_started_cli())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_name_rule() {
        for ok in ["qa", "staging", "abcdefghij"] {
            assert!(cli_accepts(ok), "{ok}");
        }
        for bad in ["q", "abcdefghijk", "QA", "qa1", "my-env", "é"] {
            assert!(!cli_accepts(bad), "{bad}");
        }
    }
}
