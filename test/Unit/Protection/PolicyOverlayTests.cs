using System.IO;
using System.Linq;
using Minix3.Cosmos.Build;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Protection;

// `policies ... --overlay x.policy`: an image adds list entries (test peers)
// to a component's policy without the shipped policy granting them.
public class PolicyOverlayTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        dir = Path.Combine(Path.GetTempPath(), "m3p-overlay-" + Path.GetRandomFileName());
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private (int Status, string Error) Compile(params string[] files)
    {
        var error = new StringWriter();
        int status = PoliciesVerb.Run(new[] { "policies", "-o", Path.Combine(dir, "out") }.Concat(files).ToArray(), error);
        return (status, error.ToString());
    }

    [Test]
    public void AnOverlayAddsIpcTargetsToTheComponentItNames()
    {
        string ds = File("Ds.policy", "kernel diagctl");
        string client = File("DsClient.policy", "ipc ds");
        string overlay = File("ds-test.policy", "label ds\nipc dsclient");

        var (plain, _) = Compile(ds, client);
        byte[] without = System.IO.File.ReadAllBytes(Path.Combine(dir, "out", "ds.priv"));
        var (status, error) = Compile(ds, client, "--overlay", overlay);
        byte[] with = System.IO.File.ReadAllBytes(Path.Combine(dir, "out", "ds.priv"));

        Assert.That(plain, Is.EqualTo(0));
        Assert.That(status, Is.EqualTo(0), error);
        Assert.That(with, Is.Not.EqualTo(without), "the overlay's target is in ds's table");
        Assert.That(System.IO.File.ReadAllText(ds), Is.EqualTo("kernel diagctl"), "the shipped policy is untouched");
    }

    [Test]
    public void AnOverlayForAMissingComponentIsAnError()
    {
        string ds = File("Ds.policy", "kernel diagctl");
        string overlay = File("tty.policy", "label tty\nipc ds");
        var (status, error) = Compile(ds, "--overlay", overlay);
        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Does.Contain("M3P032").And.Contain("'tty'"));
    }

    [Test]
    public void AnOverlayWithoutALabelIsAnError()
    {
        string ds = File("Ds.policy", "kernel diagctl");
        string overlay = File("ds-test.policy", "ipc ds");
        var (status, error) = Compile(ds, "--overlay", overlay);
        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Does.Contain("M3P032"));
    }

    [Test]
    public void AnOverlayMayNotChangeSingleSettings()
    {
        string ds = File("Ds.policy", "kernel diagctl\nquota 2M");
        string overlay = File("ds-test.policy", "label ds\nquota 64M");
        var (status, error) = Compile(ds, "--overlay", overlay);
        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Does.Contain("M3P033").And.Contain("ds-test.policy(2)"));
    }

    [Test]
    public void MergedEntriesAreValidatedLikeTheirOwn()
    {
        string ds = File("Ds.policy", "ipc ds2");
        string ds2 = File("Ds2.policy", "kernel diagctl");
        string repeat = File("ds-test.policy", "label ds\nipc ds2");
        string missing = File("ds-test2.policy", "label ds\nipc nobody");

        Assert.That(Compile(ds, ds2, "--overlay", repeat).Error, Does.Contain("M3P018"));
        Assert.That(Compile(ds, ds2, "--overlay", missing).Error, Does.Contain("M3P030").And.Contain("'nobody'"));
    }

    [Test]
    public void AnOverlayFlagWithoutAFileIsAUsageError()
    {
        string ds = File("Ds.policy", "kernel diagctl");
        Assert.That(Compile(ds, "--overlay").Status, Is.EqualTo(2));
    }
}
