//! Draws a wizard step's fields as lines: label, value, inline findings, and the focused field's
//! help. Everything is plain lines so the step scrolls as one piece and stays readable without
//! colour (focus is reversed and marked with ›, errors with ✗, warnings with !).

use crate::tui::widgets::wrapped::wrap;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::finding::{Finding, Severity};

use crate::tui::keys;
use crate::tui::theme;
use crate::tui::widgets::field_keys::{COMBO_KEYS, FieldKey, SECRET_KEYS};
use crate::tui::widgets::{Field, LineInput, TextBox};
use crate::tui::wizard::fields::FieldId;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::mode::KeyState;
use crate::tui::wizard::state::Wizard;

/// The label column: labels are at most 19 characters (a test checks), plus the focus marker.
pub const LABEL_WIDTH: usize = 22;

/// The lines of a step and the line range of each field, so the view can scroll to the focus.
pub struct StepLines {
    pub lines: Vec<Line<'static>>,
    pub focus_range: (usize, usize),
}

pub fn step_lines(w: &Wizard, width: u16) -> StepLines {
    let value_width = (width as usize).saturating_sub(LABEL_WIDTH + 1).max(10);
    let mut lines: Vec<Line<'static>> = Vec::new();
    // On the Target step the job shows under the environment, where it is refused.
    if w.step != crate::tui::wizard::steps::Step::Target
        && let Some(note) = crate::tui::wizard::steps::target::running_note(w, &w.target_facts)
    {
        lines.extend(
            wrap(&note, width as usize)
                .into_iter()
                .map(|l| Line::styled(l, theme::warning())),
        );
    }
    for note in crate::tui::wizard::steps::notes_of(w, w.step) {
        let text: String = note.spans.iter().map(|s| s.content.as_ref()).collect();
        lines.extend(
            wrap(&text, width as usize)
                .into_iter()
                .map(|l| Line::styled(l, theme::dim())),
        );
    }
    lines.push(Line::from(""));
    let mut focus_range = (0, 0);
    for (i, id) in w.visible(w.step).into_iter().enumerate() {
        let focused = i == w.focus;
        let start = lines.len();
        field_lines(w, id, focused, value_width, &mut lines);
        if focused {
            focus_range = (start, lines.len());
        }
    }
    let lines = lines
        .into_iter()
        .map(crate::tui::safe_text::clean_line)
        .collect();
    StepLines { lines, focus_range }
}

fn field_lines(w: &Wizard, id: FieldId, focused: bool, width: usize, out: &mut Vec<Line<'static>>) {
    let meta = id.meta();
    let findings = w.findings_showing(id);
    let view = FieldView {
        label: meta.label,
        help: meta.help,
        field: w.field(id),
        findings: &findings,
        read_only: w.is_read_only(id),
        extra: field_note(w, id),
        // An edit loads no secrets (the service never returns them): left empty, the stored
        // one is kept, and the field says so rather than "(empty)".
        empty: if w.field(id).is_secret() && w.kept_secrets().contains(id.def().path) {
            KEPT
        } else {
            EMPTY
        },
    };
    field_rows(&view, focused, width, out);
}

/// A line the wizard shows under a field's value: the Apple key's state (its fingerprint once it
/// is a usable key). The Review summary shows it beside the key too.
pub fn field_note(w: &Wizard, id: FieldId) -> Option<Span<'static>> {
    (id == FieldId::AppleKey).then(|| match &w.key_state {
        KeyState::Empty => Span::styled(
            "no key yet: paste it above, or load the .p8 file",
            theme::dim(),
        ),
        KeyState::Valid(k) => Span::styled(
            format!("✓ EC P-256 PKCS#8 key, fingerprint {}", k.fingerprint),
            theme::ok(),
        ),
        KeyState::Invalid(_) => Span::styled("✗ not a usable key (see below)", theme::error()),
    })
}

/// A secret as the screen shows it: one `•` per character. Every place that draws a secret's
/// value (the step's field, the Review summary) masks it through this.
pub fn mask(secret: &str) -> String {
    secret.chars().map(|_| '•').collect()
}

/// One field of a form as `field_rows` draws it. The wizard and the Import form both draw their
/// fields through this, so a field looks and reports its findings the same on either.
pub struct FieldView<'a> {
    pub label: &'a str,
    pub help: &'a str,
    pub field: &'a Field,
    /// The findings that belong to this field (placed with `fields::path_fits`).
    pub findings: &'a [&'a Finding],
    pub read_only: bool,
    /// A line under the value (the Apple key's state).
    pub extra: Option<Span<'static>>,
    /// What an empty value shows when not focused: [`EMPTY`], or [`KEPT`] for a stored secret.
    pub empty: &'static str,
}

/// An empty value.
pub const EMPTY: &str = "(empty)";
/// An empty secret in an edit: the service keeps the stored one.
pub const KEPT: &str = "(stored: kept unless you type a new one)";

