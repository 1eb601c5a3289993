//! The Amplify (hosting) calls: which apps exist and which backend environments they have.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_amplify::operation::RequestId;

use super::backend::{MAX_PAGES, next_token};
use super::client::Clients;
use super::error::{ApiError, sanitize_text};

/// ListApps allows up to 100 per page, ListBackendEnvironments up to 50.
const APPS_PAGE_SIZE: i32 = 100;
const ENVS_PAGE_SIZE: i32 = 50;

/// An Amplify app, as much as the app picker needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppSummary {
    pub app_id: String,
    pub name: String,
    pub description: Option<String>,
    pub platform: String,
    pub default_domain: Option<String>,
    pub repository: Option<String>,
    pub update_time: Option<SystemTime>,
}

/// A backend environment of an app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendEnvironmentSummary {
    pub name: String,
    pub stack_name: Option<String>,
    pub deployment_artifacts: Option<String>,
    pub update_time: Option<SystemTime>,
}

fn non_empty(s: &str) -> Option<String> {
    let s = sanitize_text(s);
    (!s.trim().is_empty()).then_some(s)
}

/// A time from the service; the SDK fills a missing required time with the epoch, which is no
/// real update time.
fn known_time(t: &aws_smithy_types::DateTime) -> Option<SystemTime> {
    SystemTime::try_from(*t).ok().filter(|t| *t != UNIX_EPOCH)
}

impl Clients {
    fn amplify_err<'a, E>(
        &'a self,
        op: &'static str,
    ) -> impl FnOnce(SdkError<E, HttpResponse>) -> ApiError + 'a
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        super::error::mapper(op, &self.amplify_endpoint)
    }

    /// ListApps: every app in the region, following all pages.
    pub async fn list_apps(&self) -> Result<Vec<AppSummary>, ApiError> {
        const OP: &str = "ListApps";
        let mut apps = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let (page, next) = self.list_apps_page(token.as_deref()).await?;
            apps.extend(page);
            match next {
                Some(t) => token = Some(t),
                None => return Ok(apps),
            }
        }
        tracing::warn!(operation = OP, "stopped after {MAX_PAGES} pages");
        Ok(apps)
    }

    /// One page of ListApps and the token of the next page (`None` when this was the last), for
    /// callers that work through a large account page by page instead of holding it all.
    pub async fn list_apps_page(
        &self,
        token: Option<&str>,
    ) -> Result<(Vec<AppSummary>, Option<String>), ApiError> {
        const OP: &str = "ListApps";
        let out = self
            .amplify()
            .list_apps()
            .max_results(APPS_PAGE_SIZE)
            .set_next_token(token.map(str::to_string))
            .send()
            .await
            .map_err(self.amplify_err(OP))?;
        tracing::debug!(operation = OP, request_id = out.request_id(), "page");
        let apps = out
            .apps()
            .iter()
            .map(|a| AppSummary {
                app_id: a.app_id().to_string(),
                // Exact (issue 24): shown escaped where shown, never rewritten.
                name: a.name().to_string(),
                description: non_empty(a.description()),
                platform: sanitize_text(a.platform().as_str()),
                default_domain: non_empty(a.default_domain()),
                repository: non_empty(a.repository()),
                update_time: known_time(a.update_time()),
            })
            .collect();
        Ok((apps, next_token(out.next_token(), token)))
    }

    /// ListBackendEnvironments: every backend environment of an app, following all pages.
    pub async fn list_backend_environments(
        &self,
        app_id: &str,
    ) -> Result<Vec<BackendEnvironmentSummary>, ApiError> {
        const OP: &str = "ListBackendEnvironments";
        let mut envs = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let out = self
                .amplify()
                .list_backend_environments()
                .app_id(app_id)
                .max_results(ENVS_PAGE_SIZE)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(self.amplify_err(OP))?;
            tracing::debug!(operation = OP, request_id = out.request_id(), "page");
            envs.extend(
                out.backend_environments()
                    .iter()
                    .map(|e| BackendEnvironmentSummary {
                        name: e.environment_name().to_string(),
                        stack_name: e.stack_name().and_then(non_empty),
                        deployment_artifacts: e.deployment_artifacts().and_then(non_empty),
                        update_time: known_time(e.update_time()),
                    }),
            );
            match next_token(out.next_token(), token.as_deref()) {
                Some(t) => token = Some(t),
                None => return Ok(envs),
            }
        }
        tracing::warn!(operation = OP, "stopped after {MAX_PAGES} pages");
        Ok(envs)
    }
}
