//! The wizard's state: its fields, the step it is on, and the config they add up to. The step
//! files read it through [`FieldValues`] (implemented here), never this type.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::apple_key;
use crate::domain::finding::{Finding, Severity};
use crate::domain::update_plan::plan_update;
use crate::domain::validate::{validate_config, validate_resource_name};
use crate::domain::*;

use super::fields::FieldValues;
use super::fields::{FieldId, Fixed};
use super::mode::{KeyState, Mode};
use super::steps::{self, Step};
use crate::tui::widgets::{Field, Touched};

#[derive(Clone, Debug)]
pub struct Wizard {
    pub mode: Mode,
    pub fields: BTreeMap<FieldId, Field>,
    pub step: Step,
    /// Index into the current step's visible fields.
    pub focus: usize,
    pub visited: BTreeSet<Step>,
    /// Which fields show their findings (`widgets::touched`): typed in or left, every field of a
    /// step after a next-step attempt on it, every field once Review was reached.
    pub touched: Touched<FieldId>,
    /// The step whose next-step attempt was just refused for its errors: the same key again, at
    /// once, goes on (Review lists what is left).
    pub refused_step: Option<Step>,
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
    pub review_scroll: crate::tui::scroll::Scroll,
    pub dirty: bool,
    /// A one-line message for the footer (e.g. why submit was refused); cleared on the next key.
    pub flash: Option<String>,
    /// Message settings the loaded config had for the channel not chosen (e.g. SmsSettings
    /// beside email delivery): kept and sent back unchanged rather than silently dropped.
    pub kept_channels: BTreeSet<FieldId>,
    /// The file name (without `.json`) its draft is saved under.
    pub draft_id: String,
    /// The last draft handed to the writer, so unchanged input is not written again.
    pub draft_saved: Option<Box<super::draft_file::Draft>>,
    /// `edit --input`: the secret references the file's wizard read, one line each (name, size,
    /// fingerprint; never the value), listed on the review.
    pub secret_reads: Vec<String>,
    /// `edit --input`: the wizard is backed by a file, so its keys are `wizard::keys::FILE_KEYS`
    /// (Ctrl-S saves the file, Ctrl-N submits from Review) rather than its own and Review's.
    pub file_backed: bool,
    /// What the service says of the app and environment picked (`steps::target`).
    pub target_facts: steps::target::TargetFacts,
}

impl Wizard {
    /// A new wizard: names from the app name plus a short id (`<app>_userpool_<id>`, resource
    /// `<app><id>`), email sign-in and required, and the security settings of a new pool in the
    /// Cognito console (see [`console_defaults`]), so the defaults pass the app's own audit.
    pub fn new_create(
        app_id: &str,
        env: &str,
        app_name: &str,
        region: &str,
        short_id: &str,
    ) -> Wizard {
        // Names proposed from the app's name leave out its escape sequences whole (the app's own
        // name stays exact; these are new names).
        let app_name = crate::aws::sanitize_text(app_name);
        let base = samples::name_part(if app_name.is_empty() {
            "amplifyauth"
        } else {
            &app_name
        });
        let mut cfg = samples::default_config(&base);
        console_defaults(&mut cfg);
        cfg.user_pool.user_pool_name = format!("{base}_userpool_{short_id}");
        if let Some(ip) = cfg.identity_pool.as_mut() {
            ip.identity_pool_name = format!("{base}_identitypool_{short_id}");
        }
        let resource: String = base.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let mut w = Wizard::from_config(Mode::Create, &cfg, region);
        w.set_text(FieldId::AppId, app_id);
        w.set_text(FieldId::EnvName, env);
        w.set_text(FieldId::ResourceName, &format!("{resource}{short_id}"));
        w.draft_id = super::draft_file::file_id(&format!("create-{short_id}"));
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
        w.draft_id = super::draft_file::file_id(&format!("{kind}-{app_id}-{env}-{resource}"));
        w.step = step;
        w.dirty = false;
        w.refresh();
        w
    }

