#!/bin/sh
# build-tests.sh VARIANT: build what the guest of kernel VARIANT runs:
#  - the vm kselftests of the variant's tree (make -C tools/testing/selftests
#    TARGETS=vm), into $BUILD/k/VARIANT/kselftest
#  - tests/pin-hazard: the stand-in driver module, against the variant's
#    build directory, and its userspace program
# Run kernel.sh VARIANT first (the module needs the built tree).
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-}
[ -n "$variant" ] || die "usage: $0 base|patched|debug"
src="$BUILD/k/$variant/src"
[ "$variant" = debug ] && src="$BUILD/k/patched/src"
obj="$BUILD/k/$variant/obj"
[ -f "$obj/arch/x86/boot/bzImage" ] || die "$variant kernel not built (scripts/kernel.sh $variant)"
out="$BUILD/k/$variant/tests"
mkdir -p "$out"

say "$variant: building the vm selftests (log: $out/kselftest.log)"
with_build_lock make -C "$src/tools/testing/selftests" TARGETS=vm -j"$JOBS" \
	O="$out/kselftest" >"$out/kselftest.log" 2>&1 ||
	say "$variant: some vm selftests did not build (see $out/kselftest.log)"
[ -x "$out/kselftest/vm/gup_test" ] || die "$variant: gup_test did not build (see $out/kselftest.log)"

say "$variant: building tests/pin-hazard"
rm -rf "$out/pin-hazard"
cp -r "$TOP/tests/pin-hazard" "$out/pin-hazard"
kmake "$src" "$obj" M="$out/pin-hazard" modules \
	>"$out/pin-hazard.log" 2>&1 || { cat "$out/pin-hazard.log"; die "$variant: pin_hazard.ko did not build"; }
gcc -O2 -Wall -Werror -o "$out/pin-hazard/hazard" "$out/pin-hazard/hazard.c"
say "$variant: tests built in $out"
