//! Step 3: the user pool's name, sign-in method and required attributes (all fixed once created).

use ratatui::text::Line;

use crate::domain::{SignInMethod, SignUpAttribute};
use crate::tui::widgets::Field;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::fields::{FieldDef, FieldId, Fixed};

#[allow(non_upper_case_globals)] // ids read like the variants they replaced: FieldId::AppId
impl FieldId {
    pub const UserPoolName: FieldId = FieldId::named("UserPoolName");
    pub const SignIn: FieldId = FieldId::named("SignIn");
    pub const RequiredAttributes: FieldId = FieldId::named("RequiredAttributes");
}

pub const FIELDS: &[FieldDef] = &[
    FieldDef::new(
        FieldId::UserPoolName,
        "User pool name",
        "UserPoolConfigs.UserPoolName",
        "Letters, digits, spaces and + = , . @ - _, up to 128. Fixed once created.",
        |c| Field::text(&c.user_pool.user_pool_name),
        |w, c, _| c.user_pool.user_pool_name = w.trimmed(FieldId::UserPoolName),
    )
    .fixed(Fixed::AtCreation),
    FieldDef::new(
        FieldId::SignIn,
        "Sign-in with",
        "UserPoolConfigs.SignInMethod",
        "What users type to sign in. Fixed once created.",
        |c| {
            let all: Vec<&str> = SignInMethod::ALL.iter().map(|s| s.as_str()).collect();
            let sel = SignInMethod::ALL
                .iter()
                .position(|s| *s == c.user_pool.sign_in_method)
                .unwrap_or(0);
            Field::choice(&all, sel)
        },
        |w, c, _| c.user_pool.sign_in_method = SignInMethod::parse(&w.text(FieldId::SignIn)),
    )
    .fixed(Fixed::AtCreation),
    FieldDef::new(
        FieldId::RequiredAttributes,
        "Required at sign-up",
        "UserPoolConfigs.RequiredSignUpAttributes",
        "Attributes every user must give. Fixed once created; social providers must be able to supply them.",
        |c| {
            let all: Vec<&str> = SignUpAttribute::ALL.iter().map(|s| s.as_str()).collect();
            let chosen: Vec<&str> = c
                .user_pool
                .required_sign_up_attributes
                .iter()
                .map(|a| a.as_str())
                .collect();
            Field::multi(&all, &chosen)
        },
        |w, c, _| {
            c.user_pool.required_sign_up_attributes = w
                .field(FieldId::RequiredAttributes)
                .selected_options()
                .iter()
                .map(|s| SignUpAttribute::parse(s))
                .collect()
        },
    )
    .fixed(Fixed::AtCreation),
];

pub fn notes(w: &dyn FieldValues) -> Vec<Line<'static>> {
    if w.is_edit() {
        return vec![Line::from(
            "Read-only: Cognito cannot change these after creation. Delete and recreate the resource to change them.",
        )];
    }
    vec![Line::from(
        "Note: these three cannot be changed later, by any tool. Choose with care.",
    )]
}
