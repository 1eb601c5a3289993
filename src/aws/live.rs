//! Reading the live Cognito pool behind an auth resource (issue 26), read-only, into the plain
//! [`LivePool`]: DescribeUserPool, GetUserPoolMfaConfig, ListUserPoolClients and
//! DescribeUserPoolClient, DescribeUserPoolDomain, ListIdentityProviders and
//! DescribeIdentityProvider, ListGroups; DescribeIdentityPool and GetIdentityPoolRoles.
//!
//! The ids come from the environment's meta (GetBackend's `amplify-meta.json` outputs). The reads
//! run in parallel with the clients' timeouts and retries. A read that fails leaves its part out
//! and adds a [`ReadFailure`] naming the IAM action and what is not shown; nothing else fails.
//! Secrets (client secrets, identity providers' `client_secret` / `private_key`) are never kept.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_cognitoidentityprovider as idp;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::future::{OptionFuture, join_all};

use super::client::Clients;
use super::error::{ApiError, sanitize_text};
use super::meta::AuthResourceMeta;
use super::overview::throttled;
use crate::domain::live::*;

/// A server that keeps handing out tokens must not keep us paging forever.
const MAX_PAGES: usize = 100;

/// Every page of a list call: `page(token)` answers one page's items and the next token. A server
/// that keeps handing out tokens stops being asked after [`MAX_PAGES`].
async fn all_pages<T, F, Fut>(mut page: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>), ApiError>>,
{
    let mut all = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let (items, next) = page(token.take()).await?;
        all.extend(items);
        match next {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(all)
}

/// `describe(id)` for each id in parallel: what was described, and a failure naming `action`
/// and `what <id>` for each that failed.
async fn describe_each<'a, T, F, Fut>(
    ids: &'a [String],
    action: &str,
    what: &str,
    describe: F,
) -> (Vec<T>, Vec<ReadFailure>)
where
    F: Fn(&'a str) -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>, ApiError>>,
{
    let answers = join_all(ids.iter().map(|id| describe(id))).await;
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for (id, a) in ids.iter().zip(answers) {
        match a {
            Ok(Some(x)) => found.push(x),
            Ok(None) => {}
            Err(e) => failures.push(failure(action, &format!("{what} {}", sanitize_text(id)), e)),
        }
    }
    (found, failures)
}

/// One failed read, as the IAM action and what it leaves unshown.
fn failure(action: &str, not_shown: &str, e: ApiError) -> ReadFailure {
    ReadFailure {
        action: action.to_string(),
        not_shown: not_shown.to_string(),
        message: e.to_string(),
        throttled: matches!(e.kind, super::error::ErrorKind::Throttled { .. }),
    }
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(sanitize_text).filter(|s| !s.is_empty())
}

fn strings(v: &[String]) -> Vec<String> {
    v.iter().map(|s| sanitize_text(s)).collect()
}

fn map(m: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    m.map(|m| {
        m.iter()
            .map(|(k, v)| (sanitize_text(k), sanitize_text(v)))
            .collect()
    })
    .unwrap_or_default()
}

impl Clients {
    /// One Cognito call, `send` making it afresh each time: its error mapped as every call's is,
    /// and made again while the service throttles it (the back-off the record's reads have), so
    /// no live read gives up on the first throttle and none can be added without it.
    async fn cognito<T, E, F, Fut>(&self, op: &'static str, mut send: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        throttled(|| {
            // On the heap: an SDK call's future is large, and ten of them are joined per pool.
            let call = Box::pin(send());
            async move {
                call.await
                    .map_err(super::error::mapper(op, &self.cognito_endpoint))
            }
        })
        .await
    }

    /// The live pool of one auth resource. Never fails: each failed read is a
    /// [`ReadFailure`] in the answer.
    pub async fn read_live_pool(&self, meta: &AuthResourceMeta) -> LivePool {
        let mut live = LivePool {
            web_client_id: meta.app_client_id_web.clone(),
            ..LivePool::default()
        };
        let pool_id = meta.user_pool_id.as_deref();
        let identity_id = meta.identity_pool_id.as_deref();
        // Boxed: the joined reads make a large future, and callers' futures hold it.
        let (pool, mfa, clients, providers, groups, identity) = Box::pin(async {
            // A read whose id is missing is not made (`OptionFuture` of `None` is `None`).
            tokio::join!(
                OptionFuture::from(pool_id.map(|id| self.describe_user_pool(id))),
                OptionFuture::from(pool_id.map(|id| self.mfa_config(id))),
                async {
                    let read = pool_id.map(|id| self.clients_of(id));
                    OptionFuture::from(read).await.unwrap_or_default()
                },
                async {
                    let read = pool_id.map(|id| self.identity_providers(id));
                    OptionFuture::from(read).await.unwrap_or_default()
                },
                OptionFuture::from(pool_id.map(|id| self.groups(id))),
                OptionFuture::from(identity_id.map(|id| self.identity_pool(id))),
            )
        })
        .await;
        if pool_id.is_none() {
            live.failures.push(ReadFailure {
                action: "GetBackend".into(),
                not_shown: "the user pool".into(),
                message: "the environment's meta names no UserPoolId for this resource".into(),
                throttled: false,
            });
        }
        let (mfa, mfa_failure) = match mfa {
            Some(Ok(m)) => (Some(m), None),
            Some(Err(f)) => (None, Some(f)),
            None => (None, None),
        };
        match pool {
            Some(Ok(mut p)) => {
                if let Some(m) = mfa {
                    p.mfa = m;
                }
                live.user_pool = Some(p);
            }
            Some(Err(f)) => live.failures.push(f),
            None => {}
        }
        live.failures.extend(mfa_failure);
        live.clients = clients.0;
        live.failures.extend(clients.1);
        live.identity_providers = providers.0;
        live.failures.extend(providers.1);
        match groups {
            Some(Ok(g)) => live.groups = g,
            Some(Err(f)) => live.failures.push(f),
            None => {}
        }
        match identity {
            Some(Ok((i, f))) => {
                live.identity_pool = Some(i);
                live.failures.extend(f);
            }
            Some(Err(f)) => live.failures.push(f),
            None => {}
        }
        // The domain is named by the pool (or the meta), so it follows DescribeUserPool.
        let domain = live
            .user_pool
            .as_ref()
            .and_then(|p| p.custom_domain.clone().or_else(|| p.domain.clone()))
            .or_else(|| meta.hosted_ui_domain.clone());
        if let Some(d) = domain {
            match self.describe_domain(&d).await {
                Ok(found) => live.domain = found,
                Err(f) => live.failures.push(f),
            }
        }
        live
    }

    async fn describe_user_pool(&self, id: &str) -> Result<LiveUserPool, ReadFailure> {
        const OP: &str = "DescribeUserPool";
        let out = self
            .cognito(OP, || {
                self.cognito_idp()
                    .describe_user_pool()
                    .user_pool_id(id)
                    .send()
            })
            .await
            .map_err(|e| failure("cognito-idp:DescribeUserPool", "the user pool", e))?;
        let Some(p) = out.user_pool() else {
            return Err(ReadFailure {
                action: "cognito-idp:DescribeUserPool".into(),
                not_shown: "the user pool".into(),
                message: "the answer had no UserPool".into(),
                throttled: false,
            });
        };
        Ok(user_pool_from_sdk(p))
    }

    async fn mfa_config(&self, id: &str) -> Result<LiveMfa, ReadFailure> {
        const OP: &str = "GetUserPoolMfaConfig";
        let out = self
            .cognito(OP, || {
                self.cognito_idp()
                    .get_user_pool_mfa_config()
                    .user_pool_id(id)
                    .send()
            })
            .await
            .map_err(|e| failure("cognito-idp:GetUserPoolMfaConfig", "the MFA types", e))?;
        Ok(LiveMfa {
            sms: out.sms_mfa_configuration().is_some(),
            software_token: out
                .software_token_mfa_configuration()
                .is_some_and(|t| t.enabled()),
            email: out.email_mfa_configuration().is_some(),
            web_authn_relying_party_id: out
                .web_authn_configuration()
                .and_then(|w| clean(w.relying_party_id())),
            web_authn_user_verification: out
                .web_authn_configuration()
                .and_then(|w| w.user_verification())
                .map(|u| u.as_str().to_string()),
        })
    }

    /// ListUserPoolClients (all pages), then DescribeUserPoolClient for each in parallel.
    async fn clients_of(&self, pool: &str) -> (Vec<LiveClient>, Vec<ReadFailure>) {
        let listed = all_pages(|token| async move {
            let out = self
                .cognito("ListUserPoolClients", || {
                    self.cognito_idp()
                        .list_user_pool_clients()
                        .user_pool_id(pool)
                        .max_results(60)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            let ids = out
                .user_pool_clients()
                .iter()
                .filter_map(|c| c.client_id().map(str::to_string))
                .collect();
            Ok((ids, out.next_token().map(str::to_string)))
        })
        .await;
        let ids = match listed {
            Ok(ids) => ids,
            Err(e) => {
                let f = failure("cognito-idp:ListUserPoolClients", "the app clients", e);
                return (Vec::new(), vec![f]);
            }
        };
        describe_each(
            &ids,
            "cognito-idp:DescribeUserPoolClient",
            "the app client",
            |id| async move {
                let out = self
                    .cognito("DescribeUserPoolClient", || {
                        self.cognito_idp()
                            .describe_user_pool_client()
                            .user_pool_id(pool)
                            .client_id(id)
                            .send()
                    })
                    .await?;
                Ok(out.user_pool_client().map(client_from_sdk))
            },
        )
        .await
    }

    async fn describe_domain(&self, domain: &str) -> Result<Option<LiveDomain>, ReadFailure> {
        let out = self
            .cognito("DescribeUserPoolDomain", || {
                self.cognito_idp()
                    .describe_user_pool_domain()
                    .domain(domain)
                    .send()
            })
            .await
            .map_err(|e| {
                failure(
                    "cognito-idp:DescribeUserPoolDomain",
                    "the hosted UI domain",
                    e,
                )
            })?;
        Ok(out.domain_description().and_then(|d| {
            Some(LiveDomain {
                domain: clean(d.domain())?,
                managed_login_version: d.managed_login_version(),
                status: d.status().map(|s| s.as_str().to_string()),
                custom_domain_certificate_arn: d
                    .custom_domain_config()
                    .map(|c| sanitize_text(c.certificate_arn()))
                    .filter(|s| !s.is_empty()),
            })
        }))
    }

    /// ListIdentityProviders (all pages), then DescribeIdentityProvider for each in parallel.
    async fn identity_providers(
        &self,
        pool: &str,
    ) -> (Vec<LiveIdentityProvider>, Vec<ReadFailure>) {
        let listed = all_pages(|token| async move {
            let out = self
                .cognito("ListIdentityProviders", || {
                    self.cognito_idp()
                        .list_identity_providers()
                        .user_pool_id(pool)
                        .max_results(60)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            let names = out
                .providers()
                .iter()
                .filter_map(|p| p.provider_name().map(str::to_string))
                .collect();
            Ok((names, out.next_token().map(str::to_string)))
        })
        .await;
        let names = match listed {
            Ok(n) => n,
            Err(e) => {
                let f = failure(
                    "cognito-idp:ListIdentityProviders",
                    "the identity providers",
                    e,
                );
                return (Vec::new(), vec![f]);
            }
        };
        describe_each(
            &names,
            "cognito-idp:DescribeIdentityProvider",
            "the identity provider",
            |name| async move {
                let out = self
                    .cognito("DescribeIdentityProvider", || {
                        self.cognito_idp()
                            .describe_identity_provider()
                            .user_pool_id(pool)
                            .provider_name(name)
                            .send()
                    })
                    .await?;
                Ok(out.identity_provider().map(provider_from_sdk))
            },
        )
        .await
    }

    async fn groups(&self, pool: &str) -> Result<Vec<LiveGroup>, ReadFailure> {
        all_pages(|token| async move {
            let out = self
                .cognito("ListGroups", || {
                    self.cognito_idp()
                        .list_groups()
                        .user_pool_id(pool)
                        .limit(60)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            let groups = out
                .groups()
                .iter()
                .filter_map(|g| {
                    Some(LiveGroup {
                        group_name: clean(g.group_name())?,
                        description: clean(g.description()),
                        role_arn: clean(g.role_arn()),
                        precedence: g.precedence(),
                    })
                })
                .collect();
            Ok((groups, out.next_token().map(str::to_string)))
        })
        .await
        .map_err(|e| failure("cognito-idp:ListGroups", "the user pool groups", e))
    }

    async fn identity_pool(
        &self,
        id: &str,
    ) -> Result<(LiveIdentityPool, Vec<ReadFailure>), ReadFailure> {
        let (pool, roles) = tokio::join!(
            async {
                self.cognito("DescribeIdentityPool", || {
                    self.cognito_identity()
                        .describe_identity_pool()
                        .identity_pool_id(id)
                        .send()
                })
                .await
            },
            async {
                self.cognito("GetIdentityPoolRoles", || {
                    self.cognito_identity()
                        .get_identity_pool_roles()
                        .identity_pool_id(id)
                        .send()
                })
                .await
            }
        );
        let p = pool.map_err(|e| {
            failure(
                "cognito-identity:DescribeIdentityPool",
                "the identity pool",
                e,
            )
        })?;
        let mut out = LiveIdentityPool {
            identity_pool_id: sanitize_text(p.identity_pool_id()),
            identity_pool_name: sanitize_text(p.identity_pool_name()),
            allow_unauthenticated_identities: p.allow_unauthenticated_identities(),
            allow_classic_flow: p.allow_classic_flow(),
            supported_login_providers: map(p.supported_login_providers()),
            cognito_identity_providers: p
                .cognito_identity_providers()
                .iter()
                .map(|c| LiveCognitoProvider {
                    provider_name: clean(c.provider_name()).unwrap_or_default(),
                    client_id: clean(c.client_id()).unwrap_or_default(),
                })
                .collect(),
            authenticated_role_arn: None,
            unauthenticated_role_arn: None,
        };
        // A denied GetIdentityPoolRoles leaves the roles unknown and says so; the rest of the
        // identity pool is still shown.
        let mut failures = Vec::new();
        match roles {
            Ok(r) => {
                let roles = map(r.roles());
                out.authenticated_role_arn = roles.get("authenticated").cloned();
                out.unauthenticated_role_arn = roles.get("unauthenticated").cloned();
            }
            Err(e) => failures.push(failure(
                "cognito-identity:GetIdentityPoolRoles",
                "the identity pool's roles",
                e,
            )),
        }
        Ok((out, failures))
    }
}

fn user_pool_from_sdk(p: &idp::types::UserPoolType) -> LiveUserPool {
    LiveUserPool {
        id: clean(p.id()).unwrap_or_default(),
        name: clean(p.name()).unwrap_or_default(),
        arn: clean(p.arn()),
        password_policy: password_policy_from_sdk(p),
        mfa_configuration: p.mfa_configuration().map(|m| m.as_str().to_string()),
        mfa: LiveMfa::default(),
        schema_attributes: p
            .schema_attributes()
            .iter()
            .filter_map(attribute_from_sdk)
            .collect(),
        username_attributes: p
            .username_attributes()
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        alias_attributes: p
            .alias_attributes()
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        username_case_sensitive: p.username_configuration().map(|u| u.case_sensitive()),
        auto_verified_attributes: p
            .auto_verified_attributes()
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        verification_message: verification_from_sdk(p),
        sms_authentication_message: clean(p.sms_authentication_message()),
        lambda_triggers: triggers_from_sdk(p),
        user_pool_tier: p.user_pool_tier().map(|t| t.as_str().to_string()),
        deletion_protection: p.deletion_protection().map(|d| d.as_str().to_string()),
        advanced_security_mode: p
            .user_pool_add_ons()
            .map(|a| a.advanced_security_mode().as_str().to_string()),
        allowed_first_auth_factors: p
            .policies()
            .and_then(|x| x.sign_in_policy())
            .map(|s| {
                s.allowed_first_auth_factors()
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        domain: clean(p.domain()),
        custom_domain: clean(p.custom_domain()),
    }
}

fn password_policy_from_sdk(p: &idp::types::UserPoolType) -> Option<LivePasswordPolicy> {
    p.policies()
        .and_then(|x| x.password_policy())
        .map(|pp| LivePasswordPolicy {
            minimum_length: pp.minimum_length().and_then(|n| u32::try_from(n).ok()),
            require_uppercase: pp.require_uppercase(),
            require_lowercase: pp.require_lowercase(),
            require_numbers: pp.require_numbers(),
            require_symbols: pp.require_symbols(),
            password_history_size: pp
                .password_history_size()
                .and_then(|n| u32::try_from(n).ok()),
            temporary_password_validity_days: u32::try_from(pp.temporary_password_validity_days())
                .ok()
                .filter(|n| *n > 0),
        })
}

/// The verification messages: the template's, or the pool's older top-level members.
fn verification_from_sdk(p: &idp::types::UserPoolType) -> LiveVerificationMessage {
    let template = p.verification_message_template();
    LiveVerificationMessage {
        default_email_option: template
            .and_then(|t| t.default_email_option())
            .map(|o| o.as_str().to_string()),
        email_message: template
            .and_then(|t| clean(t.email_message()))
            .or_else(|| clean(p.email_verification_message())),
        email_subject: template
            .and_then(|t| clean(t.email_subject()))
            .or_else(|| clean(p.email_verification_subject())),
        email_message_by_link: template.and_then(|t| clean(t.email_message_by_link())),
        email_subject_by_link: template.and_then(|t| clean(t.email_subject_by_link())),
        sms_message: template
            .and_then(|t| clean(t.sms_message()))
            .or_else(|| clean(p.sms_verification_message())),
    }
}

/// The Lambda triggers set on the pool, by their LambdaConfig member name.
fn triggers_from_sdk(p: &idp::types::UserPoolType) -> BTreeMap<String, String> {
    let mut triggers = BTreeMap::new();
    if let Some(l) = p.lambda_config() {
        for (name, arn) in [
            ("PreSignUp", l.pre_sign_up()),
            ("CustomMessage", l.custom_message()),
            ("PostConfirmation", l.post_confirmation()),
            ("PreAuthentication", l.pre_authentication()),
            ("PostAuthentication", l.post_authentication()),
            ("DefineAuthChallenge", l.define_auth_challenge()),
            ("CreateAuthChallenge", l.create_auth_challenge()),
            (
                "VerifyAuthChallengeResponse",
                l.verify_auth_challenge_response(),
            ),
            ("PreTokenGeneration", l.pre_token_generation()),
            ("UserMigration", l.user_migration()),
            (
                "PreTokenGenerationConfig",
                l.pre_token_generation_config().map(|c| c.lambda_arn()),
            ),
            (
                "CustomSMSSender",
                l.custom_sms_sender().map(|c| c.lambda_arn()),
            ),
            (
                "CustomEmailSender",
                l.custom_email_sender().map(|c| c.lambda_arn()),
            ),
        ] {
            if let Some(arn) = clean(arn) {
                triggers.insert(name.to_string(), arn);
            }
        }
    }
    triggers
}

fn attribute_from_sdk(a: &idp::types::SchemaAttributeType) -> Option<LiveAttribute> {
    let s = a.string_attribute_constraints();
    let n = a.number_attribute_constraints();
    Some(LiveAttribute {
        name: clean(a.name())?,
        attribute_data_type: a.attribute_data_type().map(|t| t.as_str().to_string()),
        required: a.required().unwrap_or(false),
        mutable: a.mutable().unwrap_or(true),
        developer_only_attribute: a.developer_only_attribute().unwrap_or(false),
        min: s
            .and_then(|s| clean(s.min_length()))
            .or_else(|| n.and_then(|n| clean(n.min_value()))),
        max: s
            .and_then(|s| clean(s.max_length()))
            .or_else(|| n.and_then(|n| clean(n.max_value()))),
    })
}

fn client_from_sdk(c: &idp::types::UserPoolClientType) -> LiveClient {
    LiveClient {
        client_id: clean(c.client_id()).unwrap_or_default(),
        client_name: clean(c.client_name()).unwrap_or_default(),
        has_secret: c.client_secret().is_some_and(|s| !s.is_empty()),
        callback_urls: strings(c.callback_urls()),
        logout_urls: strings(c.logout_urls()),
        allowed_oauth_flows: c
            .allowed_o_auth_flows()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        allowed_oauth_scopes: strings(c.allowed_o_auth_scopes()),
        allowed_oauth_flows_user_pool_client: c
            .allowed_o_auth_flows_user_pool_client()
            .unwrap_or(false),
        explicit_auth_flows: c
            .explicit_auth_flows()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        supported_identity_providers: strings(c.supported_identity_providers()),
        read_attributes: strings(c.read_attributes()),
        write_attributes: strings(c.write_attributes()),
        enable_token_revocation: c.enable_token_revocation(),
        refresh_token_rotation: c
            .refresh_token_rotation()
            .map(|r| r.feature().as_str().to_string()),
        prevent_user_existence_errors: c
            .prevent_user_existence_errors()
            .map(|p| p.as_str().to_string()),
    }
}

fn provider_from_sdk(p: &idp::types::IdentityProviderType) -> LiveIdentityProvider {
    let details = p.provider_details();
    let detail = |k: &str| details.and_then(|d| d.get(k)).map(|s| sanitize_text(s));
    LiveIdentityProvider {
        provider_name: clean(p.provider_name()).unwrap_or_default(),
        provider_type: p
            .provider_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        // Only these two members of ProviderDetails are read: the rest may hold secrets.
        client_id: detail("client_id").filter(|s| !s.is_empty()),
        authorize_scopes: detail("authorize_scopes")
            .map(|s| {
                s.split([' ', ','])
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        attribute_mapping: map(p.attribute_mapping()),
        idp_identifiers: strings(p.idp_identifiers()),
    }
}
