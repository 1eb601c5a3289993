//! The Sign in with Apple private key: parsed for real and normalised to what Cognito accepts.
//!
//! Apple hands out a `AuthKey_<KEYID>.p8` file: a PKCS#8 PEM of an EC P-256 key. Cognito wants only
//! the base64 body of that file, with no BEGIN/END lines and no whitespace; with the armour it
//! fails with "Provided private key cannot be used for Sign in with Apple" (amplify-cli #8939,
//! #11526, amplify-studio #792). People paste it in every shape (multi-line, one line, CRLF, only
//! the first line, the file's path), so this module accepts every honest shape, parses the DER with
//! `pkcs8`/`p256` instead of matching markers (amplify-cli #13065 accepted empty armour), and
//! explains precisely what is wrong otherwise. Nothing here ever prints key material.

use std::fmt;
use std::path::Path;

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use p256::elliptic_curve::zeroize::{Zeroize, Zeroizing};
use p256::pkcs8::der::asn1::AnyRef;
use p256::pkcs8::der::{Decode, ErrorKind, Reader, SliceReader, Tag, Tagged};
use p256::pkcs8::{
    AlgorithmIdentifierRef, DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding,
    ObjectIdentifier, PrivateKeyInfo,
};
use sha2::{Digest, Sha256};

use super::secret::Secret;

/// Largest input accepted. An Apple key is about 250 bytes; anything near this bound is the wrong
/// file, and the bound keeps a mistaken multi-gigabyte path from being read into memory.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;

// OIDs (RFC 5480, RFC 8017, RFC 8410) used to say exactly which wrong key was given.
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const PRIME256V1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// A valid Sign in with Apple key, normalised.
#[derive(Clone, PartialEq, Eq)]
pub struct AppleKey {
    /// Bare base64 (standard alphabet, padded) of the PKCS#8 DER: no armour, no whitespace. This
    /// is the exact string Cognito accepts as `private_key`.
    pub body: Secret,
    /// `SHA256:` and the first 8 bytes of the SHA-256 of the public key (SubjectPublicKeyInfo DER,
    /// what `openssl pkey -pubout -outform DER | sha256sum` hashes), so a person can tell keys
    /// apart without seeing them.
    pub fingerprint: String,
}

impl fmt::Debug for AppleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppleKey")
            .field("body", &self.body)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// Why a key was refused. `Display` says what is wrong and how to fix it; no variant holds key
