#!/bin/sh
# make-tree.sh: give a developer $TREE, a git worktree of the base with the
# series applied as commits on branch $BRANCH, to edit, rebase and amend.
# The branch is enrolled with `b4 prep` (Debian 12's b4 0.12) with the
# cover letter in the branch description (b4's prep-cover-strategy
# branch-description): the cover letter's subject and text, and the
# version and subject prefixes in b4's tracking data, so that b4 prep
# --edit-cover, --force-revision, --show-info and --compare-to work on it
# and `make series` (export-series.sh) reads them back.
# An existing $TREE is never touched: it may hold work in progress.
set -eu
. "$(dirname "$0")/lib.sh"

if [ -e "$TREE" ]; then
	say "tree: $TREE exists, leaving it alone ($(git -C "$TREE" log -1 --format='%h %s' 2>/dev/null))"
	say "tree: remove it (git -C $BASE_DIR worktree remove $TREE) to start again from patches/"
	exit 0
fi
"$TOP/scripts/apply-series.sh"
git -C "$BASE_DIR" worktree add -q -B "$BRANCH" "$TREE" refs/harness/patched

cover=$(ls "$TOP"/patches/0000-*.patch 2>/dev/null | head -n 1 || true)
ver=1 pfx=""
if [ -n "$cover" ]; then
	# Subject without the [PATCH 0/N] prefix, a blank line, then the text
	# up to the shortlog ("Author Name (N):").
	desc=$(awk '
		!body && /^Subject: / { sub(/^Subject: (\[[^]]*\] )?/, ""); subj = $0; insubj = 1; next }
		!body && insubj && /^ / { subj = subj $0; next }
		!body && /^[^ ]/ { insubj = 0 }
		!body && /^$/ { body = 1; next }
		body && /^[^ ].* \([0-9]+\):$/ { exit }
		body { text = text $0 "\n" }
		END { sub(/\n+$/, "\n", text); printf "%s\n\n%s", subj, text }' "$cover")
	git -C "$TREE" config branch.$BRANCH.description "$desc"
	# The version ("[PATCH v2 0/9]") and any other subject prefix ("6.1.y"
	# in "[PATCH 6.1.y v3 0/11]").
	ver=$(sed -n 's/^Subject: \[PATCH.* v\([0-9]*\) .*/\1/p' "$cover" | head -n 1)
	pfx=$(sed -n 's/^Subject: \[PATCH \(.*\) v[0-9]* [0-9]*\/[0-9]*\].*/\1/p' "$cover" | head -n 1)
fi
# b4 keeps an existing description as the cover letter (without one it
# writes its own template there); "base" is the base repository's branch.
git -C "$TREE" config branch.$BRANCH.b4-prep-cover-strategy branch-description
(cd "$TREE" && b4 -q prep --enroll base && b4 -q prep --force-revision "${ver:-1}" &&
	if [ -n "$pfx" ]; then b4 -q prep --set-prefixes $pfx; fi) ||
	die "tree: b4 prep could not enroll $BRANCH in $TREE (see above)"
say "tree: $TREE, branch $BRANCH: $(git -C "$TREE" rev-list --count base.."$BRANCH") commits on base"
say "tree: edit, commit (git rebase -i base to reorder or amend), then 'make series'"
