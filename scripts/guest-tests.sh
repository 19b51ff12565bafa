#!/bin/sh
# guest-tests.sh VARIANT OUTDIR PART...: boot the VARIANT guest kernel once,
# run tests/guest/job.sh VARIANT PART... in it, and copy its results into
# OUTDIR as VARIANT-NAME.tap (TAP) and VARIANT-NAME.txt (tables, logs).
# Which of them count towards a total is the caller's business.
# Exit status: the guest run's (see guest-run.sh).
#
# The kernel command line gets kunit.enable=1 when the kunit part is
# asked for (the suite is built in; allnoconfig leaves KUnit off at boot).
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: $0 base|patched|debug OUTDIR PART..."
variant=$1 outdir=$2
shift 2
kernel="$BUILD/k/$variant/obj/arch/x86/boot/bzImage"
[ -f "$kernel" ] || die "$variant kernel not built (scripts/kernel.sh $variant)"
mkdir -p "$outdir"

case " $* " in *" kunit "*) export GUEST_CMDLINE="${GUEST_CMDLINE:-} kunit.enable=1" ;; esac
set +e
"$TOP/scripts/guest-run.sh" -n "$variant" -t "${GUEST_TIMEOUT:-1200}" "$kernel" \
	"STRESS_DURATION=${STRESS_DURATION:-30} bash $TOP/tests/guest/job.sh $variant $*"
rc=$?
set -e
res="$BUILD/run/$variant/share"
for f in "$res"/*.tap "$res"/*.txt "$res"/*.log; do
	[ -f "$f" ] || continue
	cp "$f" "$outdir/$variant-$(basename "$f")"
done
exit $rc