/// material, so the message can be shown, logged or put in a validation finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppleKeyError {
    /// Nothing, or only whitespace.
    Empty,
    /// Input (or file) above [`MAX_INPUT_BYTES`]; `size` is known when it came from file metadata
    /// or a slice.
    TooLarge { size: Option<u64> },
    /// BEGIN and END lines with nothing between them (amplify-cli #13065).
    EmptyBody,
    /// A BEGIN line without its END line: usually a paste where only the first line arrived.
    MissingEnd,
    /// An END line without a BEGIN line before it.
    MissingBegin,
    /// BEGIN and END name different things.
    MismatchedArmour,
    /// Dashes and "PRIVATE KEY" are there but not as `-----BEGIN …-----` lines.
    MalformedArmour,
    /// A character that base64 cannot contain, with its 1-based line and column in the input.
    NotBase64 {
        found: String,
        line: usize,
        column: usize,
    },
    /// Only base64 characters, but not a valid base64 text (bad length or padding).
    BadBase64 { reason: &'static str },
    /// The text is a file path (`…/AuthKey_X.p8`, `file://…`), not the key.
    LooksLikePath,
    /// A PKCS#8 EC key on a curve other than P-256.
    OtherCurve { curve: String },
    /// A private key that is not EC at all (RSA, Ed25519, DSA, or an unknown algorithm OID).
    NotEc { algorithm: String },
    /// A SEC1 `BEGIN EC PRIVATE KEY` key.
    Sec1,
    /// A password-protected key.
    Encrypted,
    /// A public key or a certificate instead of the private key.
    NotPrivate { what: &'static str },
    /// A PEM block of another kind (e.g. `OPENSSH PRIVATE KEY`).
    UnsupportedPem { label: String },
    /// Binary data that is neither text nor DER.
    Binary,
    /// Decodes, but the DER structure ends early: part of the key is missing.
    Truncated,
    /// Decodes to something that is not a private key structure.
    NotAKey,
    /// PKCS#8 says P-256 but the key inside is not a valid P-256 private key.
    InvalidKey,
    /// The file could not be read.
    Io { path: String, message: String },
    /// The path is a directory or another non-file.
    NotAFile { path: String },
}

const GET_KEY: &str = "Use the AuthKey_<KEYID>.p8 file Apple gave you when you created the key (Apple Developer > Certificates, Identifiers & Profiles > Keys).";

impl AppleKeyError {
    /// What is wrong, in one sentence.
    pub fn problem(&self) -> String {
        use AppleKeyError::*;
        match self {
            Empty => "No private key was given.".into(),
            TooLarge { size: Some(n) } => format!(
                "The input is {n} bytes, more than the {MAX_INPUT_BYTES}-byte limit; an Apple .p8 key is about 250 bytes."
            ),
            TooLarge { size: None } => format!(
                "The input is larger than the {MAX_INPUT_BYTES}-byte limit; an Apple .p8 key is about 250 bytes."
            ),
            EmptyBody => "The BEGIN and END PRIVATE KEY lines have no key between them.".into(),
            MissingEnd => "The key has a BEGIN line but no END line, so it looks cut off (often only the first line was pasted).".into(),
            MissingBegin => "The key has an END line but no BEGIN line before it.".into(),
            MismatchedArmour => "The BEGIN and END lines name different kinds of data.".into(),
            MalformedArmour => "The BEGIN/END lines are damaged: they must be exactly -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----.".into(),
            NotBase64 { found, line, column } => format!(
                "The key contains {found} at line {line}, column {column}, which is not a base64 character."
            ),
            BadBase64 { reason } => format!("The key text is not valid base64 ({reason})."),
            LooksLikePath => "This looks like a file path; load the file instead.".into(),
            OtherCurve { curve } => format!(
                "This is an EC key on curve {curve}; Sign in with Apple keys are P-256 (prime256v1)."
            ),
            NotEc { algorithm } => format!(
                "This private key uses {algorithm}; Sign in with Apple needs an EC P-256 key."
            ),
            Sec1 => "This is a SEC1 \"BEGIN EC PRIVATE KEY\" key; Cognito needs the PKCS#8 \"BEGIN PRIVATE KEY\" form.".into(),
            Encrypted => "This private key is encrypted with a password; Cognito needs the unencrypted key.".into(),
            NotPrivate { what } => format!("This is {what}, not a private key."),
            UnsupportedPem { label } => format!(
                "The PEM block is \"{}\", not a PKCS#8 \"PRIVATE KEY\".",
                shorten(label, 40)
            ),
            Binary => "The input is binary data that is neither key text nor a DER key.".into(),
            Truncated => "The key ends early: part of it is missing.".into(),
            NotAKey => "The base64 decodes, but not to a private key.".into(),
            InvalidKey => "The key is marked P-256 but does not hold a valid P-256 private key.".into(),
            Io { path, message } => format!("Could not read {path}: {message}."),
            NotAFile { path } => format!("{path} is not a regular file."),
        }
    }

    /// How to fix it.
    pub fn fix(&self) -> String {
        use AppleKeyError::*;
        match self {
            Empty | TooLarge { .. } | Binary | NotEc { .. } | NotPrivate { .. }
            | UnsupportedPem { .. } | NotAKey | NotAFile { .. } => GET_KEY.into(),
            EmptyBody | MissingEnd | MissingBegin | MismatchedArmour | Truncated => {
                "Paste the whole file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----, or load the .p8 file.".into()
            }
            MalformedArmour => {
                "Paste the file unchanged, or load the .p8 file instead of pasting.".into()
            }
            NotBase64 { .. } => {
                "Remove that character: between the BEGIN and END lines a key holds only A-Z, a-z, 0-9, +, / and = padding. Loading the .p8 file avoids copy errors.".into()
            }
            BadBase64 { .. } => {
                "Copy the key again without cutting or changing it, or load the .p8 file.".into()
            }
            LooksLikePath => {
                "Load the file (choose \"load .p8 file\" or pass the path as a file), or paste the file's contents.".into()
            }
            OtherCurve { .. } | InvalidKey => format!("Create a new key for Sign in with Apple. {GET_KEY}"),
            Sec1 => "Convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8` and use key.p8.".into(),
            Encrypted => "Decrypt it with `openssl pkcs8 -in key.p8 -out plain.p8` (it asks for the password) and use plain.p8, or use the original file from Apple.".into(),
            Io { .. } => "Check the path and that the file is readable.".into(),
        }
    }
}

impl fmt::Display for AppleKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.problem(), self.fix())
    }
}

