namespace Minix3.Cosmos.Commands.Sh;

// Everything the shell needs from the operating system. The interpreter knows
// nothing else about processes, files or the console, so it runs today
// against a fake and later against the process manager and file system.
public interface IShellHost
{
    // The value of $$.
    int ProcessId { get; }

    // The console: where commands read and write when nothing is redirected.
    IShellInput StandardInput { get; }
    IShellOutput StandardOutput { get; }
    IShellOutput StandardError { get; }

    // Runs an external program to completion. Returns false, without running
    // anything, if no program of that name exists (the shell then reports
    // "not found" and status 127); otherwise exitStatus is the program's.
    bool TryRunCommand(ShellInvocation invocation, out int exitStatus);

    // Opens a file for `<` (read) or `>`/`>>` (write, append). Returns null and
    // a reason on failure. Streams that hold resources implement
    // IShellClosable; the shell closes every stream it opened once the
    // command is done.
    IShellInput? OpenRead(string path, out string error);
    IShellOutput? OpenWrite(string path, bool append, out string error);

    // The cd builtin. Returns false and a reason if the directory is unusable.
    bool ChangeDirectory(string path, out string error);

    // For test -e, -f and -d.
    ShellFileKind GetFileKind(string path);

    // The working directory, absolute (pwd, and PWD after cd). False and a
    // reason when the host cannot tell.
    bool TryGetWorkingDirectory(out string path, out string error);

    // Processes and pipes for pipelines and background jobs; null for a
    // host without processes of its own (the shell then runs them with
    // InProcessProcesses: one after another, through in-memory pipes).
    IShellProcesses? Processes { get; }
}

public enum ShellFileKind
{
    None,
    File,
    Directory,
}

// One external command as the host sees it: argv, the exported environment,
// and the three standard streams after redirections were applied.
public sealed class ShellInvocation
{
    public ShellInvocation(string[] arguments, string[] environment, IShellInput input, IShellOutput output, IShellOutput error)
    {
        Arguments = arguments;
        Environment = environment;
        Input = input;
        Output = output;
        Error = error;
    }

    // Arguments[0] is the command name as written.
    public string[] Arguments { get; }

    // "NAME=value" for every exported variable and every assignment written
    // before the command name (`NAME=value command`).
    public string[] Environment { get; }

    public IShellInput Input { get; }
    public IShellOutput Output { get; }
    public IShellOutput Error { get; }

    // The shell has nothing left to do after this command (the last one
    // of a process it started for a pipeline stage or a background job):
    // the host may run the program in the shell's own process (exec
    // without fork). Then TryRunCommand returns only if there is no such
    // program.
    public bool ReplacesShell { get; set; }
}
