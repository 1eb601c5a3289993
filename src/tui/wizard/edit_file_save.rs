//! Ctrl-S and submit in a file-backed wizard (`edit --input FILE`): the effects that write the
//! file. Apart from `edit_file`, which holds the file's data and its text, so the model (`app`)
//! can hold an `EditFile` without importing what works on the whole `App`.

use crate::tui::app::{App, Screen};

use crate::tui::msg::Effect;

/// Ctrl-S in a file-backed wizard: write the file (replacing it).
pub fn save(app: &mut App) -> Vec<Effect> {
    let (Some(file), Screen::Wizard(w)) = (&app.edit_file, &mut app.screen) else {
        return vec![];
    };
    match file.render(w) {
        Ok((text, notes)) => {
            // Kept for `saved` to show after the write.
            w.flash = (!notes.is_empty()).then(|| notes.join("; "));
            vec![Effect::WriteFile {
                path: file.path.clone(),
                text,
                overwrite: true,
            }]
        }
        Err(e) => {
            w.flash = Some(e);
            vec![]
        }
    }
}

/// Submitting from a file-backed wizard: the file is written first, when it has unsaved edits
/// (the submit itself was already judged, so rendering cannot fail on errors here; if it does,
/// the flash says why and the wizard stays dirty, so quitting still asks).
pub fn save_before_submit(app: &mut App) -> Vec<Effect> {
    match (&app.edit_file, &app.screen) {
        (Some(_), Screen::Wizard(w)) if w.dirty => save(app),
        _ => vec![],
    }
}
