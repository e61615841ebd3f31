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

    public void Dispose()
    {
        File.Delete(Com2);
        File.Delete(Monitor);
        System.IO.Directory.Delete(Directory, true);
    }
}
