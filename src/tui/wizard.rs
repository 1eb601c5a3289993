//! The wizard's state: its fields, the step it is on, and the config they add up to.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::apple_key::{self, AppleKey};
use crate::domain::update_plan::plan_update;
use crate::domain::validate::{Finding, Severity, validate_config, validate_resource_name};
use crate::domain::*;

use super::fields::FieldId;
use super::screens;
use super::widgets::{Field, TextBox};

/// The steps, in order. Some are skipped depending on earlier answers.
/// The Pools step's choice: each option's domain value beside its label, so rewording a label
/// changes no behaviour.
pub const RESOURCE_CHOICES: [(AuthResources, &str); 2] = [
    (AuthResources::UserPoolOnly, "User pool only"),
    (
        AuthResources::IdentityPoolAndUserPool,
        "User pool + identity pool",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Target,
    Resources,
    UserPool,
    IdentityPool,
    Mfa,
    Password,
    Messages,
    OAuth,
    Social,
    Review,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Target,
        Step::Resources,
        Step::UserPool,
        Step::IdentityPool,
        Step::Mfa,
        Step::Password,
        Step::Messages,
        Step::OAuth,
        Step::Social,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Target => "Target",
            Step::Resources => "Pools",
            Step::UserPool => "User pool",
            Step::IdentityPool => "Identity pool",
            Step::Mfa => "MFA",
            Step::Password => "Password policy",
            Step::Messages => "Messages",
            Step::OAuth => "OAuth, hosted UI",
            Step::Social => "Social sign-in",
            Step::Review => "Review & submit",
        }
    }
}

/// Creating a new resource, or editing one that exists (then some fields are read-only).
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Create,
    Edit {
        original: Box<AuthConfig>,
    },
    /// Delete and recreate: every field editable (the only way to change the fixed ones); the
    /// submit deletes the resource, then creates it again with this config.
    Recreate {
        original: Box<AuthConfig>,
    },
}

/// The Apple key as checked so far.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyState {
    Empty,
    Valid(AppleKey),
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct Wizard {
    pub mode: Mode,
    pub fields: BTreeMap<FieldId, Field>,
    pub step: Step,
    /// Index into the current step's visible fields.
    pub focus: usize,
    pub visited: BTreeSet<Step>,
    /// The config the fields add up to, when they can be read at all.
    pub config: Option<AuthConfig>,
    pub findings: Vec<Finding>,
    pub key_state: KeyState,
    /// Key ID from a loaded `AuthKey_<KEYID>.p8` file name, checked against the Key ID field.
    pub key_file_id: Option<String>,
    /// Region, for the provider redirect URL shown on the social step.
    pub region: String,
    /// Review screen: which finding is selected and how far the request JSON is scrolled.
    pub review_cursor: usize,
    pub review_scroll: u16,
    pub dirty: bool,
    /// A one-line message for the footer (e.g. why submit was refused); cleared on the next key.
    pub flash: Option<String>,
    /// Message settings the loaded config had for the channel not chosen (e.g. SmsSettings
    /// beside email delivery): kept and sent back unchanged rather than silently dropped.
    pub kept_channels: BTreeSet<FieldId>,
    /// The file name (without `.json`) its draft is saved under.
    pub draft_id: String,
    /// The last draft handed to the writer, so unchanged input is not written again.
    pub draft_saved: Option<Box<super::draft::Draft>>,
}

impl Wizard {
    /// A new wizard with the Amplify CLI's defaults: names from the app name plus a short id
    /// (`<app>_userpool_<id>`, resource `<app><id>`), MFA off, password minimum 8, email required.
    pub fn new_create(
        app_id: &str,
        env: &str,
        app_name: &str,
        region: &str,
        short_id: &str,
    ) -> Wizard {
        let base = samples::name_part(if app_name.is_empty() {
            "amplifyauth"
        } else {
            app_name
        });
        let mut cfg = samples::default_config(&base);
        cfg.user_pool.user_pool_name = format!("{base}_userpool_{short_id}");
        if let Some(ip) = cfg.identity_pool.as_mut() {
            ip.identity_pool_name = format!("{base}_identitypool_{short_id}");
        }
        let resource: String = base.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let mut w = Wizard::from_config(Mode::Create, &cfg, region);
        w.set_text(FieldId::AppId, app_id);
        w.set_text(FieldId::EnvName, env);
        w.set_text(FieldId::ResourceName, &format!("{resource}{short_id}"));
        w.draft_id = super::draft::file_id(&format!("create-{short_id}"));
        w.dirty = false;
        w.refresh();
        w
    }

