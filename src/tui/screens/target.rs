//! Step 1: which app, environment and resource name.

use ratatui::text::Line;

use crate::tui::fields::{FieldDef, FieldId, Fixed, writes_nothing};
use crate::tui::widgets::Field;
use crate::tui::wizard::Wizard;

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const AppId: FieldId = FieldId::named("AppId");
    pub const EnvName: FieldId = FieldId::named("EnvName");
    pub const ResourceName: FieldId = FieldId::named("ResourceName");
}

fn picker(_: &crate::domain::AuthConfig) -> Field {
    Field::Combo {
        input: Default::default(),
        options: vec![],
    }
}

/// None of these is in the config: they say where it goes (`Wizard::target`).
pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::AppId,
        "App",
        "AppId",
        "The Amplify app. ←/→ picks from the apps in this account and region, or type an id.",
        picker,
        writes_nothing,
    )
    .fixed(Fixed::Target),
    FieldDef::new(
        FieldId::EnvName,
        "Environment",
        "BackendEnvironmentName",
        "The backend environment. ←/→ picks one of the app's environments, or type a new name.",
        picker,
        writes_nothing,
    )
    .fixed(Fixed::Target),
    FieldDef::new(
        FieldId::ResourceName,
        "Resource name",
        "ResourceName",
        "Name of the auth resource in the Amplify project: letters and digits.",
        |_| Field::text(""),
        writes_nothing,
    )
    .fixed(Fixed::Target),
];

pub fn notes(w: &Wizard) -> Vec<Line<'static>> {
    if w.is_edit() {
        return vec![Line::from(
            "Editing an existing resource: its app, environment and name are fixed.",
        )];
    }
    vec![Line::from(
        "Where the new auth resource goes. Amplify keeps one pending job per environment.",
    )]
}
