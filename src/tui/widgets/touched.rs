//! When a form's field shows its findings: once it was touched (typed in, or the focus left it),
//! once it holds a value, or after a submit or next-step attempt touched every field at once. A
//! form just opened does not list "required" under fields nobody has typed in yet, and a refused
//! submit shows why under each field. The wizard and the Import form both keep one of these.

use std::collections::BTreeSet;

use super::Field;
use crate::domain::finding::Finding;

/// The touched fields of one form, by whatever names the form gives its fields.
#[derive(Clone, Debug)]
pub struct Touched<K: Ord>(BTreeSet<K>);

impl<K: Ord> Default for Touched<K> {
    fn default() -> Self {
        Touched(BTreeSet::new())
    }
}

impl<K: Ord + Copy> Touched<K> {
    /// Typed in, or the focus left it.
    pub fn touch(&mut self, field: K) {
        self.0.insert(field);
    }

    /// A submit or next-step attempt: each of these fields shows its findings from now on.
    pub fn touch_all(&mut self, fields: impl IntoIterator<Item = K>) {
        self.0.extend(fields);
    }

    /// Whether `field`'s findings show. A value that is there (a default, a loaded config, a
    /// draft) shows its findings at once: only blanks wait for a touch.
    pub fn shows(&self, field: K, value: &Field) -> bool {
        self.0.contains(&field) || !value.value().trim().is_empty()
    }

    /// Of `findings` (the field's own), the ones that show now.
    pub fn showing<'a>(
        &self,
        field: K,
        value: &Field,
        findings: Vec<&'a Finding>,
    ) -> Vec<&'a Finding> {
        if self.shows(field, value) {
            findings
        } else {
            Vec::new()
        }
    }
}
