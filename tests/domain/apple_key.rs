//! The Sign in with Apple key: every honest input shape normalises to the same body, every wrong
//! input gets its own error, and nothing ever prints the key. Keys are generated per test; the
//! wrong-kind keys (P-384, RSA, Ed25519, encrypted) are built as real DER structures here.

use std::io::Write;
use std::path::Path;

use amplify_auth::domain::apple_key::{
    AppleKeyError, MAX_INPUT_BYTES, generate_key, key_id_from_filename, load_p8_file,
    parse_apple_key,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use p256::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use sha2::{Digest, Sha256};

// ---- DER building blocks, so wrong kinds of keys can be made without more dependencies ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn oid(dotted: &str) -> Vec<u8> {
    let o = p256::pkcs8::ObjectIdentifier::new_unwrap(dotted);
    tlv(0x06, o.as_bytes())
}

fn int(v: &[u8]) -> Vec<u8> {
    tlv(0x02, v)
}

fn octets(v: &[u8]) -> Vec<u8> {
    tlv(0x04, v)
}

fn random_bytes(n: usize) -> Vec<u8> {
    (0..n).map(|_| rand::random::<u8>()).collect()
}

/// PKCS#8 PrivateKeyInfo around an EC key on the given curve (RFC 5915 inside RFC 5208).
fn pkcs8_ec(curve_oid: &str, scalar: &[u8]) -> Vec<u8> {
    let ec_private_key = seq(&[int(&[1]), octets(scalar)]);
    seq(&[
        int(&[0]),
        seq(&[oid("1.2.840.10045.2.1"), oid(curve_oid)]),
        octets(&ec_private_key),
    ])
}

/// PKCS#8 around a PKCS#1 RSA key shape (random numbers: only the structure matters here).
fn rsa_pkcs1() -> Vec<u8> {
    let mut modulus = random_bytes(64);
    modulus[0] = 0x7f;
    seq(&[int(&[0]), int(&modulus), int(&[1, 0, 1]), int(&modulus)])
}

fn pkcs8_rsa() -> Vec<u8> {
    seq(&[
        int(&[0]),
        seq(&[oid("1.2.840.113549.1.1.1"), tlv(0x05, &[])]),
        octets(&rsa_pkcs1()),
    ])
}

fn pkcs8_ed25519() -> Vec<u8> {
    seq(&[
        int(&[0]),
        seq(&[oid("1.3.101.112")]),
        octets(&octets(&random_bytes(32))),
    ])
}

