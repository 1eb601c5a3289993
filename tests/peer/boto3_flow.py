"""Drives `amplify-auth serve` with boto3, as a user of AWS's own Python SDK would.

Run by tests/sandbox/peer_clients.rs with AWS_ENDPOINT_URL and the sandbox's key pair in the environment.
Every check is an assert; the script prints one line per step so a failure shows where it was.
"""
import time

import boto3
import botocore.exceptions

c = boto3.client("amplifybackend")
amplify = boto3.client("amplify")
ENV = "dev"
APP = None  # set by CreateApp below


def step(name):
    print("step:", name, flush=True)


def wait(job_id, env=ENV):
    for _ in range(600):
        j = c.get_backend_job(AppId=APP, BackendEnvironmentName=env, JobId=job_id)
        if j["Status"] != "RUNNING":
            return j
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still RUNNING")


def error_code(fn, **kw):
    try:
        fn(**kw)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"].get("Message", "")
    raise AssertionError(f"{fn.__name__} succeeded")


APPLE_KEY = __import__("os").environ["PEER_APPLE_KEY"]

step("create backend for an app that does not exist")
code, status, _ = error_code(c.create_backend, AppId="dpeernoapp", AppName="peer", BackendEnvironmentName=ENV)
assert (code, status) == ("NotFoundException", 404), (code, status)

step("create app")
APP = amplify.create_app(name="peer")["app"]["appId"]
assert APP.startswith("d"), APP

step("create backend")
out = c.create_backend(AppId=APP, AppName="peer", BackendEnvironmentName=ENV)
assert wait(out["JobId"])["Status"] == "COMPLETED"

config = {
    "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
    "Service": "COGNITO",
    "IdentityPoolConfigs": {"IdentityPoolName": "peer_identitypool", "UnauthenticatedLogin": False},
    "UserPoolConfigs": {
        "UserPoolName": "peer_userpool",
        "SignInMethod": "EMAIL",
        "RequiredSignUpAttributes": ["EMAIL"],
        "Mfa": {"MFAMode": "OPTIONAL", "Settings": {"MfaTypes": ["TOTP"]}},
        "OAuth": {
            "DomainPrefix": "peer-boto3",
            "OAuthGrantType": "CODE",
            "OAuthScopes": ["EMAIL", "OPENID"],
            "RedirectSignInURIs": ["https://peer.example.com/"],
            "RedirectSignOutURIs": ["https://peer.example.com/out/"],
            "SocialProviderSettings": {
                # Odd IDs: Cognito stores ProviderDetails unchecked, so the job completes.
                "Google": {"ClientId": "12345", "ClientSecret": "google-secret"},
                "SignInWithApple": {"ClientId": "com.example.peer", "TeamId": "TEAM12",
                                    "KeyId": "KEY1", "PrivateKey": APPLE_KEY},
            },
        },
    },
}

step("create auth with odd provider ids completes")
out = c.create_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth", ResourceConfig=config)
j = wait(out["JobId"])
assert j["Status"] == "COMPLETED", j

step("get auth: no Apple private key, no client secret by default")
got = c.get_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth")["ResourceConfig"]
sp = got["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]
assert "PrivateKey" not in sp["SignInWithApple"], sp
assert sp["SignInWithApple"]["TeamId"] == "TEAM12", sp
assert "ClientSecret" not in sp["Google"], sp
assert sp["Google"]["ClientId"] == "12345", sp

step("GetBackend: HostedUIDomain carries the env suffix")
meta = __import__("json").loads(c.get_backend(AppId=APP, BackendEnvironmentName=ENV)["AmplifyMetaConfig"])
assert meta["auth"]["peerauth"]["output"]["HostedUIDomain"] == "peer-boto3-dev", meta

step("OAuth {} removes the hosted UI")
upd = {"AuthResources": "IDENTITY_POOL_AND_USER_POOL", "Service": "COGNITO",
       "UserPoolConfigs": {"OAuth": {}, "Mfa": {"MFAMode": "OPTIONAL", "Settings": {"MfaTypes": ["TOTP"]}}}}
out = c.update_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth", ResourceConfig=upd)
assert wait(out["JobId"])["Status"] == "COMPLETED"
got = c.get_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth")["ResourceConfig"]
assert "OAuth" not in got["UserPoolConfigs"], got
assert got["UserPoolConfigs"]["Mfa"]["MFAMode"] == "OPTIONAL", got

step("an omitted Mfa becomes OFF")
upd = {"AuthResources": "IDENTITY_POOL_AND_USER_POOL", "Service": "COGNITO", "UserPoolConfigs": {}}
out = c.update_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth", ResourceConfig=upd)
assert wait(out["JobId"])["Status"] == "COMPLETED"
got = c.get_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth")["ResourceConfig"]
assert got["UserPoolConfigs"]["Mfa"]["MFAMode"] == "OFF", got

step("an upper-case domain prefix fails the job in the hosted UI custom resource, as on AWS")
upd = {"AuthResources": "IDENTITY_POOL_AND_USER_POOL", "Service": "COGNITO",
       "UserPoolConfigs": {"OAuth": {"DomainPrefix": "Peer", "OAuthGrantType": "CODE", "OAuthScopes": ["EMAIL"],
                                     "RedirectSignInURIs": ["https://a.example/"], "RedirectSignOutURIs": ["https://a.example/"]}}}
out = c.update_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth", ResourceConfig=upd)
j = wait(out["JobId"])
assert j["Status"] == "FAILED" and j["Error"].startswith("UPDATE_FAILED HostedUICustomResourceInputs (Custom::LambdaCallout): Received response status [FAILED] from custom resource. Message returned: See the details in CloudWatch Log Stream: "), j

step("the pending-job refusal")
out = c.update_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth", ResourceConfig=upd)
code, status, msg = error_code(c.delete_backend_auth, AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth")
assert status == 400 and "pending job" in msg, (code, status, msg)
wait(out["JobId"])

step("jobs are listed newest first")
jobs = c.list_backend_jobs(AppId=APP, BackendEnvironmentName=ENV)["Jobs"]
assert len(jobs) >= 5 and jobs[0]["Operation"] == "UpdateBackendAuth", jobs

step("an unserved operation is 501 NotImplementedException, not a 400")
code, status, msg = error_code(c.delete_backend, AppId=APP, BackendEnvironmentName=ENV)
assert (code, status) == ("NotImplementedException", 501) and "DeleteBackend" in msg, (code, status, msg)

step("an unknown pool cannot be imported")
code, status, msg = error_code(c.import_backend_auth, AppId=APP, BackendEnvironmentName=ENV,
                               UserPoolId="us-east-1_Nope12345", WebClientId="web", NativeClientId="native")
assert (code, status) == ("NotFoundException", 404), (code, status, msg)

step("unknown app is NotFound")
code, status, _ = error_code(c.get_backend, AppId="dnosuchapp")
assert (code, status) == ("NotFoundException", 404)

step("delete")
out = c.delete_backend_auth(AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth")
assert wait(out["JobId"])["Status"] == "COMPLETED"
code, _, _ = error_code(c.get_backend_auth, AppId=APP, BackendEnvironmentName=ENV, ResourceName="peerauth")
assert code == "NotFoundException"
print("boto3: all steps passed", flush=True)
