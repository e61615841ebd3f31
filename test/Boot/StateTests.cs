using System;
using System.IO;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// State that outlives a component (src/Lib/Sys/StateStore.cs): hello keeps
// a greeting counter in DS, and every way RS replaces it must hand the
// count on. test/Components/StateProbe checks the API on its own state,
// then reads hello (1, 2, 3), then has RS
// crash it (fault injection), takes a complaint to RS about it, and
// updates it live, reading once after each (4, 5, 6). One boot serves all
// cases; each asserts its own step's lines.
[TestFixture]
public class StateTests
{
    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=monitor,ds,rs,hello,stateprobe exit_when=stateprobe", image: GuestRun.TestImage, timeoutSeconds: 60);
    }

    [Test]
    public void TheStateApiSavesAndRestoresNumbersAndBlobs()
    {
        var run = Run();
        foreach (string check in new[] { "store-ds-found", "store-nothing-saved", "store-save-number", "store-overwrite-number", "store-restore-number",
                     "store-save-blob", "store-restore-blob", "store-restore-blob-small-room", "store-wrong-kind", "store-blob-too-long",
                     "store-name-too-long", "store-bad-name", "store-delete", "store-deleted" })
            GuestRun.Line(run, $@"^\[stateprobe\] stateprobe: {check}: ok$");
    }

    [Test]
    public void HelloCountsItsGreetings()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[hello\] hello: fresh start$");
        foreach (string check in new[] { "hello-found", "read-1", "read-2", "read-3" })
            GuestRun.Line(run, $@"^\[stateprobe\] stateprobe: {check}: ok$");
    }

    [Test]
    public void TheCountSurvivesACrash()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: inject-crash: ok$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted hello \(reason panic, repetition 1\), endpoint \d+$");
        GuestRun.Line(run, @"^\[hello\] hello: restarted, count 3$");
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: crash-new-instance: ok$");
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: crash-count-continues: ok$");
    }

    [Test]
    public void AComplaintRestartsTheComponentAndTheCountGoesOn()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: complain: ok$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted hello \(reason complaint, ");
        GuestRun.Line(run, @"^\[hello\] hello: restarted, count 4$");
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: complaint-count-continues: ok$");
    }

    [Test]
    public void ALiveUpdateHandsTheCountToTheNewVersion()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: update: ok$");
        GuestRun.Line(run, @"^\[hello\] hello: updated, count 5$");
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: update-count-continues: ok$");
    }

    // A complaint by a server about a driver: ata's next reply claims more
    // bytes than FS asked for (fault injected by test/Components/Breaker).
    // FS does not believe it: it complains to RS, RS replaces ata, FS
    // repeats the request on the new one, and a file read through VFS
    // arrives intact.
    [Test]
    public void FsComplainsAboutAnAtaReplyThatBreaksProtocolAndReadsOn()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-complain-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            byte[] data = TestBytes.Random(1 << 20, seed: 0xC0DE);
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), 40);
            disk.Put("/big.bin", data);
            ulong hash = 14695981039346656037UL;
            foreach (byte b in data)
                hash = (hash ^ b) * 1099511628211UL;

            var run = GuestRun.Qemu("start=monitor,ds,rs,ata,fs,vfs,breaker,diskreader exit_when=diskreader,breaker",
                image: GuestRun.TestImage, timeoutSeconds: 60, disk: disk.Path);

            GuestRun.Line(run, @"^\[breaker\] breaker: bad reply injected into ata: status 0$");
            GuestRun.Line(run, @"^\[fs\] fs: ata broke protocol \(4\); complained to rs: status 0$");
            GuestRun.Line(run, @"^\[rs\] rs: restarted ata \(reason complaint, ");
            GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
            GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {data.Length} bytes, fnv {hash:x16}, \d+ tsc$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Test]
    public void EveryStepPassed()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[stateprobe\] stateprobe: done, 0 failed$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}
