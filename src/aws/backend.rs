//! The AmplifyBackend calls the app makes, with domain types in and out.
//!
//! Each call logs its request id (and job id, when it starts one) at debug level; configs and
//! secrets are never logged.
//!
//! The calls that start a job (create, update, delete, import, CreateBackend, CloneBackend) wait
//! out throttling beyond the SDK's attempts with the shared back-off (`overview::throttled`,
//! bounded by its deadline): a throttled request was not carried out, so sending it again is
//! safe (see there). Reads are wrapped by their callers, which choose what a failure means.

use aws_sdk_amplifybackend::operation::RequestId;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::client::Clients;
use super::convert::{auth_config_from_sdk, auth_config_to_sdk, update_config_to_sdk};
use super::error::{ApiError, ErrorKind, sanitize_text};
use super::jobs::{Job, JobFilter, JobRef, clean, exact, parse_job_time, status_of};
use super::meta::{BackendInfo, parse_auth_resources};
use super::overview::throttled;
use crate::domain::AuthConfig;
use crate::domain::update::UpdateAuthConfig;

/// ListBackendJobs accepts 1–25 per page.
const JOBS_PAGE_SIZE: i32 = 25;
/// A server that keeps handing out tokens must not keep us paging forever.
pub(crate) const MAX_PAGES: usize = 1000;

/// The members every job-starting response has.
struct JobFields<'a> {
    app_id: Option<&'a str>,
    env: Option<&'a str>,
    job_id: Option<&'a str>,
    operation: Option<&'a str>,
    status: Option<&'a str>,
    error: Option<&'a str>,
}

fn job_ref(
    op: &'static str,
    app_id: &str,
    env: &str,
    f: JobFields<'_>,
    rid: Option<&str>,
) -> JobRef {
    let job = JobRef {
        app_id: exact(f.app_id).unwrap_or_else(|| app_id.to_string()),
        env: exact(f.env).unwrap_or_else(|| env.to_string()),
        job_id: exact(f.job_id),
        operation: clean(f.operation).or_else(|| Some(op.to_string())),
        status: status_of(f.status),
        error: clean(f.error),
    };
    tracing::debug!(
        operation = op,
        request_id = rid,
        job_id = job.job_id.as_deref(),
        status = %job.status,
        "job started"
    );
    job
}

/// Every mutating call answers with the same job members, but the SDK gives each operation its
/// own output type; this reads them from any of those outputs.
macro_rules! job_ref_from {
    ($op:expr, $app_id:expr, $env:expr, $out:expr) => {{
        let out = &$out;
        job_ref(
            $op,
            $app_id,
            $env,
            JobFields {
                app_id: out.app_id(),
                env: out.backend_environment_name(),
                job_id: out.job_id(),
                operation: out.operation(),
                status: out.status(),
                error: out.error(),
            },
            out.request_id(),
        )
    }};
}

