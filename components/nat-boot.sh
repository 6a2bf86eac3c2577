#!/bin/bash
# Boot script of the NAT instance (Amazon Linux 2023). It turns the instance into a NAT that lets
# the private subnets out on TCP 443 and UDP 443 only: HTTPS and QUIC, which is all WorkSpaces
# registration and sign-in need. The security group already says the same; this is the second
# fence, so that a widened group rule alone does not open the network.
#
# The component fills the placeholder in ALLOWED_SOURCES with the private subnets' blocks. Sourcing
# the file with NAT_BOOT_LIBRARY_ONLY=1 defines the functions without running anything (the tests do).
set -euo pipefail

ALLOWED_SOURCES="${NAT_ALLOWED_SOURCES:-@ALLOWED_SOURCES@}"

# enable_forwarding: let the kernel route packets that are not addressed to this host.
enable_forwarding() {
  sysctl -q -w net.ipv4.ip_forward=1
}

# configure_forwarding EGRESS_INTERFACE SOURCE_CIDR...: the packet rules, safe to run again.
# New flows from the sources pass only to TCP 443 and UDP 443 and leave masqueraded behind this
# host's address; replies pass back; everything else forwarded is dropped.
configure_forwarding() {
  local egress="$1"
  shift
  iptables -P FORWARD DROP
  iptables -F FORWARD
  iptables -t nat -F POSTROUTING
  iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  local source
  for source in "$@"; do
    iptables -A FORWARD -s "$source" -p tcp --dport 443 -m conntrack --ctstate NEW -j ACCEPT
    iptables -A FORWARD -s "$source" -p udp --dport 443 -m conntrack --ctstate NEW -j ACCEPT
  done
  iptables -t nat -A POSTROUTING -o "$egress" -j MASQUERADE
}

main() {
  # Amazon Linux 2023 ships without iptables; iptables-services also restores the rules at boot.
  if ! rpm -q iptables-services >/dev/null 2>&1; then
    dnf install -y iptables-services
  fi
  echo "net.ipv4.ip_forward = 1" >/etc/sysctl.d/90-nat.conf
  enable_forwarding
  local egress
  egress="$(ip route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')"
  # shellcheck disable=SC2086 # the list of blocks is meant to split into words
  configure_forwarding "$egress" $ALLOWED_SOURCES
  iptables-save >/etc/sysconfig/iptables
  systemctl enable --now iptables
}

if [[ "${NAT_BOOT_LIBRARY_ONLY:-0}" != "1" ]]; then
  main
fi
