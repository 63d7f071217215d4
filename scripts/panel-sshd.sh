#!/usr/bin/env bash
# OpenSSH's own sshd in front of panel, on 127.0.0.1, from a folder of its own and without systemd:
# what the tests run, and how to try the deployment by hand (README: Running a national panel).
#   scripts/panel-sshd.sh FOLDER PORT
# Writes FOLDER/sshd_config and a host key, checks the config (sshd -t), and runs sshd in the
# foreground (-D) logging to FOLDER/sshd.log; keys go to FOLDER/authorized_keys through
#   panel expert key add E01 e01.pub --authorized-keys FOLDER/authorized_keys
# Stop it with Ctrl-C or kill "$(cat FOLDER/sshd.pid)".
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 FOLDER PORT" >&2; exit 2; }
mkdir -p "$1"
folder=$(cd "$1" && pwd)
port=$2
chmod 700 "$folder"
[ -f "$folder/host_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "panel test host" -f "$folder/host_ed25519"
[ -f "$folder/authorized_keys" ] || install -m 600 /dev/null "$folder/authorized_keys"
# sshd's privilege separation needs this folder; Debian's service would make it.
[ -d /run/sshd ] || mkdir -p -m 755 /run/sshd
cat > "$folder/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $folder/host_ed25519
PidFile $folder/sshd.pid
AuthorizedKeysFile $folder/authorized_keys
# The test folder is not root's own: do not insist on its modes (the server's real one should be).
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
# The whole panel logs in at 9:00: sshd's default (10:30:100) starts dropping connections that are
# still authenticating once ten are.
MaxStartups 100:30:200
# Nothing but the forced command: no forwarding of any kind, no environment from the client.
DisableForwarding yes
PermitUserEnvironment no
PermitTunnel no
LogLevel VERBOSE
EOF
/usr/sbin/sshd -t -f "$folder/sshd_config"
exec /usr/sbin/sshd -D -f "$folder/sshd_config" -E "$folder/sshd.log"
