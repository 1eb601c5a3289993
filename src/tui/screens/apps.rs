//! Home: the Amplify apps in this account and region.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::list::ListState;
use crate::aws::AppSummary;
use crate::tui::app::Load;
use crate::tui::theme;

#[derive(Clone, Debug, Default)]
pub struct AppsView {
    pub list: ListState,
}

pub fn rows(apps: &[AppSummary]) -> Vec<String> {
    apps.iter()
        .map(|a| format!("{:<28} {:<16} {}", a.name, a.app_id, a.platform))
        .collect()
}

pub fn render(view: &AppsView, apps: &Load<Vec<AppSummary>>, frame: &mut Frame, area: Rect) {
    let (head, rows, empty) = match apps {
        Load::NotAsked | Load::Loading => (vec![Line::styled("Loading apps…", theme::dim())], vec![], String::new()),
        Load::Failed(e) => (
            vec![
                Line::styled(format!("✗ Could not list apps: {e}"), theme::error()),
                Line::from("r retries. Check the profile, region and credentials, or pass --app-id."),
            ],
            vec![],
            String::new(),
        ),
        Load::Loaded(apps) => (
            vec![Line::styled(format!("  {:<28} {:<16} {}", "NAME", "APP ID", "PLATFORM"), theme::title())],
            rows(apps),
            "No Amplify apps in this account and region. Create one in the Amplify console, or run with --sandbox to try the demo.".to_string(),
        ),
    };
    view.list.render(frame, area, "Apps", head, &rows, &empty);
}
