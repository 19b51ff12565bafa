#!/bin/sh
# checkpatch.sh [OUT.tap]: run the kernel's scripts/checkpatch.pl --strict
# on every patch of patches/ (cover letter aside), from the base tree.
# TAP on stdout (and in OUT.tap): one result per patch.
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-/dev/null}
"$TOP/scripts/base-tree.sh"
set -- $(ls "$TOP"/patches/*.patch 2>/dev/null | grep -v '/0000-' || true)
{
	echo "TAP version 13"
	echo "1..$#"
	i=0
	for p; do
		i=$((i + 1))
		name=$(basename "$p")
		if res=$(cd "$BASE_DIR" && perl scripts/checkpatch.pl --strict --no-color \
				--ignore FILE_PATH_CHANGES "$p" 2>&1); then
			echo "ok $i checkpatch --strict $name"
		else
			echo "not ok $i checkpatch --strict $name"
			echo "$res" | sed 's/^/# /'
		fi
	done
} | tee "$out"
