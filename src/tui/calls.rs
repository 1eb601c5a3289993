//! The service calls behind the effects: each runs in its own task, and its result comes back
//! to `update` as a message. Names stay exact (the screens show them escaped); a create or import is
//! checked (one auth per environment) and an update (the live pool) before anything is sent.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::aws::Clients;
use crate::aws::overview::throttled;
use crate::aws::progress::{AttemptSink, report_attempts};

use super::msg::{Effect, Msg, Request, Target};

/// Runs one call on the service in its own task; its result comes back as a message.
pub fn perform(fx: Effect, clients: &Clients, tx: &mpsc::UnboundedSender<Msg>) {
    let c = clients.clone();
    let tx = tx.clone();
    match fx {
        Effect::Quit
        | Effect::SaveDraft { .. }
        | Effect::DeleteDraft { .. }
        | Effect::SubmitAfterDraft { .. }
        | Effect::Connect { .. }
        | Effect::ListProfiles
        | Effect::LoadOverview { .. }
        | Effect::StopOverview { .. }
        | Effect::WriteFile { .. }
        | Effect::WriteProjectFiles { .. }
        | Effect::Copy { .. } => {}
        Effect::Submit {
            generation,
            target,
            request,
            live,
        } => {
            let sink = attempts_to(&tx, generation);
            tokio::spawn(async move {
                // Never revert unseen a change made to the live pool outside Amplify (issue 26):
                // an update goes only once the live pool was read and nothing would be set back
                // that the user did not choose to; otherwise the pane asks.
                if let Request::Update(cfg) = &*request {
                    let check =
                        Box::pin(super::live_choice::check_live(&c, &target, cfg, &live)).await;
                    let send = matches!(check, super::live_gate::LiveCheck::Clear(_));
                    let _ = tx.send(Msg::LiveBeforeSend {
                        generation,
                        check: Box::new(check),
                    });
                    if !send {
                        return;
                    }
                }
                let result = report_attempts(sink, submit(&c, target, *request)).await;
                let _ = tx.send(Msg::Submitted { generation, result });
            });
        }
        Effect::CheckDrafts { dir, found } => {
            tokio::spawn(async move {
                let found = super::wizard::draft_job::reconcile(&c, &dir, found).await;
                let _ = tx.send(Msg::DraftsChecked(found));
            });
        }
        Effect::PollJob {
            generation,
            app_id,
            env,
            job_id,
            after,
        } => {
            let sink = attempts_to(&tx, generation);
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                // The receiver is gone when the app quit; nothing to do then.
                if tx.is_closed() {
                    return;
                }
                let result = report_attempts(sink, c.get_job(&app_id, &env, &job_id)).await;
                let _ = tx.send(Msg::JobPolled { generation, result });
            });
        }
        Effect::ReadBeforeSend { generation, target } => {
            read_auth(c, tx, generation, target, |generation, result| {
                Msg::ReadBeforeSend { generation, result }
            })
        }
        Effect::VerifyAuth { generation, target } => {
            read_auth(c, tx, generation, target, |generation, result| {
                Msg::Verified { generation, result }
            })
        }
        fx => read(fx, c, tx),
    }
}

/// The reads behind the screens: each answer comes back as its message.
fn read(fx: Effect, c: Clients, tx: mpsc::UnboundedSender<Msg>) {
    match fx {
        Effect::LoadAccount => {
            tokio::spawn(async move {
                let result = c
                    .caller_identity()
                    .await
                    .map(|id| id.account)
                    .map_err(|e| crate::aws::sanitize_text(&e.to_string()));
                let _ = tx.send(Msg::AccountLoaded(result));
            });
        }
        Effect::LoadApps => {
            tokio::spawn(async move {
                // Names stay exact (issue 24): the screens show them escaped, requests use them.
                let result = throttled(|| c.list_apps()).await;
                let _ = tx.send(Msg::AppsLoaded(result));
            });
        }
        Effect::LoadEnvs { app_id } => {
            tokio::spawn(async move {
                let result = throttled(|| c.get_backend(&app_id, None))
                    .await
                    .map(|b| b.environments);
                let _ = tx.send(Msg::EnvsLoaded { app_id, result });
            });
        }
        Effect::ReadKeyFile { path } => {
            tokio::spawn(async move {
                let result = read_bounded(&path).await;
                let _ = tx.send(Msg::KeyFileRead { path, result });
            });
        }
        Effect::LoadBackend {
            generation,
            app_id,
            env,
        } => {
            tokio::spawn(async move {
                let result = throttled(|| c.get_backend(&app_id, env.as_deref())).await;
                let _ = tx.send(Msg::BackendLoaded { generation, result });
            });
        }
        Effect::LoadAuth {
            generation,
            target:
                Target {
                    app_id,
                    env,
                    resource,
                },
        } => {
            tokio::spawn(async move {
                let result = throttled(|| c.get_auth(&app_id, &env, &resource)).await;
                let _ = tx.send(Msg::AuthLoaded { generation, result });
            });
        }
        Effect::LoadLive { generation, meta } => {
            tokio::spawn(async move {
                let live = Box::new(c.read_live_pool(&meta).await);
                let _ = tx.send(Msg::LiveLoaded { generation, live });
            });
        }
        Effect::LoadJobs {
            generation,
            app_id,
            env,
        } => {
            tokio::spawn(async move {
                let all = Default::default();
                let result = throttled(|| c.list_jobs(&app_id, &env, &all)).await;
                let _ = tx.send(Msg::JobsLoaded { generation, result });
            });
        }
        // The job pane's calls and the effects that need no connection: see `perform`.
        _ => {}
    }
}

