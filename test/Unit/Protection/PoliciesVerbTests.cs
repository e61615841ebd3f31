using System.IO;
using Minix3.Cosmos.Build;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Protection;

// `Minix3.Cosmos.BuildTool policies -o <outdir> <a.policy> ...`
public class PoliciesVerbTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        dir = Path.Combine(Path.GetTempPath(), "m3p-verb-" + Path.GetRandomFileName());
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    private string Policy(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void WritesOneTablePerLabel()
    {
        string hello = Policy("Hello.policy", "ipc ds\nkernel diagctl");
        string ds = Policy("Ds.policy", "label ds\nsystem");
        string output = Path.Combine(dir, "out", "priv");
        var error = new StringWriter();
        int status = PoliciesVerb.Run(new[] { "policies", "-o", output, hello, ds }, error);
        Assert.That(status, Is.EqualTo(0), error.ToString());
        Assert.That(Directory.GetFiles(output), Is.EquivalentTo(new[] { Path.Combine(output, "hello.priv"), Path.Combine(output, "ds.priv") }));
        Assert.That(File.ReadAllBytes(Path.Combine(output, "hello.priv"))[..6], Is.EqualTo("M3PRIV"u8.ToArray()));
    }

    [Test]
    public void InvalidPoliciesWriteNothingAndPrintCanonicalErrors()
    {
        string hello = Policy("Hello.policy", "ipc ds\nirq 16");
        string output = Path.Combine(dir, "out");
        var error = new StringWriter();
        int status = PoliciesVerb.Run(new[] { "policies", "-o", output, hello }, error);
        Assert.That(status, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain($"{hello}(1): error M3P030: ipc target 'ds'"));
        Assert.That(error.ToString(), Does.Contain($"{hello}(2): error M3P014: irq 16"));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [TestCase]
    [TestCase("policies")]
    [TestCase("policies", "-o", "out")]
    [TestCase("policies", "out", "a.policy", "b.policy")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var error = new StringWriter();
        Assert.That(PoliciesVerb.Run(args, error), Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain(PoliciesVerb.Usage));
    }

    [Test]
    public void TheToolDispatchesTheVerb()
    {
        string hello = Policy("Hello.policy", "kernel diagctl");
        Assert.That(Program.Main(new[] { "policies", "-o", dir, hello }), Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(dir, "hello.priv")), Is.True);
    }
}
