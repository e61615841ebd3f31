using System;
using System.IO;
using Minix3.Cosmos.Build;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// The build tool's fat verb: an image from a folder, its options, and
// errors the build shows as MSBuild errors naming the file at fault.
public class FatVerbTests
{
    private string _dir = "";

    [SetUp]
    public void MakeScratch()
    {
        _dir = Path.Combine(Path.GetTempPath(), "minix3-fatverb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "tree", "etc"));
        File.WriteAllText(Path.Combine(_dir, "tree", "etc", "inet.conf"), "eth0\n");
    }

    [TearDown]
    public void RemoveScratch() => Directory.Delete(_dir, true);

    private static (int Code, string Errors) Run(params string[] args)
    {
        var errors = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(errors);
        try { return (Program.Main(args), errors.ToString()); }
        finally { Console.SetError(saved); }
    }

    [Test]
    public void MakesAFat32RootDisk()
    {
        string image = Path.Combine(_dir, "out", "root.img");
        var (code, errors) = Run("fat", image, "64", Path.Combine(_dir, "tree"), "--reserved", "2048", "--label", "usb");
        Assert.That(code, Is.EqualTo(0), errors);
        Assert.That(new FileInfo(image).Length, Is.EqualTo(64 * 2048 / 1008 * 1008 * 512L));
        string fsck = HostTool.MustRun("fsck.fat", "dosfstools", "-n", "-v", image);
        Assert.That(fsck, Does.Contain("2048 reserved sectors").And.Contain("32 bit entries"));
        Assert.That(HostTool.MustRun("mdir", "mtools", "-i", image, "::/etc"), Does.Contain("inet.conf").And.Contain("Volume in drive : is USB"));
    }

    [Test]
    public void SmallImagesTakeATypeOption()
    {
        string image = Path.Combine(_dir, "esp.img");
        var (code, errors) = Run("fat", image, "4", Path.Combine(_dir, "tree"), "--type", "12");
        Assert.That(code, Is.EqualTo(0), errors);
        Assert.That(HostTool.MustRun("fsck.fat", "dosfstools", "-n", "-v", image), Does.Contain("12 bit entries"));
    }

    [Test]
    public void ATreeTooLargeIsAnErrorOnTheImage()
    {
        File.WriteAllBytes(Path.Combine(_dir, "tree", "big"), new byte[3 << 20]);
        string image = Path.Combine(_dir, "small.img");
        var (code, errors) = Run("fat", image, "2", Path.Combine(_dir, "tree"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.StartWith(image + ": error M3T001: the tree needs"));
        Assert.That(File.Exists(image), Is.False);
    }

    [Test]
    public void ANameFatCannotHoldIsAnErrorOnThatName()
    {
        File.WriteAllText(Path.Combine(_dir, "tree", "etc", "a:b"), "x");
        var (code, errors) = Run("fat", Path.Combine(_dir, "x.img"), "64", Path.Combine(_dir, "tree"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.StartWith("/etc/a:b: error M3T001: the name \"a:b\" has the character ':'"));
    }

    [TestCase("sixty-four")]
    [TestCase("0")]
    public void ABadSizeIsAnError(string size)
    {
        var (code, errors) = Run("fat", Path.Combine(_dir, "x.img"), size, Path.Combine(_dir, "tree"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("error M3T001: the size must be a whole number of MiB"));
    }

    [Test]
    public void BadOptionsAreErrorsAndMissingArgumentsUsage()
    {
        Assert.That(Run("fat", Path.Combine(_dir, "x.img"), "64", Path.Combine(_dir, "tree"), "--type", "64").Errors, Does.Contain("bad option --type 64"));
        Assert.That(Run("fat", Path.Combine(_dir, "x.img"), "64").Code, Is.EqualTo(2));
    }
}
