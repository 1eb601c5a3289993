//! Reusable widgets: the field kinds the wizard's forms are built from, the filterable list of the
//! browse screens, the profile and region picker of setup and the account switcher, and when a
//! form's field shows its findings.

pub mod account_picker;
pub mod field;
pub mod field_keys;
pub mod line_input;
pub mod list;
pub mod text_input;
pub mod touched;
pub mod wrapped;

pub use field::{Field, KeyOutcome, TextBox};
pub use line_input::LineInput;
pub use text_input::TextInput;
pub use touched::Touched;
