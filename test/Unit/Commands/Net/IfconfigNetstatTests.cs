using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// ifconfig's and netstat's text, from constructed control blocks: the
// formats the boot tests match (README of src/Commands).
public class IfconfigNetstatTests
{
    private static InterfaceBlock Ethernet() => new InterfaceBlock
    {
        Flags = InterfaceFlags.Up | InterfaceFlags.Link,
        Mac = 0x525400123456,
        Address = IpAddress.Make(10, 0, 2, 15),
        Mask = IpAddress.MaskOf(24),
        Gateway = IpAddress.Make(10, 0, 2, 2),
        Mtu = 1500,
        FramesIn = 12, BytesIn = 3456, FramesOut = 7, BytesOut = 890, Drops = 2,
    };

    [Test]
    public void AnEthernetInterfaceIsFourLines()
    {
        Assert.That(IfconfigText.Describe("eth0", Ethernet()), Is.EqualTo(
            "eth0: flags=UP,LINK mtu 1500\n" +
            "    inet 10.0.2.15 netmask 255.255.255.0 gateway 10.0.2.2\n" +
            "    ether 52:54:00:12:34:56\n" +
            "    rx 12 frames 3456 bytes  tx 7 frames 890 bytes  drops 2\n"));
    }

    [Test]
    public void DhcpIsNamedAndAnInterfaceWithoutAddressSaysNone()
    {
        InterfaceBlock block = Ethernet();
        block.Dhcp = 1;
        Assert.That(IfconfigText.Describe("eth0", block), Does.Contain("    inet 10.0.2.15 netmask 255.255.255.0 gateway 10.0.2.2 dhcp\n"));
        block.Address = 0;
        block.Flags = 0;
        string text = IfconfigText.Describe("eth1", block);
        Assert.That(text, Does.StartWith("eth1: flags= mtu 1500\n    inet none\n    ether "));
    }

    [Test]
    public void LoopbackHasNoEtherLine()
    {
        var block = new InterfaceBlock
        {
            Flags = InterfaceFlags.Up | InterfaceFlags.Link | InterfaceFlags.Loopback,
            Address = IpAddress.Loopback, Mask = IpAddress.MaskOf(8), Mtu = 65535,
        };
        Assert.That(IfconfigText.Describe("lo", block), Is.EqualTo(
            "lo: flags=UP,LINK,LOOPBACK mtu 65535\n" +
            "    inet 127.0.0.1 netmask 255.0.0.0 gateway 0.0.0.0\n" +
            "    rx 0 frames 0 bytes  tx 0 frames 0 bytes  drops 0\n"));
    }

    [TestCase(0x000000000000L, "00:00:00:00:00:00")]
    [TestCase(0xFFFFFFFFFFFFL, "ff:ff:ff:ff:ff:ff")]
    [TestCase(0x0A1B2C3D4E5FL, "0a:1b:2c:3d:4e:5f")]
    public void MacAddressesFirstOctetFirst(long mac, string text) =>
        Assert.That(IfconfigText.Mac(mac), Is.EqualTo(text));

    [Test]
    public void FlagsInOrderCommaSeparated()
    {
        Assert.That(IfconfigText.Flags(0), Is.EqualTo(""));
        Assert.That(IfconfigText.Flags(InterfaceFlags.Link), Is.EqualTo("LINK"));
        Assert.That(IfconfigText.Flags(InterfaceFlags.Loopback | InterfaceFlags.Up), Is.EqualTo("UP,LOOPBACK"));
    }

    [Test]
    public void IfconfigOperands()
    {
        Assert.That(IfconfigText.Parse(new List<string>()).Action, Is.EqualTo(IfconfigAction.ShowAll));
        IfconfigRequest one = IfconfigText.Parse(new List<string> { "eth0" });
        Assert.That((one.Action, one.Name, one.Error), Is.EqualTo((IfconfigAction.ShowOne, "eth0", (string?)null)));
        IfconfigRequest dhcp = IfconfigText.Parse(new List<string> { "eth0", "dhcp" });
        Assert.That((dhcp.Action, dhcp.Error), Is.EqualTo((IfconfigAction.Dhcp, (string?)null)));

        IfconfigRequest set = IfconfigText.Parse(new List<string> { "eth0", "10.0.2.15/24", "gw", "10.0.2.2" });
        Assert.That(set.Error, Is.Null);
        Assert.That(set.Action, Is.EqualTo(IfconfigAction.Configure));
        Assert.That(set.Address, Is.EqualTo(0x0A00020Fu));
        Assert.That(set.Mask, Is.EqualTo(0xFFFFFF00u));
        Assert.That(set.Gateway, Is.EqualTo(0x0A000202u));

        IfconfigRequest noGateway = IfconfigText.Parse(new List<string> { "eth1", "192.168.7.1/16" });
        Assert.That((noGateway.Error, noGateway.Mask, noGateway.Gateway), Is.EqualTo(((string?)null, 0xFFFF0000u, 0u)));
        Assert.That(IfconfigText.Parse(new List<string> { "eth0", "10.0.2.15/0" }).Mask, Is.EqualTo(0u));
        Assert.That(IfconfigText.Parse(new List<string> { "eth0", "10.0.2.15/32" }).Mask, Is.EqualTo(0xFFFFFFFFu));
    }

