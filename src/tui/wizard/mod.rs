//! The create/edit wizard in one place: its state, keys, field tables and steps, the review, the
//! form it is drawn as, the pickers that fill its target, its drafts and the file-backed edit
//! (`edit --input`). The rest of the TUI opens it and routes keys and messages to it.

pub mod draft;
pub mod draft_file;
pub mod draft_job;
pub mod draft_store;
pub mod edit_file;
pub mod edit_file_save;
pub mod fields;
pub mod fix_field;
pub mod form_view;
pub mod keys;
pub mod mode;
pub mod pickers;
pub mod review;
pub mod review_summary;
pub mod screen;
pub mod state;
pub mod steps;
