//! The calls against a scripted server: what goes on the wire and how answers are read.

use crate::support;

use std::time::{Duration, UNIX_EPOCH};

use amplify_auth::aws::{ErrorKind, JobFilter, JobStatus};
use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::update::update_request;
use amplify_auth::domain::*;
use support::aws::*;

fn job_json(id: &str, status: &str) -> String {
    format!(
        r#"{{"appId":"a1","backendEnvironmentName":"dev","jobId":"{id}","operation":"CreateBackendAuth","status":"{status}","createTime":"1610499932490","updateTime":"1610500140090"}}"#
    )
}

#[tokio::test]
async fn get_backend_reads_environments_and_auth_resources() {
    let meta = r#"{"auth":{"demo1":{"service":"Cognito","output":{"UserPoolId":"us-east-1_X","AppClientIDWeb":"w"}},"userPoolGroups":{"service":"Cognito-UserPool-Groups"}}}"#;
    let body = serde_json::json!({
        "appId": "a1",
        "appName": "demo",
        "backendEnvironmentList": ["dev", "prod"],
        "backendEnvironmentName": "dev",
        "amplifyMetaConfig": meta,
    })
    .to_string();
    let server = Server::start(vec![json(200, &body)]).await;
    let c = clients(&server.url, roomy());
    let info = c.get_backend("a1", Some("dev")).await.unwrap();
    assert_eq!(info.app_name, "demo");
    assert_eq!(info.environments, ["dev", "prod"]);
    assert_eq!(info.env.as_deref(), Some("dev"));
    assert_eq!(info.auth_resources.len(), 1);
    assert_eq!(info.auth_resources[0].name, "demo1");
    assert_eq!(
        info.auth_resources[0].user_pool_id.as_deref(),
        Some("us-east-1_X")
    );
    assert_eq!(info.raw_meta.as_deref(), Some(meta));

    let req = &server.requests()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.target, "/backend/a1/details");
    assert_eq!(req.json()["backendEnvironmentName"], "dev");
    let auth = req.header("authorization").unwrap_or_default();
    assert!(auth.contains("Credential=AKIDTESTKEY/"), "{auth}");
}

#[tokio::test]
async fn get_backend_tolerates_garbage_meta() {
    let body = r#"{"appId":"a1","appName":"demo","amplifyMetaConfig":"{not json"}"#;
    let server = Server::start(vec![json(200, body)]).await;
    let c = clients(&server.url, roomy());
    let info = c.get_backend("a1", None).await.unwrap();
    assert!(info.auth_resources.is_empty());
    assert!(info.environments.is_empty());
    assert_eq!(info.raw_meta.as_deref(), Some("{not json"));
    assert_eq!(info.env, None);
}

#[tokio::test]
async fn list_jobs_follows_every_page_with_the_filters() {
    let page1 = format!(
        r#"{{"jobs":[{},{}],"nextToken":"t1"}}"#,
        job_json("j1", "RUNNING"),
        job_json("j2", "FAILED")
    );
    let page2 = format!(r#"{{"jobs":[{}]}}"#, job_json("j3", "COMPLETED"));
    let server = Server::start(vec![json(200, &page1), json(200, &page2)]).await;
    let c = clients(&server.url, roomy());
    let filter = JobFilter {
        status: Some("RUNNING".into()),
        ..Default::default()
    };
    let jobs = c.list_jobs("a1", "dev", &filter).await.unwrap();
    let ids: Vec<&str> = jobs.iter().map(|j| j.job_id.as_str()).collect();
    assert_eq!(ids, ["j1", "j2", "j3"]);
    assert_eq!(jobs[1].status, JobStatus::Failed);
    assert_eq!(
        jobs[0].create_time,
        Some(UNIX_EPOCH + Duration::from_millis(1_610_499_932_490))
    );

    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].target, "/backend/a1/job/dev");
    assert_eq!(reqs[0].json()["maxResults"], 25);
    assert_eq!(reqs[0].json()["status"], "RUNNING");
    assert!(reqs[0].json().get("nextToken").is_none());
    assert_eq!(reqs[1].json()["nextToken"], "t1");
    assert_eq!(reqs[1].json()["status"], "RUNNING");
}