    /// A wizard for deleting and recreating a resource, filled from its config.
    pub fn new_recreate(
        app_id: &str,
        env: &str,
        resource: &str,
        cfg: &AuthConfig,
        region: &str,
    ) -> Wizard {
        let mode = Mode::Recreate {
            original: Box::new(cfg.clone()),
        };
        // Recreating is about the fields an edit cannot change, so it opens on them.
        Wizard::for_existing(
            mode,
            "recreate",
            Step::UserPool,
            [app_id, env, resource],
            cfg,
            region,
        )
    }

    pub fn is_recreate(&self) -> bool {
        matches!(self.mode, Mode::Recreate { .. })
    }

    /// A wizard filled from an existing config, for editing.
    pub fn new_edit(
        app_id: &str,
        env: &str,
        resource: &str,
        cfg: &AuthConfig,
        region: &str,
    ) -> Wizard {
        let mode = Mode::Edit {
            original: Box::new(cfg.clone()),
        };
        // The first steps hold only fixed fields, so an edit opens on the first mutable one.
        Wizard::for_existing(
            mode,
            "edit",
            Step::Mfa,
            [app_id, env, resource],
            cfg,
            region,
        )
    }

    /// A wizard on an existing resource: filled from its config, with its own draft file.
    fn for_existing(
        mode: Mode,
        kind: &str,
        step: Step,
        [app_id, env, resource]: [&str; 3],
        cfg: &AuthConfig,
        region: &str,
    ) -> Wizard {
        let mut w = Wizard::from_config(mode, cfg, region);
        w.set_text(FieldId::AppId, app_id);
        w.set_text(FieldId::EnvName, env);
        w.set_text(FieldId::ResourceName, resource);
        w.draft_id = super::draft::file_id(&format!("{kind}-{app_id}-{env}-{resource}"));
        w.step = step;
        w.dirty = false;
        w.refresh();
        w
    }

