using System;
using System.IO;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Live mode (issue 19): no disk holds the root file system (here: no disk
// at all, as on a PC booted from a USB stick), but the loader handed the
// root image over as the boot module "rootfs": FS mounts it in RAM, the
// boot log and `service status` say so, programs run from it, and what is
// written stays until power-off.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class LiveModeTests
{
    [Test]
    public void WithNoDiskTheRootComesFromTheRootfsModule()
    {
        using var scratch = new GuestScratch("live");
        string rootfs = Path.Combine(scratch.Directory, "rootfs");
        File.Move(scratch.Disk, rootfs);

        Task<string> talk = Task.Run(() => Talk(scratch.Com2, DateTime.UtcNow.AddSeconds(110)));
        BootResult run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 120, com2Socket: scratch.Com2,
            modules: new[] { rootfs }, memoryMiB: 384);
        string transcript = talk.Result;
        Assert.That(run.SerialLog, Does.Contain("fs: live mode: mounted FAT32 from the boot module rootfs in RAM"));
        Assert.That(run.SerialLog, Does.Not.Contain("panic"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);
    }

    private static string Talk(string socket, DateTime deadline)
    {
        using SerialShell sh = SerialShell.Open(socket, deadline);
        Assert.That(sh.Run("ls /bin"), Does.Contain("\nls\n").And.Contain("\nsh\n"), "programs on the live root");
        Assert.That(sh.Run("service status"), Does.Contain("root: LIVE: the boot image's rootfs in RAM; changes last until power-off"));
        Assert.That(sh.Run("echo kept in RAM > /live.txt; cat /live.txt"), Does.Contain("\nkept in RAM\n"), "the live root takes writes");
        sh.Shutdown();
        return sh.Transcript;
    }
}
