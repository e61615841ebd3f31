using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// What a build needs from its host besides the SDK: the ILCompiler package
// of the host's own platform (whatever the target), and the host packages
// (src/Launcher/HostPackages.cs) installed or named per platform.
public class HostPlatformTests
{
    [Test]
    public void MissingDebianPackagesAreNamedOnceInListOrder()
    {
        var missing = HostPackages.MissingDebian(
            onPath: program => program != "ld.lld" && program != "fsck.fat",
            fileExists: file => !file.Contains("OVMF"),
            installed: package => package != "busybox-static");
        Assert.That(missing, Is.EqualTo(new[] { "lld", "ovmf", "dosfstools", "busybox-static" }));
    }

    [Test]
    public void NothingMissingOnAHostThatHasEverything()
    {
        Assert.That(HostPackages.MissingDebian(_ => true, _ => true, _ => true), Is.Empty);
    }

    [Test]
    public void TheBuildItselfNeedsOnlyTheLinker()
    {
        Assert.That(HostPackages.Debian.Where(r => r.Purpose == HostPackages.Purpose.Build).Select(r => r.Package),
            Is.EqualTo(new[] { "lld" }));
    }

    [Test]
    public void WindowsUsersGetTheWingetLinesForWhatIsMissing()
    {
        Assert.That(HostPackages.OtherInstructions(windows: true, found: p => p != "qemu-system-x86_64"),
            Is.EqualTo(new[] { "winget install --id SoftwareFreedomConservancy.QEMU --exact" }));
        Assert.That(HostPackages.OtherInstructions(windows: true, found: _ => false),
            Is.EqualTo(new[] { "winget install --id LLVM.LLVM --exact", "winget install --id SoftwareFreedomConservancy.QEMU --exact" }));
        Assert.That(HostPackages.OtherInstructions(windows: false, found: _ => false),
            Is.EqualTo(new[] { "brew install llvm", "brew install qemu" }));
    }

    [Test]
    public void ThisHostHasEverythingAfterTheBuild()
    {
        var error = new StringWriter();
        Assert.That(HostPackages.Ensure(checkOnly: true, TextWriter.Null, error), Is.Zero, error.ToString());
    }

    // Evaluated as if the SDK ran on Windows: restore must also fetch the
    // win-x64 ILCompiler (the host's ilc), and the build must run that one.
    [TestCase("win-x64", true)]
    [TestCase("osx-arm64", true)]
    [TestCase("linux-x64", false)]
    public void TheIlcIsTheHostsOwn(string hostRid, bool extraDownload)
    {
        string project = Path.Combine(AsmTestHelpers.RepoRoot(), "src", "Drivers", "Examples", "Hello", "Hello.csproj");
        string output = Msbuild(project, $"-p:NETCoreSdkPortableRuntimeIdentifier={hostRid}", "-getItem:PackageDownload", "-getProperty:Minix3IlcHostRid", "-getProperty:RuntimeIdentifier");
        Assert.That(output, Does.Contain($"\"Minix3IlcHostRid\": \"{hostRid}\""));
        Assert.That(output, Does.Contain("\"RuntimeIdentifier\": \"linux-x64\""), "the target stays bare-metal x86-64 ELF");
        Assert.That(output.Contains($"runtime.{hostRid}.Microsoft.DotNet.ILCompiler"), Is.EqualTo(extraDownload), output);
    }

    private static string Msbuild(string project, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("msbuild");
        info.ArgumentList.Add(project);
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, stdout + stderr.Result);
        return stdout;
    }
}
