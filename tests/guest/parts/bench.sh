# part: bench
# checks: nothing itself: runs the benchmark's cases (tests/guest/bench.sh)
#         with the manifest's bench_gupbench, bench_scale, bench_cases and
#         bench_gup_test (empty: not gup_test's lines), for bench/run.sh
# time: 1200
# Sourced by tests/guest/job.sh, in a function: see there for what it
# provides.
echo "== bench: $bench_cases"
# shellcheck disable=SC2086,SC2154 # the cases are words; the manifest sets them
BENCH_GUP_TEST=$bench_gup_test bash "$HARNESS_TOP/tests/guest/bench.sh" \
	"$bench_gupbench" "$bench_scale" $bench_cases || {
	echo "   bench: failed"
	status=1
}
