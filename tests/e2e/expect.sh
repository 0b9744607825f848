# Sourced by the e2e scripts that check failing commands; needs $work.
# expect STATUS STDERR-PATTERN -- command...: the command exits STATUS and its stderr
# matches the pattern (grep -E); otherwise it says so and sets status=1, so the script
# goes on and reports every failure.
status=0
expect() {
    local want=$1 pattern=$2 got=0
    shift 3
    "$@" >/dev/null 2>"$work/err.txt" || got=$?
    if [ "$got" -ne "$want" ] || ! grep -qE -- "$pattern" "$work/err.txt"; then
        echo "FAIL: $* -> exit $got (want $want), stderr:" >&2
        cat "$work/err.txt" >&2
        status=1
    fi
}
