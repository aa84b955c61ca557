//! The rules a webhook URL must meet before it is stored, and the development allow-list.

use super::address::{self, Refused};
use crate::Invalid;
use std::net::IpAddr;
use url::{Host, Url};

/// Hosts (optionally with a port) that may be reached over plain HTTP and at any address,
/// for development and tests: `KNEAD_WEBHOOK_ALLOW=localhost:8080,127.0.0.1`. The API reads
/// it from the environment only, never from a request or the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList(Vec<(String, Option<u16>)>);

impl AllowList {
    /// Parses comma-separated `host[:port]` entries; an IPv6 host is written `[::1]:8080`.
    /// Entries that cannot be read are skipped.
    pub fn parse(raw: &str) -> Self {
        let entries = raw
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .filter_map(|entry| {
                let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
                    let (host, after) = rest.split_once(']')?;
                    match after.strip_prefix(':') {
                        Some(port) => (host, Some(port.parse().ok()?)),
                        None if after.is_empty() => (host, None),
                        None => return None,
                    }
                } else {
                    match entry.split_once(':') {
                        Some((host, port)) => (host, Some(port.parse().ok()?)),
                        None => (entry, None),
                    }
                };
                Some((host.to_ascii_lowercase(), port))
            })
            .collect();
        Self(entries)
    }

    /// Whether the list names this host (and port, when the entry gives one).
    pub fn allows(&self, host: &str, port: u16) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.0
            .iter()
            .any(|(h, p)| h.eq_ignore_ascii_case(host) && p.is_none_or(|p| p == port))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A URL that may receive webhooks: `https`, no user name or password, and, when its host is
/// an address literal, a public address. A host name is judged again at each delivery, by
/// every address it resolves to (see [`address::classify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl {
    url: Url,
    allow_listed: bool,
}

impl WebhookUrl {
    pub fn parse(raw: &str, allow: &AllowList) -> Result<Self, Invalid> {
        let url = Url::parse(raw.trim()).map_err(|_| Invalid::new("is not an absolute URL"))?;
        if raw.trim().len() > 2000 {
            return Err(Invalid::new("is longer than 2000 characters"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Invalid::new("must not carry a user name or password"));
        }
        let host = url.host_str().ok_or_else(|| Invalid::new("has no host"))?.to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let allow_listed = allow.allows(&host, port);
        match url.scheme() {
            "https" => {}
            "http" if allow_listed => {}
            _ => return Err(Invalid::new("must use https")),
        }
        if !allow_listed {
            let literal = match url.host() {
                Some(Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
                Some(Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
                _ => None,
            };
            if let Some(ip) = literal {
                address::classify(ip).map_err(refusal)?;
            }
        }
        Ok(Self { url, allow_listed })
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Whether the development allow-list names this URL's host, so that its addresses are
    /// not judged.
    pub fn allow_listed(&self) -> bool {
        self.allow_listed
    }
}

/// The message for an address the rules refuse.
pub fn refusal(why: Refused) -> Invalid {
    Invalid::new(format!("points to {why}, which cannot receive webhooks"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> AllowList {
        AllowList::default()
    }

    #[test]
    fn https_public_urls_pass() {
        for ok in [
            "https://example.com/hooks",
            "https://hooks.example.com:8443/knead?x=1",
            "https://93.184.216.34/",
            "https://[2606:4700:4700::1111]/in",
        ] {
            assert!(WebhookUrl::parse(ok, &none()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refused_urls() {
        for bad in [
            "http://example.com/",
            "ftp://example.com/",
            "example.com/hooks",
            "https://user:pw@example.com/",
            "https://user@example.com/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://10.0.0.8/",
            "https://169.254.169.254/latest/meta-data",
            "https://[fd00:ec2::254]/",
            "https://0.0.0.0/",
            "https://2130706433/", // decimal 127.0.0.1, which url normalises
            "https://0x7f.1/",
            "https://[64:ff9b::7f00:1]/",
        ] {
            assert!(WebhookUrl::parse(bad, &none()).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_allow_list_admits_http_and_local_addresses_for_the_hosts_it_names() {
        let allow = AllowList::parse(" localhost:8080 ,127.0.0.1,[::1]:9000");
        assert!(WebhookUrl::parse("http://localhost:8080/in", &allow).is_ok());
        assert!(WebhookUrl::parse("http://LOCALHOST:8080/in", &allow).is_ok());
        assert!(WebhookUrl::parse("http://localhost:8081/in", &allow).is_err());
        assert!(WebhookUrl::parse("http://127.0.0.1:5555/in", &allow).is_ok());
        assert!(WebhookUrl::parse("https://127.0.0.1/in", &allow).is_ok());
        assert!(WebhookUrl::parse("http://[::1]:9000/", &allow).is_ok());
        assert!(WebhookUrl::parse("http://[::1]:9001/", &allow).is_err());
        assert!(WebhookUrl::parse("http://u:p@localhost:8080/", &allow).is_err());
        let url = WebhookUrl::parse("http://127.0.0.1:5555/in", &allow).ok();
        assert!(url.is_some_and(|u| u.allow_listed()));
    }

    #[test]
    fn the_allow_list_skips_unreadable_entries() {
        let allow = AllowList::parse("a:b,,[::1,good.test:1");
        assert!(!allow.allows("a", 80));
        assert!(allow.allows("good.test", 1));
        assert!(!allow.allows("good.test", 2));
    }
}