#[tokio::test]
async fn list_jobs_stops_when_the_server_repeats_a_token() {
    let page = format!(
        r#"{{"jobs":[{}],"nextToken":"same"}}"#,
        job_json("j1", "RUNNING")
    );
    let server = Server::start(vec![json(200, &page)]).await;
    let c = clients(&server.url, roomy());
    let jobs = c
        .list_jobs("a1", "dev", &JobFilter::default())
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
    assert_eq!(jobs.len(), 2);
}

#[tokio::test]
async fn get_job_reads_status_and_times() {
    let server = Server::start(vec![json(200, &job_json("j9", "COMPLETED"))]).await;
    let c = clients(&server.url, roomy());
    let job = c.get_job("a1", "dev", "j9").await.unwrap();
    assert_eq!(job.status, JobStatus::Completed);
    assert!(job.status.is_finished());
    assert_eq!(
        job.update_time,
        Some(UNIX_EPOCH + Duration::from_millis(1_610_500_140_090))
    );
    let req = &server.requests()[0];
    assert_eq!(req.method, "GET");
    assert_eq!(req.target, "/backend/a1/job/dev/j9");
}

#[tokio::test]
async fn create_auth_sends_the_wire_shape_and_reads_the_job() {
    let key = "QUJDREVGR0hJSktMTU5PUA==";
    let server = Server::start(vec![json(
        200,
        r#"{"appId":"a1","backendEnvironmentName":"dev","jobId":"job-1","operation":"CreateBackendAuth","status":"IN_PROGRESS"}"#,
    )])
    .await;
    let c = clients(&server.url, roomy());
    let job = c
        .create_auth("a1", "dev", "res1", &maximal_config(key))
        .await
        .unwrap();
    assert_eq!(job.job_id.as_deref(), Some("job-1"));
    assert_eq!(job.status, JobStatus::Other("IN_PROGRESS".into()));
    assert!(!job.status.is_finished());

    let req = &server.requests()[0];
    assert_eq!(req.target, "/backend/a1/auth");
    let body = req.json();
    assert_eq!(body["backendEnvironmentName"], "dev");
    assert_eq!(body["resourceName"], "res1");
    let up = &body["resourceConfig"]["userPoolConfigs"];
    assert_eq!(up["signInMethod"], "EMAIL_AND_PHONE_NUMBER");
    assert_eq!(up["mfa"]["MFAMode"], "OPTIONAL");
    let apple = &up["oAuth"]["socialProviderSettings"]["SignInWithApple"];
    assert_eq!(apple["private_key"], key);
    assert_eq!(apple["team_id"], "TEAM123456");
    assert_eq!(
        up["oAuth"]["socialProviderSettings"]["Google"]["client_secret"],
        "google-secret-value"
    );
}

#[tokio::test]
async fn update_auth_leaves_immutable_members_out() {
    let server = Server::start(vec![json(
        200,
        r#"{"jobId":"job-2","operation":"UpdateBackendAuth","status":"RUNNING"}"#,
    )])
    .await;
    let c = clients(&server.url, roomy());
    let update = update_request(&maximal_config("a2V5"));
    let job = c.update_auth("a1", "dev", "res1", &update).await.unwrap();
    // Members the response left out come from the request.
    assert_eq!((job.app_id.as_str(), job.env.as_str()), ("a1", "dev"));
    assert_eq!(job.status, JobStatus::Running);

    let req = &server.requests()[0];
    assert_eq!(req.target, "/backend/a1/auth/dev");
    let body = req.json();
    let up = &body["resourceConfig"]["userPoolConfigs"];
    assert!(up.get("userPoolName").is_none());
    assert!(up.get("signInMethod").is_none());
    assert_eq!(up["passwordPolicy"]["minimumLength"], 12.0);
    assert_eq!(
        body["resourceConfig"]["identityPoolConfigs"]["unauthenticatedLogin"],
        true
    );
}

