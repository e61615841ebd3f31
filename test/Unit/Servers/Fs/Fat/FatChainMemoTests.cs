using System;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Reads reuse the last cluster chain they walked (FatTable.ChainForReading)
// so that a big file read in pieces is not quadratic; any change of a link
// must make the next read walk the chain again.
[TestFixture]
public sealed class FatChainMemoTests : FatTestBase
{
    [Test]
    public void ReadsInPiecesSeeEveryChangeOfTheChain()
    {
        string image = NewImage();
        byte[] a = Pattern(40_000, 21), b = Pattern(30_000, 22), grown = Pattern(90_000, 23);
        WithVolume(image, fs =>
        {
            FatNode fileA = CreateWith(fs, "/a.bin", a);
            FatNode fileB = CreateWith(fs, "/b.bin", b);
            Assert.That(ReadInPieces(fs, fileA, 4096), Is.EqualTo(a));
            Assert.That(ReadInPieces(fs, fileB, 1000), Is.EqualTo(b), "another file's chain replaces the memo");
            Assert.That(ReadInPieces(fs, fileA, 7000), Is.EqualTo(a));

            // Growing a file allocates clusters (links change): the next read
            // walks the longer chain.
            Assert.That(fs.Write(fileA, 0, grown, out int written), Is.EqualTo(FsError.None));
            Assert.That(written, Is.EqualTo(grown.Length));
            Assert.That(ReadInPieces(fs, fileA, 5000), Is.EqualTo(grown));

            // Shrinking frees clusters; b then grows into them.
            Assert.That(fs.Truncate(fileA, 1000), Is.EqualTo(FsError.None));
            Assert.That(ReadInPieces(fs, fileA, 300), Is.EqualTo(grown.AsSpan(0, 1000).ToArray()));
            byte[] bigger = Pattern(120_000, 24);
            Assert.That(fs.Write(fileB, 0, bigger, out written), Is.EqualTo(FsError.None));
            Assert.That(ReadInPieces(fs, fileB, 9000), Is.EqualTo(bigger));
            Assert.That(ReadInPieces(fs, fileA, 512), Is.EqualTo(grown.AsSpan(0, 1000).ToArray()));
        });
        HostFatTools.AssertClean(image);
    }

    private static byte[] ReadInPieces(FatFileSystem fs, FatNode file, int piece)
    {
        var all = new byte[file.Size];
        long offset = 0;
        while (offset < file.Size)
        {
            int n = (int)Math.Min(piece, file.Size - offset);
            Assert.That(fs.Read(file, offset, all.AsSpan((int)offset, n), out int read), Is.EqualTo(FsError.None));
            Assert.That(read, Is.EqualTo(n));
            offset += n;
        }
        return all;
    }
}
