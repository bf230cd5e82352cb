#!/usr/bin/env bash
# Proves the npm package the way a team installs it (CI runs this after `npm run build`):
#  1. `npm pack`s it and checks the tarball ships JavaScript and .d.ts, not TypeScript sources or tests;
#  2. installs it, without devDependencies, into a fresh copy of examples/consumer (its own package.json
#     and Pulumi.yaml), from the npm cache where it can (`--prefer-offline`);
#  3. type-checks the consumer's program with strict, noUncheckedIndexedAccess and
#     exactOptionalPropertyTypes (and the package's .d.ts: no skipLibCheck);
#  4. runs it through Pulumi's own loader (@pulumi/pulumi/cmd/run, as `pulumi preview` starts it, its
#     ts-node type-checking again), answered by a local engine (scripts/run-program.js);
#  5. runs `npx hai --help` there, and loads `hybrid-ai-infra/policies` without any cloud SDK;
#  6. starts this repository as a Pulumi component plugin (@pulumi/pulumi/cmd/run-plugin, as
#     `pulumi package add` does) and asks it for its schema over gRPC.
# Prints the time each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step_start=$SECONDS
step() {
  echo "check-package: $1 ($((SECONDS - step_start)) s)"
  step_start=$SECONDS
}

if [[ ! -f dist/index.js || ! -f dist/cli/main.js ]]; then
  echo "check-package: dist/ is missing; run \`npm run build\` first" >&2
  exit 1
fi

tarball="$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"
tar -tzf "$work/$tarball" | sed 's|^package/||' | sort >"$work/files"
if grep -E '\.ts$' "$work/files" | grep -vE '\.d\.ts$'; then
  echo "check-package: the tarball ships TypeScript sources (above)" >&2
  exit 1
fi
if grep -E '^(dist/)?(test|bench|examples)/' "$work/files"; then
  echo "check-package: the tarball ships tests, benches or examples (above)" >&2
  exit 1
fi
for f in dist/index.js dist/index.d.ts dist/policies/registry.js dist/policies/registry.d.ts dist/provider/index.js bin/hai.js; do
  grep -qx "$f" "$work/files" || {
    echo "check-package: the tarball lacks $f" >&2
    exit 1
  }
done
step "packed $tarball, $(wc -l <"$work/files") files, $(du -k "$work/$tarball" | cut -f1) KiB"

cp -r examples/consumer "$work/consumer"
cd "$work/consumer"
npm install --prefer-offline --omit=dev --no-audit --no-fund --loglevel=error "$work/$tarball"
if [[ -d node_modules/hybrid-ai-infra/node_modules/@pulumi/pulumi ]]; then
  echo "check-package: a second @pulumi/pulumi was installed under hybrid-ai-infra" >&2
  exit 1
fi
step "installed into a fresh project (npm install --prefer-offline --omit=dev)"

./node_modules/.bin/tsc --noEmit -p tsconfig.json
step "type-checked the consumer (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes)"

kubeconfig='apiVersion: v1
kind: Config
clusters: [{name: store, cluster: {server: "https://10.0.0.1:6443"}}]
contexts: [{name: store, context: {cluster: store, user: store}}]
current-context: store
users: [{name: store, user: {token: placeholder}}]'
out="$(node "$root/scripts/run-program.js" . dev \
  --secret "storeKubeconfig=$kubeconfig")"
echo "$out"
node -e '
  const r = JSON.parse(process.argv[1]);
  for (const t of ["hybrid-ai:compute:GpuNodePool", "hybrid-ai:schedule:ShutdownSchedule",
                   "hybrid-ai:edge:EdgeInferenceSite", "aws:eks/nodeGroup:NodeGroup",
                   "aws:autoscaling/schedule:Schedule", "kubernetes:apps/v1:Deployment"]) {
    if (!r.byType[t]) { console.error(`check-package: the program registered no ${t}`); process.exit(1); }
  }' "$out"
step "ran the program through @pulumi/pulumi/cmd/run (ts-node, type-checked, as pulumi up runs it)"

npx --no-install hai --help >"$work/hai-help.txt"
grep -q "review" "$work/hai-help.txt" || {
  cat "$work/hai-help.txt"
  exit 1
}
step "npx hai --help"

node -e '
  const { guardrailPolicies } = require("hybrid-ai-infra/policies");
  const sdks = Object.keys(require.cache).filter((k) => /@pulumi\/(aws|gcp|kubernetes)\//.test(k));
  if (guardrailPolicies.length === 0 || sdks.length > 0) {
    console.error(`check-package: hybrid-ai-infra/policies: ${guardrailPolicies.length} policies, ${sdks.length} cloud SDK modules loaded`);
    process.exit(1);
  }'
step "hybrid-ai-infra/policies: the policy definitions, no cloud SDK loaded"

cd "$root"
node scripts/check-plugin-schema.js
step "component plugin: GetSchema over gRPC from @pulumi/pulumi/cmd/run-plugin"