#[tokio::test]
async fn delete_and_import_use_their_routes() {
    let ok = r#"{"jobId":"j","status":"RUNNING"}"#;
    let server = Server::start(vec![json(200, ok)]).await;
    let c = clients(&server.url, roomy());
    c.delete_auth("a1", "dev", "res1").await.unwrap();
    c.import_auth("a1", "dev", "us-east-1_P", "web", "native", None)
        .await
        .unwrap();
    c.import_auth("a1", "dev", "us-east-1_P", "web", "native", Some("idp"))
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].target, "/backend/a1/auth/dev/remove");
    assert_eq!(reqs[0].json()["resourceName"], "res1");
    assert_eq!(reqs[1].target, "/backend/a1/auth/dev/import");
    assert_eq!(reqs[1].json()["userPoolId"], "us-east-1_P");
    assert_eq!(reqs[1].json()["nativeClientId"], "native");
    assert!(reqs[1].json().get("identityPoolId").is_none());
    assert_eq!(reqs[2].json()["identityPoolId"], "idp");
}

#[tokio::test]
async fn get_auth_tolerates_a_partial_config() {
    let body = r#"{"appId":"a1","resourceName":"r1","resourceConfig":{
        "authResources":"USER_POOL_ONLY","service":"COGNITO",
        "userPoolConfigs":{"signInMethod":"EMAIL","requiredSignUpAttributes":["EMAIL","SHOE_SIZE"],
          "userPoolName":"pool","passwordPolicy":{"minimumLength":8},"mfa":{"MFAMode":"OFF"},
          "oAuth":{"oAuthGrantType":"CODE","oAuthScopes":["OPENID"],"redirectSignInURIs":[],"redirectSignOutURIs":[],
            "socialProviderSettings":{"SignInWithApple":{"client_id":"com.example","team_id":"T","key_id":"K"}}}}}}"#;
    let server = Server::start(vec![json(200, body)]).await;
    let c = clients(&server.url, roomy());
    let cfg = c.get_auth("a1", "dev", "r1").await.unwrap();
    assert_eq!(server.requests()[0].target, "/backend/a1/auth/dev/details");
    assert_eq!(cfg.auth_resources, AuthResources::UserPoolOnly);
    let up = &cfg.user_pool;
    assert_eq!(up.sign_in_method, SignInMethod::Email);
    assert_eq!(
        up.required_sign_up_attributes,
        [
            SignUpAttribute::Email,
            SignUpAttribute::Unknown("SHOE_SIZE".into())
        ]
    );
    assert_eq!(
        up.password_policy.as_ref().unwrap().additional_constraints,
        None
    );
    assert_eq!(up.mfa.as_ref().unwrap().settings, None);
    let apple = cfg
        .social_providers()
        .and_then(|s| s.sign_in_with_apple.as_ref())
        .unwrap();
    assert_eq!(apple.private_key, None, "the key cannot be read back");
    assert_eq!(apple.client_id.as_deref(), Some("com.example"));
}

