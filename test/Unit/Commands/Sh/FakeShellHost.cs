using System;
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Commands.Sh;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// A host with an in-memory console and file system and a few simulated
// programs. Every external command is recorded as its argv joined by
// spaces, which is what the tests compare against.
internal sealed class FakeShellHost : IShellHost
{
    private readonly Dictionary<string, Func<ShellInvocation, int>> _programs = new Dictionary<string, Func<ShellInvocation, int>>();

    public FakeShellHost()
    {
        _programs["service"] = invocation => ServiceStatus;
        _programs["sleep"] = Sleep;
        _programs["mail"] = Mail;
        _programs["cat"] = Cat;
        _programs["wc"] = Wc;
        _programs["env"] = invocation =>
        {
            foreach (string entry in invocation.Environment)
                Write(invocation.Output, entry + "\n");
            return 0;
        };
        _programs["status"] = invocation => int.Parse(invocation.Arguments[1]);
        _programs["warn"] = invocation =>
        {
            Write(invocation.Error, "warning: " + string.Join(" ", invocation.Arguments, 1, invocation.Arguments.Length - 1) + "\n");
            return 0;
        };
        _programs["boom"] = invocation => throw new InvalidOperationException("exploded");
    }

    public int ProcessId => 4711;

    public ShellBuffer Input { get; } = new ShellBuffer();
    public ShellBuffer Output { get; } = new ShellBuffer();
    public ShellBuffer Error { get; } = new ShellBuffer();

    public IShellInput StandardInput => Input;
    public IShellOutput StandardOutput => Output;
    public IShellOutput StandardError => Error;

    public List<string> Commands { get; } = new List<string>();
    public List<ShellInvocation> Invocations { get; } = new List<ShellInvocation>();
    public Dictionary<string, string> Files { get; } = new Dictionary<string, string>();
    public HashSet<string> Directories { get; } = new HashSet<string> { "/", "/tmp" };
    public List<string> Sleeps { get; } = new List<string>();
    public List<string> Mails { get; } = new List<string>();
    public string CurrentDirectory { get; private set; } = "/";
    public int OpenStreams { get; private set; }
    public int ServiceStatus { get; set; }

    public void AddProgram(string name, Func<ShellInvocation, int> program) => _programs[name] = program;

    public bool TryRunCommand(ShellInvocation invocation, out int exitStatus)
    {
        exitStatus = 0;
        if (!_programs.TryGetValue(invocation.Arguments[0], out Func<ShellInvocation, int>? program))
            return false;
        Commands.Add(string.Join(" ", invocation.Arguments));
        Invocations.Add(invocation);
        exitStatus = program(invocation);
        return true;
    }

    public IShellInput? OpenRead(string path, out string error)
    {
        error = "";
        if (!Files.TryGetValue(path, out string? text))
        {
            error = "No such file or directory";
            return null;
        }
        OpenStreams++;
        return new FakeFile(this, path, text);
    }

    public IShellOutput? OpenWrite(string path, bool append, out string error)
    {
        error = "";
        if (path.Length == 0 || Directories.Contains(path) || path.StartsWith("/readonly/", StringComparison.Ordinal))
        {
            error = "Permission denied";
            return null;
        }
        if (!append || !Files.ContainsKey(path))
            Files[path] = "";
        OpenStreams++;
        return new FakeFile(this, path, null);
    }

    public bool ChangeDirectory(string path, out string error)
    {
        error = "";
        if (!Directories.Contains(path))
        {
            error = "No such directory";
            return false;
        }
        CurrentDirectory = path;
        return true;
    }

    public ShellFileKind GetFileKind(string path) =>
        Directories.Contains(path) ? ShellFileKind.Directory : Files.ContainsKey(path) ? ShellFileKind.File : ShellFileKind.None;

    public bool TryGetWorkingDirectory(out string path, out string error)
    {
        path = CurrentDirectory;
        error = "";
        return true;
    }

