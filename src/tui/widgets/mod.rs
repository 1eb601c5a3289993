//! Reusable input widgets: the field kinds the wizard's forms are built from.

pub mod field;
pub mod field_keys;
pub mod line_input;
pub mod text_input;

pub use field::{Field, KeyOutcome, TextBox};
pub use line_input::LineInput;
pub use text_input::TextInput;
