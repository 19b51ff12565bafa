#!/bin/sh
# export-series.sh: write the commits of $TREE (base..series) back to
# patches/ with `git format-patch --cover-letter`. The cover letter comes
# from the branch description (see make-tree.sh); commit ids are zeroed and
# the base commit has a fixed id, so the output depends only on the
# commits' contents: make tree && make series leaves patches/ unchanged.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$TREE" ] || die "no $TREE: run 'make tree' first"
n=$(git -C "$TREE" rev-list --count base..series)
[ "$n" -gt 0 ] || die "branch series in $TREE has no commits on base"
desc=$(git -C "$TREE" config branch.series.description || true)
[ -n "$desc" ] || say "series: no branch description: the cover letter will be a template"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$TREE" format-patch -q --cover-letter --cover-from-description=subject \
	--zero-commit --base=base --no-signature -o "$tmp" base..series
rm -f "$TOP"/patches/*.patch
mkdir -p "$TOP/patches"
mv "$tmp"/*.patch "$TOP/patches/"
say "series: wrote $((n + 1)) files to patches/"
git -C "$TOP" status --short -- patches/ >&2 || true
