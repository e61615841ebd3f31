using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Files through VFS and FS by handle, with FS copying straight between its
// disk buffers and the user's memory through the indirect grant VFS hands
// on (issue 14, item 4); a whole 64 KiB piece ata copies into the user's
// buffer itself, through FS's grant on VFS's on the user's.
// handlecheck (test/Components/HandleCheck) reads a file and has ata crash
// on the request FS makes for its second piece, so the crash lands while
// that chain of grants is in use: FS repeats the read on ata's successor
// and the read carries on with the right bytes. Then writes of odd sizes,
// an append and a second descriptor, checked in the guest and byte for
// byte on the host, and a piece read into a grant the user made
// read-only: refused for want of the right, without a complaint about
// ata or a second restart of it.
[TestFixture]
public class HandleTests
{
    [Test]
    public void ReadsAndWritesByHandleSurviveACrashOfAtaInTheMiddle()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-handles-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var image = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            byte[] big = TestBytes.Random(3 << 20, seed: 0x4A4D);
            image.Put("/big.bin", big);

            var run = GuestRun.Qemu("start=monitor,ds,rs,ata,fs,vfs,handlecheck exit_when=handlecheck", image: GuestRun.TestImage,
                timeoutSeconds: 150, disk: image.Path);
            Match armed = GuestRun.Line(run, @"^\[handlecheck\] handlecheck: ata will crash on its next request$");
            Match crashed = GuestRun.Line(run, @"^\[ata\] panicked: fault injected: crash on request$");
            Match repeated = GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
            Match read = GuestRun.Line(run, $@"^\[handlecheck\] handlecheck: read {big.Length} bytes, fnv {TestBytes.Fnv1a64(big):x16}$");
            Assert.That(armed.Index, Is.LessThan(crashed.Index), "ata crashed after the fault was armed, on FS's request for the read");
            Assert.That(crashed.Index, Is.LessThan(repeated.Index));
            Assert.That(repeated.Index, Is.LessThan(read.Index), "the read went on after the restart and ended with the host's bytes");
            GuestRun.Line(run, @"^\[handlecheck\] handlecheck: write-read ok$");
            GuestRun.Line(run, @"^\[handlecheck\] handlecheck: two descriptors ok$");
            GuestRun.Line(run, @"^\[handlecheck\] handlecheck: a read into a read-only grant: status -9$");
            GuestRun.Line(run, @"^\[handlecheck\] handlecheck: the read after the refused one is whole$");
            Assert.That(run.SerialLog, Does.Not.Contain("broke protocol"), "ata's failed copy into the user's buffer is not ata's fault");
            Assert.That(Regex.Matches(run.SerialLog, @"^\[rs\] rs: restarted ata", RegexOptions.Multiline).Count, Is.EqualTo(1), "ata restarted once: after the injected crash");
            Assert.That(run.SerialLog, Does.Not.Contain("FAILED"));
            Assert.That(run.ExitCode, Is.EqualTo(0));

            int[] sizes = { 1000, 65536, 300, 40000, 65536, 7, 5000 };
            byte[] expected = Enumerable.Range(0, sizes.Sum()).Select(at => (byte)(at * 7 + (at >> 9))).ToArray();
            Assert.That(image.Get("/out.bin"), Is.EqualTo(expected), "the written file, byte for byte");
            Assert.That(image.Get("/two.txt"), Is.EqualTo("shared"u8.ToArray()));
            var (code, report) = image.Check();
            Assert.That(code, Is.EqualTo(0), "fsck.fat -n found errors:\n" + report);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
