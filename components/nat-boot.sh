#!/bin/bash
# Boot script of the NAT instance (Amazon Linux 2023). It turns the instance into a NAT that lets
# the private subnets out on TCP 443 and UDP 443 only: HTTPS and QUIC, which is all WorkSpaces
# registration and sign-in need. The security group already says the same; this is the second
# fence, so that a widened group rule alone does not open the network.
#
# It runs at every boot, not only the first (the user data tells cloud-init so), and every run
# ends in the same state: an instance stopped half-way through its first boot comes up right on
# the next start. It fails closed: forwarding is switched off first and switched on last, after
# the packet rules are in place, so until then, or when a step fails, it forwards nothing.
# Every outcome is a line starting "nat-boot:" on the console (aws ec2 get-console-output).
#
# The component fills the placeholder in ALLOWED_SOURCES with the private subnets' blocks. Sourcing
# the file with NAT_BOOT_LIBRARY_ONLY=1 defines the functions without running anything (the tests
# do, and replace the three distribution-specific steps: have_packages, install_packages, persist_rules).
set -euo pipefail

ALLOWED_SOURCES="${NAT_ALLOWED_SOURCES:-@ALLOWED_SOURCES@}"
CONSOLE="${NAT_BOOT_CONSOLE:-/dev/console}"
INSTALL_ATTEMPTS="${NAT_BOOT_INSTALL_ATTEMPTS:-5}"
RETRY_DELAY="${NAT_BOOT_RETRY_DELAY:-5}" # seconds, doubled after each failed attempt

# say MESSAGE...: one line on standard output (cloud-init's log) and on the console.
say() {
  echo "nat-boot: $*"
  { echo "nat-boot: $*" >>"$CONSOLE"; } 2>/dev/null || true
}

# disable_forwarding / enable_forwarding: whether the kernel routes packets not addressed to it.
disable_forwarding() {
  sysctl -q -w net.ipv4.ip_forward=0
}
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

# Amazon Linux 2023 ships without iptables; iptables-services also restores the saved rules early
# at boot, so the FORWARD chain drops before this script runs again.
have_packages() {
  rpm -q iptables-services >/dev/null 2>&1
}
install_packages() {
  dnf install -y iptables-services
}
# persist_rules: what the next boot starts from: the saved rules, and forwarding off (an earlier
# version switched it on for every boot in sysctl.d; now this script alone switches it on).
persist_rules() {
  iptables-save >/etc/sysconfig/iptables
  systemctl enable iptables
  rm -f /etc/sysctl.d/90-nat.conf
}

# ensure_packages: installs what is missing, retrying with backoff (the repository may be slow
# to answer right after boot). Returns non-zero when it gave up.
ensure_packages() {
  local attempt delay="$RETRY_DELAY"
  if have_packages; then
    return 0
  fi
  for ((attempt = 1; ; attempt++)); do
    if install_packages && have_packages; then
      return 0
    fi
    if ((attempt >= INSTALL_ATTEMPTS)); then
      return 1
    fi
    say "installing iptables-services failed (attempt $attempt of $INSTALL_ATTEMPTS); retrying in ${delay} s"
    sleep "$delay"
    delay=$((delay * 2))
  done
}

egress_interface() {
  ip route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }'
}

main() {
  disable_forwarding
  if ! ensure_packages; then
    say "FAILED: could not install iptables-services after $INSTALL_ATTEMPTS attempts; forwarding stays OFF (fail closed). Reboot the instance to try again."
    return 1
  fi
  local egress
  egress="$(egress_interface)"
  if [[ -z "$egress" ]]; then
    say "FAILED: no default route, so no interface to masquerade behind; forwarding stays OFF (fail closed)."
    return 1
  fi
  # shellcheck disable=SC2086 # the list of blocks is meant to split into words
  configure_forwarding "$egress" $ALLOWED_SOURCES
  persist_rules
  enable_forwarding
  say "OK: forwarding TCP/UDP 443 from ${ALLOWED_SOURCES} out through ${egress}"
}

if [[ "${NAT_BOOT_LIBRARY_ONLY:-0}" != "1" ]]; then
  main
fi
