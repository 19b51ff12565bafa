#!/bin/bash
patched: in the guest|patched: in the guest, let real clients of long-term pins
# take each kind of buffer, and run the pin hazard, on this kernel, which
# must behave as the base or the patched kernel. CLIENTS_BIN and
# HAZARD_DIR say where the programs are (tests/guest/job.sh sets them).
#
# Clients (rows), each on five buffers: ext4-shared (MAP_SHARED of an
# ext4 file), ext4-private (MAP_PRIVATE of one), memfd, anon (private
# anonymous), hugetlb:
#   fio-uring  fio, ioengine=io_uring fixedbufs=1 (IORING_REGISTER_BUFFERS),
#              its iomem=mmapshared:FILE / mmap:FILE / mmap / mmaphuge:FILE;
#              the memfd as mmapshared:/proc/self/fd/9 (memfd_exec)
#   rdma       perftest's ib_write_bw against itself over soft-RoCE (rxe on
#              a dummy netdev, loopback), --mmap=FILE (MAP_SHARED),
#              --use_hugepages (SysV SHM_HUGETLB), its default buffer
#              (anon), --mmap=/proc/self/fd/9 (memfd); ibv_reg_mr is what
#              counts, its errno read with strace. ext4-private: perftest
#              cannot map a file privately, so reg_mr (ours) does the
#              ibv_reg_mr
#   af-xdp     xsk_umem (ours, libxdp): XDP_UMEM_REG, then bind on a veth
#   gup-slow   gup_bench_pin slow (ours): gup_test PIN_LONGTERM_BENCHMARK
#   gup-fast   gup_bench_pin fast (ours): gup_test PIN_FAST_BENCHMARK
# and the short-term control that must work on both kernels:
#   odirect    fio, ioengine=psync direct=1, into an ext4 MAP_SHARED buffer
# then the hazard (tests/pin-hazard: both scenarios on ext4, xfs, btrfs
# and tmpfs).
#
# Writes into $RESULTS:
#   clients.tap  one TAP test per client row, against the result expected
#                on this kernel
#   hazard.tap   the hazard program's TAP
#   clients.txt  one line per row (client rows then hazard rows), tab
#                separated: client, memory, result (accepted, refused,
#                error; for the hazard LOST, UNSYNCED, KEPT, REFUSED...),
#                errno or "-", expected, ok or FAIL, the program's words
#   clients/     every program's output
# A client that cannot run (program, package, kernel option, device
# missing) gives "error" rows with the reason: never a silent skip.
# Exit status 0 when every row has its expected result.
set -u
variant=${1:-}
case $variant in
base | patched) ;;
*) echo "usage: $0 base|patched" >&2; exit 2 ;;
esac
TOP=${HARNESS_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/scripts/tap.sh"
# Where the programs are: tests/guest/job.sh says, from its manifest.
BIN=${CLIENTS_BIN:?CLIENTS_BIN is not set: the clients built by scripts/build-tests.sh}
HZ=${HAZARD_DIR:?HAZARD_DIR is not set: tests/pin-hazard as built for this kernel}
R=${RESULTS:?RESULTS is not set: run this in the guest}
L=$R/clients
mkdir -p "$L"
TXT=$R/clients.txt
: >"$TXT"
: >"$L/tap"
failed=0
MEMS="ext4-shared ext4-private memfd anon hugetlb"
E=/mnt/ext4

echo "== clients on the $variant kernel ($(uname -r))"

# The result each row must give on this kernel: "accepted", or "refused"
# and the errno ("-" when the program cannot report one).
expect() {	# expect CLIENT MEMORY
	[ "$1" = odirect ] && { echo accepted; return; }
	if [ "$variant" = base ]; then
		case $1:$2 in
		# 6.1's own io_uring rule: no file-backed memory but shmem/hugetlb
		fio-uring:ext4-shared | fio-uring:ext4-private) echo "refused EOPNOTSUPP" ;;
		*) echo accepted ;;
		esac
	else
		case $1:$2 in
		gup-*:ext4-shared) echo "refused -" ;;	# the benchmark has no errno
		*:ext4-shared) echo "refused EFAULT" ;;
		*) echo accepted ;;
		esac
	fi
}

