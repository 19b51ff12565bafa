#!/bin/bash
# PID 1 of the guest. The guest's root is the host's root filesystem,
# read-only over 9p (as virtme-ng does), so the host's bash, tools,
# liburing and the selftests built under build/ are simply there. The job
# to run and its results live in a writable 9p share, mounted at
# /mnt/results. See scripts/guest-run.sh for the host side.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=dumb LC_ALL=C

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /mnt
# devtmpfs lacks what udev would add; kselftest's runner writes to
# /dev/stdout, which would otherwise become a regular file.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/shm /dev/hugepages /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t hugetlbfs hugetlbfs /dev/hugepages
mount -t debugfs debugfs /sys/kernel/debug

export RESULTS=/mnt/results
mkdir -p "$RESULTS"
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results "$RESULTS"; then
	echo "guest-init: cannot mount the results share" >/dev/console
	echo o >/proc/sysrq-trigger
fi

# The harness checkout, shared by guest-run.sh at its own host path: a
# checkout under /tmp, /run or /mnt is hidden by the tmpfs mounts above.
# Without it the job cannot run: say so on the console and in the results.
init_error() {
	echo "guest-init: $*" | tee -a "$RESULTS/init-error" >/dev/console
	sync
	busybox poweroff -f 2>/dev/null
	echo o >/proc/sysrq-trigger
	sleep 10
}
share_at() {	# share_at TAG PATH
	mkdir -p "$2" 2>/dev/null
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro "$1" "$2" ||
		init_error "cannot mount the $1 share at $2: the harness checkout is not visible in the guest"
}
[ -n "${HARNESS_TOP:-}" ] || init_error "no HARNESS_TOP= on the kernel command line"
share_at harness "$HARNESS_TOP"
# Build products outside the checkout come in a share of their own.
case ${HARNESS_BUILD:-$HARNESS_TOP/build}/ in
"$HARNESS_TOP"/*) ;;
*) share_at build "$HARNESS_BUILD" ;;
esac

# Disks made by the host, in the order guest-run.sh attaches them.
for d in vda:ext4 vdb:xfs vdc:btrfs; do
	dev=/dev/${d%%:*} fs=${d#*:}
	[ -b "$dev" ] || init_error "no disk $dev for $fs: the guest kernel lacks virtio-blk?"
	mkdir -p "/mnt/$fs"
	# A file system that cannot be mounted would silently shrink the
	# matrix: fail the run instead.
	mount -t "$fs" "$dev" "/mnt/$fs" ||
		init_error "cannot mount $dev ($fs): is $fs built into the guest kernel?"
done

# fsdax on the NVDIMMs guest-run.sh attaches, when it does: each becomes
# an fsdax namespace (struct pages on the device, 2 MiB aligned), one for
# ext4 and one for xfs (no reflink: xfs refuses DAX with it), mounted with
# -o dax. Set up here, like the disks, and a failure fails the run.
if ls /sys/bus/nd/devices 2>/dev/null | grep -q '^region'; then
	for d in 0:ext4 1:xfs; do
		n=${d%%:*} fs=${d#*:}
		ndctl create-namespace -f -e "namespace$n.0" -m fsdax -M dev -a 2M >/dev/null ||
			init_error "ndctl could not make namespace$n.0 an fsdax namespace"
		case $fs in
		ext4) mkfs.ext4 -q -F -b 4096 "/dev/pmem$n" ;;
		xfs) mkfs.xfs -q -f -m reflink=0 "/dev/pmem$n" ;;
		esac || init_error "mkfs.$fs on /dev/pmem$n failed"
		mkdir -p "/mnt/$fs-dax"
		mount -t "$fs" -o dax "/dev/pmem$n" "/mnt/$fs-dax" ||
			init_error "cannot mount /dev/pmem$n ($fs) with -o dax"
	done
fi

cd "$HARNESS_TOP" || init_error "cannot enter $HARNESS_TOP: the harness checkout is not visible in the guest"
[ -r "$RESULTS/job.sh" ] || init_error "no job at $RESULTS/job.sh"
echo "guest-init: $(uname -r), running job" >/dev/console
bash "$RESULTS/job.sh" </dev/null 2>&1 | tee "$RESULTS/output" >/dev/console
rc=${PIPESTATUS[0]}
dmesg >"$RESULTS/dmesg"
echo "$rc" >"$RESULTS/status"
sync
umount "$RESULTS" /mnt/ext4 /mnt/xfs /mnt/btrfs /mnt/ext4-dax /mnt/xfs-dax 2>/dev/null
echo "guest-init: job exited with $rc" >/dev/console
# Power off: busybox's poweroff -f is the reboot(2) call with no init
# system needed; sysrq is the fallback.
busybox poweroff -f 2>/dev/null
echo o >/proc/sysrq-trigger
sleep 10
