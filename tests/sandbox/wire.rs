//! The sandbox on the wire: raw HTTP requests, signed with the SDK's signer or not at all, to check
//! error shapes, validation messages, signature handling, limits, and that no input crashes it.

use crate::support;

use amplify_auth::model;
use amplify_auth::sandbox::{self, SandboxOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, TestRunner};
use serde_json::json;
use support::sandbox::*;

const SVC: &str = "amplifybackend";

fn create_auth_body() -> serde_json::Value {
    json!({
        "backendEnvironmentName": "dev",
        "resourceName": "wireauth",
        "resourceConfig": {
            "authResources": "USER_POOL_ONLY",
            "service": "COGNITO",
            "userPoolConfigs": {
                "userPoolName": "wire_pool",
                "signInMethod": "EMAIL",
                "requiredSignUpAttributes": ["EMAIL"],
                "mfa": {"MFAMode": "OFF"}
            }
        }
    })
}

async fn with_app() -> sandbox::SandboxHandle {
    let h = start(0).await;
    create_backend(&h, "dwire1", "dev").await;
    h
}

#[tokio::test]
async fn a_well_formed_raw_request_is_accepted_with_a_request_id() {
    let h = with_app().await;
    let r = post_signed(
        &h,
        "/backend/dwire1/auth",
        create_auth_body().to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.header("x-amzn-RequestId").is_some());
    assert!(r.header("x-amzn-ErrorType").is_none());
    let v = r.json();
    assert_eq!(v["status"], "RUNNING");
    assert_eq!(v["operation"], "CreateBackendAuth");
    assert_eq!(v["appId"], "dwire1");
    assert!(v["jobId"].is_string());
    h.shutdown().await;
}

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    let h = with_app().await;
    let r = post_signed(&h, "/backend/dwire1/auth", b"{\"resourceName\": ").await;
    let msg = assert_aws_error(&r, 400, "BadRequestException");
    assert!(msg.contains("json"), "{msg}");
    let r = post_signed(&h, "/backend/dwire1/auth", b"[1, 2]").await;
    assert_aws_error(&r, 400, "BadRequestException");
    h.shutdown().await;
}

#[tokio::test]
async fn validation_errors_name_the_member_by_its_wire_path() {
    let h = with_app().await;
    type Mutation = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|b| {
                b["resourceConfig"]["userPoolConfigs"]["mfa"]
                    .as_object_mut()
                    .unwrap()
                    .remove("MFAMode");
            }),
            "resourceConfig.userPoolConfigs.mfa.MFAMode",
        ),
        (
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("resourceName");
            }),
            "resourceName",
        ),
        (
            Box::new(|b| {
                b["resourceConfig"]["userPoolConfigs"]["requiredSignUpAttributes"] = json!("EMAIL")
            }),
            "resourceConfig.userPoolConfigs.requiredSignUpAttributes",
        ),
        (
            Box::new(|b| b["resourceConfig"]["userPoolConfigs"]["userPoolName"] = json!(42)),
            "resourceConfig.userPoolConfigs.userPoolName",
        ),
        (
            Box::new(|b| {
                b["resourceConfig"]["userPoolConfigs"]["signInMethod"] = json!("CARRIER_PIGEON")
            }),
            "resourceConfig.userPoolConfigs.signInMethod",
        ),
        (
            Box::new(|b| {
                b["resourceConfig"]["userPoolConfigs"]["requiredSignUpAttributes"] =
                    json!(["EMAIL", "SHOE_SIZE"])
            }),
            "resourceConfig.userPoolConfigs.requiredSignUpAttributes[1]",
        ),
        (
            Box::new(|b| {
                b["resourceConfig"]["identityPoolConfigs"] =
                    json!({"identityPoolName": "p", "unauthenticatedLogin": "yes"})
            }),
            "resourceConfig.identityPoolConfigs.unauthenticatedLogin",
        ),
    ];
    for (mutate, path) in cases {
        let mut body = create_auth_body();
        mutate(&mut body);
        let r = post_signed(&h, "/backend/dwire1/auth", body.to_string().as_bytes()).await;
        let msg = assert_aws_error(&r, 400, "BadRequestException");
        assert!(msg.contains(&format!("'{path}'")), "{path}: {msg}");
    }
    // Unknown enum values list the allowed ones.
    let mut body = create_auth_body();
    body["resourceConfig"]["userPoolConfigs"]["mfa"]["MFAMode"] = json!("SOMETIMES");
    let r = post_signed(&h, "/backend/dwire1/auth", body.to_string().as_bytes()).await;
    let msg = assert_aws_error(&r, 400, "BadRequestException");
    assert!(msg.contains("[ON, OFF, OPTIONAL]"), "{msg}");
    h.shutdown().await;
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let h = sandbox::start(SandboxOptions {
        max_body_bytes: 4096,
        ..Default::default()
    })
    .await
    .unwrap();
    let big = format!("{{\"resourceName\": \"{}\"}}", "x".repeat(10_000));
    let r = post_signed(&h, "/backend/dx/auth", big.as_bytes()).await;
    let msg = assert_aws_error(&r, 413, "RequestEntityTooLargeException");
    assert!(msg.contains("4096"), "{msg}");
    // The sandbox is still serving afterwards.
    let r = post_signed(&h, "/backend/dx/details", b"{}").await;
    assert_aws_error(&r, 404, "NotFoundException");
    h.shutdown().await;
}