record() {	# record CLIENT MEMORY RESULT ERRNO MESSAGE
	local want got st line
	want=$(expect "$1" "$2")
	got="$3 $4"
	[ "$3" = accepted ] && got=accepted
	if [ "$got" = "$want" ]; then st=ok; else st=FAIL; failed=$((failed + 1)); fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$want" "$st" "$5" >>"$TXT"
	line="- $1 $2: $got (expected $want): $5"
	if [ $st = ok ]; then tap_ok "$line"; else tap_not_ok "$line"; fi >>"$L/tap"
	printf '   %-4s %-10s %-13s %-22s %s\n' "$st" "$1" "$2" "$got" "$5"
}

# A client whose prerequisites are missing: every one of its rows is an
# error that names the reason.
cannot_run() {	# cannot_run CLIENT REASON
	local m
	for m in $MEMS; do record "$1" "$m" error - "cannot run: $2"; done
}

missing() {	# missing PROGRAM...: prints the ones not found
	local p out=""
	for p in "$@"; do
		case $p in
		/*) [ -x "$p" ] || out="$out $p" ;;
		*) command -v "$p" >/dev/null || out="$out $p" ;;
		esac
	done
	echo "${out# }"
}

# The buffer argument of our programs (membuf.h) for a memory kind.
spec() {	# spec MEMORY NAME
	case $1 in
	ext4-shared) echo "shared:$E/$2" ;;
	ext4-private) echo "private:$E/$2" ;;
	memfd) echo memfd ;;
	anon) echo anon ;;
	hugetlb) echo "shared:/dev/hugepages/$2" ;;
	esac
}

# One run of one of our programs, whose last line says
# accepted|refused|error: ... (ERRNO).
ours() {	# ours CLIENT MEMORY LOG COMMAND...
	local c=$1 m=$2 log=$3 line word err rc
	shift 3
	timeout 120 "$@" >"$log" 2>&1
	rc=$?
	line=$(grep -E '^(accepted|refused|error):' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		record "$c" "$m" error - "${1##*/} exited $rc: $(tail -n 1 "$log")"
		return
	fi
	word=${line%%:*}
	err=$(sed -n 's/.*(\(E[A-Z0-9]*\))$/\1/p' <<<"$line")
	record "$c" "$m" "$word" "${err:--}" "${1##*/}: ${line#*: }"
}

cleanup_files() {
	rm -f "$E"/clients-* /dev/hugepages/clients-*
}

# ---------------------------------------------------------------- fio
# fio_row CLIENT MEMORY ENGINE-OPTIONS...
fio_row() {
	local c=$1 m=$2 log="$L/$1-$2.log" pre=() mem line err func msg rc
	shift 2
	case $m in
	ext4-shared) truncate -s 1M "$E/clients-fio-buf"; mem=mmapshared:$E/clients-fio-buf ;;
	ext4-private) truncate -s 1M "$E/clients-fio-buf"; mem=mmap:$E/clients-fio-buf ;;
	memfd) pre=("$BIN/memfd_exec" 1048576 9); mem=mmapshared:/proc/self/fd/9 ;;
	anon) mem=mmap ;;
	hugetlb) truncate -s 4M /dev/hugepages/clients-fio-buf; mem=mmaphuge:/dev/hugepages/clients-fio-buf ;;
	esac
	timeout 120 "${pre[@]}" fio --name="clients-$m" --filename="$E/fio-data.clients" \
		--size=256k --bs=4k --rw=read --direct=1 --iodepth=4 \
		--iomem="$mem" "$@" >"$log" 2>&1
	rc=$?
	cleanup_files
	line=$(grep -m 1 -E 'err= *[1-9][0-9]*.*func=' "$log")
	if [ $rc = 0 ] && [ -z "$line" ] && grep -q 'READ: bw=' "$log"; then
		record "$c" "$m" accepted - "fio: $(grep -m 1 'READ: bw=' "$log" | sed 's/^ *//')"
	elif [ -n "$line" ]; then
		err=$(sed -n 's/.*err= *\([0-9]*\).*/\1/p' <<<"$line")
		func=$(sed -n 's/.*func=\([^,]*\),.*/\1/p' <<<"$line")
		msg=$(sed -n 's/.*error=\(.*\)$/\1/p' <<<"$line")
		record "$c" "$m" refused "$("$BIN/errname" "$err")" "fio: err=$err, func=$func, error=$msg"
	else
		record "$c" "$m" error - "fio exited $rc: $(grep -v '^ *$' "$log" | tail -n 1)"
	fi
}

