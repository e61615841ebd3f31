using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The `dotnet new` templates (src/Templates) tried as a new user tries
// them (docs/writing-a-driver.md): install them, make a character driver,
// a block driver and a server, add one line each to the system image,
// build it with no other edit, boot it, and on the serial terminal see
// them in `service status` (still running after several heartbeat
// periods: they answer RS's pings), crash each with `service fi` and see
// RS bring it back. Everything made lives in a temporary folder inside the
// repository (the build kit comes from its Directory.Build.* files) and a
// temporary template hive (the user's own `dotnet new` is not touched);
// both are removed afterwards.
//
// The image is the system image (iso/Minix3.Cosmos.Image.csproj) with the
// three lines added, not a smaller one: `service` runs from the shell, so
// this is the user's path, and the test needs no client of its own.
[TestFixture]
public class TemplateTests
{
    // name given to `dotnet new`, and the label the template derives from it.
    private static readonly (string Template, string Name, string Label)[] Components =
    {
        ("minix3-chardriver", "TplChar", "tplchar"),
        ("minix3-blockdriver", "TplBlock", "tplblock"),
        ("minix3-ethdriver", "TplEth", "tpleth"),
        ("minix3-server", "TplServer", "tplserver"),
    };

    // The templates' heartbeat is 1 s with 3 misses: a component that does
    // not answer is killed within about 4 s. Waiting longer before `service
    // status` makes "running, 0 restarts" mean "answers its pings".
    private const int HeartbeatProofSeconds = 5;

