#!/usr/bin/env bash
# Builds hardtack-core at VERSION from a committed tree and stores it as the API baseline that japicmp checks
# every build against (core/api-baseline/hardtack-core-VERSION.jar), then points the parent pom at it.
#
#   scripts/refresh-api-baseline.sh 0.1.0            # from HEAD
#   scripts/refresh-api-baseline.sh 0.2.0 v0.2.0     # from the release tag
#
# Run it right after a release, from the release's commit or tag: the baseline must be the API users have.
# Nothing is installed into ~/.m2; the build runs in a temporary copy of the tree.
set -euo pipefail
version="${1:?usage: $0 VERSION [COMMIT]}"
commit="${2:-HEAD}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

git -C "$root" archive "$commit" | tar -x -C "$tmp"
current="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$tmp/pom.xml" | head -1)"
find "$tmp" -name pom.xml -exec sed -i "s|<version>${current}</version>|<version>${version}</version>|" {} +
(cd "$tmp" && mvn -B -q -pl core -am package -DskipTests -Djapicmp.skip=true)

mkdir -p "$root/core/api-baseline"
rm -f "$root"/core/api-baseline/hardtack-core-*.jar
cp "$tmp/core/target/hardtack-core-${version}.jar" "$root/core/api-baseline/"
sed -i "s|<hardtack.api.baseline>.*</hardtack.api.baseline>|<hardtack.api.baseline>${version}</hardtack.api.baseline>|" \
  "$root/pom.xml"
echo "baseline: core/api-baseline/hardtack-core-${version}.jar (from ${commit}); commit it with pom.xml"