#[tokio::test]
async fn get_auth_without_a_config_is_a_parse_error() {
    let server = Server::start(vec![json(200, r#"{"appId":"a1","error":"boom"}"#)]).await;
    let c = clients(&server.url, roomy());
    let err = c.get_auth("a1", "dev", "r1").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Parse);
    assert!(err.to_string().contains("boom"), "{err}");
    assert_eq!(err.request_id.as_deref(), Some("req-200"));
}

#[tokio::test]
async fn the_default_config_can_be_created() {
    let server = Server::start(vec![json(200, r#"{"jobId":"j","status":"RUNNING"}"#)]).await;
    let c = clients(&server.url, roomy());
    let job = c
        .create_auth("a1", "dev", "r1", &default_config("demo"))
        .await
        .unwrap();
    assert_eq!(job.operation.as_deref(), Some("CreateBackendAuth"));
    let body = server.requests()[0].json();
    assert!(
        body["resourceConfig"]["userPoolConfigs"]
            .get("oAuth")
            .is_none()
    );
}

fn app_json(id: &str, name: &str) -> String {
    format!(
        r#"{{"appId":"{id}","appArn":"arn:aws:amplify:us-east-1:123456789012:apps/{id}","name":"{name}","description":"","repository":"","platform":"WEB","createTime":1700000000,"updateTime":1700000100,"environmentVariables":{{}},"defaultDomain":"{id}.amplifyapp.com","enableBranchAutoBuild":false,"enableBasicAuth":false}}"#
    )
}

#[tokio::test]
async fn list_apps_follows_every_page() {
    let p1 = format!(
        r#"{{"apps":[{}],"nextToken":"n1"}}"#,
        app_json("d1", "first")
    );
    let p2 = format!(r#"{{"apps":[{}]}}"#, app_json("d2", "second"));
    let server = Server::start(vec![json(200, &p1), json(200, &p2)]).await;
    let c = clients(&server.url, roomy());
    let apps = c.list_apps().await.unwrap();
    let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["first", "second"]);
    assert_eq!(apps[0].app_id, "d1");
    assert_eq!(apps[0].description, None);
    assert_eq!(apps[0].platform, "WEB");
    assert_eq!(
        apps[0].update_time,
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_100))
    );
    let reqs = server.requests();
    assert_eq!(reqs[0].method, "GET");
    assert!(reqs[0].target.starts_with("/apps?"), "{}", reqs[0].target);
    assert!(reqs[0].target.contains("maxResults=100"));
    assert!(!reqs[0].target.contains("nextToken"));
    assert!(
        reqs[1].target.contains("nextToken=n1"),
        "{}",
        reqs[1].target
    );
}

#[tokio::test]
async fn list_backend_environments_follows_every_page() {
    let env = |name: &str| {
        format!(
            r#"{{"backendEnvironmentArn":"arn:aws:amplify:us-east-1:1:apps/a1/backendenvironments/{name}","environmentName":"{name}","stackName":"amplify-a1-{name}","createTime":1700000000,"updateTime":1700000000}}"#
        )
    };
    let p1 = format!(
        r#"{{"backendEnvironments":[{}],"nextToken":"e1"}}"#,
        env("dev")
    );
    let p2 = format!(r#"{{"backendEnvironments":[{}]}}"#, env("prod"));
    let server = Server::start(vec![json(200, &p1), json(200, &p2)]).await;
    let c = clients(&server.url, roomy());
    let envs = c.list_backend_environments("a1").await.unwrap();
    let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["dev", "prod"]);
    assert_eq!(envs[0].stack_name.as_deref(), Some("amplify-a1-dev"));
    let reqs = server.requests();
    assert!(reqs[0].target.starts_with("/apps/a1/backendenvironments"));
    assert!(reqs[1].target.contains("nextToken=e1"));
}

#[tokio::test]
async fn amplify_errors_name_the_operation() {
    let server = Server::start(vec![service_error(
        401,
        "UnauthorizedException",
        r#"{"message":"not allowed"}"#,
    )])
    .await;
    let c = clients(&server.url, roomy());
    let err = c.list_apps().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "ListApps failed: UnauthorizedException: not allowed (request id req-err-1)"
    );
}

/// The UI runs calls on spawned tasks, so every call's future must be `Send + 'static` once the
/// clients are cloned in.
#[tokio::test]
async fn calls_can_run_on_spawned_tasks() {
    let server = Server::start(vec![json(200, &job_json("j1", "RUNNING"))]).await;
    let c = clients(&server.url, roomy());
    let handle = tokio::spawn({
        let c = c.clone();
        async move { c.get_job("a1", "dev", "j1").await }
    });
    let job = handle.await.unwrap().unwrap();
    assert_eq!(job.job_id, "j1");
    let c2 = c.clone();
    let cfg = maximal_config("a2V5");
    let other = tokio::spawn(async move {
        let _ = c2.create_auth("a1", "dev", "r", &cfg).await;
        let _ = c2.list_jobs("a1", "dev", &JobFilter::default()).await;
        let _ = c2.list_apps().await;
        let _ = c2.get_backend("a1", None).await;
    });
    other.await.unwrap();
}

/// Each service's client is built once, on its first use, and every copy of `Clients` (one per
/// screen, task or call) shares it instead of building its own.
#[tokio::test]
async fn copies_of_the_clients_share_each_service_client() {
    let server = Server::start(vec![json(200, &job_json("j1", "COMPLETED"))]).await;
    let c = clients(&server.url, roomy());
    let copy = c.clone();
    assert!(std::ptr::eq(c.backend(), copy.backend()));
    assert!(std::ptr::eq(copy.amplify(), c.amplify()));
    assert!(std::ptr::eq(c.cognito_idp(), copy.cognito_idp()));
    assert!(std::ptr::eq(c.cognito_identity(), copy.cognito_identity()));
    let job = copy.get_job("a1", "dev", "j1").await.unwrap();
    assert!(job.status.is_finished());
    assert_eq!(server.count(), 1);
}
