# bash completion for fernet (fernet-c): commands, each command's options, and file names
# after -k/--key, -o and --password-file and for INPUT. Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/fernet (loaded on demand by bash-completion);
# without that package: source this file from ~/.bashrc.
# The option lists follow `fernet COMMAND --help`; tests/check_completion.sh compares them.

_fernet_opts()
{
    case $1 in
    keygen) echo "-o --force --help" ;;
    encrypt) echo "-k --key -o --now --password --legacy-cfb --iterations --password-file \
--allow-empty-password --progress --force --help" ;;
    decrypt) echo "-k --key -o --ttl --now --password --legacy-cfb --iterations --password-file \
--progress --force --help" ;;
    rotate) echo "-k --key -o --progress --force --help" ;;
    verify) echo "-k --key --ttl --now --progress --help" ;;
    timestamp) echo "-k --key --progress --help" ;;
    derive-key) echo "--salt --iterations --password-file --help" ;;
    esac
}

_fernet()
{
    local cur prev cmd
    local commands="keygen encrypt decrypt rotate verify timestamp derive-key"
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # With '=' in COMP_WORDBREAKS, "--key=FI" arrives as the words "--key" "=" "FI".
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$commands help --help --version" -- "$cur")
        return 0
    fi
    cmd=${COMP_WORDS[1]}
    case $cmd in
    help | --help | -h)
        ((COMP_CWORD == 2)) && mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        return 0
        ;;
    esac
    [[ -n $(_fernet_opts "$cmd") ]] || return 0

    case $prev in
    -k | --key | -o | --password-file)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    --ttl | --now | --iterations | --salt)
        return 0 # a number or a salt: nothing to suggest
        ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_fernet_opts "$cmd")" -- "$cur")
        return 0
    fi
    case $cmd in
    keygen | derive-key) return 0 ;; # no INPUT
    esac
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
}

complete -F _fernet fernet
