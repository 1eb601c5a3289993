//! AWS Signature Version 4 verification, done for real so a client that signs wrongly (wrong
//! secret, wrong region, a proxy that rewrites the path) fails here as it would against AWS.

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::errors::ApiError;

type HmacSha256 = Hmac<Sha256>;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// AWS accepts a signature made up to 15 minutes away from its own clock.
const MAX_SKEW_SECS: i64 = 15 * 60;

/// The one key pair the sandbox accepts.
#[derive(Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"••••••••")
            .finish()
    }
}

/// What a request looks like to the verifier.
pub struct SignedRequest<'a> {
    pub method: &'a str,
    /// The path exactly as received, still percent-encoded.
    pub raw_path: &'a str,
    pub raw_query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// Accepted request context: which key signed and for which service.
pub struct Verified {
    pub service: String,
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// URI-encodes per SigV4: everything except `A-Z a-z 0-9 - . _ ~` (and `/` when asked).
pub fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The canonical URI of a non-S3 request: the path as sent, encoded once more.
fn canonical_uri(raw_path: &str) -> String {
    if raw_path.is_empty() {
        return "/".into();
    }
    uri_encode(raw_path, true)
}

/// Query parameters decoded, re-encoded strictly and sorted. `+` stays a literal plus: the SDKs
/// encode spaces as `%20`, and reading `+` as a space would break their signatures.
fn canonical_query(raw_query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = raw_query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&crate::model::percent_decode(k), false),
                uri_encode(&crate::model::percent_decode(v), false),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn canonical_header_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

struct AuthHeader<'a> {
    access_key: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    terminal: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn incomplete(msg: impl Into<String>) -> ApiError {
    ApiError::forbidden("IncompleteSignatureException", msg)
}

fn invalid_signature(msg: impl Into<String>) -> ApiError {
    ApiError::forbidden("InvalidSignatureException", msg)
}

fn parse_authorization(value: &str) -> Result<AuthHeader<'_>, ApiError> {
    let rest = value.strip_prefix(ALGORITHM).ok_or_else(|| {
        incomplete(format!(
            "Authorization header requires the {ALGORITHM} algorithm. Authorization={value:.40}"
        ))
    })?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let missing = |what: &str| {
        incomplete(format!(
            "Authorization header requires '{what}' parameter. Authorization={value:.40}"
        ))
    };
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed = signed.ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| missing("Signature"))?;
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminal] = parts[..] else {
        return Err(incomplete(format!(
            "Credential should have 5 parts (key/date/region/service/aws4_request), got {credential}"
        )));
    };
    Ok(AuthHeader {
        access_key,
        date,
        region,
        service,
        terminal,
        signed_headers: signed.split(';').collect(),
        signature,
    })
}

/// `YYYYMMDDTHHMMSSZ` to seconds since the epoch.
fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, se) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The signature a request should carry.
pub fn signature(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
    string_to_sign: &str,
) -> String {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex::encode(hmac(&k_signing, string_to_sign.as_bytes()))
}

