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

    private static readonly (string, string) Rs = ("src/Servers/Rs/Rs.policy", "system\npriority 2");
    private static readonly (string, string) Ds = ("src/Servers/Ds/Ds.policy", "system\nipc rs\nheartbeat period=2s misses=1");

    [Test]
    public void CompilesAConsistentImage()
    {
        var result = Compile(("src/Servers/Rs/Rs.policy", "system\npriority 2\nipc ds hello"), Ds,
            ("src/Drivers/Hello/Hello.policy", "ipc ds rs\nmanager rs\nkernel diagctl\nheartbeat period=1s misses=1\nsystem"));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.Policies.Select(p => p.Label), Is.EqualTo(new[] { "rs", "ds", "hello" }));
        Assert.That(result.Policies.Select(p => p.SourceFile), Does.Contain("src/Drivers/Hello/Hello.policy"));
        Assert.That(result.Policies.All(p => p.Table.Length >= 16), Is.True);
    }

    [Test]
    public void AnIpcTargetOutsideTheImageIsAnError()
    {
        var result = Compile(Rs, Ds, ("src/Drivers/Hello/Hello.policy", "# hello\nipc ds tty\nheartbeat period=1s\nsystem"));
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
        var result = Compile(Rs, ("src/Drivers/A/A.policy", "label same\nheartbeat period=1s\nsystem"), ("src/Drivers/B/B.policy", "# b\nlabel same\nheartbeat period=1s\nsystem"));
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

    // Item 4 of issue 12: silence is a choice. A component RS supervises
    // says how RS pings it, or why RS must not; one PM manages needs
    // neither, nor does anything in an image without RS.
    [Test]
    public void AComponentRsSupervisesMustSayWhetherRsPingsIt()
    {
        var result = Compile(Rs, Ds, ("src/Drivers/Beep/Beep.policy", "kernel diagctl\nsystem"), ("src/Drivers/Buzz/Buzz.policy", "kernel exit\nmanager rs\nsystem"));
        Assert.That(result.Diagnostics.Select(d => (d.File, d.Line, d.Code)), Is.EqualTo(new[]
        {
            ("src/Drivers/Beep/Beep.policy", 0, PolicyError.HeartbeatUnstated),
            ("src/Drivers/Buzz/Buzz.policy", 2, PolicyError.HeartbeatUnstated),
        }));
        Assert.That(result.Diagnostics[0].Message, Does.Contain("'beep'").And.Contain("heartbeat period=").And.Contain("heartbeat none reason="));

        Assert.That(Compile(Rs, Ds, ("src/Drivers/Beep/Beep.policy", "heartbeat none reason=\"polled by its only client\"\nsystem")).Succeeded, Is.True);
        Assert.That(Compile(Rs, Ds, ("src/Servers/Pm/Pm.policy", "priority 10\nheartbeat period=90s misses=1\nsystem"),
            ("src/Servers/Init/Init.policy", "priority 12\nmanager pm")).Succeeded, Is.True, "PM's components: RS does not ping them");
        Assert.That(Compile(("src/Drivers/Beep/Beep.policy", "kernel diagctl")).Succeeded, Is.True, "no RS in the image");
    }

    // Servers judge a component's requests by its policy and a user
    // program's by its uid; `system` says which a process is, so whatever
    // RS supervises must say it.
    [Test]
    public void AComponentRsSupervisesMustSaySystem()
    {
        var result = Compile(Rs, Ds, ("src/Drivers/Beep/Beep.policy", "heartbeat period=1s"), ("src/Drivers/Buzz/Buzz.policy", "heartbeat period=1s\nmanager rs"));
        Assert.That(result.Diagnostics.Select(d => (d.File, d.Line, d.Code)), Is.EqualTo(new[]
        {
            ("src/Drivers/Beep/Beep.policy", 0, PolicyError.SystemUnstated),
            ("src/Drivers/Buzz/Buzz.policy", 2, PolicyError.SystemUnstated),
        }));
        Assert.That(Compile(Rs, Ds, ("src/Servers/Pm/Pm.policy", "priority 10\nheartbeat period=90s misses=1\nsystem"),
            ("src/Servers/Init/Init.policy", "priority 12\nmanager pm")).Succeeded, Is.True, "init is PM's: a program, not a component");
    }

    // Item 5 of issue 12: a component that loops must not keep its manager
    // (the one that pings, kills and restarts it) off the CPU, so it may not
    // sit at or above the manager's priority. RS runs at 2 in the tree, so
    // 3 is the highest a component RS supervises may have.
    [TestCase("priority 2", 1, false)]
    [TestCase("priority 0", 1, false)]
    [TestCase("# beep\npriority 1", 2, false)]
    [TestCase("priority 3", 0, true)]
    [TestCase("priority 15", 0, true)]
    public void AComponentMustBeBelowItsManagersPriority(string priority, int line, bool accepted)
    {
        var result = Compile(Rs, Ds, ("src/Drivers/Beep/Beep.policy", priority + "\nheartbeat period=1s\nsystem"));
        if (accepted)
        {
            Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
            return;
        }
        var d = result.Diagnostics.Single();
        Assert.That((d.File, d.Line, d.Code), Is.EqualTo(("src/Drivers/Beep/Beep.policy", line, PolicyError.PriorityNotBelowManager)));
        Assert.That(d.Message, Does.Contain("manager rs's (2"));
    }

    [Test]
    public void ADefaultedPriorityIsComparedToo()
    {
        var result = Compile(("src/Servers/Rs/Rs.policy", "system"), ("src/Drivers/Beep/Beep.policy", "heartbeat period=1s\n\nmanager rs\nsystem"),
            ("src/Servers/Mon/Mon.policy", "priority 3\nheartbeat none reason=\"a monitor\"\nsystem"), ("src/Drivers/Buzz/Buzz.policy", "manager mon\npriority 3"));
        Assert.That(result.Diagnostics.Select(d => (d.File, d.Line, d.Code)), Is.EquivalentTo(new[]
        {
            ("src/Drivers/Beep/Beep.policy", 3, PolicyError.PriorityNotBelowManager),   // 15 and rs's default 15: the manager line
            ("src/Servers/Mon/Mon.policy", 1, PolicyError.PriorityNotBelowManager),     // 3 is above rs's 15
            ("src/Drivers/Buzz/Buzz.policy", 2, PolicyError.PriorityNotBelowManager),   // equal to its manager's
        }));
        Assert.That(result.Diagnostics.First(d => d.File.EndsWith("Beep.policy")).Message, Does.StartWith("the default priority, 15,"));
    }

    // The tree's own image: every shipped server and driver states its
    // heartbeat and sits below RS.
    [Test]
    public void TheSystemImagesPoliciesCompileAndRsIsAboveEveryoneItSupervises()
    {
        string root = AsmTestHelpers.RepoRoot();
        string[] files = Directory.GetFiles(Path.Combine(root, "src"), "*.policy", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Templates{Path.DirectorySeparatorChar}") && !f.EndsWith("User.policy")).ToArray();
        string[] overlays = Directory.GetFiles(Path.Combine(root, "iso", "Overlays"), "*.policy");
        var result = PolicyCompiler.CompileFiles(files, overlays);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        var policies = files.Select(f => PolicyParser.ParseFile(f, new())).ToList();
        foreach (var policy in policies.Where(p => p.EffectiveManager == "rs"))
            Assert.That(policy.Heartbeat?.Value.IsNone, Is.False, $"{policy.EffectiveLabel}: every server and driver RS supervises is pinged");
    }

    // The example in src/Protection/README.md must stay a valid policy.
    [Test]
    public void TheReadmeExampleCompiles()
    {
        string readme = File.ReadAllText(Path.Combine(AsmTestHelpers.RepoRoot(), "src", "Protection", "README.md"));
        string example = Regex.Match(readme, "```policy\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.That(example, Does.Contain("system"));
        const string Pinged = "heartbeat period=1s misses=1\nsystem";
        var result = Compile(("Hello.policy", example), ("Ds.policy", Pinged), ("Rs.policy", "priority 2"), ("Tty.policy", Pinged));
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
