using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Files the host's mtools wrote must read back byte-identical through the
// engine: small, multi-cluster, in subdirectories, with long names.
[TestFixture]
public sealed class FatReadTests : FatTestBase
{
    [Test]
    public void HostWrittenFilesReadBackIdentical()
    {
        string image = NewImage();
        byte[] small = Encoding.ASCII.GetBytes("hello from the host\n");
        byte[] big = Pattern(200_000, 1);           // ~391 clusters of 512 bytes
        byte[] nested = Pattern(5_000, 2);
        HostFatTools.PutFile(image, HostFile("small", small), "/SMALL.TXT");
        HostFatTools.PutFile(image, HostFile("big", big), "/big.bin");
        HostFatTools.MakeDir(image, "/sub");
        HostFatTools.MakeDir(image, "/sub/deeper");
        HostFatTools.PutFile(image, HostFile("nested", nested), "/sub/deeper/A rather long file name.data");

        WithVolume(image, fs =>
        {
            Assert.That(ReadAll(fs, "/SMALL.TXT"), Is.EqualTo(small));
            Assert.That(ReadAll(fs, "/big.bin"), Is.EqualTo(big));
            Assert.That(ReadAll(fs, "/sub/deeper/A rather long file name.data"), Is.EqualTo(nested));
        });
    }

    [Test]
    public void LookupIgnoresCaseAndFindsShortAliases()
    {
        string image = NewImage();
        byte[] data = Pattern(100, 3);
        HostFatTools.PutFile(image, HostFile("f", data), "/Mixed Case Name.txt");
        WithVolume(image, fs =>
        {
            Assert.That(ReadAll(fs, "/MIXED CASE NAME.TXT"), Is.EqualTo(data));
            Assert.That(ReadAll(fs, "/mixed case name.txt"), Is.EqualTo(data));
            Assert.That(fs.Lookup("/Mixed Case Name.txt", out FatNode? node), Is.EqualTo(FsError.None));
            Assert.That(ReadAll(fs, "/" + node!.ShortName), Is.EqualTo(data));
            Assert.That(node.ShortName, Does.Contain("~1"));
        });
    }

    [Test]
    public void ReadDirectoryShowsLongAndShortNames()
    {
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("a", new byte[1]), "/PLAIN.TXT");
        HostFatTools.PutFile(image, HostFile("b", new byte[2]), "/a long name with spaces.text");
        HostFatTools.MakeDir(image, "/Directory");
        WithVolume(image, fs =>
        {
            var entries = new List<FatNode>();
            Assert.That(fs.ReadDirectory("/", entries), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            var names = new List<string>();
            foreach (FatNode e in entries) names.Add(e.Name);
            Assert.That(names, Is.EquivalentTo(new[] { "PLAIN.TXT", "a long name with spaces.text", "Directory" }));
            FatNode dir = entries.Find(e => e.Name == "Directory")!;
            Assert.That(dir.IsDirectory, Is.True);
            Assert.That(entries.Find(e => e.Name == "PLAIN.TXT")!.Size, Is.EqualTo(1));

            var inside = new List<FatNode>();
            Assert.That(fs.ReadDirectory("/Directory", inside), Is.EqualTo(FsError.None));
            Assert.That(inside, Is.Empty, "'.' and '..' are not listed");
        });
    }

    [Test]
    public void ALongNameWithAWrongChecksumFallsBackToTheShortName()
    {
        string image = NewImage();
        byte[] data = Pattern(10, 6);
        HostFatTools.PutFile(image, HostFile("f", data), "/Checked long name.txt");
        long firstLongSlot = 0;
        string shortName = "";
        WithVolume(image, fs =>
        {
            Assert.That(fs.Lookup("/Checked long name.txt", out FatNode? node), Is.EqualTo(FsError.None));
            Assert.That(node!.Slots, Has.Count.GreaterThan(1));
            firstLongSlot = node.Slots[0];
            shortName = node.ShortName;
        });
        using (var f = new System.IO.FileStream(image, System.IO.FileMode.Open))
        {
            f.Position = firstLongSlot + 13;
            int sum = f.ReadByte();
            f.Position = firstLongSlot + 13;
            f.WriteByte((byte)(sum ^ 0x5A));
        }
        WithVolume(image, fs =>
        {
            Assert.That(fs.Lookup("/Checked long name.txt", out _), Is.EqualTo(FsError.NotFound));
            var entries = new List<FatNode>();
            Assert.That(fs.ReadDirectory("/", entries), Is.EqualTo(FsError.None));
            Assert.That(entries.ConvertAll(e => e.Name), Does.Contain(shortName));
            Assert.That(ReadAll(fs, "/" + shortName), Is.EqualTo(data));
        });
    }

    [Test]
    public void StatReportsKindSizeAndCluster()
    {
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("f", Pattern(1234, 4)), "/FILE.BIN");
        HostFatTools.PutFile(image, HostFile("e", new byte[0]), "/EMPTY");
        WithVolume(image, fs =>
        {
            Assert.That(fs.Lookup("/FILE.BIN", out FatNode? file), Is.EqualTo(FsError.None));
            Assert.That(file!.IsDirectory, Is.False);
            Assert.That(file.Size, Is.EqualTo(1234));
            Assert.That(file.FirstCluster, Is.GreaterThanOrEqualTo(2u));
            Assert.That(file.Attributes & FatNode.AttrArchive, Is.Not.Zero);
            Assert.That(fs.Lookup("/EMPTY", out FatNode? empty), Is.EqualTo(FsError.None));
            Assert.That(empty!.Size, Is.Zero);
            Assert.That(fs.Lookup("/", out FatNode? root), Is.EqualTo(FsError.None));
            Assert.That(root!.IsDirectory && root.IsRoot, Is.True);
            Assert.That(fs.Lookup("/nothing", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.Lookup("/FILE.BIN/x", out _), Is.EqualTo(FsError.NotADirectory));
            Assert.That(fs.Lookup("/./FILE.BIN", out _), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/../x/../FILE.BIN", out _), Is.EqualTo(FsError.None));
        });
    }

    [Test]
    public void ReadingAtOrPastTheEndGivesZeroBytes()
    {
        string image = NewImage();
        byte[] data = Pattern(700, 5);
        HostFatTools.PutFile(image, HostFile("f", data), "/F.BIN");
        WithVolume(image, fs =>
        {
            Assert.That(fs.Open("/F.BIN", out FatNode? node), Is.EqualTo(FsError.None));
            var buffer = new byte[100];
            Assert.That(fs.Read(node!, 700, buffer, out int atEnd), Is.EqualTo(FsError.None));
            Assert.That(atEnd, Is.Zero);
            Assert.That(fs.Read(node!, 10_000, buffer, out int past), Is.EqualTo(FsError.None));
            Assert.That(past, Is.Zero);
            Assert.That(fs.Read(node!, 650, buffer, out int tail), Is.EqualTo(FsError.None));
            Assert.That(tail, Is.EqualTo(50));
            Assert.That(buffer[..50], Is.EqualTo(data[650..]));
            Assert.That(fs.Read(node!, -1, buffer, out _), Is.EqualTo(FsError.BadOffset));
            Assert.That(fs.Lookup("/", out FatNode? root), Is.EqualTo(FsError.None));
            Assert.That(fs.Read(root!, 0, buffer, out _), Is.EqualTo(FsError.IsADirectory));
        });
    }
}
