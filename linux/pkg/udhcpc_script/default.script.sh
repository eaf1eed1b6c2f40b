#!/bin/sh
# udhcpc's hook (busybox runs it as "default.script EVENT" with the lease in the environment):
# configures the interface's address, the default route and /etc/resolv.conf from the lease.
# Installed at /etc/udhcpc/default.script, the path Debian's busybox looks for.

case "$1" in
deconfig)
    # No lease (yet): the interface up without an address, so DHCP can use it.
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up
    ;;
bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" ${broadcast:+broadcast "$broadcast"} dev "$interface"
    for gateway in $router; do
        ip route replace default via "$gateway" dev "$interface"
        break
    done
    : >/etc/resolv.conf
    [ -n "$domain" ] && echo "search $domain" >>/etc/resolv.conf
    for server in $dns; do
        echo "nameserver $server" >>/etc/resolv.conf
    done
    ;;
leasefail|nak)
    echo "udhcpc: no lease on $interface ($1)" >&2
    ;;
esac
exit 0
