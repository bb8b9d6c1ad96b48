#!/usr/bin/env bash
# Runs the release workflow (.github/workflows/release.yml) here, as far as it can run off GitHub:
# its YAML parsed, then each job's `run:` steps in the order the jobs need each other, in a fresh
# clone of this commit, with the tag's environment (GITHUB_REF_NAME=v<pom version>, GITHUB_SHA,
# GITHUB_ENV per job). `gh` is a stand-in: `gh api` answers how many CI runs passed on the commit
# (GH_CI_PASSED, 1 unless a check sets it), `gh release create` checks the files it would publish;
# `sudo` runs the command as is (run this as root). The `uses:` steps are GitHub's: the files the
# build job uploads are where the publish job downloads them, as the clone is one.
# Checks: the workflow's shape (a job checks that CI passed, the build job can only read and leaves
# no token in .git/config, no cache, the publish job alone writes and attests, every action of
# release.yml and ci.yml pinned by a full commit SHA with its tag beside it); the jar and the
# package are built, SHA256SUMS lists both with the right sums; a wrong tag, or a commit CI did not
# pass, stops the workflow; and the README's "Get it" commands verify the downloaded files.
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

# The workflow's shape, then its steps from the YAML itself: names and run scripts, job by job in
# the order of their needs ("uses:" steps are GitHub's).
python3 - .github/workflows/release.yml .github/workflows/ci.yml "$WORK/steps" <<'PY'
import os, re, sys, yaml
release, ci, out = sys.argv[1:4]
wf = yaml.safe_load(open(release))
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)
check(wf[True]["push"]["tags"], "runs on tags")  # YAML reads the key "on" as True
check(not wf.get("permissions"), "no rights for the whole workflow (each job names its own)")
jobs = wf["jobs"]
order, seen = [], set()
while len(order) < len(jobs):
    ready = [n for n, j in jobs.items() if n not in seen
             and set([j["needs"]] if isinstance(j.get("needs"), str) else j.get("needs", [])) <= seen]
    assert ready, "the jobs' needs make a loop"
    order.append(ready[0]); seen.add(ready[0])
def uses(job, action):
    return [s for s in jobs[job]["steps"] if s.get("uses", "").startswith(action + "@")]
def needs(job):
    n = jobs[job].get("needs", [])
    return set([n] if isinstance(n, str) else n)
def upstream(job):
    return needs(job) | set().union(*[upstream(n) for n in needs(job)]) if needs(job) else set()
check(set(jobs) >= {"ci-passed", "build", "publish"}, "jobs ci-passed, build, publish")
if not problems:
    check("gh api" in "".join(s.get("run", "") for s in jobs["ci-passed"]["steps"]),
          "ci-passed asks GitHub for CI's runs on the commit")
    check("ci-passed" in upstream("build") and "build" in upstream("publish"),
          "publish needs build, which needs ci-passed")
    check(jobs["build"].get("permissions") == {"contents": "read"}, "build: contents: read only")
    check(all(v in ("read", "none") for v in jobs["ci-passed"].get("permissions", {"x": "write"}).values()),
          "ci-passed: read-only rights")
    checkout = uses("build", "actions/checkout")
    check(checkout and all(s.get("with", {}).get("persist-credentials") is False for s in checkout),
          "build: checkout with persist-credentials: false")
    check(all("cache" not in s.get("with", {}) for s in jobs["build"]["steps"])
          and not any(s.get("uses", "").startswith("actions/cache") for j in jobs.values() for s in j["steps"]),
          "no cache in the release")
    check(jobs["publish"].get("permissions") == {"contents": "write", "id-token": "write", "attestations": "write"},
          "publish: contents, id-token and attestations: write, nothing else")
    check(not uses("publish", "actions/checkout") and not any("mvn" in s.get("run", "") for s in jobs["publish"]["steps"]),
          "publish checks nothing out and builds nothing")
    attest = uses("publish", "actions/attest-build-provenance")
    check(attest and "dist/SHA256SUMS" in attest[0].get("with", {}).get("subject-path", ""),
          "publish attests the files and SHA256SUMS")
    writers = [n for n, j in jobs.items() if any(v == "write" for v in j.get("permissions", {}).values())]
    check(writers == ["publish"], "only publish has write rights (not %s)" % writers)
for path in (release, ci):
    for line in open(path):
        m = re.match(r"\s*-?\s*uses:\s*(\S+)(.*)", line)
        if m:
            check(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", m.group(1))
                  and re.fullmatch(r"\s+# v\d+(\.\d+)*", m.group(2)),
                  "%s: %s pinned by a full commit SHA, its tag in a comment" % (path, m.group(1)))
if problems:
    sys.exit("the workflow's shape:\n  " + "\n  ".join(problems))
os.makedirs(out)
n = 0
for job in order:
    for step in jobs[job]["steps"]:
        if "run" in step:
            n += 1
            with open(os.path.join(out, "%02d.sh" % n), "w") as f:
                f.write("# %s: %s\n%s" % (job, step.get("name", ""), step["run"]))
print("jobs %s; %d steps run here; shape checked" % (" -> ".join(order), n), file=sys.stderr)
PY

mkdir -p "$WORK/bin"
cat >"$WORK/bin/gh" <<'GH'
#!/bin/sh
# gh api .../actions/workflows/ci.yml/runs ... --jq .total_count: the CI runs that passed.
if [ "$1" = api ]; then
  case "$*" in
    *"actions/workflows/ci.yml/runs"*"head_sha=$GITHUB_SHA"*"status=success"*) echo "$GH_CI_PASSED"; exit 0 ;;
    *) echo "gh stand-in: unexpected: $*" >&2; exit 1 ;;
  esac
fi
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
run_steps() { # TAG [CI_PASSED]
  local job="" sha
  sha=$(git rev-parse HEAD)
  rm -rf dist
  for step in "$WORK"/steps/*.sh; do
    log "step: $(head -1 "$step" | cut -c3-)"
    # GitHub runs each step with bash -e, and reads GITHUB_ENV between the steps of a job.
    if [ "$(head -1 "$step" | cut -d: -f1)" != "$job" ]; then
      job=$(head -1 "$step" | cut -d: -f1)
      : >"$WORK/github_env"
    fi
    local set_by_steps=()
    mapfile -t set_by_steps <"$WORK/github_env"
    env PATH="$WORK/bin:$PATH" GITHUB_REF_NAME="$1" GITHUB_SHA="$sha" GITHUB_ENV="$WORK/github_env" \
      GITHUB_REPOSITORY=owner/slips-failover GH_TOKEN=none GH_REPO=owner/slips-failover \
      GH_CI_PASSED="${2:-1}" GH_RECORD="$WORK/gh-args" "${set_by_steps[@]}" bash -e "$step" \
      >>"$WORK/steps.log" 2>&1 || return 1
  done
}

log "a commit CI did not pass stops it"
if run_steps "v$version" 0; then die "the workflow went on though CI had not passed"; fi
grep -q "CI has not passed on $(git rev-parse HEAD)" "$WORK/steps.log" || die "no clear message for CI not passed"
[ ! -e dist ] || die "a step after the CI check ran"

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
