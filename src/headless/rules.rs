//! Which of the domain's rules each command applies; one place, so `validate` and the commands
//! that send agree on what "valid" means.

use std::io::Write;

use crate::config_file::read::ConfigInput;
use crate::domain::AuthConfig;
use crate::domain::finding::{Finding, Severity};
use crate::domain::update::UpdateAuthConfig;
use crate::domain::validate::{
    notes_for_config, notes_for_update, validate_app_id, validate_config, validate_env_name,
    validate_import, validate_resource_name, validate_update,
};

/// Errors first, then by path (the domain sorts each list; merged lists are sorted again).
fn sorted(mut v: Vec<Finding>) -> Vec<Finding> {
    v.sort_by(|a, b| {
        (a.severity != Severity::Error, &a.path).cmp(&(b.severity != Severity::Error, &b.path))
    });
    v
}

/// A whole config, as `create` sends it.
pub fn check_config(cfg: &AuthConfig) -> Vec<Finding> {
    validate_config(cfg)
}

/// An update request on its own (offline `validate` of an update file).
pub fn check_update_alone(update: &UpdateAuthConfig) -> Vec<Finding> {
    validate_update(update)
}

/// The names around the config; each only when given.
pub fn check_ids(app_id: Option<&str>, env: Option<&str>, resource: Option<&str>) -> Vec<Finding> {
    let found = [
        app_id.and_then(validate_app_id),
        env.and_then(validate_env_name),
        resource.and_then(validate_resource_name),
    ];
    sorted(found.into_iter().flatten().collect())
}

/// The ImportBackendAuth IDs; paths are the request's member names.
pub fn check_import(
    user_pool_id: &str,
    web_client_id: &str,
    native_client_id: &str,
    identity_pool_id: Option<&str>,
) -> Vec<Finding> {
    validate_import(
        user_pool_id,
        web_client_id,
        native_client_id,
        identity_pool_id,
    )
}

/// What the domain notes about a file's config (facts, not findings: nothing to fix), one
/// `note:` line each on stderr, so they neither count as warnings nor carry a path.
pub fn print_notes(config: &ConfigInput, stderr: &mut dyn Write) {
    let notes = match config {
        ConfigInput::Full(cfg) => notes_for_config(cfg),
        ConfigInput::Update(u) => notes_for_update(u),
    };
    for n in notes {
        let _ = writeln!(stderr, "note: {n}");
    }
}

/// The hosted UI domain with the env suffix must fit Cognito's 63 characters and bring no reserved
/// word; only the commands that know the env check it (see
/// `domain::hosted_ui::check_domain_in_env`).
pub fn check_domain_in_env(cfg: &AuthConfig, env: &str) -> Vec<Finding> {
    crate::domain::hosted_ui::check_domain_in_env(cfg, env)
}

pub use crate::domain::hosted_ui::check_domain_for;
