using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// A cloning device's open file (a socket): its calls name the minor the
// driver's Open gave, and the driver is told to close that minor exactly
// once, when the last descriptor naming the open file goes (dup'd copies
// and a forked child's share it).
public class CloneOpenFileTests
{
    private static OpenFile Socket(int minor)
    {
        var tcp = new DeviceEntry("tcp", "inet", SocketDevice.TcpMinor, true, clone: true);
        return new OpenFile(OpenFileKind.Device, "/dev/tcp", true, true) { Device = tcp, CloneMinor = minor };
    }

    [Test]
    public void CallsNameTheClonesMinorNotTheEntrys()
    {
        OpenFile socket = Socket(17);
        Assert.That(socket.Minor, Is.EqualTo(17));

        var console = new OpenFile(OpenFileKind.Device, "/dev/console", true, true) { Device = new DeviceEntry("console", "tty", 0, true) };
        Assert.That(console.Minor, Is.EqualTo(0));
        Assert.That(console.TakeCloneMinor(), Is.EqualTo(-1), "not a clone: no Close");
    }

    [Test]
    public void CloseGoesOnceWhenTheLastDupAndForkedCopyClose()
    {
        OpenFile socket = Socket(21);
        var parent = new DescriptorTable();
        int fd = parent.Install(socket);
        int dup = parent.Install(socket);
        DescriptorTable child = parent.Copy();

        parent.Remove(fd, out bool last);
        Assert.That(last, Is.False);
        Assert.That(socket.TakeCloneMinor(), Is.EqualTo(-1), "descriptors still name it");
        parent.Remove(dup, out last);
        Assert.That(last, Is.False, "the child's copy");
        Assert.That(socket.TakeCloneMinor(), Is.EqualTo(-1));

        Assert.That(child.RemoveAll(), Is.EqualTo(new[] { socket }), "the child's exit releases it");
        Assert.That(socket.TakeCloneMinor(), Is.EqualTo(21));
        Assert.That(socket.TakeCloneMinor(), Is.EqualTo(-1), "told once");
    }

    [Test]
    public void AnOpenThatFoundNoDescriptorGivesItsMinorBack()
    {
        OpenFile socket = Socket(30);
        var full = new DescriptorTable();
        for (int i = 0; i < VfsLimits.MaxDescriptors; i++)
            full.Install(new OpenFile(OpenFileKind.File, "/f", true, false));

        Assert.That(full.Install(socket), Is.EqualTo(VfsStatus.TooManyOpen));
        Assert.That(socket.TakeCloneMinor(), Is.EqualTo(30));
    }
}
