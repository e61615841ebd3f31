using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Bench;

// Issue 19's rows: boot to the shell prompt from the ISO with the kit's own
// loader under SeaBIOS and under OVMF, against GRUB's ISO of the same image
// under SeaBIOS, in the same run (each with the root disk attached, so the
// system after the loader is the same; the kit's ISO also carries the live
// root, a 40 MiB module GRUB's does not load); and the time the build tool
// takes to write the ISO and the USB image.
internal static class BootPaths
{
    public sealed record Path(string Name, double Seconds, double Instructions);

    public static IReadOnlyList<Path> Measure(ImageLayout image, int runs)
    {
        string grubIso = Iso.MakeWithArguments(image, "", "bench-grub");
        var paths = new (string Name, Func<BootOptions, string, List<string>> Arguments)[]
        {
            ("ISO, kit's loader, SeaBIOS", (options, log) => Qemu.Arguments(image, options with { BootIso = true }, log, "", image.Iso)),
            ("ISO, kit's loader, OVMF", (options, log) => Uefi(image, options, log)),
            ("ISO, GRUB, SeaBIOS", (options, log) => Qemu.Arguments(image, options with { BootIso = true }, log, "", grubIso)),
        };
        var results = new List<Path>();
        foreach (var (name, arguments) in paths)
        {
            Console.Error.WriteLine($"bench: boot to a shell prompt: {name} ...");
            var seconds = new List<double>();
            double instructions = 0;
            for (int i = 0; i < runs; i++)
            {
                var (wall, guest) = SystemCosts.BootToShell(image, arguments, memoryMiB: 384);
                seconds.Add(wall);
                instructions = guest;
            }
            seconds.Sort();
            results.Add(new Path(name, seconds[seconds.Count / 2], instructions));
        }
        return results;
    }

    // OVMF with its own copy of the variable store; -icount as the others.
    private static List<string> Uefi(ImageLayout image, BootOptions options, string log)
    {
        string variables = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"minix3-bench-vars-{Guid.NewGuid():N}.fd");
        File.Copy(UefiBoot.FirmwareVariables, variables);
        var arguments = UefiBoot.Arguments(image.Iso, variables, options, log);
        arguments.AddRange(new[] { "-icount", "shift=0,sleep=off" });
        return arguments;
    }

    // The build tool's boot-media verb alone (the ISO and the USB image from
    // the packed /boot and the staged root tree), the median of `runs`.
    public static double MediaSeconds(ImageLayout image, int runs)
    {
        string root = image.RepositoryRoot;
        string tool = System.IO.Path.Combine(root, "src", "Build", "Tool", "bin", "Debug", "net10.0", "Minix3.Cosmos.BuildTool.dll");
        string efi = System.IO.Path.Combine(root, "src", "Boot", "Uefi", "Loader", "bin", "Debug", "net10.0", "BOOTX64.EFI");
        string stage = System.IO.Path.Combine(root, "iso", "obj", "Debug", "net10.0", "rootfs");
        string output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "minix3-bench-media-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        try
        {
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true };
                foreach (string argument in new[] { tool, "boot-media", System.IO.Path.Combine(image.ImageRoot, "boot"), stage, efi,
                    "--iso", System.IO.Path.Combine(output, "m.iso"), "--usb", System.IO.Path.Combine(output, "usb.img"), "128" })
                    start.ArgumentList.Add(argument);
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                string errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                    throw new InvalidOperationException("boot-media failed: " + errors);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            times.Sort();
            return times[times.Count / 2];
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
