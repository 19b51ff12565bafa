#!/bin/sh
# build.sh [OUT]: build gup-stress on the host, into OUT (default
# build/k/patched/tests/gup-stress, where scripts/build-tests.sh puts it
# too). gup_test.h comes from the patched kernel tree
# (GUP_TEST_H_DIR, else build/k/patched/src/mm, else build/tree/mm), so the
# ioctl numbers and structures are the kernel's own.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILD:-$top/build}
out=${1:-$build/k/patched/tests/gup-stress}

hdir=${GUP_TEST_H_DIR:-}
if [ -z "$hdir" ]; then
	for d in "$build/k/patched/src/mm" "$build/tree/mm"; do
		[ -f "$d/gup_test.h" ] && { hdir=$d; break; }
	done
fi
if [ -z "$hdir" ] || [ ! -f "$hdir/gup_test.h" ]; then
	echo "error: no mm/gup_test.h of the patched tree (scripts/kernel.sh patched, or GUP_TEST_H_DIR=)" >&2
	exit 1
fi
grep -q PIN_LONGTERM_TEST_START "$hdir/gup_test.h" || {
	echo "error: $hdir/gup_test.h has no PIN_LONGTERM_TEST_START: not the patched tree" >&2
	exit 1
}
mkdir -p "$(dirname "$out")"
echo "==> building ${out#"$top"/} (gup_test.h from ${hdir#"$top"/})" >&2
gcc -O2 -Wall -Werror -pthread -I"$hdir" -o "$out" "$here/gup-stress.c"
