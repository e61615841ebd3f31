using System;
using System.Text;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Boot;

// The kernel's own lookup of its few command line keys (the full grammar is
// Lib/Sys BootCommandLine, tested beside it).
[TestFixture]
[NonParallelizable]
public sealed unsafe class KernelArgumentsTests
{
    // The kernel keeps a pointer to the line, as to the loader's memory: pinned here.
    private static byte[] s_line = Array.Empty<byte>();

    private static void Read(string line)
    {
        s_line = GC.AllocateArray<byte>(line.Length, pinned: true);
        Encoding.ASCII.GetBytes(line, s_line);
        fixed (byte* text = s_line)
            KernelArguments.Read(new BootString(text, s_line.Length));
    }

    private static string? Value(string key) =>
        KernelArguments.TryGetValue(Encoding.ASCII.GetBytes(key), out ReadOnlySpan<byte> value) ? Encoding.ASCII.GetString(value) : null;

    [Test]
    public void FindsValuesAndBareKeys()
    {
        Read("/boot/kernel.elf start=pm,vfs exit_when=pm exit timer_hz=250");
        Assert.That(Value("start"), Is.EqualTo("pm,vfs"));
        Assert.That(Value("exit_when"), Is.EqualTo("pm"));
        Assert.That(KernelArguments.Has("exit"u8), Is.True);
        Assert.That(KernelArguments.Has("start"u8), Is.True, "a key with a value is present too");
        Assert.That(Value("exit"), Is.Null, "a bare key has no value");
        Assert.That(KernelArguments.Number("timer_hz"u8, 100), Is.EqualTo(250));
    }

    [Test]
    public void AKeyMustBeAWholeWord()
    {
        Read("exit_when=a test=boot");
        Assert.That(KernelArguments.Has("exit"u8), Is.False, "exit_when is not exit");
        Assert.That(Value("exit"), Is.Null);
        Assert.That(Value("tes"), Is.Null);
    }

    [Test]
    public void TheLastOfAKeyGivenTwiceWins()
    {
        Read("timer_hz=100 timer_hz=250");
        Assert.That(KernelArguments.Number("timer_hz"u8, 0), Is.EqualTo(250));
    }

    [Test]
    public void AQuotedStretchBelongsToItsWord()
    {
        Read("init=\"/sbin/init test=boot\" halt_after=5");
        Assert.That(Value("test"), Is.Null, "inside another key's quoted value");
        Assert.That(Value("init"), Is.EqualTo("\"/sbin/init test=boot\""));
        Assert.That(KernelArguments.Number("halt_after"u8, 0), Is.EqualTo(5));
    }

    [Test]
    public void AStrayQuoteOutsideAValueQuotesNothing()
    {
        Read("\"stray test=boot \"unterminated exit");
        Assert.That(KernelArguments.Has("exit"u8), Is.True);
        Assert.That(Value("test"), Is.EqualTo("boot"));
    }

    [TestCase("timer_hz=")]
    [TestCase("timer_hz=25x")]
    [TestCase("timer_hz=0x10")]
    [TestCase("timer_hz=99999999999999999999")]
    [TestCase("")]
    public void AMissingOrMalformedNumberGivesTheFallback(string line)
    {
        Read(line);
        Assert.That(KernelArguments.Number("timer_hz"u8, 100), Is.EqualTo(100));
    }
}
