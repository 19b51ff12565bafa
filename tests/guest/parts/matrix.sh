# part: matrix
# checks: the matrix test alone, on the same directories
# time: 600
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== accept/reject matrix"
# shellcheck disable=SC2086
(cd /tmp && timeout 600 "$T/kselftest/install/vm/gup_longterm_matrix" \
	$GUP_LONGTERM_DIRS /dev/shm /dev/hugepages) \
	>"$R/matrix.tap" 2>&1
echo "   exit $? ($(grep -c '^ok' "$R/matrix.tap") ok, $(grep -c '^not ok' "$R/matrix.tap") not ok)"
