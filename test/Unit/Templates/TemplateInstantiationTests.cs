extern alias protection;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Templates;

// What `dotnet new` makes from src/Templates, checked without building or
// booting it (test/Boot/TemplateTests does both): every placeholder is
// replaced, the label derived from the name is the AssemblyName and the
// policy's label, and the policy is valid, names a heartbeat and a
// restart limit, and compiles in an image with rs and ds. The templates
// go into a temporary hive, never the user's own.
[TestFixture]
public class TemplateInstantiationTests
{
    private static readonly string[] Templates = { "minix3-chardriver", "minix3-blockdriver", "minix3-ethdriver", "minix3-server" };
    private static readonly string[] Placeholders = { "Minix3Template", "templatelabel", "TemplateNamespace" };

    private string _work = "";
    private string _hive = "";

    [OneTimeSetUp]
    public void InstallTemplates()
    {
        _work = Path.Combine(Path.GetTempPath(), $"minix3-templates-{Guid.NewGuid():N}");
        _hive = Path.Combine(_work, "hive");
        Directory.CreateDirectory(_work);
        Dotnet("new", "install", Path.Combine(RepositoryRoot(), "src", "Templates"), "--debug:custom-hive", _hive);
    }

    [OneTimeTearDown]
    public void RemoveEverything()
    {
        if (Directory.Exists(_work))
            Directory.Delete(_work, true);
    }

    [TestCaseSource(nameof(Templates))]
    public void MakesAComponentWhoseLabelIsTheNameInLowerCase(string template)
    {
        string folder = Make(template, "SonarX2");
        string[] files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.That(files.Select(Path.GetFileName), Does.Contain("SonarX2.csproj").And.Contain("SonarX2.policy"));
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            foreach (string placeholder in Placeholders)
                Assert.That(text, Does.Not.Contain(placeholder), $"{Path.GetFileName(file)} still says {placeholder}");
        }

        string project = File.ReadAllText(Path.Combine(folder, "SonarX2.csproj"));
        Assert.That(Regex.Match(project, "<AssemblyName>(.*)</AssemblyName>").Groups[1].Value, Is.EqualTo("sonarx2"));
        Assert.That(project, Does.Match("<Minix3Kind>(Driver|Server)</Minix3Kind>"));

        var diagnostics = new List<Diagnostic>();
        string policyFile = Path.Combine(folder, "SonarX2.policy");
        Policy policy = PolicyCompiler.Check(new PolicySource(policyFile, File.ReadAllText(policyFile)), diagnostics);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        Assert.That(policy.EffectiveLabel, Is.EqualTo("sonarx2"));
        Assert.That(policy.Heartbeat, Is.Not.Null, "RS pings it");
        Assert.That(policy.Restart, Is.Not.Null, "a restart limit");
        Assert.That(policy.EffectiveManager, Is.EqualTo("rs"));

        // In an image: its ipc targets exist there (rs and ds are in every image).
        var image = PolicyCompiler.CompileImage(new List<PolicySource>
        {
            new("src/Servers/Rs/Rs.policy", "system\npriority 2"),
            new("src/Servers/Ds/Ds.policy", "system\nheartbeat period=2s misses=1"),
            new(policyFile, File.ReadAllText(policyFile)),
        });
        Assert.That(image.Succeeded, Is.True, string.Join("\n", image.Diagnostics));
    }

    [Test]
    public void DropsFromTheLabelWhatALabelMayNotHoldAndTakesANamespace()
    {
        string folder = Make("minix3-chardriver", "Net_Card9", "--namespace", "Minix3.Cosmos.Drivers.Char.NetCard");
        string project = File.ReadAllText(Path.Combine(folder, "Net_Card9.csproj"));
        Assert.That(project, Does.Contain("<AssemblyName>net_card9</AssemblyName>"));
        Assert.That(project, Does.Contain("<RootNamespace>Minix3.Cosmos.Drivers.Char.NetCard</RootNamespace>"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "Net_Card9Driver.cs")), Does.Contain("namespace Minix3.Cosmos.Drivers.Char.NetCard\n"));

        string server = Make("minix3-server", "Quota");
        Assert.That(File.ReadAllText(Path.Combine(server, "QuotaServer.cs")), Does.Contain("namespace Minix3.Cosmos.Servers.Quota\n"),
            "the default namespace of a server");
    }

    private string Make(string template, string name, params string[] options)
    {
        string folder = Path.Combine(_work, $"{template}-{name}");
        Dotnet(new[] { "new", template, "-n", name, "-o", folder, "--debug:custom-hive", _hive }.Concat(options).ToArray());
        return folder;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Minix3.Cosmos.sln")))
            directory = directory.Parent;
        Assert.That(directory, Is.Not.Null, "the repository above " + TestContext.CurrentContext.TestDirectory);
        return directory!.FullName;
    }

    private static void Dotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within 60 s");
        }
        Assert.That(process.ExitCode, Is.EqualTo(0), $"dotnet {string.Join(' ', arguments)} failed:\n{output}{error.Result}");
    }
}
