using System;
using System.Collections.Generic;
using Minix3.Cosmos.Commands.Sh;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// Pipelines as processes, background jobs (`&`, $!, wait), pwd and cd's
// PWD: what the interpreter asks of IShellProcesses, checked through a
// recording implementation over InProcessProcesses (which runs each
// "process" at once, so the results are deterministic here; the boot
// tests run the same through fork and VFS's pipes).
public class JobTests
{
    [Test]
    public void EveryStageOfAPipelineIsAProcessAndTheShellKeepsNoPipeEnd()
    {
        var processes = new RecordingProcesses();
        var run = new ShellRun(new FakeShellHost { Replacement = processes }, "echo one two | cat | wc -w; echo $?");

        Assert.That(run.Output, Is.EqualTo("2\n0\n"));
        Assert.That(processes.Started, Is.EqualTo(3), "one process per stage");
        Assert.That(processes.PipesMade, Is.EqualTo(2));
        Assert.That(processes.OpenPipeEnds, Is.EqualTo(0), "every pipe end closed by the shell once its stage started");
        Assert.That(processes.Waited, Is.EqualTo(new[] { 1000, 1001, 1002 }));
    }

    [Test]
    public void AStageThatIsOneProgramMayReplaceItsProcess()
    {
        var host = new FakeShellHost();
        host.Files["/empty"] = "";
        new ShellRun(host, "echo a | cat | { cat; }; cat < /empty; f() { cat; }; echo b | f");

        var replaces = new List<bool>();
        foreach (ShellInvocation invocation in host.Invocations)
            replaces.Add(invocation.ReplacesShell);
        // `cat` alone in a stage: yes; inside { }, at the top level, or in
        // a function called by a stage: no.
        Assert.That(replaces, Is.EqualTo(new[] { true, false, false, false }));
    }

    [Test]
    public void StartFailureIsReportedAndTheStartedStagesAreWaitedFor()
    {
        var processes = new RecordingProcesses { FailStartAt = 1 };
        var run = new ShellRun(new FakeShellHost { Replacement = processes }, "echo a | cat | cat; echo status=$?");

        Assert.That(run.Error, Does.Contain("cannot start a process: no memory"));
        Assert.That(run.Output, Does.EndWith("status=126\n"));
        Assert.That(processes.Waited, Is.EqualTo(new[] { 1000 }));
        Assert.That(processes.OpenPipeEnds, Is.EqualTo(0));
    }

    [Test]
    public void BackgroundJobsSetBangAndWaitGivesTheirStatus()
    {
        var run = new ShellRun("status 3 & first=$!; status 5 & echo $first $!; wait $first; echo $?; wait; echo $?; wait $first; echo $?");

        Assert.That(run.Output, Is.EqualTo("1000 1001\n3\n0\n127\n"));
        Assert.That(run.Error, Does.Contain("wait: 1000: no such job"));
    }

    [Test]
    public void WaitTakesJobNumbersAndTheLastOperandsStatus()
    {
        var run = new ShellRun("status 7 & status 9 & wait %1 %2; echo $?; wait %1; echo $?");

        Assert.That(run.Output, Is.EqualTo("9\n127\n"));
    }

    [Test]
    public void ABackgroundListRunsInItsOwnProcessWithNothingToRead()
    {
        var host = new FakeShellHost();
        host.Input.Write(System.Text.Encoding.ASCII.GetBytes("typed\n"));
        var run = new ShellRun(host, "x=1; { x=2; cat; echo in job $x; } & wait; echo $x; echo $!");

        Assert.That(run.Output, Is.EqualTo("in job 2\n1\n1000\n"), "the job's variables stay in it; its input is not the shell's");
        Assert.That(host.Input.Length, Is.EqualTo(6), "standard input left for the shell");
    }

    [Test]
    public void AnAmpersandSeparatesCommandsAndMayEndTheLine()
    {
        var run = new ShellRun("echo a & echo b &\necho c; wait");

        Assert.That(run.Output, Is.EqualTo("a\nb\nc\n"));
    }