    [TestCase("eth0", "10.0.2.15")]
    [TestCase("eth0", "10.0.2.15/33")]
    [TestCase("eth0", "10.0.2.15/")]
    [TestCase("eth0", "10.0.2/24")]
    [TestCase("eth0", "10.0.2.15/24", "gw")]
    [TestCase("eth0", "10.0.2.15/24", "via", "10.0.2.2")]
    [TestCase("eth0", "10.0.2.15/24", "gw", "10.0.2.256")]
    [TestCase("a-name-far-too-long-for-inet")]
    public void BadIfconfigOperandsAreUsageErrors(params string[] operands) =>
        Assert.That(IfconfigText.Parse(operands.ToList()).Error, Is.Not.Null);

    [Test]
    public void AConnectionLineAsTheBriefShowsIt()
    {
        var block = new ConnectionBlock
        {
            Kind = NetstatText.Tcp, LocalAddress = IpAddress.Make(10, 0, 2, 15), LocalPort = 80,
            RemoteAddress = IpAddress.Make(10, 0, 2, 2), RemotePort = 51234, State = 4,
        };
        Assert.That(NetstatText.Line(block), Is.EqualTo("tcp 10.0.2.15:80 10.0.2.2:51234 ESTABLISHED 0 0\n"));
        Assert.That(NetstatText.IsListening(block), Is.False);
        Assert.That(NetstatText.Header, Is.EqualTo("Proto Local Address Remote Address State Recv-Q Send-Q\n"));
    }

    [Test]
    public void ListenersAndDatagramSockets()
    {
        var listener = new ConnectionBlock { Kind = NetstatText.Tcp, LocalPort = 8080, State = 1, ReceiveQueue = 3, SendQueue = 9 };
        Assert.That(NetstatText.Line(listener), Is.EqualTo("tcp 0.0.0.0:8080 0.0.0.0:* LISTEN 3 9\n"));
        Assert.That(NetstatText.IsListening(listener), Is.True);

        var udp = new ConnectionBlock { Kind = NetstatText.Udp, LocalAddress = IpAddress.Make(10, 0, 2, 15), LocalPort = 7 };
        Assert.That(NetstatText.Line(udp), Is.EqualTo("udp 10.0.2.15:7 0.0.0.0:* - 0 0\n"));
        Assert.That(NetstatText.IsListening(udp), Is.True, "an unconnected datagram socket counts as listening, as in Linux");
        udp.RemoteAddress = IpAddress.Make(10, 0, 2, 2);
        udp.RemotePort = 9000;
        Assert.That(NetstatText.IsListening(udp), Is.False);
        Assert.That(NetstatText.Line(new ConnectionBlock { Kind = NetstatText.Icmp, RemoteAddress = IpAddress.Make(10, 0, 2, 2) }),
                    Is.EqualTo("icmp 0.0.0.0:* 10.0.2.2:* - 0 0\n"));
        var closed = new ConnectionBlock { Kind = NetstatText.Tcp, State = 0, LocalPort = 1 };
        Assert.That(NetstatText.IsListening(closed), Is.False);
    }

    [Test]
    public void EveryTcpStateHasItsLinuxName()
    {
        // ConnectionBlock.State's numbering (SocketMessages.cs) in order.
        string[] linux = { "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT" };
        for (int state = 0; state < linux.Length; state++)
            Assert.That(NetstatText.StateName(state), Is.EqualTo(linux[state]));
        Assert.That(NetstatText.StateName(11), Is.EqualTo("UNKNOWN"));
        Assert.That(NetstatText.StateName(-1), Is.EqualTo("UNKNOWN"));
    }

    [Test]
    public void CountersAreEveryFieldOfTheBlockInItsOrder()
    {
        // The names must follow the contract: the block's fields by offset.
        FieldInfo[] fields = typeof(CountersBlock).GetFields(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(f => f.GetCustomAttribute<FieldOffsetAttribute>()!.Value).ToArray();
        object boxed = new CountersBlock();
        for (int i = 0; i < fields.Length; i++)
            fields[i].SetValue(boxed, (long)(i * 1000 + 7));
        string[] lines = NetstatText.Counters((CountersBlock)boxed).TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(fields.Length));
        for (int i = 0; i < fields.Length; i++)
            Assert.That(lines[i], Is.EqualTo(fields[i].Name + ": " + (i * 1000 + 7)));
    }
}
