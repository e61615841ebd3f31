using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The file server (src/Servers/Fs: the FAT32 engine on the ata driver)
// against a FAT32 image the host made with mkfs.fat and mtools. fsclient
// (test/Components/FsClient) reads the host's files through FS and prints
// their FNV-1a checksums, which must match the host's; it then changes the
// tree (mkdir, a 100 KiB written file, truncate, rename, unlink, sync) and
// misuses the protocol. After the run the host reads the image back with
// mtools and fsck.fat -n must find nothing to fix.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class FileSystemTests
{
    // The names fsclient knows (its Program.cs).
    private const string RandomFile = "/data/random.bin";
    private const string LongNameFile = "/A file with a rather long name for the FS server.txt";
    private const string HelloFile = "/hello.txt";
    private const string DoomedFile = "/delete-me.txt";
    private const string WrittenFile = "/made/written.bin";
    private const string MovedFile = "/made/hello-moved.txt";
    private const string ShortFile = "/made/short.txt";
    private const int WrittenLength = 100 * 1024;

    private static readonly string[] Checks =
    {
        "lookup-directory", "read-random", "read-long-name", "read-case-insensitive", "read-hello",
        "readdir-root", "readdir-room-too-small", "readdir-data",
        "mkdir", "mkdir-again", "create", "write", "read-back-written", "create-short", "write-short", "truncate",
        "rename", "unlink", "rmdir-not-empty", "free-space", "sync",
        "read-past-end", "missing-path", "missing-directory", "path-too-long", "forged-path-grant", "forged-data-grant",
        "read-into-read-only-grant", "negative-position", "transfer-too-long", "read-directory-as-file", "unknown-request", "stale-handle",
    };

    // ata by bus-master DMA (pci and rs there), and by PIO (without them).
    [TestCase(true, TestName = "TheFileServerReadsAndChangesAHostMadeFat32Image(DMA)")]
    [TestCase(false, TestName = "TheFileServerReadsAndChangesAHostMadeFat32Image(PIO)")]
    public void TheFileServerReadsAndChangesAHostMadeFat32Image(bool dma)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-fs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var image = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            byte[] random = TestBytes.Random(300 * 1024, seed: 0x9E3779B9);
            byte[] hello = Encoding.ASCII.GetBytes("hello from the host, through FS\n");
            byte[] longName = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 900).Select(i => $"line {i}\n")));
            image.MakeDirectory("/data");
            image.Put(RandomFile, random);
            image.Put(LongNameFile, longName);
            image.Put(HelloFile, hello);
            image.Put(DoomedFile, Encoding.ASCII.GetBytes("delete me\n"));

            var run = GuestRun.Qemu(dma ? "start=monitor,ds,rs,pci,ata,fs,fsclient exit_when=fsclient" : "start=monitor,ata,fs,fsclient exit_when=fsclient",
                image: GuestRun.TestImage, timeoutSeconds: 120, disk: image.Path);
            GuestRun.Line(run, dma ? @"^\[ata\] ata: disk 0: bus-master DMA through " : @"^\[ata\] ata: disk 0: polled PIO ");
            GuestRun.Line(run, @"^\[fs\] fs: mounted FAT32, \d+ free clusters$");
            foreach (string check in Checks)
                GuestRun.Line(run, $@"^\[fsclient\] fsclient: {Regex.Escape(check)}: ok$");
            Assert.That(Regex.Matches(run.SerialLog, @"^\[fsclient\] fsclient: still-serving: ok$", RegexOptions.Multiline).Count, Is.EqualTo(12),
                "FS answers a good request after each refused one");
            GuestRun.Line(run, $@"^\[fsclient\] fsclient: entry / {Regex.Escape(LongNameFile.Substring(1))} file size={longName.Length}$");
            GuestRun.Line(run, $@"^\[fsclient\] fsclient: entry /data random\.bin file size={random.Length}$");
            GuestRun.Line(run, @"^\[fsclient\] fsclient: all checks passed$");
            Assert.That(run.SerialLog, Does.Not.Contain("FAIL"));

            var reported = Regex.Matches(run.SerialLog, @"^\[fsclient\] fsclient: checksum (.+) size=(\d+) fnv1a=([0-9a-f]{8})$", RegexOptions.Multiline)
                .ToDictionary(m => m.Groups[1].Value, m => (Size: long.Parse(m.Groups[2].Value), Checksum: Convert.ToUInt32(m.Groups[3].Value, 16)));
            byte[] pattern = Pattern(WrittenLength);
            foreach (var (path, bytes) in new[] { (RandomFile, random), (LongNameFile, longName), (HelloFile, hello), (WrittenFile, pattern) })
            {
                Assert.That(reported.ContainsKey(path), Is.True, $"fsclient reported a checksum of {path}");
                Assert.That(reported[path], Is.EqualTo((Size: (long)bytes.Length, Checksum: Fnv1a(bytes))), $"size and checksum of {path}");
            }
            Assert.That(run.ExitCode, Is.EqualTo(0));

            Assert.That(image.Get(WrittenFile), Is.EqualTo(pattern), "the written file, byte for byte");
            Assert.That(image.Get(ShortFile), Is.EqualTo(Encoding.ASCII.GetBytes("0123")), "the truncated file");
            Assert.That(image.Get(MovedFile), Is.EqualTo(hello), "the renamed file keeps its contents");
            Assert.That(image.Get(HelloFile), Is.Null, "the renamed file's old name is gone");
            Assert.That(image.Get(DoomedFile), Is.Null, "the unlinked file is gone");
            Assert.That(image.Get(RandomFile), Is.EqualTo(random), "an untouched file stays as it was");
            Assert.That(image.List("/made"), Does.Contain("written").And.Contain("hello-moved.txt"));
            var (code, report) = image.Check();
            Assert.That(code, Is.EqualTo(0), "fsck.fat -n found errors:\n" + report);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void WithoutAFat32DiskTheFileServerSaysSoAndRefusesEveryRequest()
    {
        string disk = Path.Combine(Path.GetTempPath(), $"minix3-fs-{Guid.NewGuid():N}.img");
        File.WriteAllBytes(disk, new byte[4 << 20]);
        try
        {
            var run = GuestRun.Qemu("start=monitor,ata,fs,fsclient exit_when=fsclient", image: GuestRun.TestImage, timeoutSeconds: 90, disk: disk);
            GuestRun.Line(run, @"^\[fs\] fs: mount failed: .+$");
            GuestRun.Line(run, @"^\[fsclient\] fsclient: lookup-directory: FAIL$");
            GuestRun.Line(run, @"^\[fsclient\] fsclient: FAILURES$");
            Assert.That(run.SerialLog, Does.Not.Contain("[fs] exited"), "FS keeps running");
            Assert.That(run.ExitCode, Is.EqualTo(1), "fsclient's checks failed, as they must without a volume");
        }
        finally
        {
            File.Delete(disk);
        }
    }

    // fsclient's PatternByte.
    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = unchecked((byte)(i * 31 + (i >> 9) * 7 + 0x3C));
        return bytes;
    }

    // fsclient's checksum (FNV-1a, 32 bits).
    private static uint Fnv1a(byte[] bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
            hash = unchecked((hash ^ b) * 16777619);
        return hash;
    }
}
