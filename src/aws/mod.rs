//! The AWS layer: the only code that talks to the AWS SDK.
//!
//! - [`client`]: building clients ([`connect`], [`clients_from_static`]) with timeouts and retries.
//! - [`error`]: [`ApiError`], one error type with the service's code, message and request id.
//! - [`convert`]: domain config ↔ SDK types.
//! - [`backend`]: the AmplifyBackend calls, as methods on [`Clients`].
//! - [`apps`]: the Amplify calls (apps and backend environments).
//! - [`jobs`]: job types and status rules; [`meta`]: GetBackend and `amplify-meta.json`.
//! - [`retry`]: the extra retry classifier and the attempt logger.
//! - [`progress`]: the SDK's retries reported as they happen ("retrying 2/3"), for the UI.
//! - [`log`]: log-level caps that keep request bodies (and so secrets) out of logs.
//! - [`profiles`]: the user's AWS profiles (region, kind of credentials) for a picker.
//! - [`setup`]: [`try_connect`], clients with profile, region and credentials checked up front,
//!   and [`ConnectProblem`], what is missing in plain words.
//! - [`identity`]: STS GetCallerIdentity, once, for the account id.
//! - [`trust`]: the CA bundle (`--ca-bundle`, `AWS_CA_BUNDLE`, the profile's `ca_bundle`).

pub mod apps;
pub mod backend;
pub mod client;
pub mod convert;
pub mod error;
pub mod identity;
pub mod jobs;
pub mod live;
pub mod log;
pub mod meta;
pub mod overview;
pub mod profiles;
pub mod progress;
pub mod response_cap;
pub mod retry;
pub mod setup;
pub mod trust;

pub use apps::{AppSummary, BackendEnvironmentSummary};
pub use client::{AwsSettings, Clients, Timeouts, clients_from_static, connect};
pub use error::{ApiError, ErrorKind, sanitize_text};
pub use identity::CallerIdentity;
pub use jobs::{Job, JobFilter, JobRef, JobStatus};
pub use meta::{AuthResourceMeta, BackendInfo, parse_auth_resources};
pub use profiles::{ProfileInfo, ProfileKind, Profiles, list_profiles};
pub use setup::{ConnectProblem, try_connect};
