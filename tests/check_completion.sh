#!/usr/bin/env bash
# Shell completion for fernet (cli/completion): the bash function's suggestions for
# commands, options (compared with each command's --help) and file names after -k/--key,
# -o and --password-file; the bash-completion loader finds it where `make install` puts it;
# the zsh function parses (zsh -n) and names every option of --help. Prints
# "N passed, N failed".
set -u
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
F=$BUILD/fernet
BASH_COMP=$PWD/cli/completion/fernet.bash
ZSH_COMP=$PWD/cli/completion/_fernet
T=$(mktemp -d "${TMPDIR:-/tmp}/fernet-comp-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

if [ ! -x "$F" ]; then
    echo "check_completion: $F not built"
    echo "0 passed, 1 failed"
    exit 1
fi
# shellcheck source=/dev/null
. "$BASH_COMP"

# suggest 'WORDS...' -> the sorted suggestions, one per line, for completing the last word.
suggest() {
    # shellcheck disable=SC2206
    COMP_WORDS=($1)
    [ "${1: -1}" = " " ] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$1
    COMP_POINT=${#1}
    COMPREPLY=()
    _fernet fernet "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}
# expect 'WORDS' 'WANT...' : the suggestions are exactly WANT (space-separated).
expect() {
    local got want
    got=$(suggest "$1")
    want=$(printf '%s\n' $2 | sed '/^$/d' | sort)
    if [ "$got" = "$want" ]; then ok; else bad "'$1' -> [$(echo $got)], want [$(echo $want)]"; fi
}

check_registered() {
    if complete -p fernet 2>/dev/null | grep -q -- '-F _fernet'; then ok; else bad "complete -F _fernet fernet not registered"; fi
}
check_registered

mkdir keys sub
: >demo.key
: >dog.token
: >keys/a.key
: >pw.txt

# ---- commands ----
expect "fernet " "keygen encrypt decrypt rotate verify timestamp derive-key help --help --version"
expect "fernet de" "decrypt derive-key"
expect "fernet ro" "rotate"
expect "fernet --v" "--version"
expect "fernet help ti" "timestamp"

# ---- options: the same as each command's --help ----
for c in keygen encrypt decrypt rotate verify timestamp derive-key; do
    help_opts=$("$F" "$c" --help | grep -E '^  -' |
        grep -oE '^ +--?[a-z][a-z-]*|^ +-[a-z], --[a-z][a-z-]*' | tr -d ' ' | tr ',' '\n')
    expect "fernet $c -" "$help_opts --help"
done
expect "fernet decrypt --pa" "--password --password-file"
expect "fernet encrypt --al" "--allow-empty-password"
expect "fernet verify --k" "--key"

# ---- file names after -k/--key, -o and --password-file, and for INPUT ----
expect "fernet decrypt -k " "demo.key dog.token keys pw.txt sub"
expect "fernet decrypt -k d" "demo.key dog.token"
expect "fernet decrypt -k keys/" "keys/a.key"
expect "fernet decrypt --key " "demo.key dog.token keys pw.txt sub"
expect "fernet rotate -k demo.key -k d" "demo.key dog.token"
expect "fernet encrypt -k demo.key -o " "demo.key dog.token keys pw.txt sub"
expect "fernet keygen -o s" "sub"
expect "fernet encrypt --password --password-file p" "pw.txt"
expect "fernet derive-key --password-file p" "pw.txt"
expect "fernet decrypt -k demo.key do" "dog.token"
# A name with a space is one suggestion.
: >"sub/my key.txt"
COMP_WORDS=(fernet decrypt -k sub/m)
COMP_CWORD=3
_fernet
if [ "${#COMPREPLY[@]}" -eq 1 ] && [ "${COMPREPLY[0]}" = "sub/my key.txt" ]; then ok; else bad "a name with a space -> [${COMPREPLY[*]}]"; fi
# --key=FILE: bash splits it into "--key" "=" "FILE" (COMP_WORDBREAKS has '=').
COMP_WORDS=(fernet decrypt --key "=" d)
COMP_CWORD=4
_fernet
got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
if [ "$got" = "demo.key dog.token " ]; then ok; else bad "--key=d -> [$got]"; fi
COMP_WORDS=(fernet decrypt --password-file "=")
COMP_CWORD=3
_fernet
got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
if [ "$got" = "demo.key dog.token keys pw.txt sub " ]; then ok; else bad "--password-file= -> [$got]"; fi

# ---- nothing after options that take a number or a salt; no INPUT for keygen ----
expect "fernet decrypt --ttl " ""
expect "fernet decrypt --now " ""
expect "fernet encrypt --password --iterations " ""
expect "fernet derive-key --salt " ""
expect "fernet keygen " ""
expect "fernet frobnicate " ""

# ---- the bash-completion loader finds it where `make install` puts it ----
BC=/usr/share/bash-completion/bash_completion
if [ -r "$BC" ]; then
    mkdir -p share/bash-completion/completions
    cp "$BASH_COMP" share/bash-completion/completions/fernet
    out=$(XDG_DATA_DIRS=$T/share BASH_COMP_FILE=$BC bash --norc -i -c '
        . "$BASH_COMP_FILE" >/dev/null 2>&1
        complete -r fernet 2>/dev/null
        __load_completion fernet
        complete -p fernet' 2>/dev/null)
    if grep -q -- '-F _fernet' <<<"$out"; then ok; else bad "bash-completion did not load share/bash-completion/completions/fernet ($out)"; fi
else
    echo "check_completion: bash-completion not installed: loader test skipped"
fi

# ---- zsh ----
if command -v zsh >/dev/null; then
    if zsh -n "$ZSH_COMP"; then ok; else bad "zsh -n $ZSH_COMP"; fi
    for c in keygen encrypt decrypt rotate verify timestamp derive-key; do
        for o in $("$F" "$c" --help | grep -E '^  -' |
            grep -oE '^ +--?[a-z][a-z-]*|^ +-[a-z], --[a-z][a-z-]*' | tr -d ' ' | tr ',' '\n'); do
            if grep -qE -- "'(\*|\(- \*\))?${o}[=+]?\[" "$ZSH_COMP"; then ok; else bad "zsh: $c option $o missing"; fi
        done
    done
    # Load it the way compinit does and check the function is defined.
    if zsh -f -c "fpath=($(dirname "$ZSH_COMP") \$fpath); autoload -Uz compinit && compinit -u -d $T/zcompdump && [[ \${_comps[fernet]} == _fernet ]]"; then
        ok
    else
        bad "zsh compinit did not register _fernet for fernet"
    fi
else
    echo "check_completion: zsh not installed: zsh tests skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
