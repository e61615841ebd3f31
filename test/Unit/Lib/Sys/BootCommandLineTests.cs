using System;
using System.Text;
using Minix3.Cosmos.Lib.Sys;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Sys;

[TestFixture]
public sealed class BootCommandLineTests
{
    private BootCommandLine line = null!;

    [SetUp]
    public void SetUp() => line = new BootCommandLine();

    private bool Parse(string text) => line.Parse(Encoding.ASCII.GetBytes(text));

    private string? Value(string key) =>
        line.TryGetValue(key, out ReadOnlySpan<byte> value) ? Encoding.ASCII.GetString(value) : null;

    [Test]
    public void ParsesKeysValuesAndFlags()
    {
        Assert.That(Parse("console=com1 quiet timer_hz=250"), Is.True);
        Assert.That(line.Count, Is.EqualTo(3));
        Assert.That(Value("console"), Is.EqualTo("com1"));
        Assert.That(Value("timer_hz"), Is.EqualTo("250"));
        Assert.That(line.Has("quiet"), Is.True);
        Assert.That(line.Has("loud"), Is.False);
        Assert.That(line.Has("consol"), Is.False, "prefixes do not match");
    }

    [Test]
    public void BareFlagHasNoValue()
    {
        Parse("quiet");
        Assert.That(line.TryGetValue("quiet", out _), Is.False);
        Assert.That(line.HasValueAt(0), Is.False);
    }

    [Test]
    public void EmptyValueIsAValue()
    {
        Parse("root=");
        Assert.That(Value("root"), Is.EqualTo(""));
        Assert.That(line.Has("root"), Is.True);
    }

    [Test]
    public void QuotedValuesMayHoldSpaces()
    {
        Assert.That(Parse("init=\"/sbin/init -s\" after=1"), Is.True);
        Assert.That(Value("init"), Is.EqualTo("/sbin/init -s"));
        Assert.That(Value("after"), Is.EqualTo("1"));
    }

    [Test]
    public void RunsOfWhitespaceSeparateTokens()
    {
        Assert.That(Parse("  a=1\t\tb \r\n c  "), Is.True);
        Assert.That(line.Count, Is.EqualTo(3));
        Assert.That(Encoding.ASCII.GetString(line.KeyAt(2)), Is.EqualTo("c"));
        Assert.That(Encoding.ASCII.GetString(line.ValueAt(0)), Is.EqualTo("1"));
    }

    [Test]
    public void EmptyInputHasNoTokens()
    {
        Assert.That(Parse(""), Is.True);
        Assert.That(line.Count, Is.Zero);
        Assert.That(line.Has(""), Is.False);
    }

    [Test]
    public void LastDuplicateWins()
    {
        Parse("hz=100 hz=250");
        Assert.That(Value("hz"), Is.EqualTo("250"));
    }

    [TestCase("timer_hz=250", 250UL)]
    [TestCase("timer_hz=0x1F", 31UL)]
    [TestCase("timer_hz=0XfF", 255UL)]
    [TestCase("timer_hz=18446744073709551615", ulong.MaxValue)]
    [TestCase("timer_hz=0xFFFFFFFFFFFFFFFF", ulong.MaxValue)]
    [TestCase("timer_hz=0", 0UL)]
    public void NumbersParseInDecimalAndHex(string text, ulong expected)
    {
        Parse(text);
        Assert.That(line.TryGetUInt("timer_hz", out ulong value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
        Assert.That(line.GetUInt("timer_hz", 7), Is.EqualTo(expected));
    }

    [TestCase("timer_hz=")]
    [TestCase("timer_hz=12a")]
    [TestCase("timer_hz=0x")]
    [TestCase("timer_hz=-1")]
    [TestCase("timer_hz=18446744073709551616")]
    [TestCase("timer_hz=0x10000000000000000")]
    [TestCase("timer_hz")]
    [TestCase("other=5")]
    public void MalformedOrMissingNumbersGiveTheDefault(string text)
    {
        Parse(text);
        Assert.That(line.TryGetUInt("timer_hz", out _), Is.False);
        Assert.That(line.GetUInt("timer_hz", 1000), Is.EqualTo(1000));
    }

    [Test]
    public void UnterminatedQuoteIsReportedAndTheTokenDropped()
    {
        Assert.That(Parse("a=1 init=\"/sbin/init -s"), Is.False);
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.UnterminatedQuote));
        Assert.That(line.FirstProblemOffset, Is.EqualTo(4));
        Assert.That(line.Has("init"), Is.False);
        Assert.That(Value("a"), Is.EqualTo("1"));
    }

