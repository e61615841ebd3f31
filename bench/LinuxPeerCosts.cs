using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Bench;

// The Linux peer's side of the rows that compare with Linux: boot to a
// shell prompt with our root disk attached and mounted, and the 64 MiB
// sequential read of SystemCosts' file on the same kind of disk. Each runs
// twice: the table shows both, and they should agree.
internal static class LinuxPeerCosts
{
    public const int Runs = 2;

    public sealed record Result(double[] Boot, double[] Read, double[] FirstRead, string Kernel);

    public static Result Measure(ImageLayout image)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            // Our root disk, as SystemCosts.BootToShell boots it (a copy:
            // QEMU locks the image it has open).
            string root = Path.Combine(directory, "root.img");
            File.Copy(image.RootDisk, root);
            var boot = new double[Runs];
            for (int i = 0; i < Runs; i++)
                boot[i] = LinuxPeer.Run(root, "ro", Array.Empty<LinuxPeerStep>()).PromptTsc;

            // Two passes, each from a cold page cache, like IoBench's two
            // passes through VFS; the second is the one compared. The
            // checksum, after the timing, proves the file read is ours.
            string disk = SystemCosts.MakeReadDisk(Path.Combine(directory, "read.img")).Path;
            string expected = Convert.ToHexStringLower(MD5.HashData(SystemCosts.ReadFileBytes()));
            string read = $"dd if=/mnt{SystemCosts.ReadFile} of=/dev/null bs=64k";
            var steps = new[]
            {
                new LinuxPeerStep("first", read),
                new LinuxPeerStep("second", read),
                new LinuxPeerStep("checksum", $"md5sum /mnt{SystemCosts.ReadFile}", ColdCache: false),
            };
            var second = new double[Runs];
            var first = new double[Runs];
            for (int i = 0; i < Runs; i++)
            {
                var run = LinuxPeer.Run(disk, "ro", steps);
                string sum = run.Step("checksum").Output.Split(' ')[0];
                if (sum != expected)
                    throw new InvalidOperationException($"the Linux peer read {SystemCosts.ReadFile} as md5 {sum}, the host wrote {expected}");
                first[i] = run.Step("first").Ns;
                second[i] = run.Step("second").Ns;
            }
            return new Result(boot, second, first, Path.GetFileName(LinuxPeerImage.Locate().Kernel));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The file-system scaling rows' peer: on FileSystemScaling's very image
    // (vfat), `ls -l` of each directory (cold page cache, then warm, per
    // entry: busybox's ls also formats each line, which our listing does
    // not), and a 64 MiB write of /write.bin in 64 KiB blocks, synced
    // before the step ends (ours: written, closed and synced). Read back
    // and checked by size after the timing.
    public sealed record FileSystemResult(double[] ListColdPerEntry, double[] ListWarmPerEntry, double Write);

    public static FileSystemResult MeasureFileSystem()
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string disk = FileSystemScaling.MakeImage(Path.Combine(directory, "fs.img"));
            var steps = new System.Collections.Generic.List<LinuxPeerStep>();
            foreach (int entries in FileSystemScaling.DirectorySizes)
            {
                steps.Add(new LinuxPeerStep($"cold{entries}", $"ls -l /mnt/d{entries} > /dev/null"));
                steps.Add(new LinuxPeerStep($"warm{entries}", $"ls -l /mnt/d{entries} > /dev/null", ColdCache: false));
            }
            int blocks = FileSystemScaling.WriteMiB * 16;
            steps.Add(new LinuxPeerStep("write", $"dd if=/dev/zero of=/mnt/write.bin bs=64k count={blocks} conv=fsync"));
            steps.Add(new LinuxPeerStep("size", "stat -c %s /mnt/write.bin", ColdCache: false));
            var run = LinuxPeer.Run(disk, "rw", steps);
            long expected = FileSystemScaling.WriteMiB * 1024L * 1024;
            string size = run.Step("size").Output.Trim();
            if (run.Step("write").Status != 0 || size != expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"the Linux peer's write failed: status {run.Step("write").Status}, /mnt/write.bin is '{size}' bytes, expected {expected}");
            var cold = new double[FileSystemScaling.DirectorySizes.Length];
            var warm = new double[FileSystemScaling.DirectorySizes.Length];
            for (int i = 0; i < cold.Length; i++)
            {
                int entries = FileSystemScaling.DirectorySizes[i];
                cold[i] = run.Step($"cold{entries}").Ns / entries;
                warm[i] = run.Step($"warm{entries}").Ns / entries;
            }
            return new FileSystemResult(cold, warm, run.Step("write").Ns);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // "6653 / 6653 M" for the note: each run's figure.
    public static string Each(double[] values) => string.Join(" / ", values.Select(v => $"{v / 1e6:0.0}")) + " M";
}
