//! `gen2`: an environment's auth as an Amplify Gen 2 backend (`amplify/auth/resource.ts` and
//! `amplify/backend.ts`) with the report (every member and what it becomes, the secrets Gen 2
//! needs, the steps by hand). Read-only against the service: GetBackend (ids, roles, the deployed
//! domain), GetBackendAuth (the config) and the live Cognito pool (`aws::live`: custom
//! attributes, groups, triggers, providers, feature plan, the identity pool's roles). A failed
//! live read is not fatal: the report names the facts that are then from the record only. The
//! mapping is `domain::gen2`.
//!
//! Without `--out`, the files are printed. With `--out DIR`, they are written under DIR/amplify,
//! except that an existing `backend.ts` is never replaced (the lines to add are printed instead)
//! and an existing `auth/resource.ts` only with `--force`.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::{Value, json};

use super::output::{Human, OutputArgs, emit};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::meta::parse_meta;
use crate::aws::{AuthResourceMeta, Clients, sanitize_text};
use crate::domain::gen2::{Gen2Context, Gen2Export, Gen2Ids, Mode, export, from_live};
use crate::exit_code::{Failure, Outcome};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct Gen2Args {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Write amplify/auth/resource.ts and amplify/backend.ts under this folder (an existing
    /// backend.ts is never replaced: the lines to add are printed).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out: Option<String>,
    /// define: a new pool with defineAuth; reference: keep the Gen 1 pools with referenceAuth;
    /// auto: reference for an imported resource, define otherwise.
    #[arg(long, value_enum, default_value = "auto")]
    pub mode: ModeArg,
    /// Keep the Gen 1 hosted UI domain with a CDK override (deploys once the Gen 1 pool has
    /// released it); default: Gen 2's generated domain.
    #[arg(long)]
    pub keep_domain: bool,
    /// With --out: replace an existing amplify/auth/resource.ts (backend.ts is never replaced).
    #[arg(long, requires = "out")]
    pub force: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    Auto,
    Define,
    Reference,
}

pub const RESOURCE_TS: &str = "amplify/auth/resource.ts";
pub const BACKEND_TS: &str = "amplify/backend.ts";

pub async fn run(
    args: &Gen2Args,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "gen2")?;
    let resource = resolve_resource(clients, app, env, args.resource.as_deref(), "gen2").await?;
    let info = clients.get_backend(app, Some(env)).await.map_err(|e| {
        Failure::service(
            &format!("could not read the backend of app {app}, environment {env}"),
            &e,
        )
    })?;
    let ids = info
        .raw_meta
        .as_deref()
        .and_then(parse_meta)
        .map(|m| ids_from_meta(&m, &resource))
        .unwrap_or_default();
    let meta = info
        .auth_resources
        .iter()
        .find(|r| r.name == resource)
        .cloned()
        .unwrap_or_else(|| AuthResourceMeta {
            name: resource.clone(),
            ..AuthResourceMeta::default()
        });
    let (config, pool) = tokio::join!(
        super::resource_reads::read_config(clients, app, env, &resource),
        clients.read_live_pool(&meta)
    );
    let config = config?;
    let record_only = from_live::record_only(&pool);
    for (action, facts) in &record_only {
        let _ = writeln!(
            io.stderr,
            "note: {} failed, so these Gen 2 facts are from the record only: {}",
            sanitize_text(action),
            facts
        );
    }
    let cx = Gen2Context {
        app_id: app.to_string(),
        env: env.to_string(),
        region: clients.region.clone(),
        resource: resource.clone(),
        ids,
        live: from_live::gen2_live(&pool),
        mode: match args.mode {
            ModeArg::Auto => Mode::Auto,
            ModeArg::Define => Mode::Define,
            ModeArg::Reference => Mode::Reference,
        },
        keep_domain: args.keep_domain,
    };
    let ex = export(&config, &cx).map_err(|e| Failure::usage(format!("gen2: {e}")))?;
    let written = match &args.out {
        Some(dir) => Some(write_files(Path::new(dir), &ex, args.force)?),
        None => None,
    };
    if let Some(w) = &written {
        for path in &w.written {
            let _ = writeln!(io.stderr, "wrote {}", path.display());
        }
        if let Some(existing) = &w.backend_kept {
            let _ = writeln!(
                io.stderr,
                "note: {} exists and was not changed; add the lines printed under BackendAdditions to it",
                existing.display()
            );
        }
    }
    let mut value = report_json(&ex, &resource, written.as_ref());
    let mut human = report_text(&ex, &resource, app, env, written.as_ref());
    if !record_only.is_empty() {
        value["LiveReadFailures"] = json!(
            record_only
                .iter()
                .map(|(a, f)| json!({"Action": sanitize_text(a), "FromRecordOnly": f}))
                .collect::<Vec<_>>()
        );
        human.push_str("\nLive pool reads that failed (these facts are from the record only)\n");
        for (a, f) in &record_only {
            human.push_str(&format!("  {}: {f}\n", sanitize_text(a)));
        }
    }
    emit(io.stdout, &value, &args.output, Human::Table(human))
}

