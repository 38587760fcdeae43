#!/usr/bin/env bash
# Installs the system packages Aucote needs on Debian/Ubuntu, only those missing.
#   setup-system.sh run    what Aucote itself needs: nmap, python3-venv
#   setup-system.sh test   also what the tests start: PostgreSQL binaries (a throwaway cluster),
#                          iproute2 (namespace labs), and real services (redis, memcached, snmpd, sshd)
set -euo pipefail
mode="${1:-test}"

need=()
command -v nmap >/dev/null 2>&1 || need+=(nmap)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)

if [ "$mode" = "test" ]; then
command -v ip >/dev/null 2>&1 || need+=(iproute2)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
command -v xauth >/dev/null 2>&1 || need+=(xauth)
# Real services the tests start on loopback (each test starts its own instance on a free port).
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v memcached >/dev/null 2>&1 || need+=(memcached)
command -v snmpd >/dev/null 2>&1 || need+=(snmpd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
# Daemons the exposure checks are proven against, each in a vulnerable and a safe configuration
# (tests start their own instances; the packages' own services are kept from starting below).
pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || need+=("$1"); }
for p in mariadb-server mosquitto nats-server rabbitmq-server slapd ldap-utils samba smbclient inetutils-inetd \
         tigervnc-standalone-server x11vnc xvfb rsync tftpd-hpa tftp-hpa inetutils-telnetd \
         etcd-server zookeeper; do
    pkg "$p"
done
# External tools Aucote drives when installed (tools.testssl / tools.whatweb / tools.hydra).
command -v testssl >/dev/null 2>&1 || need+=(testssl.sh)
command -v whatweb >/dev/null 2>&1 || need+=(whatweb)
command -v hydra >/dev/null 2>&1 || need+=(hydra)
# masscan: only ever run by the tests inside a namespace lab, through a named adapter.
command -v masscan >/dev/null 2>&1 || need+=(masscan)
# The browser the login page's tests drive through Playwright (never `playwright install`).
[ -x /usr/bin/chromium ] || need+=(chromium)
fi

if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
echo "Installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# The servers among these packages are only started by the tests, on free loopback ports: keep
# their packages from starting system-wide daemons (policy-rc.d exit 101 = "do not start").
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    created_policy=1
fi
trap '[ -n "$created_policy" ] && $SUDO rm -f "$policy"' EXIT
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
