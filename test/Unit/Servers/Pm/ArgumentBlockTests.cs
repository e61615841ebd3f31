using System.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Pm;

// The Exec argument block and its staging in pieces.
[TestFixture]
public sealed class ArgumentBlockTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static int Parse(byte[] block, out string path, out byte[] rest, out int argc, out int envc) =>
        ArgumentBlock.Parse(block, PmLimits.MaxBlock, PmLimits.MaxStrings, out path, out rest, out argc, out envc);

    [Test]
    public void ParsesPathArgumentsAndEnvironment()
    {
        byte[] block = Ascii("/bin/child\0child\0a b\0c\0\0HOME=/\0X=1\0\0");
        Assert.That(Parse(block, out string path, out byte[] rest, out int argc, out int envc), Is.EqualTo(Status.Ok));
        Assert.That((path, argc, envc), Is.EqualTo(("/bin/child", 3, 2)));
        Assert.That(Encoding.ASCII.GetString(rest), Is.EqualTo("child\0a b\0c\0\0HOME=/\0X=1\0\0"));
        Assert.That(ArgumentBlock.Split(rest, 0, argc), Is.EqualTo(new[] { "child", "a b", "c" }));
        Assert.That(ArgumentBlock.Split(rest, argc, envc), Is.EqualTo(new[] { "HOME=/", "X=1" }));
    }

    [Test]
    public void EmptyListsAreAllowed()
    {
        Assert.That(Parse(Ascii("ls\0\0\0"), out string path, out byte[] rest, out int argc, out int envc), Is.EqualTo(Status.Ok));
        Assert.That((path, rest.Length, argc, envc), Is.EqualTo(("ls", 2, 0, 0)));
    }

    [TestCase("")]
    [TestCase("\0\0\0")]                        // empty path
    [TestCase("ls")]                            // unterminated path
    [TestCase("ls\0a\0")]                       // arguments never end
    [TestCase("ls\0a\0\0")]                     // environment missing
    [TestCase("ls\0a\0\0e\0")]                  // environment never ends
    [TestCase("ls\0a\0\0e\0\0junk")]            // bytes after the end
    [TestCase("ls\0a\0\0\0\0")]                 // extra terminators
    public void MalformedBlocksAreRefused(string text)
    {
        Assert.That(Parse(Ascii(text), out _, out _, out _, out _), Is.EqualTo(PmStatus.BadBlock));
    }

    [Test]
    public void CountedFormCarriesEmptyStrings()
    {
        byte[] block = Ascii("child\0child\0\0x\0\0\0E=\0\0");
        Assert.That(ArgumentBlock.Parse(block, PmLimits.MaxBlock, PmLimits.MaxStrings, 3, 2, out string path, out byte[] rest,
            out int argc, out int envc), Is.EqualTo(Status.Ok));
        Assert.That((path, argc, envc), Is.EqualTo(("child", 3, 2)));
        Assert.That(Encoding.ASCII.GetString(rest), Is.EqualTo("child\0\0x\0\0\0E=\0\0"));
    }

    [TestCase("child\0a\0\0\0", 2, 0, PmStatus.BadBlock)]        // one argument, two counted
    [TestCase("child\0a\0\0\0", 0, 0, PmStatus.BadBlock)]        // none counted, one there
    [TestCase("child\0a\0\0\0", 1, 1, PmStatus.BadBlock)]        // environment missing
    [TestCase("child\0a\0\0\0\0", 1, 0, PmStatus.BadBlock)]     // a byte after the end
    [TestCase("child\0a\0\0\0", -1, 0, Status.BadArgument)]
    [TestCase("child\0a\0\0\0", 1, 0, Status.Ok)]
    public void CountsMustMatchTheBlock(string text, int argc, int envc, int expected)
    {
        Assert.That(ArgumentBlock.Parse(Ascii(text), PmLimits.MaxBlock, PmLimits.MaxStrings, argc, envc, out _, out _, out _, out _),
            Is.EqualTo(expected));
    }

    [Test]
    public void NonAsciiIsRefused()
    {
        byte[] block = Ascii("ls\0x\0\0\0");
        block[3] = 0xC3;
        Assert.That(Parse(block, out _, out _, out _, out _), Is.EqualTo(PmStatus.BadBlock));
    }

    [Test]
    public void LimitsAreEnforced()
    {
        var many = new StringBuilder("p\0");
        for (int i = 0; i <= PmLimits.MaxStrings; i++)
            many.Append("a\0");
        many.Append("\0\0");
        Assert.That(Parse(Ascii(many.ToString()), out _, out _, out _, out _), Is.EqualTo(PmStatus.TooLong));
        Assert.That(Parse(new byte[PmLimits.MaxBlock + 1], out _, out _, out _, out _), Is.EqualTo(PmStatus.TooLong));
        string longPath = new string('x', ProgramName.MaxPath + 1);
        Assert.That(Parse(Ascii(longPath + "\0\0\0"), out _, out _, out _, out _), Is.EqualTo(PmStatus.BadBlock));
    }

    [Test]
    public void StagingAssemblesPiecesInOrderOnly()
    {
        var process = new ProcessRecord();
        byte[] block = Ascii("/bin/child\0child\0exit\0" + "23\0\0PATH=/bin\0\0");
        for (int offset = 0; offset < block.Length; offset += PmLimits.ExecDataBytes)
        {
            byte[] piece = new byte[PmLimits.ExecDataBytes];
            System.Array.Copy(block, offset, piece, 0, System.Math.Min(piece.Length, block.Length - offset));
            Assert.That(ExecStaging.Add(process, offset, block.Length, piece, PmLimits.MaxBlock), Is.EqualTo(Status.Ok));
        }
        Assert.That(ExecStaging.Take(process, block.Length), Is.EqualTo(block));
        Assert.That(process.Staged, Is.Null);
        Assert.That(ExecStaging.Take(process, block.Length), Is.Null, "taken once");
    }

    [Test]
    public void StagingRefusesGapsOversizeAndIncompleteBlocks()
    {
        var process = new ProcessRecord();
        byte[] piece = new byte[PmLimits.ExecDataBytes];
        Assert.That(ExecStaging.Add(process, 40, 100, piece, PmLimits.MaxBlock), Is.EqualTo(Status.OutOfRange), "must start at 0");
        Assert.That(ExecStaging.Add(process, 0, PmLimits.MaxBlock + 1, piece, PmLimits.MaxBlock), Is.EqualTo(PmStatus.TooLong));
        Assert.That(ExecStaging.Add(process, 0, 0, piece, PmLimits.MaxBlock), Is.EqualTo(Status.BadArgument));
        Assert.That(ExecStaging.Add(process, -1, 100, piece, PmLimits.MaxBlock), Is.EqualTo(Status.BadArgument));
        Assert.That(ExecStaging.Add(process, 0, 100, piece, PmLimits.MaxBlock), Is.EqualTo(Status.Ok));
        Assert.That(ExecStaging.Add(process, 0 + 80, 100, piece, PmLimits.MaxBlock), Is.EqualTo(Status.OutOfRange), "a gap");
        Assert.That(process.Staged, Is.Null, "a broken sequence is dropped");
        Assert.That(ExecStaging.Add(process, 0, 100, piece, PmLimits.MaxBlock), Is.EqualTo(Status.Ok));
        Assert.That(ExecStaging.Take(process, 100), Is.Null, "incomplete");
        Assert.That(ExecStaging.Add(process, 0, 10, piece, PmLimits.MaxBlock), Is.EqualTo(Status.Ok));
        Assert.That(ExecStaging.Take(process, 11), Is.Null, "another length");
    }
}
