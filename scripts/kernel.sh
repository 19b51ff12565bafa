#!/bin/sh
# kernel.sh VARIANT: make sure the guest kernel VARIANT is built and up to
# date, then print the path of its bzImage on stdout.
#
#   base     the base tree, config/guest.config + clients.config
#   patched  base + patches/ (git am), guest.config + clients.config +
#            kunit.config (the series' KUnit suite, built in)
#   debug    base + patches/, guest.config + kunit.config + debug.config
#            (KASAN, lockdep, DEBUG_VM, PROVE_RCU, DEBUG_LIST)
#   release  base + patches/, base's config exactly: the series as a
#            distribution builds it, without the KUnit suite, which is
#            compiled into mm/gup.c and changes what the compiler inlines
#            there (bench/run.sh compares this one with base); its own
#            source worktree, so that ccache shares base's objects
#
# Each variant has a source worktree and an O= build directory under
# $BUILD/k/VARIANT; the same relative layout lets ccache share hits.
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-}
case $variant in
base|release)	frags="$TOP/config/guest.config $TOP/config/clients.config" ;;
patched)	frags="$TOP/config/guest.config $TOP/config/clients.config $TOP/config/kunit.config" ;;
debug)	frags="$TOP/config/guest.config $TOP/config/kunit.config $TOP/config/debug.config" ;;
*)	die "usage: $0 base|patched|debug|release" ;;
esac

"$TOP/scripts/base-tree.sh"
if [ "$variant" = base ]; then
	ref=base
else
	"$TOP/scripts/apply-series.sh"
	ref=refs/harness/patched
fi
src="$BUILD/k/$variant/src"
[ "$variant" = debug ] && src="$BUILD/k/patched/src"
if [ ! -d "$src" ]; then
	say "$variant: creating source worktree $src (a minute)"
	mkdir -p "$(dirname "$src")"
	git -C "$BASE_DIR" worktree add -q --detach "$src" "$ref"
elif [ "$(git -C "$src" rev-parse HEAD)" != "$(git -C "$BASE_DIR" rev-parse "$ref")" ]; then
	# Only the files that differ are rewritten: the build stays incremental.
	git -C "$src" checkout -q -f --detach "$ref"
fi
"$TOP/scripts/build-kernel.sh" "$src" "$BUILD/k/$variant/obj" $frags
echo "$BUILD/k/$variant/obj/arch/x86/boot/bzImage"
