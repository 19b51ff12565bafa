#!/bin/sh
# roundtrip-check.sh: patches/ -> `make tree` -> `make series` must give
# patches/ back byte for byte. Runs both steps on a scratch tree and branch,
# writing into a scratch copy, so the developer's build/tree is untouched.
set -eu
. "$(dirname "$0")/lib.sh"

scratch=$(mktemp -d)
branch="roundtrip-$$"
cleanup() {
	git -C "$BASE_DIR" worktree remove --force "$scratch/tree" 2>/dev/null || true
	git -C "$BASE_DIR" branch -q -D "$branch" 2>/dev/null || true
	rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/top"
cp -r "$TOP/patches" "$scratch/top/"
rm -f "$scratch/top/patches"/*.patch

BRANCH=$branch TREE="$scratch/tree" "$TOP/scripts/make-tree.sh"
TOP="$scratch/top" BUILD="$BUILD" BRANCH=$branch TREE="$scratch/tree" \
	"$TOP/scripts/export-series.sh"
if diff -ru "$TOP/patches" "$scratch/top/patches"; then
	say "round trip: patches/ -> tree -> patches/ is byte-identical ($(ls "$TOP"/patches/*.patch | wc -l) files)"
else
	die "round trip: make tree + make series changed patches/ (diff above)"
fi
