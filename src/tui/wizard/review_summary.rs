//! The Review step's readable summary, derived from the steps' `FIELDS` declarations: step by
//! step, each field the step shows now as `Label: value`, as the step shows it (choices by their
//! label, toggles as yes/no, secrets masked). Nothing here names a field, so a field added to a
//! step's table shows up here without a change (tests/tui/field_decl.rs checks it).

use std::collections::BTreeSet;

use ratatui::text::{Line, Span};

use crate::domain::finding::Severity;
use crate::tui::theme;
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId};
use crate::tui::wizard::form_view::{field_note, mask, truncate};
use crate::tui::wizard::state::Wizard;
use crate::tui::wizard::steps::STEP_FIELDS;

/// The step-title column on a wide pane ("OAuth, hosted UI" is the longest title).
const TITLE_WIDTH: usize = 18;
/// Narrower than this, step titles go on their own line: the title column would leave values
/// too little room.
const WIDE: usize = 70;
/// Longest single value shown; the request JSON below the summary has every value in full.
const VALUE_MAX: usize = 48;
/// Secrets show at most this many `•`: their length tells a reader of the summary nothing.
const MASK_MAX: usize = 16;
/// Most items of a list shown (redirect URIs); the rest are counted.
const LIST_MAX: usize = 6;

/// A piece of a step's lines that is never split: a field's `Label: value` (a list's first
/// item), a further item of a list, or a note beside a value.
struct Piece {
    spans: Vec<Span<'static>>,
    /// What goes before it when it follows another piece on its line.
    joiner: &'static str,
    /// Whether it begins a group: a field whose declared label is not indented. A group (the
    /// field and the fields indented under it, like a provider's client id and secret under its
    /// toggle) stays on one line when it fits.
    starts_group: bool,
}

impl Piece {
    fn width(&self) -> usize {
        self.spans.iter().map(Span::width).sum()
    }
}

/// A field's value as the summary shows it: its items (one, or a list's) and a note after them.
struct Value {
    items: Vec<Vec<Span<'static>>>,
    note: Option<Span<'static>>,
}

/// The summary lines for a pane `width` columns wide.
pub fn summary(w: &Wizard, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let wide = width >= WIDE;
    let layout = Layout {
        width,
        indent: if wide { TITLE_WIDTH } else { 2 },
    };
    let kept = w.kept_secrets();
    let mut out = vec![];
    for step in w.steps() {
        let Some((_, defs)) = STEP_FIELDS.iter().find(|(s, _)| *s == step) else {
            continue; // Review itself declares no fields.
        };
        let visible = w.visible(step);
        let mut pieces = vec![];
        for d in defs.iter() {
            // A message channel the loaded config had beside the chosen one is sent unchanged
            // though its field is hidden (`Wizard::kept_channels`): shown, and marked so.
            let hidden_but_sent = !visible.contains(&d.id) && w.kept_channels.contains(&d.id);
            if visible.contains(&d.id) || hidden_but_sent {
                pieces.extend(field_pieces(w, d, hidden_but_sent, &kept, layout));
            }
        }
        let lead = if wide {
            Span::styled(format!("{:<TITLE_WIDTH$}", step.title()), theme::dim())
        } else {
            out.push(Line::styled(step.title(), theme::dim()));
            Span::raw(" ".repeat(layout.indent))
        };
        flow(lead, pieces, layout, &mut out);
    }
    out.extend(derived(w, wide, width));
    out
}

/// The pane's width and where a step's lines start.
#[derive(Clone, Copy)]
struct Layout {
    width: usize,
    indent: usize,
}

/// One field's pieces: `Label: value` (a list's further items after it), then its note.
fn field_pieces(
    w: &Wizard,
    d: &FieldDef,
    hidden_but_sent: bool,
    kept: &BTreeSet<String>,
    Layout { width, indent }: Layout,
) -> Vec<Piece> {
    let label = d.label.trim_start();
    let under = d.label.starts_with("  ");
    // Room for one item, so that `Label: item` fits a continuation line (indented by two more,
    // with the column `flow` keeps free).
    let room = width
        .saturating_sub(indent + 2 + label.chars().count() + 2 + 1)
        .max(8);
    // A field with an error is marked as on its step (the findings below say what is wrong),
    // and shown even when empty: an empty required value is what is wrong.
    let has_error = w
        .findings_for(d.id)
        .iter()
        .any(|f| f.severity == Severity::Error);
    let empty = || Value {
        items: vec![vec![Span::styled("(empty)", theme::dim())]],
        note: None,
    };
    let Some(Value { items, note }) = value(w, d.id, room, kept).or_else(|| has_error.then(empty))
    else {
        return vec![];
    };
    let mut pieces = vec![];
    for (i, item) in items.into_iter().enumerate() {
        let (spans, joiner) = if i == 0 {
            let mut spans = if has_error {
                vec![Span::styled(format!("✗ {label}:"), theme::error())]
            } else {
                vec![Span::styled(format!("{label}:"), theme::dim())]
            };
            spans.push(Span::raw(" "));
            spans.extend(item);
            (spans, if under { ", " } else { " · " })
        } else {
            (item, ", ")
        };
        pieces.push(Piece {
            spans,
            joiner,
            starts_group: i == 0 && !under,
        });
    }
    let mark = hidden_but_sent.then(|| Span::styled("(kept as loaded)", theme::dim()));
    for note in [note, mark].into_iter().flatten() {
        // A note longer than a line (the key's fingerprint on a narrow pane) goes on word by
        // word.
        let words: Vec<&str> = if note.width() + indent + 3 > width {
            note.content.split(' ').collect()
        } else {
            vec![note.content.as_ref()]
        };
        for (i, word) in words.into_iter().enumerate() {
            pieces.push(Piece {
                spans: vec![Span::styled(word.to_string(), note.style)],
                joiner: if i == 0 { "  " } else { " " },
                starts_group: false,
            });
        }
    }
    pieces
}

