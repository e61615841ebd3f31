using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // Runs one program: fork, descriptors 0, 1 and 2 set up in the child
    // (StandardStreams), exec, wait. When the shell has nothing left to do
    // after it (ShellInvocation.ReplacesShell: the one command of a
    // pipeline stage's process), the program is exec'd in the shell's own
    // process instead, saving a fork.
    internal sealed class ExternalCommand
    {
        private readonly PosixHost _host;

        internal ExternalCommand(PosixHost host) { _host = host; }

        internal bool Run(ShellInvocation invocation, out int exitStatus)
        {
            exitStatus = 0;
            string name = invocation.Arguments[0];
            bool bare = name.IndexOf('/') < 0;
            string path = bare ? "/bin/" + name : name;
            if (name.Length == 0)
                return false;
            int found = Files.Stat(path, out FileStatus status);
            if (found >= 0 ? status.Kind == FileKind.Directory : !bare || found == FileSystemStatus.NotFound || found == FileSystemStatus.NotADirectory)
                return false;
            // Found, or a bare name on a file system that cannot answer (not
            // mounted, failing disk): PM then takes /bin's programs from the
            // boot image, so a broken root disk still leaves working commands.

            if (invocation.ReplacesShell)
                Exec(path, invocation);
            int child = Processes.Fork();
            if (child < 0)
                throw new InvalidOperationException("cannot fork: " + Processes.ErrorText(child));
            if (child == 0)
                Exec(path, invocation);
            // The interactive shell's foreground job: a group of its own,
            // the terminal's Ctrl-C goes to it while it runs.
            bool job = _host.JobControl;
            if (job)
            {
                Signals.SetGroup(child, child);
                Signals.SetForeground(Files.StandardInput, child);
            }
            exitStatus = WaitFor(child);
            if (job)
                Signals.SetForeground(Files.StandardInput, _host.ShellGroup);
            return true;
        }

        // Becomes the program; on failure says why and ends (126).
        private void Exec(string path, ShellInvocation invocation)
        {
            string reason = "cannot set up descriptors";
            try
            {
                if (StandardStreams.Install(_host, invocation.Input, invocation.Output, invocation.Error))
                {
                    _host.BecomeChild();
                    int result = Processes.Exec(path, invocation.Arguments, invocation.Environment);
                    reason = Processes.ErrorText(result);
                }
            }
            catch (Exception e)
            {
                reason = e.Message;
            }
            try
            {
                _host.Console2.Write(Utf8.Encode("sh: " + invocation.Arguments[0] + ": cannot execute: " + reason + "\n"));
            }
            catch (Exception)
            {
            }
            Processes.Exit(126);
        }

        // The child's exit status, or 128 + signal (PM's encoding, as sh's).
        private static int WaitFor(int pid)
        {
            int status = 0;
            int result;
            while ((result = Processes.Wait(pid, out status)) != pid)
            {
                if (result < 0)
                    throw new InvalidOperationException("cannot wait: " + Processes.ErrorText(result));
            }
            return status;
        }
    }
}
