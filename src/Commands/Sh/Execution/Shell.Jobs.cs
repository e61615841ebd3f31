using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// Pipelines and background jobs: processes the host starts
// (IShellProcesses). A pipeline of several commands runs every stage in
// its own process, all at once, each stage's output a pipe to the next
// one's input; its status is the last stage's. `list &` runs in a
// process the shell does not wait for: $! is its pid, `wait` collects it.
public sealed partial class Shell
{
    // Finished background jobs kept for a later `wait PID` (POSIX asks
    // for the statuses of the most recent ones); older ones are forgotten.
    public const int MaxRememberedJobs = 64;

    private sealed class Job
    {
        internal int Number;
        internal int Pid;
        internal string Text = "";
        internal bool Ended;
        internal int Status;
    }

    private readonly List<Job> _jobs = new List<Job>();
    private IShellProcesses? _processes;
    private int _lastBackgroundPid;
    private bool _interactive;
    // Set for the one command a started process exists to run; the
    // simple command that takes it may let the host exec in place.
    private bool _lastInProcess;

    private IShellProcesses Processes => _processes ??= _host.Processes ?? new InProcessProcesses();

    // The shell keeps no pipe end once the stage that uses it is started,
    // so a reader sees end of file when its writer ends, and a writer
    // whose reader has ended gets SIGPIPE (or EPIPE).
    private int RunStages(Pipeline pipeline, ShellIo io)
    {
        var pids = new List<int>();
        IShellJobControl? jobs = Processes as IShellJobControl;
        int group = 0;
        IShellInput input = io.Input;
        IShellInput? ownedInput = null;
        string? failure = null;
        try
        {
            for (int i = 0; i < pipeline.Commands.Count && failure == null; i++)
            {
                bool last = i == pipeline.Commands.Count - 1;
                IShellInput? nextInput = null;
                IShellOutput? ownedOutput = null;
                if (!last && !Processes.TryCreatePipe(out nextInput, out ownedOutput, out string pipeError))
                {
                    failure = "cannot make a pipe: " + pipeError;
                    break;
                }
                Command stage = pipeline.Commands[i];
                int pid = Processes.Start((stdin, stdout, stderr) => RunProcess(stage, null, new ShellIo(stdin, stdout, stderr)),
                    input, ownedOutput ?? io.Output, io.Error, out string startError);
                CloseStream(ownedOutput);
                CloseStream(ownedInput);
                ownedInput = nextInput;
                if (nextInput != null)
                    input = nextInput;
                if (pid < 0)
                {
                    failure = "cannot start a process: " + startError;
                }
                else
                {
                    pids.Add(pid);
                    if (jobs != null)
                    {
                        if (group == 0)
                            group = pid;
                        jobs.Join(pid, group);
                    }
                }
            }
        }
        finally
        {
            // A stage that did not start leaves the pipe to it unread: the
            // writer before it ends (SIGPIPE) instead of waiting for ever.
            CloseStream(ownedInput);
        }
        // The terminal's foreground once every stage is in the group: a
        // Ctrl-C then reaches them all (typed earlier, it reaches the
        // shell, which ignores it).
        if (jobs != null && group != 0)
            jobs.Foreground(group);
        int status = 0;
        for (int i = 0; i < pids.Count; i++)
            status = WaitForProcess(pids[i]);
        if (jobs != null && group != 0)
            jobs.Foreground(0);
        if (failure != null)
        {
            Report(io, $"line {_line}: {failure}");
            status = 126;
        }
        return status;
    }

    // The body of a process the shell started: one stage, or a background
    // list, in a copy of the shell's state.
    private int RunProcess(Command? command, CommandList? list, ShellIo io)
    {
        _lastInProcess = command is SimpleCommand;
        try
        {
            return RunIsolated(command, list, io);
        }
        finally
        {
            _lastInProcess = false;
        }
    }

    private int WaitForProcess(int pid)
    {
        ShellWait result = Processes.Wait(pid, true, out int status);
        return result == ShellWait.Ended ? status & 0xFF : 127;
    }

