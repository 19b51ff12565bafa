#!/bin/sh
# kernel.sh VARIANT: make sure the guest kernel VARIANT (base, patched,
# debug or release) is built and up to date, then print the path of its
# bzImage on stdout. What each variant is, where its source worktree and
# its O= build directory are, and its config fragments: kernel_paths in
# lib.sh. The same relative layout for every variant lets ccache share
# hits. release is the series as a distribution builds it, with base's
# config and without the KUnit suite, which is compiled into mm/gup.c and
# changes what the compiler inlines there (bench/run.sh compares it with
# base).
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-}
kernel_paths "$variant" || die "usage: $0 base|patched|debug|release"
[ "$variant" != mutant ] || die "mutant kernels are scripts/mutants.sh's"

"$TOP/scripts/base-tree.sh"
[ "$K_REF" = base ] || "$TOP/scripts/apply-series.sh"
if [ ! -d "$K_SRC" ]; then
	say "$variant: creating source worktree $K_SRC (a minute)"
	mkdir -p "$(dirname "$K_SRC")"
	git -C "$BASE_DIR" worktree add -q --detach "$K_SRC" "$K_REF"
elif [ "$(git -C "$K_SRC" rev-parse HEAD)" != "$(git -C "$BASE_DIR" rev-parse "$K_REF")" ]; then
	# Only the files that differ are rewritten: the build stays incremental.
	git -C "$K_SRC" checkout -q -f --detach "$K_REF"
fi
"$TOP/scripts/build-kernel.sh" "$K_SRC" "$K_OBJ" $K_FRAGS
echo "$K_IMAGE"
