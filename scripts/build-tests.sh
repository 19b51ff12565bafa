#!/bin/sh
# build-tests.sh VARIANT: build what the guest of kernel VARIANT runs.
#
# The same for every kernel, in $TESTS_DIR (built once, rebuilt when
# their sources change):
#  - kselftest: `make -C tools/testing/selftests TARGETS=vm install` from
#    the patched tree: the vm selftests with the series' matrix test and
#    the kernel's own runner (run_kselftest.sh). Every kernel runs the same
#    binaries, so base and patched differ only by the kernel.
#  - the harness's own programs: tests/stress (the race stress),
#    tests/clients (real clients of long-term pins).
# Per kernel, in its K_TESTS/pin-hazard (lib.sh): the stand-in driver
# module of tests/pin-hazard, built against that kernel's build
# directory, and its program.
#
# VARIANT is a kernel_paths variant (lib.sh). Run scripts/kernel.sh
# VARIANT first (scripts/mutants.sh builds the mutant kernel itself).
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-}
kernel_paths "$variant" || die "usage: $0 base|patched|debug|release|mutant"
[ -f "$K_IMAGE" ] || die "$variant kernel not built ($K_IMAGE)"
src=$K_SRC obj=$K_OBJ kt=$K_TESTS
kernel_paths patched; psrc=$K_SRC
[ -d "$psrc" ] || die "no patched tree: run scripts/kernel.sh patched first"
out=$TESTS_DIR
mkdir -p "$out"

# The vm selftests, installed with the kernel's runner. Rebuilt when the
# patched tree moved (make is incremental).
ks="$out/kselftest"
stamp=$(git -C "$psrc" rev-parse HEAD)
if [ "$(cat "$ks.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -x "$ks/install/run_kselftest.sh" ]; then
	say "tests: building and installing the vm selftests of the patched tree (log: ${ks#"$TOP"/}.log)"
	rm -rf "$ks/install"
	# -k: one test that does not build must not hide the others.
	with_build_lock make -k -C "$psrc/tools/testing/selftests" TARGETS=vm -j"$JOBS" \
		O="$ks/build" INSTALL_PATH="$ks/install" install >"$ks.log" 2>&1 ||
		say "tests: some vm selftests did not build or install (see $ks.log)"
	for t in gup_test gup_longterm_matrix run_vmtests.sh; do
		[ -x "$ks/install/vm/$t" ] || die "tests: vm/$t is missing (see $ks.log)"
	done
	echo "$stamp" >"$ks.stamp"
fi

# The harness's own programs (userspace, the same for every kernel).
cflags="-O2 -Wall -Werror"
if [ -f "$TOP/tests/stress/gup-stress.c" ]; then
	gcc $cflags -pthread -I"$psrc/mm" -o "$out/gup-stress" "$TOP/tests/stress/gup-stress.c" ||
		die "tests: gup-stress did not build"
fi
KSRC=$psrc "$TOP/tests/clients/build.sh" "$out/clients" >"$out/clients.log" 2>&1 ||
	{ tail -n 20 "$out/clients.log"; die "tests: the clients did not build"; }

# The stand-in driver, against this kernel.
mkdir -p "$kt"
say "tests: building tests/pin-hazard for the $variant kernel"
rm -rf "$kt/pin-hazard"
cp -r "$TOP/tests/pin-hazard" "$kt/pin-hazard"
kmake "$src" "$obj" M="$kt/pin-hazard" modules >"$kt/pin-hazard.log" 2>&1 ||
	{ cat "$kt/pin-hazard.log"; die "$variant: pin_hazard.ko did not build"; }
gcc $cflags -o "$kt/pin-hazard/hazard" "$kt/pin-hazard/hazard.c" ||
	die "tests: the hazard program did not build"
say "tests: built for $variant ($out, $kt)"
