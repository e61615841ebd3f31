using System;

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

    // Extra kernel command line, e.g. "test=timer timer_hz=250".
    public string KernelArguments { get; init; } = "";

    public int MemoryMiB { get; init; } = 128;

    // QEMU -icount shift=0,sleep=off: guest time counts instructions, so
    // timings repeat run to run (bench/ uses it).
    public bool InstructionCounting { get; init; }

    // Wait for gdb on localhost:1234 before the first instruction.
    public bool WaitForDebugger { get; init; }

    // Where the serial log goes in headless runs (default: a temp file).
    public string? SerialLogPath { get; init; }

    // A raw disk image attached as the primary IDE master (what the ATA
    // driver finds); null: no disk, as before.
    public string? DiskImage { get; init; }

    // Additional emulator arguments, appended as given.
    public string[] ExtraEmulatorArguments { get; init; } = Array.Empty<string>();
}

// What came back from a run.
public sealed record BootResult(int ExitCode, string SerialLog, bool TimedOut, TimeSpan WallTime)
{
    // The status the kernel printed in its exit marker, if it printed one.
    public int? GuestStatus => ImageLayout.ParseExitMarker(SerialLog);
}
