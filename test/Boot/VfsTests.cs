using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// VFS (src/Servers/Vfs) over FS on a FAT32 image the host made, and over
// the memory driver's /dev/null and /dev/zero. vfsclient
// (test/Components/VfsClient) uses every call through the user library
// (src/Lib/Posix/Files.cs): it reads a 1 MiB file whose FNV-1a checksum
// must match the host's, writes, appends, truncates, renames and unlinks
// (the host reads the image back with mtools afterwards and fsck.fat -n
// must find nothing to fix), shares descriptors with Dup/Dup2, uses pipes,
// fills the disk, and misuses the protocol (bad descriptors, forged and
// stale grants, malformed words, forged PM notices), checking after each
// refusal that VFS still serves.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class VfsTests
{
    // The names vfsclient knows (its Program.cs).
    private const string Hello = "/hello.txt";
    private const string HelloText = "hello from the host, through VFS\n";
    private const string Big = "/data/big.bin";
    private const string Doomed = "/doomed.txt";
    private const string TruncateMe = "/truncate-me.txt";
    private const string Written = "/made/written.bin";
    private const string Renamed = "/made/renamed.txt";
    private const string Log = "/made/log.txt";
    private const string Filler = "/made/filler.bin";
    private const int WrittenLength = 200 * 1024;

    private static readonly string[] Checks =
    {
        "first-open-is-fd-0", "read", "read-at-end", "seek-end", "seek-begin", "seek-current", "read-after-seek", "fstat", "close",
        "stat-file", "stat-directory", "stat-missing", "read-big", "mkdir", "mkdir-again", "write", "read-back-written",
        "create-exclusive-exists", "append", "truncate",
        "dup-lowest-free", "dup-shares-position", "dup2", "dup2-same", "dup2-closes-target", "close-one-keeps-other",
        "close-again", "read-closed", "too-many-open", "dup-when-full", "close-all",
        "readdir-root", "readdir-data", "readdir-dev", "readdir-of-file", "open-file-as-directory", "open-directory-for-writing",
        "rmdir", "rmdir-not-empty", "unlink", "unlink-missing", "rename", "unlink-dev",
        "chdir", "relative-open", "dot-dot-above-root", "chdir-to-file", "chdir-missing", "chdir-dev", "chdir-root",
        "pipe", "pipe-write-read", "pipe-full-takes-what-fits", "pipe-fstat", "pipe-read-full", "pipe-wrong-end",
        "pipe-not-seekable", "pipe-eof-after-writers-close", "pipe-broken",
        "dev-null", "dev-zero", "dev-zero-read-only", "stat-dev", "dev-missing",
        "bad-fd-negative", "bad-fd-out-of-range", "bad-fd-huge-word", "path-too-long", "empty-path", "bad-flags",
        "read-past-end", "seek-before-start", "forged-data-grant", "stale-data-grant", "grant-word-out-of-range", "bad-length",
        "write-from-forged-grant", "forged-path-grant", "unknown-request", "fake-driver-reply", "forged-exit-notice", "forged-fork-notice",
        "full-disk", "full-disk-keeps-files", "full-disk-unlink", "fuzz-answered", "sync",
    };

    [Test]
    public void ProgramsUseFilesPipesAndDevicesThroughVfs()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-vfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var image = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            byte[] big = TestBytes.Random(1 << 20, seed: 0x5EED1234);
            byte[] hello = Encoding.ASCII.GetBytes(HelloText);
            image.MakeDirectory("/data");
            image.Put(Big, big);
            image.Put(Hello, hello);
            image.Put(Doomed, Encoding.ASCII.GetBytes("doomed\n"));
            image.Put(TruncateMe, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("long contents to be truncated\n", 100))));
            // Leave about 1.5 MiB free, so that vfsclient fills the disk quickly.
            long free = FreeBytes(image);
            image.Put("/pad.bin", new byte[free - 1536 * 1024]);

            var run = GuestRun.Qemu("start=monitor,ata,fs,memory,vfs,vfsclient exit_when=vfsclient", image: GuestRun.TestImage,
                timeoutSeconds: 180, disk: image.Path);
            GuestRun.Line(run, @"^\[vfs\] vfs: serving$");
            foreach (string check in Checks)
                GuestRun.Line(run, $@"^\[vfsclient\] vfsclient: {Regex.Escape(check)}: ok$");
            Assert.That(Regex.Matches(run.SerialLog, @"^\[vfsclient\] vfsclient: still-serving: ok$", RegexOptions.Multiline).Count, Is.EqualTo(18),
                "VFS answers a good call after each refused one");
            GuestRun.Line(run, $@"^\[vfsclient\] vfsclient: entry / hello\.txt file size={hello.Length}$");
            GuestRun.Line(run, $@"^\[vfsclient\] vfsclient: entry /data big\.bin file size={big.Length}$");
            GuestRun.Line(run, @"^\[vfsclient\] vfsclient: all checks passed$");
            Assert.That(run.SerialLog, Does.Not.Contain("FAIL"));
            Assert.That(run.SerialLog, Does.Not.Contain("[vfs] exited"), "VFS keeps running");

            var reported = Regex.Matches(run.SerialLog, @"^\[vfsclient\] vfsclient: checksum (.+) size=(\d+) fnv1a=([0-9a-f]{8})$", RegexOptions.Multiline)
                .ToDictionary(m => m.Groups[1].Value, m => (Size: long.Parse(m.Groups[2].Value), Checksum: Convert.ToUInt32(m.Groups[3].Value, 16)));
            byte[] pattern = Pattern(WrittenLength);
            foreach (var (path, bytes) in new[] { (Big, big), (Written, pattern) })
            {
                Assert.That(reported.ContainsKey(path), Is.True, $"vfsclient reported a checksum of {path}");
                Assert.That(reported[path], Is.EqualTo((Size: (long)bytes.Length, Checksum: Fnv1a(bytes))), $"size and checksum of {path}");
            }
            Assert.That(run.ExitCode, Is.EqualTo(0));

            Assert.That(image.Get(Written), Is.EqualTo(pattern), "the written file, byte for byte");
            Assert.That(image.Get(Renamed), Is.EqualTo(Encoding.ASCII.GetBytes("one\ntwo\n")), "the appended file, renamed");
            Assert.That(image.Get(Log), Is.Null, "the renamed file's old name is gone");
            Assert.That(image.Get(TruncateMe), Is.EqualTo(Encoding.ASCII.GetBytes("short\n")), "the truncated file");
            Assert.That(image.Get(Doomed), Is.Null, "the unlinked file is gone");
            Assert.That(image.Get(Filler), Is.Null, "the filler was unlinked after the disk was full");
            Assert.That(image.Get(Big), Is.EqualTo(big), "the big file stays as it was");
            Assert.That(image.Get(Hello), Is.EqualTo(hello), "the hello file stays as it was");
            var (code, report) = image.Check();
            Assert.That(code, Is.EqualTo(0), "fsck.fat -n found errors:\n" + report);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // A read of /dev/tty00 waits in tty for a typed line and in VFS for
    // tty's answer; meanwhile VFS serves vfsclient through all its checks
    // (the host types the line only after they passed). Then the line
    // arrives, and the console takes a write.
    [Test]
    public void AReadWaitingForATerminalLineHoldsOnlyItsCaller()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-vfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string com2 = HostConsole.NewSocketPath("com2");
        string log = Path.Combine(directory, "serial.log");
        try
        {
            var image = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            image.MakeDirectory("/data");
            image.Put(Big, TestBytes.Random(1 << 20, seed: 0x5EED1234));
            image.Put(Hello, Encoding.ASCII.GetBytes(HelloText));
            image.Put(Doomed, Encoding.ASCII.GetBytes("doomed\n"));
            image.Put(TruncateMe, Encoding.ASCII.GetBytes("long\n"));
            image.Put("/pad.bin", new byte[FreeBytes(image) - 1536 * 1024]);

            DateTime deadline = DateTime.UtcNow.AddSeconds(170);
            Task<string> user = Task.Run(() =>
            {
                using HostConsole terminal = HostConsole.Connect(com2, deadline);
                if (!terminal.ReadUntil("vfsttyclient: type a line\n", deadline))
                    return "no prompt: " + terminal.Received;
                if (!HostConsole.WaitForLogLine(log, @"^\[vfsclient\] vfsclient: all checks passed$", deadline))
                    return "vfsclient did not finish while the read was held";
                terminal.Send("typed late\r");
                terminal.ReadUntil("vfsttyclient: got it\n", deadline);
                return terminal.Received;
            });
            var run = GuestRun.Qemu("start=monitor,ata,fs,memory,keyboard,serial,tty,vfs,vfsttyclient,vfsclient exit_when=vfsclient,vfsttyclient",
                image: GuestRun.TestImage, timeoutSeconds: 180, disk: image.Path, com2Socket: com2, serialLog: log);

            Assert.That(user.Result, Does.EndWith("vfsttyclient: type a line\ntyped late\nvfsttyclient: got it\n"), "what the terminal showed");
            GuestRun.Line(run, @"^\[vfsclient\] vfsclient: all checks passed$");
            GuestRun.Line(run, @"^\[vfsttyclient\] vfsttyclient: read 11 bytes: typed late\\n$");
            foreach (string check in new[] { "open-tty00", "write-prompt", "read-line", "write-after-read", "close-tty00", "write-console", "console-not-seekable" })
                GuestRun.Line(run, $@"^\[vfsttyclient\] vfsttyclient: {check}: ok$");
            GuestRun.Line(run, @"^\[vfsttyclient\] vfsttyclient: all checks passed$");
            int passed = run.SerialLog.IndexOf("[vfsclient] vfsclient: all checks passed", StringComparison.Ordinal);
            int answered = run.SerialLog.IndexOf("[vfsttyclient] vfsttyclient: read ", StringComparison.Ordinal);
            Assert.That(passed, Is.LessThan(answered), "vfsclient was served while the terminal read was held");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(com2);
            Directory.Delete(directory, recursive: true);
        }
    }

    // mdir's "N bytes free" (digits grouped with spaces).
    private static long FreeBytes(HostFatImage image)
    {
        Match free = Regex.Match(image.List("/"), @"([\d ]+) bytes free");
        Assert.That(free.Success, Is.True, "mdir reports the free space");
        return long.Parse(free.Groups[1].Value.Replace(" ", ""));
    }

    // vfsclient's PatternByte.
    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = unchecked((byte)(i * 13 + (i >> 10) * 5 + 0x21));
        return bytes;
    }

    // vfsclient's checksum (FNV-1a, 32 bits).
    private static uint Fnv1a(byte[] bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
            hash = unchecked((hash ^ b) * 16777619);
        return hash;
    }
}
