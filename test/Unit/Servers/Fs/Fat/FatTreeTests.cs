using System.Collections.Generic;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// mkdir, rmdir, unlink and rename through the engine, checked with mtools
// and fsck.fat -n.
[TestFixture]
public sealed class FatTreeTests : FatTestBase
{
    [Test]
    public void MakeDirectoryNestsAndMtoolsSeesIt()
    {
        string image = NewImage();
        byte[] data = Pattern(3000, 30);
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/Projects"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.MakeDirectory("/Projects/deep directory name"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            CreateWith(fs, "/Projects/deep directory name/notes.txt", data);
            Assert.That(fs.MakeDirectory("/projects"), Is.EqualTo(FsError.Exists), "lookup ignores case");
            Assert.That(fs.Create("/Projects/x", out _), Is.EqualTo(FsError.None));
            Assert.That(fs.Create("/Projects/X", out _), Is.EqualTo(FsError.Exists));
            Assert.That(fs.MakeDirectory("/missing/child"), Is.EqualTo(FsError.NotFound));
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.List(image, "/Projects"), Does.Contain("deep directory name"));
        Assert.That(HostFatTools.GetFile(image, "/Projects/deep directory name/notes.txt"), Is.EqualTo(data));
    }

    [Test]
    public void DirectoriesGrowBeyondOneCluster()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/many"), Is.EqualTo(FsError.None));
            // 512-byte clusters hold 16 slots; each long name takes 3 here.
            for (int i = 0; i < 60; i++)
                CreateWith(fs, "/many/file number " + i + ".dat", new[] { (byte)i });
            var entries = new List<FatNode>();
            Assert.That(fs.ReadDirectory("/many", entries), Is.EqualTo(FsError.None));
            Assert.That(entries, Has.Count.EqualTo(60));
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/many/file number 59.dat"), Is.EqualTo(new byte[] { 59 }));
        Assert.That(HostFatTools.GetFile(image, "/many/file number 0.dat"), Is.EqualTo(new byte[] { 0 }));
    }

    [Test]
    public void RemoveDirectoryOnlyWhenEmpty()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            Assert.That(fs.FreeSpace(out long before), Is.EqualTo(FsError.None));
            Assert.That(fs.MakeDirectory("/d"), Is.EqualTo(FsError.None));
            Assert.That(fs.Create("/d/f", out _), Is.EqualTo(FsError.None));
            Assert.That(fs.RemoveDirectory("/d"), Is.EqualTo(FsError.NotEmpty));
            Assert.That(fs.RemoveDirectory("/d/f"), Is.EqualTo(FsError.NotADirectory));
            Assert.That(fs.Unlink("/d"), Is.EqualTo(FsError.IsADirectory));
            Assert.That(fs.Unlink("/d/f"), Is.EqualTo(FsError.None));
            Assert.That(fs.RemoveDirectory("/d"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Lookup("/d", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.RemoveDirectory("/"), Is.EqualTo(FsError.Busy));
            Assert.That(fs.FreeSpace(out long after), Is.EqualTo(FsError.None));
            Assert.That(after, Is.EqualTo(before));
        });
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void UnlinkFreesTheChainOfHostFiles()
    {
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("f", Pattern(100_000, 31)), "/Host written file.bin");
        WithVolume(image, fs =>
        {
            Assert.That(fs.FreeSpace(out long before), Is.EqualTo(FsError.None));
            Assert.That(fs.Unlink("/host WRITTEN file.bin"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.FreeSpace(out long after), Is.EqualTo(FsError.None));
            Assert.That(after - before, Is.EqualTo(196 * 512));
            Assert.That(fs.Unlink("/Host written file.bin"), Is.EqualTo(FsError.NotFound));
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.List(image, "/"), Does.Not.Contain("Host written"));
    }

    [Test]
    public void RenameWithinAndAcrossDirectories()
    {
        string image = NewImage();
        byte[] a = Pattern(2000, 32), b = Pattern(600, 33);
        WithVolume(image, fs =>
        {
            CreateWith(fs, "/old name.txt", a);
            Assert.That(fs.MakeDirectory("/from"), Is.EqualTo(FsError.None));
            Assert.That(fs.MakeDirectory("/to"), Is.EqualTo(FsError.None));
            CreateWith(fs, "/from/inner.bin", b);
            Assert.That(fs.Rename("/old name.txt", "/New Name.txt"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Rename("/New Name.txt", "/NEW NAME.TXT"), Is.EqualTo(FsError.None), "a change of case");
            Assert.That(fs.Rename("/from", "/to/moved dir"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Rename("/to", "/to/moved dir/inside"), Is.EqualTo(FsError.InvalidName), "not into itself");
            Assert.That(fs.Rename("/nothing", "/x"), Is.EqualTo(FsError.NotFound));
            Assert.That(ReadAll(fs, "/to/moved dir/inner.bin"), Is.EqualTo(b));
            Assert.That(fs.Lookup("/from", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.Lookup("/to/moved dir/../moved dir/inner.bin", out _), Is.EqualTo(FsError.None));
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/NEW NAME.TXT"), Is.EqualTo(a));
        Assert.That(HostFatTools.GetFile(image, "/to/moved dir/inner.bin"), Is.EqualTo(b));
        Assert.That(HostFatTools.List(image, "/"), Does.Not.Contain("old name"));
    }

    [Test]
    public void RenameReplacesAFileOrAnEmptyDirectoryAsPosixDoes()
    {
        string image = NewImage();
        byte[] winner = Pattern(3000, 34), loser = Pattern(9000, 35);
        WithVolume(image, fs =>
        {
            Assert.That(fs.FreeSpace(out long before), Is.EqualTo(FsError.None));
            CreateWith(fs, "/winner.bin", winner);
            CreateWith(fs, "/Loser file.bin", loser);
            Assert.That(fs.Rename("/winner.bin", "/loser FILE.bin"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(ReadAll(fs, "/Loser file.bin"), Is.EqualTo(winner));
            Assert.That(fs.Lookup("/winner.bin", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.FreeSpace(out long after), Is.EqualTo(FsError.None));
            Assert.That(before - after, Is.EqualTo(6 * 512), "the replaced file's clusters are freed");

            Assert.That(fs.MakeDirectory("/full"), Is.EqualTo(FsError.None));
            Assert.That(fs.Create("/full/x", out _), Is.EqualTo(FsError.None));
            Assert.That(fs.MakeDirectory("/empty"), Is.EqualTo(FsError.None));
            Assert.That(fs.MakeDirectory("/mover"), Is.EqualTo(FsError.None));
            Assert.That(fs.Rename("/mover", "/full"), Is.EqualTo(FsError.NotEmpty));
            Assert.That(fs.Rename("/mover", "/Loser file.bin"), Is.EqualTo(FsError.NotADirectory));
            Assert.That(fs.Rename("/Loser file.bin", "/empty"), Is.EqualTo(FsError.IsADirectory));
            Assert.That(fs.Rename("/mover", "/empty"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Lookup("/mover", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.Rename("/full", "/empty/inner"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/Loser file.bin"), Is.EqualTo(winner));
        Assert.That(HostFatTools.List(image, "/empty/inner"), Does.Contain("x"));
    }
}
