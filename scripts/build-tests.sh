#!/bin/sh
# build-tests.sh VARIANT: build what the guest of kernel VARIANT runs:
#  - the vm kselftests of the patched tree (make -C tools/testing/selftests
#    TARGETS=vm), into $BUILD/k/patched/tests/kselftest: every kernel runs
#    the same binaries, so base and patched differ only by the kernel (and
#    the base tree has no matrix test)
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

psrc="$BUILD/k/patched/src" ks="$BUILD/k/patched/tests"
[ -d "$psrc" ] || die "no patched tree: run scripts/kernel.sh patched first"
mkdir -p "$ks"
say "$variant: building the vm selftests of the patched tree (log: $ks/kselftest.log)"
# -k: one test that does not build must not hide the others.
with_build_lock make -k -C "$psrc/tools/testing/selftests" TARGETS=vm -j"$JOBS" \
	O="$ks/kselftest" >"$ks/kselftest.log" 2>&1 ||
	say "$variant: some vm selftests did not build (see $ks/kselftest.log)"
# The selftests' Makefile puts its output under O=/kselftest/.
for t in gup_test gup_longterm_matrix; do
	[ -x "$ks/kselftest/kselftest/vm/$t" ] || die "$variant: $t did not build (see $ks/kselftest.log)"
done

say "$variant: building tests/pin-hazard"
rm -rf "$out/pin-hazard"
cp -r "$TOP/tests/pin-hazard" "$out/pin-hazard"
kmake "$src" "$obj" M="$out/pin-hazard" modules \
	>"$out/pin-hazard.log" 2>&1 || { cat "$out/pin-hazard.log"; die "$variant: pin_hazard.ko did not build"; }
gcc -O2 -Wall -Werror -o "$out/pin-hazard/hazard" "$out/pin-hazard/hazard.c"
say "$variant: tests built in $out"
