//! Which network addresses a webhook may be delivered to.
//!
//! A webhook URL is chosen by a customer, and the server then connects to it: without a check
//! an owner could make Knead call its own database, the cloud's metadata service or anything
//! else inside the network (server-side request forgery). Every address a delivery would
//! connect to is judged here first; only public unicast addresses pass.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address may not receive webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("a loopback address")]
    Loopback,
    #[error("the unspecified address")]
    Unspecified,
    #[error("a private network address")]
    Private,
    #[error("a link-local address")]
    LinkLocal,
    #[error("a carrier-grade NAT address")]
    SharedAddressSpace,
    #[error("a unique-local address")]
    UniqueLocal,
    #[error("a multicast address")]
    Multicast,
    #[error("the broadcast address")]
    Broadcast,
    #[error("a documentation address")]
    Documentation,
    #[error("a cloud metadata address")]
    Metadata,
    #[error("a reserved address")]
    Reserved,
}

/// The AWS IPv6 instance metadata address, `fd00:ec2::254`.
const EC2_METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254);

/// Judges one address: `Ok` only for a public unicast address.
pub fn classify(ip: IpAddr) -> Result<(), Refused> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn classify_v4(ip: Ipv4Addr) -> Result<(), Refused> {
    use Refused::*;
    let rules: &[([u8; 4], u32, Refused)] = &[
        ([169, 254, 169, 254], 32, Metadata),
        ([0, 0, 0, 0], 32, Unspecified),
        ([0, 0, 0, 0], 8, Reserved), // "this network"
        ([127, 0, 0, 0], 8, Loopback),
        ([10, 0, 0, 0], 8, Private),
        ([172, 16, 0, 0], 12, Private),
        ([192, 168, 0, 0], 16, Private),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([100, 64, 0, 0], 10, SharedAddressSpace),
        ([192, 0, 0, 0], 24, Reserved), // IETF protocol assignments
        ([192, 0, 2, 0], 24, Documentation),
        ([198, 51, 100, 0], 24, Documentation),
        ([203, 0, 113, 0], 24, Documentation),
        ([198, 18, 0, 0], 15, Reserved), // benchmarking
        ([255, 255, 255, 255], 32, Broadcast),
        ([224, 0, 0, 0], 4, Multicast),
        ([240, 0, 0, 0], 4, Reserved),
    ];
    match rules.iter().find(|(net, prefix, _)| in_v4(ip, *net, *prefix)) {
        Some((_, _, why)) => Err(*why),
        None => Ok(()),
    }
}

fn in_v6(ip: Ipv6Addr, net: Ipv6Addr, prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
    u128::from(ip) & mask == u128::from(net) & mask
}

fn classify_v6(ip: Ipv6Addr) -> Result<(), Refused> {
    use Refused::*;
    if ip == EC2_METADATA_V6 {
        return Err(Metadata);
    }
    if ip.is_unspecified() {
        return Err(Unspecified);
    }
    if ip.is_loopback() {
        return Err(Loopback);
    }
    let bits = u128::from(ip);
    // IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d: judged by
    // the IPv4 address they carry, which is where a dual-stack socket would connect.
    if bits >> 32 == 0xffff || bits >> 32 == 0 {
        return classify_v4(Ipv4Addr::from((bits & 0xffff_ffff) as u32));
    }
    // NAT64 64:ff9b::/96 (and the local-use 64:ff9b:1::/48): the gateway connects to the
    // embedded IPv4 address.
    if in_v6(ip, Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96)
        || in_v6(ip, Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48)
    {
        return classify_v4(Ipv4Addr::from((bits & 0xffff_ffff) as u32));
    }
    let rules: &[(Ipv6Addr, u32, Refused)] = &[
        (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, LinkLocal),
        (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10, Reserved), // site-local
        (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, UniqueLocal),
        (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, Multicast),
        (Ipv6Addr::new(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0), 32, Documentation),
        (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20, Documentation),
        (Ipv6Addr::new(0x0100, 0, 0, 0, 0, 0, 0, 0), 64, Reserved), // discard-only
        (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, Reserved), // IETF protocol assignments
        (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16, Reserved), // 6to4 embeds any v4
        (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 8, Reserved),
    ];
    match rules.iter().find(|(net, prefix, _)| in_v6(ip, *net, *prefix)) {
        Some((_, _, why)) => Err(*why),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(s: &str) -> Result<(), Refused> {
        classify(s.parse().unwrap_or_else(|_| panic!("{s} is an address")))
    }

    #[test]
    fn public_addresses_pass() {
        for ok in [
            "93.184.216.34",
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "172.15.255.255",
            "100.128.0.1",
            "100.63.255.255",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "64:ff9b::808:808",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(judge(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn every_refused_range() {
        use Refused::*;
        let cases = [
            ("127.0.0.1", Loopback),
            ("127.255.255.254", Loopback),
            ("::1", Loopback),
            ("0.0.0.0", Unspecified),
            ("::", Unspecified),
            ("0.1.2.3", Reserved),
            ("10.0.0.1", Private),
            ("10.255.255.255", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("192.168.1.1", Private),
            ("169.254.0.1", LinkLocal),
            ("169.254.169.254", Metadata),
            ("fe80::1", LinkLocal),
            ("febf:ffff::1", LinkLocal),
            ("100.64.0.1", SharedAddressSpace),
            ("100.127.255.255", SharedAddressSpace),
            ("fc00::1", UniqueLocal),
            ("fdff:ffff::1", UniqueLocal),
            ("fd00:ec2::254", Metadata),
            ("224.0.0.1", Multicast),
            ("239.255.255.250", Multicast),
            ("ff02::1", Multicast),
            ("255.255.255.255", Broadcast),
            ("240.0.0.1", Reserved),
            ("192.0.2.1", Documentation),
            ("198.51.100.7", Documentation),
            ("203.0.113.9", Documentation),
            ("2001:db8::1", Documentation),
            ("3fff::1", Documentation),
            ("198.18.0.1", Reserved),
            ("192.0.0.8", Reserved),
            ("2002:7f00:1::1", Reserved),
            ("100::1", Reserved),
        ];
        for (addr, why) in cases {
            assert_eq!(judge(addr), Err(why), "{addr}");
        }
    }

    #[test]
    fn embedded_ipv4_is_judged_by_the_ipv4_address() {
        use Refused::*;
        assert_eq!(judge("::ffff:127.0.0.1"), Err(Loopback));
        assert_eq!(judge("::ffff:10.1.2.3"), Err(Private));
        assert_eq!(judge("::ffff:169.254.169.254"), Err(Metadata));
        assert_eq!(judge("::127.0.0.1"), Err(Loopback));
        assert_eq!(judge("::192.168.0.1"), Err(Private));
        assert_eq!(judge("64:ff9b::7f00:1"), Err(Loopback));
        assert_eq!(judge("64:ff9b::a9fe:a9fe"), Err(Metadata));
        assert_eq!(judge("64:ff9b:1::c0a8:1"), Err(Private));
        assert_eq!(judge("64:ff9b::8.8.8.8"), Ok(()));
    }
}
