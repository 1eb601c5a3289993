//! `jobs` (ListBackendJobs, every page) and `job` (GetBackendJob, or `--wait` to follow it).

use super::args::{JobArgs, JobsArgs};
use super::jobrun::{job_outcome, wait_for};
use super::output::{Human, emit, jobs_json, jobs_table, write_job};
use super::wait::JobTarget;
use super::{Scope, Streams, require_scope};
use crate::aws::overview::throttled;
use crate::aws::{Clients, JobFilter};
use crate::exit_code::{Failure, Outcome};

pub async fn run_list(
    args: &JobsArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "jobs")?;
    let filter = JobFilter {
        job_id: None,
        operation: args.operation.clone().filter(|s| !s.is_empty()),
        // Statuses are upper case on the wire; accept `failed` as well.
        status: args
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_uppercase),
    };
    let jobs = throttled(|| clients.list_jobs(app, env, &filter))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not list the jobs of app {app}, environment {env}"),
                &e,
            )
        })?;
    if jobs.is_empty() && args.output.is_own_table() {
        let _ = writeln!(io.stderr, "no jobs in app {app}, environment {env} match");
        return Ok(());
    }
    let table = Human::Table(jobs_table(&jobs));
    emit(io.stdout, &jobs_json(&jobs), &args.output, table)
}

pub async fn run_one(
    args: &JobArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "job")?;
    if args.wait.wait {
        let target = JobTarget {
            app_id: app,
            env,
            job_id: &args.job_id,
            operation: None,
        };
        return wait_for(clients, &target, &args.wait, &args.output, io, |_| Ok(())).await;
    }
    let job = throttled(|| clients.get_job(app, env, &args.job_id))
        .await
        .map_err(|e| {
            Failure::service(
                &format!(
                    "could not read job {} of app {app}, environment {env}",
                    args.job_id
                ),
                &e,
            )
        })?;
    write_job(io.stdout, &job, &args.output)?;
    job_outcome(&job)
}
