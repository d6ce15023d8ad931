#!/usr/bin/env bash
# The whole suite: lint + type check, then every unit and integration test.
# Ends with one plain 'N passed, N failed, N skipped' line for CI.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run --silent lint || exit 1
mkdir -p out
npx vitest run --reporter=default --reporter=json --outputFile.json=out/vitest.json "$@"
rc=$?
node -e '
const r = JSON.parse(require("fs").readFileSync("out/vitest.json", "utf8"));
console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $rc