    fn from_config(mode: Mode, cfg: &AuthConfig, region: &str) -> Wizard {
        use FieldId::*;
        let up = &cfg.user_pool;
        let mut f: BTreeMap<FieldId, Field> = BTreeMap::new();
        let names = |all: &[&'static str]| all.to_vec();
        f.insert(
            AppId,
            Field::Combo {
                input: Default::default(),
                options: vec![],
            },
        );
        f.insert(
            EnvName,
            Field::Combo {
                input: Default::default(),
                options: vec![],
            },
        );
        f.insert(ResourceName, Field::text(""));
        f.insert(
            Resources,
            Field::choice(
                &RESOURCE_CHOICES.map(|(_, label)| label),
                RESOURCE_CHOICES
                    .iter()
                    .position(|(v, _)| *v == cfg.auth_resources)
                    .unwrap_or(0),
            ),
        );
        f.insert(UserPoolName, Field::text(&up.user_pool_name));
        let sign_in: Vec<&str> = SignInMethod::ALL.iter().map(|s| s.as_str()).collect();
        let sel = SignInMethod::ALL
            .iter()
            .position(|s| *s == up.sign_in_method)
            .unwrap_or(0);
        f.insert(SignIn, Field::choice(&sign_in, sel));
        let attrs: Vec<&str> = SignUpAttribute::ALL.iter().map(|s| s.as_str()).collect();
        let chosen: Vec<&str> = up
            .required_sign_up_attributes
            .iter()
            .map(|a| a.as_str())
            .collect();
        f.insert(RequiredAttributes, Field::multi(&attrs, &chosen));
        let ip = cfg.identity_pool.clone().unwrap_or(IdentityPoolConfig {
            identity_pool_name: format!(
                "{}_identitypool",
                up.user_pool_name.replace(['-', ' '], "_")
            ),
            unauthenticated_login: false,
        });
        f.insert(IdentityPoolName, Field::text(&ip.identity_pool_name));
        f.insert(Unauthenticated, Field::Toggle(ip.unauthenticated_login));

        let mfa = up.mfa.clone().unwrap_or(MfaConfig {
            mode: MfaMode::Off,
            settings: None,
        });
        let modes = names(&["OFF", "OPTIONAL", "ON"]);
        f.insert(
            Mfa,
            Field::choice(
                &modes,
                modes
                    .iter()
                    .position(|m| *m == mfa.mode.as_str())
                    .unwrap_or(0),
            ),
        );
        let settings = mfa.settings.unwrap_or_default();
        let types: Vec<&str> = settings
            .mfa_types
            .iter()
            .flatten()
            .map(|t| t.as_str())
            .collect();
        let types = if types.is_empty() {
            vec!["TOTP"]
        } else {
            types
        };
        f.insert(MfaTypes, Field::multi(&["SMS", "TOTP"], &types));
        f.insert(
            MfaSms,
            Field::text(
                settings
                    .sms_message
                    .unwrap_or_else(|| "Your authentication code is {####}".into()),
            ),
        );

        let pw = up.password_policy.clone().unwrap_or(PasswordPolicy {
            additional_constraints: None,
            minimum_length: 8.0,
        });
        f.insert(MinLength, Field::text(render_number(pw.minimum_length)));
        let cons: Vec<&str> = PasswordConstraint::ALL.iter().map(|c| c.as_str()).collect();
        let chosen: Vec<&str> = pw
            .additional_constraints
            .iter()
            .flatten()
            .map(|c| c.as_str())
            .collect();
        f.insert(Constraints, Field::multi(&cons, &chosen));

        let vm = up.verification_message.clone().unwrap_or(MessageConfig {
            delivery_method: DeliveryMethod::Email,
            email: None,
            sms: None,
        });
        insert_message(
            &mut f,
            [VerifyDelivery, VerifySubject, VerifyBody, VerifySms],
            &vm,
            "Your verification code",
        );
        f.insert(ForgotEnabled, Field::Toggle(up.forgot_password.is_some()));
        let fp = up.forgot_password.clone().unwrap_or(MessageConfig {
            delivery_method: DeliveryMethod::Email,
            email: None,
            sms: None,
        });
        insert_message(
            &mut f,
            [ForgotDelivery, ForgotSubject, ForgotBody, ForgotSms],
            &fp,
            "Your password reset code",
        );

        let oauth = up.oauth.clone();
        f.insert(OAuthEnabled, Field::Toggle(oauth.is_some()));
        let o = oauth.unwrap_or(OAuthConfig {
            domain_prefix: None,
            grant_type: OAuthGrantType::Code,
            scopes: OAuthScope::ALL.to_vec(),
            redirect_sign_in_uris: vec!["http://localhost:3000/".into()],
            redirect_sign_out_uris: vec!["http://localhost:3000/".into()],
            social_providers: None,
        });
        f.insert(
            DomainPrefix,
            Field::text(o.domain_prefix.clone().unwrap_or_default()),
        );
        f.insert(
            GrantType,
            Field::choice(
                &["CODE", "IMPLICIT"],
                usize::from(o.grant_type == OAuthGrantType::Implicit),
            ),
        );
        let scopes: Vec<&str> = OAuthScope::ALL.iter().map(|s| s.as_str()).collect();
        let chosen: Vec<&str> = o.scopes.iter().map(|s| s.as_str()).collect();
        f.insert(Scopes, Field::multi(&scopes, &chosen));
        f.insert(SignInUris, Field::lines(&o.redirect_sign_in_uris));
        f.insert(SignOutUris, Field::lines(&o.redirect_sign_out_uris));

        let sp = o.social_providers.unwrap_or_default();
        for (p, ids) in [
            (&sp.facebook, [FacebookEnabled, FacebookId, FacebookSecret]),
            (&sp.google, [GoogleEnabled, GoogleId, GoogleSecret]),
            (
                &sp.login_with_amazon,
                [AmazonEnabled, AmazonId, AmazonSecret],
            ),
        ] {
            f.insert(ids[0], Field::Toggle(p.is_some()));
            let p = p.clone().unwrap_or_default();
            f.insert(ids[1], Field::text(p.client_id.unwrap_or_default()));
            f.insert(
                ids[2],
                Field::secret(
                    p.client_secret
                        .map(|s| s.expose().to_string())
                        .unwrap_or_default(),
                ),
            );
        }
        f.insert(AppleEnabled, Field::Toggle(sp.sign_in_with_apple.is_some()));
        let a = sp.sign_in_with_apple.unwrap_or_default();
        f.insert(
            AppleServicesId,
            Field::text(a.client_id.unwrap_or_default()),
        );
        f.insert(AppleTeamId, Field::text(a.team_id.unwrap_or_default()));
        f.insert(AppleKeyId, Field::text(a.key_id.unwrap_or_default()));
        f.insert(AppleKeyFile, Field::text(""));
        let key_text = a
            .private_key
            .map(|k| k.expose().to_string())
            .unwrap_or_default();
        f.insert(
            AppleKey,
            Field::Key {
                text: TextBox::from_lines(key_text.lines().map(str::to_string).collect()),
                revealed: false,
            },
        );

        let mut w = Wizard {
            mode,
            fields: f,
            step: Step::Target,
            focus: 0,
            visited: BTreeSet::new(),
            config: None,
            findings: vec![],
            key_state: KeyState::Empty,
            key_file_id: None,
            region: region.to_string(),
            review_cursor: 0,
            review_scroll: 0,
            dirty: false,
            flash: None,
            kept_channels: BTreeSet::new(),
            draft_id: "draft".into(),
            draft_saved: None,
        };
        for (m, ids) in [
            (&up.verification_message, [VerifySubject, VerifySms]),
            (&up.forgot_password, [ForgotSubject, ForgotSms]),
        ] {
            if let Some(m) = m {
                if m.email.is_some() {
                    w.kept_channels.insert(ids[0]);
                }
                if m.sms.is_some() {
                    w.kept_channels.insert(ids[1]);
                }
            }
        }
        w.refresh();
        w
    }

    pub fn field(&self, id: FieldId) -> &Field {
        &self.fields[&id]
    }

    pub fn field_mut(&mut self, id: FieldId) -> &mut Field {
        self.fields
            .get_mut(&id)
            .expect("every field id is created in from_config")
    }

    pub fn text(&self, id: FieldId) -> String {
        self.field(id).value()
    }

    pub fn trimmed(&self, id: FieldId) -> String {
        self.text(id).trim().to_string()
    }

    /// The app, environment and resource this wizard is about, trimmed.
    pub fn target(&self) -> crate::tui::msg::Target {
        crate::tui::msg::Target::new(
            &self.text(FieldId::AppId),
            &self.text(FieldId::EnvName),
            &self.text(FieldId::ResourceName),
        )
    }

    pub fn on(&self, id: FieldId) -> bool {
        self.field(id).is_on()
    }

    pub fn set_text(&mut self, id: FieldId, v: &str) {
        match self.field_mut(id) {
            Field::Text(i) | Field::Secret { input: i, .. } | Field::Combo { input: i, .. } => {
                i.set(v)
            }
            _ => {}
        }
    }

    pub fn is_edit(&self) -> bool {
        matches!(self.mode, Mode::Edit { .. })
    }

    /// Fields Cognito fixes at creation: read-only when editing.
    pub fn is_read_only(&self, id: FieldId) -> bool {
        use FieldId::*;
        match self.mode {
            Mode::Create => false,
            Mode::Recreate { .. } => matches!(id, AppId | EnvName | ResourceName),
            Mode::Edit { .. } => matches!(
                id,
                AppId
                    | EnvName
                    | ResourceName
                    | UserPoolName
                    | SignIn
                    | RequiredAttributes
                    | IdentityPoolName
            ),
        }
    }

    pub fn with_identity_pool(&self) -> bool {
        self.auth_resources() == AuthResources::IdentityPoolAndUserPool
    }

    /// The Pools choice as the domain value (by position in `RESOURCE_CHOICES`, not by label).
    pub fn auth_resources(&self) -> AuthResources {
        let i = match self.field(FieldId::Resources) {
            Field::Choice { selected, .. } => *selected,
            _ => 0,
        };
        RESOURCE_CHOICES
            .get(i)
            .map_or(AuthResources::UserPoolOnly, |(v, _)| v.clone())
    }

    /// The steps that apply given the answers so far.
    pub fn steps(&self) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| match s {
                Step::IdentityPool => self.with_identity_pool(),
                Step::Social => self.on(FieldId::OAuthEnabled),
                _ => true,
            })
            .collect()
    }

    /// The fields shown on a step, in order.
    pub fn visible(&self, step: Step) -> Vec<FieldId> {
        screens::fields_of(self, step)
    }

    pub fn focused(&self) -> Option<FieldId> {
        self.visible(self.step).get(self.focus).copied()
    }

    /// Re-reads the fields into a config and re-validates. Called after every change, so the
    /// screen always shows the findings for what is typed now.
    pub fn refresh(&mut self) {
        self.key_state = self.check_key();
        let (cfg, mut findings) = self.build();
        match (&self.mode, &cfg) {
            // An edit is judged as the update it becomes: fixed members, removals the API cannot
            // express, and secrets the service keeps (domain::update_plan).
            (Mode::Edit { original }, Some(c)) => {
                findings.extend(plan_update(original, c).findings)
            }
            (_, Some(c)) => findings.extend(validate_config(c)),
            _ => {}
        }
        // The hosted UI domain gets the env suffix; it must still fit Cognito's 63 characters.
        if let Some(c) = &cfg {
            let env = self.trimmed(FieldId::EnvName);
            findings.extend(crate::domain::hosted_ui::check_domain_in_env(c, &env));
        }
        if let Some(f) = validate_resource_name(&self.trimmed(FieldId::ResourceName)) {
            findings.push(f);
        }
        for (id, what) in [
            (FieldId::AppId, "an app"),
            (FieldId::EnvName, "an environment"),
        ] {
            if self.trimmed(id).is_empty() {
                findings.push(Finding {
                    path: id.meta().path.to_string(),
                    severity: Severity::Error,
                    message: format!("{} is empty.", id.meta().label),
                    fix: format!("Pick {what} with ←/→ or type its name."),
                });
            }
        }
        findings.sort_by(|a, b| (a.severity, &a.path).cmp(&(b.severity, &b.path)));
        findings.dedup();
        self.findings = findings;
        self.config = cfg;
        let n = self.visible(self.step).len();
        if self.focus >= n {
            self.focus = n.saturating_sub(1);
        }
    }

    fn check_key(&self) -> KeyState {
        let raw = self.text(FieldId::AppleKey);
        if raw.trim().is_empty() {
            return KeyState::Empty;
        }
        match apple_key::parse_apple_key(raw.as_bytes()) {
            Ok(k) => KeyState::Valid(k),
            Err(e) => KeyState::Invalid(e.to_string()),
        }
    }

    /// Reads the fields into a config. Fields that cannot be read at all (a length that is not a
    /// number) become findings instead.
    fn build(&self) -> (Option<AuthConfig>, Vec<Finding>) {
        use FieldId::*;
        let mut findings = Vec::new();
        let min_text = self.trimmed(MinLength);
        let minimum_length = match min_text.parse::<f64>() {
            Ok(v) => v,
            Err(_) => {
                findings.push(Finding {
                    path: MinLength.meta().path.into(),
                    severity: Severity::Error,
                    message: format!("\"{min_text}\" is not a number."),
                    fix: "Type a whole number from 6 to 99.".into(),
                });
                8.0
            }
        };
        let enums = |id: FieldId| self.field(id).selected_options();
        let mfa_mode = MfaMode::parse(&self.text(Mfa));
        let mfa_types: Vec<MfaType> = enums(MfaTypes).iter().map(|s| MfaType::parse(s)).collect();
        let sms_on = mfa_types.contains(&MfaType::Sms);
        let mfa = MfaConfig {
            settings: (mfa_mode != MfaMode::Off).then(|| MfaSettings {
                mfa_types: Some(mfa_types),
                sms_message: sms_on.then(|| self.text(MfaSms)),
            }),
            mode: mfa_mode,
        };
        let message = |ids: [FieldId; 4]| {
            let method = DeliveryMethod::parse(&self.text(ids[0]));
            MessageConfig {
                email: (method == DeliveryMethod::Email || self.kept_channels.contains(&ids[1]))
                    .then(|| EmailSettings {
                        subject: Some(self.text(ids[1])),
                        message: Some(self.text(ids[2])),
                    }),
                sms: (method == DeliveryMethod::Sms || self.kept_channels.contains(&ids[3])).then(
                    || SmsSettings {
                        message: Some(self.text(ids[3])),
                    },
                ),
                delivery_method: method,
            }
        };
        let client = |on: FieldId, id: FieldId, secret: FieldId| {
            self.on(on).then(|| ProviderClient {
                client_id: Some(self.trimmed(id)),
                client_secret: Some(Secret::new(self.trimmed(secret))),
            })
        };
        let apple = self.on(AppleEnabled).then(|| AppleProvider {
            client_id: Some(self.trimmed(AppleServicesId)),
            key_id: Some(self.trimmed(AppleKeyId)),
            private_key: Some(match &self.key_state {
                // The normalised body is what Cognito accepts; anything else is sent as typed only
                // if the user ignores the error, which submit refuses anyway.
                KeyState::Valid(k) => k.body.clone(),
                _ => Secret::new(self.text(AppleKey)),
            }),
            team_id: Some(self.trimmed(AppleTeamId)),
        });
        let providers = SocialProviders {
            facebook: client(FacebookEnabled, FacebookId, FacebookSecret),
            google: client(GoogleEnabled, GoogleId, GoogleSecret),
            login_with_amazon: client(AmazonEnabled, AmazonId, AmazonSecret),
            sign_in_with_apple: apple,
        };
        let oauth = self.on(OAuthEnabled).then(|| OAuthConfig {
            domain_prefix: Some(self.trimmed(DomainPrefix)).filter(|s| !s.is_empty()),
            grant_type: OAuthGrantType::parse(&self.text(GrantType)),
            scopes: enums(Scopes).iter().map(|s| OAuthScope::parse(s)).collect(),
            redirect_sign_in_uris: self.field(SignInUris).items(),
            redirect_sign_out_uris: self.field(SignOutUris).items(),
            social_providers: (!providers.is_empty()).then_some(providers),
        });
        if let (KeyState::Invalid(e), true) = (
            &self.key_state,
            self.on(AppleEnabled) && self.on(OAuthEnabled),
        ) {
            findings.push(Finding {
                path: AppleKey.meta().path.into(),
                severity: Severity::Error,
                message: e.clone(),
                fix: "Paste the whole AuthKey_<KeyID>.p8 file, or load it by path above.".into(),
            });
        }
        if let (Some(file_id), true) = (&self.key_file_id, self.on(AppleEnabled)) {
            let typed = self.trimmed(AppleKeyId);
            if !typed.is_empty() && &typed != file_id {
                findings.push(Finding {
                    path: AppleKeyId.meta().path.into(),
                    severity: Severity::Error,
                    message: format!(
                        "Key ID {typed} does not match the key file AuthKey_{file_id}.p8."
                    ),
                    fix: format!("Use Key ID {file_id}, or load the key that belongs to {typed}."),
                });
            }
        }
        let with_ip = self.with_identity_pool();
        let cfg = AuthConfig {
            auth_resources: if with_ip {
                AuthResources::IdentityPoolAndUserPool
            } else {
                AuthResources::UserPoolOnly
            },
            identity_pool: with_ip.then(|| IdentityPoolConfig {
                identity_pool_name: self.trimmed(IdentityPoolName),
                unauthenticated_login: self.on(Unauthenticated),
            }),
            service: Service::Cognito,
            user_pool: UserPoolConfig {
                forgot_password: self
                    .on(ForgotEnabled)
                    .then(|| message([ForgotDelivery, ForgotSubject, ForgotBody, ForgotSms])),
                mfa: Some(mfa),
                oauth,
                password_policy: Some(PasswordPolicy {
                    additional_constraints: Some(
                        enums(Constraints)
                            .iter()
                            .map(|s| PasswordConstraint::parse(s))
                            .collect(),
                    ),
                    minimum_length,
                }),
                required_sign_up_attributes: enums(RequiredAttributes)
                    .iter()
                    .map(|s| SignUpAttribute::parse(s))
                    .collect(),
                sign_in_method: SignInMethod::parse(&self.text(SignIn)),
                user_pool_name: self.trimmed(UserPoolName),
                verification_message: Some(message([
                    VerifyDelivery,
                    VerifySubject,
                    VerifyBody,
                    VerifySms,
                ])),
            },
        };
        (Some(cfg), findings)
    }

    /// The field a finding belongs to: the visible field whose path is the longest prefix of the
    /// finding's path (so a finding on `…RedirectSignInURIs[2]` lands on the URI list).
    pub fn field_for(&self, finding: &Finding) -> Option<(Step, FieldId)> {
        let mut best: Option<(usize, Step, FieldId)> = None;
        for step in self.steps() {
            for id in self.visible(step) {
                let p = id.meta().path;
                let fits = super::fields::path_fits(p, &finding.path);
                if fits && best.is_none_or(|(len, _, _)| p.len() > len) {
                    best = Some((p.len(), step, id));
                }
            }
        }
        best.map(|(_, s, f)| (s, f))
    }

    /// Findings that show under a field.
    pub fn findings_for(&self, id: FieldId) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| self.field_for(f).map(|(_, fid)| fid) == Some(id))
            .collect()
    }

    pub fn step_has_errors(&self, step: Step) -> bool {
        self.findings.iter().any(|f| {
            f.severity == Severity::Error && self.field_for(f).map(|(s, _)| s) == Some(step)
        })
    }

    pub fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// The provider redirect URL users register with Facebook, Google, Amazon and Apple: on the
    /// Cognito domain the service deploys, `<prefix>-<env>` (see `domain::hosted_ui`).
    pub fn idp_response_url(&self) -> Option<String> {
        use crate::domain::hosted_ui::{cognito_domain, idp_response_url};
        let prefix = self.trimmed(FieldId::DomainPrefix);
        let env = self.trimmed(FieldId::EnvName);
        (!prefix.is_empty()).then(|| idp_response_url(&cognito_domain(&prefix, &env), &self.region))
    }
}

fn insert_message(
    f: &mut BTreeMap<FieldId, Field>,
    ids: [FieldId; 4],
    m: &MessageConfig,
    subject: &str,
) {
    f.insert(
        ids[0],
        Field::choice(
            &["EMAIL", "SMS"],
            usize::from(m.delivery_method == DeliveryMethod::Sms),
        ),
    );
    let email = m.email.clone().unwrap_or_default();
    f.insert(
        ids[1],
        Field::text(email.subject.unwrap_or_else(|| subject.to_string())),
    );
    f.insert(
        ids[2],
        Field::text(
            email
                .message
                .unwrap_or_else(|| format!("{subject} is {{####}}")),
        ),
    );
    let sms = m.sms.clone().unwrap_or_default();
    f.insert(
        ids[3],
        Field::text(
            sms.message
                .unwrap_or_else(|| format!("{subject} is {{####}}")),
        ),
    );
}

/// Whole numbers without a trailing `.0`, as a person would type them.
pub fn render_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}
