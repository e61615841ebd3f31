using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// A POSIX-style shell interpreter bound to the system only through
// IShellHost. One Shell is one shell process: variables, functions,
// positional parameters and $? live as long as it does, so an interactive
// front end calls Run once per line and a script runs through RunScript or
// Main. No entry point throws: every malformed script ends in a message on
// standard error and a status (2 for syntax and expansion errors, 127 for an
// unknown command).
public sealed partial class Shell
{
    private readonly IShellHost _host;
    private Dictionary<string, string> _variables = new Dictionary<string, string>();
    private Dictionary<string, bool> _exported = new Dictionary<string, bool>();
    private Dictionary<string, FunctionDefinition> _functions = new Dictionary<string, FunctionDefinition>();
    private List<string> _positional = new List<string>();
    private string _scriptName = "sh";
    private int _line;
    private long _commandCount;

    public Shell(IShellHost host)
    {
        _host = host;
    }

    // $? after the last pipeline.
    public int LastStatus { get; private set; }

    // True once the exit builtin ran (outside a subshell); an interactive
    // front end stops reading then.
    public bool HasExited { get; private set; }

    // Simple commands and loop iterations one Run may execute; 0 is no
    // limit. Stops runaway scripts such as `while :; do :; done` when the
    // caller cannot interrupt them (and the fuzz tests).
    public long CommandLimit { get; set; }

    // Compound commands and function calls nested at run time. Each level
    // costs about a kilobyte of stack; a component embedding the shell needs
    // a stack to match (Minix3StackSize).
    public int MaxDepth { get; set; } = 100;

    // The longest word an expansion may produce, in characters. A
    // component's heap is small (1 MiB by default): `x=$x$x` in a loop must
    // end in an error, not in an out-of-memory fault.
    public int MaxWordLength { get; set; } = 64 * 1024;

    public string? GetVariable(string name) => _variables.TryGetValue(name, out string? value) ? value : null;

    public void SetVariable(string name, string value, bool export = false)
    {
        _variables[name] = value;
        if (export)
            _exported[name] = true;
    }

    // `sh [-c command [name [argument...]] | script [argument...]]`, with
    // argv[0] the shell's own name. Without a script, the script is read
    // from standard input.
    public int Main(string[] argv)
    {
        string self = argv.Length > 0 ? argv[0] : "sh";
        string first = argv.Length > 1 ? argv[1] : "";
        if (first == "-c")
        {
            if (argv.Length < 3)
                return Usage(self, "-c requires an argument");
            return RunScript(argv[2], argv.Length > 3 ? argv[3] : self, Tail(argv, 4));
        }
        if (first.Length > 1 && first[0] == '-' && first != "--")
            return Usage(self, "unsupported option " + first);
        int next = first == "--" ? 2 : 1;

        // No script operand: the script is standard input.
        string name = argv.Length > next ? argv[next] : self;
        string text;
        string error = "";
        try
        {
            IShellInput? file = argv.Length > next ? _host.OpenRead(name, out error) : _host.StandardInput;
            if (file == null)
                return Usage(self, name + ": cannot open: " + error, 127);
            text = Utf8.ReadAll(file);
            if (file is IShellClosable closable && argv.Length > next)
                closable.Close();
        }
        catch (Exception e)
        {
            return Usage(self, name + ": cannot read: " + e.Message, 127);
        }
        return RunScript(text, name, Tail(argv, next + 1));
    }

    // Runs a script as `sh name arguments...` would: $0 is name, $1... the
    // arguments.
    public int RunScript(string text, string name, string[] arguments)
    {
        _scriptName = name;
        _positional = new List<string>(arguments.Length);
        foreach (string argument in arguments)
            _positional.Add(argument);
        return Run(text);
    }

    // Runs text in this shell's current state: a script, or one line typed
    // at an interactive prompt. The whole text is parsed before any of it
    // runs, so a recovery script with a syntax error does nothing rather
    // than half of something.
    public int Run(string text)
    {
        _commandCount = 0;
        var io = new ShellIo(_host.StandardInput, _host.StandardOutput, _host.StandardError);
        int status;
        try
        {
            CommandList program = Parser.Parse(text);
            status = ExecuteList(program, io);
            if (_flow == Flow.Exit)
            {
                status = _flowStatus;
                HasExited = true;
            }
        }
        catch (ShellSyntaxException e)
        {
            Report(io, $"line {e.Line}: syntax error: {e.Message}");
            status = 2;
        }
        catch (ShellFatalException e)
        {
            Report(io, $"line {_line}: {e.Message}");
            status = e.Status;
        }
        catch (Exception e)
        {
            // A bug in the shell or an exception from the host: report it as
            // a failed script instead of taking the caller down.
            Report(io, $"line {_line}: internal error: {e.Message}");
            status = 2;
        }
        ResetFlow();
        _depth = 0;
        _loopDepth = 0;
        LastStatus = status;
        return status;
    }

    private int Usage(string self, string message, int status = 2)
    {
        WriteSafely(_host.StandardError, self + ": " + message + "\n");
        LastStatus = status;
        return status;
    }

    private static string[] Tail(string[] argv, int start)
    {
        if (start >= argv.Length)
            return new string[0];
        var tail = new string[argv.Length - start];
        Array.Copy(argv, start, tail, 0, tail.Length);
        return tail;
    }

    // Messages go to the command's standard error, prefixed like dash's:
    // "recover.sh: line 3: ...".
    private void Report(ShellIo io, string message) => WriteSafely(io.Error, _scriptName + ": " + message + "\n");

    // A console that fails must not turn an error message into a crash.
    private static void WriteSafely(IShellOutput output, string text)
    {
        try
        {
            output.Write(Utf8.Encode(text));
        }
        catch (Exception)
        {
        }
    }

    private void Tick()
    {
        if (CommandLimit > 0 && ++_commandCount > CommandLimit)
            throw new ShellFatalException("command limit exceeded", true);
    }
}
