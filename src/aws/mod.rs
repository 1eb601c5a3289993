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

pub mod apps;
pub mod backend;
pub mod client;
pub mod convert;
pub mod error;
pub mod jobs;
pub mod log;
pub mod meta;
pub mod overview;
pub mod progress;
pub mod retry;

pub use apps::{AppSummary, BackendEnvironmentSummary};
pub use client::{AwsSettings, Clients, Timeouts, clients_from_static, connect};
pub use error::{ApiError, ErrorKind, sanitize_text};
pub use jobs::{Job, JobFilter, JobRef, JobStatus};
pub use meta::{AuthResourceMeta, BackendInfo, parse_auth_resources};
