using System.IO;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --com2-socket and --monitor-socket: COM2 and QEMU's monitor on unix
// sockets, so a test can type to the serial driver and press keys for the
// keyboard driver; nothing changes without them.
public class ConsoleOptionTests
{
    private static readonly ImageLayout Image = new("/repo");

    [Test]
    public void ParsesBothOptionsToFullPaths()
    {
        Assert.That(Program.TryParse(new[] { "--com2-socket", "com2.sock", "--monitor-socket", "mon.sock" }, out BootOptions options, out _, out string? error), Is.True, error);
        Assert.That(options.Com2Socket, Is.EqualTo(Path.GetFullPath("com2.sock")));
        Assert.That(options.MonitorSocket, Is.EqualTo(Path.GetFullPath("mon.sock")));
    }

    [TestCase("--com2-socket")]
    [TestCase("--monitor-socket")]
    public void AnOptionWithoutItsPathIsRefused(string option)
    {
        Assert.That(Program.TryParse(new[] { option }, out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain(option));
    }

    [Test]
    public void Com2IsTheSecondSerialPortAfterTheLog()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true, Com2Socket = "/tmp/a,b.sock" }, "/tmp/s.log", "");
        int chardev = arguments.IndexOf("-chardev");
        Assert.That(chardev, Is.GreaterThanOrEqualTo(0));
        Assert.That(arguments[chardev + 1], Is.EqualTo("socket,id=com2,path=/tmp/a,,b.sock,server=on,wait=on"));
        int log = arguments.IndexOf("file:/tmp/s.log");
        int com2 = arguments.IndexOf("chardev:com2");
        Assert.That(arguments[log - 1], Is.EqualTo("-serial"));
        Assert.That(arguments[com2 - 1], Is.EqualTo("-serial"));
        Assert.That(com2, Is.GreaterThan(log), "the first -serial is COM1, the kernel's log");
    }

    [Test]
    public void HeadlessRunsGetTheMonitorSocketInsteadOfNoMonitor()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true, MonitorSocket = "/tmp/m.sock" }, "/tmp/s.log", "");
        int monitor = arguments.IndexOf("-monitor");
        Assert.That(arguments[monitor + 1], Is.EqualTo("unix:/tmp/m.sock,server=on,wait=off"));
        Assert.That(arguments.FindAll(a => a == "-monitor"), Has.Count.EqualTo(1));
    }

    [Test]
    public void InteractiveRunsKeepTheConsoleMonitorAndAddTheSocket()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { MonitorSocket = "/tmp/m.sock" }, "/tmp/s.log", "");
        Assert.That(arguments, Does.Contain("mon:stdio"));
        Assert.That(arguments[arguments.IndexOf("-monitor") + 1], Is.EqualTo("unix:/tmp/m.sock,server=on,wait=off"));
    }

    [Test]
    public void WithoutTheOptionsNothingChanges()
    {
        var headless = Qemu.Arguments(Image, new BootOptions { Headless = true }, "/tmp/s.log", "");
        Assert.That(headless[headless.IndexOf("-monitor") + 1], Is.EqualTo("none"));
        Assert.That(headless, Does.Not.Contain("-chardev"));
        Assert.That(headless.FindAll(a => a == "-serial"), Has.Count.EqualTo(1));
        var interactive = Qemu.Arguments(Image, new BootOptions(), "/tmp/s.log", "");
        Assert.That(interactive, Does.Not.Contain("-monitor"));
        Assert.That(interactive, Does.Not.Contain("-chardev"));
    }
}
