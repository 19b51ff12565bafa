#!/bin/sh
# make-tree.sh: give a developer $TREE, a git worktree of the base with the
# series applied as commits on branch $BRANCH, to edit, rebase and amend.
# The cover letter's subject and text become the branch description, which
# `make series` (export-series.sh) turns back into the cover letter.
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
	# The series version ("[PATCH v2 0/9]") lives with the branch too.
	ver=$(sed -n 's/^Subject: \[PATCH.* v\([0-9]*\) .*/\1/p' "$cover" | head -n 1)
	git -C "$TREE" config branch.$BRANCH.version "${ver:-1}"
	# Any other subject prefix ("6.1.y" in "[PATCH 6.1.y v3 0/11]").
	pfx=$(sed -n 's/^Subject: \[PATCH \(.*\) v[0-9]* [0-9]*\/[0-9]*\].*/\1/p' "$cover" | head -n 1)
	git -C "$TREE" config branch.$BRANCH.prefix "$pfx"
fi
say "tree: $TREE, branch $BRANCH: $(git -C "$TREE" rev-list --count base.."$BRANCH") commits on base"
say "tree: edit, commit (git rebase -i base to reorder or amend), then 'make series'"
