//! Shared test helpers: an in-process sandbox, SDK clients pointed at it, key events.
#![allow(dead_code)]

pub mod driver;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
