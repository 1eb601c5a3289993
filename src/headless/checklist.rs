//! `checklist`: for each social provider of a deployed auth resource, the values to enter in the
//! provider's console (see `domain::checklist`), as text or JSON.

use serde_json::json;

use super::args::ChecklistArgs;
use super::output::{Human, emit};
use super::resource_reads::{read_config, read_deployed};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::Clients;
use crate::domain::checklist::provider_checklists;
use crate::exit_code::{self, Failure, Outcome};

pub async fn run(
    args: &ChecklistArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "checklist")?;
    let resource =
        resolve_resource(clients, app, env, args.resource.as_deref(), "checklist").await?;
    let config = read_config(clients, app, env, &resource).await?;
    if config.social_providers().is_none_or(|p| p.is_empty()) {
        let _ = writeln!(
            io.stderr,
            "auth resource {resource} has no social providers; nothing to set up on a provider's side"
        );
        return emit(
            io.stdout,
            &json!([]),
            &args.output,
            Human::Table(String::new()),
        );
    }
    let deployed = read_deployed(clients, app, env, &resource).await?;
    let Some(host) = deployed.hosted_ui_host() else {
        return Err(Failure::new(
            exit_code::SERVICE,
            format!(
                "auth resource {resource} has social providers but the backend meta has no HostedUIDomain: the hosted UI is not deployed (yet), so there is no redirect URL to register"
            ),
        ));
    };
    let lists = provider_checklists(&config, &host);
    let v: Vec<_> = lists
        .iter()
        .map(|c| {
            json!({
                "Provider": c.provider,
                "Console": c.console_url,
                "Items": c.items.iter().map(|i| json!({
                    "Label": i.label,
                    "Value": i.value,
                    "Note": i.note,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut own = String::new();
    for (n, c) in lists.iter().enumerate() {
        if n > 0 {
            own.push('\n');
        }
        own.push_str(&format!("{}  {}\n", c.title, c.console_url));
        let width = c.items.iter().map(|i| i.label.len()).max().unwrap_or(0);
        for i in &c.items {
            own.push_str(&match i.note {
                Some(note) => format!("  {:width$}  {}  ({note})\n", i.label, i.value),
                None => format!("  {:width$}  {}\n", i.label, i.value),
            });
        }
    }
    emit(io.stdout, &json!(v), &args.output, Human::Table(own))?;
    Ok(())
}
