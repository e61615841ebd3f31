using System.Net;
using System.Net.Sockets;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --debug and --gdb-port: QEMU stops before the first instruction with its
// gdb stub on a loopback port (docs/debugging.md); test/Boot/DebuggerTests
// attaches gdb for real.
public class DebugOptionTests
{
    private static readonly ImageLayout Image = new("/repo");

    [Test]
    public void DebugWaitsOnTheUsualPort()
    {
        Assert.That(Program.TryParse(new[] { "--debug" }, out BootOptions options, out _, out string? error), Is.True, error);
        Assert.That(options.WaitForDebugger, Is.True);
        Assert.That(options.GdbPort, Is.EqualTo(1234));
    }

    [Test]
    public void GdbPortImpliesDebug()
    {
        Assert.That(Program.TryParse(new[] { "--gdb-port", "40000" }, out BootOptions options, out _, out string? error), Is.True, error);
        Assert.That(options.WaitForDebugger, Is.True);
        Assert.That(options.GdbPort, Is.EqualTo(40000));
    }

    [TestCase("0")]
    [TestCase("65536")]
    [TestCase("-5")]
    [TestCase("port")]
    public void BadPortIsRefused(string port)
    {
        Assert.That(Program.TryParse(new[] { "--gdb-port", port }, out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("--gdb-port"));
    }

    [Test]
    public void MissingPortIsRefused()
    {
        Assert.That(Program.TryParse(new[] { "--gdb-port" }, out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("--gdb-port"));
    }

    [Test]
    public void BochsHasNoGdbStub()
    {
        Assert.That(Program.TryParse(new[] { "--bochs", "--debug" }, out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("QEMU"));
    }

    [Test]
    public void StubListensOnLoopbackOnlyAndStopsTheCpu()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true, WaitForDebugger = true, GdbPort = 40001 }, "/tmp/s.log", "");
        int gdb = arguments.IndexOf("-gdb");
        Assert.That(gdb, Is.GreaterThanOrEqualTo(0));
        Assert.That(arguments[gdb + 1], Is.EqualTo("tcp:127.0.0.1:40001"));
        Assert.That(arguments, Does.Contain("-S"));
        Assert.That(arguments, Does.Not.Contain("-s"), "-s would listen on every interface");
    }

    [Test]
    public void NoStubWithoutDebug()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true }, "/tmp/s.log", "");
        Assert.That(arguments, Does.Not.Contain("-gdb"));
        Assert.That(arguments, Does.Not.Contain("-S"));
    }

    [Test]
    public void TakenPortIsSeenAsTaken()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Assert.That(GdbStub.IsFree(port), Is.False);
            Assert.That(GdbStub.WaitUntilListening(port, System.TimeSpan.FromSeconds(1)), Is.True);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Test]
    public void FreePortIsFree()
    {
        Assert.That(GdbStub.IsFree(GdbStub.FreePort()), Is.True);
    }

    [Test]
    public void AttachCommandNamesTheTestImagesBootDirectory()
    {
        Assert.That(GdbStub.Command(Image, 1234), Is.EqualTo("gdb -x /repo/src/Launcher/gdb/minix3.py -ex 'minix3-attach 1234'"));
        Assert.That(GdbStub.Command(Image.WithOutput("iso/out/test"), 5000),
            Is.EqualTo("gdb -x /repo/src/Launcher/gdb/minix3.py -ex 'minix3-attach 5000 /repo/iso/out/test/image/boot'"));
    }
}
