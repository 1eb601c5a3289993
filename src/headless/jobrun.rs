//! What create, update, delete and import do once the service has started their job: report it,
//! and with `--wait` follow it to the end.

use super::Streams;
use super::decode::explain;
use super::output::{OutputArgs, write_job, write_job_ref};
use super::wait::WaitArgs;
use super::wait::{JobTarget, WaitEnd, follow, format_elapsed};
use crate::aws::{ApiError, Clients, Job, JobRef, JobStatus};
use crate::exit_code::{self, Failure, Outcome};

/// The message for a job that ended FAILED, with the service's error text.
pub fn failed_message(op: Option<&str>, job_id: &str, error: Option<&str>) -> String {
    let op = op.unwrap_or("backend");
    match error {
        Some(e) => format!("the {op} job {job_id} FAILED: {e}"),
        None => format!("the {op} job {job_id} FAILED (the service gave no reason)"),
    }
}

/// Follows a job with `--wait`, prints where it ended on stdout, and maps the end to an exit
/// code. Shared by `job --wait` and the mutating commands.
pub async fn wait_for(
    clients: &Clients,
    target: &JobTarget<'_>,
    wait: &WaitArgs,
    output: &OutputArgs,
    io: &mut Streams<'_>,
    last_known: impl FnOnce(&mut Streams<'_>) -> Result<(), Failure>,
) -> Outcome {
    let end = follow(clients, target, wait.timeout, io.stderr, io.terminal.stderr)
        .await
        .map_err(|e| {
            Failure::service(
                &format!(
                    "could not follow job {} (it may still be running)",
                    target.job_id
                ),
                &e,
            )
        })?;
    match end {
        WaitEnd::Finished(job) => {
            write_job(io.stdout, &job, output)?;
            job_outcome(&job)
        }
        WaitEnd::TimedOut(last) => {
            match &last {
                Some(job) => write_job(io.stdout, job, output)?,
                None => last_known(io)?,
            }
            Err(Failure::new(
                exit_code::TIMEOUT,
                format!(
                    "gave up waiting for job {} after {}; it is still running. Follow it with: amplify-auth job --app-id {} --env {} --job-id {} --wait",
                    target.job_id,
                    format_elapsed(wait.timeout),
                    target.app_id,
                    target.env,
                    target.job_id
                ),
            ))
        }
    }
}

/// Exit 4 for a FAILED job, success otherwise.
pub fn job_outcome(job: &Job) -> Outcome {
    if job.status == JobStatus::Failed {
        let mut msg = failed_message(job.operation.as_deref(), &job.job_id, job.error.as_deref());
        msg.push_str(&explain(
            job.error.as_deref().unwrap_or(""),
            &job.app_id,
            &job.env,
        ));
        Err(Failure::new(exit_code::JOB_FAILED, msg))
    } else {
        Ok(())
    }
}

/// A mutating call the service refused, with the decoder's reading of the refusal (the pending-job
/// refusal says how to find the running job: the service has no cancel).
pub fn start_refused(what: &str, app: &str, env: &str, err: &ApiError) -> Failure {
    let mut f = Failure::service(&format!("could not {what}"), err);
    f.message.push_str(&explain(&err.to_string(), app, env));
    f
}

/// After a mutating call: say which job started, then print it or follow it.
pub async fn after_start(
    clients: &Clients,
    started: JobRef,
    what: &str,
    wait: &WaitArgs,
    output: &OutputArgs,
    io: &mut Streams<'_>,
) -> Outcome {
    let op = started.operation.clone();
    let Some(job_id) = started.job_id.clone() else {
        write_job_ref(io.stdout, &started, output)?;
        let msg = format!(
            "{what}: the service started a job but gave no job ID; list the jobs with `amplify-auth jobs --app-id {} --env {}`",
            started.app_id, started.env
        );
        return if wait.wait {
            Err(Failure::new(exit_code::SERVICE, msg))
        } else {
            let _ = writeln!(io.stderr, "warning: {msg}");
            Ok(())
        };
    };
    let _ = writeln!(
        io.stderr,
        "{what}: started {} job {job_id}",
        op.as_deref().unwrap_or("backend"),
    );
    if started.status == JobStatus::Failed {
        write_job_ref(io.stdout, &started, output)?;
        let mut msg = failed_message(op.as_deref(), &job_id, started.error.as_deref());
        msg.push_str(&explain(
            started.error.as_deref().unwrap_or(""),
            &started.app_id,
            &started.env,
        ));
        return Err(Failure::new(exit_code::JOB_FAILED, msg));
    }
    if !wait.wait {
        write_job_ref(io.stdout, &started, output)?;
        return Ok(());
    }
    let target = JobTarget {
        app_id: &started.app_id,
        env: &started.env,
        job_id: &job_id,
        operation: op.as_deref(),
    };
    wait_for(clients, &target, wait, output, io, |io| {
        write_job_ref(io.stdout, &started, output)
    })
    .await
}

/// A create or import where the environment already has auth is refused before anything is
/// sent: the service would take the request and only its job would FAIL (the sandbox's rule
/// one-auth-per-env, after the Amplify CLI's "Auth has already been added"), a wait for nothing.
/// One GetBackend read (throttling waited out); `way_on` names what to do instead, given the
/// existing resource. When the read cannot answer, nothing is sent (exit 5, naming the read):
/// sending anyway would start a job that FAILs wherever the environment has auth.
pub async fn refuse_if_auth_exists(
    clients: &Clients,
    app: &str,
    env: &str,
    way_on: impl FnOnce(&str) -> String,
) -> Result<(), Failure> {
    let existing = clients.existing_auth(app, env).await.map_err(|e| {
        Failure::service(
            &format!("could not check whether environment {env} of app {app} already has auth (one per environment); nothing was sent"),
            &e,
        )
    })?;
    let Some(existing) = existing else {
        return Ok(());
    };
    Err(Failure::invalid(format!(
        "environment {env} of app {app} already has auth resource {existing}, so {}",
        way_on(&existing)
    )))
}
