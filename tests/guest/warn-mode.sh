#!/bin/bash
# warn-mode.sh: in the guest, patch 11 (distribution only): the switch
# vm.longterm_file_pin and the log line of a refused long-term write pin,
# on a kernel with the whole series.
#
#  1. the switch: "refuse" by default; a user other than root, root
#     without CAP_SYS_ADMIN and a value other than refuse or warn cannot
#     change it; root can, and the change is logged;
#  2. the log line: a refused pin logs one line that names the program,
#     its pid, the file system, the file's device and inode; a pin that
#     GUP-fast leaves to the slow path logs once, not per page; pins the
#     rule allows log nothing; in warn mode, one process's 512 one-page
#     pins of one file (gup_bench_pin) log one line, not five;
#  3. the rate limit: a burst of refusals logs at most 5 lines per 30 s;
#  4. warn mode: the pin is taken and logged as allowed; the matrix test
#     (which reads the mode) passes every cell; one real client, AF_XDP,
#     first refused with its own error next to the kernel's line, then
#     working with the warning (warn-demo.txt, which make demo shows).
# The log line has a rate limit of 5 lines in 30 s, and the earlier parts
# of the job refuse many pins: a check that counts lines first waits for a
# new window (new_window), and each window has the lines of at most five
# pins by other processes or of other files.
#
# CLIENTS_BIN (gup_bench_pin, xsk_umem), MATRIX (gup_longterm_matrix) and
# GUP_LONGTERM_DIRS come from tests/guest/parts/warn.sh. Writes into
# $RESULTS: warn.tap, warn-matrix.tap (the matrix in warn mode),
# warn-demo.txt and warn/ (every program's output). Exit status 0 when
# every check passed.
set -u
TOP=${HARNESS_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/scripts/tap.sh"
BIN=${CLIENTS_BIN:?CLIENTS_BIN is not set: the clients built by scripts/build-tests.sh}
MATRIX=${MATRIX:?MATRIX is not set: gup_longterm_matrix}
R=${RESULTS:?RESULTS is not set: run this in the guest}
S=/proc/sys/vm/longterm_file_pin
E=/mnt/ext4
L=$R/warn
mkdir -p "$L"
n=0

mark() {	# mark: a unique line in the kernel log; lines_since reads after it
	n=$((n + 1))
	echo "warn-mode.sh: mark $n" >/dev/kmsg
}

lines_since() {	# lines_since PATTERN: the kernel log lines after the last mark
	dmesg | sed -n "/warn-mode.sh: mark $n\$/,\$p" | grep -E -- "$1"
}

count_since() { lines_since "$1" | wc -l; }

uptime_of() {	# uptime_of PATTERN: the whole seconds of the last such line
	dmesg | sed -n "s/^\[ *\([0-9]*\)\.[0-9]*\] $1/\1/p" | tail -n 1
}

new_window() {	# new_window: wait until the line's rate limit starts anew
	# A window starts with the first line it lets through, so it has
	# ended 30 s after the last line printed (timestamps are whole
	# seconds here: 32).
	echo "warn-mode.sh: now" >/dev/kmsg
	_last=$(uptime_of 'gup: \(refused\|allowed\) .*')
	_wait=$(( ${_last:-0} + 32 - $(uptime_of 'warn-mode.sh: now$') ))
	[ "$_wait" -gt 0 ] || return 0
	tap_diag "waiting $_wait s for a new window of the rate limit"
	sleep "$_wait"
}

pin() {	# pin NAME slow|fast MEMORY: gup_bench_pin; prints PID RESULT
	sh -c 'echo $$; exec "$@"' sh "$BIN/gup_bench_pin" "$2" "$3" >"$L/$1.log" 2>&1
	echo "$(head -n 1 "$L/$1.log") $(sed -n '2s/:.*//p' "$L/$1.log")"
}

check() {	# check DESC COMMAND...: one TAP result
	if "${@:2}"; then tap_ok "$1"; else tap_not_ok "$1"; fi
}

mode_is() { [ "$(cat $S)" = "$1" ]; }

{
tap_header
if [ ! -w $S ]; then
	tap_plan 1
	tap_not_ok "$S exists (patch 11)"
	exit 1
fi
rm -f "$E"/warn-*

# ------------------------------------------------------------- the switch
check "vm.longterm_file_pin is refuse by default" mode_is refuse
setpriv --reuid=65534 --regid=65534 --clear-groups bash -c "echo warn >$S" 2>"$L/user.err"
rc=$?
check "a user other than root cannot set warn ($(cat "$L/user.err"))" \
	test $rc -ne 0 -a "$(cat $S)" = refuse
setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin bash -c "echo warn >$S" 2>"$L/nocap.err"
rc=$?
check "root without CAP_SYS_ADMIN cannot set warn ($(cat "$L/nocap.err"))" \
	test $rc -ne 0 -a "$(cat $S)" = refuse
(echo bogus >$S) 2>"$L/bogus.err"
rc=$?
check "a value other than refuse or warn is refused ($(cat "$L/bogus.err"))" \
	test $rc -ne 0 -a "$(cat $S)" = refuse

# ------------------------------------------------------------- the line
new_window
mark
read -r pid res <<<"$(pin refused slow "shared:$E/warn-buf")"
id=$(stat -c '%Hd:%Ld, ino %i' "$E/warn-buf")
want="gup: refused a long-term write pin by gup_bench_pin\[$pid\]: a shared mapping of a file on ext4 \(dev $id\) needs dirty tracking; use memfd, tmpfs or hugetlbfs memory, or a read-only or short-term pin \(Documentation/core-api/pin_user_pages.rst\)"
lines_since 'gup: ' | tap_diag
check "a refused pin of an ext4 MAP_SHARED file (slow: $res)" test "$res" = refused
check "... logs one line naming gup_bench_pin[$pid], ext4, dev $id" \
	test "$(count_since "$want")" -eq 1
# Pins that the rule allows log nothing; GUP-fast defers the refused one
# to the slow path, which logs once for the 512 pages.
mark
for m in private:$E/warn-priv memfd anon shared:/dev/shm/warn-shm; do
	read -r pid res <<<"$(pin "allowed-${m%%:*}" slow "$m")"
	check "a pin of $m is taken (slow: $res)" test "$res" = accepted
done
read -r pid res <<<"$(pin refused-fast fast "shared:$E/warn-buf")"
check "a refused GUP-fast pin of an ext4 MAP_SHARED file (fast: $res)" test "$res" = refused
lines_since 'gup: ' | tap_diag
check "... the allowed pins logged nothing, the GUP-fast one line" \
	test "$(count_since 'gup: ')" -eq 1 -a "$(count_since "gup_bench_pin\[$pid\]")" -eq 1

# ------------------------------------------------------------- rate limit
# The window of the two lines above: at most three more.
mark
t0=$(date +%s)
refused=0
for _ in $(seq 200); do
	"$BIN/gup_bench_pin" slow "shared:$E/warn-buf" >/dev/null 2>&1
	[ $? -eq 1 ] && refused=$((refused + 1))
done
secs=$(( $(date +%s) - t0 ))
lines=$(count_since 'gup: refused')
bound=$(( 5 * (secs / 30 + 1) ))
tap_diag "$refused refusals in $secs s: $lines lines; $(count_since 'callbacks suppressed') 'callbacks suppressed' lines"
check "a burst of 200 refusals ($refused refused in $secs s) logs $lines lines, at most $bound" \
	test "$refused" -eq 200 -a "$lines" -ge 1 -a "$lines" -le "$bound"

# ------------------------------------------------------------- warn mode
mark
echo warn >$S
check "root sets warn" mode_is warn
check "... and the change is logged" test "$(count_since 'vm.longterm_file_pin set to warn by ')" -eq 1
new_window
mark
read -r pid res <<<"$(pin allowed-warn slow "shared:$E/warn-buf")"
lines_since 'gup: ' | tap_diag
check "warn: the pin of the ext4 MAP_SHARED file is taken (slow: $res)" test "$res" = accepted
check "... and its 512 one-page pins are logged as allowed in one line" \
	test "$(count_since "gup: allowed \(vm.longterm_file_pin=warn\) a long-term write pin by gup_bench_pin\[$pid\]: a shared mapping of a file on ext4")" -eq 1

# ------------------------------------------------------------- AF_XDP
# One real client, refused then taken with the warning: make demo shows
# warn-demo.txt. The same window: two lines.
if ip link add warn-x0 type veth peer name warn-x1 2>"$L/veth.err" &&
	ip link set warn-x0 up && ip link set warn-x1 up; then
	{
	for mode in refuse warn; do
		echo $mode >$S
		mark
		"$BIN/xsk_umem" "shared:$E/warn-xsk" warn-x0 >"$L/xsk-$mode.log" 2>&1
		echo "vm.longterm_file_pin=$mode, AF_XDP umem on a MAP_SHARED ext4 file:"
		echo "  xsk_umem:  $(tail -n 1 "$L/xsk-$mode.log")"
		echo "  kernel:    $(lines_since 'gup: ' | sed 's/^\[[ 0-9.]*\] //' | head -n 1)"
		rm -f "$E/warn-xsk"
	done
	} >"$R/warn-demo.txt"
	echo refuse >$S
	ip link del warn-x0
	tap_diag <"$R/warn-demo.txt"
	check "AF_XDP, refuse: the program is refused and the kernel says why" \
		grep -q 'refused: xsk_umem__create' "$L/xsk-refuse.log"
	check "AF_XDP, warn: the program works, with the warning" \
		grep -q '^accepted: ' "$L/xsk-warn.log"
	check "... both kernel lines are in warn-demo.txt" \
		test "$(grep -c 'kernel: *gup: \(refused\|allowed (vm.longterm_file_pin=warn)\) a long-term write pin by xsk_umem\[' "$R/warn-demo.txt")" -eq 2
else
	tap_not_ok "AF_XDP: cannot create a veth pair: $(cat "$L/veth.err")"
fi

# ------------------------------------------------------------- the matrix
# The matrix test reads the mode: every cell it refuses in refuse mode is
# taken (fast-only ones still go to the slow path: EAGAIN). The window
# has room for two more lines.
echo warn >$S
mark
# shellcheck disable=SC2086
(cd /tmp && timeout 900 "$MATRIX" $GUP_LONGTERM_DIRS /dev/shm /dev/hugepages) >"$R/warn-matrix.tap" 2>&1
rc=$?
ok=$(grep -c '^ok' "$R/warn-matrix.tap")
bad=$(grep -c '^not ok' "$R/warn-matrix.tap")
matrix_passed() {
	[ $rc -eq 0 ] && [ "$bad" -eq 0 ] && [ "$ok" -gt 0 ] &&
		grep -q '^# vm.longterm_file_pin=warn$' "$R/warn-matrix.tap"
}
check "warn: the matrix passes in warn mode (exit $rc: $ok ok, $bad not ok; warn-matrix.tap)" \
	matrix_passed
check "... and its taken pins are logged as allowed" \
	test "$(count_since 'gup: allowed \(vm.longterm_file_pin=warn\)')" -ge 1
echo refuse >$S
check "vm.longterm_file_pin is refuse again" mode_is refuse
rm -f "$E"/warn-* /dev/shm/warn-*
tap_plan "$TAP_N"
tap_diag "$(tap_counts)"
} >"$R/warn.tap"
grep -E '^(not )?ok' "$R/warn.tap" | sed 's/^/   /'
! grep -q '^not ok' "$R/warn.tap"
