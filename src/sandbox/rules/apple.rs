//! Rule apple-key: what Cognito does with the Sign in with Apple private key.
//!
//! The CLI passes the stored key to Cognito as `private_key` unchanged, and Cognito needs the bare
//! base64 body of the PKCS#8 key (amplify-cli PR #7413). Keys sent with the PEM header and footer,
//! or a file path sent instead of the key, failed with "Provided private key cannot be used for
//! Sign in with Apple." (InvalidParameterException; amplify-cli#11526, #8939, amplify-studio#792).
//! The sandbox's own check, written apart from the client's `domain::apple_key`.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use p256::pkcs8::DecodePrivateKey;

const MESSAGE: &str =
    "InvalidParameterException: Provided private key cannot be used for Sign in with Apple.";

/// The job's Error when Cognito would refuse `key`; never quotes the key.
pub fn problem(key: &str) -> Option<String> {
    let der = STANDARD
        .decode(key)
        .or_else(|_| STANDARD_NO_PAD.decode(key))
        .ok();
    let usable = der.is_some_and(|d| p256::SecretKey::from_pkcs8_der(&d).is_ok());
    (!usable).then(|| MESSAGE.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bare_pkcs8_ec_key_is_usable() {
        let (pem, bare) = crate::domain::apple_key::generate_key();
        assert_eq!(problem(&bare), None);
        assert_eq!(problem(&pem).as_deref(), Some(MESSAGE), "armoured");
        assert_eq!(
            problem("/home/me/AuthKey_ABC.p8").as_deref(),
            Some(MESSAGE),
            "a path"
        );
        assert_eq!(
            problem(&bare[..bare.len() / 2]).as_deref(),
            Some(MESSAGE),
            "cut short"
        );
    }
}