impl Clients {
    fn backend_err<'a, E>(
        &'a self,
        op: &'static str,
    ) -> impl FnOnce(SdkError<E, HttpResponse>) -> ApiError + 'a
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        super::error::mapper(op, &self.backend_endpoint)
    }

    /// CreateBackend: sets up the Amplify backend (and environment) for an app.
    pub async fn create_backend(
        &self,
        app_id: &str,
        app_name: &str,
        env: &str,
    ) -> Result<JobRef, ApiError> {
        const OP: &str = "CreateBackend";
        let out = throttled(|| async {
            self.backend()
                .create_backend()
                .app_id(app_id)
                .app_name(app_name)
                .backend_environment_name(env)
                .send()
                .await
                .map_err(self.backend_err(OP))
        })
        .await?;
        Ok(job_ref_from!(OP, app_id, env, out))
    }

    /// CloneBackend: starts a job creating environment `target` as a copy of `source`. The new
    /// environment exists at once; a failed job leaves it empty.
    pub async fn clone_backend(
        &self,
        app_id: &str,
        source: &str,
        target: &str,
    ) -> Result<JobRef, ApiError> {
        const OP: &str = "CloneBackend";
        let out = throttled(|| async {
            self.backend()
                .clone_backend()
                .app_id(app_id)
                .backend_environment_name(source)
                .target_environment_name(target)
                .send()
                .await
                .map_err(self.backend_err(OP))
        })
        .await?;
        Ok(job_ref_from!(OP, app_id, target, out))
    }

    /// GetBackend: the app's name, its environments and the auth resources in its meta.
    pub async fn get_backend(
        &self,
        app_id: &str,
        env: Option<&str>,
    ) -> Result<BackendInfo, ApiError> {
        const OP: &str = "GetBackend";
        let out = self
            .backend()
            .get_backend()
            .app_id(app_id)
            .set_backend_environment_name(env.map(str::to_string))
            .send()
            .await
            .map_err(self.backend_err(OP))?;
        tracing::debug!(operation = OP, request_id = out.request_id(), "ok");
        let raw_meta = out.amplify_meta_config().map(str::to_string);
        Ok(BackendInfo {
            app_id: exact(out.app_id()).unwrap_or_else(|| app_id.to_string()),
            app_name: exact(out.app_name()).unwrap_or_default(),
            env: exact(out.backend_environment_name()).or_else(|| env.map(str::to_string)),
            environments: out
                .backend_environment_list()
                .iter()
                .map(|e| e.to_string())
                .collect(),
            auth_resources: raw_meta
                .as_deref()
                .map(parse_auth_resources)
                .unwrap_or_default(),
            raw_meta,
            error: clean(out.error()),
        })
    }

    /// The auth resource `env` already has, if a GetBackend read says it has one. An environment
    /// holds one (the Amplify CLI's "Auth has already been added to this project"), so a create
    /// or import there would be taken and only its job would FAIL: callers refuse it before
    /// sending. Throttling is waited out (`overview::throttled`); a read that still cannot
    /// answer is an error, and the caller sends nothing: a check fails closed.
    pub async fn existing_auth(&self, app_id: &str, env: &str) -> Result<Option<String>, ApiError> {
        let backend = super::overview::throttled(|| self.get_backend(app_id, Some(env))).await?;
        Ok(backend.auth_resources.into_iter().next().map(|r| r.name))
    }

    /// CreateBackendAuth: starts a job creating the auth resource.
    pub async fn create_auth(
        &self,
        app_id: &str,
        env: &str,
        resource_name: &str,
        config: &AuthConfig,
    ) -> Result<JobRef, ApiError> {
        const OP: &str = "CreateBackendAuth";
        let out = throttled(|| async {
            self.backend()
                .create_backend_auth()
                .app_id(app_id)
                .backend_environment_name(env)
                .resource_name(resource_name)
                .resource_config(auth_config_to_sdk(config))
                .send()
                .await
                .map_err(self.backend_err(OP))
        })
        .await?;
        Ok(job_ref_from!(OP, app_id, env, out))
    }

    /// GetBackendAuth: the resource's config as the service holds it (secrets are whatever the
    /// service returns; Apple private keys cannot be read back).
    pub async fn get_auth(
        &self,
        app_id: &str,
        env: &str,
        resource_name: &str,
    ) -> Result<AuthConfig, ApiError> {
        const OP: &str = "GetBackendAuth";
        let out = self
            .backend()
            .get_backend_auth()
            .app_id(app_id)
            .backend_environment_name(env)
            .resource_name(resource_name)
            .send()
            .await
            .map_err(self.backend_err(OP))?;
        tracing::debug!(operation = OP, request_id = out.request_id(), "ok");
        match out.resource_config() {
            Some(c) => Ok(auth_config_from_sdk(c)),
            None => {
                let mut detail = format!(
                    "the response from {} has no ResourceConfig",
                    self.backend_endpoint
                );
                if let Some(e) = clean(out.error()) {
                    detail.push_str(&format!("; the service says: {e}"));
                }
                let mut err = ApiError::new(OP, ErrorKind::Parse, detail);
                err.request_id = out.request_id().map(sanitize_text);
                Err(err)
            }
        }
    }

    /// UpdateBackendAuth: starts a job applying the mutable part of the config.
    pub async fn update_auth(
        &self,
        app_id: &str,
        env: &str,
        resource_name: &str,
        update: &UpdateAuthConfig,
    ) -> Result<JobRef, ApiError> {
        const OP: &str = "UpdateBackendAuth";
        let out = throttled(|| async {
            self.backend()
                .update_backend_auth()
                .app_id(app_id)
                .backend_environment_name(env)
                .resource_name(resource_name)
                .resource_config(update_config_to_sdk(update))
                .send()
                .await
                .map_err(self.backend_err(OP))
        })
        .await?;
        Ok(job_ref_from!(OP, app_id, env, out))
    }

    /// DeleteBackendAuth: starts a job removing the auth resource.
    pub async fn delete_auth(
        &self,
        app_id: &str,
        env: &str,
        resource_name: &str,
    ) -> Result<JobRef, ApiError> {
        const OP: &str = "DeleteBackendAuth";
        let out = throttled(|| async {
            self.backend()
                .delete_backend_auth()
                .app_id(app_id)
                .backend_environment_name(env)
                .resource_name(resource_name)
                .send()
                .await
                .map_err(self.backend_err(OP))
        })
        .await?;
        Ok(job_ref_from!(OP, app_id, env, out))
    }

    /// ImportBackendAuth: starts a job bringing an existing user pool (and identity pool) in.
    pub async fn import_auth(
        &self,
        app_id: &str,
        env: &str,
        user_pool_id: &str,
        web_client_id: &str,
        native_client_id: &str,
        identity_pool_id: Option<&str>,
    ) -> Result<JobRef, ApiError> {
        const OP: &str = "ImportBackendAuth";
        let out = throttled(|| async {
            self.backend()
                .import_backend_auth()
                .app_id(app_id)
                .backend_environment_name(env)
                .user_pool_id(user_pool_id)
                .web_client_id(web_client_id)
                .native_client_id(native_client_id)
                .set_identity_pool_id(identity_pool_id.map(str::to_string))
                .send()
                .await
                .map_err(self.backend_err(OP))
        })
        .await?;
        Ok(job_ref_from!(OP, app_id, env, out))
    }

    /// GetBackendJob: one job's current state.
    pub async fn get_job(&self, app_id: &str, env: &str, job_id: &str) -> Result<Job, ApiError> {
        const OP: &str = "GetBackendJob";
        let out = self
            .backend()
            .get_backend_job()
            .app_id(app_id)
            .backend_environment_name(env)
            .job_id(job_id)
            .send()
            .await
            .map_err(self.backend_err(OP))?;
        let job = Job {
            app_id: exact(out.app_id()).unwrap_or_else(|| app_id.to_string()),
            env: exact(out.backend_environment_name()).unwrap_or_else(|| env.to_string()),
            job_id: exact(out.job_id()).unwrap_or_else(|| job_id.to_string()),
            operation: clean(out.operation()),
            status: status_of(out.status()),
            error: clean(out.error()),
            create_time: out.create_time().and_then(parse_job_time),
            update_time: out.update_time().and_then(parse_job_time),
        };
        tracing::debug!(operation = OP, request_id = out.request_id(), job_id = %job.job_id, status = %job.status, "ok");
        Ok(job)
    }

    /// ListBackendJobs: every job matching `filter`, following all pages.
    pub async fn list_jobs(
        &self,
        app_id: &str,
        env: &str,
        filter: &JobFilter,
    ) -> Result<Vec<Job>, ApiError> {
        const OP: &str = "ListBackendJobs";
        let mut jobs = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let out = self
                .backend()
                .list_backend_jobs()
                .app_id(app_id)
                .backend_environment_name(env)
                .set_job_id(filter.job_id.clone())
                .set_operation(filter.operation.clone())
                .set_status(filter.status.clone())
                .max_results(JOBS_PAGE_SIZE)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(self.backend_err(OP))?;
            tracing::debug!(operation = OP, request_id = out.request_id(), "page");
            jobs.extend(out.jobs().iter().map(|j| Job {
                app_id: exact(j.app_id()).unwrap_or_else(|| app_id.to_string()),
                env: exact(j.backend_environment_name()).unwrap_or_else(|| env.to_string()),
                job_id: exact(j.job_id()).unwrap_or_default(),
                operation: clean(j.operation()),
                status: status_of(j.status()),
                error: clean(j.error()),
                create_time: j.create_time().and_then(parse_job_time),
                update_time: j.update_time().and_then(parse_job_time),
            }));
            match next_token(out.next_token(), token.as_deref()) {
                Some(t) => token = Some(t),
                None => return Ok(jobs),
            }
        }
        tracing::warn!(operation = OP, "stopped after {MAX_PAGES} pages");
        Ok(jobs)
    }
}

/// The token for the next page, or `None` when paging is done. An empty token, or the same token
/// again (a server that loops), ends paging.
pub(crate) fn next_token(received: Option<&str>, sent: Option<&str>) -> Option<String> {
    match received {
        Some(t) if !t.is_empty() && Some(t) != sent => Some(t.to_string()),
        _ => None,
    }
}
