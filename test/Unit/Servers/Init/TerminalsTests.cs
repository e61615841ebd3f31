using Minix3.Cosmos.Servers.Init;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Init;

// /etc/ttys: which terminals get a login and which log a user in at once.
public class TerminalsTests
{
    [Test]
    public void TheKitsFileLogsRootInOnBothTerminalsAndAPlainLineAsks()
    {
        TerminalLine[] lines = Terminals.Parse("# comment\n/dev/console  autologin=root\n\n/dev/tty00\t# asks\n", out int skipped);
        Assert.That(skipped, Is.EqualTo(0));
        Assert.That(lines.Length, Is.EqualTo(2));
        Assert.That((lines[0].Device, lines[0].AutoLogin), Is.EqualTo(("/dev/console", "root")));
        Assert.That((lines[1].Device, lines[1].AutoLogin), Is.EqualTo(("/dev/tty00", (string?)null)));
    }

    [Test]
    public void MalformedLinesAreSkippedNotGuessed()
    {
        TerminalLine[] lines = Terminals.Parse("console autologin=root\n/dev/tty00 autologin=\n/dev/tty00 root\n/dev/x autologin=a b\n/dev/ok\n", out int skipped);
        Assert.That(skipped, Is.EqualTo(4));
        Assert.That(lines.Length, Is.EqualTo(1));
        Assert.That(lines[0].Device, Is.EqualTo("/dev/ok"));
    }
}
