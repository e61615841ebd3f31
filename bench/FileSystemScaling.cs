using System;
using System.IO;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Boot;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Bench;

// Costs that must grow with the work, not faster (issue 14): ls -l of
// directories of 100, 1,000 and 10,000 files per entry, and a sequential
// 64 MiB write through VFS+FS+ata against raw writes from ata, measured by
// bench/Components/FsBench in the test image on the disk MakeImage makes.
public static class FileSystemScaling
{
    public static readonly int[] DirectorySizes = { 100, 1000, 10000 };
    public const int WriteMiB = 64;

    public sealed record Result(double[] ListFirst, double[] ListAgain, double WriteLayered, double WriteRaw);

    // The benchmark's disk, made by the host tools (mkfs.fat, mcopy), so a
    // peer system (Linux's vfat) can list and write the very same image:
    // FAT32 with /d100, /d1000 and /d10000 holding that many empty files
    // named f00000.txt, f00001.txt, ... (8.3 names, lower case), and room
    // for a 64 MiB /write.bin besides. Returns the image's path.
    public static string MakeImage(string path)
    {
        string work = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "fsscaling-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var image = HostFatImage.Make(path, WriteMiB + 48);
            foreach (int size in DirectorySizes)
            {
                string directory = Path.Combine(work, "d" + size);
                Directory.CreateDirectory(directory);
                for (int i = 0; i < size; i++)
                    File.WriteAllBytes(Path.Combine(directory, $"f{i:D5}.txt"), Array.Empty<byte>());
                HostTool.MustRun("mcopy", "mtools", "-s", "-i", image.Path, directory, "::/");
            }
            return image.Path;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static Result Measure(ImageLayout testImage)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string disk = MakeImage(Path.Combine(directory, "disk.img"));
            var options = new BootOptions { Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(900), DiskImage = disk };
            BootResult result = Qemu.Boot(testImage, options, "start=ds,rs,pci,ata,fs,vfs,fsbench exit_when=fsbench exit", null);
            var first = new double[DirectorySizes.Length];
            var again = new double[DirectorySizes.Length];
            for (int i = 0; i < DirectorySizes.Length; i++)
            {
                Match list = Regex.Match(result.SerialLog, $@"bench: ls -l {DirectorySizes[i]} entries: (\d+) tsc; again (\d+) tsc");
                if (!list.Success)
                    throw new InvalidOperationException("the listing benchmark printed no result. Log:\n" + result.SerialLog);
                first[i] = double.Parse(list.Groups[1].Value) / DirectorySizes[i];
                again[i] = double.Parse(list.Groups[2].Value) / DirectorySizes[i];
            }
            Match write = Regex.Match(result.SerialLog, @"bench: sequential write \d+ MiB: vfs (\d+) tsc; raw driver (\d+) tsc");
            if (!write.Success)
                throw new InvalidOperationException("the write benchmark printed no result. Log:\n" + result.SerialLog);
            return new Result(first, again, double.Parse(write.Groups[1].Value), double.Parse(write.Groups[2].Value));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
