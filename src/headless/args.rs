//! The headless commands' flags. `--app-id` and `--env` are global flags of the whole command
//! line (see `cli::Cli`), passed to the commands as a [`super::Scope`].

use std::time::Duration;

use clap::{Args, Subcommand};

use super::output::OutputArgs;
use super::wait::{DEFAULT_TIMEOUT, parse_duration};

#[derive(Subcommand, Debug, Clone, PartialEq)]
pub enum HeadlessCommand {
    /// Print an auth resource's config as JSON (or YAML), ready to edit and feed to `update --input`
    /// (the `create-backend-auth --cli-input-json` shape; secrets left out).
    Get(GetArgs),
    /// Create an auth resource from a JSON file (validated locally first; nothing is sent when
    /// it has errors).
    Create(CreateArgs),
    /// Change an auth resource from a JSON file: reads the current config, refuses changes to
    /// members that cannot change, and sends the update request.
    Update(UpdateArgs),
    /// Delete an auth resource (asks first on a terminal; `--yes` for scripts).
    Delete(DeleteArgs),
    /// Bring an existing Cognito user pool (and identity pool) into the backend.
    Import(ImportArgs),
    /// List the backend jobs of an app and environment (all pages).
    Jobs(JobsArgs),
    /// Show one backend job, or follow it to the end with `--wait`.
    Job(JobArgs),
    /// Check a JSON config file offline and print every finding with its JSON path.
    Validate(ValidateArgs),
}

impl HeadlessCommand {
    pub fn name(&self) -> &'static str {
        match self {
            HeadlessCommand::Get(_) => "get",
            HeadlessCommand::Create(_) => "create",
            HeadlessCommand::Update(_) => "update",
            HeadlessCommand::Delete(_) => "delete",
            HeadlessCommand::Import(_) => "import",
            HeadlessCommand::Jobs(_) => "jobs",
            HeadlessCommand::Job(_) => "job",
            HeadlessCommand::Validate(_) => "validate",
        }
    }

    /// Whether the command works without AWS (no credentials, no region, no network).
    pub fn is_offline(&self) -> bool {
        matches!(self, HeadlessCommand::Validate(_))
    }
}

/// `--wait` and `--timeout`.
#[derive(Args, Debug, Clone, PartialEq)]
pub struct WaitArgs {
    /// Follow the job until it ends: exit 0 when it COMPLETED, 4 when it FAILED.
    #[arg(long)]
    pub wait: bool,
    /// How long `--wait` waits (e.g. 90s, 10m, 1h); exit 6 when it expires, the job goes on.
    #[arg(long, value_parser = parse_duration, default_value = DEFAULT_TIMEOUT, requires = "wait")]
    pub timeout: Duration,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct GetArgs {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Include client secrets and the Apple private key in the output.
    #[arg(long)]
    pub include_secrets: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct CreateArgs {
    /// The config file (`-` for stdin), in the `create-backend-auth --cli-input-json` shape or a
    /// bare `ResourceConfig`.
    #[arg(long, value_name = "FILE|-", value_hint = clap::ValueHint::FilePath)]
    pub input: String,
    /// The auth resource name (default: `ResourceName` in the file).
    #[arg(long)]
    pub resource: Option<String>,
    /// Validate and print the request that would be sent (secrets masked); send nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct UpdateArgs {
    /// The config file (`-` for stdin): the whole config (what `get` prints) or an
    /// `update-backend-auth` request.
    #[arg(long, value_name = "FILE|-", value_hint = clap::ValueHint::FilePath)]
    pub input: String,
    /// The auth resource (default: `ResourceName` in the file, else the environment's only one).
    #[arg(long)]
    pub resource: Option<String>,
    /// Validate, show the changes and print the request that would be sent; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct DeleteArgs {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Delete without asking (needed when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct ImportArgs {
    /// The Cognito user pool, e.g. us-east-1_AbCdEf123.
    #[arg(long)]
    pub user_pool_id: String,
    /// The user pool's app client for web apps (no secret).
    #[arg(long)]
    pub web_client_id: String,
    /// The user pool's app client for native apps.
    #[arg(long)]
    pub native_client_id: String,
    /// The identity pool to import with it, e.g. us-east-1:0000….
    #[arg(long)]
    pub identity_pool_id: Option<String>,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct JobsArgs {
    /// Only jobs with this status (RUNNING, COMPLETED, FAILED).
    #[arg(long)]
    pub status: Option<String>,
    /// Only jobs of this operation (e.g. CreateBackendAuth).
    #[arg(long)]
    pub operation: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct JobArgs {
    /// The job ID, as create/update/delete/import print it.
    #[arg(long)]
    pub job_id: String,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct ValidateArgs {
    /// The config file (`-` for stdin), in any shape `create` or `update` accepts.
    #[arg(long, value_name = "FILE|-", value_hint = clap::ValueHint::FilePath)]
    pub input: String,
    /// Accept client secrets and private keys left out of the file (as `get` leaves them out):
    /// for files kept in git and applied with `update`, which keeps the stored secrets.
    #[arg(long)]
    pub allow_missing_secrets: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}
