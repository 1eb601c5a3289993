//! `jobs` (ListBackendJobs, every page) and `job` (GetBackendJob, or `--wait` to follow it).

use super::args::{JobArgs, JobsArgs};
use super::exit::{Failure, Outcome};
use super::jobrun::{job_outcome, wait_for};
use super::output::{OutputFormat, jobs_json, jobs_table, write_job, write_json};
use super::wait::JobTarget;
use super::{Scope, Streams, require_scope};
use crate::aws::{Clients, JobFilter};

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
    let jobs = clients.list_jobs(app, env, &filter).await.map_err(|e| {
        Failure::service(
            &format!("could not list the jobs of app {app}, environment {env}"),
            &e,
        )
    })?;
    match args.output {
        OutputFormat::Json => write_json(io.stdout, &jobs_json(&jobs))?,
        OutputFormat::Table if jobs.is_empty() => {
            let _ = writeln!(io.stderr, "no jobs in app {app}, environment {env} match");
        }
        OutputFormat::Table => io.stdout.write_all(jobs_table(&jobs).as_bytes())?,
    }
    Ok(())
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
        return wait_for(clients, &target, &args.wait, args.output, io, |_| Ok(())).await;
    }
    let job = clients.get_job(app, env, &args.job_id).await.map_err(|e| {
        Failure::service(
            &format!(
                "could not read job {} of app {app}, environment {env}",
                args.job_id
            ),
            &e,
        )
    })?;
    write_job(io.stdout, &job, args.output)?;
    job_outcome(&job)
}
