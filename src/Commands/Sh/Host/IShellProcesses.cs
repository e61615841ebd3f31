using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// What runs in a new process: a copy of the shell, given the streams that
// are its descriptors 0, 1 and 2 there. The value is the process's exit
// status.
public delegate int ShellProcessBody(IShellInput input, IShellOutput output, IShellOutput error);

// Processes and pipes, for pipelines (every stage its own process, all
// running at once, connected by pipes) and background jobs (`&`, `wait`).
// The sh program implements it with fork, pipe, dup2 and wait; a host with
// no processes of its own uses InProcessProcesses.
public interface IShellProcesses
{
    // A pipe: what is written to writeEnd is read from readEnd, which
    // reads end of file once every write end is closed. Both ends are
    // IShellClosable. False, with a reason, when none can be made.
    bool TryCreatePipe(out IShellInput readEnd, out IShellOutput writeEnd, out string error);

    // Runs body in a new process whose standard streams are input, output
    // and error; every other stream the shell holds is closed there.
    // Returns its pid (> 0), or -1 with a reason. In the new process body's
    // value becomes the exit status: Start never returns there.
    int Start(ShellProcessBody body, IShellInput input, IShellOutput output, IShellOutput error, out string reason);

    // Waits for a process Start made: Ended and its status (0-255; 128 +
    // the signal that ended it). With block false, Running while it still
    // runs. Unknown for a pid that is not the shell's child.
    ShellWait Wait(int pid, bool block, out int status);
}

public enum ShellWait
{
    Ended,
    Running,
    Unknown,
}

// Processes for a host that has none (the unit tests' fakes, a shell
// embedded in a component): a "process" runs to completion inside Start,
// in the caller's shell (which copies its state for it, as a fork would),
// and a pipe is an in-memory buffer that the next stage reads once the
// one before has finished. Pipes are bounded (MaxPipeBytes) so that
// `while :; do echo; done | cat` ends in an error instead of exhausting
// the heap; a stage must not need its reader to run at the same time
// (`yes | head` cannot end here).
public sealed class InProcessProcesses : IShellProcesses
{
    private readonly Dictionary<int, int> _ended = new Dictionary<int, int>();
    private int _nextPid;

    public InProcessProcesses(int firstPid = 1000) { _nextPid = firstPid; }

    public int MaxPipeBytes { get; set; } = 256 * 1024;

    public bool TryCreatePipe(out IShellInput readEnd, out IShellOutput writeEnd, out string error)
    {
        var buffer = new ShellBuffer { MaxLength = MaxPipeBytes };
        readEnd = buffer;
        writeEnd = buffer;
        error = "";
        return true;
    }

    public int Start(ShellProcessBody body, IShellInput input, IShellOutput output, IShellOutput error, out string reason)
    {
        reason = "";
        int pid = _nextPid++;
        int status;
        try
        {
            status = body(input, output, error);
        }
        catch (Exception e)
        {
            // What a real process would do: say why on its standard error and end.
            try
            {
                error.Write(Utf8.Encode("sh: " + e.Message + "\n"));
            }
            catch (Exception)
            {
            }
            status = 2;
        }
        _ended[pid] = status & 0xFF;
        return pid;
    }

    public ShellWait Wait(int pid, bool block, out int status)
    {
        if (!_ended.TryGetValue(pid, out status))
            return ShellWait.Unknown;
        _ended.Remove(pid);
        return ShellWait.Ended;
    }
}
