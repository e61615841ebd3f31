using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // IShellProcesses over PM and VFS: a started process is a fork of the
    // shell whose descriptors 0, 1 and 2 are the given streams, a pipe is
    // VFS's (it blocks a reader with nothing to read and a writer with no
    // room, and fails a write with no reader left: the writer gets
    // SIGPIPE), and Wait is PM's.
    internal sealed class ForkedProcesses : IShellProcesses, IShellJobControl
    {
        private readonly PosixHost _host;

        internal ForkedProcesses(PosixHost host) { _host = host; }

        public bool TryCreatePipe(out IShellInput readEnd, out IShellOutput writeEnd, out string error)
        {
            readEnd = ShellNullStream.Instance;
            writeEnd = ShellNullStream.Instance;
            int status = Files.Pipe(out int read, out int write);
            if (status < 0)
            {
                error = Files.ErrorText(status);
                return false;
            }
            readEnd = _host.Adopt(read);
            writeEnd = _host.Adopt(write);
            error = "";
            return true;
        }

        public int Start(ShellProcessBody body, IShellInput input, IShellOutput output, IShellOutput error, out string reason)
        {
            reason = "";
            int pid = Processes.Fork();
            if (pid < 0)
            {
                reason = Processes.ErrorText(pid);
                return -1;
            }
            if (pid == 0)
                Processes.Exit(RunChild(body, input, output, error));
            return pid;
        }

        // In the new process: its streams become 0, 1 and 2, then the body
        // runs on them. Nothing here returns to the code that called Start.
        private int RunChild(ShellProcessBody body, IShellInput input, IShellOutput output, IShellOutput error)
        {
            try
            {
                _host.BecomeChild();
                if (!StandardStreams.Install(_host, input, output, error))
                {
                    _host.Console2.Write(Utf8.Encode("sh: cannot set up descriptors\n"));
                    return 126;
                }
                return body(_host.Console0, _host.Console1, _host.Console2);
            }
            catch (Exception e)
            {
                try
                {
                    _host.Console2.Write(Utf8.Encode("sh: " + e.Message + "\n"));
                }
                catch (Exception)
                {
                }
                return 2;
            }
        }

        // setpgid from the shell's side (the child may already run its
        // program; PM allows it) and tcsetpgrp on the shell's terminal.
        public void Join(int pid, int group)
        {
            if (_host.JobControl)
                Signals.SetGroup(pid, group);
        }

        public void Foreground(int group)
        {
            if (_host.JobControl)
                Signals.SetForeground(Files.StandardInput, group == 0 ? _host.ShellGroup : group);
        }

        public ShellWait Wait(int pid, bool block, out int status)
        {
            int result = Processes.Wait(pid, out status, noHang: !block);
            if (result == pid)
                return ShellWait.Ended;
            return result == 0 ? ShellWait.Running : ShellWait.Unknown;
        }
    }
}
