using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --net, --nic, --serve, --forward, --net-socket, --mac: the options and
// the QEMU arguments they make. The rule under test: the guest reaches
// nothing but what the host forwards on its loopback.
public class NetworkOptionTests
{
    private static readonly ImageLayout Image = new("/repo");

    private static BootOptions Parse(params string[] args)
    {
        Assert.That(Program.TryParse(args, out BootOptions options, out _, out string? error), Is.True, error);
        return options;
    }

    private static string Refusal(params string[] args)
    {
        Assert.That(Program.TryParse(args, out _, out _, out string? error), Is.False);
        return error!;
    }

    private static List<string> Qemu(BootOptions options, int servePort = 0) =>
        Minix3.Cosmos.Launcher.Qemu.Arguments(Image, options with { Headless = true }, "/tmp/s.log", "", servePort: servePort);

    // The values of every occurrence of `option` ("-netdev" -> its argument).
    private static List<string> Values(List<string> arguments, string option)
    {
        var values = new List<string>();
        for (int i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == option)
                values.Add(arguments[i + 1]);
        }
        return values;
    }

    [Test]
    public void WithoutNetTheGuestHasNoNicAtAll()
    {
        // QEMU adds an e1000 on unrestricted user networking when it is
        // given no network option; -nic none stops that.
        var arguments = Qemu(Parse());
        Assert.That(Values(arguments, "-nic"), Is.EqualTo(new[] { "none" }));
        Assert.That(arguments, Does.Not.Contain("-netdev").And.Not.Contain("-net"));
        Assert.That(arguments.Where(a => a.Contains("e1000") || a.Contains("rtl8139")), Is.Empty);
    }

    [Test]
    public void NetIsAnE1000OnRestrictedUserNetworkingAndNothingElse()
    {
        var arguments = Qemu(Parse("--net"));
        Assert.That(Values(arguments, "-netdev"), Is.EqualTo(new[] { "user,id=net0,restrict=on,ipv6=off" }));
        Assert.That(Values(arguments, "-device").Where(d => d.Contains("netdev=")), Is.EqualTo(new[] { "e1000,netdev=net0" }));
        Assert.That(arguments, Does.Not.Contain("-nic").And.Not.Contain("-net"));
    }

    [Test]
    public void NicPicksTheRtl8139AndImpliesNet()
    {
        var options = Parse("--nic", "rtl8139");
        Assert.That(options.Network!.Nic, Is.EqualTo(NicModel.Rtl8139));
        Assert.That(Values(Qemu(options), "-device"), Does.Contain("rtl8139,netdev=net0"));
        Assert.That(Parse("--nic", "e1000", "--net").Network!.Nic, Is.EqualTo(NicModel.E1000));
        Assert.That(Refusal("--nic", "ne2k"), Does.Contain("--nic"));
        Assert.That(Refusal("--nic"), Does.Contain("--nic"));
    }

    [Test]
    public void ForwardsAreExactAndListenOnTheLoopbackOnly()
    {
        var options = Parse("--forward", "8080:80", "--forward", "2323:23");
        Assert.That(options.Network!.Forwards, Is.EqualTo(new[] { new PortForward(8080, 80), new PortForward(2323, 23) }));
        Assert.That(Values(Qemu(options), "-netdev"), Is.EqualTo(new[]
        {
            "user,id=net0,restrict=on,ipv6=off,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp:127.0.0.1:2323-:23",
        }));
        foreach (string bad in new[] { "80", "0:80", "8080:0", "8080:65536", "a:80", ":80", "8080:", "-1:80", "8080:80:1" })
            Assert.That(Refusal("--forward", bad), Does.Contain("HOST:GUEST"), bad);
    }

    [Test]
    public void ServeForwardsTheFixedAddressToTheRelayCommand()
    {
        string directory = Path.GetTempPath();
        var options = Parse("--serve", directory);
        Assert.That(options.Network!.ServeDirectory, Is.EqualTo(Path.GetFullPath(directory)));
        string netdev = Values(Qemu(options, servePort: 41234), "-netdev").Single();
        Assert.That(netdev, Does.StartWith("user,id=net0,restrict=on,ipv6=off,guestfwd=tcp:10.0.2.100:80-cmd:"));
        // The command: dotnet, this launcher's assembly, the relay option and the port.
        string command = netdev[(netdev.IndexOf("-cmd:") + 5)..];
        Assert.That(command, Does.EndWith("'--guestfwd-relay' 41234").Or.EndWith(" --guestfwd-relay 41234"));
        Assert.That(command, Does.Contain(typeof(GuestForwardRelay).Assembly.Location));
        Assert.That(command, Does.Not.Contain(","), "a comma would end QEMU's option");
        // Without a running server there is nothing to forward to.
        Assert.Throws<LauncherException>(() => Qemu(options));
    }

    [Test]
    public void ACommaInTheRelayCommandIsDoubledForQemu()
    {
        var arguments = QemuNetwork.Arguments(new GuestNetwork { ServeDirectory = "/srv" }, 5000, "'/a,b/dotnet' x");
        Assert.That(arguments[1], Does.EndWith("-cmd:'/a,,b/dotnet' x"));
    }

    [Test]
    public void TheRelayCommandQuotesWordsForGlibsShellParser()
    {
        Assert.That(GuestForwardRelay.Quote("/a b/c"), Is.EqualTo("'/a b/c'"));
        Assert.That(GuestForwardRelay.Quote("it's"), Is.EqualTo("'it'\\''s'"));
    }

    [Test]
    public void NetSocketJoinsAFrameRelayInsteadOfUserNetworking()
    {
        var options = Parse("--net-socket", "/tmp/relay,1.sock", "--mac", "52:54:00:AA:00:02");
        var arguments = Qemu(options);
        Assert.That(Values(arguments, "-netdev"), Is.EqualTo(new[] { "stream,id=net0,server=off,addr.type=unix,addr.path=/tmp/relay,,1.sock" }));
        Assert.That(Values(arguments, "-device"), Does.Contain("e1000,netdev=net0,mac=52:54:00:aa:00:02"));
        Assert.That(arguments.Any(a => a.StartsWith("user", System.StringComparison.Ordinal)), Is.False);
        Assert.That(Refusal("--net-socket", "/tmp/r.sock", "--serve", "/tmp"), Does.Contain("--net-socket"));
        Assert.That(Refusal("--net-socket", "/tmp/r.sock", "--forward", "1:2"), Does.Contain("--net-socket"));
    }

    [Test]
    public void NetCaptureDumpsTheNicsFramesToAFile()
    {
        var options = Parse("--net-capture", "/tmp/a,b.pcap");
        Assert.That(options.Network!.CaptureFile, Is.EqualTo("/tmp/a,b.pcap"));
        Assert.That(Values(Qemu(options), "-object"), Is.EqualTo(new[] { "filter-dump,id=capture0,netdev=net0,file=/tmp/a,,b.pcap" }));
        Assert.That(Values(Qemu(Parse("--net")), "-object"), Is.Empty);
        Assert.That(Refusal("--bochs", "--net-capture", "/tmp/x.pcap"), Does.Contain("Bochs"));
    }

    [Test]
    public void MacMustBeAUnicastAddress()
    {
        Assert.That(Refusal("--mac", "01:00:5e:00:00:01"), Does.Contain("unicast"));
        Assert.That(Refusal("--mac", "52:54:00:12:34"), Does.Contain("unicast"));
        Assert.That(Refusal("--mac", "52:54:00:12:34:zz"), Does.Contain("unicast"));
        Assert.That(Parse("--mac", "52:54:00:12:34:57").Network!.MacAddress, Is.EqualTo("52:54:00:12:34:57"));
    }

    [Test]
    public void TheUsbBootGetsTheSameNetwork()
    {
        var arguments = DiskBoot.Arguments("/d.img", DiskBoot.Attachment.Ide, Parse("--net", "--forward", "8080:80") with { Headless = true }, "/tmp/s.log");
        Assert.That(Values(arguments, "-netdev"), Is.EqualTo(new[] { "user,id=net0,restrict=on,ipv6=off,hostfwd=tcp:127.0.0.1:8080-:80" }));
        Assert.That(Values(DiskBoot.Arguments("/d.img", DiskBoot.Attachment.Ide, new BootOptions(), "/tmp/s.log"), "-nic"), Is.EqualTo(new[] { "none" }));
    }

    [Test]
    public void TheLauncherPrintsTheMappingsAndRefusesATakenPort()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            var echo = new StringWriter();
            string served = Directory.CreateTempSubdirectory("minix3-serve-").FullName;
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            int free = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            using (HttpFileServer? server = NetworkServices.Start(new GuestNetwork { ServeDirectory = served, Forwards = new[] { new PortForward(free, 80) } }, echo))
            {
                Assert.That(server, Is.Not.Null);
                Assert.That(echo.ToString(), Does.Contain($"launcher: forwarding 127.0.0.1:{free} on the host to the guest's TCP port 80"));
                Assert.That(echo.ToString(), Does.Contain($"http://host.minix/ (10.0.2.100:80; 127.0.0.1:{server!.Port} on the host)"));
            }
            Directory.Delete(served);
            var refusal = Assert.Throws<LauncherException>(() => NetworkServices.Start(new GuestNetwork { Forwards = new[] { new PortForward(port, 80) } }, null));
            Assert.That(refusal!.Message, Does.Contain($"port {port} on 127.0.0.1 is taken"));
            Assert.That(NetworkServices.Start(new GuestNetwork(), echo), Is.Null, "no --serve, no server");
        }
        finally
        {
            taken.Stop();
        }
    }

    [Test]
    public void BochsTakesNetAloneAndGetsTheE1000OnRestrictedSlirp()
    {
        Assert.That(Parse("--bochs", "--net").Network, Is.Not.Null);
        Assert.That(Refusal("--bochs", "--serve", "/tmp"), Does.Contain("Bochs"));
        Assert.That(Refusal("--bochs", "--nic", "rtl8139"), Does.Contain("Bochs"));
        Assert.That(Refusal("--forward", "1:2", "--bochs"), Does.Contain("Bochs"));
        string configuration = Bochs.Configuration("/x.iso", "/s.log", 128, nic: Bochs.NicLine("/d/slirp.conf"));
        Assert.That(configuration, Does.Contain("\ne1000: enabled=1, mac=52:54:00:12:34:56, ethmod=slirp, script=/d/slirp.conf\n"));
        Assert.That(Bochs.Configuration("/x.iso", "/s.log", 128), Does.Not.Contain("e1000"));
        Assert.That(Bochs.SlirpConfiguration, Does.StartWith("# slirp config\n").And.Contain("\nrestricted = 1\n"));
    }
}
