#!/bin/sh
# accel.sh [-v]: print the QEMU accelerator options guests use: "-accel kvm"
# when a KVM guest really runs on this machine, "-accel tcg" otherwise.
#
# /dev/kvm can exist and be writable while KVM cannot run a guest (no
# vmx/svm in a nested VM: QEMU then aborts at the first vCPU run, long
# after it would have fallen back to TCG). So the answer comes from a
# probe: a few-instruction Multiboot guest (kvm-probe/stub.S) that exits
# QEMU with status 99 through isa-debug-exit, under -accel kvm, with a
# timeout of seconds. The answer is cached in $BUILD/accel (per machine:
# keyed on the host name, the kernel and the QEMU binary).
#
# A KVM that passes the probe can still fail a real guest (nested KVM
# stopping it with "KVM internal error"): scripts/guest-run.sh then calls
# `accel.sh --failed REASON`, which caches TCG with that reason.
#
# GUEST_ACCEL=kvm|tcg overrides the probe. QEMU=<binary> replaces
# qemu-system-x86_64 (the harness's own tests use a stand-in).
# With -v, the decision and its reason go to stderr ("KVM: works",
# "KVM: present but failed: <QEMU's first error line>, using TCG").
set -eu
. "$(dirname "$0")/lib.sh"

verbose=0
[ "${1:-}" = -v ] && verbose=1
: "${QEMU:=qemu-system-x86_64}"
cache="$BUILD/accel"
key="$(uname -n) $(uname -r) $(command -v "$QEMU" || echo "$QEMU")"

if [ "${1:-}" = --failed ]; then
	mkdir -p "$BUILD"
	printf '%s\n%s\n%s\n' "$key" tcg \
		"KVM: present but failed in a guest run: ${2:-unknown}, using TCG" >"$cache"
	echo "-accel tcg"
	exit 0
fi

report() {	# report ACCEL REASON
	[ "$verbose" -eq 1 ] && say "$2"
	echo "-accel $1"
	exit 0
}

case ${GUEST_ACCEL:-} in
kvm)	report kvm "KVM: forced by GUEST_ACCEL=kvm" ;;
tcg)	report tcg "KVM: not used (GUEST_ACCEL=tcg), using TCG" ;;
"")	;;
*)	die "GUEST_ACCEL=$GUEST_ACCEL: expected kvm or tcg" ;;
esac

if [ ! -e /dev/kvm ] && [ -z "${ACCEL_PROBE_ANYWAY:-}" ]; then
	report tcg "KVM: no /dev/kvm, using TCG"
fi

if [ -f "$cache" ] && [ "$(sed -n 1p "$cache")" = "$key" ]; then
	report "$(sed -n 2p "$cache")" "$(sed -n 3p "$cache") (cached in ${cache#"$TOP"/})"
fi

mkdir -p "$BUILD"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
as --32 -o "$tmp/stub.o" "$TOP/scripts/kvm-probe/stub.S" &&
	ld -m elf_i386 -Ttext=0x100000 -e _start -o "$tmp/stub.elf" "$tmp/stub.o" ||
	die "cannot assemble the KVM probe (binutils missing?)"
set +e
timeout -k 2 "${ACCEL_PROBE_TIMEOUT:-10}" "$QEMU" -accel kvm -cpu max -m 32 \
	-nodefaults -display none -no-reboot -serial none -monitor none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$tmp/stub.elf" </dev/null >"$tmp/out" 2>&1
rc=$?
set -e
if [ "$rc" -eq 99 ]; then
	accel=kvm reason="KVM: works"
else
	case $rc in
	124|137) why="no answer within ${ACCEL_PROBE_TIMEOUT:-10}s" ;;
	*) why=$(grep -m1 -i 'error\|fail\|abort\|assert' "$tmp/out" || head -n 1 "$tmp/out")
	   why=${why:-exit status $rc} ;;
	esac
	accel=tcg reason="KVM: present but failed: $why, using TCG"
fi
printf '%s\n%s\n%s\n' "$key" "$accel" "$reason" >"$cache"
report "$accel" "$reason"
