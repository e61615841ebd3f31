using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Bench;

// One timed step of the Linux peer: busybox sh commands run in /init with
// the disk mounted at /mnt. ColdCache: sync and drop the page cache first
// (outside the timing), so the step reads from the disk.
internal sealed record LinuxPeerStep(string Name, string Script, bool ColdCache = true);

// A step's guest time (ns = instructions under -icount shift=0), its exit
// status and what it printed.
internal sealed record LinuxPeerStepResult(string Name, double Ns, int Status, string Output);

// PromptTsc: guest time from power-on to the prompt, from the time stamp
// counter. Steps in the order given.
internal sealed record LinuxPeerRun(double PromptTsc, IReadOnlyList<LinuxPeerStepResult> Steps, string SerialLog)
{
    public LinuxPeerStepResult Step(string name)
    {
        foreach (var step in Steps)
        {
            if (step.Name == name)
                return step;
        }
        throw new ArgumentException($"no step {name}");
    }
}

// The Linux peer: Debian's kernel booted in the same QEMU, with the same
// machine options and -icount as our system (src/Launcher/Qemu.cs), and a
// busybox initramfs whose /init loads the IDE and FAT modules, mounts the
// given disk image (attached as our system's is) at /mnt, prints a prompt
// with the time stamp counter, then runs the steps, each between two
// markers written to /dev/kmsg, whose printk time stamps (microseconds of
// the kernel's clock, the TSC) give the step's guest time.
internal static class LinuxPeer
{
    // idle=poll: under -icount sleep=off an idle CPU makes QEMU jump the
    // clock to the next timer, so a read waiting for the disk's interrupt
    // would cost a whole timer period, however soon QEMU answered; polling
    // makes the wait cost the instructions it spins, as our ata's polling
    // does. quiet: the boot log stays off the serial line (warnings still
    // show); panic=-1 with -no-reboot ends QEMU on a panic.
    private const string KernelArguments = "console=ttyS0 quiet panic=-1 idle=poll";

