#!/usr/bin/env bash
# Refreshes the CloudFormation resource specification the template is checked against
# (tests/DrinkPipeline.DeployTests/CloudFormationSpec/resource-spec.json.gz): AWS's own specification as the CDK
# team publishes it on npm (@aws-cdk/aws-service-spec, db.json.gz, 2.6 MB), slimmed to what the check reads —
# resource types, their properties (type, required) and Fn::GetAtt attributes, and the nested property types —
# so the repository holds ~0.5 MB instead of the whole database with its documentation.
# Usage: tools/cfn-spec/update.sh [version]   (default: the newest on npm)
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${1:-latest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@aws-cdk/aws-service-spec@$version" > /dev/null && tar xzf ./*.tgz)
python3 - "$work/package" tests/DrinkPipeline.DeployTests/CloudFormationSpec/resource-spec.json.gz <<'PY'
import gzip, json, sys
package, target = sys.argv[1], sys.argv[2]
version = json.load(open(f"{package}/package.json"))["version"]
schema = json.load(gzip.open(f"{package}/db.json.gz"))["schema"]
def properties(entity):
    return {name: {"type": p["type"], "required": bool(p.get("required"))} for name, p in entity.get("properties", {}).items()}
spec = {
    "source": f"@aws-cdk/aws-service-spec {version} (db.json.gz)",
    "resources": {e["cloudFormationType"]: {"properties": properties(e), "attributes": sorted(e.get("attributes", {}))}
                  for e in schema["resource"]["entities"]},
    "types": {d["$id"]: {"name": d.get("name"), "properties": properties(d)} for d in schema["typeDefinition"]["entities"]},
}
with gzip.GzipFile(target, "wb", 9, mtime=0) as out:
    out.write(json.dumps(spec, separators=(",", ":"), sort_keys=True).encode())
print(f"{spec['source']}: {len(spec['resources'])} resource types, {len(spec['types'])} property types -> {target}")
PY
