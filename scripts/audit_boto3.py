#!/usr/bin/env python3
"""The reads `amplify-auth audit` makes, done with boto3 one after another, as a script would.

ListApps (all pages); per app ListBackendEnvironments (all pages); per environment GetBackend,
the auth resources out of its amplifyMetaConfig, GetBackendAuth for each, ListBackendJobs (all
pages). Endpoint, region and credentials come from the environment (the sandbox's export lines).
Prints JSON: every (app, environment) pair, the auth resources read, and the request count; the
benchmark (scripts/bench_audit.py) times the whole process.
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
