#!/bin/sh
# demo.sh: the hazard and the accept/reject matrix, base against patched.
# Builds (or reuses) both guest kernels and their tests, boots each once
# (tests/guest/job.sh), and prints a side-by-side table.
set -eu
. "$(dirname "$0")/lib.sh"

out="$BUILD/demo"
rm -rf "$out"; mkdir -p "$out"
start=$(date +%s)
# Both kernels first: the tests of either are built from the patched tree.
for v in base patched; do
	"$TOP/scripts/kernel.sh" "$v" >/dev/null
done
for v in base patched; do
	"$TOP/scripts/build-tests.sh" "$v"
done
for v in base patched; do
	"$TOP/scripts/guest-tests.sh" "$v" "$out" ||
		say "demo: the $v guest reported failures (see $BUILD/run/$v/)"
done

echo
echo "Data written through a long-term write pin of a MAP_SHARED file"
echo "(pin, fsync, write through the pin, unpin, drop caches, read back):"
printf '  %-12s %-10s %-10s\n' "file system" "base" "patched"
for fs in ext4 xfs btrfs shm; do
	b=$(awk -v f="$fs" '$1 ~ f"$" {print $2}' "$out/raw/base-hazard.txt" 2>/dev/null)
	p=$(awk -v f="$fs" '$1 ~ f"$" {print $2}' "$out/raw/patched-hazard.txt" 2>/dev/null)
	[ "$fs" = shm ] && fs="tmpfs"
	printf '  %-12s %-10s %-10s\n' "$fs" "${b:-?}" "${p:-?}"
done
echo "  LOST: the file lost the write. REFUSED: the pin failed with -EFAULT."
echo
echo "Long-term pins (gup_test PIN_LONGTERM_TEST / io_uring), per cell:"
"$TOP/scripts/matrix-table.sh" "$out/base-matrix.tap" "$out/patched-matrix.tap"
echo
"$TOP/scripts/tap-summary.sh" "$out"/*.tap | sed 's/^/  /' || true
say "demo took $(( $(date +%s) - start )) s; logs in $BUILD/run/base and $BUILD/run/patched"
