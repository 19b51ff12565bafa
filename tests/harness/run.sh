#!/bin/sh
# Tests of the harness's own logic on recorded logs: the TAP/KTAP totals
# (scripts/tap-summary.sh) and the kernel splat detector
# (scripts/splat-check.sh). TAP output; run by `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
d="$here/data"
. "$top/scripts/tap.sh"

check() {	# check DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		tap_diag "  expected: $2"
		tap_diag "  got:      $3"
	fi
}
total() { "$top/scripts/tap-summary.sh" "$@" 2>&1 | tail -n 1; }
status() { "$@" >/dev/null 2>&1; echo $?; }

tap_header
check "kselftest: passes and a skip" \
	"total: 3 passed, 0 failed, 1 skipped" "$(total "$d/kselftest-pass.tap")"
check "kselftest: all passed exits 0" 0 "$(status "$top/scripts/tap-summary.sh" "$d/kselftest-pass.tap")"
check "kselftest: plan of 5, 3 results: 2 missing count as failed" \
	"total: 2 passed, 3 failed, 0 skipped" "$(total "$d/kselftest-truncated.tap")"
check "kselftest: failures exit 1" 1 "$(status "$top/scripts/tap-summary.sh" "$d/kselftest-truncated.tap")"
check "KTAP: only leaves count, parents and timestamps ignored" \
	"total: 3 passed, 1 failed, 2 skipped" "$(total "$d/kunit-nested.log")"
check "KTAP from 6.1's KUnit: skipped parameterized cases print plain ok; the summary line counts them" \
	"total: 86 passed, 0 failed, 18 skipped" "$(total "$d/kunit-params-6.1.ktap")"
check "several files add up" \
	"total: 8 passed, 4 failed, 3 skipped" \
	"$(total "$d/kselftest-pass.tap" "$d/kselftest-truncated.tap" "$d/kunit-nested.log")"
check "a file with no results fails" 1 "$(status "$top/scripts/tap-summary.sh" "$d/no-results.log" "$d/kselftest-pass.tap")"
check "recorded guest log: no splat" 0 "$(status "$top/scripts/splat-check.sh" "$d/console-clean.log")"
check "missing log: no splat" 0 "$(status "$top/scripts/splat-check.sh" "$d/does-not-exist")"
for f in warn kasan lockdep panic oops; do
	check "recorded $f splat is caught" 1 "$(status "$top/scripts/splat-check.sh" "$d/console-$f.log")"
done
check "a splat in any of several logs is caught" 1 \
	"$(status "$top/scripts/splat-check.sh" "$d/console-clean.log" "$d/console-warn.log")"
check "the splat is printed" "    WARNING: CPU: 1 PID: 77 at mm/gup.c:123 try_grab_folio+0x1a/0x1c0" \
	"$("$top/scripts/splat-check.sh" "$d/console-warn.log" | sed -n 3p)"

# The accelerator probe (scripts/accel.sh), with stand-ins for QEMU.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The exact set of skips (scripts/skip-check.sh).
skipcheck() {	# skipcheck EXPECTED FILE...: exit status, then the TAP's comment lines
	"$top/scripts/skip-check.sh" "$@" >"$tmp/skips.out" 2>&1
	echo "$? $(grep '^#' "$tmp/skips.out" | tr '\n' '|')"
}
check "skips: a skip nobody expected fails, naming its reason" \
	"1 # unexpected skip: memfd-hugetlb MAP_SHARED write slow after-write: mmap (no free huge pages): Cannot allocate memory|" \
	"$(skipcheck "$d/skips-expected.txt" "$tmp/sk.tap" "$d/skips-patched-matrix.tap")"
grep -v ext4-pmd "$d/skips-expected.txt" >"$tmp/exp-less"
printf 'matrix: ext4-pmd\nmatrix: xfs-pmd\nmatrix: memfd-hugetlb MAP_SHARED write slow after-write\n' >"$tmp/exp-more"
check "skips: an expected skip that ran fails too" \
	"1 # expected skip did not happen (it ran): xfs-pmd|" \
	"$(skipcheck "$tmp/exp-more" "$tmp/sk.tap" "$d/skips-patched-matrix.tap")"
printf 'matrix: ext4-pmd\nmatrix: memfd-hugetlb MAP_SHARED write slow after-write\n' >"$tmp/exp-exact"
check "skips: exactly the expected ones pass" "0 " \
	"$(skipcheck "$tmp/exp-exact" "$tmp/sk.tap" "$d/skips-patched-matrix.tap")"
