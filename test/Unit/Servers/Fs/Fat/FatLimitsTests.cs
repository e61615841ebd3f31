using System;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Running out of space, and names and paths the engine must refuse.
[TestFixture]
public sealed class FatLimitsTests : FatTestBase
{
    [Test]
    public void DiskFullIsAnErrorAndKeepsWhatWasWritten()
    {
        string image = NewImage(mib: 36);
        const int Chunk = 1 << 20;
        byte[] chunk = Pattern(Chunk, 50);
        long kept = 0;
        WithVolume(image, fs =>
        {
            FatNode node = CreateWith(fs, "/FILL.BIN", Array.Empty<byte>());
            FsError error = FsError.None;
            for (int i = 0; i < 100 && error == FsError.None; i++)
            {
                error = fs.Write(node, node.Size, chunk, out int written);
                Assert.That(written, Is.EqualTo(error == FsError.None ? Chunk : 0), "all or nothing");
            }
            Assert.That(error, Is.EqualTo(FsError.NoSpace));
            Assert.That(fs.LastErrorMessage, Does.Contain("no space"));
            kept = node.Size;
            Assert.That(kept % Chunk, Is.Zero);
            Assert.That(kept, Is.GreaterThan(30L * Chunk));

            // The rest still fits byte by byte, and then nothing more.
            Assert.That(fs.FreeSpace(out long free), Is.EqualTo(FsError.None));
            Assert.That(fs.Write(node, kept, new byte[free], out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Write(node, node.Size, new byte[1], out _), Is.EqualTo(FsError.NoSpace));
            Assert.That(fs.Create("/NEW.TXT", out FatNode? small), Is.EqualTo(FsError.None), "a free slot in the root");
            Assert.That(fs.Write(small!, 0, new byte[1], out _), Is.EqualTo(FsError.NoSpace));
            Assert.That(fs.MakeDirectory("/dir"), Is.EqualTo(FsError.NoSpace));
            Assert.That(fs.Truncate(node, kept), Is.EqualTo(FsError.None));
        });
        HostFatTools.AssertClean(image);
        byte[] back = HostFatTools.GetFile(image, "/FILL.BIN");
        Assert.That(back.LongLength, Is.EqualTo(kept));
        for (long at = 0; at < kept; at += Chunk)
            Assert.That(back.AsSpan((int)at, Chunk).SequenceEqual(chunk), Is.True, $"chunk at {at}");
    }

    [Test]
    public void PathsMustBeAbsoluteAndNotTooLong()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            Assert.That(fs.Lookup("relative", out _), Is.EqualTo(FsError.InvalidName));
            Assert.That(fs.Lookup("", out _), Is.EqualTo(FsError.InvalidName));
            string tooLong = "/" + new string('a', FatFileSystem.MaxPathLength);
            Assert.That(fs.Lookup(tooLong, out _), Is.EqualTo(FsError.PathTooLong));
            Assert.That(fs.LastErrorMessage, Does.Contain("path too long"));
            Assert.That(fs.Create(tooLong, out _), Is.EqualTo(FsError.PathTooLong));
            Assert.That(fs.Create("/" + new string('b', 256), out _), Is.EqualTo(FsError.NameTooLong));
            Assert.That(fs.Create("/" + new string('c', 255), out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        });
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void InvalidNamesAreRefused()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            foreach (string bad in new[] { "/a*b", "/what?", "/x:y", "/pipe|", "/lt<", "/quote\"", "/back\\slash",
                                           "/trailing.", "/trailing ", "/ctl\u0001", "/" })
                Assert.That(fs.Create(bad, out _), Is.EqualTo(FsError.InvalidName), bad);
            Assert.That(fs.MakeDirectory("/.."), Is.EqualTo(FsError.InvalidName));
            Assert.That(fs.Create("/ok name; with+odd=chars [1].txt", out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Create("/.hidden", out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.Create("/Ünïcødé name.txt", out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        });
        HostFatTools.AssertClean(image);
        string listing = HostFatTools.List(image, "/");
        Assert.That(listing, Does.Contain("ok name; with+odd=chars [1].txt"));
        Assert.That(listing, Does.Contain(".hidden"));
    }

    [Test]
    public void FilesCannotPassFourGibibytes()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            FatNode node = CreateWith(fs, "/BIG", Array.Empty<byte>());
            Assert.That(fs.Write(node, FatFileSystem.MaxFileSize, new byte[1], out _), Is.EqualTo(FsError.FileTooLarge));
            Assert.That(fs.Truncate(node, FatFileSystem.MaxFileSize + 1), Is.EqualTo(FsError.FileTooLarge));
            Assert.That(fs.Truncate(node, 1L << 30), Is.EqualTo(FsError.NoSpace), "1 GiB does not fit a 64 MiB volume");
            Assert.That(node.Size, Is.Zero);
        });
        HostFatTools.AssertClean(image);
    }
}
