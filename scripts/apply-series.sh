#!/bin/sh
# apply-series.sh
#
# Apply patches/*.patch (the cover letter aside) with `git am` onto the
# base, in the scratch worktree $BUILD/k/apply, and point the ref
# refs/harness/patched at the result. Kernel source trees then check that
# ref out, which rewrites only the files that differ, so builds stay
# incremental. A patch that does not apply is an error naming the patch
# and the file that failed; nothing is left half-applied.
# APPLY_3WAY=1 lets git am fall back to a three-way merge (git am -3), as
# a maintainer moving the series to another 6.1.y would (make backports).
set -eu
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/base-tree.sh"
apply="$BUILD/k/apply"
base=$(git -C "$BASE_DIR" rev-parse base)

if [ ! -d "$apply" ]; then
	mkdir -p "$BUILD/k"
	say "series: creating scratch worktree $apply"
	git -C "$BASE_DIR" worktree add -q --detach "$apply" "$base"
fi
git -C "$apply" am --abort >/dev/null 2>&1 || true
git -C "$apply" checkout -q -f --detach "$base"

set -- $(ls "$PATCHES"/*.patch 2>/dev/null | grep -v '/0000-' || true)
if [ $# -eq 0 ]; then
	say "series: patches/ is empty: the patched kernel is the base"
	git -C "$BASE_DIR" update-ref refs/harness/patched "$base"
	exit 0
fi

say "series: applying $# patches with git am"
# A fixed committer keeps the patched commits' ids the same on every run
# (and so their builds cacheable); authorship comes from the patches.
if ! GIT_COMMITTER_NAME="$BASE_IDENT_NAME" GIT_COMMITTER_EMAIL="$BASE_IDENT_EMAIL" \
	git -C "$apply" am -q ${APPLY_3WAY:+-3} --committer-date-is-author-date "$@" \
	>"$BUILD/k/apply.log" 2>&1; then
	failed=$(sed -n 's/^Patch failed at \([0-9]*\) \(.*\)/\1 \2/p' "$BUILD/k/apply.log")
	files=$(sed -n 's/^error: patch failed: \(.*\)/\1/p; s/^error: \(.*\): does not exist in index/\1 (missing)/p' \
		"$BUILD/k/apply.log" | tr '\n' ' ' | sed 's/ *$//')
	git -C "$apply" am --abort >/dev/null 2>&1 || true
	git -C "$apply" checkout -q -f --detach "$base"
	sed 's/^/    /' "$BUILD/k/apply.log" >&2
	die "series: patch ${failed:-?} does not apply to the base (${files:-see above}); nothing was applied"
fi
head=$(git -C "$apply" rev-parse HEAD)
git -C "$BASE_DIR" update-ref refs/harness/patched "$head"
git -C "$apply" log --format='    %h %s' "$base..$head" >&2
say "series: applied, refs/harness/patched = $(echo "$head" | cut -c1-12)"