    public static LinuxPeerRun Run(string diskImage, string mountOptions, IReadOnlyList<LinuxPeerStep> steps, TimeSpan? timeout = null)
    {
        if (!File.Exists(diskImage))
            throw new ArgumentException($"no disk image at {diskImage}");
        foreach (var step in steps)
        {
            if (step.Name.Length == 0 || step.Name.Contains(' ') || step.Name.Contains('\n'))
                throw new ArgumentException($"a step's name is one word: '{step.Name}'");
        }
        var image = LinuxPeerImage.Locate();
        string directory = Path.Combine(Path.GetTempPath(), "minix3-linuxpeer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string initramfs = Path.Combine(directory, "initramfs.cpio");
            File.WriteAllBytes(initramfs, image.Initramfs(InitScript(image, mountOptions, steps)));
            string log = Path.Combine(directory, "serial.log");
            string serial = Boot(image, initramfs, diskImage, log, timeout ?? TimeSpan.FromMinutes(10));
            return Parse(serial, steps);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static string InitScript(LinuxPeerImage image, string mountOptions, IReadOnlyList<LinuxPeerStep> steps)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/busybox sh\n# The Linux peer's init (made by bench/LinuxPeer.cs).\n");
        s.Append("/bin/busybox mount -t proc proc /proc\n/bin/busybox mount -t sysfs sys /sys\n/bin/busybox mount -t devtmpfs dev /dev\n");
        s.Append("/bin/busybox --install -s /bin\nexport PATH=/bin\n");
        s.Append("fail() { echo \"linuxpeer: error: $*\"; poweroff -f; }\n");
        s.Append("mark() { echo \"<5>linuxpeer: $*\" > /dev/kmsg; }\n");
        // Nothing to run for the kernel's own module requests: fail them at once.
        s.Append("echo > /proc/sys/kernel/modprobe\n");
        foreach (string module in image.ModuleLoadOrder())
            s.Append($"insmod /lib/modules/{LinuxPeerImage.ModuleName(module)}.ko || fail insmod {LinuxPeerImage.ModuleName(module)}\n");
        // The disk shows up once libata's and the SCSI disk's asynchronous probes are done.
        s.Append("n=0; while [ ! -b /dev/sda ]; do n=$((n + 1)); [ $n -gt 10000 ] && fail no /dev/sda; usleep 1000; done\n");
        s.Append($"mount -t vfat -o {mountOptions} /dev/sda /mnt || fail mount\n");
        s.Append("echo \"linuxpeer: prompt at $(/bin/tsc | od -An -tu8) tsc\"\n");
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i].ColdCache)
                s.Append("sync; echo 3 > /proc/sys/vm/drop_caches\n");
            // A brace group runs in this shell: no fork inside the timing.
            s.Append($"mark step {i} begin\n{{\n{steps[i].Script}\n}} > /tmp/step{i} 2>&1\nstatus=$?\nmark step {i} end\n");
            s.Append($"echo \"linuxpeer: step {i} status $status\"\ncat /tmp/step{i}\necho \"linuxpeer: step {i} output ends\"\n");
        }
        s.Append("dmesg | grep 'linuxpeer: step'\necho 'linuxpeer: done'\nsync\npoweroff -f\n");
        return s.ToString();
    }

    private static string Serial(string log) => File.Exists(log) ? File.ReadAllText(log) : "";

    // The same machine as Qemu.Arguments gives our system, with Linux's
    // kernel and initramfs and no network at all.
    private static string Boot(LinuxPeerImage image, string initramfs, string disk, string log, TimeSpan timeout)
    {
        var machine = new BootOptions();
        var arguments = QemuMachine.Arguments(machine);
        arguments.AddRange(new[]
        {
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-kernel", image.Kernel, "-initrd", initramfs, "-append", KernelArguments,
            "-display", "none", "-monitor", "none", "-serial", "file:" + log,
        });
        arguments.AddRange(QemuMachine.IdeDrives(machine.Machine, disk));
        arguments.AddRange(new[]
        {
            "-icount", "shift=0,sleep=off",
            "-nic", "none",
        });
        var start = new ProcessStartInfo(Qemu.Program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill();
            process.WaitForExit();
            throw new InvalidOperationException($"the Linux peer did not power off within {timeout.TotalSeconds:0} s. Log:\n{Serial(log)}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"QEMU failed ({process.ExitCode}): {errors.Result}{output.Result}\nLog:\n{Serial(log)}");
        return Serial(log);
    }

    private static LinuxPeerRun Parse(string serial, IReadOnlyList<LinuxPeerStep> steps)
    {
        Match error = Regex.Match(serial, @"linuxpeer: error: .*");
        Match prompt = Regex.Match(serial, @"linuxpeer: prompt at\s+(\d+) tsc");
        if (error.Success || !prompt.Success || !serial.Contains("linuxpeer: done"))
            throw new InvalidOperationException($"the Linux peer {(error.Success ? "said " + error.Value : "did not finish")}. Log:\n{serial}");
        var results = new List<LinuxPeerStepResult>();
        for (int i = 0; i < steps.Count; i++)
        {
            double begin = MarkerNs(serial, i, "begin"), end = MarkerNs(serial, i, "end");
            Match status = Regex.Match(serial, $@"linuxpeer: step {i} status (\d+)\r?\n([\s\S]*?)linuxpeer: step {i} output ends");
            if (double.IsNaN(begin) || double.IsNaN(end) || !status.Success)
                throw new InvalidOperationException($"the Linux peer's step {steps[i].Name} left no markers. Log:\n{serial}");
            var result = new LinuxPeerStepResult(steps[i].Name, end - begin, int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture), status.Groups[2].Value.Replace("\r", ""));
            if (result.Status != 0)
                throw new InvalidOperationException($"the Linux peer's step {result.Name} failed ({result.Status}): {result.Output}");
            results.Add(result);
        }
        return new LinuxPeerRun(double.Parse(prompt.Groups[1].Value, CultureInfo.InvariantCulture), results, serial);
    }

    // "[    2.256196] linuxpeer: step 0 begin" -> 2256196000 ns.
    private static double MarkerNs(string serial, int step, string which)
    {
        Match match = Regex.Match(serial, $@"\[\s*(\d+)\.(\d{{6}})\] linuxpeer: step {step} {which}\r?$", RegexOptions.Multiline);
        return match.Success ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1_000_000 + long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) * 1000.0 : double.NaN;
    }
}
