#!/bin/sh
# checkpatch.sh [OUT.tap]: run the kernel's scripts/checkpatch.pl --strict
# on every patch of patches/ (cover letter aside), from the base tree.
# TAP on stdout (and in OUT.tap): one result per patch.
#
# Two checks are off, each for a reason of this tree, not of the patches:
#  - FILE_PATH_CHANGES ("does MAINTAINERS need updating?"): the new files
#    are covered by MEMORY MANAGEMENT's F: mm/ and
#    F: tools/testing/selftests/vm/ (get_maintainer.pl is run on each
#    patch by `make lint`);
#  - UNKNOWN_COMMIT_ID: the changelogs cite mainline v6.4/v6.5 commits,
#    which no 6.1.y tree contains (the base here has no history at all).
#    The ids and subjects were checked against mainline by hand.
set -eu
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/tap.sh"

out=${1:-/dev/null}
"$TOP/scripts/base-tree.sh"
set -- $(ls "$TOP"/patches/*.patch 2>/dev/null | grep -v '/0000-' || true)
{
	tap_header
	tap_plan $#
	for p; do
		name=$(basename "$p")
		# Debian's python3 first: checkpatch's spdxcheck.py needs its
		# python3-ply, which another python3 on PATH may lack.
		if res=$(cd "$BASE_DIR" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-color \
				--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$p" 2>&1); then
			tap_ok "checkpatch --strict $name"
		else
			tap_not_ok "checkpatch --strict $name"
			tap_diag "$res"
		fi
	done
} | tee "$out"