/// EncryptedPrivateKeyInfo (RFC 5958): PBES2 algorithm identifier and ciphertext.
fn encrypted_pkcs8() -> Vec<u8> {
    seq(&[
        seq(&[oid("1.2.840.113549.1.5.13"), seq(&[])]),
        octets(&random_bytes(140)),
    ])
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn err(input: impl AsRef<[u8]>) -> AppleKeyError {
    match parse_apple_key(input.as_ref()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

/// Windows of the body that must never appear in printed output.
fn assert_no_key_material(printed: &str, body: &str) {
    for start in (0..body.len().saturating_sub(12)).step_by(6) {
        let window = &body[start..start + 12];
        assert!(
            !printed.contains(window),
            "printed output contains key material {window:?}: {printed}"
        );
    }
}

// ---- every honest shape gives the same body ----

#[test]
fn every_input_shape_normalises_to_the_same_body() {
    let (pem_text, body) = generate_key();
    let inner: Vec<&str> = pem_text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = STANDARD.decode(&body).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("PEM with LF", pem_text.clone().into_bytes()),
        ("PEM with CRLF", pem_text.replace('\n', "\r\n").into_bytes()),
        ("PEM with CR", pem_text.replace('\n', "\r").into_bytes()),
        ("no armour, many lines", inner.join("\n").into_bytes()),
        ("bare body", body.clone().into_bytes()),
        ("PEM on one line", pem_text.replace('\n', "").into_bytes()),
        (
            "PEM on one line with spaces (the CLI's format)",
            pem_text.trim_end().replace('\n', " ").into_bytes(),
        ),
        (
            "stray spaces and tabs",
            pem_text
                .lines()
                .map(|l| format!("  \t{l} \t"))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
        ),
        (
            "literal \\n escapes from a JSON string",
            pem_text.replace('\n', "\\n").into_bytes(),
        ),
        ("in double quotes", format!("\"{body}\"").into_bytes()),
        (
            "with a UTF-8 BOM and blank lines",
            format!("\u{FEFF}\n\n{pem_text}\n\n").into_bytes(),
        ),
        ("DER bytes", der.clone()),
    ];
    let expected = parse_apple_key(pem_text.as_bytes()).unwrap();
    assert_eq!(expected.body.expose(), body);
    for (name, input) in cases {
        let key = parse_apple_key(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key.body.expose(), body, "{name}");
        assert_eq!(key.fingerprint, expected.fingerprint, "{name}");
    }
}

#[test]
fn missing_base64_padding_is_accepted_and_restored() {
    // Some keys' DER length is not a multiple of 3; build one by dropping the optional public key.
    let scalar = p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng).to_bytes();
    let der = pkcs8_ec("1.2.840.10045.3.1.7", &scalar);
    let body = STANDARD.encode(&der);
    assert!(
        body.ends_with('='),
        "test needs a padded body: {}",
        der.len()
    );
    let key = parse_apple_key(body.trim_end_matches('=').as_bytes()).unwrap();
    assert_eq!(key.body.expose(), body);
}

#[test]
fn fingerprint_is_sha256_of_the_public_key() {
    let (pem_text, _) = generate_key();
    let key = parse_apple_key(pem_text.as_bytes()).unwrap();
    let secret = p256::SecretKey::from_pkcs8_pem(&pem_text).unwrap();
    let spki = secret.public_key().to_public_key_der().unwrap();
    let digest = Sha256::digest(spki.as_bytes());
    let hex: Vec<String> = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(key.fingerprint, format!("SHA256:{}", hex.join(":")));

    let (other, _) = generate_key();
    assert_ne!(
        parse_apple_key(other.as_bytes()).unwrap().fingerprint,
        key.fingerprint
    );
}

#[test]
fn generated_keys_are_fresh_pkcs8_p256() {
    let (pem_a, body_a) = generate_key();
    let (_, body_b) = generate_key();
    assert_ne!(body_a, body_b);
    assert!(pem_a.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(pem_a.trim_end().ends_with("-----END PRIVATE KEY-----"));
    assert!(
        body_a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
    );
}

// ---- every wrong input gets its own error ----

#[test]
fn each_wrong_input_gets_its_specific_error() {
    let (pem_text, body) = generate_key();
    let secret = p256::SecretKey::from_pkcs8_pem(&pem_text).unwrap();
    let sec1_pem = secret.to_sec1_pem(LineEnding::LF).unwrap().to_string();
    let sec1_der = secret.to_sec1_der().unwrap().to_vec();
    let public_pem = secret
        .public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let public_der = secret.public_key().to_public_key_der().unwrap().to_vec();
    let p384 = pkcs8_ec("1.3.132.0.34", &random_bytes(48));
    let secp256k1 = pkcs8_ec("1.3.132.0.10", &random_bytes(32));
    let zero_scalar = pkcs8_ec("1.2.840.10045.3.1.7", &[0u8; 32]);
    let mut garbage = random_bytes(64);
    garbage[0] = 0x9f; // not UTF-8, not DER

    use AppleKeyError as E;
    let rsa = || E::NotEc {
        algorithm: "RSA".into(),
    };
    let cases: Vec<(&str, Vec<u8>, AppleKeyError)> = vec![
        ("empty", vec![], E::Empty),
        ("only whitespace", b" \r\n\t ".to_vec(), E::Empty),
        (
            "armour with nothing between",
            b"-----BEGIN PRIVATE KEY-----\n\n-----END PRIVATE KEY-----\n".to_vec(),
            E::EmptyBody,
        ),
        (
            "armour on one line with nothing between",
            b"-----BEGIN PRIVATE KEY----- -----END PRIVATE KEY-----".to_vec(),
            E::EmptyBody,
        ),
        (
            "only the first line pasted",
            pem_text.lines().next().unwrap().as_bytes().to_vec(),
            E::MissingEnd,
        ),
        (
            "first two lines pasted",
            pem_text.lines().take(2).collect::<Vec<_>>().join("\n").into_bytes(),
            E::MissingEnd,
        ),
        (
            "END without BEGIN",
            pem_text.lines().skip(1).collect::<Vec<_>>().join("\n").into_bytes(),
            E::MissingBegin,
        ),
        (
            "BEGIN and END disagree",
            pem_text
                .replace("END PRIVATE KEY", "END EC PRIVATE KEY")
                .into_bytes(),
            E::MismatchedArmour,
        ),
        (
            "damaged armour",
            pem_text.replace("-----BEGIN", "----BEGIN").replace("-----END", "----END").into_bytes(),
            E::MalformedArmour,
        ),
        (
            "a .p8 path",
            b"/Users/me/Downloads/AuthKey_ABCDEFGH12.p8".to_vec(),
            E::LooksLikePath,
        ),
        (
            "a Windows path",
            br"C:\Users\me\Downloads\AuthKey_ABCDEFGH12.p8".to_vec(),
            E::LooksLikePath,
        ),
        (
            "a file URL",
            b"file:///home/me/AuthKey_ABCDEFGH12.p8".to_vec(),
            E::LooksLikePath,
        ),
        ("a quoted home path", b"'~/keys/apple key'".to_vec(), E::LooksLikePath),
        ("P-384 key", pem("PRIVATE KEY", &p384).into_bytes(), E::OtherCurve {
            curve: "P-384 (secp384r1)".into(),
        }),
        ("secp256k1 key as DER", secp256k1, E::OtherCurve {
            curve: "secp256k1".into(),
        }),
        ("RSA key in PKCS#8", pem("PRIVATE KEY", &pkcs8_rsa()).into_bytes(), rsa()),
        (
            "RSA key in PKCS#1 PEM",
            pem("RSA PRIVATE KEY", &rsa_pkcs1()).into_bytes(),
            rsa(),
        ),
        ("RSA key in PKCS#1 DER", rsa_pkcs1(), rsa()),
        (
            "Ed25519 key",
            pem("PRIVATE KEY", &pkcs8_ed25519()).into_bytes(),
            E::NotEc {
                algorithm: "Ed25519".into(),
            },
        ),
        ("SEC1 EC PRIVATE KEY PEM", sec1_pem.into_bytes(), E::Sec1),
        ("SEC1 DER", sec1_der.clone(), E::Sec1),
        ("SEC1 body without armour", STANDARD.encode(&sec1_der).into_bytes(), E::Sec1),
        (
            "encrypted PKCS#8 PEM",
            pem("ENCRYPTED PRIVATE KEY", &encrypted_pkcs8()).into_bytes(),
            E::Encrypted,
        ),
        ("encrypted PKCS#8 DER", encrypted_pkcs8(), E::Encrypted),
        (
            "legacy OpenSSL encrypted PEM",
            format!(
                "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n{body}\n-----END PRIVATE KEY-----\n"
            )
            .into_bytes(),
            E::Encrypted,
        ),
        ("public key PEM", public_pem.into_bytes(), E::NotPrivate {
            what: "a public key",
        }),
        ("public key DER", public_der, E::NotPrivate {
            what: "a public key",
        }),
        (
            "certificate",
            pem("CERTIFICATE", &random_bytes(100)).into_bytes(),
            E::NotPrivate {
                what: "a certificate",
            },
        ),
        (
            "OpenSSH key",
            pem("OPENSSH PRIVATE KEY", &random_bytes(100)).into_bytes(),
            E::UnsupportedPem {
                label: "OPENSSH PRIVATE KEY".into(),
            },
        ),
        ("random binary bytes", garbage, E::Binary),
        (
            "base64 of text, not DER",
            b"SGVsbG8sIHRoaXMgaXMgbm90IGEga2V5IGF0IGFsbA==".to_vec(),
            E::NotAKey,
        ),
        (
            "body cut after the first line",
            format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
                &body[..64]
            )
            .into_bytes(),
            E::Truncated,
        ),
        (
            "one character too many",
            format!("{body}A").into_bytes(),
            E::BadBase64 {
                reason: "its length is wrong, so part of it is missing or extra",
            },
        ),
        ("P-256 with a zero scalar", zero_scalar, E::InvalidKey),
        (
            "oversize input",
            vec![b'A'; MAX_INPUT_BYTES + 1],
            E::TooLarge {
                size: Some(MAX_INPUT_BYTES as u64 + 1),
            },
        ),
    ];
    for (name, input, expected) in cases {
        let got = err(&input);
        assert_eq!(got, expected, "{name}");
        let shown = got.to_string();
        assert!(!got.problem().is_empty() && !got.fix().is_empty(), "{name}");
        assert!(shown.contains(&got.fix()), "{name}");
        assert_no_key_material(&shown, &body);
    }
}

#[test]
fn input_at_the_size_limit_is_parsed_not_refused_for_size() {
    let got = err(vec![b'A'; MAX_INPUT_BYTES]);
    assert!(!matches!(got, AppleKeyError::TooLarge { .. }), "{got:?}");
}

#[test]
fn a_bad_character_is_reported_with_its_line_and_column() {
    let (pem_text, body) = generate_key();
    // Line 2 is the first body line; replace its fifth character.
    let mut lines: Vec<String> = pem_text.lines().map(String::from).collect();
    lines[1].replace_range(4..5, "!");
    let got = err(lines.join("\r\n"));
    assert_eq!(
        got,
        AppleKeyError::NotBase64 {
            found: "'!'".into(),
            line: 2,
            column: 5
        }
    );
    // A typographic quote from a document is named by code point, not printed raw.
    let mut lines: Vec<String> = pem_text.lines().map(String::from).collect();
    lines[2].insert(0, '\u{201C}');
    let got = err(lines.join("\n"));
    assert_eq!(
        got,
        AppleKeyError::NotBase64 {
            found: "U+201C".into(),
            line: 3,
            column: 1
        }
    );
    assert!(got.to_string().contains("line 3, column 1"));
    assert_no_key_material(&got.to_string(), &body);
}

#[test]
fn a_path_gets_the_load_the_file_advice() {
    let shown = err("/tmp/AuthKey_ABCDEFGH12.p8").to_string();
    assert!(
        shown
            .to_lowercase()
            .contains("this looks like a file path; load the file instead"),
        "{shown}"
    );
}

#[test]
fn sec1_advice_names_the_openssl_conversion() {
    assert!(
        AppleKeyError::Sec1
            .to_string()
            .contains("openssl pkcs8 -topk8 -nocrypt")
    );
}

#[test]
fn debug_of_a_key_never_prints_the_body() {
    let (pem_text, body) = generate_key();
    let key = parse_apple_key(pem_text.as_bytes()).unwrap();
    let printed = format!("{key:?} {key:#?}");
    assert_no_key_material(&printed, &body);
    assert!(printed.contains(&key.fingerprint), "{printed}");
}

// ---- file names and files ----

#[test]
fn key_id_comes_from_apple_file_names() {
    let cases = [
        ("AuthKey_ABCDEFGH12.p8", Some("ABCDEFGH12")),
        (
            "/Users/me/Downloads/AuthKey_3HL6GKYJ5L.p8",
            Some("3HL6GKYJ5L"),
        ),
        ("AuthKey_ABCDEFGH12 (1).p8", Some("ABCDEFGH12")),
        ("AuthKey_ABCDEFGH12.P8", Some("ABCDEFGH12")),
        ("AuthKey_abcdefgh12.p8", None),
        ("AuthKey_ABCDEFGH1.p8", None),
        ("AuthKey_ABCDEFGH123.p8", None),
        ("AuthKey_ABCDEFGH12.pem", None),
        ("AuthKey_ABCDEFGH12 copy.p8", None),
        ("key.p8", None),
        ("AuthKey_.p8", None),
    ];
    for (name, want) in cases {
        assert_eq!(
            key_id_from_filename(Path::new(name)).as_deref(),
            want,
            "{name}"
        );
    }
}

#[test]
fn loads_a_p8_file_and_its_key_id() {
    let dir = tempfile::tempdir().unwrap();
    let (pem_text, body) = generate_key();
    let path = dir.path().join("AuthKey_ABCDEFGH12.p8");
    std::fs::write(&path, pem_text.replace('\n', "\r\n")).unwrap();
    let (key, id) = load_p8_file(&path).unwrap();
    assert_eq!(key.body.expose(), body);
    assert_eq!(id.as_deref(), Some("ABCDEFGH12"));

    let other = dir.path().join("apple.p8");
    std::fs::write(&other, &pem_text).unwrap();
    assert_eq!(load_p8_file(&other).unwrap().1, None);
}

#[test]
fn file_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("AuthKey_NOPE000000.p8");
    match load_p8_file(&missing) {
        Err(AppleKeyError::Io { path, .. }) => assert!(path.ends_with("AuthKey_NOPE000000.p8")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        load_p8_file(dir.path()),
        Err(AppleKeyError::NotAFile { .. })
    ));
    let empty = dir.path().join("empty.p8");
    std::fs::write(&empty, "").unwrap();
    assert_eq!(load_p8_file(&empty).unwrap_err(), AppleKeyError::Empty);
}

