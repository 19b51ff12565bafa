#!/bin/sh
# guest-run.sh [-n NAME] [-t SECONDS] [-m MEM] KERNEL COMMAND...
#
# Boot KERNEL (a bzImage) under QEMU and run COMMAND with bash in the
# guest, in the harness's top directory. The guest sees the host's root
# read-only over 9p, fresh ext4, xfs and btrfs disks at /mnt/ext4,
# /mnt/xfs and /mnt/btrfs, ext4 and xfs mounted -o dax on emulated NVDIMMs
# at /mnt/ext4-dax and /mnt/xfs-dax (not with GUEST_PMEM=no),
# hugetlbfs with HUGEPAGES reserved 2M pages at
# /dev/hugepages, debugfs, and a writable results directory at $RESULTS
# (on the host: build/run/NAME/share), which also holds the file
# GUEST_MANIFEST names, as "manifest" (scripts/guest-tests.sh's).
#
# Exit status: COMMAND's exit status; 124 when the guest timed out or
# died without reporting one; 125 when the kernel log holds a splat
# (panic, oops, BUG, WARN, KASAN, lockdep...), which is printed.
# KVM is used when a probe shows it works (scripts/accel.sh), TCG otherwise;
# GUEST_ACCEL=kvm|tcg overrides. GUEST_SMP, GUEST_QEMU_OPTS add options.
#
# The checkout ($TOP) is shared into the guest at its own path, mounted
# after the guest's tmpfs mounts: a checkout under /tmp, /run or /mnt
# would otherwise be hidden in the guest.
set -eu
. "$(dirname "$0")/lib.sh"

name=guest timeout=${GUEST_TIMEOUT:-600} mem=${GUEST_MEM:-3G}
while getopts n:t:m: opt; do
	case $opt in
	n) name=$OPTARG ;;
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	*) die "usage: $0 [-n NAME] [-t SECONDS] [-m MEM] KERNEL COMMAND..." ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "usage: $0 [-n NAME] [-t SECONDS] [-m MEM] KERNEL COMMAND..."
kernel=$1; shift
[ -f "$kernel" ] || die "no kernel image at $kernel"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make deps)"

run="$BUILD/run/$name"
rm -rf "$run"
mkdir -p "$run/share"
# The job, and the manifest it reads (GUEST_MANIFEST, from guest-tests.sh).
share_job() {
	printf '%s\n' "$*" >"$run/share/job.sh"
	[ -z "${GUEST_MANIFEST:-}" ] || cp "$GUEST_MANIFEST" "$run/share/manifest"
}
share_job "$@"

# Fresh file systems for every run: sparse images, made in a second.
mkdisks() {	# fresh ext4, xfs and btrfs disks (and NVDIMMs) for every boot
	rm -f "$run"/pmem*.img
	for fs in ext4 xfs btrfs; do
		rm -f "$run/$fs.img"
		truncate -s 1G "$run/$fs.img"
		case $fs in
		ext4) mkfs.ext4 -q -F "$run/$fs.img" ;;
		xfs) mkfs.xfs -q -f "$run/$fs.img" ;;
		btrfs) mkfs.btrfs -q -f "$run/$fs.img" >/dev/null ;;
		esac || die "mkfs.$fs failed"
	done
}

# KVM only when a probe guest really ran under it (scripts/accel.sh):
# a /dev/kvm that opens but cannot run a vCPU aborts QEMU mid-boot.
bios=""
[ -f /usr/share/qemu/qboot.rom ] && bios="-bios /usr/share/qemu/qboot.rom"

# Two emulated NVDIMMs of 512 MiB, sparse files here, for fsdax:
# tests/guest/init.sh makes each an fsdax namespace and mounts ext4 and xfs on
# them with -o dax. They sit outside the guest's RAM (maxmem = RAM + 1G).
# GUEST_PMEM=no leaves them out.
mem_opts=$mem pmem_opts=""
if [ "${GUEST_PMEM:-yes}" = yes ]; then
	case $mem in
	*[Gg]) mib=$((${mem%?} * 1024)) ;;
	*[Mm]) mib=${mem%?} ;;
	*[!0-9]*) die "GUEST_MEM/-m: $mem is not N, NM or NG" ;;
	*) mib=$mem ;;
	esac
	mem_opts="$mem,slots=2,maxmem=$((mib + 1024))M"
	pmem_opts="-machine pc,nvdimm=on"
	for i in 0 1; do
		pmem_opts="$pmem_opts -object memory-backend-file,id=pm$i,share=on,mem-path=$run/pmem$i.img,size=512M
		-device nvdimm,id=nv$i,memdev=pm$i"
	done
fi

