using System.IO;
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
        string launchers = Bochs.Configuration(iso, serialLog, new BootOptions().MemoryMiB, Bochs.DiskLine(disk, 2 * 16 * 63 * 512), "x");
        // Everything after the comment lines is what the launcher writes.
        Assert.That(text, Does.EndWith(launchers.Substring(launchers.IndexOf('\n') + 1) + "\n"));
        Assert.That(text, Does.StartWith("# Made by the build. Run: bochs -q -f " + bochsrc + " -rc " + Path.Combine(_directory, "bochs.commands")));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "bochs.commands")), Is.EqualTo(Bochs.DebuggerCommands));
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
