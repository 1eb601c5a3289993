//! What Cognito calls an auth resource's parts: the ids it generates when the resource is made
//! and the names the Amplify CLI's auth stack gives it per environment. Their own file so the
//! store (which keeps the ids) and `meta` (which reports them) both depend on it, not on each other.

use serde::{Deserialize, Serialize};

use super::ids;

/// Ids Cognito would assign, fixed when the resource is created so every read agrees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthIds {
    pub user_pool_id: String,
    pub app_client_id_web: String,
    pub app_client_id: String,
    pub identity_pool_id: Option<String>,
}

impl AuthIds {
    /// Fresh ids in Cognito's formats: `us-east-1_AbC123xyZ`, 26-character client ids,
    /// `us-east-1:<uuid>` identity pools.
    pub fn generate(region: &str, with_identity_pool: bool) -> AuthIds {
        AuthIds {
            user_pool_id: format!("{region}_{}", ids::mixed_alnum(9)),
            app_client_id_web: ids::lower_alnum(26),
            app_client_id: ids::lower_alnum(26),
            identity_pool_id: with_identity_pool.then(|| format!("{region}:{}", ids::uuid_v4())),
        }
    }
}

/// A Cognito name as the Amplify CLI's auth stack makes it: `Fn::Join` of the name and the env
/// with `-` (user pool, hosted UI domain) or `__` (identity pool), unless the env is `NONE`
/// (`auth-stack-transform.ts`, `auth-cognito-stack-builder.ts`).
pub fn env_suffixed(name: &str, sep: &str, env: &str) -> String {
    if env == "NONE" {
        name.to_string()
    } else {
        format!("{name}{sep}{env}")
    }
}