impl std::error::Error for AppleKeyError {}

/// Parses a pasted key or the bytes of a `.p8` file and returns the normalised key.
///
/// Accepted: PEM with any line endings (`\n`, `\r\n`, `\r`), with or without the BEGIN/END lines,
/// on one line or many, with stray spaces, tabs, surrounding quotes or literal `\n` escapes (as
/// copied out of a JSON string); and raw DER bytes.
pub fn parse_apple_key(input: &[u8]) -> Result<AppleKey, AppleKeyError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(AppleKeyError::TooLarge {
            size: Some(input.len() as u64),
        });
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    match as_text(input) {
        Some(text) => parse_text(text),
        // DER always starts with a SEQUENCE tag.
        None if input.first() == Some(&0x30) => parse_der(input),
        None => Err(AppleKeyError::Binary),
    }
}

/// `AuthKey_<KEYID>.p8` → `KEYID`, also for a browser's re-download name `AuthKey_<KEYID> (1).p8`.
/// Only a 10-character upper-case key ID counts, since that is what Apple issues.
pub fn key_id_from_filename(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".p8")
        .or_else(|| name.strip_suffix(".P8"))?;
    let id = stem.strip_prefix("AuthKey_")?;
    // Browsers append " (1)" to a second download of the same name.
    let id = match id.split_once(' ') {
        Some((id, rest))
            if rest.starts_with('(')
                && rest.ends_with(')')
                && rest[1..rest.len() - 1].chars().all(|c| c.is_ascii_digit()) =>
        {
            id
        }
        Some(_) => return None,
        None => id,
    };
    let ok = id.len() == 10
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    ok.then(|| id.to_string())
}

/// Reads and parses a `.p8` file, refusing files above [`MAX_INPUT_BYTES`] without reading them,
/// and returns the key with the key ID found in the file name, if any.
pub fn load_p8_file(path: impl AsRef<Path>) -> Result<(AppleKey, Option<String>), AppleKeyError> {
    let path = path.as_ref();
    let buf = read_p8_file(path)?;
    let key = parse_apple_key(&buf)?;
    Ok((key, key_id_from_filename(path)))
}

/// The bytes of a `.p8` file, read without ever holding more than [`MAX_INPUT_BYTES`] + 1: a
/// file above the limit is refused from its metadata, and the read itself is bounded too. Every
/// reader of key files (the headless commands, the wizard) goes through this.
pub fn read_p8_file(path: impl AsRef<Path>) -> Result<Zeroizing<Vec<u8>>, AppleKeyError> {
    use crate::bounded_file::{ReadProblem, read_regular};
    let path = path.as_ref();
    // Regular files only, checked on the open handle (a FIFO cannot hang the open), and the
    // read bounded whatever the metadata says.
    read_regular(path, MAX_INPUT_BYTES as u64).map_err(|e| match e {
        ReadProblem::Io(message) => AppleKeyError::Io {
            path: path.display().to_string(),
            message,
        },
        ReadProblem::NotRegular(_) => AppleKeyError::NotAFile {
            path: path.display().to_string(),
        },
        ReadProblem::TooLarge { size, .. } => AppleKeyError::TooLarge { size },
    })
}

/// A fresh P-256 key as PKCS#8 PEM and as the bare base64 body, for tests, examples and the
/// sandbox's demo data. Never a real Apple key.
pub fn generate_key() -> (String, String) {
    let secret = p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
    let der = secret
        .to_pkcs8_der()
        .expect("PKCS#8 encoding of a fresh P-256 key cannot fail");
    let pem = secret
        .to_pkcs8_pem(LineEnding::LF)
        .expect("PEM encoding of a fresh P-256 key cannot fail");
    (pem.to_string(), BASE64.encode(der.as_bytes()))
}

