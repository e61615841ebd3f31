using System;
using System.IO;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// The CRC of cksum against GNU cksum: fixed values computed once with the
// host's `cksum` (printf '...' | cksum), and random data of many lengths
// checked against the host tool during the test.
public class CksumTests
{
    [TestCase("", 4294967295u)]
    [TestCase("a", 1220704766u)]
    [TestCase("hello world\n", 3733384285u)]
    [TestCase("123456789", 930766865u)]
    public void MatchesGnuCksumOnKnownText(string text, uint expected)
    {
        Assert.That(Cksum.Of(Encoding.ASCII.GetBytes(text)), Is.EqualTo(expected));
    }

    [Test]
    public void TheLengthIsPartOfTheSum()
    {
        // 100000 zero bytes: all of the difference from the empty input is
        // the length folded in at the end.
        Assert.That(Cksum.Of(new byte[100000]), Is.EqualTo(1260869142u));
        byte[] ramp = new byte[1024];
        for (int i = 0; i < ramp.Length; i++)
            ramp[i] = (byte)i;
        Assert.That(Cksum.Of(ramp), Is.EqualTo(2721443265u));
    }

    [Test]
    public void PiecesGiveTheSameSumAsOneUpdate()
    {
        byte[] data = TestBytes.Random(10000, seed: 77);
        var sum = new Cksum();
        int position = 0;
        foreach (int piece in new[] { 0, 1, 7, 4096, 3000, 2896 })
        {
            sum.Update(new ReadOnlySpan<byte>(data, position, piece));
            position += piece;
        }
        Assert.That(position, Is.EqualTo(data.Length));
        Assert.That(sum.Length, Is.EqualTo(10000));
        Assert.That(sum.Finish(), Is.EqualTo(Cksum.Of(data)));
    }

    [Test]
    public void RandomFilesMatchTheHostCksumLineForLine()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-cksum-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            // Lengths around the byte boundaries of the length suffix.
            foreach (int length in new[] { 1, 255, 256, 257, 65535, 65536, 70000 })
            {
                string path = Path.Combine(directory, $"f{length}");
                byte[] data = TestBytes.Random(length, seed: (uint)length * 2654435761u);
                File.WriteAllBytes(path, data);
                var (code, output) = HostTool.Run("cksum", "coreutils", path);
                Assert.That(code, Is.EqualTo(0));
                Assert.That(Cksum.Line(Cksum.Of(data), data.Length, path) + "\n", Is.EqualTo(output), $"length {length}");
            }
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Test]
    public void StandardInputIsPrintedWithoutAName()
    {
        Assert.That(Cksum.Line(4294967295u, 0, null), Is.EqualTo("4294967295 0"));
        Assert.That(Cksum.Line(1u, 2, "x y"), Is.EqualTo("1 2 x y"));
    }
}
