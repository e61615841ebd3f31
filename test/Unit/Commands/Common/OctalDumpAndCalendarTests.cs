using System;
using System.IO;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// od's lines against the host's GNU od, and date's calendar against .NET's.
public class OctalDumpAndCalendarTests
{
    private static string Dump(string formats, byte[] data)
    {
        var dump = new OctalDump(formats);
        var text = new StringBuilder();
        var block = new byte[OctalDump.BlockBytes];
        int offset = 0;
        while (offset < data.Length)
        {
            int n = Math.Min(OctalDump.BlockBytes, data.Length - offset);
            Array.Copy(data, offset, block, 0, n);
            text.Append(dump.Block(offset, block, n));
            offset += n;
        }
        return text.Append(OctalDump.End(offset)).ToString();
    }

    [TestCase("")]
    [TestCase("c")]
    [TestCase("x")]
    [TestCase("b")]
    [TestCase("d")]
    [TestCase("cx")]
    public void AgreesWithTheHostOd(string formats)
    {
        byte[] data = new byte[77];
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)(i * 37 + 5);
        Encoding.ASCII.GetBytes("hello\tworld\n\0\r").CopyTo(data, 3);
        // Two equal blocks in a row: the second becomes "*".
        for (int i = 32; i < 64; i++)
            data[i] = 0x41;
        string file = Path.Combine(Path.GetTempPath(), $"minix3-od-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(file, data);
            string[] args = formats.Length == 0 ? new[] { file } : new[] { "-" + formats, file };
            string expected = HostTool.MustRun("od", "coreutils", args);
            Assert.That(Dump(formats, data), Is.EqualTo(expected));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void OffsetsGrowPastSevenDigits()
    {
        Assert.That(OctalDump.Offset(8), Is.EqualTo("0000010"));
        Assert.That(OctalDump.Offset(200000000), Is.EqualTo("1372741000"));
    }

    [TestCase(0L)]
    [TestCase(3L)]
    [TestCase(86399L)]
    [TestCase(951782400L)]    // 2000-02-29
    [TestCase(1709210096L)]
    [TestCase(4107542399L)]   // 2100-02-28 23:59:59
    [TestCase(-1L)]
    [TestCase(-86401L)]
    public void CalendarAgreesWithDotNet(long seconds)
    {
        DateTime expected = DateTime.UnixEpoch.AddSeconds(seconds);
        var calendar = new Calendar(seconds);
        Assert.That((calendar.Year, calendar.Month, calendar.Day), Is.EqualTo(((long)expected.Year, expected.Month, expected.Day)));
        Assert.That((calendar.Hour, calendar.Minute, calendar.Second), Is.EqualTo((expected.Hour, expected.Minute, expected.Second)));
        Assert.That(calendar.WeekDay, Is.EqualTo((int)expected.DayOfWeek));
        Assert.That(calendar.YearDay, Is.EqualTo(expected.DayOfYear));
        Assert.That(calendar.Format("%Y-%m-%d %H:%M:%S %j"), Is.EqualTo(expected.ToString("yyyy-MM-dd HH:mm:ss ") + expected.DayOfYear.ToString("000")));
    }

    [Test]
    public void DateFormats()
    {
        var boot = new Calendar(3);
        Assert.That(boot.Format(Calendar.DefaultFormat), Is.EqualTo("Thu Jan  1 00:00:03 UTC 1970"));
        var leap = new Calendar(951782400 + 13 * 3600 + 5 * 60 + 9);
        Assert.That(leap.Format("%a %A %b %B %d %e %H %I %p %M %S %y %Y %D %F %T %R %u %w %s %% %q"),
            Is.EqualTo("Tue Tuesday Feb February 29 29 13 01 PM 05 09 00 2000 02/29/00 2000-02-29 13:05:09 13:05 2 2 951829509 % %q"));
    }
}
