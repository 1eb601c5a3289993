//! Random identifiers and the clock.

use std::time::{SystemTime, UNIX_EPOCH};

use rand::Rng;

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const MIXED_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn pick(set: &[u8], n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| set[rng.random_range(0..set.len())] as char)
        .collect()
}

pub fn lower_alnum(n: usize) -> String {
    pick(LOWER_ALNUM, n)
}

pub fn upper_alnum(n: usize) -> String {
    pick(UPPER_ALNUM, n)
}

pub fn mixed_alnum(n: usize) -> String {
    pick(MIXED_ALNUM, n)
}

/// An app id of the Amplify model's pattern `d[a-z0-9]+` (ListApps returns only such ids).
pub fn is_app_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next() == Some('d')
        && id.len() >= 2
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// `n` random lower-case hex digits (Lambda log stream ids).
pub fn lower_hex(n: usize) -> String {
    pick(b"0123456789abcdef", n)
}

/// A random (version 4) UUID in its usual text form.
pub fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_look_like_uuids() {
        let u = super::uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_ne!(u, super::uuid_v4());
    }
}
