using System.IO;
using System.Linq;
using Minix3.Cosmos.Build;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// The build's bochsrc is the launcher's Bochs configuration (one generator),
// with absolute paths and the debugger command file beside it.
public class BochsrcVerbTests
{
    private string _directory = "";

    [SetUp]
    public void MakeDirectory() => _directory = Directory.CreateTempSubdirectory("minix3-bochsrc-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, true);

    private string Disk(long size)
    {
        string disk = Path.Combine(_directory, "root.img");
        using (var stream = File.Create(disk))
            stream.SetLength(size);
        return disk;
    }

    [Test]
    public void TheBochsrcIsTheLaunchersConfigurationForTheIsoAndTheRootDisk()
    {
        string disk = Disk(2 * 16 * 63 * 512);
        string iso = Path.Combine(_directory, "minix3.iso");
        string bochsrc = Path.Combine(_directory, "bochsrc");
        Assert.That(ImageVerbs.Run(new[] { "bochsrc", bochsrc, iso, disk }, TextWriter.Null), Is.EqualTo(0));

        string text = File.ReadAllText(bochsrc);
        string serialLog = Path.Combine(_directory, "bochs-com1.log");
        string slirp = Path.Combine(_directory, "bochs-slirp.conf");
        string launchers = Bochs.Configuration(iso, serialLog, ImageVerbs.LiveMemoryMiB, Bochs.DiskLine(disk, 2 * 16 * 63 * 512), "x", Bochs.NicLine(slirp));
        // Everything after the comment lines is what the launcher writes.
        Assert.That(text, Does.EndWith(launchers.Substring(launchers.IndexOf('\n') + 1) + "\n"));
        Assert.That(text, Does.StartWith("# Made by the build. Run: bochs -q -f " + bochsrc + " -rc " + Path.Combine(_directory, "bochs.commands")));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "bochs.commands")), Is.EqualTo(Bochs.DebuggerCommands));
    }

    // The e1000 on Bochs's slirp, restricted by the file beside the
    // bochsrc (Bochs runs slirp unrestricted when it cannot read it, so
    // it must be there, and say so in its first line's format).
    [Test]
    public void TheBochsrcHasAnE1000OnRestrictedSlirp()
    {
        string disk = Disk(16 * 63 * 512);
        string bochsrc = Path.Combine(_directory, "bochsrc");
        Assert.That(ImageVerbs.Run(new[] { "bochsrc", bochsrc, Path.Combine(_directory, "x.iso"), disk }, TextWriter.Null), Is.EqualTo(0));
        string slirp = Path.Combine(_directory, "bochs-slirp.conf");
        Assert.That(File.ReadAllText(bochsrc), Does.Contain($"\ne1000: enabled=1, mac=52:54:00:12:34:56, ethmod=slirp, script={slirp}\n"));
        string[] lines = File.ReadAllLines(slirp);
        Assert.That(lines[0], Does.StartWith("# slirp config"));
        Assert.That(lines, Does.Contain("restricted = 1"));
        Assert.That(lines.Where(l => !l.StartsWith('#')), Has.Exactly(1).Items, "nothing but the restriction: no hostfwd, no smb");
        Assert.That(File.ReadAllText(bochsrc), Does.Not.Contain("ethmod=linux").And.Not.Contain("ethmod=tuntap"));
    }

    [Test]
    public void ADiskOfPartialCylindersIsRefusedNamingTheDisk()
    {
        string disk = Disk(1 << 20);
        var refusal = Assert.Throws<BuildToolException>(() => ImageVerbs.Run(new[] { "bochsrc", Path.Combine(_directory, "bochsrc"), "x.iso", disk }, TextWriter.Null));
        Assert.That(refusal!.File, Is.EqualTo(disk));
        Assert.That(refusal.Message, Does.Contain("whole cylinders"));
    }
}