/// Standard alphabet; padding optional on input (some tools drop it), always written on output.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The input as text, if it is UTF-8 without control characters other than whitespace.
fn as_text(bytes: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(bytes).ok()?;
    (!s.chars().any(|c| c.is_control() && !c.is_whitespace())).then_some(s)
}

/// Whitespace, and the invisible characters that copying from web pages or documents adds.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn parse_text(raw: &str) -> Result<AppleKey, AppleKeyError> {
    // A key copied out of a JSON string or an env file has literal `\n` instead of line breaks;
    // a backslash can never be part of a key, so turning them back is safe.
    let text: String = if raw.contains('\\') {
        raw.replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\r", "\n")
    } else {
        raw.to_string()
    };
    let text = Zeroizing::new(text);
    let trimmed = text.trim_matches(is_blank);
    if trimmed.is_empty() {
        return Err(AppleKeyError::Empty);
    }
    let unquoted = strip_quotes(trimmed);
    if looks_like_path(unquoted) {
        return Err(AppleKeyError::LooksLikePath);
    }

    let (body, body_offset) = match armour(&text)? {
        Some((label, body, offset)) => {
            if body.chars().all(is_blank) {
                return Err(AppleKeyError::EmptyBody);
            }
            check_label(label)?;
            if body.contains("Proc-Type:") && body.contains("ENCRYPTED") {
                return Err(AppleKeyError::Encrypted);
            }
            (body, offset)
        }
        None => {
            let start = unquoted.as_ptr() as usize - text.as_ptr() as usize;
            if text.contains("-----") || text.contains("PRIVATE KEY") {
                return Err(AppleKeyError::MalformedArmour);
            }
            (unquoted, start)
        }
    };

    let mut clean = Zeroizing::new(String::with_capacity(body.len()));
    for (i, c) in body.char_indices() {
        if is_blank(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=') {
            clean.push(c);
            continue;
        }
        let (line, column) = line_col(&text, body_offset + i);
        return Err(AppleKeyError::NotBase64 {
            found: describe_char(c),
            line,
            column,
        });
    }
    let der =
        Zeroizing::new(
            BASE64
                .decode(clean.as_bytes())
                .map_err(|e| AppleKeyError::BadBase64 {
                    reason: match e {
                        base64::DecodeError::InvalidLength(_) => {
                            "its length is wrong, so part of it is missing or extra"
                        }
                        base64::DecodeError::InvalidPadding => {
                            "the = padding is in the wrong place"
                        }
                        base64::DecodeError::InvalidByte(..) => "an = sign is in the middle",
                        base64::DecodeError::InvalidLastSymbol(..) => {
                            "the last character does not fit, so part of it is missing"
                        }
                    },
                })?,
        );
    parse_der(&der)
}

/// Finds one `-----BEGIN X-----` … `-----END X-----` block: its label, body and the body's byte
/// offset in `text`. `None` when there is no armour at all.
fn armour(text: &str) -> Result<Option<(&str, &str, usize)>, AppleKeyError> {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    let begin = text.find(BEGIN);
    let end = text.find(END);
    let (b, e) = match (begin, end) {
        (None, None) => return Ok(None),
        (Some(_), None) => return Err(AppleKeyError::MissingEnd),
        (None, Some(_)) => return Err(AppleKeyError::MissingBegin),
        (Some(b), Some(e)) if e < b => return Err(AppleKeyError::MissingBegin),
        (Some(b), Some(e)) => (b, e),
    };
    let label_start = b + BEGIN.len();
    let label_len = text[label_start..e]
        .find("-----")
        .ok_or(AppleKeyError::MalformedArmour)?;
    let label = &text[label_start..label_start + label_len];
    let body_start = label_start + label_len + "-----".len();
    let end_label_start = e + END.len();
    let end_label_len = text[end_label_start..]
        .find("-----")
        .ok_or(AppleKeyError::MalformedArmour)?;
    let end_label = &text[end_label_start..end_label_start + end_label_len];
    if label.trim() != end_label.trim() {
        return Err(AppleKeyError::MismatchedArmour);
    }
    Ok(Some((label.trim(), &text[body_start..e], body_start)))
}

