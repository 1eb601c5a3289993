#!/usr/bin/env python3
"""The reads `amplify-auth audit` makes, done with boto3 one after another, as a script would.

ListApps (all pages); per app ListBackendEnvironments (all pages); per environment GetBackend,
the auth resources out of its amplifyMetaConfig, GetBackendAuth for each, ListBackendJobs (all
pages). Endpoint, region and credentials come from the environment (the sandbox's export lines).
Prints JSON: every (app, environment) pair, the auth resources read, and the request count; the
benchmark (scripts/bench_audit.py) times the whole process.

With `--live` it also makes the live Cognito reads the audit makes per auth resource (issue 26):
DescribeUserPool, GetUserPoolMfaConfig, ListUserPoolClients and DescribeUserPoolClient for each,
DescribeUserPoolDomain, ListIdentityProviders and DescribeIdentityProvider for each, ListGroups,
DescribeIdentityPool and GetIdentityPoolRoles (scripts/bench_live.py).
"""

import json
import os
import sys
import time

import boto3

t0 = time.perf_counter()
endpoint = os.environ["AWS_ENDPOINT_URL"]
region = os.environ.get("AWS_REGION", "us-east-1")
amplify = boto3.client("amplify", region_name=region, endpoint_url=endpoint)
backend = boto3.client("amplifybackend", region_name=region, endpoint_url=endpoint)
live = "--live" in sys.argv[1:]
idp = boto3.client("cognito-idp", region_name=region, endpoint_url=endpoint)
identity = boto3.client("cognito-identity", region_name=region, endpoint_url=endpoint)
requests = 0
pairs = []
resources = 0


def pages(call, key, **kwargs):
    global requests
    token = None
    while True:
        args = dict(kwargs)
        if token:
            args["nextToken" if key != "Jobs" else "NextToken"] = token
        out = call(**args)
        requests += 1
        yield from out.get(key, [])
        token = out.get("nextToken") or out.get("NextToken")
        if not token:
            return


def read_live(out):
    """The live Cognito reads of one auth resource, one after another."""
    global requests
    pool = out.get("UserPoolId")
    if pool:
        p = idp.describe_user_pool(UserPoolId=pool)["UserPool"]
        idp.get_user_pool_mfa_config(UserPoolId=pool)
        clients = idp.list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]
        for c in clients:
            idp.describe_user_pool_client(UserPoolId=pool, ClientId=c["ClientId"])
        providers = idp.list_identity_providers(UserPoolId=pool, MaxResults=60)["Providers"]
        for pr in providers:
            idp.describe_identity_provider(UserPoolId=pool, ProviderName=pr["ProviderName"])
        idp.list_groups(UserPoolId=pool, Limit=60)
        requests += 5 + len(clients) + len(providers)
        if p.get("Domain"):
            idp.describe_user_pool_domain(Domain=p["Domain"])
            requests += 1
    if out.get("IdentityPoolId"):
        identity.describe_identity_pool(IdentityPoolId=out["IdentityPoolId"])
        identity.get_identity_pool_roles(IdentityPoolId=out["IdentityPoolId"])
        requests += 2


for app in pages(amplify.list_apps, "apps"):
    app_id = app["appId"]
    for env in pages(amplify.list_backend_environments, "backendEnvironments", appId=app_id):
        name = env["environmentName"]
        pairs.append([app_id, name])
        info = backend.get_backend(AppId=app_id, BackendEnvironmentName=name)
        requests += 1
        meta = json.loads(info.get("AmplifyMetaConfig") or "{}")
        if isinstance(meta, str):
            meta = json.loads(meta)
        auth = meta.get("auth", {}) if isinstance(meta, dict) else {}
        for res, v in auth.items():
            if res != "userPoolGroups" and isinstance(v, dict) and v.get("service") == "Cognito":
                backend.get_backend_auth(AppId=app_id, BackendEnvironmentName=name, ResourceName=res)
                requests += 1
                resources += 1
                if live:
                    read_live(v.get("output", {}))
        for _ in pages(backend.list_backend_jobs, "Jobs", AppId=app_id, BackendEnvironmentName=name):
            pass

json.dump(
    {
        "Environments": pairs,
        "Resources": resources,
        "Requests": requests,
        "Seconds": time.perf_counter() - t0,
    },
    sys.stdout,
)
print()
