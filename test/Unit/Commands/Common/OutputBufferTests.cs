using System;
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// Output gathered into few writes, UTF-8 encoded, partial writes finished,
// and a failing descriptor reported once instead of retried forever.
public class OutputBufferTests
{
    // Records every write; takes at most Limit bytes per call, or fails
    // with Failure once Budget bytes went through.
    private sealed class RecordingSink : IByteSink
    {
        public readonly List<byte[]> Writes = new List<byte[]>();
        public int Limit = int.MaxValue;
        public int Budget = int.MaxValue;
        public int Failure = -32;
        public int Calls;

        public int Write(ReadOnlySpan<byte> data)
        {
            Calls++;
            if (Budget <= 0)
                return Failure;
            int count = Math.Min(Math.Min(data.Length, Limit), Budget);
            Budget -= count;
            Writes.Add(data.Slice(0, count).ToArray());
            return count;
        }

        public string Text()
        {
            var all = new List<byte>();
            foreach (byte[] w in Writes)
                all.AddRange(w);
            return Encoding.UTF8.GetString(all.ToArray());
        }
    }

    [Test]
    public void ManyLinesBecomeOneWritePerBufferful()
    {
        var sink = new RecordingSink();
        var output = new OutputBuffer(sink, 4096);
        var expected = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            output.WriteLine("line " + i);
            expected.Append("line ").Append(i).Append('\n');
        }
        Assert.That(output.Flush(), Is.True);

        Assert.That(sink.Text(), Is.EqualTo(expected.ToString()));
        // ~8.9 KB of text: three writes, not a thousand.
        Assert.That(sink.Writes.Count, Is.EqualTo((expected.Length + 4095) / 4096));
    }

    [Test]
    public void LineBufferingFlushesAtEachNewlineOnly()
    {
        var sink = new RecordingSink();
        var output = new OutputBuffer(sink) { LineBuffered = true };
        output.Write("ls: ");
        output.Write("x: gone");
        Assert.That(sink.Writes, Is.Empty);
        output.Write("\n");
        Assert.That(sink.Writes.Count, Is.EqualTo(1));
        Assert.That(sink.Text(), Is.EqualTo("ls: x: gone\n"));
    }

    [Test]
    public void TextIsEncodedAsUtf8AcrossBufferBoundaries()
    {
        var sink = new RecordingSink();
        var output = new OutputBuffer(sink, 8);
        string text = "h\u00e9llo \u20ac \U0001F600 \ud800!";
        output.Write(text);
        output.Flush();
        // A lone surrogate becomes U+FFFD, as Encoding.UTF8 does.
        Assert.That(sink.Text(), Is.EqualTo(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text))));
    }

    [Test]
    public void PartialWritesAreFinished()
    {
        var sink = new RecordingSink { Limit = 3 };
        var output = new OutputBuffer(sink, 16);
        byte[] big = new byte[100];
        for (int i = 0; i < big.Length; i++)
            big[i] = (byte)('a' + i % 26);
        output.Write("<");
        output.Write(big);
        output.Write(">");
        Assert.That(output.Flush(), Is.True);
        Assert.That(sink.Text(), Is.EqualTo("<" + Encoding.ASCII.GetString(big) + ">"));
    }

    [Test]
    public void AFailedWriteIsKeptAndNothingMoreIsTried()
    {
        var sink = new RecordingSink { Budget = 10, Failure = -28 };
        var output = new OutputBuffer(sink, 8);
        for (int i = 0; i < 100; i++)
            output.Write("0123456789");
        Assert.That(output.Flush(), Is.False);
        Assert.That(output.Status, Is.EqualTo(-28));
        Assert.That(sink.Calls, Is.LessThanOrEqualTo(3), "no retry loop after the failure");
    }

    [Test]
    public void ASinkThatTakesNothingIsAnError()
    {
        var sink = new RecordingSink { Limit = 0 };
        var output = new OutputBuffer(sink);
        output.Write("x");
        Assert.That(output.Flush(), Is.False);
        Assert.That(output.Status, Is.LessThan(0));
        Assert.That(sink.Calls, Is.EqualTo(1));
    }
}