/// The ids and role ARNs of `resource` in an `amplify-meta.json` object.
pub fn ids_from_meta(meta: &Value, resource: &str) -> Gen2Ids {
    let out = |key: &str| {
        meta.pointer(&format!("/auth/{resource}/output/{key}"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let provider = |key: &str| {
        meta.pointer(&format!("/providers/awscloudformation/{key}"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Gen2Ids {
        user_pool_id: out("UserPoolId"),
        web_client_id: out("AppClientIDWeb"),
        identity_pool_id: out("IdentityPoolId"),
        auth_role_arn: provider("AuthRoleArn"),
        unauth_role_arn: provider("UnauthRoleArn"),
        hosted_ui_domain: out("HostedUIDomain"),
        imported: meta
            .pointer(&format!("/auth/{resource}/serviceType"))
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("imported")),
    }
}

/// What `--out` did.
pub struct Written {
    pub written: Vec<PathBuf>,
    /// The existing backend.ts left as it was.
    pub backend_kept: Option<PathBuf>,
}

fn write_files(dir: &Path, ex: &Gen2Export, force: bool) -> Result<Written, Failure> {
    let resource = dir.join(RESOURCE_TS);
    let backend = dir.join(BACKEND_TS);
    if resource.exists()
        && !force
        && std::fs::read_to_string(&resource).ok().as_deref() != Some(ex.resource_ts.as_str())
    {
        return Err(Failure::usage(format!(
            "{} exists and differs from the export; pass --force to replace it (backend.ts is never replaced)",
            resource.display()
        )));
    }
    let parent = resource.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)
        .map_err(|e| Failure::usage(format!("could not create {}: {e}", parent.display())))?;
    let write = |p: &Path, text: &str| {
        std::fs::write(p, text)
            .map_err(|e| Failure::usage(format!("could not write {}: {e}", p.display())))
    };
    write(&resource, &ex.resource_ts)?;
    let mut w = Written {
        written: vec![resource],
        backend_kept: None,
    };
    if backend.exists() {
        w.backend_kept = Some(backend);
    } else {
        write(&backend, &ex.backend_ts)?;
        w.written.push(backend);
    }
    Ok(w)
}

fn report_json(ex: &Gen2Export, resource: &str, written: Option<&Written>) -> Value {
    let mut v = json!({
        "ResourceName": resource,
        "Auth": if ex.reference { "referenceAuth" } else { "defineAuth" },
        "Members": ex.members,
        "Secrets": ex.secrets,
        "Steps": ex.steps,
    });
    match written {
        None => {
            v["Files"] = json!({ RESOURCE_TS: ex.resource_ts, BACKEND_TS: ex.backend_ts });
        }
        Some(w) => {
            v["Written"] = json!(
                w.written
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
            );
            if w.backend_kept.is_some() {
                v["BackendAdditions"] = json!(ex.backend_additions);
            }
        }
    }
    v
}

fn report_text(
    ex: &Gen2Export,
    resource: &str,
    app: &str,
    env: &str,
    written: Option<&Written>,
) -> String {
    let mut s = String::new();
    match written {
        None => {
            for (name, text) in [(RESOURCE_TS, &ex.resource_ts), (BACKEND_TS, &ex.backend_ts)] {
                s.push_str(&format!("// ===== {name} =====\n{text}\n"));
            }
        }
        Some(w) if w.backend_kept.is_some() => {
            s.push_str(&format!(
                "// ===== add to the existing {BACKEND_TS} =====\n{}\n",
                ex.backend_additions
            ));
        }
        Some(_) => {}
    }
    s.push_str(&format!(
        "Gen 2 export of auth resource {resource} (app {app}, environment {env}) with {}\n\nMembers\n",
        if ex.reference {
            "referenceAuth (the Gen 1 pools are kept)"
        } else {
            "defineAuth (a new pool)"
        }
    ));
    let rows: Vec<Vec<String>> = ex
        .members
        .iter()
        .map(|m| {
            vec![
                m.path.clone(),
                m.value.clone(),
                m.gen2.clone(),
                m.kind.as_str().to_string(),
                m.note.clone(),
            ]
        })
        .collect();
    s.push_str(&super::output::table(
        &["MEMBER", "VALUE", "GEN 2", "KIND", "NOTE"],
        &rows,
    ));
    if !ex.secrets.is_empty() {
        s.push_str("\nSecrets (set each with `npx ampx sandbox secret set NAME`)\n");
        for sec in &ex.secrets {
            s.push_str(&format!(
                "  {}  ({}): {}\n",
                sec.name, sec.provider, sec.source
            ));
        }
    }
    s.push_str("\nSteps\n");
    for (n, step) in ex.steps.iter().enumerate() {
        s.push_str(&format!("  {}. {step}\n", n + 1));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_roles_come_from_the_meta() {
        let meta = json!({
            "providers": {"awscloudformation": {"AuthRoleArn": "arn:a", "UnauthRoleArn": "arn:u"}},
            "auth": {"r": {"serviceType": "imported", "output": {
                "UserPoolId": "us-east-1_X", "AppClientIDWeb": "web", "IdentityPoolId": "us-east-1:1"}}}
        });
        let ids = ids_from_meta(&meta, "r");
        assert!(ids.imported);
        assert_eq!(ids.web_client_id.as_deref(), Some("web"));
        assert_eq!(ids.auth_role_arn.as_deref(), Some("arn:a"));
        assert_eq!(ids.hosted_ui_domain, None);
    }
}
