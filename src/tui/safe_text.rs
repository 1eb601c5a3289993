//! Screen text made safe: values that came from the service (names, messages, URIs in a config
//! being edited) may hold escape sequences. ratatui drops the control characters themselves but
//! would leave the rest of a sequence (`[5m`) on screen, so whole sequences are removed first.

use ratatui::text::{Line, Span};

/// The line with every span that holds a control character cleaned of whole escape sequences.
pub fn clean_line(line: Line<'static>) -> Line<'static> {
    if !line.spans.iter().any(|s| needs_cleaning(&s.content)) {
        return line;
    }
    let spans: Vec<Span<'static>> = line
        .spans
        .into_iter()
        .map(|s| {
            if needs_cleaning(&s.content) {
                Span::styled(crate::aws::sanitize_text(&s.content), s.style)
            } else {
                s
            }
        })
        .collect();
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

fn needs_cleaning(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_sequences_go_and_plain_text_stays() {
        let l = clean_line(Line::from(vec![
            Span::raw("pool\u{1b}[5mname\u{1b}]0;title\u{7}"),
            Span::raw("ok {####}"),
        ]));
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "poolnameok {####}");
    }
}
