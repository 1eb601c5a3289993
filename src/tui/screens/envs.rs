//! An app's backend environments.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::list::ListState;
use crate::aws::BackendInfo;
use crate::tui::app::Load;
use crate::tui::theme;

#[derive(Clone, Debug)]
pub struct EnvsView {
    pub app_id: String,
    pub generation: u64,
    pub backend: Load<BackendInfo>,
    pub list: ListState,
}

impl EnvsView {
    pub fn rows(&self) -> Vec<String> {
        match &self.backend {
            Load::Loaded(b) => b.environments.clone(),
            _ => vec![],
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let head = match &self.backend {
            Load::Loaded(b) => vec![Line::styled(
                format!("App {} ({})", b.app_name, self.app_id),
                theme::title(),
            )],
            Load::Failed(e) => vec![
                Line::styled(
                    format!("✗ Could not read the backend of {}: {e}", self.app_id),
                    theme::error(),
                ),
                Line::from("r retries."),
            ],
            _ => vec![Line::styled("Loading environments…", theme::dim())],
        };
        let empty =
            "This app has no backend environments yet. Create one with the Amplify CLI or console.";
        self.list
            .render(frame, area, "Environments", head, &self.rows(), empty);
    }
}
