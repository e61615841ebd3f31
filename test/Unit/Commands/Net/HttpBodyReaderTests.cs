using System;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// Bodies as they arrive: by Content-Length, chunked (RFC 9112 7.1), or
// to the close, whatever the pieces the network hands over; and what the
// output sees: few, big writes.
public class HttpBodyReaderTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    // The body in the given chunk sizes, with an extension on the first
    // chunk and a trailer field, as a server may send it.
    private static byte[] Chunked(byte[] body, int[] sizes)
    {
        var wire = new System.Collections.Generic.List<byte>();
        int at = 0;
        bool first = true;
        foreach (int size in sizes)
        {
            wire.AddRange(B(size.ToString("x") + (first ? ";name=\"v\"" : "") + "\r\n"));
            wire.AddRange(body.AsSpan(at, size).ToArray());
            wire.AddRange(B("\r\n"));
            at += size;
            first = false;
        }
        Assert.That(at, Is.EqualTo(body.Length), "sizes cover the body");
        wire.AddRange(B("0\r\nExpires: never\r\n\r\n"));
        return wire.ToArray();
    }

    // Feeds wire in pieces of the given size; the reader and what came out.
    private static (HttpBodyReader Reader, RecordingSink Sink, bool Ok) Feed(HttpBodyReader reader, byte[] wire, int piece)
    {
        var sink = new RecordingSink();
        var output = new HttpGather(sink, 64 * 1024);
        bool ok = true;
        for (int at = 0; at < wire.Length && ok; at += piece)
            ok = reader.Feed(wire.AsSpan(at, Math.Min(piece, wire.Length - at)), output);
        output.Flush();
        return (reader, sink, ok);
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1460)]
    [TestCase(65536)]
    public void ChunkedBodiesDecodeWhateverThePieces(int piece)
    {
        byte[] body = TestBytes.Random(100_000, seed: 0x5EED);
        byte[] wire = Chunked(body, new[] { 1, 0x10, 4095, 65536, 100_000 - 1 - 0x10 - 4095 - 65536 });
        var (reader, sink, ok) = Feed(new HttpBodyReader(HttpBodyKind.Chunked, -1), wire, piece);
        Assert.That(ok, Is.True, reader.Error);
        Assert.That(reader.Complete, Is.True);
        Assert.That(reader.End(), Is.Null);
        Bytes.AssertSame(sink.Bytes.ToArray(), body);
        Assert.That(reader.Delivered, Is.EqualTo(body.Length));
    }

    [Test]
    public void BareLineFeedsAndUppercaseHexAreAccepted()
    {
        var (reader, sink, ok) = Feed(new HttpBodyReader(HttpBodyKind.Chunked, -1), B("A\nabcdefghij\n0\n\n"), 3);
        Assert.That(ok && reader.Complete, Is.True, reader.Error);
        Assert.That(sink.Text, Is.EqualTo("abcdefghij"));
    }

    [Test]
    public void BytesAfterTheLastChunkAreIgnored()
    {
        var (reader, sink, ok) = Feed(new HttpBodyReader(HttpBodyKind.Chunked, -1), B("3\r\nabc\r\n0\r\n\r\nGARBAGE"), 100);
        Assert.That(ok && reader.Complete, Is.True);
        Assert.That(sink.Text, Is.EqualTo("abc"));
    }

    [TestCase("x\r\n", "bad chunk size")]
    [TestCase("\r\n", "bad chunk size")]
    [TestCase("3g\r\nabc\r\n", "bad chunk size")]
    [TestCase("3\r\nabcX\r\n", "chunk not followed by CRLF")]
    [TestCase("3\r\nabc\rX", "chunk not followed by CRLF")]
    [TestCase("fffffffffffffffff\r\n", "chunk size too large")]
    public void MalformedChunks(string wire, string error)
    {
        var (reader, _, ok) = Feed(new HttpBodyReader(HttpBodyKind.Chunked, -1), B(wire), 1);
        Assert.That(ok, Is.False);
        Assert.That(reader.Error, Is.EqualTo(error));
    }

    [Test]
    public void ChunkedBodyCutShortSaysSo()
    {
        var (reader, _, ok) = Feed(new HttpBodyReader(HttpBodyKind.Chunked, -1), B("5\r\nabc"), 100);
        Assert.That(ok, Is.True);
        Assert.That(reader.Complete, Is.False);
        Assert.That(reader.End(), Is.EqualTo("connection closed after 3 bytes of a chunked body"));
    }

    [Test]
    public void LengthStopsAtContentLength()
    {
        var (reader, sink, _) = Feed(new HttpBodyReader(HttpBodyKind.Length, 10), B("0123456789EXTRA"), 4);
        Assert.That(reader.Complete, Is.True);
        Assert.That(sink.Text, Is.EqualTo("0123456789"));
        Assert.That(reader.End(), Is.Null);
    }

    [Test]
    public void ShortLengthBodyIsReported()
    {
        var (reader, _, _) = Feed(new HttpBodyReader(HttpBodyKind.Length, 10), B("01234"), 4);
        Assert.That(reader.Complete, Is.False);
        Assert.That(reader.End(), Is.EqualTo("connection closed after 5 of 10 bytes"));
    }

    [Test]
    public void UntilCloseTakesEverything()
    {
        var (reader, sink, _) = Feed(new HttpBodyReader(HttpBodyKind.UntilClose, -1), B("all of it"), 2);
        Assert.That(reader.Complete, Is.False, "only the close ends it");
        Assert.That(reader.End(), Is.Null);
        Assert.That(sink.Text, Is.EqualTo("all of it"));
    }

    // TCP hands over segments of ~1460 bytes: the output must still be
    // written in 64 KiB pieces, not one small write per segment.
    [Test]
    public void SmallPiecesBecomeBigWrites()
    {
        byte[] body = TestBytes.Random(1024 * 1024, seed: 7);
        var (reader, sink, _) = Feed(new HttpBodyReader(HttpBodyKind.Length, body.Length), body, 1460);
        Bytes.AssertSame(sink.Bytes.ToArray(), body);
        Assert.That(sink.Writes, Is.All.EqualTo(64 * 1024), "1 MiB in 16 writes of 64 KiB");
        Assert.That(sink.Writes, Has.Count.EqualTo(16));
        Assert.That(reader.Complete, Is.True);
    }
}
