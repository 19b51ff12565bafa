#!/bin/sh
# roundtrip-check.sh: patches/ -> `make tree` -> `make series` must give
# patches/ back byte for byte. Runs both steps on a scratch tree and branch,
# writing into a scratch copy, so the developer's build/tree is untouched.
#
# On the recorded base (config/base.conf) every byte must come back. On
# another base the lines that identify the base differ by nature: the
# base-commit: line, the blob ids of "index" lines and the line numbers
# of hunk headers (the same hunks sit elsewhere in another 6.1.y).
# Those are masked and everything else must come back; the step says so.
set -eu
. "$(dirname "$0")/lib.sh"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/top"
cp -r "$TOP/patches" "$scratch/top/"
rm -f "$scratch/top/patches"/*.patch
series_round_trip "$scratch/top"
. "$BUILD/base.env"
n=$(ls "$TOP"/patches/*.patch | wc -l)
if [ "$BASE_IS_RECORDED" = yes ]; then
	diff -ru "$TOP/patches" "$scratch/top/patches" ||
		die "round trip: make tree + make series changed patches/ (diff above)"
	say "round trip: patches/ -> tree -> patches/ is byte-identical ($n files, the recorded base)"
	exit 0
fi
mask() {	# mask DIR: a copy of DIR's patches with the base-identifying parts masked
	mkdir -p "$scratch/masked/$2"
	for f in "$1"/*.patch; do
		sed -e 's/^base-commit: .*/base-commit: (masked)/' \
		    -e 's/^index [0-9a-f]*\.\.[0-9a-f]*/index (masked)/' \
		    -e 's/^@@ -[0-9,]* +[0-9,]* @@/@@ (masked) @@/' \
			"$f" >"$scratch/masked/$2/$(basename "$f")"
	done
}
mask "$TOP/patches" old
mask "$scratch/top/patches" new
(cd "$scratch/masked" && diff -ru old new) ||
	die "round trip: make tree + make series changed patches/ (diff above, base-identifying lines masked)"
say "round trip: patches/ -> tree -> patches/ identical but for base-commit:, index blob ids and hunk line numbers ($n files): the base is not the recorded one"
