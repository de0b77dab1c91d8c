#!/usr/bin/env bash
# make demo: a short session with the fernet command, in a throw-away directory (removed at
# the end, so no key or password file stays behind; the password file is written under umask 077).
# Every command is printed before it runs, so the output reads like a terminal session.
set -eu
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
PATH=$BUILD:$PATH
dir=$(mktemp -d "${TMPDIR:-/tmp}/fernet-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"

say() { printf '\n# %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; eval "$*"; }

say "A new key (44 characters; the file gets mode 0600)"
run 'fernet keygen -o demo.key'
run 'echo "the eagle lands at noon" > note.txt'

say "Encrypt into a token, and open it again"
run 'fernet encrypt -k demo.key note.txt -o note.token'
run 'cat note.token'
run 'fernet decrypt -k demo.key note.token'
run 'fernet timestamp -k demo.key note.token'

say "With a time-to-live of 60 s, one hour later (--now) the token is refused"
later=$(($(date +%s) + 3600))
run "fernet decrypt -k demo.key --ttl 60 --now $later note.token -o out.txt || echo \"exit status \$?\""
run 'ls out.txt 2>/dev/null || echo "no out.txt: nothing unauthenticated escapes"'

say "Rotate to a new key: the old key no longer opens it, the timestamp stays"
run 'fernet keygen -o new.key'
run 'fernet rotate -k new.key -k demo.key note.token -o rotated.token'
run 'fernet decrypt -k new.key rotated.token'
run 'fernet decrypt -k demo.key rotated.token || echo "exit status $?"'
run 'fernet timestamp -k new.key rotated.token'

say "A password instead of a key (authenticated fcpw1 format); umask 077: only you can read pw.txt"
run 'umask 077'
run 'echo "correct horse battery staple" > pw.txt'
run 'ls -l pw.txt | cut -d" " -f1'
run 'fernet encrypt --password --password-file pw.txt note.txt -o note.fcpw'
run 'cut -c 1-60 note.fcpw'
run 'fernet decrypt --password --password-file pw.txt note.fcpw'
run 'echo "wrong horse" > bad.txt'
run 'fernet decrypt --password --password-file bad.txt note.fcpw || echo "exit status $?"'

say "A token made by Python's cryptography, opened by fernet"
if python3 -c 'import cryptography' 2>/dev/null; then
    run "python3 -c 'from cryptography.fernet import Fernet; print(Fernet(open(\"demo.key\").read().strip()).encrypt(b\"made by Python\").decode())' > py.token"
    run 'fernet decrypt -k demo.key py.token'
else
    echo "(python3 with the cryptography package is not installed: skipped;"
    echo " on Debian: apt-get install python3-cryptography)"
fi
printf '\ndemo: done\n'