/// Checks the request's SigV4 signature. `services` lists the signing names that may appear in
/// the scope (one when the route is known). `now_secs` is the server clock.
pub fn verify(
    req: &SignedRequest<'_>,
    creds: &Credentials,
    region: &str,
    services: &[&str],
    now_secs: i64,
) -> Result<Verified, ApiError> {
    let Some(auth_value) = req.headers.get("authorization") else {
        return Err(ApiError::forbidden(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let auth_value = auth_value
        .to_str()
        .map_err(|_| incomplete("Authorization header is not valid text"))?;
    let auth = parse_authorization(auth_value)?;
    if auth.access_key != creds.access_key_id {
        return Err(ApiError::forbidden(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    }
    let amz_date = canonical_header_value(req.headers, "x-amz-date").ok_or_else(|| {
        incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        )
    })?;
    let Some(when) = parse_amz_date(&amz_date) else {
        return Err(incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{amz_date}'."
        )));
    };
    check_scope(&auth, &amz_date, when, region, services, now_secs)?;

    let body_hash = sha256_hex(req.body);
    let payload_hash = match canonical_header_value(req.headers, "x-amz-content-sha256") {
        Some(h) if h == "UNSIGNED-PAYLOAD" => h,
        Some(h) if h != body_hash => {
            return Err(invalid_signature(
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ));
        }
        _ => body_hash,
    };

    let string_to_sign = string_to_sign(req, &auth, &amz_date, &payload_hash);
    let expected = signature(
        &creds.secret_access_key,
        auth.date,
        auth.region,
        auth.service,
        &string_to_sign,
    );
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(invalid_signature(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ));
    }
    Ok(Verified {
        service: auth.service.to_string(),
    })
}

/// The checks of the credential scope and the date, in the order the service makes them: each
/// answers with its own message, so a client's mistake is named.
fn check_scope(
    auth: &AuthHeader<'_>,
    amz_date: &str,
    when: i64,
    region: &str,
    services: &[&str],
    now_secs: i64,
) -> Result<(), ApiError> {
    if auth.terminal != "aws4_request" {
        return Err(invalid_signature(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '"
                .to_string()
                + auth.terminal
                + "'.",
        ));
    }
    if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(invalid_signature(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{amz_date}'.",
            auth.date,
            &amz_date[..8]
        )));
    }
    if auth.region != region {
        return Err(invalid_signature(format!(
            "Credential should be scoped to a valid region. This sandbox serves '{region}', not '{}'.",
            auth.region
        )));
    }
    if !services.contains(&auth.service) {
        return Err(invalid_signature(format!(
            "Credential should be scoped to correct service: '{}'.",
            services.first().copied().unwrap_or("amplifybackend")
        )));
    }
    if (when - now_secs).abs() > MAX_SKEW_SECS {
        return Err(invalid_signature(format!(
            "Signature expired or not yet valid: {amz_date} is more than 15 minutes from the server time."
        )));
    }
    if !auth.signed_headers.contains(&"host") {
        return Err(invalid_signature(
            "The 'host' header must be signed (it is missing from SignedHeaders).",
        ));
    }
    Ok(())
}

/// The string the signature signs: the algorithm, the date, the scope and the hash of the
/// canonical request (method, path, query, signed headers, payload hash).
fn string_to_sign(
    req: &SignedRequest<'_>,
    auth: &AuthHeader<'_>,
    amz_date: &str,
    payload_hash: &str,
) -> String {
    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        let value = canonical_header_value(req.headers, name).unwrap_or_default();
        canonical_headers.push_str(&format!("{}:{value}\n", name.to_ascii_lowercase()));
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.raw_path),
        canonical_query(req.raw_query),
        canonical_headers,
        auth.signed_headers.join(";"),
        payload_hash
    );
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_like_the_calendar() {
        assert_eq!(parse_amz_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(parse_amz_date("2015-08-30T12:36:00Z"), None);
    }

    #[test]
    fn the_documented_example_signature_matches() {
        // The worked example of the SigV4 documentation (IAM ListUsers, example credentials).
        let canonical_request = "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let sts = format!(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n{}",
            sha256_hex(canonical_request.as_bytes())
        );
        assert_eq!(
            sha256_hex(canonical_request.as_bytes()),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
        );
        assert_eq!(
            signature(
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "20150830",
                "us-east-1",
                "iam",
                &sts
            ),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        );
    }

    #[test]
    fn paths_are_encoded_a_second_time() {
        assert_eq!(
            canonical_uri("/backend/d1/auth/my%20env"),
            "/backend/d1/auth/my%2520env"
        );
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(
            canonical_query(Some("nextToken=a%2Bb&maxResults=5")),
            "maxResults=5&nextToken=a%2Bb"
        );
    }
}