check "skips: KUnit's skipped parameterized cases are read from their diagnostic lines" "0 " \
	"$(skipcheck "$d/skips-expected.txt" "$tmp/sk.tap" "$d/skips-patched-kunit.tap")"
check "skips: a missing file fails" \
	"1 " "$(skipcheck "$d/skips-expected.txt" "$tmp/sk.tap" "$tmp/no-such-patched-kunit.tap")"
probe() {	# probe STAND-IN [VAR=VALUE...]: the options, then the reason
	q=$1; shift
	rm -f "$tmp/accel"
	env TOP="$top" BUILD="$tmp" QEMU="$here/qemu/$q" ACCEL_PROBE_ANYWAY=1 \
		ACCEL_PROBE_TIMEOUT=2 "$@" "$top/scripts/accel.sh" -v 2>&1 | tr '\n' ' '
}
check "KVM that aborts QEMU (MSR assertion): TCG, QEMU's first error line as the reason" \
	"==> KVM: present but failed: qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69, using TCG -accel tcg " \
	"$(probe kvm-abort)"
check "KVM that runs the probe guest: KVM" "==> KVM: works -accel kvm " "$(probe kvm-works)"
check "KVM that never answers: TCG after the timeout" \
	"==> KVM: present but failed: no answer within 2s, using TCG -accel tcg " "$(probe kvm-hangs)"
check "GUEST_ACCEL=tcg wins over a working KVM" "-accel tcg" \
	"$(probe kvm-works GUEST_ACCEL=tcg 2>/dev/null | sed 's/.*\(-accel [a-z]*\).*/\1/')"
check "GUEST_ACCEL=kvm wins over a failing probe" "-accel kvm" \
	"$(probe kvm-abort GUEST_ACCEL=kvm | sed 's/.*\(-accel [a-z]*\).*/\1/')"
check "a bad GUEST_ACCEL is an error" "error: GUEST_ACCEL=xen: expected kvm or tcg" \
	"$(probe kvm-works GUEST_ACCEL=xen | sed 's/ *$//')"
rm -f "$tmp/accel"
env TOP="$top" BUILD="$tmp" QEMU="$here/qemu/kvm-works" ACCEL_PROBE_ANYWAY=1 "$top/scripts/accel.sh" >/dev/null 2>&1
check "the answer is cached, with its reason" "==> KVM: works (cached in $tmp/accel) -accel kvm " \
	"$(env TOP="$top" BUILD="$tmp" QEMU="$here/qemu/kvm-works" ACCEL_PROBE_ANYWAY=1 "$top/scripts/accel.sh" -v 2>&1 | tr '\n' ' ')"

env TOP="$top" BUILD="$tmp" QEMU="$here/qemu/kvm-works" "$top/scripts/accel.sh" --failed "KVM internal error. Suberror: 1 (emulation failure)" >/dev/null
check "a KVM that failed a real guest run is cached as TCG, with the reason" \
	"==> KVM: present but failed in a guest run: KVM internal error. Suberror: 1 (emulation failure), using TCG (cached in $tmp/accel) -accel tcg " \
	"$(env TOP="$top" BUILD="$tmp" QEMU="$here/qemu/kvm-works" ACCEL_PROBE_ANYWAY=1 "$top/scripts/accel.sh" -v 2>&1 | tr '\n' ' ')"

# The runner's output, split into the matrix's TAP and one line per vm
# test (tests/guest/runner-results.sh), on a recorded guest log.
sh "$top/tests/guest/runner-results.sh" "$d/vm-runner.log" "$tmp"
check "runner log: the matrix's TAP is extracted whole" "total: 142 passed, 0 failed, 0 skipped" \
	"$(total "$tmp/matrix.tap")"
check "runner log: one line per vm test" 45 "$(grep -c . "$tmp/vm-tests.txt")"
check "runner log: a test run_vmtests.sh marks [FAIL]" "FAIL	./hugepage-mremap ./huge/huge_mremap" \
	"$(grep mremap "$tmp/vm-tests.txt" | head -n 1)"
check "runner log: a test's own 'running' line is not a title" "PASS	./protection_keys_64" \
	"$(grep -i 'pkey\|protection' "$tmp/vm-tests.txt")"
check "runner log: the runner's top-level entries" "FAIL	split_huge_page_test" \
	"$(grep split_huge "$tmp/vm-tests.txt")"

