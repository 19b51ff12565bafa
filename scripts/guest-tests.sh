#!/bin/sh
# guest-tests.sh [-x base|patched] [-t SECONDS] [-m MEM] [-k IMAGE] [-n NAME]
#                [-v KEY=VALUE]... VARIANT OUTDIR PART...
#
# The one way the harness runs tests in a guest (check, demo, stress,
# mutants, bench): boot kernel VARIANT (kernel_paths in lib.sh) once, run
# tests/guest/job.sh's PARTs in it, and copy its results into OUTDIR as
# NAME-FILE.tap (TAP) and NAME-FILE.txt (tables, logs); NAME is VARIANT
# unless -n gives one (it also names the run directory, build/run/NAME).
# Which of them count towards a total is the caller's business.
#
# -k boots IMAGE instead of VARIANT's own (bench/run.sh boots copies, so
# that a rebuild cannot change kernels between its rounds); -v adds
# KEY=VALUE to the manifest, for a part's own settings (KEY: lower case
# letters, digits and _).
#
# The guest derives nothing from names: it reads a manifest that this
# script writes into the results share (build/run/VARIANT/share/manifest,
# kept with the results): the parts, what the kernel must do (-x: base or
# patched behaviour; default patched, base for the base kernel), the
# directories of the tests, and the durations.
#
# -t: the guest's time limit (default $GUEST_TIMEOUT, else 1200 s);
# -m: its memory (guest-run.sh's default). STRESS_DURATION (default 30 s)
# and JOB_STOP_AT_FAILURE=1 (stop after the first part that fails) go into
# the manifest. The kernel command line gets kunit.enable=1 when the
# kunit part is asked for (the suite is built in; allnoconfig leaves
# KUnit off at boot).
# Exit status: the guest run's (see guest-run.sh).
set -eu
. "$(dirname "$0")/lib.sh"

usage="usage: $0 [-x base|patched] [-t SECONDS] [-m MEM] [-k IMAGE] [-n NAME] [-v KEY=VALUE]... VARIANT OUTDIR PART..."
expect="" timeout=${GUEST_TIMEOUT:-1200} mem="" image="" name="" extra=""
nl='
'
while getopts x:t:m:k:n:v: opt; do
	case $opt in
	x) expect=$OPTARG ;;
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	k) image=$OPTARG ;;
	n) name=$OPTARG ;;
	v) case ${OPTARG%%=*} in
	   "$OPTARG"|''|[!a-z_]*|*[!a-z0-9_]*) die "-v $OPTARG: expected KEY=VALUE, KEY of lower case letters, digits and _" ;;
	   esac
	   case $OPTARG in *"$nl"*|*\"*|*\$*|*\`*|*\\*)
		die "-v $OPTARG: no newline, quote, \$, \` or backslash in VALUE" ;;
	   esac
	   extra="$extra${OPTARG%%=*}=\"${OPTARG#*=}\"$nl" ;;
	*) die "$usage" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 3 ] || die "$usage"
variant=$1 outdir=$2
shift 2
kernel_paths "$variant" || die "$usage (VARIANT: base, patched, debug, release, mutant)"
[ -n "$image" ] || image=$K_IMAGE
[ -n "$name" ] || name=$variant
case $name in *[!A-Za-z0-9_.-]*) die "-n $name: letters, digits, '.', '_' and '-' only" ;; esac
[ -f "$image" ] || die "no kernel image at $image (is the $variant kernel built?)"
if [ -z "$expect" ]; then
	expect=patched
	[ "$variant" = base ] && expect=base
fi
case $expect in base|patched) ;; *) die "$usage" ;; esac
mkdir -p "$outdir"

manifest=$(mktemp)
trap 'rm -f "$manifest"' EXIT
cat >"$manifest" <<EOF
# tests/guest/job.sh's manifest, written by scripts/guest-tests.sh
variant=$variant
expect=$expect
parts="$*"
tests=$TESTS_DIR
kernel_tests=$K_TESTS
stress_duration=${STRESS_DURATION:-30}
stop_at_failure=${JOB_STOP_AT_FAILURE:-0}
EOF
# -v's settings, after the manifest's own, which they may not replace.
printf '%s' "$extra" | while IFS= read -r kv; do
	! grep -q "^${kv%%=*}=" "$manifest" || die "-v ${kv%%=*}: a key of the manifest's own"
	printf '%s\n' "$kv" >>"$manifest"
done || exit 1

case " $* " in *" kunit "*) export GUEST_CMDLINE="${GUEST_CMDLINE:-} kunit.enable=1" ;; esac
set +e
GUEST_MANIFEST=$manifest "$TOP/scripts/guest-run.sh" -n "$name" -t "$timeout" \
	${mem:+-m "$mem"} "$image" "bash $TOP/tests/guest/job.sh"
rc=$?
set -e
res="$BUILD/run/$name/share"
for f in "$res"/*.tap "$res"/*.txt "$res"/*.log; do
	[ -f "$f" ] || continue
	cp "$f" "$outdir/$name-$(basename "$f")"
done
exit $rc
