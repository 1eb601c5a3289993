//! A string that must never be printed by accident.

use std::fmt;

/// A client secret or private key. `Debug` prints a mask, there is no `Display`, and the value is
/// reached only through [`Secret::expose`], so a secret cannot slip into a log line or a panic
/// message through formatting. Serde still writes the value: requests need it, and callers that
/// print configs strip secrets first (see `AuthConfig::without_secrets`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

/// What is shown instead of a secret.
pub const MASK: &str = "••••••••";

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for building a request. Never pass it to a formatter.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A masked form that still lets a person tell two secrets apart: length and the last two
    /// characters of a long value, nothing for short ones.
    pub fn masked(&self) -> String {
        let n = self.0.chars().count();
        if n == 0 {
            return "(empty)".to_string();
        }
        if n < 16 {
            return MASK.to_string();
        }
        let tail: String = self.0.chars().skip(n - 2).collect();
        format!("{MASK}{tail} ({n} chars)")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({MASK})")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Replaces the value of every secret member (`ClientSecret`, `PrivateKey`, in the CLI shape or
/// the wire shape) in a JSON document with [`MASK`], for review screens and printed output.
pub fn mask_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                let secret = matches!(
                    k.as_str(),
                    "ClientSecret" | "PrivateKey" | "client_secret" | "private_key"
                );
                if secret && val.is_string() {
                    *val = Value::String(MASK.to_string());
                } else {
                    mask_json(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let s = Secret::new("super-secret-value-123");
        let printed = format!("{s:?} {:#?}", Some(&s));
        assert!(!printed.contains("super-secret"), "{printed}");
        assert!(!s.masked().contains("super-secret"));
        assert_eq!(s.expose(), "super-secret-value-123");
    }

    #[test]
    fn serde_carries_the_value_for_requests() {
        let s = Secret::new("abc");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"abc\"");
    }
}
