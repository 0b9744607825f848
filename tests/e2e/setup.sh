# Sourced first by the e2e scripts that collect failures: the binary ($1), a fresh work
# directory ($2), and no(), which reports a failure and lets the script go on, so one run
# names every failure; the script exits with $fail at its end.
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
fail=0
no() {
    echo "FAIL: $*" >&2
    fail=1
}