    [Test]
    public void BangIsEmptyBeforeAnyJob()
    {
        var run = new ShellRun("echo \"[$!]\"");

        Assert.That(run.Output, Is.EqualTo("[]\n"));
    }

    [Test]
    public void TheInteractiveShellNamesJobsAndReportsThemDone()
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);
        var input = new ShellBuffer("status 3 && echo no || echo yes &\necho next\n");

        shell.RunInteractive(input, host.Error, lineAtATime: true);

        Assert.That(host.Output.ToString(), Is.EqualTo("yes\nnext\n"));
        Assert.That(host.Error.ToString(), Does.Contain("[1] 1000\n"));
        Assert.That(host.Error.ToString(), Does.Contain("[1] Done\tstatus 3 && echo no || echo yes\n"));
    }

    [Test]
    public void JobReportsNameNonZeroStatusesAndSignals()
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);

        shell.RunInteractive(new ShellBuffer("status 4 &\nstatus 141 &\n:\n"), host.Error, lineAtATime: true);

        Assert.That(host.Error.ToString(), Does.Contain("[1] Done(4)\tstatus 4\n"));
        Assert.That(host.Error.ToString(), Does.Contain("[1] Signal 13\tstatus 141\n"));
    }

    [Test]
    public void PwdAndCdKeepPwdAndOldPwd()
    {
        var run = new ShellRun("pwd; cd /tmp; pwd; echo $PWD $OLDPWD; cd -; pwd; pwd -P; pwd -x; echo $?");

        Assert.That(run.Output, Is.EqualTo("/\n/tmp\n/tmp /\n/\n/\n/\n2\n"));
        Assert.That(run.Error, Does.Contain("pwd: bad option -x"));
    }

    [Test]
    public void CdMinusWithoutOldPwdFails()
    {
        var run = new ShellRun("cd -; echo $?");

        Assert.That(run.Output, Is.EqualTo("1\n"));
        Assert.That(run.Error, Does.Contain("cd: OLDPWD not set"));
    }

    // InProcessProcesses with pipe ends that must be closed, and a record
    // of what was started and waited for.
    private sealed class RecordingProcesses : IShellProcesses
    {
        private readonly InProcessProcesses _inner = new InProcessProcesses();

        public int Started { get; private set; }
        public int PipesMade { get; private set; }
        public int OpenPipeEnds { get; private set; }
        public int FailStartAt { get; set; } = -1;
        public List<int> Waited { get; } = new List<int>();

        public bool TryCreatePipe(out IShellInput readEnd, out IShellOutput writeEnd, out string error)
        {
            var buffer = new ShellBuffer();
            readEnd = new End(this, buffer);
            writeEnd = new End(this, buffer);
            OpenPipeEnds += 2;
            PipesMade++;
            error = "";
            return true;
        }

        public int Start(ShellProcessBody body, IShellInput input, IShellOutput output, IShellOutput error, out string reason)
        {
            if (Started++ == FailStartAt)
            {
                reason = "no memory";
                return -1;
            }
            return _inner.Start(body, input, output, error, out reason);
        }

        public ShellWait Wait(int pid, bool block, out int status)
        {
            Waited.Add(pid);
            return _inner.Wait(pid, block, out status);
        }

        private sealed class End : IShellInput, IShellOutput, IShellClosable
        {
            private readonly RecordingProcesses _owner;
            private readonly ShellBuffer _buffer;
            private bool _closed;

            internal End(RecordingProcesses owner, ShellBuffer buffer)
            {
                _owner = owner;
                _buffer = buffer;
            }

            public int Read(Span<byte> buffer) => _buffer.Read(buffer);

            public void Write(ReadOnlySpan<byte> data) => _buffer.Write(data);

            public void Close()
            {
                if (_closed)
                    throw new InvalidOperationException("closed twice");
                _closed = true;
                _owner.OpenPipeEnds--;
            }
        }
    }
}