    /// A wizard whose fields hold `cfg`: each field reads its own value (its declaration's
    /// `read`, in its step's file).
    pub(crate) fn from_config(mode: Mode, cfg: &AuthConfig, region: &str) -> Wizard {
        let f: BTreeMap<FieldId, Field> =
            steps::all_fields().map(|d| (d.id, (d.read)(cfg))).collect();
        let mut w = Wizard {
            mode,
            fields: f,
            step: Step::Target,
            focus: 0,
            visited: BTreeSet::new(),
            touched: Touched::default(),
            refused_step: None,
            config: None,
            findings: vec![],
            key_state: KeyState::Empty,
            key_file_id: None,
            region: region.to_string(),
            review_cursor: 0,
            review_scroll: Default::default(),
            dirty: false,
            flash: None,
            kept_channels: BTreeSet::new(),
            draft_id: "draft".into(),
            draft_saved: None,
            secret_reads: Vec::new(),
            file_backed: false,
            target_facts: Default::default(),
        };
        w.kept_channels = steps::messages::kept_channels(cfg);
        w.refresh();
        w
    }

    pub fn field_mut(&mut self, id: FieldId) -> &mut Field {
        self.fields
            .get_mut(&id)
            .expect("every field id is created in from_config")
    }

    /// The app, environment and resource this wizard is about, trimmed.
    pub fn target(&self) -> crate::tui::msg::Target {
        crate::tui::msg::Target::new(
            &self.text(FieldId::AppId),
            &self.text(FieldId::EnvName),
            &self.text(FieldId::ResourceName),
        )
    }

    pub fn set_text(&mut self, id: FieldId, v: &str) {
        match self.field_mut(id) {
            Field::Text(i) | Field::Secret { input: i, .. } | Field::Combo { input: i, .. } => {
                i.set(v)
            }
            _ => {}
        }
    }

    /// Fields Cognito fixes at creation are read-only when editing; the target (app,
    /// environment, name) on any existing resource. Each field's declaration says which it is.
    pub fn is_read_only(&self, id: FieldId) -> bool {
        match (&self.mode, id.def().fixed) {
            (Mode::Create, _) | (_, Fixed::Never) => false,
            (Mode::Recreate { .. }, fixed) => fixed == Fixed::Target,
            (Mode::Edit { .. }, _) => true,
        }
    }

    pub fn with_identity_pool(&self) -> bool {
        steps::resources::with_identity_pool(self)
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
        steps::fields_of(self, step)
    }

    pub fn focused(&self) -> Option<FieldId> {
        self.visible(self.step).get(self.focus).copied()
    }

    /// Re-reads the fields into a config and re-validates. Called after every change, so the
    /// screen always shows the findings for what is typed now.
    pub fn refresh(&mut self) {
        self.key_state = self.check_key();
        let (cfg, mut findings) = self.build_config();
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
                    fix: format!(
                        "Pick {what} with {} or type its name.",
                        crate::tui::keys::hint(
                            crate::tui::widgets::field_keys::COMBO_KEYS,
                            crate::tui::widgets::field_keys::FieldKey::Next
                        )
                    ),
                });
            }
        }
        findings.extend(steps::target::facts_findings(self, &self.target_facts));
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

    /// Reads the fields into a config: each field writes its own part (its declaration's
    /// `write`), step by step in declaration order, so a toggle creates the part its fields then
    /// fill in. Fields that cannot be read at all (a length that is not a number) become
    /// findings instead.
    /// The config the fields make and the fields' own findings (what a field holds that the
    /// config cannot, e.g. a length that is not a number), without the config's rules.
    pub fn build_config(&self) -> (Option<AuthConfig>, Vec<Finding>) {
        let mut findings = Vec::new();
        let mut cfg = AuthConfig {
            auth_resources: AuthResources::UserPoolOnly,
            service: Service::Cognito,
            user_pool: UserPoolConfig {
                required_sign_up_attributes: vec![],
                sign_in_method: SignInMethod::ALL[0].clone(),
                user_pool_name: String::new(),
                ..Default::default()
            },
            ..Default::default()
        };
        for d in steps::all_fields() {
            (d.write)(self, &mut cfg, &mut findings);
        }
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

    /// The findings a step's form shows under a field now: its own, once it was touched or
    /// holds a value (Review lists them all regardless).
    pub fn findings_showing(&self, id: FieldId) -> Vec<&Finding> {
        self.touched
            .showing(id, self.field(id), self.findings_for(id))
    }

    /// Findings that belong to a field.
    pub fn findings_for(&self, id: FieldId) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| self.field_for(f).map(|(_, fid)| fid) == Some(id))
            .collect()
    }

    pub fn step_has_errors(&self, step: Step) -> bool {
        self.step_errors(step) > 0
    }

    /// How many errors belong to the fields of a step.
    pub fn step_errors(&self, step: Step) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error && self.field_for(f).map(|(s, _)| s) == Some(step)
            })
            .count()
    }

    pub fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

