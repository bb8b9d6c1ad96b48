#!/usr/bin/env bash
# Runs the release workflow (.github/workflows/release.yml) here, as far as it can run off GitHub:
# its YAML parsed, then each step's `run:` in order, in a fresh clone of this commit, with the
# tag's environment (GITHUB_REF_NAME=v<pom version>, GITHUB_ENV). `gh release create` is a stand-in
# that checks the files it would publish; `sudo` runs the command as is (run this as root).
# Checks: the jar and the package are built, SHA256SUMS lists both with the right sums, a wrong
# tag stops the workflow, and the README's "Get it" commands verify the downloaded files.
#
# Usage (as root):  bash src/test/release/check-release.sh      (needs network for Maven plugins)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
WORK=$(mktemp -d /var/tmp/slips-release.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log() { printf '%s release: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

git clone -q "$REPO" "$WORK/clone"
git -C "$WORK/clone" checkout -q "$(git -C "$REPO" rev-parse HEAD)"
cd "$WORK/clone"

# The steps, from the YAML itself: names and run scripts, in order ("uses:" steps are GitHub's).
python3 - .github/workflows/release.yml "$WORK/steps" <<'PY'
import os, sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
assert wf[True]["push"]["tags"], "runs on tags"  # YAML reads the key "on" as True
steps = wf["jobs"]["release"]["steps"]
os.makedirs(sys.argv[2])
n = 0
for step in steps:
    if "run" in step:
        n += 1
        with open(os.path.join(sys.argv[2], "%02d.sh" % n), "w") as f:
            f.write("# " + step.get("name", "") + "\n" + step["run"])
print("%d steps, %d of them run here" % (len(steps), n), file=sys.stderr)
PY

mkdir -p "$WORK/bin"
cat >"$WORK/bin/gh" <<'GH'
#!/bin/sh
# gh release create TAG --title T --generate-notes FILES...: check the files, publish nothing.
[ "$1 $2" = "release create" ] || { echo "gh stand-in: unexpected: $*" >&2; exit 1; }
shift 2
echo "$*" >"$GH_RECORD"
while [ $# -gt 0 ]; do
  case "$1" in
    --title) shift 2 ;;
    --*) shift ;;
    v*) shift ;;
    *) [ -s "$1" ] || { echo "gh stand-in: no file $1" >&2; exit 1; }; shift ;;
  esac
done
GH
printf '#!/bin/sh\nexec "$@"\n' >"$WORK/bin/sudo"
chmod 755 "$WORK/bin/gh" "$WORK/bin/sudo"

mvn -B -q help:evaluate -Dexpression=project.version -Doutput="$WORK/version.txt" >/dev/null
version=$(cat "$WORK/version.txt")
run_steps() { # TAG
  : >"$WORK/github_env"
  for step in "$WORK"/steps/*.sh; do
    log "step: $(head -1 "$step" | cut -c3-)"
    # GitHub runs each step with bash -e, and reads GITHUB_ENV between steps.
    local set_by_steps=()
    mapfile -t set_by_steps <"$WORK/github_env"
    env PATH="$WORK/bin:$PATH" GITHUB_REF_NAME="$1" GITHUB_ENV="$WORK/github_env" GH_TOKEN=none \
      GH_RECORD="$WORK/gh-args" "${set_by_steps[@]}" bash -e "$step" >>"$WORK/steps.log" 2>&1 \
      || return 1
  done
}

log "a tag that does not match pom.xml's version stops it"
if run_steps "v9.9.9"; then die "the workflow went on with tag v9.9.9 for version $version"; fi
grep -q "tag v9.9.9 but pom.xml says $version" "$WORK/steps.log" || die "no clear message for a wrong tag"

log "tag v$version"
run_steps "v$version" || { tail -30 "$WORK/steps.log" >&2; die "a step failed"; }

# What gh would publish, and the sums: as the README's "Get it" has the owner check them.
read -r -a published <"$WORK/gh-args"
log "published: ${published[*]}"
for f in failover.jar "slips-failover_${version}_all.deb" SHA256SUMS; do
  printf '%s\n' "${published[@]}" | grep -qx "dist/$f" || die "$f is not published"
done
mkdir "$WORK/download"
cp dist/failover.jar "dist/slips-failover_${version}_all.deb" dist/SHA256SUMS "$WORK/download/"
(cd "$WORK/download" && sha256sum --check --ignore-missing SHA256SUMS) >&2 || die "sums do not verify"
[ "$(wc -l <dist/SHA256SUMS)" = 2 ] || die "SHA256SUMS should list the jar and the package"
cmp -s dist/failover.jar target/failover.jar || die "the published jar is not the built one"
dpkg-deb -f "dist/slips-failover_${version}_all.deb" Version | grep -qx "$version" || die "package version"
unzip -p dist/failover.jar META-INF/MANIFEST.MF | grep -q "Main-Class" || die "the jar has no Main-Class"
# A tampered download fails the check.
echo x >>"$WORK/download/failover.jar"
if (cd "$WORK/download" && sha256sum --check --ignore-missing --quiet SHA256SUMS) >/dev/null 2>&1; then
  die "a changed jar passed the check"
fi
cat dist/SHA256SUMS >&2
log "the release workflow's steps build, check and would publish the jar, the package and their sums"
