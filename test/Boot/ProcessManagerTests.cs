using System;
using System.IO;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The process manager (src/Servers/Pm) and its test client
// (test/Components/PmClient), which plays init: fork, exec of the child
// program (test/Components/Child) from the boot modules and from /bin on
// a FAT32 disk through VFS, exit statuses of exits, panics, CPU
// exceptions and signals, wait in its forms, orphans adopted by init,
// signal dispositions, the process list, malformed requests and a fuzz,
// and finally shutdown, which powers the machine off.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ProcessManagerTests
{
    // Every check pmclient prints in a run without VFS, in its order.
    private static readonly string[] s_checks =
    {
        // ProcessChecks
        "init-gets-pid-1", "init-has-no-parent", "fork-returns-child-pid",
        "child-sees-zero-and-its-ids-then-exit-status-collected", "pids-are-not-reused-at-once", "wait-nohang-before-end",
        "wait-blocks-until-the-child-ends", "wait-any-child-collects-both", "wait-without-children", "wait-for-a-stranger",
        "wait-for-process-group-refused", "panic-ends-with-128-plus-abort", "cpu-exception-ends-with-128-plus-segv",
        "execd-program-sees-its-pid-and-init-as-parent", "execd-program-forks-and-waits", "orphaning-parent-exits",
        "orphan-adopted-by-init", "init-collects-the-orphan", "sleep-waits-its-time",
        // ExecChecks
        "exec-by-bare-name", "exec-by-bin-path", "exec-passes-arguments-and-environment", "exec-with-a-long-argument-block", "exec-with-empty-arguments",
        "exec-from-an-execd-program", "execd-program-named-in-the-list", "exec-through-a-grant",
        "program-named-like-a-component-gets-a-prefix", "component-label-stays-with-the-component", "impostor-killed", "exec-missing-program",
        "exec-missing-absolute-path", "exec-of-a-non-elf-module", "exec-non-ascii-argument-refused", "exec-block-too-long",
        "failed-exec-leaves-the-caller-running", "failed-exec-keeps-the-privileges",
        // SignalChecks
        "spinning-child-started", "signal-zero-checks-existence", "child-signal-is-dropped", "kill-bad-signal-refused",
        "still-running-after-harmless-signals", "terminate-sent", "terminate-ends-with-128-plus-15", "kill-sent",
        "kill-ends-with-128-plus-9", "ignore-terminate", "default-terminate-again", "ignored-terminate-accepted",
        "ignored-terminate-keeps-it-running", "kill-cannot-be-ignored", "ignore-kill-refused", "ignore-signal-zero-refused",
        "kill-unknown-pid", "kill-pid-zero-refused", "kill-negative-pid-refused", "kill-init-refused",
        "child-became-a-zombie", "kill-of-a-zombie-is-harmless", "zombie-keeps-its-own-status",
        // ListChecks
        "list-returns-entries", "list-shows-pm-as-boot-component", "list-shows-init-waiting-for-pm", "list-shows-sleeping-child",
        "list-shows-zombie", "list-fills-no-more-than-room", "list-through-a-grant", "list-entry-past-the-end",
        // MalformedChecks
        "unknown-request", "exec-forged-grant", "exec-zero-length", "exec-negative-length", "exec-length-past-limit",
        "exec-unknown-form", "exec-staged-with-nothing-staged", "exec-counts-disagree-with-block", "exec-negative-count", "exec-unterminated-block", "exec-block-with-trailing-bytes",
        "exec-grant-without-read-right", "exec-length-past-its-grant", "execdata-must-start-at-zero", "execdata-past-limit",
        "execdata-offset-past-length", "exec-staged-incomplete", "arguments-negative-room", "arguments-offset-past-end",
        "list-forged-grant", "list-negative-room", "wait-unknown-flags", "wait-pid-past-32-bits", "kill-pid-past-32-bits",
        "ignore-bad-setting", "shutdown-bad-setting",
        "forged-defect-report-refused", "forged-report-ended-nothing", "real-ending-still-counts", "fuzz-300-requests-each-answered-with-a-status", "pm-still-answers",
    };

    // The checks pmclient adds when VFS is running (FileSystemChecks).
    private static readonly string[] s_fileSystemChecks =
    {
        "exec-a-program-only-on-disk", "exec-an-absolute-path-on-disk", "program-from-disk-gets-its-arguments",
        "exec-a-text-file", "exec-a-directory", "exec-missing-file-on-disk",
    };

    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=pm,pmclient exit_when=pmclient", image: GuestRun.TestImage, timeoutSeconds: 120);
    }

    [TestCaseSource(nameof(s_checks))]
    public void CheckPasses(string check) =>
        GuestRun.Line(Run(), $@"^\[pmclient\] pmclient: {Regex.Escape(check)}: ok$");

    [Test]
    public void EveryCheckIsListedAndNoneFailed()
    {
        GuestRun.Line(Run(), @"^\[pm\] pm: serving$");
        GuestRun.Line(Run(), @"^\[pm\] pm: pmclient \(endpoint \d+\) is init, pid 1$");
        GuestRun.Line(Run(), @"^\[pmclient\] pmclient: file-system checks skipped \(no vfs\)$");
        GuestRun.Line(Run(), $@"^\[pmclient\] pmclient: {s_checks.Length} checks passed, 0 failed$");
        Assert.That(Run().SerialLog, Does.Not.Contain("FAIL"));
    }

    [Test]
    public void ExecdProgramsGetArgumentsEnvironmentAndTheirOwnLabel()
    {
        GuestRun.Line(Run(), @"^loader: programs for PM, not started \(no privilege table\):.* child");
        // Printed by the exec'd program under the label PM gave it.
        GuestRun.Line(Run(), @"^\[child\] child: argc 4 \[child\] \[args\] \[alpha\] \[beta gamma\] envc 2 \[HOME=/\] \[PATH=/bin\]$");
        GuestRun.Line(Run(), @"^\[child\] child: argc 5 \[child\] \[args\] \[\] \[x\] \[\] envc 2 \[HOME=/\] \[PATH=/bin\]$");
        GuestRun.Line(Run(), @"^\[child\] child: argc 101 \[child\] \[args\] \[argument-2-padded-to-be-longer-than-one-piece\]");
    }

    [Test]
    public void EndingsReachPmAsStatuses()
    {
        GuestRun.Line(Run(), @"^\[child\] panicked: unhandled NullReferenceException");
        GuestRun.Line(Run(), @"^\[pm\] pm: pid \d+ \(child\) ended, status 134$");
        GuestRun.Line(Run(), @"^\[child\] stopped by CPU exception #PF");
        GuestRun.Line(Run(), @"^\[pm\] pm: pid \d+ \(child\) ended, status 139$");
        GuestRun.Line(Run(), @"^\[pm\] pm: pid \d+ \(child\) ended, status 143$");
        GuestRun.Line(Run(), @"^\[pm\] pm: pid \d+ \(child\) ended, status 137$");
    }

    [Test]
    public void ShutdownPowersOffAndPmNeverFails()
    {
        GuestRun.Line(Run(), @"^\[pm\] pm: power off asked by pid 1 \(pmclient\); syncing$");
        Assert.That(Run().SerialLog, Does.Not.Contain("pmclient: shutdown returned"));
        Assert.That(Run().SerialLog, Does.Not.Contain("[pm] panicked"));
        Assert.That(Run().SerialLog, Does.Not.Contain("[pm] stopped"));
        Assert.That(Run().SerialLog, Does.Not.Contain("[pm] exited"));
        Assert.That(Run().SerialLog, Does.Not.Contain("pm: request"), "no handler threw");
        Assert.That(Run().SerialLog, Does.Not.Contain("KERNEL PANIC"));
        Assert.That(Run().ExitCode, Is.EqualTo(0));
    }

    // The same client with VFS, FS and the disk: programs come from /bin on
    // a FAT32 image the host made, VFS hears of every fork and ending, and
    // shutdown syncs through VFS.
    [Test]
    public void ExecReadsProgramsThroughVfs()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-pm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            byte[] child = File.ReadAllBytes(Path.Combine(GuestRun.TestImage.BootDirectory, "child"));
            var image = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            image.MakeDirectory("/bin");
            image.Put("/bin/child", child);
            image.Put("/bin/fsonly", child);
            image.Put("/bin/notelf", System.Text.Encoding.ASCII.GetBytes("#!/bin/sh\necho not a program\n"));
            var run = GuestRun.Qemu("start=ata,fs,memory,vfs,pm,pmclient exit_when=pmclient", image: GuestRun.TestImage,
                timeoutSeconds: 180, disk: image.Path);
            foreach (string check in s_fileSystemChecks)
                GuestRun.Line(run, $@"^\[pmclient\] pmclient: {Regex.Escape(check)}: ok$");
            GuestRun.Line(run, @"^\[fsonly\] child: argc 3 \[fsonly\] \[args\] \[from-disk\] envc 2");
            GuestRun.Line(run, $@"^\[pmclient\] pmclient: {s_checks.Length + s_fileSystemChecks.Length} checks passed, 0 failed$");
            GuestRun.Line(run, @"^\[pm\] pm: sync status 0$");
            Assert.That(run.SerialLog, Does.Not.Contain("pm: vfs did not take"), "VFS took every fork and exit notice");
            Assert.That(run.SerialLog, Does.Not.Contain("through vfs failed"), "no fallback to the boot modules");
            Assert.That(run.SerialLog, Does.Not.Contain("FAIL"));
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