cmdline="console=ttyS0 quiet panic=-1 root=hostroot rootfstype=9p"
cmdline="$cmdline rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro"
# secretmem is off by default in 6.1; the matrix tests memfd_secret.
cmdline="$cmdline init=$TOP/tests/guest/init.sh hugepages=${HUGEPAGES:-160} secretmem.enable=1"
cmdline="$cmdline HARNESS_TOP=$TOP HARNESS_BUILD=$BUILD ${GUEST_CMDLINE:-}"
# The path goes into QEMU options and the kernel command line, unquoted.
case $TOP$BUILD in
*[[:space:],]*) die "the checkout path ($TOP) holds a space or a comma: QEMU and the guest's command line cannot take it; clone elsewhere" ;;
esac
share_top="-fsdev local,id=harness,path=$TOP,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=harness,mount_tag=harness"
# (The harness's own tests check what happens without it.)
[ "${GUEST_SHARE_CHECKOUT:-yes}" = no ] && share_top=""
# Build products may live outside the checkout (BUILD=...): share both.
case $BUILD/ in
"$TOP"/*) share_build="" ;;
*) share_build="-fsdev local,id=build,path=$BUILD,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=build,mount_tag=build" ;;
esac

# boot ACCEL: one run of the guest; its exit status in $qrc.
# A KVM that passes the probe can still fail a real kernel: nested KVM
# without the needed emulation stops the guest with "KVM internal error"
# (seen here on a LOCK CMPXCHG16B) and QEMU then waits, paused, for the
# timeout; or the guest just never gets anywhere. Under KVM a watcher ends
# the run at once on such an error, or when the guest has not reached its
# init within KVM_LIFE_TIMEOUT seconds (a healthy guest needs a few); the
# run is then repeated under TCG, and the probe's cached answer replaced.
boot() {
	_accel=$1 _tag="harness-$name-$$"
	mkdisks
	say "guest $name: booting ${kernel#"$BUILD"/} ($_accel), timeout ${timeout}s, console in ${run#"$TOP"/}/console.log"
	: >"$run/qemu.err"
	rm -f "$run/kvm-failed" "$run/qemu.maps"
	(
		set +e
		seen=0 waited=0
		while sleep 2; do
			waited=$((waited + 2))
			if pgrep -f "$_tag" >/dev/null; then
				# QEMU's address map, for bench/cache-count.sh:
				# where guest RAM lives in QEMU's address space.
				[ -s "$run/qemu.maps" ] || { _q=$(pgrep -f "^qemu-system-x86_64 .*$_tag" | head -n 1)
					[ -n "$_q" ] && cat "/proc/$_q/maps" >"$run/qemu.maps" 2>/dev/null; }
				seen=1
			elif [ $seen = 1 ]; then
				exit 0
			fi
			[ "$_accel" = "-accel kvm" ] || continue
			why=$(grep -m1 'KVM internal error' "$run/qemu.err")
			[ -n "$why" ] && grep -q 'emulation failure' "$run/qemu.err" &&
				why="$why (emulation failure)"
			if [ -z "$why" ] && [ $waited -ge "${KVM_LIFE_TIMEOUT:-30}" ] &&
			   ! grep -q 'guest-init:' "$run/console.log"; then
				why="the guest did not reach its init within ${KVM_LIFE_TIMEOUT:-30}s"
			fi
			if [ -n "$why" ]; then
				echo "$why" >"$run/kvm-failed"
				pkill -f "$_tag"
				exit 0
			fi
		done
	) &
	_watch=$!
	set +e
	timeout --foreground -k 5 "$timeout" qemu-system-x86_64 $_accel -cpu max \
		-name "$_tag" \
		-smp "${GUEST_SMP:-2}" -m "$mem_opts" $pmem_opts ${GUEST_QEMU_OPTS:-} \
		$bios -no-reboot -display none -monitor none -serial stdio \
		-kernel "$kernel" -append "$cmdline" \
		-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
		-fsdev local,id=results,path="$run/share",security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=results,mount_tag=results \
		$share_top $share_build \
		-drive file="$run/ext4.img",if=virtio,format=raw,cache=unsafe \
		-drive file="$run/xfs.img",if=virtio,format=raw,cache=unsafe \
		-drive file="$run/btrfs.img",if=virtio,format=raw,cache=unsafe \
		</dev/null 2>"$run/qemu.err" | tee "$run/console.log" | sed -u 's/^/    | /'
	qrc=$?
	set -e
	kill "$_watch" 2>/dev/null || true
	wait "$_watch" 2>/dev/null || true
}

start=$(date +%s)
accel=$("$TOP/scripts/accel.sh")
boot "$accel"
if [ "$accel" = "-accel kvm" ] && [ -s "$run/kvm-failed" ]; then
	why=$(cat "$run/kvm-failed")
	"$TOP/scripts/accel.sh" --failed "$why" >/dev/null
	say "KVM: failed in a guest run: $why; booting again under TCG"
	rm -rf "$run/share" && mkdir -p "$run/share"
	share_job "$@"
	boot "-accel tcg"
fi
# KEEP_DISKS=1 keeps the disk images for a file system check after the
# guest is gone (tests/stress/fsck.sh); sparse files of 1 GiB each.
[ "${KEEP_DISKS:-0}" = 1 ] || rm -f "$run"/*.img
took=$(( $(date +%s) - start ))

if ! "$TOP/scripts/splat-check.sh" "$run/console.log" "$run/share/dmesg"; then
	say "guest $name: FAILED: kernel splat in the log (above), after ${took}s"
	exit 125
fi
if [ -s "$run/share/init-error" ]; then
	sed 's/^/    /' "$run/share/init-error" >&2
	say "guest $name: FAILED: the guest could not start the job (above), after ${took}s"
	exit 124
fi
if [ ! -s "$run/share/status" ]; then
	[ -s "$run/qemu.err" ] && cat "$run/qemu.err" >&2
	say "guest $name: FAILED: no exit status from the guest after ${took}s (qemu rc=$qrc: timeout or crash; see $run/console.log)"
	exit 124
fi
rc=$(cat "$run/share/status")
say "guest $name: job exited with $rc after ${took}s"
exit "$rc"
