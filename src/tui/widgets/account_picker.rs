//! The profile and region picker shared by the setup screen and the account switcher: a column
//! of the user's AWS profiles (with region and kind) beside a column of regions (the profiles'
//! regions, the common Amplify regions and a free-text row). Not a screen by itself.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::aws::{ProfileInfo, Profiles};
use crate::tui::keys::{self, Binding, Keys, code, help_only, show};
use crate::tui::msg::{ConnectTo, Load};
use crate::tui::theme;
use crate::tui::widgets::LineInput;

/// Regions where AWS Amplify runs, the common ones first; any other can be typed.
pub const AMPLIFY_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-east-1",
    "me-south-1",
    "sa-east-1",
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Profiles,
    Regions,
}

/// One row of the region column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegionRow {
    /// Whatever the profile or `AWS_REGION` says (shown with its value, if any).
    Default,
    Named(String),
    /// Typed by the user.
    Other,
}

#[derive(Clone, Debug, Default)]
pub struct AccountPicker {
    pub profiles: Load<Profiles>,
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`) at start: it beats a profile's region.
    pub env_region: Option<String>,
    pub focus: Column,
    pub profile_cursor: usize,
    pub region_cursor: usize,
    /// The free-text region.
    pub other: LineInput,
    /// Why the last choice could not be used (a malformed region), or the connection in progress.
    pub note: Option<String>,
    pub connecting: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Up,
    Down,
    Column,
    Connect,
}

/// The picker's keys: no printable key, so the free-text region row can take typing.
pub const PICK_KEYS: &[Binding<Pick>] = &[
    show(&[(code(KeyCode::Enter), Pick::Connect)], "Enter", "connect"),
    show(
        &[
            (code(KeyCode::Tab), Pick::Column),
            (code(KeyCode::BackTab), Pick::Column),
        ],
        "Tab",
        "profiles ⇄ regions",
    ),
    help_only(
        &[
            (code(KeyCode::Up), Pick::Up),
            (code(KeyCode::Down), Pick::Down),
        ],
        "↑↓",
        "move in the column",
    ),
];

impl AccountPicker {
    pub fn new(profiles: Load<Profiles>, env_region: Option<String>) -> AccountPicker {
        let mut p = AccountPicker {
            profiles,
            env_region,
            ..Default::default()
        };
        p.select_current();
        p
    }

    /// Puts the cursor on the profile that applies now (AWS_PROFILE or `default`).
    pub fn select_current(&mut self) {
        if let Load::Loaded(ps) = &self.profiles {
            let rows = self.profile_rows();
            let at = rows
                .iter()
                .position(|r| r.is_some_and(|p| p.name == ps.selected));
            self.profile_cursor = at.unwrap_or(0);
        }
    }

    /// The profile rows: `None` is "no profile" (environment variables), offered when the
    /// profile the SDK would select does not exist.
    pub fn profile_rows(&self) -> Vec<Option<&ProfileInfo>> {
        let Load::Loaded(ps) = &self.profiles else {
            return vec![];
        };
        let mut rows: Vec<Option<&ProfileInfo>> = vec![];
        if ps.get(&ps.selected).is_none() {
            rows.push(None);
        }
        rows.extend(ps.profiles.iter().map(Some));
        rows
    }

    fn chosen_profile(&self) -> Option<&ProfileInfo> {
        self.profile_rows()
            .get(self.profile_cursor)
            .copied()
            .flatten()
    }

    pub fn region_rows(&self) -> Vec<RegionRow> {
        let mut rows = vec![RegionRow::Default];
        let mut named: Vec<String> = vec![];
        if let Load::Loaded(ps) = &self.profiles {
            for r in ps.profiles.iter().filter_map(|p| p.region.clone()) {
                if !named.contains(&r) {
                    named.push(r);
                }
            }
        }
        for r in AMPLIFY_REGIONS {
            if !named.iter().any(|n| n == r) {
                named.push(r.to_string());
            }
        }
        rows.extend(named.into_iter().map(RegionRow::Named));
        rows.push(RegionRow::Other);
        rows
    }

    /// The region the Default row stands for, and where it comes from.
    fn default_region(&self) -> Option<(String, &'static str)> {
        if let Some(r) = &self.env_region {
            return Some((r.clone(), "AWS_REGION"));
        }
        self.chosen_profile()
            .and_then(|p| p.region.clone())
            .map(|r| (r, "the profile's"))
    }

    /// Whether the free-text region row has the focus (printable keys are typing then).
    pub fn typing(&self) -> bool {
        self.focus == Column::Regions
            && self.region_rows().get(self.region_cursor) == Some(&RegionRow::Other)
    }

    pub fn input(&mut self) -> Option<&mut LineInput> {
        if self.typing() {
            Some(&mut self.other)
        } else {
            None
        }
    }

    pub fn keys(&self) -> Keys {
        Keys::of(PICK_KEYS, |_| true, self.typing())
    }

    /// A picker key: `Some(Some(to))` to connect, `Some(None)` handled, `None` not the
    /// picker's.
    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Option<ConnectTo>> {
        let action = keys::action(PICK_KEYS, k, |_| true)?;
        if self.connecting {
            return Some(None);
        }
        self.note = None;
        match action {
            Pick::Up | Pick::Down => {
                let delta: isize = if action == Pick::Up { -1 } else { 1 };
                let n = match self.focus {
                    Column::Profiles => self.profile_rows().len(),
                    Column::Regions => self.region_rows().len(),
                };
                let cursor = match self.focus {
                    Column::Profiles => &mut self.profile_cursor,
                    Column::Regions => &mut self.region_cursor,
                };
                *cursor =
                    (*cursor as isize + delta).clamp(0, n.saturating_sub(1) as isize) as usize;
            }
            Pick::Column => {
                self.focus = match self.focus {
                    Column::Profiles => Column::Regions,
                    Column::Regions => Column::Profiles,
                }
            }
            Pick::Connect => match self.choice() {
                Ok(to) => return Some(Some(to)),
                Err(e) => self.note = Some(e),
            },
        }
        Some(None)
    }

    /// What the rows under the cursors stand for.
    pub fn choice(&self) -> Result<ConnectTo, String> {
        if matches!(self.profiles, Load::Loading) {
            return Err("The profiles are still being read.".into());
        }
        let profile = self.chosen_profile().map(|p| p.name.clone());
        let region = match self.region_rows().get(self.region_cursor) {
            Some(RegionRow::Named(r)) => Some(r.clone()),
            Some(RegionRow::Other) => Some(check_region(self.other.value())?),
            // `--region` or AWS_REGION when given (they beat the profile's), else the profile's.
            _ => self.env_region.clone(),
        };
        Ok(ConnectTo::Aws { profile, region })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(64), Constraint::Percentage(36)])
                .areas(area);
        let focus_style = |c: Column| {
            if self.focus == c {
                theme::title()
            } else {
                theme::dim()
            }
        };
        let mut lines: Vec<Line> = vec![];
        match &self.profiles {
            Load::NotAsked | Load::Loading => {
                lines.push(Line::styled("Reading your AWS profiles…", theme::dim()))
            }
            Load::Failed(e) => lines.push(Line::styled(format!("✗ {e}"), theme::error())),
            Load::Loaded(ps) => {
                if ps.profiles.is_empty() {
                    lines.push(Line::styled(
                        format!(
                            "No profiles in {} or {}.",
                            ps.config_file.display(),
                            ps.credentials_file.display()
                        ),
                        theme::dim(),
                    ));
                    lines.push(Line::styled(
                        "Run `aws configure` or `aws configure sso`, then r re-reads them.",
                        theme::dim(),
                    ));
                }
                // Columns as wide as the longest name, so the region and kind line up.
                let width = ps.profiles.iter().map(|p| p.name.chars().count()).max();
                let width = width.unwrap_or(0).max(8);
                let rows: Vec<String> = self
                    .profile_rows()
                    .iter()
                    .map(|r| match r {
                        None => "(no profile: AWS_* environment variables)".to_string(),
                        Some(p) => profile_row(p, width),
                    })
                    .collect();
                lines.extend(window(
                    &rows,
                    self.profile_cursor,
                    self.focus == Column::Profiles,
                    left.height.saturating_sub(2 + lines.len() as u16),
                ));
            }
        }
        // Wrapped only when there are no rows to keep aligned (the "no profiles" advice).
        let mut para = Paragraph::new(lines);
        if self.profile_rows().iter().all(Option::is_none) {
            para = para.wrap(ratatui::widgets::Wrap { trim: false });
        }
        frame.render_widget(
            para.block(
                Block::bordered()
                    .title(" Profile ")
                    .border_style(focus_style(Column::Profiles)),
            ),
            left,
        );
        let rows: Vec<String> = self
            .region_rows()
            .iter()
            .map(|r| match r {
                RegionRow::Default => match self.default_region() {
                    Some((r, from)) => format!("default: {r} ({from})"),
                    None => "default: none set".to_string(),
                },
                RegionRow::Named(r) => r.clone(),
                RegionRow::Other => {
                    let caret = if self.typing() { "▏" } else { "" };
                    format!("other: {}{caret}", self.other.value())
                }
            })
            .collect();
        let height = right.height.saturating_sub(2);
        let lines = window(
            &rows,
            self.region_cursor,
            self.focus == Column::Regions,
            height,
        );
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::bordered()
                    .title(" Region ")
                    .border_style(focus_style(Column::Regions)),
            ),
            right,
        );
    }

    /// The note line under the picker: a bad region, or the connection in progress.
    pub fn note_line(&self) -> Option<Line<'static>> {
        let n = self.note.clone()?;
        Some(if self.connecting {
            Line::styled(n, theme::title())
        } else {
            Line::styled(format!("✗ {n}"), theme::error())
        })
    }
}

fn profile_row(p: &ProfileInfo, width: usize) -> String {
    let mut s = format!(
        "{:<width$} {:<14} {}",
        p.name,
        p.region.as_deref().unwrap_or("(no region)"),
        p.kind.label()
    );
    // Said before it is picked: the SDK cannot ask for the code (see ConnectProblem).
    if p.mfa_serial.is_some() {
        s.push_str("+MFA, unsupported");
    }
    if let Some(url) = &p.endpoint_url {
        s.push_str(&format!(" → {url}"));
    }
    s
}

/// The rows that fit, scrolled so the cursor shows; the cursor's row marked (reverse video only
/// in the focused column).
fn window(rows: &[String], cursor: usize, focused: bool, height: u16) -> Vec<Line<'static>> {
    let height = (height as usize).max(1);
    let first = cursor.saturating_sub(height - 1);
    rows.iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            if i == cursor {
                let style = if focused {
                    theme::focus()
                } else {
                    theme::title()
                };
                Line::from(Span::styled(format!("› {r}"), style))
            } else {
                Line::from(format!("  {r}"))
            }
        })
        .collect()
}

/// A typed region: lowercase letters, digits and hyphens with at least one hyphen, like
/// `eu-west-1` or `us-gov-west-1`.
pub fn check_region(text: &str) -> Result<String, String> {
    let r = text.trim();
    let ok = r.contains('-')
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && r.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && r.chars().last().is_some_and(|c| c.is_ascii_digit());
    if ok {
        Ok(r.to_string())
    } else if r.is_empty() {
        Err("Region: type a region on the \"other\" row (e.g. eu-west-1), or pick one.".into())
    } else {
        Err(format!(
            "Region: {r:?} is not a region name; it looks like eu-west-1 (lowercase letters, digits, hyphens)."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::check_region;

    #[test]
    fn typed_regions_are_checked() {
        assert_eq!(check_region(" eu-west-1 ").unwrap(), "eu-west-1");
        assert!(check_region("us-gov-west-1").is_ok());
        assert!(check_region("").unwrap_err().contains("Region"));
        assert!(check_region("EU-WEST-1").unwrap_err().contains("EU-WEST-1"));
        assert!(check_region("europe").is_err());
    }
}
