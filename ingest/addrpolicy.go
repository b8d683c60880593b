package ingest

import (
	"encoding/binary"
	"net/netip"
)

// The address policy fails closed: an address is reachable only when it
// parses, is global unicast, and lies outside every block of the IANA
// special-purpose registries. Forms that carry an IPv4 address inside an
// IPv6 one are judged by the IPv4 address they carry, so no tunnel prefix
// leads back to loopback or a private network.

// blockedV4 are the IPv4 special-purpose blocks (RFC 6890 and successors)
// that are not ordinary destinations on the internet.
var blockedV4 = prefixes(
	"0.0.0.0/8",          // "this network"
	"10.0.0.0/8",         // private
	"100.64.0.0/10",      // shared address space (carrier NAT, cloud metadata)
	"127.0.0.0/8",        // loopback
	"169.254.0.0/16",     // link local
	"172.16.0.0/12",      // private
	"192.0.0.0/24",       // IETF protocol assignments
	"192.0.2.0/24",       // documentation
	"192.88.99.0/24",     // 6to4 relay anycast (deprecated)
	"192.168.0.0/16",     // private
	"198.18.0.0/15",      // benchmarking
	"198.51.100.0/24",    // documentation
	"203.0.113.0/24",     // documentation
	"224.0.0.0/4",        // multicast
	"240.0.0.0/4",        // reserved, and the limited broadcast address
	"255.255.255.255/32", // limited broadcast
)

// blockedV6 are the IPv6 blocks inside 2000::/3 that are special-purpose.
var blockedV6 = prefixes(
	"2001::/23",      // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
	"2001:db8::/32",  // documentation
	"3fff::/20",      // documentation
	"5f00::/16",      // SRv6 segment identifiers
	"64:ff9b:1::/48", // local-use NAT64
)

var (
	globalV6     = netip.MustParsePrefix("2000::/3")
	nat64        = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour    = netip.MustParsePrefix("2002::/16")
	v4Compatible = netip.MustParsePrefix("::/96")
)

func prefixes(list ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(list))
	for i, s := range list {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// PublicAddress reports whether host, an IP literal with or without a zone,
// is an address on the public internet. Anything that does not parse is not.
func PublicAddress(host string) bool {
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	return publicAddr(addr)
}

func publicAddr(addr netip.Addr) bool {
	if addr.Zone() != "" {
		// Only link-local and other scoped addresses carry a zone; none of
		// them is public, whatever the rest of the address says.
		return false
	}
	if inner, ok := embeddedV4(addr); ok {
		return publicV4(inner)
	}
	if addr.Is4() {
		return publicV4(addr)
	}
	if !globalV6.Contains(addr) {
		return false // loopback, unspecified, ULA, link and site local, multicast, discard…
	}
	return !inAny(addr, blockedV6)
}

// embeddedV4 unwraps the forms that put an IPv4 address inside an IPv6 one:
// v4-mapped, IPv4-compatible, NAT64's well-known prefix and 6to4.
func embeddedV4(addr netip.Addr) (netip.Addr, bool) {
	switch {
	case addr.Is4In6():
		return addr.Unmap(), true
	case !addr.Is6():
		return netip.Addr{}, false
	case nat64.Contains(addr), v4Compatible.Contains(addr) && addr.Compare(netip.IPv6Unspecified()) != 0 && addr != netip.IPv6Loopback():
		b := addr.As16()
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(addr):
		b := addr.As16()
		var v4 [4]byte
		binary.BigEndian.PutUint32(v4[:], binary.BigEndian.Uint32(b[2:6]))
		return netip.AddrFrom4(v4), true
	}
	return netip.Addr{}, false
}

func publicV4(addr netip.Addr) bool {
	return addr.Is4() && !inAny(addr, blockedV4)
}

func inAny(addr netip.Addr, blocks []netip.Prefix) bool {
	for _, p := range blocks {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
