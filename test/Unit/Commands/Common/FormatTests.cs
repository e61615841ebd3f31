using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// The text ls, ps, kill and sleep produce from and accept as numbers.
public class FormatTests
{
    [Test]
    public void LsSortsByByteValueAndMarksDirectories()
    {
        var entries = new List<ListedEntry>
        {
            new ListedEntry("b.txt", ListedKind.File, 12, 0x1A4, "guest", "guest"),
            new ListedEntry("Zeta", ListedKind.Directory, 0, 0x1ED, "root", "root"),
            new ListedEntry("a", ListedKind.File, 1234567, 0x9ED, "root", "wheel"),
            new ListedEntry("tty", ListedKind.CharDevice, 0, 0x1B6, "1234", "root"),
        };
        Listing.Sort(entries);
        var shortLines = new List<string>();
        var longLines = new List<string>();
        foreach (ListedEntry entry in entries)
        {
            shortLines.Add(Listing.Format(entry, false));
            longLines.Add(Listing.Format(entry, true));
        }
        Assert.That(shortLines, Is.EqualTo(new[] { "Zeta/", "a", "b.txt", "tty" }));
        Assert.That(longLines, Is.EqualTo(new[]
        {
            "drwxr-xr-x root     root              0 Zeta/",
            "-rwsr-xr-x root     wheel       1234567 a",
            "-rw-r--r-- guest    guest            12 b.txt",
            "crw-rw-rw- 1234     root              0 tty",
        }));
    }

    [Test]
    public void PsHasAHeaderAndAlignedColumns()
    {
        string header = ProcessTable.Header();
        string init = ProcessTable.Line("init", 1, 71, "receiving", 200 * 1024 + 1);
        string boot = ProcessTable.Line("pm", 0, 5, "ready", 0);

        Assert.That(header, Is.EqualTo("NAME           PID ENDPOINT  STATE      MEMORY(KiB)"));
        Assert.That(init, Is.EqualTo("init             1       71  receiving          201"));
        Assert.That(boot, Is.EqualTo("pm               -        5  ready                0"));
        Assert.That(init.Length, Is.EqualTo(header.Length));
    }

    [Test]
    public void PsKeepsLongNamesWhole()
    {
        string line = ProcessTable.Line("averyveryverylongname", 12, 3, "", -5);
        Assert.That(line, Does.StartWith("averyveryverylongname "));
        Assert.That(line, Does.Contain(" ? "));
        Assert.That(line, Does.EndWith(" 0"));
    }

    [TestCase("9", 9)]
    [TestCase("KILL", 9)]
    [TestCase("SIGKILL", 9)]
    [TestCase("term", 15)]
    [TestCase("SigInt", 2)]
    [TestCase("0", 0)]
    [TestCase("31", 31)]
    public void KillAcceptsNumbersAndNames(string text, int expected)
    {
        Assert.That(SignalNames.TryParse(text, out int signal), Is.True);
        Assert.That(signal, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("32")]
    [TestCase("-1")]
    [TestCase("SIG")]
    [TestCase("NOPE")]
    [TestCase("99999999999999999999")]
    public void KillRefusesUnknownSignals(string text)
    {
        Assert.That(SignalNames.TryParse(text, out _), Is.False);
    }

    [Test]
    public void SignalNamesRoundTrip()
    {
        for (int signal = 1; signal <= SignalNames.Highest; signal++)
        {
            Assert.That(SignalNames.TryParse(SignalNames.Name(signal), out int back), Is.True);
            Assert.That(back, Is.EqualTo(signal));
        }
    }

    [TestCase("2", 2000)]
    [TestCase("0", 0)]
    [TestCase("0.5", 500)]
    [TestCase(".25", 250)]
    [TestCase("1.", 1000)]
    [TestCase("1.2345", 1234)]
    [TestCase("86400", 86400000)]
    public void SleepTakesSecondsWithFractions(string text, long milliseconds)
    {
        Assert.That(Numbers.TryParseSeconds(text, out long parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(milliseconds));
    }

    [TestCase("")]
    [TestCase(".")]
    [TestCase("-1")]
    [TestCase("1e3")]
    [TestCase("86401")]
    [TestCase("86400.5")]
    [TestCase("1.2.3")]
    [TestCase("99999999999999999999999")]
    public void SleepRefusesWhatIsNotADuration(string text)
    {
        Assert.That(Numbers.TryParseSeconds(text, out _), Is.False);
    }

    [Test]
    public void NumbersStopAtTheirMaximum()
    {
        Assert.That(Numbers.TryParse("2147483647", int.MaxValue, out long max), Is.True);
        Assert.That(max, Is.EqualTo(int.MaxValue));
        Assert.That(Numbers.TryParse("2147483648", int.MaxValue, out _), Is.False);
        Assert.That(Numbers.TryParse("12a", 1000, out _), Is.False);
        Assert.That(Numbers.PadLeft("7", 3) + "|" + Numbers.PadRight("ab", 4) + "|" + Numbers.PadLeft("long", 2), Is.EqualTo("  7|ab  |long"));
    }
}