#[tokio::test]
async fn unsigned_and_tampered_requests_are_refused() {
    let h = with_app().await;
    let r = raw(&h, "POST", "/backend/dwire1/details", b"{}", Sign::Unsigned).await;
    let msg = assert_aws_error(&r, 403, "MissingAuthenticationTokenException");
    assert_eq!(msg, "Missing Authentication Token");

    let r = raw(
        &h,
        "POST",
        "/backend/dwire1/details",
        b"{}",
        Sign::As {
            key: &h.access_key_id,
            secret: "wrong",
            service: SVC,
        },
    )
    .await;
    let msg = assert_aws_error(&r, 403, "InvalidSignatureException");
    assert!(msg.contains("signature"), "{msg}");

    let r = raw(
        &h,
        "POST",
        "/backend/dwire1/details",
        b"{}",
        Sign::As {
            key: "AKIANOTTHESANDBOXKEY",
            secret: &h.secret_access_key,
            service: SVC,
        },
    )
    .await;
    assert_aws_error(&r, 403, "UnrecognizedClientException");

    // Signed for the other service of the sandbox: the scope must name this route's service.
    let r = raw(
        &h,
        "POST",
        "/backend/dwire1/details",
        b"{}",
        Sign::sandbox(&h, "amplify"),
    )
    .await;
    let msg = assert_aws_error(&r, 403, "InvalidSignatureException");
    assert!(msg.contains("amplifybackend"), "{msg}");

    // A body changed after signing no longer matches its signed hash.
    let r = raw_with_headers(
        &h,
        "POST",
        "/backend/dwire1/details",
        b"{}",
        Sign::sandbox(&h, SVC),
        &[(
            "x-amz-content-sha256",
            "0000000000000000000000000000000000000000000000000000000000000000",
        )],
    )
    .await;
    assert_aws_error(&r, 403, "InvalidSignatureException");

    // Signed and routed to the Amplify service too.
    let r = raw(
        &h,
        "GET",
        "/apps?maxResults=5",
        b"",
        Sign::sandbox(&h, "amplify"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["apps"][0]["appId"], "dwire1");
    h.shutdown().await;
}

#[tokio::test]
async fn signatures_from_a_skewed_clock_are_refused_beyond_fifteen_minutes() {
    let h = start(0).await;
    let now = std::time::SystemTime::now();
    let minutes = |m: u64| std::time::Duration::from_secs(m * 60);
    for time in [now - minutes(20), now + minutes(20)] {
        let r = raw(
            &h,
            "GET",
            "/apps",
            b"",
            Sign::At {
                h: &h,
                service: "amplify",
                time,
            },
        )
        .await;
        let msg = assert_aws_error(&r, 403, "InvalidSignatureException");
        assert!(msg.contains("15 minutes"), "{msg}");
    }
    let r = raw(
        &h,
        "GET",
        "/apps",
        b"",
        Sign::At {
            h: &h,
            service: "amplify",
            time: now - minutes(5),
        },
    )
    .await;
    assert_eq!(r.status, 200);
    h.shutdown().await;
}

#[tokio::test]
async fn unknown_routes_are_named() {
    let h = start(0).await;
    let r = post_signed(&h, "/nowhere/at/all", b"{}").await;
    let msg = assert_aws_error(&r, 404, "UnknownOperationException");
    assert!(msg.contains("/nowhere/at/all"));
    let r = raw(
        &h,
        "DELETE",
        "/backend/d1/auth/dev",
        b"",
        Sign::sandbox(&h, SVC),
    )
    .await;
    assert_aws_error(&r, 404, "UnknownOperationException");
    h.shutdown().await;
}

/// A request path for every operation of both models, with an app id that does not exist.
/// ListApps is left out: it takes no body and needs no app, so it rightly succeeds.
fn all_routes() -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for (facts, service) in [
        (model::amplifybackend(), "amplifybackend"),
        (model::amplify(), "amplify"),
    ] {
        for (name, op) in &facts.operations {
            if name == "ListApps" {
                continue;
            }
            let path = op
                .uri
                .replace("{appId}", "dnosuchapp")
                .replace("{backendEnvironmentName}", "nosuchenv")
                .replace(['{', '}'], "");
            out.push((op.method.clone(), path, service));
        }
    }
    out
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        "[a-zA-Z0-9 _{}#-]{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        // Keys are mostly wire names of real members, so nested validation is exercised, plus
        // random ones that must be ignored.
        let key = prop_oneof![
            Just("resourceConfig".to_string()),
            Just("resourceName".to_string()),
            Just("userPoolConfigs".to_string()),
            Just("mfa".to_string()),
            Just("MFAMode".to_string()),
            Just("maxResults".to_string()),
            Just("nextToken".to_string()),
            Just("oAuth".to_string()),
            Just("socialProviderSettings".to_string()),
            Just("SignInWithApple".to_string()),
            Just("private_key".to_string()),
            "[a-z]{1,4}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn random_bodies_to_every_route_get_aws_shaped_errors_and_never_crash_the_server() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let h = rt.block_on(start(0));
    let routes = all_routes();
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        arb_json().prop_map(|v| v.to_string().into_bytes()),
    ];
    let mut runner = TestRunner::new(PtConfig {
        cases: 192,
        failure_persistence: None,
        ..PtConfig::default()
    });
    runner
        .run(&(0..routes.len(), body), |(i, body)| {
            let (method, path, service) = &routes[i];
            let r = rt.block_on(raw(&h, method, path, &body, Sign::sandbox(&h, service)));
            // A client error, or 501 for an operation the sandbox does not serve.
            prop_assert!(
                (400..500).contains(&r.status) || r.status == 501,
                "{method} {path}: {} {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            );
            prop_assert!(r.header("x-amzn-ErrorType").is_some(), "{r:?}");
            prop_assert!(r.header("x-amzn-RequestId").is_some(), "{r:?}");
            let v: serde_json::Value = serde_json::from_slice(&r.body)
                .map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))?;
            prop_assert!(v["message"].is_string(), "{v}");
            Ok(())
        })
        .unwrap();
    // Still alive and answering properly after all of that.
    let r = rt.block_on(raw(&h, "GET", "/apps", b"", Sign::sandbox(&h, "amplify")));
    assert_eq!(r.status, 200);
    rt.block_on(h.shutdown());
}

