//! Text word-wrapped by us rather than by the paragraph, where the lines after the first must
//! keep an indent (a finding's text under its text, not under its mark).

use ratatui::style::Style;
use ratatui::text::Line;

/// Word-wraps text to `width` columns (long words are cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: String = word.to_string();
        while word.chars().count() > width {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            out.push(head);
        }
        let need = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if need > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// `text` word-wrapped to `width` columns after `lead`, the lines after the first indented to
/// start under the text rather than under the mark.
pub fn hanging(lead: &str, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent = lead.chars().count();
    wrap(text, width.saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let head = if i == 0 {
                lead.to_string()
            } else {
                " ".repeat(indent)
            };
            Line::styled(format!("{head}{l}"), style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_lines_fit_the_width_and_continue_under_the_text() {
        let text = "turn it on in the Cognito console, or `aws cognito-idp update-user-pool \
                    --user-pool-id us-east-1_abcdefghi --deletion-protection ACTIVE`";
        let lines: Vec<String> = hanging("    fix: ", text, 40, Style::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(lines.len() > 2, "{lines:#?}");
        assert!(lines[0].starts_with("    fix: turn"), "{lines:#?}");
        for l in &lines[1..] {
            assert!(
                l.starts_with("         ") && !l[9..].starts_with(' '),
                "{lines:#?}"
            );
        }
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:#?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        let want: Vec<&str> = "fix:".split(' ').chain(text.split_whitespace()).collect();
        assert_eq!(words, want);
    }
}
