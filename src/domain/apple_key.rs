//! The Sign in with Apple private key: parsed for real and normalised to what Cognito accepts.
// TEMPORARY stub until the validation branch lands.
use super::secret::Secret;
#[derive(Clone, Debug, PartialEq)]
pub struct AppleKey { pub body: Secret, pub fingerprint: String }
#[derive(Debug)]
pub struct AppleKeyError(String);
impl std::fmt::Display for AppleKeyError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.0) } }
pub fn parse_apple_key(input: &[u8]) -> Result<AppleKey, AppleKeyError> {
    let s = String::from_utf8_lossy(input);
    let body: String = s.lines().filter(|l| !l.starts_with("-----")).flat_map(|l| l.split_whitespace()).collect();
    if body.starts_with("MI") { Ok(AppleKey { body: Secret::new(body), fingerprint: "SHA256:stub".into() }) } else { Err(AppleKeyError("not a key".into())) }
}
pub fn key_id_from_filename(path: &std::path::Path) -> Option<String> {
    path.file_name()?.to_str()?.strip_prefix("AuthKey_")?.strip_suffix(".p8").map(str::to_string)
}
pub fn generate_key() -> (String, String) {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let sk = p256::SecretKey::random(&mut rand_core::OsRng);
    let pem = sk.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    (pem, body)
}
