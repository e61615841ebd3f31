using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Pipelines whose stages run at once, VFS's blocking pipes, SIGPIPE and
// background jobs on the whole system, in one boot: sh on the serial
// terminal (COM2) is given the command lines and its answers are checked.
//   - `yes | head -n 3` ends: yes gets SIGPIPE when head has gone (its
//     status in a group is 141), and so does a loop of builtins;
//   - 200,000,000 bytes of /dev/zero stream through two pipes with the
//     host's checksum, and VFS (which holds the pipes) does not grow;
//   - a reader waiting on an empty pipe is woken by a late writer;
//   - a writer blocked on a full pipe (its reader does not read) is
//     killed: the reader then gets end of file and the job ends;
//   - `&`, `$!`, `wait pid` / `wait %n` with their statuses, pwd.
// Nothing waits on a timer: each step waits for its own output; the one
// guest-side pause (the reader's) waits for a file the test creates.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ShellPipelineTests
{
    private const long StreamBytes = 200_000_000;

    [Test]
    public void PipelinesRunConcurrentlyAndJobsRunInTheBackground()
    {
        using var scratch = new GuestScratch("pipelines");
        string expectedSum = HostTool.MustRun("sh", "dash", "-c", $"head -c {StreamBytes} /dev/zero | cksum").Trim();

        Task<string> talk = Task.Run(() => Talk(scratch.Com2, DateTime.UtcNow.AddSeconds(230), expectedSum));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 240, disk: scratch.Disk, com2Socket: scratch.Com2);
        string transcript = talk.Result;
        Assert.That(run.SerialLog, Does.Not.Contain("panic"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);
    }

    private static string Talk(string socket, DateTime deadline, string expectedSum)
    {
        using SerialShell sh = SerialShell.Open(socket, deadline);

        Assert.That(sh.Run("yes | head -n 3; echo status=$?"), Does.Contain("\ny\ny\ny\nstatus=0\n"), "yes | head ends");
        string group = sh.Run("{ yes; echo \"yes ended with $?\" >&2; } | head -n 1");
        Assert.That(group, Does.Contain("yes ended with 141"), "yes was ended by SIGPIPE (128 + 13)");
        Assert.That(sh.Run("while :; do echo loop; done | head -n 2; echo status=$?"), Does.Contain("\nloop\nloop\nstatus=0\n"),
            "a stage of builtins (a forked shell) ends by SIGPIPE too");

        long vfsBefore = VfsMemory(sh.Run("ps"));
        string stream = sh.Run($"cat /dev/zero | head -c {StreamBytes} | cksum; echo status=$?");
        Assert.That(stream, Does.Contain("\n" + expectedSum + "\nstatus=0\n"), "the host's `head -c | cksum` of zeros");
        Assert.That(VfsMemory(sh.Run("ps")), Is.EqualTo(vfsBefore), "the pipes held their 8 KiB each: VFS did not grow");

        Assert.That(sh.Run("{ sleep 1; echo late; } | cat"), Does.Contain("\nlate\n"), "a reader waiting on an empty pipe is woken");

        BlockedWriterKilled(sh);

        string jobs = sh.Run("sleep 1 & echo started $!; wait $!; echo status=$?");
        Match started = Regex.Match(jobs, @"\[1\] (\d+)\n");
        Assert.That(started.Success, Is.True, "the job's number and pid: " + jobs);
        Assert.That(jobs, Does.Contain($"started {started.Groups[1].Value}\n"), "$! is the job's pid");
        Assert.That(jobs, Does.Contain("status=0\n"));
        Assert.That(sh.Run("sh -c 'exit 7' & wait %1; echo status=$?"), Does.Contain("status=7\n"));
        string unknown = sh.Run("wait 99999; echo status=$?");
        Assert.That(unknown, Does.Contain("wait: 99999: no such job"));
        Assert.That(unknown, Does.Contain("status=127\n"));
        Assert.That(sh.Run("pwd; cd /bin; pwd; cd -; pwd"), Does.Contain("\n/\n/bin\n/\n/\n"));

        sh.Shutdown();
        return sh.Transcript;
    }

    // A job whose reader reads one line and then nothing until the test
    // has killed the writer (blocked, its pipe full): the reader must then
    // see end of file, and the job end.
    private static void BlockedWriterKilled(SerialShell sh)
    {
        int from = sh.Transcript.Length;
        sh.Run("yes | { read first; echo \"reader got $first\"; until [ -e /tmp/go ]; do sleep 0.2; done; cat > /dev/null; echo \"reader saw end of file\"; } &");
        sh.WaitFor("reader got y", from);
        string ps = sh.Run("ps");
        Match yes = Regex.Match(ps, @"(?m)^yes\s+(\d+)\s+\d+\s+(\S+)");
        Assert.That(yes.Success, Is.True, "yes runs: " + ps);
        Assert.That(yes.Groups[2].Value, Is.EqualTo("receiving"), "yes waits for VFS's answer: its pipe is full");
        string killed = sh.Run($"kill {yes.Groups[1].Value}; echo > /tmp/go; wait %1; echo job status=$?");
        Assert.That(killed, Does.Contain("reader saw end of file"));
        Assert.That(killed, Does.Contain("job status=0"), "the job's status is its last stage's (the reader)");
        Assert.That(sh.Run("ps"), Does.Not.Match(@"(?m)^yes\s"), "yes is gone");
    }

    private static long VfsMemory(string ps)
    {
        Match vfs = Regex.Match(ps, @"(?m)^vfs\s+-\s+\d+\s+\S+\s+(\d+)$");
        Assert.That(vfs.Success, Is.True, "ps lists vfs: " + ps);
        return long.Parse(vfs.Groups[1].Value);
    }
}
