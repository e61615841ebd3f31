using System;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Launcher;

public enum Emulator
{
    Qemu,
    Bochs,
}

// How to boot: which emulator, which image, what the kernel is told, and how
// the run ends. Defaults are the interactive QEMU boot of the built image.
public sealed record BootOptions
{
    public Emulator Emulator { get; init; } = Emulator.Qemu;

    // Boot the GRUB ISO instead of QEMU's direct -kernel/-initrd load.
    public bool BootIso { get; init; }

    // Serial goes to a log file and stdout is not a console; the guest
    // powers off at the end of a scenario (the kernel's `exit` flag).
    public bool Headless { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    // Extra kernel command line, e.g. "timer_hz=250" (the test image's kernel: "test=timer").
    public string KernelArguments { get; init; } = "";

    public int MemoryMiB { get; init; } = 128;

    // QEMU: the machine (`--machine q35|pc`, QemuMachine.cs) and, on q35,
    // Intel's IOMMU (`--no-iommu` leaves it out; `pc` never has one).
    public MachineType Machine { get; init; } = MachineType.Q35;

    public bool Iommu { get; init; } = true;

    // QEMU -icount shift=0,sleep=off: guest time counts instructions, so
    // timings repeat run to run (bench/ uses it).
    public bool InstructionCounting { get; init; }

    // QEMU: stop before the first instruction and wait for gdb on
    // localhost:GdbPort (docs/debugging.md). Bochs has no gdb stub here.
    public bool WaitForDebugger { get; init; }

    // The gdb stub's TCP port, on the loopback interface only.
    public int GdbPort { get; init; } = GdbStub.DefaultPort;

    // Where the serial log goes in headless runs (default: a temp file).
    public string? SerialLogPath { get; init; }

    // A raw disk image attached as the primary IDE master (what the ATA
    // driver finds; on q35 on a PIIX3 IDE function, QemuMachine.IdeDrives);
    // null: no disk, as before.
    public string? DiskImage { get; init; }

    // QEMU q35: `--disk-bus ahci` puts DiskImage on the ICH9's AHCI
    // controller instead (QemuMachine.AhciDrive).
    public DiskBus DiskBus { get; init; } = DiskBus.Ide;

    // QEMU: COM2 (the serial driver's UART) as a unix socket QEMU listens
    // on at this path, so a test can read what the guest sends and type to
    // it; COM1 stays the log. QEMU starts the guest once a client has
    // connected (see Qemu.Com2Chardev). Null: no COM2.
    public string? Com2Socket { get; init; }

    // QEMU: the human monitor on a unix socket at this path (a test sends
    // `sendkey` through it to press keys on the PS/2 keyboard). Null: headless
    // runs have no monitor (-monitor none), interactive ones keep mon:stdio.
    public string? MonitorSocket { get; init; }

    // QEMU, interactive: the terminal is COM2 (the serial terminal init
    // gives a shell) instead of COM1; the kernel log goes to SerialLogPath
    // (or a temp file) meanwhile.
    public bool SerialShell { get; init; }

    // Files added to the image's boot modules (QEMU's direct boot only),
    // each named after its file name, as the build names its own: e.g. a
    // file "faults" arms RS's boot faults (src/Servers/Rs/BootFaults.cs).
    public string[] ExtraModules { get; init; } = Array.Empty<string>();

    // QEMU: the guest's network card and what it reaches (--net, --nic,
    // --serve, --forward, --net-socket, --mac, --net-capture; see
    // Network/QemuNetwork.cs).
    // Null: no network card at all.
    public GuestNetwork? Network { get; init; }

    // Additional emulator arguments, appended as given.
    public string[] ExtraEmulatorArguments { get; init; } = Array.Empty<string>();
}

// What came back from a run.
public sealed record BootResult(int ExitCode, string SerialLog, bool TimedOut, TimeSpan WallTime)
{
    // The status the kernel printed in its exit marker, if it printed one.
    public int? GuestStatus => ImageLayout.ParseExitMarker(SerialLog);
}
