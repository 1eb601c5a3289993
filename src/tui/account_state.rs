//! What the model holds about the account behind the connection. Data only, so the model
//! (`app`) can hold it without importing the connection's behaviour (`account`).

use super::msg::Load;

/// What the app knows of the account behind its connection.
#[derive(Clone, Debug, Default)]
pub struct AccountState {
    /// The account id, asked once per connection (STS GetCallerIdentity).
    pub id: Load<String>,
    /// The embedded sandbox: no account to ask about.
    pub sandbox: bool,
    /// `AWS_REGION` at start, for the pickers' "default" row.
    pub env_region: Option<String>,
    /// The `Effect::Connect` whose answer is awaited; older answers are ignored.
    pub connecting: Option<u64>,
}
