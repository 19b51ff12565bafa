#!/bin/sh
# export-series.sh: write the commits of $TREE (base.."$BRANCH") back to
# patches/ with `git format-patch --cover-letter`. The cover letter comes
# from the branch description (see make-tree.sh); commit ids are zeroed and
# the base commit has a fixed id, so the output depends only on the
# commits' contents: make tree && make series leaves patches/ unchanged.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$TREE" ] || die "no $TREE: run 'make tree' first"
n=$(git -C "$TREE" rev-list --count base.."$BRANCH")
[ "$n" -gt 0 ] || die "branch $BRANCH in $TREE has no commits on base"
desc=$(git -C "$TREE" config branch.$BRANCH.description || true)
[ -n "$desc" ] || say "series: no branch description: the cover letter will be a template"

# The version ("v2" in "[PATCH v2 n/N]") is kept in the branch's config by
# make-tree.sh; set it with: git -C build/tree config branch.series.version 3
ver=$(git -C "$TREE" config branch.$BRANCH.version || echo 1)
prefix="PATCH"
[ "$ver" -gt 1 ] 2>/dev/null && prefix="PATCH v$ver"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The cover letter takes its date and sender from the committer: use the
# last commit's author, which git am preserves, so they are reproducible.
# A fixed abbreviation: git's default grows with the repository's size,
# which would make the index lines differ between clones.
GIT_COMMITTER_DATE=$(git -C "$TREE" log -1 --format=%aI "$BRANCH") \
GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%an "$BRANCH") \
GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ae "$BRANCH") \
git -C "$TREE" -c core.abbrev=12 format-patch -q --subject-prefix="$prefix" --cover-letter --cover-from-description=subject \
	--zero-commit --base=base --no-signature -o "$tmp" "base..$BRANCH"
rm -f "$TOP"/patches/*.patch
mkdir -p "$TOP/patches"
mv "$tmp"/*.patch "$TOP/patches/"
say "series: wrote $((n + 1)) files to patches/"
git -C "$TOP" status --short -- patches/ >&2 2>/dev/null || true
