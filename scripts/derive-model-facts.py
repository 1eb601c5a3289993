#!/usr/bin/env python3
"""Derive the facts amplify-auth needs from the AWS service models into src/model/*.json.

Run by developers when a model changes: `python3 scripts/derive-model-facts.py ../shared/aws-models`.
The output keeps names and shapes only (routes, member names, wire names, required members, enums,
bounds); no documentation text is copied. Tests and the sandbox read the derived files, never the
models themselves, so a clone without ../shared builds and tests.
"""
import json
import os
import sys

SERVICES = {
    # file stem -> (output name, operations to keep; None keeps all)
    "amplifybackend-2020-08-11": ("amplifybackend", None),
    "amplify-2017-07-25": ("amplify", ["CreateApp", "ListApps", "ListBackendEnvironments"]),
    # What the sandbox's rules check (src/sandbox/rules): the calls the service's Amplify CLI makes
    # to create the pools, domain, app clients and identity providers of an auth resource, and the
    # describe calls whose answers an import reads.
    "cognito-idp-2016-04-18": (
        "cognito_idp",
        [
            "CreateUserPool",
            "CreateUserPoolClient",
            "CreateUserPoolDomain",
            "CreateIdentityProvider",
            "SetUserPoolMfaConfig",
            "DescribeUserPool",
            "DescribeUserPoolClient",
            # Issue 26: the live reads the sandbox serves, and the console writes it accepts.
            "ListUserPoolClients",
            "DescribeUserPoolDomain",
            "ListIdentityProviders",
            "DescribeIdentityProvider",
            "GetUserPoolMfaConfig",
            "ListGroups",
            "UpdateUserPool",
            "AddCustomAttributes",
            "CreateGroup",
            "UpdateUserPoolClient",
            "UpdateIdentityProvider",
        ],
    ),
    "cognito-identity-2014-06-30": (
        "cognito_identity",
        [
            "CreateIdentityPool",
            "DescribeIdentityPool",
            "GetIdentityPoolRoles",
            "UpdateIdentityPool",
        ],
    ),
}


def compact_shape(shape):
    t = shape["type"]
    out = {"type": t}
    if t == "structure":
        out["required"] = sorted(shape.get("required", []))
        members = {}
        for name, m in shape["members"].items():
            entry = {"shape": m["shape"], "wire": m.get("locationName", name)}
            if m.get("location"):
                entry["location"] = m["location"]
            members[name] = entry
        out["members"] = members
        err = shape.get("error")
        if err:
            out["error"] = {"httpStatusCode": err.get("httpStatusCode")}
        if shape.get("exception"):
            out["exception"] = True
    elif t == "list":
        out["member"] = shape["member"]["shape"]
    elif t == "map":
        out["key"] = shape["key"]["shape"]
        out["value"] = shape["value"]["shape"]
    if "enum" in shape:
        out["enum"] = shape["enum"]
    for bound in ("min", "max", "pattern"):
        if bound in shape:
            out[bound] = shape[bound]
    return out


def reachable(shapes, roots):
    seen, stack = set(), list(roots)
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        s = shapes[n]
        if s["type"] == "structure":
            stack.extend(m["shape"] for m in s["members"].values())
        elif s["type"] == "list":
            stack.append(s["member"]["shape"])
        elif s["type"] == "map":
            stack += [s["key"]["shape"], s["value"]["shape"]]
    return seen


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/aws-models"
    here = os.path.dirname(os.path.abspath(__file__))
    for stem, (name, keep) in SERVICES.items():
        model = json.load(open(os.path.join(src, stem + ".service.json")))
        ops = {}
        for op_name, op in model["operations"].items():
            if keep is not None and op_name not in keep:
                continue
            ops[op_name] = {
                "method": op["http"]["method"],
                "uri": op["http"]["requestUri"],
                "code": op["http"].get("responseCode", 200),
                "input": op.get("input", {}).get("shape"),
                "output": op.get("output", {}).get("shape"),
                "errors": [e["shape"] for e in op.get("errors", [])],
            }
        roots = set()
        for op in ops.values():
            roots.update(x for x in [op["input"], op["output"], *op["errors"]] if x)
        shapes = {n: compact_shape(model["shapes"][n]) for n in sorted(reachable(model["shapes"], roots))}
        meta = model["metadata"]
        facts = {
            "service": meta["serviceId"],
            "signingName": meta.get("signingName", meta["endpointPrefix"]),
            "apiVersion": meta["apiVersion"],
            "protocol": meta["protocol"],
            "operations": ops,
            "shapes": shapes,
        }
        out = os.path.join(here, "..", "src", "model", name + ".json")
        with open(out, "w") as f:
            json.dump(facts, f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"wrote {out}: {len(ops)} operations, {len(shapes)} shapes")


if __name__ == "__main__":
    main()