    [Test]
    public void EmptyKeyIsReportedAndTheTokenDropped()
    {
        Assert.That(Parse("=5 b=2"), Is.False);
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.EmptyKey));
        Assert.That(line.Count, Is.EqualTo(1));
        Assert.That(Value("b"), Is.EqualTo("2"));
    }

    [TestCase("a=\"x\"y b=2", BootCommandLineProblem.GarbageAfterQuote)]
    [TestCase("a=x\"y b=2", BootCommandLineProblem.InvalidByte)]
    [TestCase("\"a\" b=2", BootCommandLineProblem.InvalidByte)]
    [TestCase("a=\u0001 b=2", BootCommandLineProblem.InvalidByte)]
    public void MalformedTokensAreDroppedAndTheRestKept(string text, BootCommandLineProblem problem)
    {
        Assert.That(Parse(text), Is.False);
        Assert.That(line.FirstProblem, Is.EqualTo(problem));
        Assert.That(line.Count, Is.EqualTo(1));
        Assert.That(Value("b"), Is.EqualTo("2"));
        Assert.That(line.Has("a"), Is.False);
    }

    [Test]
    public void NonAsciiBytesAreRefused()
    {
        Assert.That(line.Parse(new byte[] { (byte)'k', (byte)'=', 0xC3, 0xA9 }), Is.False);
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.InvalidByte));
        Assert.That(line.Count, Is.Zero);
    }

    [Test]
    public void TooManyTokensAreReportedAndTheRestDropped()
    {
        var text = new StringBuilder();
        for (int i = 0; i < BootCommandLine.MaxTokens + 2; i++)
            text.Append("k").Append(i).Append(' ');
        Assert.That(Parse(text.ToString()), Is.False);
        Assert.That(line.Count, Is.EqualTo(BootCommandLine.MaxTokens));
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.TooManyTokens));
        Assert.That(line.Has("k63"), Is.True);
        Assert.That(line.Has("k64"), Is.False);
    }

    [Test]
    public void OverlongInputIsCutBeforeTheTokenCrossingTheLimit()
    {
        string padding = new string('p', BootCommandLine.MaxLength - 8) + " ";
        // "timer_hz=250" straddles the limit: it must vanish, not become "timer_hz=2".
        Assert.That(Parse(padding + "timer_hz=250"), Is.False);
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.TooLong));
        Assert.That(line.Has("timer_hz"), Is.False);
        Assert.That(line.Count, Is.EqualTo(1));
    }

    [Test]
    public void TokenEndingExactlyAtTheLimitIsKept()
    {
        string text = new string('p', BootCommandLine.MaxLength - 6) + " hz=5 extra";
        Assert.That(Parse(text), Is.False);
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.TooLong));
        Assert.That(line.GetUInt("hz", 0), Is.EqualTo(5));
        Assert.That(line.Has("extra"), Is.False);
    }

    [Test]
    public void ParsingAgainForgetsThePreviousLine()
    {
        Parse("=bad a=1");
        Assert.That(Parse("b=2"), Is.True);
        Assert.That(line.Has("a"), Is.False);
        Assert.That(line.ProblemCount, Is.Zero);
        Assert.That(line.FirstProblem, Is.EqualTo(BootCommandLineProblem.None));
    }

    [Test]
    public void ValuesAreCopiesThatOutliveTheInput()
    {
        byte[] input = Encoding.ASCII.GetBytes("name=pm");
        line.Parse(input);
        Array.Clear(input);
        Assert.That(Value("name"), Is.EqualTo("pm"));
    }

    [Test]
    public void KeysWithNonAsciiCharactersNeverMatch()
    {
        Parse("k=1");
        Assert.That(line.Has("\u016B"), Is.False); // a char whose low byte is 'k'
    }
}