/// Replaces `from` with `to` in the value of header `name`.
fn edit_header(headers: &mut [(String, String)], name: &str, from: &str, to: &str) {
    let h = headers
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| panic!("no {name} header"));
    assert!(h.1.contains(from), "{name}: {}", h.1);
    h.1 = h.1.replacen(from, to, 1);
}

#[tokio::test]
async fn signatures_scoped_elsewhere_expired_or_altered_after_signing_are_refused() {
    let h = with_app().await;
    let details = "/backend/dwire1/details";
    let body = br#"{"backendEnvironmentName":"dev"}"#;
    let refused = |r: &Raw, code: &str, needle: &str| {
        let msg = assert_aws_error(r, 403, code);
        assert!(msg.contains(needle), "{code}: {msg}");
    };

    // The right key, signed for services that are not the sandbox's.
    for service in ["s3", "execute-api", "amplifyuibuilder"] {
        let r = raw(&h, "POST", details, body, Sign::sandbox(&h, service)).await;
        refused(&r, "InvalidSignatureException", "scoped to correct service");
    }

    // A signature from yesterday: expired long ago, however valid it was then.
    let yesterday = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    let r = raw(
        &h,
        "POST",
        details,
        body,
        Sign::At {
            h: &h,
            service: SVC,
            time: yesterday,
        },
    )
    .await;
    refused(&r, "InvalidSignatureException", "15 minutes");

    let sign = || Sign::sandbox(&h, SVC);
    // The credential scope's date must be the request's date.
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, hs, _| {
        let date = hs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-date"))
            .map(|(_, v)| v[..8].to_string())
            .unwrap();
        edit_header(hs, "authorization", &format!("/{date}/"), "/20200101/");
    })
    .await;
    refused(&r, "InvalidSignatureException", "Date in Credential scope");

    // Re-dating the request to make an old signature look fresh breaks it.
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, hs, _| {
        let (_, v) = hs
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-date"))
            .unwrap();
        let mut t: Vec<u8> = v.clone().into_bytes();
        t[14] = if t[14] == b'0' { b'1' } else { b'0' }; // one second later or earlier
        *v = String::from_utf8(t).unwrap();
    })
    .await;
    refused(&r, "InvalidSignatureException", "does not match");

    // Without its date the signature cannot be checked at all.
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, hs, _| {
        hs.retain(|(k, _)| !k.eq_ignore_ascii_case("x-amz-date"));
    })
    .await;
    refused(&r, "IncompleteSignatureException", "X-Amz-Date");

    // A signature replayed on another path, another query, another host, another body.
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |p, _, _| {
        *p = "/backend/dwire2/details".into();
    })
    .await;
    refused(&r, "InvalidSignatureException", "does not match");
    let r = raw_tampered(
        &h,
        "GET",
        "/apps?maxResults=5",
        b"",
        Sign::sandbox(&h, "amplify"),
        &[],
        |p, _, _| *p = "/apps?maxResults=6".into(),
    )
    .await;
    refused(&r, "InvalidSignatureException", "does not match");
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, hs, _| {
        edit_header(hs, "host", "127.0.0.1", "localhost");
    })
    .await;
    refused(&r, "InvalidSignatureException", "does not match");
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, _, b| {
        *b = br#"{"backendEnvironmentName":"dex"}"#.to_vec();
    })
    .await;
    refused(&r, "InvalidSignatureException", "does not match");
    // The control: the same request, untouched, gets through.
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, _, _| {}).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));

    // Another algorithm, and a header with parts missing.
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, hs, _| {
        edit_header(hs, "authorization", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1");
    })
    .await;
    refused(&r, "IncompleteSignatureException", "AWS4-HMAC-SHA256");
    let r = raw_tampered(&h, "POST", details, body, sign(), &[], |_, hs, _| {
        let (_, v) = hs
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .unwrap();
        *v = v.split(", Signature=").next().unwrap().to_string();
    })
    .await;
    refused(&r, "IncompleteSignatureException", "Signature");

    // Query-string (presigned) authentication is not accepted: no Authorization header, no entry.
    let r = raw(
        &h,
        "GET",
        "/apps?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00",
        b"",
        Sign::Unsigned,
    )
    .await;
    refused(&r, "MissingAuthenticationTokenException", "Missing");
    h.shutdown().await;
}