echo "-- fio, io_uring with fixed buffers (IORING_REGISTER_BUFFERS)"
why=$(missing fio "$BIN/memfd_exec" "$BIN/errname")
if [ -n "$why" ]; then
	cannot_run fio-uring "missing $why"
	record odirect ext4-shared error - "cannot run: missing $why"
elif ! dd if=/dev/urandom of="$E/fio-data.clients" bs=64k count=4 status=none; then
	cannot_run fio-uring "cannot write $E/fio-data.clients"
	record odirect ext4-shared error - "cannot run: cannot write $E/fio-data.clients"
else
	for m in $MEMS; do
		fio_row fio-uring "$m" --ioengine=io_uring --fixedbufs=1
	done
	echo "-- control: fio, O_DIRECT read(2) into an ext4 MAP_SHARED buffer (short-term pins)"
	fio_row odirect ext4-shared --ioengine=psync
fi

# ---------------------------------------------------------------- RDMA
rdma_setup() {	# sets gid, or why and returns 1
	local f
	why=""
	ip link set lo up || why="ip link set lo up failed"
	[ -z "$why" ] && { ip link add clients-rx type dummy ||
		why="cannot create a dummy netdev (CONFIG_DUMMY?)"; }
	[ -z "$why" ] && { { ip addr add 10.77.0.1/24 dev clients-rx && ip link set clients-rx up; } ||
		why="cannot configure the dummy netdev"; }
	[ -z "$why" ] && { rdma link add rxe0 type rxe netdev clients-rx ||
		why="rdma link add rxe0 failed (CONFIG_RDMA_RXE?)"; }
	[ -z "$why" ] && { [ -c /dev/infiniband/uverbs0 ] ||
		why="no /dev/infiniband/uverbs0 (CONFIG_INFINIBAND_USER_ACCESS?)"; }
	[ -z "$why" ] || return 1
	# the RoCE v2 GID of the IPv4 address (the guest has no IPv6)
	gid=""
	for f in /sys/class/infiniband/rxe0/ports/1/gids/*; do
		if [ "$(cat "$f" 2>/dev/null)" = 0000:0000:0000:0000:0000:ffff:0a4d:0001 ]; then
			gid=${f##*/}
			break
		fi
	done
	[ -n "$gid" ] || { why="rxe0 has no GID for 10.77.0.1"; return 1; }
}

listening() {	# listening PORT: a TCP socket listens on PORT
	grep -qE ":$(printf '%04X' "$1") [0-9A-F]{8}:0000 0A" /proc/net/tcp
}

# The last failed uverbs call in a strace log, the one perftest gave up
# on, e.g. "ioctl(uverbs0) = -1 EFAULT" (rdma-core's probes fail harmlessly
# before it, with ENOSPC for one, on both kernels).
uverbs_error() {	# uverbs_error STRACE-LOG
	sed -n 's/^[0-9]* *\([a-z]*\)([0-9]*<\/dev\/infiniband\/\(uverbs[0-9]*\)>.*= -1 \(E[A-Z0-9]*\).*/\1(\2) = -1 \3/p' "$1" | tail -n 1
}

