# tests/lib.sh — helpers for test scripts (sourced; POSIX sh).
#
#   ok NAME                  record a pass
#   notok NAME WHY           record a failure
#   check NAME CMD...        pass when CMD exits 0
#   expect_eq NAME GOT WANT  pass when the two strings are equal
#   tmpdir                   a fresh folder under build/, echoed
# $OCTAVO is the binary under test, $TOP the repository root.
: "${OCTAVO:?run through tests/run.sh}"
: "${BUILD:=build}"
: "${TOP:=$(pwd)}"
ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }
check() {
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else notok "$name" "command failed: $*"; fi
}
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "got '$(printf %s "$2" | head -c 300)' want '$(printf %s "$3" | head -c 300)'"; fi
}
tmpdir() {
	d="$TOP/$BUILD/tmp/$(basename "$0" .sh)-$$-$(date +%N)"
	mkdir -p "$d" && echo "$d"
}
