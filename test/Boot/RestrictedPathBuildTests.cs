using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Issue 19: the image pipeline is .NET plus the linker. The whole image
// stage of the system image (policies, /boot, the root disk, the ISO, the
// USB image, the vmdk, the vmx, the bochsrc) runs with a PATH that holds
// only dotnet, the linkers (ld.lld, lld-link) and QEMU, into a folder of
// its own (Minix3ImageOut), and the ISO it wrote boots. Plus sh: MSBuild's
// own Exec task runs every command through `sh` on Unix (cmd.exe on
// Windows); no step of the kit's runs a shell command of its own.
[TestFixture]
public class RestrictedPathBuildTests
{
    [Test]
    public void TheImageBuildsWithOnlyDotnetTheLinkerAndQemuOnPathAndItsIsoBoots()
    {
        string work = Directory.CreateTempSubdirectory("minix3-path-").FullName;
        try
        {
            string bin = Path.Combine(work, "bin");
            Directory.CreateDirectory(bin);
            foreach ((string program, string package) in new[] { ("dotnet", "dotnet"), ("sh", "dash"), ("ld.lld", "lld"), ("lld-link", "lld"), (Qemu.Program, "qemu-system-x86") })
                File.CreateSymbolicLink(Path.Combine(bin, program), new FileInfo(HostTool.Find(program, package)).ResolveLinkTarget(true)?.FullName ?? HostTool.Find(program, package));
            string output = Path.Combine(work, "out") + Path.DirectorySeparatorChar;

            var start = new ProcessStartInfo(Path.Combine(bin, "dotnet")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { "build", Path.Combine(GuestRun.Image.RepositoryRoot, "iso", "Minix3.Cosmos.Image.csproj"), "-nologo", "-nodeReuse:false" })
                start.ArgumentList.Add(argument);
            start.Environment["PATH"] = bin;
            start.Environment["Minix3ImageOut"] = output;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using (Process build = Process.Start(start)!)
            {
                Task<string> errors = build.StandardError.ReadToEndAsync();
                string log = build.StandardOutput.ReadToEnd();
                build.WaitForExit();
                TestContext.Out.WriteLine(log);
                Assert.That(build.ExitCode, Is.Zero, "the build with PATH=" + bin + " failed:\n" + log + errors.Result);
                Assert.That(log, Does.Contain("[iso]").And.Contain("[usb]").And.Contain("[root disk]").And.Contain("[vmware]").And.Contain("[bochsrc]"),
                    "every image stage ran (into the new folder)");
            }
            foreach (string file in new[] { "image/boot/kernel.elf", "root.img", "minix3.iso", "minix3-usb.img", "minix3.vmdk", "minix3.vmx", "bochsrc" })
                Assert.That(File.Exists(Path.Combine(output, file)), Is.True, file);

            // The ISO it made, as a CD, with the root disk it made.
            string serialLog = Path.Combine(work, "serial.log");
            var options = new BootOptions { Headless = true, BootIso = true, DiskImage = Path.Combine(output, "root.img"), MemoryMiB = 384 };
            var arguments = Qemu.Arguments(GuestRun.Image, options, serialLog, "", Path.Combine(output, "minix3.iso"));
            string boot = ImageFormatsTests.RunUntil(HostTool.Find(Qemu.Program, "qemu-system-x86"), arguments.ToArray(), serialLog,
                @"^\[fs\] fs: mounted FAT32", TimeSpan.FromSeconds(120));
            Assert.That(boot, Does.Contain("boot: Multiboot1 from Minix3.Cosmos loader (BIOS)"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
