#!/bin/sh
# table.sh BASE.txt PATCHED.txt: the clients' results of both kernels side
# by side (the clients.txt files tests/guest/clients.sh writes in the base
# and the patched guest), the hazard rows after them, then one verdict
# line per row. Exit status 0 when every row of both kernels has the
# result expected on that kernel.
set -eu
[ $# = 2 ] || { echo "usage: $0 BASE.txt PATCHED.txt" >&2; exit 2; }
for f in "$1" "$2"; do
	[ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done

awk -F '\t' '
function res(r, e) { return (e == "-" || e == "") ? r : r " " e }
function shorten(s) { return length(s) > 110 ? substr(s, 1, 107) "..." : s }
# what the pair of results means, for the verdict line
function meaning(b, p,    bw, pw) {
	bw = b; sub(/ .*/, "", bw); pw = p; sub(/ .*/, "", pw)
	if (bw == "accepted" && pw == "accepted") return "allowed on both kernels"
	if (bw == "accepted" && pw == "refused") return "the hole on the base, refused on the patched kernel"
	if (bw == "refused" && pw == "accepted") return "refused on the base (6.1 io_uring rule), allowed on the patched kernel"
	if (bw == "refused" && pw == "refused")
		return b == p ? "refused on both kernels" : "refused on both kernels: " substr(b, 9) " on the base, " substr(p, 9) " on the patched one"
	if (bw == "LOST") return "the write through the pin is lost on the base, the pin refused on the patched kernel"
	if (bw == "UNSYNCED") return "fsync() returns 0 without the write on the base, the pin refused on the patched kernel"
	if (bw == "KEPT" && pw == "KEPT") return "control: the write kept on both kernels"
	return "base " b ", patched " p
}
FNR == 1 { file++ }
{
	key = $1 "\t" $2
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	r[file, key] = res($3, $4); want[file, key] = $5; st[file, key] = $6; msg[file, key] = $7
}
END {
	printf "Long-term pins by real clients, per buffer (accepted, or refused and the errno the program reported):\n"
	printf "  %-19s %-13s | %-22s | %s\n", "client", "memory", "base", "patched"
	hz = 0
	for (i = 1; i <= n; i++) {
		split(order[i], k, "\t")
		if (k[1] ~ /^hazard-/ && !hz) {
			hz = 1
			printf "\nData a driver writes through a long-term write pin of a MAP_SHARED file\n"
			printf "(unpin-clean: unpinned without dirtying, page dropped, file read back;\n"
			printf " fsync: a driver that dirties on unpin, fsync() while it holds the pin, disk read with O_DIRECT):\n"
			printf "  %-19s %-13s | %-22s | %s\n", "scenario", "file system", "base", "patched"
		}
		b = ((1, order[i]) in r) ? r[1, order[i]] : "(no result)"
		p = ((2, order[i]) in r) ? r[2, order[i]] : "(no result)"
		printf "  %-19s %-13s | %-22s | %s\n", k[1], k[2], b, p
	}
	printf "\nVerdicts (ok: the result expected on that kernel, on both):\n"
	bad = 0
	for (i = 1; i <= n; i++) {
		key = order[i]; split(key, k, "\t")
		b = ((1, key) in r) ? r[1, key] : "(no result)"
		p = ((2, key) in r) ? r[2, key] : "(no result)"
		ok = st[1, key] == "ok" && st[2, key] == "ok"
		line = sprintf("%-4s %s %s: ", ok ? "ok" : "FAIL", k[1], k[2])
		if (ok) {
			line = line meaning(b, p)
			# the words of the program that refused, when one did
			if (p !~ /^accepted/ && p !~ /^KEPT/ && msg[2, key] != "")
				line = line "; patched: " shorten(msg[2, key])
			else if (b !~ /^accepted/ && msg[1, key] != "")
				line = line "; base: " shorten(msg[1, key])
		} else {
			bad++
			if (st[1, key] != "ok")
				line = line sprintf("base gave %s, expected %s (%s); ", b, want[1, key], shorten(msg[1, key]))
			if (st[2, key] != "ok")
				line = line sprintf("patched gave %s, expected %s (%s)", p, want[2, key], shorten(msg[2, key]))
		}
		print "  " line
	}
	printf "\n  %d rows, %d as expected on both kernels, %d not\n", n, n - bad, bad
	exit bad ? 1 : 0
}' "$1" "$2"