    // Pipelines and background jobs run one stage after another.
    public InProcessProcesses InProcess { get; } = new InProcessProcesses();

    // Set by a test to watch what the shell asks of its processes.
    public IShellProcesses? Replacement { get; set; }

    public IShellProcesses? Processes => Replacement ?? InProcess;

    internal static void Write(IShellOutput output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    internal static string ReadAll(IShellInput input) => Utf8.ReadAll(input);

    // sleep N: records N; like sleep(1), fails on anything but a
    // non-negative integer.
    private int Sleep(ShellInvocation invocation)
    {
        string seconds = invocation.Arguments.Length > 1 ? invocation.Arguments[1] : "";
        Sleeps.Add(seconds);
        return seconds.Length > 0 && ulong.TryParse(seconds, out _) ? 0 : 1;
    }

    // mail [-s subject] recipient: records "recipient|subject|body".
    private int Mail(ShellInvocation invocation)
    {
        string[] args = invocation.Arguments;
        string subject = "";
        int i = 1;
        if (args.Length > 2 && args[1] == "-s")
        {
            subject = args[2];
            i = 3;
        }
        if (i >= args.Length)
            return 1;
        Mails.Add(args[i] + "|" + subject + "|" + ReadAll(invocation.Input));
        return 0;
    }

    private int Cat(ShellInvocation invocation)
    {
        if (invocation.Arguments.Length == 1)
        {
            Write(invocation.Output, ReadAll(invocation.Input));
            return 0;
        }
        int status = 0;
        for (int i = 1; i < invocation.Arguments.Length; i++)
        {
            if (Files.TryGetValue(invocation.Arguments[i], out string? text))
            {
                Write(invocation.Output, text);
            }
            else
            {
                Write(invocation.Error, "cat: " + invocation.Arguments[i] + ": No such file\n");
                status = 1;
            }
        }
        return status;
    }

    // wc -l / -w / -c on standard input.
    private int Wc(ShellInvocation invocation)
    {
        string text = ReadAll(invocation.Input);
        string option = invocation.Arguments.Length > 1 ? invocation.Arguments[1] : "-l";
        int count = option == "-c" ? Encoding.UTF8.GetByteCount(text)
            : option == "-w" ? text.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries).Length
            : text.Split('\n').Length - 1;
        Write(invocation.Output, count + "\n");
        return 0;
    }

    // A file opened for reading (text given) or writing (appends to Files).
    private sealed class FakeFile : IShellInput, IShellOutput, IShellClosable
    {
        private readonly FakeShellHost _host;
        private readonly string _path;
        private readonly ShellBuffer? _content;
        private bool _disposed;

        internal FakeFile(FakeShellHost host, string path, string? text)
        {
            _host = host;
            _path = path;
            _content = text == null ? null : new ShellBuffer(text);
        }

        public int Read(Span<byte> buffer)
        {
            if (_disposed || _content == null)
                throw new InvalidOperationException("read from a closed or write-only file");
            return _content.Read(buffer);
        }

        public void Write(ReadOnlySpan<byte> data)
        {
            if (_disposed || _content != null)
                throw new InvalidOperationException("write to a closed or read-only file");
            _host.Files[_path] += Encoding.UTF8.GetString(data);
        }

        public void Close()
        {
            if (!_disposed)
                _host.OpenStreams--;
            _disposed = true;
        }
    }
}

// Runs scripts against a fresh FakeShellHost and keeps what they printed.
internal sealed class ShellRun
{
    internal ShellRun(string script, params string[] args)
        : this(new FakeShellHost(), script, args)
    {
    }

    internal ShellRun(FakeShellHost host, string script, params string[] args)
    {
        Host = host;
        Shell = new Shell(host);
        Status = Shell.RunScript(script, "test.sh", args);
    }

    internal FakeShellHost Host { get; }
    internal Shell Shell { get; }
    internal int Status { get; }
    internal string Output => Host.Output.ToString();
    internal string Error => Host.Error.ToString();
}
