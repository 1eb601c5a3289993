//! The text of a posture finding, kept small: an overview of 10,000 apps holds about 60,000
//! findings for as long as it is open (issue 29: its peak RSS). Most texts are fixed by their rule
//! and cost nothing; the live pool's advice repeats a long fixed text around a pool id, so it keeps
//! the fixed pieces borrowed and only the values owned; anything else is kept whole, without the
//! spare room `format!` leaves.

use std::borrow::Cow;
use std::fmt;

/// Five words on the stack; a filled text makes one allocation, for its values.
#[derive(Clone)]
pub struct FindingText(Repr);

#[derive(Clone)]
enum Repr {
    Fixed(&'static str),
    Made(Box<str>),
    /// `parts[0] first parts[1] second`, then the parts left over, one after another; the two
    /// values are kept as one text, the first `split` bytes the first value.
    Filled {
        parts: &'static [&'static str],
        values: Box<str>,
        split: u32,
    },
}

impl FindingText {
    /// Fixed pieces with up to two of the resource's values in the gaps between them:
    /// `parts[0]`, `values[0]`, `parts[1]`, `values[1]`, then the parts left over one after
    /// another (a shared constant between two pieces, say; with no values, fixed texts joined
    /// without an allocation).
    pub fn filled<const N: usize>(parts: &'static [&'static str], values: [&str; N]) -> Self {
        const { assert!(N <= 2, "at most two values") };
        debug_assert!(parts.len() > N, "a value without a fixed piece after it");
        let Ok(split) = u32::try_from(values.first().map_or(0, |v| v.len())) else {
            // Four gigabytes is no identifier from the service: kept whole.
            let mut whole = String::new();
            let _ = write_filled(&mut whole, parts, &values);
            return FindingText::from(whole);
        };
        FindingText(Repr::Filled {
            parts,
            values: values.concat().into_boxed_str(),
            split,
        })
    }

    /// The whole text; borrowed unless it is filled in.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Fixed(s) => Cow::Borrowed(s),
            Repr::Made(s) => Cow::Borrowed(s),
            Repr::Filled { .. } => Cow::Owned(self.to_string()),
        }
    }

    pub fn contains(&self, pat: &str) -> bool {
        self.text().contains(pat)
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

impl From<&'static str> for FindingText {
    fn from(s: &'static str) -> Self {
        FindingText(Repr::Fixed(s))
    }
}

impl From<String> for FindingText {
    fn from(s: String) -> Self {
        FindingText(Repr::Made(s.into_boxed_str()))
    }
}

impl fmt::Display for FindingText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Fixed(s) => f.write_str(s),
            Repr::Made(s) => f.write_str(s),
            Repr::Filled {
                parts,
                values,
                split,
            } => {
                let (first, second) = values.split_at(*split as usize);
                write_filled(f, parts, &[first, second])
            }
        }
    }
}

/// The pieces and the values in turn, then the pieces left over.
fn write_filled(out: &mut impl fmt::Write, parts: &[&str], values: &[&str]) -> fmt::Result {
    for (i, part) in parts.iter().enumerate() {
        out.write_str(part)?;
        if let Some(v) = values.get(i) {
            out.write_str(v)?;
        }
    }
    Ok(())
}

impl fmt::Debug for FindingText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text(), f)
    }
}

/// Texts are equal when they read the same, however they are kept.
impl PartialEq for FindingText {
    fn eq(&self, o: &Self) -> bool {
        self.text() == o.text()
    }
}

impl Eq for FindingText {}

impl PartialEq<&str> for FindingText {
    fn eq(&self, o: &&str) -> bool {
        self.text() == *o
    }
}

impl std::hash::Hash for FindingText {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.text().hash(h)
    }
}

impl serde::Serialize for FindingText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_text_reads_as_its_pieces_and_values_in_turn_then_the_pieces_left() {
        const TAIL: &str = "; the end";
        let t = FindingText::filled(&["pool ", " has domain ", " (", ")", TAIL], ["p1", "d-1"]);
        assert_eq!(t.to_string(), "pool p1 has domain d-1 (); the end");
        assert_eq!(t.text(), "pool p1 has domain d-1 (); the end");
        assert!(t.contains("domain d-1"));
        let joined = FindingText::filled(&["set a", " and ", "add b"], []);
        assert_eq!(joined.to_string(), "set a and add b");
    }

    #[test]
    fn texts_compare_and_serialize_by_what_they_read() {
        let fixed = FindingText::from("pool p1");
        let made = FindingText::from(format!("pool {}", "p1"));
        let filled = FindingText::filled(&["pool ", ""], ["p1"]);
        assert_eq!(fixed, made);
        assert_eq!(made, filled);
        assert_eq!(filled, "pool p1");
        assert_eq!(serde_json::to_string(&filled).unwrap(), "\"pool p1\"");
        assert_eq!(format!("{filled:?}"), "\"pool p1\"");
        assert!(std::mem::size_of::<FindingText>() <= 40);
    }
}