# Base against patched vm selftests (scripts/compare-vm-selftests.sh).
printf 'PASS\t./a\nPASS\t./b x\nFAIL\t./c\nPASS\t./d\nSKIP\t./e\n' >"$tmp/b.txt"
printf 'PASS\t./a\nSKIP\t./b x\nPASS\t./c\nSKIP\t./e\n' >"$tmp/p.txt"
"$top/scripts/compare-vm-selftests.sh" "$tmp/b.txt" "$tmp/p.txt" "$tmp/cmp.tap" >/dev/null
check "compare: a pass that becomes a skip is a regression" 1 $?
check "compare: ... and so is a test that no longer runs" \
	"not ok 4 ./d: passes on the base kernel, missing on the patched kernel" "$(grep './d' "$tmp/cmp.tap")"
check "compare: a test failing on the base is no evidence either way" \
	"ok 3 # SKIP ./c: FAIL on the base kernel (patched: PASS)" "$(grep './c' "$tmp/cmp.tap")"
check "compare: identical results pass" 0 \
	"$(status "$top/scripts/compare-vm-selftests.sh" "$tmp/b.txt" "$tmp/b.txt")"
{ printf '# a recorded base, with comments\n#\tand a tab\n\n'; cat "$tmp/b.txt"; } >"$tmp/rec.txt"
"$top/scripts/compare-vm-selftests.sh" "$tmp/rec.txt" "$tmp/p.txt" >"$tmp/cmp-rec.tap"
check "compare: a record's comments are not tests (tests/base-vm-selftests.txt)" \
	"$(cat "$tmp/cmp.tap")" "$(cat "$tmp/cmp-rec.tap")"

# The base resolver (scripts/base-resolve.sh), with stand-ins for dpkg-query
# and apt-get (tests/harness/apt/) and an archive of two tiny "tarballs".
arch="$tmp/archive"
mkdir -p "$arch" "$tmp/src"
for v in 1.0-1 1.0-2; do
	echo "$v" >"$tmp/src/VERSION"
	tar -cJf "$arch/$v.tar.xz" -C "$tmp" src
done
sha1=$(sha256sum "$arch/1.0-1.tar.xz" | cut -d' ' -f1)
sha2=$(sha256sum "$arch/1.0-2.tar.xz" | cut -d' ' -f1)
printf 'BASE_PACKAGE=linux-source-6.1\nBASE_RECORDED_VERSION=1.0-1\nBASE_RECORDED_SHA256=%s\nBASE_RECORDED_KERNELVERSION=1.0\n' \
	"$sha1" >"$tmp/base.conf"
resolve() {	# resolve INSTALLED-VERSION|- [VAR=VALUE...]: the one line it prints
	inst=$1; shift
	rm -rf "$tmp/rb" && mkdir -p "$tmp/rb"
	if [ "$inst" = - ]; then : >"$tmp/rb/state"; else
		echo "$inst" >"$tmp/rb/state"; cp "$arch/$inst.tar.xz" "$tmp/rb/sys.tar.xz"; fi
	env -u KERNEL_TREE -u BASE_TARBALL -u BASE_VERSION TOP="$top" BUILD="$tmp/rb" \
		BASE_CONF="$tmp/base.conf" BASE_SYS_TARBALL="$tmp/rb/sys.tar.xz" \
		FAKE_ARCHIVE="$arch" FAKE_STATE="$tmp/rb/state" \
		DPKG_QUERY="$here/apt/dpkg-query" APT_GET="$here/apt/apt-get" "$@" \
		"$top/scripts/base-resolve.sh" -v 2>&1 | grep -v '^==> base: installing\|downloading\|the archive has no' | tr '\n' ' ' | sed 's/ *$//'
}
recorded() { sed -n "s/^BASE_IS_RECORDED='\(.*\)'/\1/p" "$tmp/rb/base.env"; }
check "base: the recorded version installed: the recorded base" \
	"==> base: linux-source-6.1 1.0-1 (Linux 1.0), sha256 $sha1: the recorded base yes" \
	"$(resolve 1.0-1) $(recorded)"
check "base: another version installed: used, and one line says so" \
	"==> BASE DIFFERS: recorded linux-source-6.1 1.0-1 sha256 $sha1; using 1.0-2 sha256 $sha2 (installed package, $tmp/rb/sys.tar.xz) no" \
	"$(resolve 1.0-2) $(recorded)"
check "base: none installed: the recorded version is installed" \
	"==> base: linux-source-6.1 1.0-1 (Linux 1.0), sha256 $sha1: the recorded base 1.0-1" \
	"$(resolve -) $(cat "$tmp/rb/state")"