    [Test]
    public void GeneratedComponentsBuildBootAnswerHeartbeatsAndComeBackFromACrash()
    {
        var stopwatch = Stopwatch.StartNew();
        string repo = GuestRun.Image.RepositoryRoot;
        // obj/ is ignored by git; inside the repository so the build kit applies.
        string work = Path.Combine(repo, "obj", $"template-test-{Guid.NewGuid():N}");
        string hive = Path.Combine(Path.GetTempPath(), $"minix3-template-hive-{Guid.NewGuid():N}");
        string com2 = HostConsole.NewSocketPath("com2");
        try
        {
            Directory.CreateDirectory(work);
            Dotnet(work, TimeSpan.FromMinutes(2), "new", "install", Path.Combine(repo, "src", "Templates"), "--debug:custom-hive", hive);
            var projects = new List<string>();
            foreach (var (template, name, _) in Components)
            {
                Dotnet(work, TimeSpan.FromMinutes(1), "new", template, "-n", name, "-o", Path.Combine(work, name), "--debug:custom-hive", hive);
                projects.Add(Path.Combine(work, name, name + ".csproj"));
                Assert.That(File.Exists(Path.Combine(work, name, name + ".policy")), $"{template} made {name}.policy");
            }

            string outDirectory = Path.Combine(work, "out");
            string imageProject = Path.Combine(work, "image", "TemplateImage.csproj");
            Directory.CreateDirectory(Path.GetDirectoryName(imageProject)!);
            File.WriteAllText(imageProject, SystemImageWith(repo, outDirectory, projects));
            // Restored on its own first, so that a restore problem is
            // reported as one (not as missing assets files in the build).
            // No node reuse: the nested build shares no MSBuild process
            // with the builds around it.
            Dotnet(work, TimeSpan.FromMinutes(2), "restore", imageProject, "-nologo", "-v:m", "-nodeReuse:false");
            Dotnet(work, TimeSpan.FromMinutes(4), "build", imageProject, "--no-restore", "-nologo", "-v:m", "-nodeReuse:false");
            TestContext.Out.WriteLine($"templates made and built into an image: {stopwatch.Elapsed.TotalSeconds:0} s");

            string disk = Path.Combine(work, "root.img");
            File.Copy(Path.Combine(outDirectory, "root.img"), disk);
            string crashAll = string.Join("; ", Array.ConvertAll(Components, c => $"service fi {c.Label} crash"));
            string[] commands =
            {
                $"sleep {HeartbeatProofSeconds}; service status",
                $"{crashAll}; sleep {HeartbeatProofSeconds}; service status",
            };
            var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(com2, commands, DateTime.UtcNow.AddSeconds(90)));
            BootResult run = GuestRun.Qemu("", image: new ImageLayout(repo, outDirectory), timeoutSeconds: 100, disk: disk, com2Socket: com2);
            List<string> answers = talk.Result;
            TestContext.Out.WriteLine($"booted and checked: {stopwatch.Elapsed.TotalSeconds:0} s");

            Assert.That(answers, Has.Count.EqualTo(commands.Length), "every command answered:\n" + string.Join("", answers));
            foreach (var (template, _, label) in Components)
            {
                GuestRun.Line(run, $@"^\[{label}\] {label}: fresh start");
                Assert.That(answers[0], Does.Match($@"(?m)^{label}\s+\d+\s+running\s+0\s+-\s+-$"),
                    $"{template}: supervised by RS and still running after {HeartbeatProofSeconds} s of 1 s heartbeats");
                GuestRun.Line(run, $@"^\[{label}\] panicked: fault injected: crash$");
                GuestRun.Line(run, $@"^\[rs\] rs: restarted {label} \(reason panic, repetition 1\), endpoint \d+$");
                GuestRun.Line(run, $@"^\[{label}\] {label}: restarted");
                Assert.That(answers[1], Does.Match($@"(?m)^{label}\s+\d+\s+running\s+1\s+panic\s+\d+\.\d{{3}}s$"),
                    $"{template}: restarted once, and its successor answers heartbeats too");
                Assert.That(run.SerialLog, Does.Not.Contain($"rs: {label} missed"), $"{template} answers RS's pings");
            }
            Assert.That(run.ExitCode, Is.EqualTo(0));
            TestContext.Out.WriteLine($"total: {stopwatch.Elapsed.TotalSeconds:0} s");
        }
        finally
        {
            File.Delete(com2);
            if (Directory.Exists(work))
                Directory.Delete(work, true);
            if (Directory.Exists(hive))
                Directory.Delete(hive, true);
        }
    }

    // The system image project with one <Minix3Component> line per new
    // component, as docs/writing-a-driver.md tells the user to add it, but
    // written elsewhere: its relative paths made absolute, its outputs sent
    // to `outDirectory` (never over iso/out), and the images only other
    // machines need (USB, VMware, Bochs) left out to save time.
    private static string SystemImageWith(string repo, string outDirectory, IEnumerable<string> projects)
    {
        string isoDirectory = Path.Combine(repo, "iso") + "/";
        string text = File.ReadAllText(Path.Combine(isoDirectory, "Minix3.Cosmos.Image.csproj"));
        text = Regex.Replace(text, @"^\s*<Minix3(UsbImage|VmwareMachine|Bochsrc)>.*$\n", "", RegexOptions.Multiline);
        text = text.Replace("$(MSBuildThisFileDirectory)out/", outDirectory + "/");
        text = text.Replace("$(MSBuildThisFileDirectory)", isoDirectory);
        text = Regex.Replace(text, "Include=\"([^\"]+)\"", include => "Include=\"" + string.Join(";",
            Array.ConvertAll(include.Groups[1].Value.Split(';'), path => path.Contains('/') && !Path.IsPathRooted(path)
                ? Path.GetFullPath(Path.Combine(isoDirectory, path)) : path)) + "\"");
        const string kind = "<Minix3Kind>Image</Minix3Kind>";
        Assert.That(text, Does.Contain(kind), "the system image project's shape changed: update TemplateTests");
        text = text.Replace(kind, $"{kind}\n    <Minix3ImageOut>{outDirectory}/</Minix3ImageOut>");
        var lines = new List<string>();
        foreach (string project in projects)
            lines.Add($"    <Minix3Component Include=\"{project}\" />");
        int end = text.LastIndexOf("</Project>", StringComparison.Ordinal);
        return text[..end] + "  <ItemGroup>\n" + string.Join("\n", lines) + "\n  </ItemGroup>\n" + text[end..];
    }

    private static void Dotnet(string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s:\n{output.Result}{error.Result}");
        }
        string text = output.Result + error.Result;
        TestContext.Out.WriteLine($"dotnet {string.Join(' ', arguments)}:\n{text}");
        Assert.That(process.ExitCode, Is.EqualTo(0), $"dotnet {string.Join(' ', arguments)} failed:\n{text}");
    }
}
