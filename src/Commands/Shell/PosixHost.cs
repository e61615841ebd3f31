using System.Collections.Generic;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // IShellHost over the user library: the console is descriptors 0, 1 and
    // 2, redirections open files through VFS, pipelines and background
    // jobs are forked processes (ForkedProcesses), external commands are
    // programs run by ExternalCommand. The descriptors the host opened
    // (files, pipe ends) are remembered so that a child closes them before
    // exec: a program must not inherit a file it was not given.
    internal sealed class PosixHost : IShellHost
    {
        private readonly List<int> _opened = new List<int>();
        private readonly ExternalCommand _runner;

        internal PosixHost()
        {
            ProcessId = Lib.Posix.Processes.GetPid();
            Console0 = new DescriptorStream(Files.StandardInput, null);
            Console1 = new DescriptorStream(Files.StandardOutput, null);
            Console2 = new DescriptorStream(Files.StandardError, null);
            _runner = new ExternalCommand(this);
            Processes = new ForkedProcesses(this);
        }

        internal DescriptorStream Console0 { get; }
        internal DescriptorStream Console1 { get; }
        internal DescriptorStream Console2 { get; }

        // Set by the interactive front end: children get Interrupt back.
        internal bool IgnoresInterrupt { get; set; }

        // Set by the interactive front end on a terminal: jobs get process
        // groups and the terminal's foreground (IShellJobControl); the
        // shell's own group is ShellGroup. Never in a forked child.
        internal bool JobControl { get; set; }
        internal int ShellGroup { get; set; }

        public int ProcessId { get; }
        public IShellInput StandardInput => Console0;
        public IShellOutput StandardOutput => Console1;
        public IShellOutput StandardError => Console2;
        public IShellProcesses? Processes { get; }

        public bool TryRunCommand(ShellInvocation invocation, out int exitStatus) => _runner.Run(invocation, out exitStatus);

        public IShellInput? OpenRead(string path, out string error) => Open(path, OpenFlags.Read, out error);

        public IShellOutput? OpenWrite(string path, bool append, out string error) =>
            Open(path, OpenFlags.Write | OpenFlags.Create | (append ? OpenFlags.Append : OpenFlags.Truncate), out error);

        public bool ChangeDirectory(string path, out string error)
        {
            int result = Files.ChangeDirectory(path);
            error = result < 0 ? Files.ErrorText(result) : "";
            return result >= 0;
        }

        public bool TryGetWorkingDirectory(out string path, out string error)
        {
            int result = Files.GetWorkingDirectory(out path);
            error = result < 0 ? Files.ErrorText(result) : "";
            return result >= 0;
        }

        public ShellFileKind GetFileKind(string path)
        {
            if (Files.Stat(path, out FileStatus status) < 0)
                return ShellFileKind.None;
            // test -e is true for devices and pipes too; only -f and -d care.
            return status.Kind == FileKind.Directory ? ShellFileKind.Directory : ShellFileKind.File;
        }

        // A descriptor the host made (a pipe end) as a stream it owns.
        internal DescriptorStream Adopt(int descriptor)
        {
            _opened.Add(descriptor);
            return new DescriptorStream(descriptor, this);
        }

        internal void Forget(int descriptor) => _opened.Remove(descriptor);

        // In a child about to exec or to run a stage: nothing the shell
        // opened stays open but what is now 0, 1 and 2.
        internal void CloseOpened()
        {
            foreach (int fd in _opened)
                Files.Close(fd);
            _opened.Clear();
        }

        // In a process forked from the shell: Interrupt's default comes
        // back (only the interactive shell itself ignores it).
        internal void BecomeChild()
        {
            JobControl = false;
            if (!IgnoresInterrupt)
                return;
            Lib.Posix.Processes.IgnoreSignal(Signal.Interrupt, false);
            IgnoresInterrupt = false;
        }

        private DescriptorStream? Open(string path, OpenFlags flags, out string error)
        {
            int fd = Files.Open(path, flags);
            if (fd < 0)
            {
                error = Files.ErrorText(fd);
                return null;
            }
            error = "";
            return Adopt(fd);
        }
    }
}
