//! Which of the domain's rules each command applies; one place, so `validate` and the commands
//! that send agree on what "valid" means.

use crate::domain::AuthConfig;
use crate::domain::update::{UpdateAuthConfig, apply_update};
use crate::domain::validate::{Finding, Severity, validate_config, validate_resource_name};

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

/// An update of `current`.
pub fn check_update(current: &AuthConfig, update: &UpdateAuthConfig) -> Vec<Finding> {
    validate_config(&apply_update(current, update))
}

/// An update request on its own (offline `validate` of an update file).
pub fn check_update_alone(_update: &UpdateAuthConfig) -> Vec<Finding> {
    Vec::new()
}

/// The names around the config; each only when given.
pub fn check_ids(app_id: Option<&str>, env: Option<&str>, resource: Option<&str>) -> Vec<Finding> {
    let _ = (app_id, env);
    sorted(
        resource
            .and_then(validate_resource_name)
            .into_iter()
            .collect(),
    )
}

/// The ImportBackendAuth IDs; paths are the request's member names.
pub fn check_import(
    _user_pool_id: &str,
    _web_client_id: &str,
    _native_client_id: &str,
    _identity_pool_id: Option<&str>,
) -> Vec<Finding> {
    Vec::new()
}
