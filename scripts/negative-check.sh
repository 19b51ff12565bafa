#!/bin/sh
# negative-check.sh [OUT.tap]: the harness must fail loudly, and say why,
# when the series does not apply or when a guest kernel dies.
#  1. a copy of the series with one hunk's context broken: apply-series.sh
#     fails, names the patch and the file, and leaves refs/harness/patched
#     as it was;
#  2. a guest whose kernel panics (sysrq-c) under the patched kernel:
#     guest-run.sh fails and prints the panic;
#  3. a checkout under /tmp (which the guest covers with its own tmpfs)
#     runs its guest jobs from its own path;
#  4. a guest that cannot see the checkout fails with that reason.
set -u
. "$(dirname "$0")/lib.sh"

out=${1:-/dev/null}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$TOP/scripts/tap.sh"
result() {	# result 1|0 DESCRIPTION
	if [ "$1" -eq 1 ]; then tap_ok "$2"; else tap_not_ok "$2"; fi
}
{
tap_header
tap_plan 6

# 1. A patch that does not apply.
mkdir -p "$tmp/patches"
cp "$TOP"/patches/*.patch "$tmp/patches/"
victim=$(ls "$tmp"/patches/*.patch | grep -v '/0000-' | sed -n 3p)
file=$(sed -n 's|^+++ b/||p' "$victim" | head -n 1)
# Break the first context line of the first hunk of its first file.
awk 'done || !/^@@/ { print; next }
     { print; getline; print "!" substr($0, 2) " broken"; done = 1 }' "$victim" >"$tmp/v" &&
	sed -i 's/^!/ /' "$tmp/v" && mv "$tmp/v" "$victim"
before=$(git -C "$BASE_DIR" rev-parse -q --verify refs/harness/patched || echo none)
PATCHES="$tmp/patches" "$TOP/scripts/apply-series.sh" >"$tmp/apply.log" 2>&1
rc=$?
tail -n 6 "$tmp/apply.log" | tap_diag
result "$([ $rc -ne 0 ] && echo 1 || echo 0)" "a patch that does not apply fails the step (exit $rc)"
result "$(grep -q "patch 0003 .*does not apply.*$file" "$tmp/apply.log" && echo 1 || echo 0)" \
	"the error names the patch (0003) and the file ($file)"
after=$(git -C "$BASE_DIR" rev-parse -q --verify refs/harness/patched || echo none)
clean=$(git -C "$BUILD/k/apply" status --porcelain 2>/dev/null | wc -l)
result "$([ "$before" = "$after" ] && [ "$clean" -eq 0 ] && echo 1 || echo 0)" \
	"nothing is left half-applied (ref unchanged, scratch tree clean)"

# 2. A guest that panics.
kernel_paths patched; kernel=$K_IMAGE
"$TOP/scripts/guest-run.sh" -n negative-panic -t 300 "$kernel" \
	'echo c >/proc/sysrq-trigger' >"$tmp/panic.log" 2>&1
rc=$?
grep -E 'splat|Kernel panic|FAILED' "$tmp/panic.log" | head -n 4 | tap_diag
result "$([ $rc -ne 0 ] && grep -q 'Kernel panic' "$tmp/panic.log" && echo 1 || echo 0)" \
	"a guest kernel panic fails the run (exit $rc) and the panic is printed"

# 3. A checkout under /tmp (hidden by the guest's own tmpfs on /tmp unless
#    shared into the guest at its path): the job must run from there.
clone="$tmp/checkout"
mkdir -p "$clone"
cp -r "$TOP/scripts" "$TOP/tests" "$clone/"
env -u TOP -u BUILD "$clone/scripts/guest-run.sh" -n tmp-checkout -t 300 "$kernel" \
	'test -r tests/guest/job.sh && echo "job runs in $PWD"' >"$tmp/clone.log" 2>&1
rc=$?
grep 'job runs in\|FAILED\|guest-init' "$tmp/clone.log" | head -n 3 | tap_diag
result "$([ $rc -eq 0 ] && grep -q "job runs in $clone" "$tmp/clone.log" && echo 1 || echo 0)" \
	"a checkout under /tmp runs its guest jobs from its own path (exit $rc)"

# 4. Without the share (as before the fix), the run fails and says why.
env -u TOP -u BUILD GUEST_SHARE_CHECKOUT=no "$clone/scripts/guest-run.sh" \
	-n tmp-checkout -t 300 "$kernel" 'exit 0' >"$tmp/noshare.log" 2>&1
rc=$?
grep 'guest-init:\|FAILED' "$tmp/noshare.log" | head -n 2 | tap_diag
result "$([ $rc -ne 0 ] && grep -q 'not visible in the guest' "$tmp/noshare.log" && echo 1 || echo 0)" \
	"a guest that cannot see the checkout fails the run and says so (exit $rc)"
} | tee "$tmp/tap" "$out"
# The block ran in a pipeline, so its counts are gone: read its output.
! grep -q '^not ok' "$tmp/tap"