mv "$arch/1.0-1.tar.xz" "$tmp/1.0-1.tar.xz"
check "base: none installed, the archive lost the recorded version: its newest, and the line" \
	"==> BASE DIFFERS: recorded linux-source-6.1 1.0-1 sha256 $sha1; using 1.0-2 sha256 $sha2 (installed package, $tmp/rb/sys.tar.xz) 1.0-2" \
	"$(resolve -) $(cat "$tmp/rb/state")"
mv "$arch/1.0-2.tar.xz" "$tmp/1.0-2.tar.xz"
check "base: none installed and none to be had: fatal, saying what to install" \
	"error: no base: apt-get install linux-source-6.1 failed (see $tmp/rb/apt-base.log); set BASE_TARBALL=, BASE_VERSION= or KERNEL_TREE=" \
	"$(resolve - | grep -o 'error: no base.*')"
mv "$tmp/1.0-1.tar.xz" "$tmp/1.0-2.tar.xz" "$arch/"
check "base: BASE_VERSION= another version: downloaded, the system untouched" \
	"==> BASE DIFFERS: recorded linux-source-6.1 1.0-1 sha256 $sha1; using 1.0-2 sha256 $sha2 (BASE_VERSION=1.0-2, $tmp/rb/debs/linux-source-6.1-1.0-2.tar.xz) 1.0-1" \
	"$(resolve 1.0-1 BASE_VERSION=1.0-2) $(cat "$tmp/rb/state")"
check "base: BASE_VERSION= a version the archive lacks: fatal" 1 \
	"$(resolve 1.0-1 BASE_VERSION=9.9-9 | grep -c 'error: no base: linux-source-6.1 9.9-9 cannot be downloaded')"
check "base: BASE_TARBALL= the recorded tarball: the recorded base" "yes" \
	"$(resolve - BASE_TARBALL="$arch/1.0-1.tar.xz" >/dev/null; recorded)"
cp "$arch/1.0-1.tar.xz" "$tmp/tampered.tar.xz" && echo x >>"$tmp/tampered.tar.xz"
check "base: the recorded version whose tarball changed: not the recorded base" "no" \
	"$(resolve 1.0-1 >/dev/null; cp "$tmp/tampered.tar.xz" "$tmp/rb/sys.tar.xz"; touch -d 2001-01-01 "$tmp/rb/sys.tar.xz"
	   env TOP="$top" BUILD="$tmp/rb" BASE_CONF="$tmp/base.conf" BASE_SYS_TARBALL="$tmp/rb/sys.tar.xz" \
		FAKE_STATE="$tmp/rb/state" DPKG_QUERY="$here/apt/dpkg-query" "$top/scripts/base-resolve.sh" 2>/dev/null; recorded)"
# The one owner of paths (kernel_paths in lib.sh).
paths() {	# paths VARIANT: what kernel_paths says, relative to BUILD and TOP
	env TOP=/T BUILD=/B sh -c '. "$1/scripts/lib.sh"; TOP=/T BUILD=/B
		kernel_paths "$2" && echo "$K_SRC $K_REF $K_OBJ $K_TESTS $K_FRAGS"' sh "$top" "$1" 2>&1
}
check "paths: debug builds from the patched worktree, into its own directory" \
	"/B/k/patched/src refs/harness/patched /B/k/debug/obj /B/k/debug/tests /T/config/guest.config /T/config/kunit.config /T/config/debug.config" \
	"$(paths debug)"
check "paths: base is the base commit, with the clients' fragment" \
	"/B/k/base/src base /B/k/base/obj /B/k/base/tests /T/config/guest.config /T/config/clients.config" \
	"$(paths base)"
check "paths: an unknown variant is an error" 1 "$(status sh -c '. "$1/scripts/lib.sh"; kernel_paths nosuch' sh "$top")"

# The TAP helper (scripts/tap.sh).
check "TAP helper: numbering, skip and diagnostics in kselftest's form" \
	"TAP version 13|1..3|ok 1 a|ok 2 # SKIP b: why|not ok 3 c|# d|# e|1 passed, 1 failed, 1 skipped|0" \
	"$(sh -c '. "$1/scripts/tap.sh"; tap_header; tap_plan 3; tap_ok a; tap_skip b why
		tap_not_ok c; printf "d\ne\n" | tap_diag; tap_counts; tap_failed; echo $?' sh "$top" | paste -sd '|' -)"

tap_plan "$TAP_N"
! tap_failed