port=18515
ibwb_row() {	# ibwb_row MEMORY
	local m=$1 s="$L/rdma-$1-server.log" c="$L/rdma-$1-client.log"
	local pre=() os=() oc=() spid src crc fail err tr
	case $m in
	ext4-shared)
		truncate -s 16M "$E/clients-rdma-s" "$E/clients-rdma-c"
		os=(--mmap="$E/clients-rdma-s") oc=(--mmap="$E/clients-rdma-c") ;;
	memfd)
		pre=("$BIN/memfd_exec" 16777216 9)
		os=(--mmap=/proc/self/fd/9) oc=(--mmap=/proc/self/fd/9) ;;
	anon) ;;
	hugetlb) os=(--use_hugepages) oc=(--use_hugepages) ;;
	esac
	port=$((port + 1))
	local common=(-d rxe0 -x "$gid" -F -n 5 -s 4096 -p "$port")
	local st=(strace -f -qq -y -e "trace=write,ioctl" -e status=failed)
	timeout 180 "${pre[@]}" "${st[@]}" -o "$s.strace" ib_write_bw "${common[@]}" "${os[@]}" >"$s" 2>&1 &
	spid=$!
	for _ in $(seq 120); do
		listening "$port" && break
		kill -0 $spid 2>/dev/null || break
		sleep 0.5
	done
	crc=-
	if listening "$port"; then
		timeout 120 "${pre[@]}" "${st[@]}" -o "$c.strace" ib_write_bw "${common[@]}" "${oc[@]}" 127.0.0.1 >"$c" 2>&1
		crc=$?
	fi
	wait $spid
	src=$?
	cleanup_files
	fail=$(grep -h -m 1 -iE "couldn't allocate MR|failed to create mr|couldn't create IB resources" "$s" "$c" | head -n 1 | sed 's/^ *//')
	if [ "$src" = 0 ] && [ "$crc" = 0 ] && grep -q '^ *4096 *5 ' "$c"; then
		record rdma "$m" accepted - "ib_write_bw: both sides registered, $(awk '$1 == 4096 && $2 == 5 {print "5 RDMA writes of 4096 B, BW average " $4 " MB/sec"}' "$c")"
	elif [ -n "$fail" ]; then
		err=$(uverbs_error "$s.strace")
		[ -n "$err" ] || err=$(uverbs_error "$c.strace" 2>/dev/null)
		tr=${err##* }
		record rdma "$m" refused "${tr:--}" "ib_write_bw: $fail [strace: ${err:-no failed uverbs call}]"
	else
		record rdma "$m" error - "ib_write_bw: server exited $src, client $crc: $(grep -hv '^ *$' "$s" "$c" | tail -n 1)"
	fi
}

echo "-- RDMA: ib_write_bw over soft-RoCE (rxe) loopback; ibv_reg_mr"
why=$(missing ib_write_bw rdma ip strace "$BIN/reg_mr" "$BIN/memfd_exec")
if [ -n "$why" ]; then
	cannot_run rdma "missing $why"
elif ! rdma_setup >"$L/rdma-setup.log" 2>&1; then
	cannot_run rdma "$why: $(tail -n 1 "$L/rdma-setup.log")"
else
	for m in $MEMS; do
		if [ "$m" = ext4-private ]; then
			ours rdma "$m" "$L/rdma-$m.log" "$BIN/reg_mr" "$(spec "$m" clients-rdma)" rxe0
			cleanup_files
		else
			ibwb_row "$m"
		fi
	done
fi

# ---------------------------------------------------------------- AF_XDP
echo "-- AF_XDP: umem registration (XDP_UMEM_REG) and bind on a veth"
why=$(missing ip "$BIN/xsk_umem")
if [ -n "$why" ]; then
	cannot_run af-xdp "missing $why"
elif ! ip link add clients-x0 type veth peer name clients-x1 ||
	! ip link set clients-x0 up || ! ip link set clients-x1 up; then
	cannot_run af-xdp "cannot create a veth pair (CONFIG_VETH?)"
