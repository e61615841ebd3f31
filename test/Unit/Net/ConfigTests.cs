using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// /etc/inet.conf and /etc/hosts.
public class ConfigTests
{
    [Test]
    public void InetConfParsesDhcpAndStaticLines()
    {
        var c = InetConfig.Parse("# the interfaces\neth0 dhcp\n\neth1 10.0.2.15/16 gw 10.0.2.2 dns 10.0.2.3 dns 8.8.4.4  # static\r\nhostname box\n");
        Assert.That(c.Errors, Is.Empty);
        Assert.That(c.HostName, Is.EqualTo("box"));
        Assert.That(c.Interfaces.Count, Is.EqualTo(2));
        Assert.That(c.Find("eth0")!.Dhcp, Is.True);
        InterfaceConfig e1 = c.Find("eth1")!;
        Assert.That(e1.Dhcp, Is.False);
        Assert.That(e1.Address, Is.EqualTo(IpAddress.Make(10, 0, 2, 15)));
        Assert.That(e1.Mask, Is.EqualTo(0xFFFF0000u));
        Assert.That(e1.Gateway, Is.EqualTo(IpAddress.Make(10, 0, 2, 2)));
        Assert.That(e1.Dns, Is.EqualTo(new[] { IpAddress.Make(10, 0, 2, 3), IpAddress.Make(8, 8, 4, 4) }));
        Assert.That(InetConfig.Parse("eth0 192.168.1.9").Interfaces[0].Mask, Is.EqualTo(0xFFFFFF00u), "/24 by default");
    }

    [Test]
    public void InetConfReportsBadLinesAndKeepsTheRest()
    {
        var c = InetConfig.Parse("eth0 10.0.0.300/24\neth1 10.0.0.1/33\neth2 10.0.0.1 gw\neth3 10.0.0.1 via 1.2.3.4\neth4\neth5 10.1.1.1/8\neth5 dhcp\nhostname\n");
        Assert.That(c.Interfaces.Count, Is.EqualTo(1));
        Assert.That(c.Interfaces[0].Name, Is.EqualTo("eth5"));
        Assert.That(c.Errors.Count, Is.EqualTo(7));
        Assert.That(c.Errors[0], Does.StartWith("line 1: bad address"));
        Assert.That(c.Errors[1], Does.StartWith("line 2: bad prefix"));
        Assert.That(c.Errors[6], Does.StartWith("line 8:"));
    }

    [Test]
    public void AddressesParseStrictly()
    {
        Assert.That(IpAddress.TryParse("127.0.0.1", out uint a) && a == 0x7F000001, Is.True);
        foreach (string bad in new[] { "", "1.2.3", "1.2.3.4.5", "1..3.4", "256.0.0.1", "1.2.3.4 ", "a.b.c.d", "1234.1.1.1" })
            Assert.That(IpAddress.TryParse(bad, out _), Is.False, bad);
        Assert.That(IpAddress.Format(IpAddress.Make(10, 0, 2, 15)), Is.EqualTo("10.0.2.15"));
        Assert.That(IpAddress.PrefixOf(IpAddress.MaskOf(20)), Is.EqualTo(20));
    }

    [Test]
    public void HostsTableLooksUpNamesAndAliases()
    {
        var h = HostsTable.Parse("127.0.0.1 localhost\n# comment\n10.0.2.2  Host.Local host   # the host\n::1 localhost6\n10.0.2.9 host\nbroken\n");
        Assert.That(h.TryLookup("localhost", out uint a) && a == IpAddress.Loopback, Is.True);
        Assert.That(h.TryLookup("HOST", out a) && a == IpAddress.Make(10, 0, 2, 2), Is.True, "case-insensitive; first line wins");
        Assert.That(h.TryLookup("host.local", out a) && a == IpAddress.Make(10, 0, 2, 2), Is.True);
        Assert.That(h.TryLookup("10.1.2.3", out a) && a == IpAddress.Make(10, 1, 2, 3), Is.True, "a dotted quad is itself");
        Assert.That(h.TryLookup("nowhere", out _), Is.False);
        Assert.That(h.NameOf(IpAddress.Make(10, 0, 2, 2)), Is.EqualTo("Host.Local"));
        Assert.That(h.Skipped, Is.EqualTo(2), "the IPv6 line and the broken one");
    }
}
