using System.Collections.Generic;
using Minix3.Cosmos.Commands.Sh;

namespace Minix3.Cosmos.Tests.Components.ShTest
{
    // A host with no process manager or file system behind it: the commands
    // the recovery scripts call (sleep, service, cat, mail) are recorded with
    // their arguments (and standard input, for cat and mail) so a check can
    // compare what a script would have done; files come from a dictionary.
    internal sealed class RecordingHost : IShellHost
    {
        public ShellBuffer Out = new ShellBuffer();
        public ShellBuffer Err = new ShellBuffer();
        public ShellBuffer In = new ShellBuffer();
        public List<string> Commands = new List<string>();
        public Dictionary<string, string> Files = new Dictionary<string, string>();
        public int ProcessId => 7;
        public IShellInput StandardInput => In;
        public IShellOutput StandardOutput => Out;
        public IShellOutput StandardError => Err;

        public bool TryRunCommand(ShellInvocation invocation, out int exitStatus)
        {
            exitStatus = 0;
            string name = invocation.Arguments[0];
            if (name != "sleep" && name != "service" && name != "cat" && name != "mail")
                return false;
            var line = new System.Text.StringBuilder();
            foreach (string a in invocation.Arguments)
                line.Append(line.Length > 0 ? " " : "").Append(a);
            if (name == "cat" || name == "mail")
                line.Append(" <").Append(Utf8.ReadAll(invocation.Input)).Append(">");
            Commands.Add(line.ToString());
            return true;
        }

        public IShellInput? OpenRead(string path, out string error)
        {
            error = "no such file";
            return Files.TryGetValue(path, out string? text) ? new ShellBuffer(text) : null;
        }

        public IShellOutput? OpenWrite(string path, bool append, out string error)
        {
            error = "";
            return new ShellBuffer();
        }

        public bool ChangeDirectory(string path, out string error)
        {
            error = "no";
            return false;
        }

        public ShellFileKind GetFileKind(string path) => Files.ContainsKey(path) ? ShellFileKind.File : ShellFileKind.None;

        public bool TryGetWorkingDirectory(out string path, out string error)
        {
            path = "/";
            error = "";
            return true;
        }

        // No processes: pipelines run one stage after another.
        public IShellProcesses? Processes => null;
    }
}