#[tokio::test]
async fn refused_writes_change_nothing() {
    let h = with_app().await;
    let create = serde_json::to_vec(&json!({
        "appName": "intruder",
        "backendEnvironmentName": "evil"
    }))
    .unwrap();
    let auth = serde_json::to_vec(&create_auth_body()).unwrap();
    let attempts: Vec<(&str, &[u8], Sign<'_>)> = vec![
        ("/backend/dintruder", &create, Sign::Unsigned),
        (
            "/backend/dintruder",
            &create,
            Sign::As {
                key: &h.access_key_id,
                secret: "guessed",
                service: SVC,
            },
        ),
        ("/backend/dwire1/auth", &auth, Sign::Unsigned),
        ("/backend/dwire1/auth", &auth, Sign::sandbox(&h, "s3")),
    ];
    for (path, body, sign) in attempts {
        let r = raw(&h, "POST", path, body, sign).await;
        assert_eq!(
            r.status,
            403,
            "{path}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    let c = backend_client(&h);
    let err = c
        .get_backend()
        .app_id("dintruder")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_amplifybackend::error::ProvideErrorMetadata::code(&err),
        Some("NotFoundException")
    );
    let jobs = c
        .list_backend_jobs()
        .app_id("dwire1")
        .backend_environment_name("dev")
        .send()
        .await
        .unwrap();
    let ops: Vec<_> = jobs.jobs().iter().map(|j| j.operation().unwrap()).collect();
    assert_eq!(ops, ["CreateBackend"], "no auth job started");
    h.shutdown().await;
}
