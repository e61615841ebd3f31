using System;
using System.IO;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Build;

// The verbs that turn the built image into images for other machines
// (src/Build/Minix3.Cosmos.Image.targets runs them):
//   usb-boot <disk.img> <boot.img> <core.img>  GRUB into a FAT32 disk image (FatBootInstaller)
//   vmware <machine.vmx> <disk.vmdk> <cd.iso>   the VMware machine (VmwareMachine)
//   bochsrc <bochsrc> <cd.iso> <disk.img>       a Bochs configuration, the launcher's own
// Exit codes as Program's: 1 for a bad input (the error names it), 2 for usage.
public static class ImageVerbs
{
    public const string Usage =
        "Minix3.Cosmos.BuildTool usb-boot <disk.img> <boot.img> <core.img>\n" +
        "       Minix3.Cosmos.BuildTool vmware <machine.vmx> <disk.vmdk> <cd.iso>\n" +
        "       Minix3.Cosmos.BuildTool bochsrc <bochsrc> <cd.iso> <disk.img>";

    // Where a VMware guest's COM2 goes: a named pipe (a unix socket on a
    // Linux host) VMware listens on; `socat - UNIX-CONNECT:` it for a shell.
    public const string VmwareTerminalPipe = "/tmp/minix3-cosmos-com2";

    // The kit's ISO carries the live root (40 MiB, and FS's copy of it when
    // no disk holds the root): Bochs gets the room for it.
    public const int LiveMemoryMiB = 384;

    public static bool Matches(string[] args) =>
        args.Length == 4 && (args[0] == "usb-boot" || args[0] == "vmware" || args[0] == "bochsrc");

    public static int Run(string[] args, TextWriter error)
    {
        switch (args[0])
        {
            case "usb-boot":
                using (var disk = new FileStream(args[1], FileMode.Open, FileAccess.ReadWrite))
                    FatBootInstaller.Install(disk, File.ReadAllBytes(args[2]), File.ReadAllBytes(args[3]), args[1]);
                return 0;
            case "vmware":
                string directory = Path.GetDirectoryName(Path.GetFullPath(args[1]))!;
                var machine = new VmwareMachine("Minix3.Cosmos",
                    Path.GetRelativePath(directory, Path.GetFullPath(args[2])),
                    Path.GetRelativePath(directory, Path.GetFullPath(args[3])),
                    Path.GetFileNameWithoutExtension(args[1]) + "-com1.log",
                    VmwareTerminalPipe,
                    // Room for the live root (the ISO's rootfs module and
                    // FS's copy of it) when the machine runs without its disk.
                    MemoryMiB: 512);
                try
                {
                    File.WriteAllText(args[1], machine.Format());
                }
                catch (ArgumentException e)
                {
                    throw new BuildToolException(args[1], e.Message);
                }
                return 0;
            default:
                WriteBochsConfiguration(args[1], args[2], args[3]);
                return 0;
        }
    }

    // Absolute paths, so `bochs -q -f iso/out/bochsrc -rc iso/out/bochs.commands`
    // works from any folder; the debugger command file sits beside it.
    private static void WriteBochsConfiguration(string path, string iso, string disk)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        string commands = Path.Combine(directory, "bochs.commands");
        string serialLog = Path.Combine(directory, "bochs-com1.log");
        string diskLine;
        try
        {
            diskLine = Bochs.DiskLine(Path.GetFullPath(disk), new FileInfo(disk).Length);
        }
        catch (LauncherException e)
        {
            throw new BuildToolException(disk, e.Message);
        }
        string origin = $"Made by the build. Run: bochs -q -f {full} -rc {commands}\n" +
            $"# The screen is on VNC (localhost:5900); the kernel log (COM1) goes to {serialLog}.";
        // The e1000 on restricted slirp, configured by a file beside this one.
        string slirp = Path.Combine(directory, "bochs-slirp.conf");
        File.WriteAllText(slirp, Bochs.SlirpConfiguration);
        File.WriteAllText(full, Bochs.Configuration(Path.GetFullPath(iso), serialLog, LiveMemoryMiB, diskLine, origin, Bochs.NicLine(slirp)) + "\n");
        File.WriteAllText(commands, Bochs.DebuggerCommands);
    }
}
