using System;
using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// dd's operands, numbers and copy arithmetic (Common/Dd): whole and
// partial records in and out, skip, count, reblocking and conv=sync.
public class DdTests
{
    [TestCase("512", 512L)]
    [TestCase("4k", 4096L)]
    [TestCase("2b", 1024L)]
    [TestCase("1M", 1048576L)]
    [TestCase("3w", 6L)]
    [TestCase("2x512", 1024L)]
    [TestCase("2x3x4", 24L)]
    [TestCase("0", 0L)]
    public void Numbers(string text, long expected)
    {
        Assert.That(DdOperands.TryParseNumber(text, out long value), Is.True, text);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("k")]
    [TestCase("12q")]
    [TestCase("2x")]
    [TestCase("-1")]
    [TestCase("99999999999999999999")]
    [TestCase("1024Gx1024G")]
    public void BadNumbers(string text)
    {
        Assert.That(DdOperands.TryParseNumber(text, out _), Is.False, text);
    }

    [Test]
    public void OperandsAndTheirErrors()
    {
        DdOperands dd = DdOperands.Parse(new[] { "dd", "if=a", "of=b", "bs=1k", "count=3", "skip=1", "seek=2", "conv=notrunc,sync" }, 1, out string? error)!;
        Assert.That(error, Is.Null);
        Assert.That((dd.Input, dd.Output, dd.InputBlock, dd.OutputBlock, dd.SameBlock), Is.EqualTo(("a", "b", 1024L, 1024L, true)));
        Assert.That((dd.Count, dd.Skip, dd.Seek, dd.NoTruncate, dd.Sync, dd.NoError), Is.EqualTo((3L, 1L, 2L, true, true, false)));

        Assert.That(DdOperands.Parse(new[] { "dd", "bs=x" }, 1, out error), Is.Null);
        Assert.That(error, Is.EqualTo("invalid number 'x' for bs"));
        Assert.That(DdOperands.Parse(new[] { "dd", "fast=yes" }, 1, out error), Is.Null);
        Assert.That(error, Is.EqualTo("unrecognized operand 'fast=yes'"));
        Assert.That(DdOperands.Parse(new[] { "dd", "conv=ucase" }, 1, out error), Is.Null);
        Assert.That(error, Is.EqualTo("unsupported conversion 'ucase' (notrunc, sync, noerror)"));
        Assert.That(DdOperands.Parse(new[] { "dd", "bs=0" }, 1, out error), Is.Null);
        Assert.That(DdOperands.Parse(new[] { "dd", "ibs=2M" }, 1, out error), Is.Null);
        Assert.That(error, Does.StartWith("block sizes must be 1 to"));
        Assert.That(DdOperands.Parse(new[] { "dd", "oops" }, 1, out error), Is.Null);
    }

    private static (byte[] Output, DdStatistics Statistics, int Status) Copy(string operands, byte[] input, int readChunk = int.MaxValue)
    {
        DdOperands dd = DdOperands.Parse(("dd " + operands).Split(' ', StringSplitOptions.RemoveEmptyEntries), 1, out string? error)!;
        Assert.That(error, Is.Null);
        var sink = new Sink();
        var copy = new DdCopy(dd, new MemorySource(input, readChunk), sink);
        int status = copy.Run();
        return (sink.Bytes.ToArray(), copy.Statistics, status);
    }

    private static byte[] Ramp(int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)i;
        return data;
    }

    [Test]
    public void WholeAndPartialRecords()
    {
        var (output, stats, status) = Copy("bs=100", Ramp(250));
        Assert.That(status, Is.EqualTo(0));
        Assert.That(output, Is.EqualTo(Ramp(250)));
        Assert.That(stats.Format(), Is.EqualTo("2+1 records in\n2+1 records out\n250 bytes copied\n"));
    }

    [Test]
    public void SkipAndCountAreInInputBlocks()
    {
        var (output, stats, _) = Copy("ibs=10 obs=10 skip=2 count=3", Ramp(100));
        Assert.That(output, Is.EqualTo(Ramp(100)[20..50]));
        Assert.That((stats.FullIn, stats.PartialIn, stats.FullOut, stats.PartialOut), Is.EqualTo((3L, 0L, 3L, 0L)));
    }

    [Test]
    public void ShortReadsArePartialRecordsAndReblockingFillsOutputBlocks()
    {
        // A pipe gives 30 bytes per read: every input record is partial.
        var (output, stats, _) = Copy("ibs=64 obs=50", Ramp(200), readChunk: 30);
        Assert.That(output, Is.EqualTo(Ramp(200)));
        Assert.That((stats.FullIn, stats.PartialIn), Is.EqualTo((0L, 7L)));
        Assert.That((stats.FullOut, stats.PartialOut, stats.Bytes), Is.EqualTo((4L, 0L, 200L)));
    }

    [Test]
    public void SyncPadsShortRecordsWithZeros()
    {
        var (output, stats, _) = Copy("bs=8 conv=sync", Ramp(10));
        Assert.That(output.Length, Is.EqualTo(16));
        Assert.That(output[..10], Is.EqualTo(Ramp(10)));
        Assert.That(output[10..], Is.EqualTo(new byte[6]));
        Assert.That(stats.Format(), Is.EqualTo("1+1 records in\n2+0 records out\n16 bytes copied\n"));
    }

    [Test]
    public void SkippingPastTheEndCopiesNothing()
    {
        var (output, stats, status) = Copy("bs=10 skip=50", Ramp(100));
        Assert.That((output.Length, status), Is.EqualTo((0, 0)));
        Assert.That(stats.Format(), Is.EqualTo("0+0 records in\n0+0 records out\n0 bytes copied\n"));
    }

    [Test]
    public void AFailingWriteStopsTheCopyWithItsStatus()
    {
        DdOperands dd = DdOperands.Parse(new[] { "dd", "bs=4" }, 1, out _)!;
        var copy = new DdCopy(dd, new MemorySource(Ramp(20)), new Sink { FailAfter = 8 });
        Assert.That(copy.Run(), Is.EqualTo(-62));
        Assert.That(copy.WriteFailed, Is.True);
        Assert.That(copy.Statistics.FullOut, Is.EqualTo(2));
    }

    private sealed class Sink : IByteSink
    {
        public readonly List<byte> Bytes = new List<byte>();
        public int FailAfter = int.MaxValue;

        public int Write(ReadOnlySpan<byte> data)
        {
            if (Bytes.Count >= FailAfter)
                return -62;
            Bytes.AddRange(data.ToArray());
            return data.Length;
        }
    }
}