#[test]
fn huge_files_are_refused_from_their_size_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.p8");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"-----BEGIN PRIVATE KEY-----\n").unwrap();
    // Sparse: 8 GiB on paper, nothing on disk. Reading it would take minutes and all memory.
    f.set_len(8 << 30).unwrap();
    drop(f);
    assert_eq!(
        load_p8_file(&path).unwrap_err(),
        AppleKeyError::TooLarge {
            size: Some(8 << 30)
        }
    );
    let just_over = dir.path().join("over.p8");
    std::fs::write(&just_over, vec![b'A'; MAX_INPUT_BYTES + 1]).unwrap();
    assert!(matches!(
        load_p8_file(&just_over),
        Err(AppleKeyError::TooLarge { .. })
    ));
}

/// The parser keeps its last check (keyed by the key's digest, issue 8): a key whose embedded
/// public key was swapped for another key's must still be refused right after the genuine one
/// passed, and the genuine one must pass again afterwards with its own fingerprint.
#[test]
fn a_tampered_key_is_refused_right_after_the_genuine_one() {
    let (_, body_a) = generate_key();
    let (_, body_b) = generate_key();
    let der_a = STANDARD.decode(&body_a).unwrap();
    let der_b = STANDARD.decode(&body_b).unwrap();
    let point = |der: &[u8]| {
        let sk = p256::SecretKey::from_pkcs8_der(der).unwrap();
        p256::EncodedPoint::from(sk.public_key())
            .as_bytes()
            .to_vec()
    };
    // The PKCS#8 ends with the uncompressed public point (0x04 || X || Y).
    assert!(der_a.ends_with(&point(&der_a)));
    let mut tampered = der_a.clone();
    let n = tampered.len();
    tampered[n - 64..].copy_from_slice(&point(&der_b)[1..]);

    let genuine = parse_apple_key(body_a.as_bytes()).unwrap();
    assert_eq!(
        parse_apple_key(STANDARD.encode(&tampered).as_bytes()),
        Err(AppleKeyError::InvalidKey)
    );
    assert_eq!(parse_apple_key(body_a.as_bytes()).unwrap(), genuine);
    assert_ne!(
        parse_apple_key(body_b.as_bytes()).unwrap().fingerprint,
        genuine.fingerprint
    );
}