else
	for m in $MEMS; do
		ours af-xdp "$m" "$L/af-xdp-$m.log" "$BIN/xsk_umem" "$(spec "$m" clients-xsk)" clients-x0
		cleanup_files
	done
fi

# ---------------------------------------------------------------- gup_test
echo "-- gup_test benchmark ioctls: long-term write pins, slow and fast"
why=$(missing "$BIN/gup_bench_pin")
[ -e /sys/kernel/debug/gup_test ] || why="$why /sys/kernel/debug/gup_test (CONFIG_GUP_TEST)"
for path in slow fast; do
	if [ -n "$why" ]; then
		cannot_run "gup-$path" "missing $why"
		continue
	fi
	for m in $MEMS; do
		ours "gup-$path" "$m" "$L/gup-$path-$m.log" "$BIN/gup_bench_pin" "$path" "$(spec "$m" clients-gup)"
		cleanup_files
	done
done

{
	tap_header
	tap_plan "$TAP_N"
	cat "$L/tap"
} >"$R/clients.tap"

# ---------------------------------------------------------------- hazard
echo "-- hazard: data a driver writes through a long-term pin of a MAP_SHARED file"
hz_fail() {	# hz_fail REASON: the hazard could not run
	local sc fs
	tap_only 1 "- hazard cannot run: $1" >"$R/hazard.tap"
	for sc in unpin-clean fsync; do
		for fs in ext4 xfs btrfs tmpfs; do
			printf 'hazard-%s\t%s\terror\t-\t?\tFAIL\tcannot run: %s\n' "$sc" "$fs" "$1" >>"$TXT"
		done
	done
	echo "   FAIL hazard cannot run: $1"
	failed=$((failed + 1))
}
# insmod and rmmod: kmod's if the host has it, else busybox's applets
kmod() {
	if command -v "$1" >/dev/null; then "$@"; else busybox "$@"; fi
}
if [ ! -f "$HZ/pin_hazard.ko" ] || [ ! -x "$HZ/hazard" ]; then
	hz_fail "$HZ/pin_hazard.ko or hazard not built (scripts/build-tests.sh)"
elif ! kmod insmod "$HZ/pin_hazard.ko" 2>"$L/insmod.log"; then
	hz_fail "insmod pin_hazard.ko: $(cat "$L/insmod.log")"
else
	"$HZ/hazard" -k "$variant" /mnt/ext4 /mnt/xfs /mnt/btrfs /dev/shm >"$R/hazard.tap" 2>&1
	kmod rmmod pin_hazard
	# "ok N - SCENARIO FS RESULT ERRNO: what happened (expected WHAT on the V kernel)"
	sed -n 's/^\(not \)\{0,1\}ok [0-9]* - \([^ ]*\) \([^ ]*\) \([^ ]*\) \([^ :]*\): \(.*\) (expected \(.*\) on the [a-z]* kernel)$/\1|\2|\3|\4|\5|\7|\6/p' \
		"$R/hazard.tap" | while IFS='|' read -r no sc fs res err want msg; do
		printf 'hazard-%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sc" "$fs" "$res" "$err" "$want" \
			"$([ -z "$no" ] && echo ok || echo FAIL)" "hazard: $msg" >>"$TXT"
		printf '   %-4s %-18s %-6s %-9s %s\n' "$([ -z "$no" ] && echo ok || echo FAIL)" "$sc" "$fs" "$res $([ "$err" = - ] || echo "$err")" "$msg"
	done
	grep -q '^not ok\|^Bail out' "$R/hazard.tap" && failed=$((failed + 1))
	[ "$(grep -c '^ok\|^not ok' "$R/hazard.tap")" = 8 ] || {
		echo "   FAIL the hazard program did not report 8 results (see $R/hazard.tap)"
		failed=$((failed + 1))
	}
fi

echo "== clients: $TAP_N client rows, $(grep -c '^ok' "$R/clients.tap") as expected; hazard: $(grep -c '^ok' "$R/hazard.tap") of 8 as expected"
[ $failed = 0 ]
