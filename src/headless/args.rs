//! The headless commands' flags. `--app-id` and `--env` are global flags of the whole command
//! line (see `cli::Cli`), passed to the commands as a [`super::Scope`].

use std::path::PathBuf;

use clap::{Args, Subcommand};

pub use super::diff::DiffArgs;
pub use super::environments::{EnvAction, EnvAddArgs, EnvArgs, EnvListArgs};
use super::output::OutputArgs;
pub use super::promote::PromoteArgs;
pub use super::wait::WaitArgs;

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
    /// Write the frontend config file of a deployed auth resource (Gen 1
    /// amplifyconfiguration.json / aws-exports.js, or Gen 2 amplify_outputs.json).
    Outputs(OutputsArgs),
    /// For each social provider, the values to enter in its console (redirect URL, origins,
    /// Apple's domain and return URL), from the deployed hosted UI domain.
    Checklist(ChecklistArgs),
    /// Backend environments: `env add NAME [--from ENV]`, `env list`.
    Env(EnvArgs),
    /// Compare the auth of two environments (or resources); `--exit-code` exits 1 when they differ.
    Diff(DiffArgs),
    /// Apply one environment's auth to another (`--env` to `--to-env`).
    Promote(PromoteArgs),
    /// Every app, environment and auth resource (or those of --app-id / --env) with posture
    /// findings: MFA off, weak passwords, guest access, FAILED or stuck jobs, …
    Audit(super::audit::AuditArgs),
    /// Where the live Cognito pool differs from AmplifyBackend's record (changes made in the
    /// console, with the AWS CLI or `amplify update auth`), and what only the live pool has;
    /// `--exit-code` exits 1 on drift.
    Drift(super::live::DriftArgs),
    /// The auth as an Amplify Gen 2 backend (amplify/auth/resource.ts, amplify/backend.ts) with a
    /// report of every member, the secrets Gen 2 needs and the steps by hand. Read-only.
    Gen2(super::gen2::Gen2Args),
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
            HeadlessCommand::Outputs(_) => "outputs",
            HeadlessCommand::Checklist(_) => "checklist",
            HeadlessCommand::Env(_) => "env",
            HeadlessCommand::Diff(_) => "diff",
            HeadlessCommand::Promote(_) => "promote",
            HeadlessCommand::Audit(_) => "audit",
            HeadlessCommand::Drift(_) => "drift",
            HeadlessCommand::Gen2(_) => "gen2",
        }
    }

    /// Whether the command works without AWS (no credentials, no region, no network).
    pub fn is_offline(&self) -> bool {
        matches!(self, HeadlessCommand::Validate(_))
    }
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct GetArgs {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Include client secrets and the Apple private key in the output.
    #[arg(long)]
    pub include_secrets: bool,
    /// For each secret the service does not return, write an `env://AMPLIFY_AUTH_…` reference
    /// (resolved by create/update from the environment), so the file can be committed and
    /// applied in CI.
    #[arg(long)]
    pub secrets_as_refs: bool,
    /// Print the live Cognito pool's facts (user pool, app clients, domain, identity providers,
    /// groups, identity pool; never secrets) instead of AmplifyBackend's record.
    #[arg(long, conflicts_with_all = ["include_secrets", "secrets_as_refs"])]
    pub live: bool,
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
    pub secrets: SecretAccessArgs,
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
    /// With --dry-run: exit 1 when a change would be sent, 0 when the deployed config already
    /// equals the file (drift checks in CI).
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
    #[command(flatten)]
    pub secrets: SecretAccessArgs,
    #[command(flatten)]
    pub live: super::live::LiveCheckArgs,
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
    pub secrets: SecretAccessArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct OutputsArgs {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Which file: amplifyconfiguration (Gen 1 JSON), aws-exports (Gen 1 JS module) or
    /// amplify_outputs (Gen 2).
    #[arg(long, default_value = "amplifyconfiguration", value_parser = parse_frontend_format)]
    pub format: crate::domain::frontend::FrontendFormat,
    /// Write the file here instead of stdout.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: Option<String>,
}

fn parse_frontend_format(s: &str) -> Result<crate::domain::frontend::FrontendFormat, String> {
    use crate::domain::frontend::FrontendFormat;
    FrontendFormat::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = FrontendFormat::ALL.iter().map(|(n, _)| *n).collect();
        format!("one of {}", names.join(", "))
    })
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct ChecklistArgs {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Text for people, JSON for scripts.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What secret references may read beyond their rules (`file://` inside the input file's folder,
/// `env://` of `AMPLIFY_AUTH_*` variables), each named by the person running the command.
#[derive(Args, Debug, Clone, Default, PartialEq)]
pub struct SecretAccessArgs {
    /// Let a `file://` secret reference read this file, although it is outside the input file's
    /// folder (repeat for more files).
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub allow_secret_file: Vec<PathBuf>,
    /// Let an `env://` secret reference read this variable, although its name does not start
    /// with AMPLIFY_AUTH_ (repeat for more variables).
    #[arg(long, value_name = "NAME")]
    pub allow_secret_env: Vec<String>,
}

impl SecretAccessArgs {
    pub fn access(&self) -> crate::domain::secret_ref::SecretAccess {
        crate::domain::secret_ref::SecretAccess {
            files: self.allow_secret_file.clone(),
            env: self.allow_secret_env.clone(),
        }
    }
}