/// Sends a change. A create or import first checks the environment has no auth yet (one per
/// environment), an update that it would not revert the live pool.
async fn submit(
    c: &Clients,
    target: Target,
    request: Request,
) -> Result<crate::aws::JobRef, crate::aws::ApiError> {
    let Target {
        app_id,
        env,
        resource,
    } = target;
    match request {
        Request::Create(cfg) => {
            no_auth_yet(c, &app_id, &env, "CreateBackendAuth").await?;
            c.create_auth(&app_id, &env, &resource, &cfg).await
        }
        Request::Update(cfg) => c.update_auth(&app_id, &env, &resource, &cfg).await,
        Request::Delete => c.delete_auth(&app_id, &env, &resource).await,
        Request::Import {
            user_pool_id,
            web_client_id,
            native_client_id,
            identity_pool_id,
        } => {
            no_auth_yet(c, &app_id, &env, "ImportBackendAuth").await?;
            c.import_auth(
                &app_id,
                &env,
                &user_pool_id,
                &web_client_id,
                &native_client_id,
                identity_pool_id.as_deref(),
            )
            .await
        }
        Request::CreateBackend { app_name } => c.create_backend(&app_id, &app_name, &env).await,
        Request::CloneBackend { from } => c.clone_backend(&app_id, &from, &env).await,
    }
}

/// Reads one auth resource for the job pane (before a whole-state submit, or to verify a job),
/// its retries shown in the pane; `answer` says which message carries the result.
fn read_auth(
    c: Clients,
    tx: mpsc::UnboundedSender<Msg>,
    generation: u64,
    target: Target,
    answer: fn(u64, Result<crate::domain::AuthConfig, crate::aws::ApiError>) -> Msg,
) {
    let sink = attempts_to(&tx, generation);
    tokio::spawn(async move {
        let Target {
            app_id,
            env,
            resource,
        } = target;
        let read = throttled(|| c.get_auth(&app_id, &env, &resource));
        let result = report_attempts(sink, read).await;
        let _ = tx.send(answer(generation, result));
    });
}

async fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    // The domain's bounded reader: refuses big files from their metadata and bounds the read too.
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        crate::domain::apple_key::read_p8_file(&path)
            .map(|b| b.to_vec())
            .map_err(|e| e.problem())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Before a create or import (`operation`): the environment must have no auth resource yet, one
/// per environment being the service's rule; otherwise the request is not sent.
async fn no_auth_yet(
    c: &Clients,
    app_id: &str,
    env: &str,
    operation: &'static str,
) -> Result<(), crate::aws::ApiError> {
    match c.existing_auth(app_id, env).await {
        Ok(Some(name)) => Err(one_auth_refusal(operation, env, &name)),
        Ok(None) => Ok(()),
        Err(e) => Err(not_checked(operation, env, e)),
    }
}

/// A create or import whose "environment already has auth" check could not be answered (after
/// waiting throttling out): not sent, since the job would FAIL wherever there is auth.
fn not_checked(
    operation: &'static str,
    env: &str,
    e: crate::aws::ApiError,
) -> crate::aws::ApiError {
    crate::aws::ApiError::new(
        operation,
        crate::aws::ErrorKind::Other,
        format!(
            "not sent: could not check whether environment {env} already has auth (one per environment): {}",
            crate::aws::sanitize_text(&e.to_string())
        ),
    )
}

/// A create or import where the environment already has auth (`Clients::existing_auth`): not
/// sent, and the job pane says why and the way on, instead of a job that would FAIL later.
fn one_auth_refusal(operation: &'static str, env: &str, existing: &str) -> crate::aws::ApiError {
    crate::aws::ApiError::new(
        operation,
        crate::aws::ErrorKind::Other,
        format!(
            "not sent: environment {env} already has auth resource {existing} (one per environment). Open it from the environment screen to change it, or delete it first."
        ),
    )
}

/// The SDK's retries during a job pane's calls come back as messages for that pane.
fn attempts_to(tx: &mpsc::UnboundedSender<Msg>, generation: u64) -> AttemptSink {
    let tx = tx.clone();
    Arc::new(move |note| {
        let _ = tx.send(Msg::Attempt { generation, note });
    })
}
