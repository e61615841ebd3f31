using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Minix3.Cosmos.Bench;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The bench's Linux peer (bench/LinuxPeer.cs): Debian's kernel and a
// busybox initramfs in the same QEMU under -icount reach the prompt, mount
// the disk image, and read a file on it with the host's checksum.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class LinuxPeerTests
{
    [Test]
    public void ThePeerBootsToItsPromptAndReadsTheFileTheHostWrote()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-linuxpeer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            byte[] data = TestBytes.Random(4 << 20, seed: 0x11e7);
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), 40);
            disk.Put("/peer.bin", data);
            var run = LinuxPeer.Run(disk.Path, "ro", new[]
            {
                new LinuxPeerStep("read", "dd if=/mnt/peer.bin of=/dev/null bs=64k"),
                new LinuxPeerStep("checksum", "md5sum /mnt/peer.bin", ColdCache: false),
            });
            Assert.That(run.Step("checksum").Output, Does.StartWith(Convert.ToHexStringLower(MD5.HashData(data)) + " "), run.SerialLog);
            Assert.That(run.Step("read").Output, Does.Contain("64+0 records in"), "dd read the whole 4 MiB");
            // Guest time is the time stamp counter from power-on; the steps
            // come after the prompt, in the kernel's clock.
            Assert.That(run.PromptTsc, Is.GreaterThan(0));
            Assert.That(run.Step("read").Ns, Is.GreaterThan(0).And.LessThan(run.Step("checksum").Ns), "reading 4 MiB costs less than reading and hashing them");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The program is x86-64 Linux's, like the host this suite runs on.
    [Test]
    [SupportedOSPlatform("linux")]
    public void TheTimeStampCounterProgramRunsOnTheHostToo()
    {
        string program = Path.Combine(Path.GetTempPath(), $"minix3-tsc-{Guid.NewGuid():N}");
        File.WriteAllBytes(program, LinuxPeerImage.TscProgram());
        try
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            ulong Read()
            {
                using var process = Process.Start(new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false })!;
                using var bytes = new MemoryStream();
                process.StandardOutput.BaseStream.CopyTo(bytes);
                process.WaitForExit();
                Assert.That(process.ExitCode, Is.Zero);
                Assert.That(bytes.Length, Is.EqualTo(8), "8 raw bytes of the counter");
                return BitConverter.ToUInt64(bytes.ToArray());
            }
            ulong first = Read();
            Assert.That(Read(), Is.GreaterThan(first), "the counter moves on");
        }
        finally
        {
            File.Delete(program);
        }
    }

    [Test]
    public void ModulesLoadAfterTheirDependencies()
    {
        var order = LinuxPeerImage.Locate().ModuleLoadOrder();
        int Index(string name) => order.FindIndex(m => LinuxPeerImage.ModuleName(m) == name);
        Assert.That(Index("vfat"), Is.GreaterThan(Index("fat")).And.GreaterThan(-1));
        Assert.That(Index("ata_piix"), Is.GreaterThan(Index("libata")).And.GreaterThan(-1));
        Assert.That(Index("libata"), Is.GreaterThan(Index("scsi_mod")).And.GreaterThan(-1));
        Assert.That(order, Is.Unique);
    }

    [Test]
    public void KernelVersionsCompareAsNumbers()
    {
        Assert.That(LinuxPeerImage.CompareVersions("6.10.0-1-amd64", "6.9.0-3-amd64"), Is.Positive);
        Assert.That(LinuxPeerImage.CompareVersions("6.1.0-57-amd64", "6.1.0-9-amd64"), Is.Positive);
        Assert.That(LinuxPeerImage.CompareVersions("6.1.0-9-amd64", "6.1.0-9-amd64"), Is.Zero);
    }

    [Test]
    public void AMissingDiskImageIsAClearError() =>
        Assert.That(() => LinuxPeer.Run("/nonexistent/disk.img", "ro", Array.Empty<LinuxPeerStep>()),
            Throws.ArgumentException.With.Message.Contains("no disk image at /nonexistent/disk.img"));
}
