#!/bin/sh
# guest-tests.sh VARIANT OUTDIR: boot the VARIANT guest kernel once and run
# tests/guest/job.sh in it; collect its TAP files into OUTDIR as
# VARIANT-*.tap (counted by `make check`) or OUTDIR/raw/ (inputs of later
# comparisons, not counted). Exit status: the guest run's.
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-} outdir=${2:-$BUILD/check}
[ -n "$variant" ] || die "usage: $0 base|patched|debug [OUTDIR]"
kernel="$BUILD/k/$variant/obj/arch/x86/boot/bzImage"
[ -f "$kernel" ] || die "$variant kernel not built (scripts/kernel.sh $variant)"
mkdir -p "$outdir/raw"

# The series' selftest (tools/testing/selftests/vm): the matrix and the
# gup_test ioctl checks.
export MATRIX=${MATRIX:-gup_longterm_matrix}

# The debug kernel has the series' KUnit suite built in; allnoconfig leaves
# KUnit disabled at boot unless asked.
[ "$variant" = debug ] && export GUEST_CMDLINE="${GUEST_CMDLINE:-} kunit.enable=1"
set +e
"$TOP/scripts/guest-run.sh" -n "$variant" -t "${GUEST_TIMEOUT:-900}" "$kernel" \
	"MATRIX=$MATRIX bash $TOP/tests/guest/job.sh $variant"
rc=$?
set -e
res="$BUILD/run/$variant/share"
for f in "$res"/*.tap "$res"/*.ktap; do
	[ -f "$f" ] || continue
	b=$(basename "$f"); b=${b%.*}
	case $variant/$b in
	*/vm-selftests|base/matrix-expect-restricted)
		cp "$f" "$outdir/raw/$variant-$b.tap" ;;
	*)	cp "$f" "$outdir/$variant-$b.tap" ;;
	esac
done
[ -f "$res/hazard.txt" ] && cp "$res/hazard.txt" "$outdir/raw/$variant-hazard.txt"

exit $rc