/// Labels that are definitely the wrong thing are refused before decoding, with their own advice.
fn check_label(label: &str) -> Result<(), AppleKeyError> {
    match label {
        "PRIVATE KEY" => Ok(()),
        "EC PRIVATE KEY" => Err(AppleKeyError::Sec1),
        "ENCRYPTED PRIVATE KEY" => Err(AppleKeyError::Encrypted),
        "RSA PRIVATE KEY" => Err(AppleKeyError::NotEc {
            algorithm: "RSA".into(),
        }),
        "DSA PRIVATE KEY" => Err(AppleKeyError::NotEc {
            algorithm: "DSA".into(),
        }),
        "PUBLIC KEY" | "EC PUBLIC KEY" | "RSA PUBLIC KEY" => Err(AppleKeyError::NotPrivate {
            what: "a public key",
        }),
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "CERTIFICATE REQUEST" => {
            Err(AppleKeyError::NotPrivate {
                what: "a certificate",
            })
        }
        other => Err(AppleKeyError::UnsupportedPem {
            label: other.to_string(),
        }),
    }
}

fn strip_quotes(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.trim_matches(is_blank);
        }
    }
    s
}

/// A path, not a key: base64 has no `.`, `\`, `~` or `:`, so a key never ends in `.p8` or starts
/// with `file:` or `~/` (amplify-cli #8939, docs #4678: people stored the path as the key).
fn looks_like_path(s: &str) -> bool {
    if s.contains("-----") {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let ext = [".p8", ".pem", ".key", ".der", ".txt"]
        .iter()
        .any(|e| lower.ends_with(e));
    let windows = s.len() > 2 && s.as_bytes()[1] == b':' && s.as_bytes()[0].is_ascii_alphabetic();
    ext || lower.starts_with("file:")
        || s.starts_with("~/")
        || s.starts_with("./")
        || s.starts_with("../")
        || windows
        || s.contains('\\')
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    // `\r\n`, `\r` and `\n` each end a line.
    let mut line = 1;
    let mut col = 1;
    let mut prev_cr = false;
    for c in before.chars() {
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line += 1;
                col = 1;
            }
            _ => col += 1,
        }
        prev_cr = c == '\r';
    }
    (line, col)
}