/// Facts the summary shows that are no field: they follow from several fields and the region, so
/// no step declares them.
fn derived(w: &Wizard, wide: bool, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![];
    let mut row = |title: &str, value: String| {
        // Beside its title when it fits there, else under it (a URL is not cut).
        if wide && TITLE_WIDTH + value.chars().count() <= width {
            out.push(Line::from(vec![
                Span::styled(format!("{title:<TITLE_WIDTH$}"), theme::dim()),
                Span::raw(value),
            ]));
        } else {
            out.push(Line::styled(title.to_string(), theme::dim()));
            out.push(Line::raw(format!("  {value}")));
        }
    };
    // The hosted UI's address carries the environment suffix the service adds to the domain
    // prefix (`domain::hosted_ui`): the bare prefix the OAuth step asks for is not the domain.
    if w.on(FieldId::OAuthEnabled)
        && let Some(url) = w.idp_response_url()
    {
        row(
            "Hosted UI",
            url.trim_end_matches("/oauth2/idpresponse").to_string(),
        );
    }
    out
}

/// Lays a step's pieces out after `lead`, each after its joiner, wrapping at `width` with
/// continuation lines indented by `indent` (two more inside a group that did not fit one line).
fn flow(lead: Span<'static>, pieces: Vec<Piece>, layout: Layout, out: &mut Vec<Line<'static>>) {
    let Layout { width, indent } = layout;
    let mut groups: Vec<Vec<Piece>> = vec![];
    for p in pieces {
        match groups.last_mut() {
            Some(g) if !p.starts_group => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    // One column kept free for the comma a group going on under itself leaves at a line's end.
    let width = width.saturating_sub(1);
    let cols = |s: &str| s.chars().count();
    let mut line = vec![lead];
    let mut used = indent;
    let mut empty = true;
    let mut went_on = false;
    let mut break_line = |line: &mut Vec<Span<'static>>, by: usize| {
        out.push(Line::from(std::mem::take(line)));
        line.push(Span::raw(" ".repeat(by)));
    };
    for group in groups {
        let group_width: usize = group
            .iter()
            .enumerate()
            .map(|(i, p)| p.width() + if i == 0 { 0 } else { cols(p.joiner) })
            .sum();
        // A group that went on under itself ends its lines: the next starts a fresh one, so it
        // does not read as part of the group.
        if !empty && (went_on || used + cols(group[0].joiner) + group_width > width) {
            break_line(&mut line, indent);
            (used, empty) = (indent, true);
        }
        went_on = false;
        for p in group {
            let joiner = if empty { "" } else { p.joiner };
            if !empty && used + cols(joiner) + p.width() > width {
                // A list or group going on under itself: its comma stays, at the line's end.
                if !joiner.trim().is_empty() {
                    line.push(Span::styled(joiner.trim_end(), theme::dim()));
                }
                break_line(&mut line, indent + 2);
                used = indent + 2;
                went_on = true;
            } else if !joiner.is_empty() {
                used += cols(joiner);
                line.push(Span::styled(joiner, theme::dim()));
            }
            used += p.width();
            line.extend(p.spans);
            empty = false;
        }
    }
    out.push(Line::from(line));
}

/// A field's value as its step shows it, each item in at most `room` columns; `None` for an
/// empty value (nothing to read, so left out).
fn value(w: &Wizard, id: FieldId, room: usize, kept: &BTreeSet<String>) -> Option<Value> {
    let one = |spans: Vec<Span<'static>>| {
        Some(Value {
            items: vec![spans],
            note: None,
        })
    };
    let text = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| Value {
            items: vec![vec![Span::raw(truncate(s, room.min(VALUE_MAX)))]],
            note: None,
        })
    };
    let dim = |s: &str| one(vec![Span::styled(s.to_string(), theme::dim())]);
    let list = |items: Vec<String>| {
        let more = items.len().saturating_sub(LIST_MAX);
        let mut shown: Vec<Vec<Span<'static>>> = items
            .iter()
            .take(LIST_MAX)
            .map(|i| vec![Span::raw(truncate(i, room))])
            .collect();
        if more > 0 {
            shown.push(vec![Span::styled(format!("+{more} more"), theme::dim())]);
        }
        Value {
            items: shown,
            note: None,
        }
    };
    let field = w.field(id);
    let value = field.value();
    if field.is_secret() {
        if value.trim().is_empty() {
            return kept
                .contains(id.def().path)
                .then(|| dim("kept as stored"))
                .flatten();
        }
        // Masked always, even when revealed on its step.
        let masked = mask(&value.replace('\n', ""));
        return Some(Value {
            items: vec![vec![Span::raw(truncate(&masked, room.min(MASK_MAX)))]],
            note: field_note(w, id),
        });
    }
    match field {
        Field::Toggle(true) => one(vec![Span::raw("yes")]),
        Field::Toggle(false) => dim("no"),
        Field::Multi { .. } => {
            let chosen = field.selected_options();
            if chosen.is_empty() {
                dim("none")
            } else {
                Some(list(chosen))
            }
        }
        Field::Lines(_) => {
            let items = field.items();
            (!items.is_empty()).then(|| list(items))
        }
        // A picked option shows by its label (`name (id)`), a typed value as typed.
        Field::Combo { input, options } => {
            let typed = input.value().trim();
            let picked = options.iter().find(|(v, _)| v == typed);
            text(picked.map_or(typed, |(_, label)| label.as_str()))
        }
        // Text, and choices (a choice's value is its label).
        _ => text(&value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::apple_key::generate_key;
    use crate::domain::samples::maximal_config;
    use crate::tui::wizard::mode::KeyState;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// Every field filled, and a usable Apple key (its note, with the fingerprint, is the
    /// longest piece of the summary).
    fn wizard() -> Wizard {
        let (_, body) = generate_key();
        let w = Wizard::new_recreate(
            "d1a2b3c4demo",
            "dev",
            "demoauth",
            &maximal_config(&body),
            "us-east-1",
        );
        assert!(matches!(w.key_state, KeyState::Valid(_)));
        w
    }

    /// The summary wraps itself, with its indents: a line the pane wrapped again would start at
    /// its left edge, under the step titles.
    #[test]
    fn no_summary_line_is_wider_than_the_review_pane() {
        let w = wizard();
        for width in [50u16, 53, 69, 70, 93, 118] {
            for line in summary(&w, width) {
                // Only a single word (the hosted UI's URL) may be longer than a narrow pane.
                let one_word = !text(&line).trim().contains(' ');
                assert!(
                    line.width() <= usize::from(width) || one_word,
                    "{width} columns: {:?} is {} wide",
                    text(&line),
                    line.width()
                );
            }
        }
    }

    #[test]
    fn a_provider_and_its_fields_share_a_line_when_they_fit_and_go_on_under_it_when_not() {
        let w = wizard();
        let lines: Vec<String> = summary(&w, 118).iter().map(text).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.contains("Facebook: yes, App ID: 1234567890123456, App secret: •")),
            "{lines:#?}"
        );
        // At 93 columns Amazon's long client id does not fit beside the provider: it goes on
        // the next line, two columns further in, after a comma at the end of the line.
        let lines: Vec<String> = summary(&w, 93).iter().map(text).collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with("Login with Amazon: yes,"))
            .unwrap_or_else(|| panic!("{lines:#?}"));
        assert!(
            lines[at + 1].starts_with(&format!("{}Client ID: amzn1.", " ".repeat(TITLE_WIDTH + 2))),
            "{lines:#?}"
        );
        // After a group that went on under itself, the next starts a line of its own, even when
        // it would fit after the group's last piece.
        let mut w = w;
        *w.field_mut(FieldId::GoogleEnabled) = Field::Toggle(false);
        w.refresh();
        let lines: Vec<String> = summary(&w, 73).iter().map(text).collect();
        let google = format!("{}Google: no", " ".repeat(TITLE_WIDTH));
        assert!(lines.iter().any(|l| l.starts_with(&google)), "{lines:#?}");
    }

    #[test]
    fn an_empty_value_is_left_out_unless_it_is_what_is_wrong() {
        let mut w = wizard();
        w.set_text(FieldId::AppleKeyFile, "");
        w.set_text(FieldId::GoogleId, "");
        w.refresh();
        let all: String = summary(&w, 118).iter().map(text).collect();
        assert!(all.contains("✗ Client ID: (empty)"), "{all}");
        assert!(!all.contains("Load .p8 file:"), "{all}");
    }
}
