using System;
using System.IO;

namespace Minix3.Cosmos.Boot;

// What a boot test that talks to a running system keeps on the host: a
// private directory holding a copy of the system image's root disk (the
// guest writes to it) and the serial log, and paths for the COM2 and
// monitor sockets. Dispose removes all of it.
internal sealed class GuestScratch : IDisposable
{
    public GuestScratch(string name)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"minix3-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Disk = Path.Combine(Directory, "root.img");
        File.Copy(GuestRun.Image.RootDisk, Disk);
        Log = Path.Combine(Directory, "serial.log");
    }

    public string Directory { get; }
    public string Disk { get; }
    public string Log { get; }
    public string Com2 { get; } = HostConsole.NewSocketPath("com2");
    public string Monitor { get; } = HostConsole.NewSocketPath("mon");

    // Puts a test program (a Command project under test/Components, which
    // test/Boot's build builds) into the disk's /bin, so the kit's image
    // ships no test programs. The newer of its Debug and Release builds.
    public void Install(string project, string name)
    {
        string bin = Path.Combine(GuestRun.Image.RepositoryRoot, "test", "Components", project, "bin");
        string? newest = null;
        foreach (string configuration in new[] { "Debug", "Release" })
        {
            string candidate = Path.Combine(bin, configuration, "net10.0", name + ".elf");
            if (File.Exists(candidate) && (newest == null || File.GetLastWriteTimeUtc(candidate) > File.GetLastWriteTimeUtc(newest)))
                newest = candidate;
        }
        if (newest == null)
            throw new InvalidOperationException($"{name}.elf is not built: test/Boot must reference test/Components/{project}");
        Minix3.Cosmos.Testing.HostTool.MustRun("mcopy", "mtools", "-i", Disk, newest, "::/bin/" + name);
    }

    public void Dispose()
    {
        File.Delete(Com2);
        File.Delete(Monitor);
        System.IO.Directory.Delete(Directory, true);
    }
}
