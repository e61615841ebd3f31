using System.Collections.Generic;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // IShellHost over the user library: the console is descriptors 0, 1 and
    // 2, redirections open files through VFS, external commands are
    // programs run by ExternalCommand. The descriptors the host opened are
    // remembered so that a child closes them before exec: a program must
    // not inherit a file it was not given.
    internal sealed class PosixHost : IShellHost
    {
        private readonly List<int> _opened = new List<int>();
        private readonly ExternalCommand _runner;

        internal PosixHost()
        {
            ProcessId = Processes.GetPid();
            Console0 = new DescriptorStream(Files.StandardInput, null);
            Console1 = new DescriptorStream(Files.StandardOutput, null);
            Console2 = new DescriptorStream(Files.StandardError, null);
            _runner = new ExternalCommand(this);
        }

        internal DescriptorStream Console0 { get; }
        internal DescriptorStream Console1 { get; }
        internal DescriptorStream Console2 { get; }

        // Set by the interactive front end: children get Interrupt back.
        internal bool IgnoresInterrupt { get; set; }

        public int ProcessId { get; }
        public IShellInput StandardInput => Console0;
        public IShellOutput StandardOutput => Console1;
        public IShellOutput StandardError => Console2;

        internal List<int> Opened => _opened;

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

        public ShellFileKind GetFileKind(string path)
        {
            if (Files.Stat(path, out FileStatus status) < 0)
                return ShellFileKind.None;
            // test -e is true for devices and pipes too; only -f and -d care.
            return status.Kind == FileKind.Directory ? ShellFileKind.Directory : ShellFileKind.File;
        }

        internal void Forget(int descriptor) => _opened.Remove(descriptor);

        private DescriptorStream? Open(string path, OpenFlags flags, out string error)
        {
            int fd = Files.Open(path, flags);
            if (fd < 0)
            {
                error = Files.ErrorText(fd);
                return null;
            }
            error = "";
            _opened.Add(fd);
            return new DescriptorStream(fd, this);
        }
    }
}
