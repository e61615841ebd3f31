using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

[TestFixture]
public sealed class PathNamesTests
{
    [TestCase("/", "/a/b", "/a/b")]
    [TestCase("/data", "big.bin", "/data/big.bin")]
    [TestCase("/data", "../hello.txt", "/hello.txt")]
    [TestCase("/", "../../x", "/x")]
    [TestCase("/a", "./b//c/", "/a/b/c")]
    [TestCase("/a/b", "..", "/a")]
    [TestCase("/a", "/", "/")]
    [TestCase("/", ".", "/")]
    public void PathsResolveAgainstTheWorkingDirectory(string cwd, string path, string expected)
    {
        Assert.That(PathNames.Resolve(cwd, path, out string absolute), Is.EqualTo(Status.Ok));
        Assert.That(absolute, Is.EqualTo(expected));
    }

    [Test]
    public void BadPathsAreRefused()
    {
        Assert.That(PathNames.Resolve("/", "", out _), Is.EqualTo(FileSystemStatus.NotFound));
        Assert.That(PathNames.Resolve("/", new string('a', FileSystemLimits.MaxPathLength + 1), out _), Is.EqualTo(FileSystemStatus.PathTooLong));
        Assert.That(PathNames.Resolve("/", "a\0b", out _), Is.EqualTo(FileSystemStatus.InvalidName));
        string deep = "/" + new string('d', 900);
        Assert.That(PathNames.Resolve(deep, new string('e', 200), out _), Is.EqualTo(FileSystemStatus.PathTooLong), "the joined path is too long");
    }

    [Test]
    public void TheDeviceTableNamesDevicesInsideDevOnly()
    {
        DeviceTable table = DeviceTable.Standard();
        Assert.That(table.Find("/dev/null")!.Driver, Is.EqualTo("memory"));
        Assert.That(table.Find("/dev/zero")!.Minor, Is.EqualTo(1));
        Assert.That(table.Find("/dev/console")!.WaitForInput, Is.True);
        Assert.That(table.Find("/dev/tty00")!.Minor, Is.EqualTo(1));
        Assert.That(table.Find("/dev/nothing"), Is.Null);
        Assert.That(table.Find("/devnull"), Is.Null);
        Assert.That(table.Find("/dev/null/x"), Is.Null);
        Assert.That(DeviceTable.IsDirectory("/dev"), Is.True);
        Assert.That(PathNames.Parent("/a/b"), Is.EqualTo("/a"));
        Assert.That(PathNames.Name("/a/b"), Is.EqualTo("b"));
    }
}
