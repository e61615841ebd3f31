extern alias protection;

using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Protection;

// Compiling an image's policies together: labels and targets are checked
// across components, and tables come out all or nothing.
public class ImageCompilationTests
{
    private static ImageCompilation Compile(params (string File, string Text)[] sources) =>
        PolicyCompiler.CompileImage(sources.Select(s => new PolicySource(s.File, s.Text)).ToList());

    private static readonly (string, string) Rs = ("src/Servers/Rs/Rs.policy", "system");
    private static readonly (string, string) Ds = ("src/Servers/Ds/Ds.policy", "system\nipc rs");

    [Test]
    public void CompilesAConsistentImage()
    {
        var result = Compile(("src/Servers/Rs/Rs.policy", "system\nipc ds hello"), Ds, ("src/Drivers/Hello/Hello.policy", "ipc ds rs\nmanager rs\nkernel diagctl"));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.Policies.Select(p => p.Label), Is.EqualTo(new[] { "rs", "ds", "hello" }));
        Assert.That(result.Policies.Select(p => p.SourceFile), Does.Contain("src/Drivers/Hello/Hello.policy"));
        Assert.That(result.Policies.All(p => p.Table.Length >= 16), Is.True);
    }

    [Test]
    public void AnIpcTargetOutsideTheImageIsAnError()
    {
        var result = Compile(Rs, Ds, ("src/Drivers/Hello/Hello.policy", "# hello\nipc ds tty"));
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Policies, Is.Empty, "nothing is compiled when anything is wrong");
        var d = result.Diagnostics.Single();
        Assert.That((d.File, d.Line, d.Code), Is.EqualTo(("src/Drivers/Hello/Hello.policy", 2, PolicyError.MissingTarget)));
        Assert.That(d.Message, Does.Contain("'tty'").And.Contain("ds, hello, rs"));
    }

    [Test]
    public void AWrittenManagerOutsideTheImageIsAnError()
    {
        var result = Compile(Rs, ("src/Drivers/Hello/Hello.policy", "label hello\n\nmanager pm"));
        var d = result.Diagnostics.Single();
        Assert.That((d.Line, d.Code), Is.EqualTo((3, PolicyError.MissingTarget)));
        Assert.That(d.Message, Does.StartWith("manager 'pm'"));
    }

    [Test]
    public void TheImplicitManagerNeedNotBeInTheImage()
    {
        var result = Compile(("src/Drivers/Hello/Hello.policy", "kernel diagctl"));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void TwoComponentsWithOneLabelIsAnError()
    {
        var result = Compile(Rs, ("src/Drivers/A/A.policy", "label same"), ("src/Drivers/B/B.policy", "# b\nlabel same"));
        var d = result.Diagnostics.Single();
        Assert.That((d.File, d.Line, d.Code), Is.EqualTo(("src/Drivers/B/B.policy", 2, PolicyError.DuplicateLabel)));
        Assert.That(d.Message, Does.Contain("src/Drivers/A/A.policy(1)"));
    }

    [Test]
    public void ADefaultedLabelCanCollideToo()
    {
        var result = Compile(("src/Drivers/Tty/Tty.policy", ""), ("src/Other/Tty/tty.policy", ""));
        Assert.That(result.Diagnostics.Select(d => (d.File, d.Line, d.Code)),
            Is.EqualTo(new[] { ("src/Other/Tty/tty.policy", 0, PolicyError.DuplicateLabel) }));
    }

    [Test]
    public void ReportsErrorsOfEveryFile()
    {
        var result = Compile(("a/A.policy", "irq 99"), ("b/B.policy", "ipc nobody"), ("c/C.policy", "bogus"));
        Assert.That(result.Diagnostics.Select(d => (d.File, d.Code)), Is.EquivalentTo(new[]
        {
            ("a/A.policy", PolicyError.IrqOutOfRange), ("b/B.policy", PolicyError.MissingTarget), ("c/C.policy", PolicyError.UnknownKeyword),
        }));
    }

    [Test]
    public void ReadsFilesAndReportsUnreadableOnes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "m3p-" + Path.GetRandomFileName());
        Directory.CreateDirectory(dir);
        try
        {
            string hello = Path.Combine(dir, "Hello.policy");
            File.WriteAllText(hello, "kernel diagctl\n");
            var ok = PolicyCompiler.CompileFiles(new[] { hello });
            Assert.That(ok.Policies.Single().Label, Is.EqualTo("hello"));

            string missing = Path.Combine(dir, "Missing.policy");
            var bad = PolicyCompiler.CompileFiles(new[] { hello, missing });
            var d = bad.Diagnostics.Single();
            Assert.That((d.File, d.Line, d.Code), Is.EqualTo((missing, 0, PolicyError.UnreadableFile)));
            Assert.That(bad.Policies, Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The example in src/Protection/README.md must stay a valid policy.
    [Test]
    public void TheReadmeExampleCompiles()
    {
        string readme = File.ReadAllText(Path.Combine(AsmTestHelpers.RepoRoot(), "src", "Protection", "README.md"));
        string example = Regex.Match(readme, "```policy\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.That(example, Does.Contain("system"));
        var result = Compile(("Hello.policy", example), ("Ds.policy", ""), ("Rs.policy", ""), ("Tty.policy", ""));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
    }

    // Every keyword the parser knows is documented in the README's table.
    [Test]
    public void TheReadmeDocumentsEveryKeywordAndCode()
    {
        string readme = File.ReadAllText(Path.Combine(AsmTestHelpers.RepoRoot(), "src", "Protection", "README.md"));
        foreach (string keyword in PolicyParser.KeywordNames)
            Assert.That(readme, Does.Contain($"| `{keyword}`"), keyword);
        foreach (var code in typeof(PolicyError).GetFields().Select(f => (string)f.GetValue(null)!))
            Assert.That(readme, Does.Contain($"| {code} |"), code);
        Assert.That(readme, Does.Contain(string.Join(" ", PolicyParser.KernelCallNames)));
    }
}
