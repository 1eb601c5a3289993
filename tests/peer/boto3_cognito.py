"""boto3 against the sandbox's Cognito operations (issue 26): every read the app makes and the
console writes, on the pools of the demo app's auth resource. Run by tests/sandbox/peer_clients.rs with
the sandbox's endpoint and keys in the environment; PEER_POOL and PEER_IDENTITY_POOL name the
pools. Prints "boto3 cognito: all steps passed" at the end; any failed check raises."""
import os

import boto3
from botocore.exceptions import ClientError

pool = os.environ["PEER_POOL"]
identity_pool = os.environ["PEER_IDENTITY_POOL"]
idp = boto3.client("cognito-idp")
identity = boto3.client("cognito-identity")

p = idp.describe_user_pool(UserPoolId=pool)["UserPool"]
assert p["Id"] == pool, p
assert p["Policies"]["PasswordPolicy"]["MinimumLength"] >= 6, p
mfa = idp.get_user_pool_mfa_config(UserPoolId=pool)
assert mfa["MfaConfiguration"] == p["MfaConfiguration"], mfa

clients = idp.list_user_pool_clients(UserPoolId=pool, MaxResults=1)
assert len(clients["UserPoolClients"]) == 1 and "NextToken" in clients, clients
rest = idp.list_user_pool_clients(UserPoolId=pool, MaxResults=60, NextToken=clients["NextToken"])
ids = [c["ClientId"] for c in clients["UserPoolClients"] + rest["UserPoolClients"]]
assert len(ids) == 2, ids
for cid in ids:
    c = idp.describe_user_pool_client(UserPoolId=pool, ClientId=cid)["UserPoolClient"]
    assert c["ClientId"] == cid, c

# A console write on a client: UpdateUserPoolClient sets what it is given.
c = idp.update_user_pool_client(UserPoolId=pool, ClientId=ids[0], EnableTokenRevocation=False)
assert c["UserPoolClient"]["EnableTokenRevocation"] is False, c

providers = idp.list_identity_providers(UserPoolId=pool)["Providers"]
for pr in providers:
    d = idp.describe_identity_provider(UserPoolId=pool, ProviderName=pr["ProviderName"])
    assert d["IdentityProvider"]["ProviderName"] == pr["ProviderName"], d

# A console write on a provider: UpdateIdentityProvider changes the members it is given.
assert providers, "the demo's staging pool has identity providers"
name = providers[0]["ProviderName"]
updated = idp.update_identity_provider(
    UserPoolId=pool, ProviderName=name, AttributeMapping={"email": "email", "name": "name"}
)["IdentityProvider"]
assert updated["AttributeMapping"] == {"email": "email", "name": "name"}, updated
assert "client_id" in updated["ProviderDetails"], updated

idp.create_group(UserPoolId=pool, GroupName="boto3-editors", Precedence=3)
groups = [g["GroupName"] for g in idp.list_groups(UserPoolId=pool)["Groups"]]
assert "boto3-editors" in groups, groups
try:
    idp.create_group(UserPoolId=pool, GroupName="boto3-editors")
    raise AssertionError("a second CreateGroup with the same name succeeded")
except ClientError as e:
    assert e.response["Error"]["Code"] == "GroupExistsException", e.response

idp.set_user_pool_mfa_config(
    UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL"
)
assert idp.get_user_pool_mfa_config(UserPoolId=pool)["MfaConfiguration"] == "OPTIONAL"

try:
    idp.describe_user_pool(UserPoolId="us-east-1_Missing01")
    raise AssertionError("a missing pool was described")
except ClientError as e:
    assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response

ip = identity.describe_identity_pool(IdentityPoolId=identity_pool)
assert ip["IdentityPoolId"] == identity_pool, ip
roles = identity.get_identity_pool_roles(IdentityPoolId=identity_pool)
assert roles["Roles"]["authenticated"].endswith("-authRole"), roles
updated = identity.update_identity_pool(
    IdentityPoolId=identity_pool,
    IdentityPoolName=ip["IdentityPoolName"],
    AllowUnauthenticatedIdentities=True,
)
assert updated["AllowUnauthenticatedIdentities"] is True, updated

print("boto3 cognito: all steps passed")
