//! What a FAILED job's Error says on AWS: not a clean Cognito message but what the job's Amplify
//! CLI run printed, which for a deployment is the CloudFormation event of the resource that failed
//! (evidence §8.8):
//!
//! - a native resource (`AWS::Cognito::UserPool`, `AWS::Cognito::IdentityPool`): "Resource
//!   handler returned message: "<Cognito text>" (Service: CognitoIdentityProvider, Status Code:
//!   400, Request ID: …)" (amplify-studio#482);
//! - a custom resource (the CLI's Lambdas for the hosted UI domain, the providers and OAuth):
//!   "Received response status [FAILED] from custom resource. Message returned: See the details in
//!   CloudWatch Log Stream: …" (amplify-studio#472, amplify-cli#3854, #11526). Cognito's text is
//!   then only in the Lambda's CloudWatch log, so it is not in the Error either.
//!
//! Each event starts with the resource status and the logical id and type, as the CLI prints the
//! failed resources of a push.

use super::{Failure, Part};
use crate::sandbox::ids;

/// Which kind of deployment failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deploy {
    Create,
    Update,
}

/// The job Error for `f`, as AWS would show it. `now_ms` dates the log stream.
pub fn job_error(f: &Failure, deploy: Deploy, now_ms: i64) -> String {
    let status = match deploy {
        Deploy::Create => "CREATE_FAILED",
        Deploy::Update => "UPDATE_FAILED",
    };
    let native = |id: &str, ty: &str, service: &str| {
        let message = f
            .text
            .split_once(": ")
            .filter(|(ex, _)| ex.ends_with("Exception"))
            .map_or(f.text.as_str(), |(_, m)| m);
        format!(
            "{status} {id} ({ty}): Resource handler returned message: \"{message}\" (Service: {service}, Status Code: 400, Request ID: {})",
            ids::uuid_v4()
        )
    };
    let custom = |id: &str| {
        let stream = format!("{}/[$LATEST]{}", log_date(now_ms), ids::lower_hex(32));
        // The sandbox's stand-in for the Lambda's CloudWatch log: the reason goes to the app's
        // log file under the same stream name (the texts quote no secret: the Apple key rule
        // says only that the key cannot be used).
        tracing::info!(
            log_stream = %stream,
            resource = id,
            reason = %f.text,
            "custom resource failed (sandbox CloudWatch stand-in)"
        );
        format!(
            "{status} {id} (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: {stream}"
        )
    };
    match f.part {
        Part::Cli => f.text.clone(),
        Part::UserPool => native(
            "UserPool",
            "AWS::Cognito::UserPool",
            "CognitoIdentityProvider",
        ),
        Part::IdentityPool => native(
            "IdentityPool",
            "AWS::Cognito::IdentityPool",
            "CognitoIdentity",
        ),
        Part::HostedUi => custom("HostedUICustomResourceInputs"),
        Part::Providers => custom("HostedUIProvidersCustomResourceInputs"),
        Part::OAuth => custom("OAuthCustomResourceInputs"),
    }
}

/// `YYYY/MM/DD` of a time in epoch milliseconds (UTC), as Lambda names its log streams.
fn log_date(ms: i64) -> String {
    let (y, m, d) = crate::sandbox::meta::civil_date(ms.div_euclid(86_400_000));
    format!("{y:04}/{m:02}/{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(part: Part, text: &str) -> Failure {
        Failure {
            rule: "t",
            part,
            text: text.into(),
        }
    }

    #[test]
    fn native_resources_carry_the_cognito_text_inside_the_event() {
        let e = job_error(
            &failure(
                Part::UserPool,
                "InvalidParameterException: Cannot turn MFA functionality ON, once the user pool has been created.",
            ),
            Deploy::Update,
            0,
        );
        assert!(
            e.starts_with("UPDATE_FAILED UserPool (AWS::Cognito::UserPool): Resource handler returned message: \"Cannot turn MFA functionality ON, once the user pool has been created.\" (Service: CognitoIdentityProvider, Status Code: 400, Request ID: "),
            "{e}"
        );
    }

    #[test]
    fn custom_resources_point_at_cloudwatch_only() {
        let e = job_error(
            &failure(
                Part::HostedUi,
                "InvalidParameterException: Domain cannot contain reserved word: cognito",
            ),
            Deploy::Create,
            1_733_356_800_000,
        );
        assert!(
            e.starts_with("CREATE_FAILED HostedUICustomResourceInputs (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: 2024/12/05/[$LATEST]"),
            "{e}"
        );
        assert!(!e.contains("reserved word"), "{e}");
    }

    #[test]
    fn a_custom_resources_reason_goes_to_the_log_under_its_stream() {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Buf(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Buf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let e = tracing::subscriber::with_default(subscriber, || {
            // Other tests hit the same callsite at the same time with no subscriber; their cached
            // "not interested" must not hide this one's event (tracing caches interest globally).
            tracing::callsite::rebuild_interest_cache();
            job_error(
                &failure(
                    Part::OAuth,
                    "InvalidParameterException: The provider Google does not exist for User Pool us-east-1_X.",
                ),
                Deploy::Update,
                0,
            )
        });
        let stream = e.rsplit("Log Stream: ").next().unwrap();
        let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains(stream), "{log}");
        assert!(log.contains("The provider Google does not exist"), "{log}");
        assert!(log.contains("OAuthCustomResourceInputs"), "{log}");
    }

    #[test]
    fn cli_failures_are_the_cli_output() {
        let f = failure(Part::Cli, "ValidationException: null");
        assert_eq!(
            job_error(&f, Deploy::Update, 0),
            "ValidationException: null"
        );
    }

    #[test]
    fn log_dates() {
        assert_eq!(log_date(0), "1970/01/01");
        assert_eq!(log_date(951_782_400_000), "2000/02/29");
        assert_eq!(log_date(1_798_761_600_000), "2027/01/01");
    }
}