/// Label and value, the findings under them, and the help when focused. `width` is the width of
/// the value column (the label column is `LABEL_WIDTH`).
pub fn field_rows(v: &FieldView, focused: bool, width: usize, out: &mut Vec<Line<'static>>) {
    let (read_only, findings) = (v.read_only, v.findings);
    let has_error = findings.iter().any(|f| f.severity == Severity::Error);
    let marker = if focused {
        "›"
    } else if has_error {
        "✗"
    } else {
        " "
    };
    let label_style = if focused {
        theme::focus()
    } else if has_error {
        theme::error()
    } else {
        Style::new()
    };
    let label = Span::styled(
        format!("{marker} {:<w$}", v.label, w = LABEL_WIDTH - 2),
        label_style,
    );
    let field = v.field;
    let mut value_lines = value_lines(field, focused, read_only, width, v.empty);
    if let Some(extra) = &v.extra {
        value_lines.push(vec![extra.clone()]);
    }
    if let Field::Combo { options, .. } = field
        && !options.is_empty()
        && !read_only
    {
        let hint = format!(
            "{} picks: {}",
            keys::hint(COMBO_KEYS, FieldKey::Next),
            options
                .iter()
                .map(|(_, l)| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        value_lines.push(vec![Span::styled(truncate(&hint, width), theme::dim())]);
    }
    if read_only && let Some(first) = value_lines.first_mut() {
        for s in first.iter_mut() {
            s.style = theme::read_only();
        }
        first.push(Span::styled("  (fixed after creation)", theme::dim()));
    }
    for (j, spans) in value_lines.into_iter().enumerate() {
        let lead = if j == 0 {
            label.clone()
        } else {
            Span::raw(" ".repeat(LABEL_WIDTH))
        };
        let mut all = vec![lead];
        all.extend(spans);
        out.push(Line::from(all));
    }
    for f in findings {
        let (mark, style) = match f.severity {
            Severity::Error => ("✗", theme::error()),
            Severity::Warning => ("!", theme::warning()),
        };
        for l in wrap(&format!("{mark} {} {}", f.message, f.fix), width) {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(LABEL_WIDTH)),
                Span::styled(l, style),
            ]));
        }
    }
    if focused {
        for l in wrap(v.help, width) {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(LABEL_WIDTH)),
                Span::styled(l, theme::dim()),
            ]));
        }
    }
}

/// The value's lines as its widget shows it (text with its cursor, a toggle, the options of a
/// choice or a multi-select, a multi-line box), `width` columns wide.
fn value_lines(
    field: &Field,
    focused: bool,
    read_only: bool,
    width: usize,
    empty: &'static str,
) -> Vec<Vec<Span<'static>>> {
    match field {
        Field::Text(i) | Field::Combo { input: i, .. } => {
            vec![line_spans(i, focused && !read_only, width, false, empty)]
        }
        Field::Secret { input, revealed } => {
            vec![line_spans(input, focused, width, !revealed, empty)]
        }
        Field::Toggle(b) => vec![vec![Span::raw(if *b { "[x] yes" } else { "[ ] no" })]],
        Field::Choice { options, selected } => flow(
            options.iter().enumerate().map(|(j, o)| {
                let on = j == *selected;
                let text = format!("{} {o}", if on { "(•)" } else { "( )" });
                (
                    text,
                    if on && focused {
                        theme::title()
                    } else {
                        Style::new()
                    },
                )
            }),
            width,
        ),
        Field::Multi {
            options,
            selected,
            cursor,
        } => flow(
            options.iter().zip(selected).enumerate().map(|(j, (o, s))| {
                let text = format!("[{}] {o}", if *s { "x" } else { " " });
                let style = if focused && j == *cursor && !read_only {
                    theme::focus()
                } else {
                    Style::new()
                };
                (text, style)
            }),
            width,
        ),
        Field::Lines(t) => box_lines(t, focused, width, false, empty),
        Field::Key { text, revealed } => box_lines(text, focused, width, !revealed, empty),
    }
}

/// A single-line value with the cursor shown as a reversed cell (also visible without colour).
fn line_spans(
    input: &LineInput,
    focused: bool,
    width: usize,
    masked: bool,
    empty: &'static str,
) -> Vec<Span<'static>> {
    let chars: Vec<char> = if masked {
        mask(input.value()).chars().collect()
    } else {
        input.value().chars().collect()
    };
    if chars.is_empty() && !focused {
        return vec![Span::styled(empty, theme::dim())];
    }
    // Keep the cursor in view on long values; unfocused values show from their start.
    let start = if focused && chars.len() + 1 > width {
        input.cursor().saturating_sub(width.saturating_sub(2))
    } else {
        0
    };
    let visible: Vec<char> = chars
        .iter()
        .skip(start)
        .take(width.saturating_sub(1))
        .copied()
        .collect();
    let cur = input.cursor() - start;
    if !focused {
        return vec![Span::raw(visible.into_iter().collect::<String>())];
    }
    let before: String = visible.iter().take(cur).collect();
    let at: String = visible
        .get(cur)
        .map(|c| c.to_string())
        .unwrap_or_else(|| " ".into());
    let after: String = visible.iter().skip(cur + 1).collect();
    let mut spans = vec![
        Span::raw(before),
        Span::styled(at, theme::focus()),
        Span::raw(after),
    ];
    if masked && !chars.is_empty() {
        spans.push(Span::styled(format!("  {}", reveal_hint()), theme::dim()));
    }
    spans
}

