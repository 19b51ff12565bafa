#!/bin/sh
# export-series.sh: write the commits of $TREE (base.."$BRANCH") back to
# patches/ with `git format-patch --cover-letter`. The cover letter, the
# version and the subject prefixes are b4 prep's (see make-tree.sh): the
# branch description and `b4 prep --show-info`. Commit ids are zeroed and
# the base commit has a fixed id, so the output depends only on the
# commits' contents: make tree && make series leaves patches/ unchanged.
# Why not b4's own files (`b4 prep -p` or `b4 send -o`): 0.12 stamps each
# file with the time and a random Message-Id, and with the branch-
# description strategy it writes "base-commit: <base>~1", which does not
# exist for this base (a root commit); the README lists the differences.
#
# Recipients: the series is a distribution backport, so every patch goes
# To: $SERIES_TO, the distribution's kernel list, and Cc: the changelog's
# own Cc: trailers and what the kernel's get_maintainer.pl names
# (maintainers, reviewers, lists), run on the series' own tree
# (MAINTAINERS only: --no-git); the cover letter gets the union. git am
# ignores them.
# To:/Cc: lines at the end of the description (`b4 prep --auto-to-cc`
# writes them there; it puts maintainers in To:) are the series'
# recipients in b4's sense: they go on every file, after the ones above,
# and not into the cover letter's text.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$TREE" ] || die "no $TREE: run 'make tree' first"
n=$(git -C "$TREE" rev-list --count base.."$BRANCH")
[ "$n" -gt 0 ] || die "branch $BRANCH in $TREE has no commits on base"
desc=$(git -C "$TREE" config branch.$BRANCH.description || true)
[ -n "$desc" ] || say "series: no branch description: the cover letter will be a template"
info=$(cd "$TREE" && b4 prep --show-info 2>&1) ||
	die "series: $BRANCH is not enrolled with b4 prep ($(echo "$info" | tail -n 1)); in $TREE: git config branch.$BRANCH.b4-prep-cover-strategy branch-description && b4 prep --enroll base"
# The version ("v3" in "[PATCH 6.1.y v3 n/N]") and the other prefixes
# ("6.1.y"): b4 prep --force-revision 4, b4 prep --set-prefixes 6.1.y.
ver=$(echo "$info" | sed -n 's/^revision: //p')
pfx=$(echo "$info" | sed -n 's/^prefixes: //p')
prefix="PATCH${pfx:+ $pfx}"
[ "$ver" -gt 1 ] 2>/dev/null && prefix="$prefix v$ver"
# b4's recipient trailers, if any, leave the cover letter's text.
b4_to=$(printf "%s\n" "$desc" | sed -n 's/^To: //p')
b4_cc=$(printf "%s\n" "$desc" | sed -n 's/^Cc: //p')
cover_cfg=""
if [ -n "$b4_to$b4_cc" ]; then
	cover_cfg="branch.$BRANCH.description=$(printf "%s\n" "$desc" | grep -v '^\(To\|Cc\): ' |
		awk '{ l[NR] = $0 } NF { last = NR } END { for (i = 1; i <= last; i++) print l[i] }')"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The cover letter takes its date and sender from the committer: use the
# last commit's author, which git am preserves, so they are reproducible.
# A fixed abbreviation: git's default grows with the repository's size,
# which would make the index lines differ between clones.
GIT_COMMITTER_DATE=$(git -C "$TREE" log -1 --format=%aI "$BRANCH") \
GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%an "$BRANCH") \
GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ae "$BRANCH") \
git -C "$TREE" ${cover_cfg:+-c "$cover_cfg"} -c core.abbrev=12 format-patch -q --subject-prefix="$prefix" --cover-letter --cover-from-description=subject \
	--zero-commit --base=base --no-signature -o "$tmp" "base..$BRANCH"
# fold LIST: "a, b, c" as a header value folded at about 76 columns.
fold_list() {
	echo "$1" | awk -v RS=', ' '
		{ gsub(/\n/, ""); if ($0 == "") next
		  if (n && len + length($0) + 2 > 70) { printf ",\n "; len = 1 }
		  else if (n) { printf ", "; len += 2 }
		  printf "%s", $0; len += length($0); n++ }
		END { printf "\n" }'
}
gm() {	# gm PATCH OPTIONS...: addresses, one per line
	_p=$1; shift
	(cd "$TREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats --no-multiline --separator ', ' "$@" "$_p") 2>/dev/null |
		tr -d '\n' | sed 's/, /\n/g'
	echo
}
# add_recipients FILE TO CC: insert To:/Cc: after the Subject: header.
add_recipients() {
	awk -v to="$2" -v cc="$3" '
		done == 0 && insubj && !/^[ \t]/ {
			if (to != "") print "To: " to
			if (cc != "") print "Cc: " cc
			done = 1; insubj = 0
		}
		done == 0 && /^Subject: / { insubj = 1 }
		{ print }' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}
: "${SERIES_TO:=debian-kernel@lists.debian.org}"
to=$(printf '%s\n%s\n' "$(echo "$SERIES_TO" | tr ' ' '\n')" "$b4_to" | awk 'NF && !seen[$0]++')
all_cc="" first_cc=""
for f in "$tmp"/*.patch; do
	case $f in */0000-*) continue ;; esac
	# The changelog's own Cc: trailers, then get_maintainer.pl's.
	cc=$( { sed -n '/^---$/q; s/^Cc: //p' "$f"; gm "$f" --m --r --l; echo "$b4_cc"; } |
		awk -v to="$to" 'BEGIN { n = split(to, t, "\n"); for (i = 1; i <= n; i++) skip[t[i]] = 1 }
			NF && !seen[$0]++ && !skip[$0]')
	# A patch nobody maintains (MAINTAINERS itself) goes to the
	# recipients of the series' first patch, who take the series.
	if ! echo "$cc" | grep -q '<'; then
		cc=$(printf '%s\n%s\n' "$first_cc" "$cc" | awk 'NF && !seen[$0]++')
	fi
	[ -n "$first_cc" ] || first_cc=$cc
	all_cc="$all_cc
$cc"
	add_recipients "$f" "$(fold_list "$(echo "$to" | paste -sd, | sed 's/,/, /g')")" \
		"$(fold_list "$(echo "$cc" | paste -sd, | sed 's/,/, /g')")"
done
cover=$(ls "$tmp"/0000-*.patch 2>/dev/null || true)
if [ -n "$cover" ]; then
	all_cc=$(echo "$all_cc" | awk 'NF && !seen[$0]++')
	add_recipients "$cover" "$(fold_list "$(echo "$to" | paste -sd, | sed 's/,/, /g')")" \
		"$(fold_list "$(echo "$all_cc" | paste -sd, | sed 's/,/, /g')")"
fi

rm -f "$TOP"/patches/*.patch
mkdir -p "$TOP/patches"
mv "$tmp"/*.patch "$TOP/patches/"
say "series: wrote $((n + 1)) files to patches/"
git -C "$TOP" status --short -- patches/ >&2 2>/dev/null || true