    // `list &`: standard input is /dev/null (there is no job control to
    // give the job the terminal). $! is the job's pid.
    private int StartBackground(AndOrList item, ShellIo io)
    {
        ReapJobs(null);
        IShellInput? nothing = null;
        try
        {
            nothing = _host.OpenRead("/dev/null", out _);
        }
        catch (Exception)
        {
        }
        var body = new CommandList();
        var foreground = new AndOrList();
        foreach (Pipeline pipeline in item.Pipelines)
            foreground.Pipelines.Add(pipeline);
        foreach (bool isAnd in item.IsAnd)
            foreground.IsAnd.Add(isAnd);
        body.Items.Add(foreground);
        int pid = Processes.Start((stdin, stdout, stderr) => RunProcess(SingleCommand(foreground), body, new ShellIo(stdin, stdout, stderr)),
            nothing ?? ShellNullStream.Instance, io.Output, io.Error, out string error);
        CloseStream(nothing);
        if (pid < 0)
            return Fail(io, "cannot start a background job: " + error, 2);
        // A group of its own, never the terminal's foreground: Ctrl-C
        // does not reach it.
        (Processes as IShellJobControl)?.Join(pid, pid);
        var job = new Job { Number = FreeJobNumber(), Pid = pid, Text = item.Text };
        _jobs.Add(job);
        _lastBackgroundPid = pid;
        if (_interactive)
            WriteSafely(io.Error, $"[{job.Number}] {pid}\n");
        return 0;
    }

    // `cmd &` is one simple command: its process may become the program.
    private static Command? SingleCommand(AndOrList list) =>
        list.Pipelines.Count == 1 && list.Pipelines[0].Commands.Count == 1 && !list.Pipelines[0].Negated
            ? list.Pipelines[0].Commands[0] as SimpleCommand
            : null;

    private int FreeJobNumber()
    {
        for (int number = 1; ; number++)
        {
            bool taken = false;
            foreach (Job job in _jobs)
                taken |= job.Number == number;
            if (!taken)
                return number;
        }
    }

    // Collects background jobs that have ended, without waiting. An
    // interactive shell says so ("[1] Done  sleep 1") and forgets them;
    // otherwise their statuses stay for `wait` (the oldest forgotten past
    // MaxRememberedJobs).
    private void ReapJobs(IShellOutput? report)
    {
        int ended = 0;
        for (int i = 0; i < _jobs.Count; i++)
        {
            Job job = _jobs[i];
            if (!job.Ended)
            {
                ShellWait result = Processes.Wait(job.Pid, false, out int status);
                if (result == ShellWait.Running)
                    continue;
                job.Ended = true;
                job.Status = result == ShellWait.Ended ? status & 0xFF : 127;
            }
            if (report != null)
            {
                WriteSafely(report, $"[{job.Number}] {Describe(job.Status)}\t{job.Text}\n");
                _jobs.RemoveAt(i--);
                continue;
            }
            ended++;
        }
        for (int i = 0; i < _jobs.Count && ended > MaxRememberedJobs; i++)
        {
            if (!_jobs[i].Ended)
                continue;
            _jobs.RemoveAt(i--);
            ended--;
        }
    }

    // POSIX jobs' states: "Done", "Done(3)"; a signal is named by number.
    private static string Describe(int status) =>
        status == 0 ? "Done" : status > 128 ? $"Signal {status - 128}" : $"Done({status})";

    // wait [pid | %job ...]: without operands waits for every background
    // job and is 0; otherwise the status of the last operand (127 for one
    // that is no job of this shell).
    private int Wait(List<string> argv, ShellIo io)
    {
        if (argv.Count == 1)
        {
            foreach (Job job in _jobs)
                Collect(job);
            _jobs.Clear();
            return 0;
        }
        int status = 0;
        for (int i = 1; i < argv.Count; i++)
        {
            Job? job = FindJob(argv[i]);
            if (job == null)
            {
                status = Fail(io, "wait: " + argv[i] + ": no such job", 127);
                continue;
            }
            status = Collect(job);
            _jobs.Remove(job);
        }
        return status;
    }

    private int Collect(Job job)
    {
        if (!job.Ended)
        {
            job.Status = WaitForProcess(job.Pid);
            job.Ended = true;
        }
        return job.Status;
    }

    private Job? FindJob(string operand)
    {
        bool byNumber = operand.Length > 1 && operand[0] == '%';
        if (!TryParseCount(byNumber ? operand.Substring(1) : operand, out int value))
            return null;
        foreach (Job job in _jobs)
        {
            if ((byNumber ? job.Number : job.Pid) == value)
                return job;
        }
        return null;
    }

    private static void CloseStream(object? stream)
    {
        try
        {
            if (stream is IShellClosable closable)
                closable.Close();
        }
        catch (Exception)
        {
        }
    }
}