/// A non-base64 character, printable or as its code point (invisible ones would confuse).
fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("'{c}'")
    } else {
        format!("U+{:04X}", c as u32)
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Checks the key (P-256 scalar, and the embedded public key against it) and returns its
/// fingerprint. Both steps are elliptic-curve multiplications, ~0.3 ms together, and the wizard
/// checks the same key on every keystroke (twice: its own key state and the config validation),
/// so the last answer is kept, keyed by the SHA-256 of the DER. Only that digest and the result
/// (a public fingerprint or an error without key material) are kept, never the key.
fn checked_fingerprint(der: &[u8]) -> Result<String, AppleKeyError> {
    use std::sync::Mutex;
    type Checked = ([u8; 32], Result<String, AppleKeyError>);
    static LAST: Mutex<Option<Checked>> = Mutex::new(None);
    let id: [u8; 32] = Sha256::digest(der).into();
    if let Ok(last) = LAST.lock()
        && let Some((seen, result)) = last.as_ref()
        && *seen == id
    {
        return result.clone();
    }
    let result = derive_fingerprint(der);
    if let Ok(mut last) = LAST.lock() {
        *last = Some((id, result.clone()));
    }
    result
}

fn derive_fingerprint(der: &[u8]) -> Result<String, AppleKeyError> {
    let secret = p256::SecretKey::from_pkcs8_der(der).map_err(|_| AppleKeyError::InvalidKey)?;
    let spki = secret
        .public_key()
        .to_public_key_der()
        .map_err(|_| AppleKeyError::InvalidKey)?;
    let digest = Sha256::digest(spki.as_bytes());
    Ok(format!(
        "SHA256:{}",
        digest[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    ))
}

fn parse_der(der: &[u8]) -> Result<AppleKey, AppleKeyError> {
    // Every key structure is a SEQUENCE; without that, "incomplete" would be a misleading guess.
    if der.first() != Some(&0x30) {
        return Err(AppleKeyError::NotAKey);
    }
    let info = match PrivateKeyInfo::try_from(der) {
        Ok(info) => info,
        Err(e) => {
            let incomplete = matches!(
                e,
                p256::pkcs8::Error::Asn1(ref d) if matches!(d.kind(), ErrorKind::Incomplete { .. })
            );
            return Err(if incomplete {
                AppleKeyError::Truncated
            } else {
                classify_other_der(der)
            });
        }
    };
    let oid = info.algorithm.oid;
    if oid != ID_EC_PUBLIC_KEY {
        return Err(AppleKeyError::NotEc {
            algorithm: algorithm_name(oid),
        });
    }
    match info.algorithm.parameters_oid() {
        Ok(curve) if curve == PRIME256V1 => {}
        Ok(curve) => {
            return Err(AppleKeyError::OtherCurve {
                curve: curve_name(curve),
            });
        }
        Err(_) => {
            return Err(AppleKeyError::OtherCurve {
                curve: "given by explicit parameters instead of a name".into(),
            });
        }
    }
    let fingerprint = checked_fingerprint(der)?;
    let mut body = BASE64.encode(der);
    let key = AppleKey {
        body: Secret::new(body.clone()),
        fingerprint,
    };
    body.zeroize();
    Ok(key)
}

/// Not PKCS#8: tell a SEC1 key, a PKCS#1 RSA key, an encrypted PKCS#8 key and a public key apart
/// by their first two elements, so each gets its own advice.
fn classify_other_der(der: &[u8]) -> AppleKeyError {
    let shape = || -> Result<AppleKeyError, p256::pkcs8::der::Error> {
        let top = AnyRef::from_der(der)?;
        if top.tag() != Tag::Sequence {
            return Ok(AppleKeyError::NotAKey);
        }
        let mut r = SliceReader::new(top.value())?;
        let first: AnyRef<'_> = r.decode()?;
        let second: AnyRef<'_> = r.decode()?;
        Ok(match (first.tag(), second.tag()) {
            // ECPrivateKey (RFC 5915): version 1, then the key as an OCTET STRING.
            (Tag::Integer, Tag::OctetString) if first.value() == [1] => AppleKeyError::Sec1,
            // RSAPrivateKey (RFC 8017): version 0, then the modulus.
            (Tag::Integer, Tag::Integer) if first.value() == [0] => AppleKeyError::NotEc {
                algorithm: "RSA".into(),
            },
            (Tag::Sequence, t) => {
                if first.decode_as::<AlgorithmIdentifierRef<'_>>().is_err() {
                    AppleKeyError::NotAKey
                } else if t == Tag::OctetString {
                    // EncryptedPrivateKeyInfo (RFC 5958): algorithm, then ciphertext.
                    AppleKeyError::Encrypted
                } else if t == Tag::BitString {
                    // SubjectPublicKeyInfo (RFC 5280): algorithm, then the public key.
                    AppleKeyError::NotPrivate {
                        what: "a public key",
                    }
                } else {
                    AppleKeyError::NotAKey
                }
            }
            _ => AppleKeyError::NotAKey,
        })
    };
    match shape() {
        Ok(kind) => kind,
        Err(e) if matches!(e.kind(), ErrorKind::Incomplete { .. }) => AppleKeyError::Truncated,
        Err(_) => AppleKeyError::NotAKey,
    }
}

fn algorithm_name(oid: ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => "RSA".into(),
        "1.3.101.112" => "Ed25519".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" => "X25519".into(),
        "1.3.101.111" => "X448".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        other => format!("unknown-algorithm ({other})"),
    }
}

fn curve_name(oid: ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.3.132.0.34" => "P-384 (secp384r1)".into(),
        "1.3.132.0.35" => "P-521 (secp521r1)".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "1.2.840.10045.3.1.1" => "P-192 (prime192v1)".into(),
        "1.3.132.0.33" => "P-224 (secp224r1)".into(),
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1".into(),
        other => other.to_string(),
    }
}

/// A key file named `AuthKey_<file_id>.p8` with another Key ID given: a warning (the name is
/// the only evidence, and a file can be renamed), worded the same in the wizard and headless.
pub fn key_id_mismatch(file_id: &str, key_id: &str) -> Option<String> {
    (file_id != key_id.trim()).then(|| {
        format!(
            "the key file is named for Key ID {file_id} but KeyId is {}; Apple pairs each key with its own Key ID",
            key_id.trim()
        )
    })
}
