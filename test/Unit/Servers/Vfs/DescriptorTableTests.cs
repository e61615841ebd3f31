using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// Descriptor tables, shared open files and PM's fork and exit notices.
[TestFixture]
public sealed class DescriptorTableTests
{
    [Test]
    public void DescriptorsAreTheLowestFreeAndTheTableHolds64()
    {
        var table = new DescriptorTable();
        var file = new OpenFile(OpenFileKind.File, "/a", true, false);
        for (int i = 0; i < VfsLimits.MaxDescriptors; i++)
            Assert.That(table.Install(file), Is.EqualTo(i));
        Assert.That(table.Install(file), Is.EqualTo(VfsStatus.TooManyOpen));
        Assert.That(file.References, Is.EqualTo(VfsLimits.MaxDescriptors), "a refused install adds no reference");
        table.Remove(5, out bool last);
        Assert.That(last, Is.False);
        Assert.That(table.Install(file), Is.EqualTo(5));
        Assert.That(table.Get(-1), Is.Null);
        Assert.That(table.Get(64), Is.Null);
        Assert.That(table.Get(long.MaxValue), Is.Null);
        Assert.That(table.Remove(long.MinValue, out _), Is.Null);
    }

    [Test]
    public void AForkedChildSharesOpenFilesAndTheirPosition()
    {
        var processes = new ProcessTable();
        ProcessFiles parent = processes.Get(10);
        var file = new OpenFile(OpenFileKind.File, "/a", true, true);
        Assert.That(parent.Descriptors.Install(file), Is.Zero);
        parent.WorkingDirectory = "/data";

        Assert.That(processes.Fork(10, 11), Is.Empty);
        ProcessFiles child = processes.Get(11);
        Assert.That(child.WorkingDirectory, Is.EqualTo("/data"));
        Assert.That(child.Descriptors.Get(0), Is.SameAs(file));
        Assert.That(file.References, Is.EqualTo(2));
        child.Descriptors.Get(0)!.Position = 42;
        Assert.That(parent.Descriptors.Get(0)!.Position, Is.EqualTo(42), "one open file, one position");

        Assert.That(processes.Exit(11), Is.Empty, "the parent still holds the file");
        Assert.That(file.References, Is.EqualTo(1));
        Assert.That(processes.Knows(11), Is.False);
        Assert.That(processes.Exit(11), Is.Empty, "a second exit notice is harmless");
    }

    [Test]
    public void ExitReleasesPipeEndsSoPeersSeeThem()
    {
        var processes = new ProcessTable();
        var pipe = new PipeBuffer();
        ProcessFiles writer = processes.Get(20);
        writer.Descriptors.Install(OpenFile.ForPipe(pipe, readEnd: false));
        processes.Get(21).Descriptors.Install(OpenFile.ForPipe(pipe, readEnd: true));
        processes.Fork(20, 22);
        Assert.That(pipe.Writers, Is.EqualTo(1), "ends count open files, not descriptors");

        Assert.That(processes.Exit(20), Is.Empty);
        Assert.That(pipe.Writers, Is.EqualTo(1), "the child still writes");
        var released = processes.Exit(22);
        Assert.That(released, Has.Count.EqualTo(1));
        Assert.That(pipe.Writers, Is.Zero);
    }

    [Test]
    public void AnUnknownProcessStartsEmptyAtTheRoot()
    {
        var processes = new ProcessTable();
        ProcessFiles fresh = processes.Get(77);
        Assert.That(fresh.WorkingDirectory, Is.EqualTo("/"));
        Assert.That(fresh.Descriptors.OpenCount, Is.Zero);
    }
}
