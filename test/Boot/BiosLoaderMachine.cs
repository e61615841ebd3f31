using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Boot;

// QEMU booting a medium through SeaBIOS (no -kernel): the way a PC meets the kit's BIOS
// loader. COM1 goes to a file, the monitor to a unix socket (to read the VGA text screen).
public sealed class BiosLoaderMachine : IDisposable
{
    public enum Medium
    {
        Cd,
        Disk,
    }

    private readonly Process _process;
    private readonly string _monitor;

    public BiosLoaderMachine(string image, Medium medium, MachineType machine, int memoryMiB = 128)
    {
        SerialLog = Path.Combine(Path.GetTempPath(), $"minix3-bios-{Guid.NewGuid():N}.log");
        _monitor = HostConsole.NewSocketPath("mon");
        var arguments = new List<string>
        {
            "-machine", QemuMachine.Name(machine), "-m", memoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-display", "none", "-no-reboot", "-serial", "file:" + SerialLog, "-monitor", Qemu.UnixSocket(_monitor),
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-drive", $"file={image.Replace(",", ",,")},format=raw,media={(medium == Medium.Cd ? "cdrom" : "disk")}",
            "-boot", medium == Medium.Cd ? "d" : "c",
        };
        var start = new ProcessStartInfo(Qemu.Program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Qemu.Program);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string SerialLog { get; }

    public string Log
    {
        get
        {
            if (!File.Exists(SerialLog))
                return "";
            using var stream = new FileStream(SerialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Replace("\r", "");
        }
    }

    // Until the guest powers QEMU off (isa-debug-exit); false at the timeout.
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public bool WaitForLine(string pattern, TimeSpan timeout) => HostConsole.WaitForLogLine(SerialLog, pattern, DateTime.UtcNow + timeout);

    // The VGA text screen as one string of 25 rows of 80 columns (a long line wraps).
    public string Screen(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        using HostConsole monitor = HostConsole.Connect(_monitor, deadline);
        string[] rows = monitor.ReadScreen(deadline) ?? Array.Empty<string>();
        return string.Concat(rows.Select(row => row.PadRight(80)));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        File.Delete(SerialLog);
        File.Delete(_monitor);
    }
}
