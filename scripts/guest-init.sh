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

# Disks made by the host, in the order guest-run.sh attaches them.
for d in vda:ext4 vdb:xfs vdc:btrfs; do
	dev=/dev/${d%%:*} fs=${d#*:}
	[ -b "$dev" ] || continue
	mkdir -p "/mnt/$fs"
	mount -t "$fs" "$dev" "/mnt/$fs" ||
		echo "guest-init: cannot mount $dev ($fs)" >/dev/console
done

cd "${HARNESS_TOP:-/}" || cd /
echo "guest-init: $(uname -r), running job" >/dev/console
bash "$RESULTS/job.sh" </dev/null 2>&1 | tee "$RESULTS/output" >/dev/console
rc=${PIPESTATUS[0]}
dmesg >"$RESULTS/dmesg"
echo "$rc" >"$RESULTS/status"
sync
umount "$RESULTS" /mnt/ext4 /mnt/xfs /mnt/btrfs 2>/dev/null
echo "guest-init: job exited with $rc" >/dev/console
# Power off: busybox's poweroff -f is the reboot(2) call with no init
# system needed; sysrq is the fallback.
busybox poweroff -f 2>/dev/null
echo o >/proc/sysrq-trigger
sleep 10