impl FieldValues for Wizard {
    fn field(&self, id: FieldId) -> &Field {
        &self.fields[&id]
    }

    fn mode(&self) -> &Mode {
        &self.mode
    }

    fn key_state(&self) -> &KeyState {
        &self.key_state
    }

    fn key_file_id(&self) -> Option<&str> {
        self.key_file_id.as_deref()
    }

    fn kept_channels(&self) -> &BTreeSet<FieldId> {
        &self.kept_channels
    }

    fn region(&self) -> &str {
        &self.region
    }
}

/// The security settings the Cognito console gives a new user pool, instead of the Amplify CLI's
/// (MFA off, no character classes), which `audit` and the overview flag as `mfa-off` and
/// `weak-password-policy`. Source: the console's create-user-pool wizard (Amazon Cognito
/// Developer Guide, "Adding MFA to a user pool" and "user pool password policy"): the password
/// policy "Cognito defaults", 8 characters with numbers, special characters, upper- and
/// lower-case letters (also what CreateUserPool applies when no policy is given); MFA with an
/// authenticator app (TOTP), which needs no SNS set-up. The console recommends requiring MFA;
/// OPTIONAL is kept here so users who have not set up an authenticator can still sign in, and it
/// passes the audit's `mfa-off` rule.
pub fn console_defaults(cfg: &mut AuthConfig) {
    use crate::domain::{MfaConfig, MfaMode, MfaSettings, MfaType, PasswordConstraint};
    cfg.user_pool.mfa = Some(MfaConfig {
        mode: MfaMode::Optional,
        settings: Some(MfaSettings {
            mfa_types: Some(vec![MfaType::Totp]),
            ..Default::default()
        }),
        ..Default::default()
    });
    if let Some(p) = cfg.user_pool.password_policy.as_mut() {
        p.minimum_length = 8.0;
        p.additional_constraints = Some(vec![
            PasswordConstraint::RequireDigit,
            PasswordConstraint::RequireLowercase,
            PasswordConstraint::RequireSymbol,
            PasswordConstraint::RequireUppercase,
        ]);
    }
}

impl Wizard {
    /// The paths of the secrets an edit leaves empty and the service keeps
    /// (`domain::kept_secrets`): the form says so instead of "(empty)", and Review's posture
    /// counts them as held by the service.
    pub(crate) fn kept_secrets(&self) -> std::collections::BTreeSet<String> {
        match (&self.mode, &self.config) {
            (Mode::Edit { original }, Some(cfg)) => {
                crate::domain::update_plan::plan_update(original, cfg)
                    .kept
                    .into_iter()
                    .map(|k| k.path)
                    .collect()
            }
            _ => std::collections::BTreeSet::new(),
        }
    }
}