/// A multi-line box: its lines (masked when secret) with the cursor cell reversed.
fn box_lines(
    t: &TextBox,
    focused: bool,
    width: usize,
    masked: bool,
    empty: &'static str,
) -> Vec<Vec<Span<'static>>> {
    let (row, col) = {
        let c = t.area.cursor();
        (c.0, c.1)
    };
    let lines = t.area.lines();
    let mut out = Vec::new();
    let blank = lines.iter().all(|l| l.is_empty());
    if blank && !focused {
        return vec![vec![Span::styled(empty, theme::dim())]];
    }
    // A pasted key can be long: show at most 8 lines around the cursor.
    let first = row.saturating_sub(7);
    for (i, l) in lines.iter().enumerate().skip(first).take(8) {
        let chars: Vec<char> = if masked {
            mask(l).chars().collect()
        } else {
            l.chars().collect()
        };
        let shown: Vec<char> = chars
            .iter()
            .take(width.saturating_sub(3))
            .copied()
            .collect();
        let cut = chars.len() > shown.len();
        let mut spans = vec![Span::styled("│ ", theme::dim())];
        if focused && i == row {
            let before: String = shown.iter().take(col).collect();
            let at: String = shown
                .get(col)
                .map(|c| c.to_string())
                .unwrap_or_else(|| " ".into());
            let after: String = shown.iter().skip(col + 1).collect();
            spans.extend([
                Span::raw(before),
                Span::styled(at, theme::focus()),
                Span::raw(after),
            ]);
        } else {
            spans.push(Span::raw(shown.into_iter().collect::<String>()));
        }
        if cut {
            spans.push(Span::styled("…", theme::dim()));
        }
        out.push(spans);
    }
    if lines.len() > first + 8 {
        out.push(vec![Span::styled(
            format!("│ … {} more lines", lines.len() - first - 8),
            theme::dim(),
        )]);
    }
    if masked && !blank {
        out.push(vec![Span::styled(reveal_hint(), theme::dim())]);
    }
    out
}

pub(crate) fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Lays out items left to right, wrapping to new rows at `width`.
fn flow(items: impl Iterator<Item = (String, Style)>, width: usize) -> Vec<Vec<Span<'static>>> {
    let mut rows: Vec<Vec<Span<'static>>> = vec![vec![]];
    let mut used = 0;
    for (text, style) in items {
        let len = text.chars().count() + 2;
        if used + len > width && used > 0 {
            rows.push(vec![]);
            used = 0;
        }
        used += len;
        let row = rows.last_mut().expect("rows starts non-empty");
        row.push(Span::styled(text, style));
        row.push(Span::raw("  "));
    }
    rows
}

/// Said beside a masked secret: the key that shows it, from the wizard's table.
fn reveal_hint() -> String {
    format!(
        "(hidden, {} shows)",
        keys::hint(SECRET_KEYS, FieldKey::Reveal)
    )
}

#[cfg(test)]
mod tests {
    use super::{LABEL_WIDTH, field_lines};
    use crate::domain::samples::maximal_config;
    use crate::tui::wizard::fields::FieldId;
    use crate::tui::wizard::state::Wizard;

    fn text_of(w: &Wizard, id: FieldId) -> String {
        let mut out = Vec::new();
        field_lines(w, id, false, 60, &mut out);
        out.iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Issue 28: an edit's secret (never returned by the service) shows as stored and kept, not
    /// "(empty)"; a new resource's empty secret is empty.
    #[test]
    fn an_edits_empty_secret_says_it_is_kept() {
        let cfg = maximal_config("");
        let mut edit = Wizard::new_edit("app", "dev", "res", &cfg, "us-east-1");
        // As GetBackendAuth returns it: no secret.
        edit.set_text(FieldId::GoogleSecret, "");
        edit.refresh();
        let shown = text_of(&edit, FieldId::GoogleSecret);
        assert!(shown.contains("stored: kept"), "{shown}");
        assert!(!shown.contains("(empty)"), "{shown}");
        let new = Wizard::new_create("app", "dev", "name", "us-east-1", "abcd1234");
        assert!(text_of(&new, FieldId::GoogleSecret).contains("(empty)"));
    }

    /// Every label fits its column with a space before the value ("Legacy reset settings" ran
    /// into its checkbox).
    #[test]
    fn every_label_fits_the_label_column() {
        let w = Wizard::new_create("app", "dev", "name", "us-east-1", "abcd1234");
        assert!(w.fields.len() > 40);
        for id in w.fields.keys() {
            let label = id.meta().label;
            assert!(
                label.chars().count() < LABEL_WIDTH - 2,
                "{id:?}: {label:?} is wider than the label column"
            );
        }
    }
}
