//! Shared test helpers: an in-process sandbox, SDK clients pointed at it, key events.
#![allow(dead_code)]

pub mod driver;
pub mod pty;
pub mod screen;

use std::time::Duration;

use amplify_auth::aws::{self, Clients};
use amplify_auth::sandbox::{self, SandboxHandle, SandboxOptions, StatePath};
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::wizard::state::Wizard;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The app's context line: the region and what it talks to. Both are drawn on screen, so the
/// snapshot tests name their own.
pub fn context(region: &str, target: &str) -> Context {
    Context {
        region: region.into(),
        target: target.into(),
    }
}

/// The context most app tests give `App::new`: us-east-1, target "test".
pub fn ctx() -> Context {
    context("us-east-1", "test")
}

/// An app whose first screen is the wizard `w`.
pub fn wizard_app(w: Wizard, ctx: Context) -> App {
    App::new(Screen::Wizard(Box::new(w)), ctx)
}

/// The create wizard the bounded-input and draft tests type into (app d1234abcd, backend "shop").
pub fn shop_wizard() -> Wizard {
    Wizard::new_create("d1234abcd", "dev", "shop", "us-east-1", "0badcafe")
}

/// A sandbox on 127.0.0.1:0 with in-memory state and short jobs.
pub async fn sandbox(demo: bool, job: Duration) -> SandboxHandle {
    sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        job_duration: job,
        demo,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

/// Like [`sandbox`], started with `return_secrets`: GetBackendAuth gives the Facebook / Google /
/// Amazon client secrets back (never the Apple key), the client's path for such a service.
pub async fn sandbox_returning_secrets(demo: bool, job: Duration) -> SandboxHandle {
    sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        job_duration: job,
        demo,
        return_secrets: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

pub fn clients(h: &SandboxHandle) -> Clients {
    aws::clients_from_static(
        &h.endpoint,
        &h.access_key_id,
        &h.secret_access_key,
        &h.region,
        aws::Timeouts::default(),
    )
}

/// A demo sandbox (GetBackendAuth returning client secrets or not), clients for it, and the demo
/// app's id as ListApps reports it.
pub async fn demo(returning_secrets: bool, job: Duration) -> (SandboxHandle, Clients, String) {
    let sb = if returning_secrets {
        sandbox_returning_secrets(true, job).await
    } else {
        sandbox(true, job).await
    };
    let clients = clients(&sb);
    let app_id = clients.list_apps().await.unwrap()[0].app_id.clone();
    (sb, clients, app_id)
}

/// The name of `env`'s first auth resource, as GetBackend reports it.
pub async fn first_auth_resource(clients: &Clients, app_id: &str, env: &str) -> String {
    let info = clients.get_backend(app_id, Some(env)).await.unwrap();
    info.auth_resources[0].name.clone()
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn shift_tab() -> KeyEvent {
    KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
}

/// A P-256 key made from a fixed scalar, so snapshots that show its fingerprint are stable.
/// Generated here, never a real key. Returns (PEM, bare base64 body).
pub fn fixed_key() -> (String, String) {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let sk = p256::SecretKey::from_slice(&[7u8; 32]).expect("valid scalar");
    let pem = sk.to_pkcs8_pem(LineEnding::LF).expect("pem").to_string();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    (pem, body)
}
