using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Launcher;

// The host programs the kit uses besides the .NET SDK, and how a host gets
// them. The build runs Ensure once (the corelib project, through the build
// tool's host-packages verb), and the launcher when a program it needs is
// missing:
//   - Debian/Ubuntu: missing packages are installed with apt-get as root;
//     as any other user the exact command is printed and the step fails.
//   - Windows: the exact winget lines for LLVM (ld.lld) and QEMU are
//     printed, and the step fails until they are installed.
//   - macOS: the same with Homebrew.
// What the build itself needs is only the linker; the rest runs images
// (QEMU, Bochs, OVMF, gdb) or checks them in the tests and the bench
// (host tools read back what the kit's own writers made).
public static class HostPackages
{
    public enum Purpose { Build, Run, Test }

    // One requirement: a Debian package, and how to tell it is there (a
    // program on PATH, a file, or dpkg's own status for packages whose files
    // carry versions in their names or whose programs other packages share).
    public sealed record Requirement(string Package, Purpose Purpose, string? Program = null, string? File = null)
    {
        public bool ByStatus => Program == null && File == null;
    }

    public static readonly IReadOnlyList<Requirement> Debian = new Requirement[]
    {
        new("lld", Purpose.Build, Program: "ld.lld"),
        new("qemu-system-x86", Purpose.Run, Program: "qemu-system-x86_64"),
        new("ovmf", Purpose.Run, File: "/usr/share/OVMF/OVMF_CODE.fd"),
        new("bochs", Purpose.Run, Program: "bochs"),
        new("bochsbios", Purpose.Run, File: "/usr/share/bochs/BIOS-bochs-latest"),
        new("vgabios", Purpose.Run, File: "/usr/share/vgabios/vgabios.bin"),
        new("gdb", Purpose.Run, Program: "gdb"),
        // GRUB: the optional boot path, and the bench's comparison with it.
        new("grub-common", Purpose.Run, Program: "grub-mkrescue"),
        new("grub-pc-bin", Purpose.Run, File: "/usr/lib/grub/i386-pc/multiboot.mod"),
        new("xorriso", Purpose.Test, Program: "xorriso"),
        new("genisoimage", Purpose.Test, Program: "isoinfo"),
        new("mtools", Purpose.Test, Program: "mdir"),
        new("dosfstools", Purpose.Test, Program: "fsck.fat"),
        new("qemu-utils", Purpose.Test, Program: "qemu-img"),
        new("fdisk", Purpose.Test, Program: "sfdisk"),
        // The bench's Linux peer (bench/LinuxPeer.cs).
        new("linux-image-amd64", Purpose.Test),
        new("busybox-static", Purpose.Test),
    };

    // Where the programs are on Windows and macOS, by what their installers
    // name them; checked by program name on PATH and in the default folders.
    public static readonly IReadOnlyList<(string Program, string Winget, string Brew, string Folder)> Other = new[]
    {
        ("ld.lld", "winget install --id LLVM.LLVM --exact", "brew install llvm", @"C:\Program Files\LLVM\bin"),
        ("qemu-system-x86_64", "winget install --id SoftwareFreedomConservancy.QEMU --exact", "brew install qemu", @"C:\Program Files\qemu"),
    };

    // dosfstools and some others install to the sbin folders, which a
    // non-root user's PATH often lacks.
    private static readonly string[] ExtraDirectories = { "/usr/sbin", "/sbin" };

    public static bool OnPath(string program)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] suffixes = OperatingSystem.IsWindows() ? new[] { ".exe", "" } : new[] { "" };
        return path.Split(Path.PathSeparator).Concat(ExtraDirectories)
            .Where(d => d.Length > 0)
            .Any(d => suffixes.Any(s => System.IO.File.Exists(Path.Combine(d, program + s))));
    }

    // The Debian packages missing on this host, each once, in list order.
    public static IReadOnlyList<string> MissingDebian(Func<string, bool> onPath, Func<string, bool> fileExists, Func<string, bool> installed) =>
        Debian.Where(r => r.Program != null ? !onPath(r.Program)
                        : r.File != null ? !fileExists(r.File)
                        : !installed(r.Package))
              .Select(r => r.Package).Distinct().ToList();

    // The lines a Windows or macOS user runs for the programs missing.
    public static IReadOnlyList<string> OtherInstructions(bool windows, Func<string, bool> found) =>
        Other.Where(o => !found(o.Program)).Select(o => windows ? o.Winget : o.Brew).ToList();

    // Checks the host, installs what it can, and says what it cannot.
    // Returns 0 when everything is there (now), 1 otherwise.
    public static int Ensure(bool checkOnly, TextWriter output, TextWriter error)
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            bool windows = OperatingSystem.IsWindows();
            var lines = OtherInstructions(windows, p => OnPath(p) ||
                (windows && Other.Any(o => o.Program == p && System.IO.File.Exists(Path.Combine(o.Folder, p + ".exe")))));
            if (lines.Count == 0)
                return 0;
            error.WriteLine($"error M3H001: the linker or QEMU is missing; install them, open a new terminal, and build again:");
            foreach (string line in lines)
                error.WriteLine("  " + line);
            return 1;
        }
        var apt = new AptInstaller(output);
        IReadOnlyList<string> missing = MissingDebian(OnPath, System.IO.File.Exists, apt.Installed);
        if (missing.Count == 0)
            return 0;
        string list = string.Join(' ', missing);
        if (!checkOnly && apt.Available && IsRoot())
            return apt.Install(() => MissingDebian(OnPath, System.IO.File.Exists, apt.Installed), error);
        // Nothing can be installed here (not root, no apt-get on PATH): only
        // what the build itself runs stops it; the rest is said and left.
        bool buildNeedsOne = checkOnly || missing.Any(p => Debian.Any(r => r.Package == p && r.Purpose == Purpose.Build));
        error.WriteLine($"{(buildNeedsOne ? "error M3H001" : "warning M3H003")}: missing host packages: {list} - install them with: sudo apt-get install -y {list}");
        return buildNeedsOne ? 1 : 0;
    }

    private static bool IsRoot() => !OperatingSystem.IsWindows() && geteuid() == 0;

    [DllImport("libc")]
    private static extern uint geteuid();
}
